//! Splits a SQL script into statements with DuckDB's own parser as the judge.
//!
//! The C API tells how many statements a text holds but not where they are. A `;` is a
//! statement boundary exactly when the text before it parses whole and the text after it holds
//! all the remaining statements; a `;` inside a string, a comment or a quoted identifier fails
//! one of those two parses. No lexer of our own is involved. DuckDB counts some statements as
//! several (a PIVOT without an IN list is an ENUM's creation and the query), so the text before
//! a boundary may count more than one.

use std::ops::Range;

use crate::base::error::SqlError;
use crate::duck::database::Database;

/// One statement of a script: its byte range in the script (trimmed, without the `;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementSpan {
    pub range: Range<usize>,
}

impl StatementSpan {
    pub fn text<'a>(&self, script: &'a str) -> &'a str {
        &script[self.range.clone()]
    }
}

pub(crate) fn split_statements(
    db: &Database,
    script: &str,
) -> Result<Vec<StatementSpan>, SqlError> {
    let total = db
        .count_statements(script)
        .map_err(|message| SqlError::from_duckdb(&message, script, 0))?;
    let mut spans = Vec::new();
    let mut start = 0;
    // What DuckDB counts in the text from `start` on.
    let mut remaining = total;
    if total > 1 {
        for (pos, _) in script.match_indices(';') {
            let Ok(in_head) = db.count_statements(&script[start..=pos]) else {
                continue;
            };
            if in_head >= remaining {
                break; // the last statement, up to its own `;`
            }
            if in_head > 0 && db.count_statements(&script[pos + 1..]) == Ok(remaining - in_head) {
                spans.push(trimmed(script, start..pos));
                start = pos + 1;
                remaining -= in_head;
            }
        }
    }
    if total > 0 {
        let mut end = script.len();
        // Drop a trailing `;` (and anything after it that the parser found empty).
        if let Some(pos) = last_terminator(db, &script[start..]) {
            end = start + pos;
        }
        spans.push(trimmed(script, start..end));
    }
    Ok(spans)
}

/// Byte offset of the `;` that ends the last statement, if one does.
fn last_terminator(db: &Database, tail: &str) -> Option<usize> {
    tail.rmatch_indices(';').map(|(pos, _)| pos).find(|&pos| {
        db.count_statements(&tail[pos + 1..]) == Ok(0)
            && db.count_statements(&tail[..pos]).is_ok_and(|n| n > 0)
    })
}

fn trimmed(script: &str, range: Range<usize>) -> StatementSpan {
    let text = &script[range.clone()];
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    StatementSpan {
        range: range.start + lead..range.end - trail,
    }
}
