//! The SQL a reply proposes: its fenced code blocks marked as SQL, found by a real Markdown
//! parser (fences inside lists, tildes, longer fences), and the reply split around them so the
//! UI shows each proposed statement as a checked suggestion between the prose.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// Languages a model writes on a fence around SQL.
fn is_sql_fence(info: &str) -> bool {
    let lang = info.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        lang.as_str(),
        "sql" | "duckdb" | "postgresql" | "postgres" | "psql"
    )
}

/// Each SQL block's text and its byte range in the reply.
fn blocks(markdown: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_sql_fence(&info) => {
                current = Some((String::new(), range.start));
            }
            Event::Text(text) => {
                if let Some((sql, _)) = current.as_mut() {
                    sql.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((sql, start)) = current.take() {
                    out.push((sql.trim().to_string(), start..range.end));
                }
            }
            _ => {}
        }
    }
    out
}

/// The SQL of every SQL block, in order.
pub fn sql_blocks(markdown: &str) -> Vec<String> {
    blocks(markdown).into_iter().map(|(sql, _)| sql).collect()
}

/// A reply as the UI lays it out: Markdown prose, and the SQL blocks by their index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ReplyPart {
    Text { text: String },
    Sql { index: usize },
}

pub fn split_reply(markdown: &str) -> Vec<ReplyPart> {
    let mut parts = Vec::new();
    let mut at = 0;
    for (index, (_, range)) in blocks(markdown).into_iter().enumerate() {
        let before = &markdown[at..range.start];
        if !before.trim().is_empty() {
            parts.push(ReplyPart::Text {
                text: before.to_string(),
            });
        }
        parts.push(ReplyPart::Sql { index });
        at = range.end;
    }
    let rest = &markdown[at..];
    if !rest.trim().is_empty() {
        parts.push(ReplyPart::Text {
            text: rest.to_string(),
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_fences_are_found_wherever_markdown_puts_them() {
        let reply = "Try this:\n\n```sql\nSELECT 1;\n```\n\n1. or, in a list:\n\n   ~~~DuckDB\n   FROM t\n   ~~~\n\n```python\nprint(1)\n```\n\n````sql\nSELECT '```';\n````\n";
        assert_eq!(
            sql_blocks(reply),
            vec!["SELECT 1;", "FROM t", "SELECT '```';"]
        );
    }

    #[test]
    fn a_reply_is_split_into_prose_and_suggestions() {
        let reply = "Here:\n```sql\nSELECT 1\n```\nDone.";
        assert_eq!(
            split_reply(reply),
            vec![
                ReplyPart::Text {
                    text: "Here:\n".into()
                },
                ReplyPart::Sql { index: 0 },
                ReplyPart::Text {
                    text: "\nDone.".into()
                },
            ]
        );
        assert_eq!(
            split_reply("no sql"),
            vec![ReplyPart::Text {
                text: "no sql".into()
            }]
        );
    }
}
