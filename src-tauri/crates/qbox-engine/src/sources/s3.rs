//! S3 (and S3-compatible) buckets: one TEMPORARY secret per connection, SCOPEd to its bucket so
//! two connections never use each other's keys; objects become views in a schema named after the
//! connection (`production_s3.sales_2024`), which persist in the database file while the keys
//! stay in memory.

use serde::{Deserialize, Serialize};

use super::Sources;
use crate::base::columns::{table_columns, Column};
use crate::base::error::ConnectionFailure;
use crate::base::error::{EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal, sql_identifier, with_suffix};
use crate::base::messages::{is_name_taken, s3_failure, S3Failure};
use crate::files::{read_call, FileFormat};
use crate::sources::postgres::scrub;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3Config {
    pub bucket: String,
    pub region: String,
    /// `host[:port]` of an S3-compatible store (MinIO, R2, ...); None for AWS itself.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Path-style URLs (`endpoint/bucket/key`), which most S3-compatible stores want.
    #[serde(default)]
    pub path_style: bool,
    #[serde(default = "yes")]
    pub use_ssl: bool,
    /// With a key id the secret key comes from the keychain; without, requests are anonymous
    /// (public buckets).
    #[serde(default)]
    pub access_key_id: Option<String>,
    /// Take credentials from the AWS default chain (environment, `~/.aws`, SSO, instance role)
    /// instead of keys stored in QBox.
    #[serde(default)]
    pub credential_chain: bool,
}

fn yes() -> bool {
    true
}

/// One entry of a prefix listing: a "folder" (common prefix) or an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Entry {
    Folder(String),
    Object(String),
}

/// A page of a listing, in key order, with the total count for paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Listing {
    pub entries: Vec<S3Entry>,
    pub total: usize,
}

/// The comment on the views QBox makes in an S3 connection's schema: deleting the connection
/// drops those and nothing else.
const S3_VIEW_MARK: &str = "qbox:s3-view";

fn secret_name(identifier: &str) -> String {
    format!("qbox_secret_{identifier}")
}

fn bucket_url(config: &S3Config) -> String {
    format!("s3://{}", config.bucket)
}

impl Sources<'_> {
    /// Creates the connection's secret and schema, and proves the bucket answers by listing it.
    pub fn attach_s3(
        &self,
        identifier: &str,
        config: &S3Config,
        secret: Option<&str>,
    ) -> Result<()> {
        if config.bucket.trim().is_empty() {
            return Err(EngineError::invalid_input(
                "an S3 connection needs a bucket",
            ));
        }
        let mut options = vec![
            "TYPE s3".to_string(),
            format!("REGION {}", quote_literal(&config.region)),
            // With the slash: `s3://data` would also cover `s3://data-archive`.
            format!(
                "SCOPE {}",
                quote_literal(&format!("{}/", bucket_url(config)))
            ),
            format!(
                "URL_STYLE {}",
                quote_literal(if config.path_style { "path" } else { "vhost" })
            ),
            format!("USE_SSL {}", config.use_ssl),
        ];
        if let Some(endpoint) = config.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
            options.push(format!("ENDPOINT {}", quote_literal(endpoint.trim())));
        }
        if config.credential_chain {
            options.push("PROVIDER credential_chain".to_string());
        } else if let Some(key_id) = config.access_key_id.as_deref().filter(|k| !k.is_empty()) {
            options.push(format!("KEY_ID {}", quote_literal(key_id)));
            options.push(format!("SECRET {}", quote_literal(secret.unwrap_or(""))));
        }
        let conn = self.connection()?;
        let load = if config.credential_chain {
            "LOAD httpfs; LOAD aws"
        } else {
            "LOAD httpfs"
        };
        let outcome = conn
            .execute_batch(load)
            .and_then(|_| {
                conn.execute_batch(&format!(
                    "CREATE OR REPLACE TEMPORARY SECRET {} ({})",
                    quote_ident(&secret_name(identifier)),
                    options.join(", ")
                ))
            })
            .and_then(|_| {
                conn.execute_batch(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {}",
                    quote_ident(identifier)
                ))
            })
            .and_then(|_| {
                conn.query_row(
                    &format!(
                        "SELECT count(*) FROM (SELECT * FROM glob({}) LIMIT 1)",
                        quote_literal(&format!("{}/*", bucket_url(config)))
                    ),
                    [],
                    |r| r.get::<_, i64>(0),
                )
            });
        if let Err(e) = outcome {
            let _ = conn.execute_batch(&format!(
                "DROP TEMPORARY SECRET IF EXISTS {}",
                quote_ident(&secret_name(identifier))
            ));
            return Err(describe_s3_failure(config, &e.to_string(), secret));
        }
        Ok(())
    }

    /// Tries a bucket's settings under a throwaway name; leaves nothing behind.
    pub fn test_s3(&self, config: &S3Config, secret: Option<&str>) -> Result<()> {
        let probe = super::probe_name();
        let outcome = self.attach_s3(&probe, config, secret);
        let _ = self.connection()?.execute_batch(&format!(
            "DROP TEMPORARY SECRET IF EXISTS {}; DROP SCHEMA IF EXISTS {} CASCADE",
            quote_ident(&secret_name(&probe)),
            quote_ident(&probe)
        ));
        outcome
    }

    /// Forgets the connection's keys; `drop_views` also removes its schema and views (delete).
    pub fn detach_s3(&self, identifier: &str, drop_views: bool) -> Result<()> {
        let conn = self.connection()?;
        conn.execute_batch(&format!(
            "DROP TEMPORARY SECRET IF EXISTS {}",
            quote_ident(&secret_name(identifier))
        ))?;
        if drop_views {
            // Only the views QBox made; a table or view the user put in the schema stays, and
            // with it the schema (no CASCADE).
            let mut stmt = conn.prepare(
                "SELECT view_name FROM duckdb_views() \
                 WHERE database_name = current_database() AND schema_name = ? AND comment = ?",
            )?;
            let views = stmt
                .query_map(duckdb::params![identifier, S3_VIEW_MARK], |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            for view in views {
                conn.execute_batch(&format!(
                    "DROP VIEW IF EXISTS {}.{}",
                    quote_ident(identifier),
                    quote_ident(&view)
                ))?;
            }
            if let Err(e) = conn.execute_batch(&format!(
                "DROP SCHEMA IF EXISTS {}",
                quote_ident(identifier)
            )) {
                tracing::info!("the schema {identifier} keeps objects QBox did not make: {e}");
            }
        }
        Ok(())
    }

    /// Keys under `prefix`, one level deep: folders (common prefixes) first, then objects, in
    /// key order; `search` instead lists every key below `prefix` that contains it (flat).
    /// `offset`/`limit` page through the result.
    pub fn list_s3(
        &self,
        config: &S3Config,
        prefix: &str,
        search: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<S3Listing> {
        let prefix = prefix.trim_start_matches('/');
        addressable(prefix)?;
        let base = format!("{}/", bucket_url(config));
        let conn = self.connection()?;
        let mut stmt = conn.prepare("SELECT file FROM glob(?) ORDER BY file")?;
        // The prefix matches only itself: a folder named `[a]` or `*` is not a pattern.
        let pattern = format!("{base}{}**", crate::files::glob_literal(prefix));
        let keys: Vec<String> = stmt
            .query_map([pattern], |r| r.get::<_, String>(0))
            .map_err(|e| describe_s3_failure(config, &e.to_string(), None))?
            .filter_map(|r| r.ok())
            .filter_map(|url| url.strip_prefix(&base).map(str::to_string))
            .collect();
        let mut entries: Vec<S3Entry> = Vec::new();
        match search.map(str::trim).filter(|s| !s.is_empty()) {
            Some(needle) => {
                let needle = needle.to_lowercase();
                entries.extend(
                    keys.into_iter()
                        .filter(|k| k.to_lowercase().contains(&needle))
                        .map(S3Entry::Object),
                );
            }
            None => {
                let mut folders: Vec<String> = Vec::new();
                let mut objects: Vec<String> = Vec::new();
                for key in keys {
                    let rest = &key[prefix.len().min(key.len())..];
                    match rest.find('/') {
                        Some(i) => {
                            let folder = format!("{prefix}{}", &rest[..=i]);
                            if folders.last() != Some(&folder) {
                                folders.push(folder);
                            }
                        }
                        None => objects.push(key),
                    }
                }
                folders.dedup();
                entries.extend(folders.into_iter().map(S3Entry::Folder));
                entries.extend(objects.into_iter().map(S3Entry::Object));
            }
        }
        let total = entries.len();
        let entries = entries.into_iter().skip(offset).take(limit).collect();
        Ok(S3Listing { entries, total })
    }

    /// Creates a view in the connection's schema over one object, or over every object of a
    /// prefix or glob (`many`, hive partitions included). The view name comes from the object's
    /// or prefix's last part, made unique within the schema. Returns the name and columns.
    pub fn create_s3_view(
        &self,
        identifier: &str,
        config: &S3Config,
        key_or_glob: &str,
        format: FileFormat,
        many: bool,
    ) -> Result<(String, Vec<Column>)> {
        let key = key_or_glob.trim_start_matches('/');
        addressable(key)?;
        let url = format!("{}/{}", bucket_url(config), key);
        let target = if many && !key.contains('*') {
            let base = crate::files::glob_literal(url.trim_end_matches('/'));
            quote_literal(&format!("{base}/**/*.{}", format.as_str()))
        } else if many {
            // A typed glob is a pattern on purpose.
            quote_literal(&url)
        } else {
            quote_literal(&crate::files::glob_literal(&url))
        };
        let stem = key
            .trim_end_matches('/')
            .rsplit('/')
            .find(|part| !part.is_empty() && !part.contains('*'))
            .unwrap_or(&config.bucket);
        // Only the format's own ending goes: `sales.2024.csv.gz` is `sales_2024`.
        let stem = stem.strip_suffix(".gz").unwrap_or(stem);
        let stem = stem.rsplit_once('.').map_or(stem, |(head, _)| head);
        let base = match sql_identifier(stem) {
            s if s.is_empty() => "data".to_string(),
            s => s,
        };
        let reader = read_call(format, &target, many, None, None, false);
        let conn = self.connection()?;
        // Same-named objects in different folders get suffixes; trying names one by one avoids
        // listing the catalog (which would visit every attached database).
        let mut attempt = 1;
        let view = loop {
            let candidate = if attempt == 1 {
                base.clone()
            } else {
                with_suffix(&base, attempt)
            };
            let qualified = format!("{}.{}", quote_ident(identifier), quote_ident(&candidate));
            match conn.execute_batch(&format!(
                "CREATE VIEW {qualified} AS SELECT * FROM {reader}"
            )) {
                Ok(()) => break candidate,
                Err(e) if is_name_taken(&e.to_string()) && attempt < 10_000 => attempt += 1,
                Err(e) => return Err(unreadable(config, key, format, &e.to_string())),
            }
        };
        let qualified = format!("{}.{}", quote_ident(identifier), quote_ident(&view));
        let probe = conn.query_row(
            &format!("SELECT count(*) FROM (SELECT * FROM {qualified} LIMIT 1)"),
            [],
            |r| r.get::<_, i64>(0),
        );
        if let Err(e) = probe {
            let _ = conn.execute_batch(&format!("DROP VIEW IF EXISTS {qualified}"));
            return Err(unreadable(config, key, format, &e.to_string()));
        }
        conn.execute_batch(&format!(
            "COMMENT ON VIEW {qualified} IS {}",
            quote_literal(S3_VIEW_MARK)
        ))?;
        let columns = table_columns(&conn, None, identifier, &view)?;
        Ok((view, columns))
    }
}

fn unreadable(config: &S3Config, key: &str, format: FileFormat, duck: &str) -> EngineError {
    EngineError::invalid_input(format!(
        "cannot read s3://{}/{key} as {}: {}",
        config.bucket,
        format.as_str(),
        duck.lines().next().unwrap_or("")
    ))
}

fn describe_s3_failure(config: &S3Config, duck: &str, secret: Option<&str>) -> EngineError {
    let duck = scrub(duck, secret);
    let bucket = &config.bucket;
    let (reason, what) = match s3_failure(&duck) {
        S3Failure::NoSuchBucket => (
            ConnectionFailure::DatabaseMissing,
            format!("the bucket {bucket:?} does not exist (or is in another region or account)"),
        ),
        S3Failure::Denied => (
            ConnectionFailure::AuthFailed,
            format!("access to the bucket {bucket:?} was denied: check the access key and secret"),
        ),
        S3Failure::Unreachable => {
            let at = config.endpoint.clone().unwrap_or_else(|| "AWS S3".into());
            (
                ConnectionFailure::HostUnreachable,
                format!("cannot reach {at}: check the endpoint and the network"),
            )
        }
        S3Failure::Tls => (
            ConnectionFailure::TlsRequired,
            format!("TLS failed talking to the bucket {bucket:?}: check the TLS option"),
        ),
        S3Failure::Other => (
            ConnectionFailure::Other,
            format!("cannot use the bucket {bucket:?}"),
        ),
    };
    let detail = duck.lines().next().unwrap_or("").trim();
    let message = if detail.is_empty() || detail.to_lowercase().contains("secret") {
        what
    } else {
        format!("{what} ({detail})")
    };
    EngineError::Connection { reason, message }
}

/// A key or prefix DuckDB's S3 reader can address as it is written, else why not.
fn addressable(key: &str) -> Result<()> {
    // DuckDB reads what follows a `?` in an S3 path as options (an endpoint, keys...): an
    // object named `x.csv?s3_endpoint=...` would send the signed request elsewhere.
    if key.contains('?') {
        return Err(EngineError::invalid_input(format!(
            "{key:?} contains '?', which DuckDB reads as options of the S3 address: QBox cannot read such an object"
        )));
    }
    // DuckDB's S3 reader finds no object whose key holds a backslash (tried: every such key
    // gave "No files found").
    if key.contains('\\') {
        return Err(EngineError::invalid_input(format!(
            "{key:?} contains a backslash, which DuckDB's S3 reader cannot address: QBox cannot read such an object"
        )));
    }
    Ok(())
}
