//! PostgreSQL databases attached to the engine through DuckDB's postgres extension. Credentials
//! go into a TEMPORARY secret (memory only, never the database file) that the ATTACH names, so
//! no password is in the ATTACH text; the database is READ_ONLY unless writes are allowed.

use serde::{Deserialize, Serialize};

use super::Sources;
use crate::base::error::{ConnectionFailure, EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal};
use crate::base::messages::{postgres_failure, PostgresFailure};

/// What a PostgreSQL connection needs besides its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostgresConfig {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub ssl_mode: SslMode,
    /// Attach read-write; off by default so a query cannot change the server by accident.
    #[serde(default)]
    pub allow_writes: bool,
    /// Only these schemas are listed (empty: all). With exactly one, only it is attached, which
    /// also spares reading the metadata of the others.
    #[serde(default)]
    pub schemas: Vec<String>,
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    Disable,
    Allow,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn as_str(self) -> &'static str {
        match self {
            Self::Disable => "disable",
            Self::Allow => "allow",
            Self::Prefer => "prefer",
            Self::Require => "require",
            Self::VerifyCa => "verify-ca",
            Self::VerifyFull => "verify-full",
        }
    }
}

/// Seconds libpq waits for a server before giving up.
const CONNECT_TIMEOUT_S: u32 = 10;

impl Sources<'_> {
    /// Attaches (or re-attaches, after an edit) a PostgreSQL database as `identifier`, and
    /// proves it answers. On failure nothing stays attached.
    ///
    /// The credentials live in a DuckDB secret only while the ATTACH reads them: the attached
    /// catalog keeps its own connection string (its pool reconnects with it), and with the
    /// secret gone no SQL typed in the editor can name it to log in elsewhere (`ATTACH
    /// 'host=…' (SECRET …)`) or to attach the database again without READ_ONLY. The random name
    /// leaves nothing to guess while it exists.
    pub fn attach_postgres(
        &self,
        identifier: &str,
        config: &PostgresConfig,
        password: Option<&str>,
    ) -> Result<()> {
        let secret = attach_secret_name();
        let conn = self.connection()?;
        let mut create = format!(
            "CREATE OR REPLACE TEMPORARY SECRET {} (TYPE postgres, HOST {}, PORT {}, DATABASE {}, USER {}",
            quote_ident(&secret),
            quote_literal(&config.host),
            config.port,
            quote_literal(&config.database),
            quote_literal(&config.user),
        );
        if let Some(p) = password {
            create.push_str(&format!(", PASSWORD {}", quote_literal(p)));
        }
        create.push(')');
        // Only libpq options without secrets go into the ATTACH text. `require_auth=!password`:
        // the bundled libpq (16 or later: it knows `require_auth`) refuses a server that asks
        // for the password in clear text, so it never leaves the machine unhashed (SCRAM, MD5,
        // certificates and trust still work).
        let dsn = format!(
            "sslmode={} connect_timeout={CONNECT_TIMEOUT_S} require_auth=!password",
            config.ssl_mode.as_str()
        );
        let schema_option = match config.schemas.as_slice() {
            [only] => format!(", SCHEMA {}", quote_literal(only)),
            _ => String::new(),
        };
        let attach = format!(
            "ATTACH {} AS {} (TYPE postgres, SECRET {}{}{schema_option})",
            quote_literal(&dsn),
            quote_ident(identifier),
            quote_ident(&secret),
            if config.allow_writes {
                ""
            } else {
                ", READ_ONLY"
            }
        );
        let outcome = conn
            .execute_batch("LOAD postgres_scanner")
            .and_then(|_| conn.execute_batch(&create))
            .and_then(|_| {
                conn.execute_batch(&format!(
                    "DETACH DATABASE IF EXISTS {}",
                    quote_ident(identifier)
                ))
            })
            .and_then(|_| conn.execute_batch(&attach))
            // ATTACH may connect lazily; one round trip proves host, login and database.
            .and_then(|_| {
                conn.query_row(
                    &format!(
                        "SELECT * FROM postgres_query({}, 'SELECT 1')",
                        quote_literal(identifier)
                    ),
                    [],
                    |r| r.get::<_, i32>(0),
                )
            });
        let forgotten = conn.execute_batch(&format!(
            "DROP TEMPORARY SECRET IF EXISTS {}",
            quote_ident(&secret)
        ));
        if let Err(e) = outcome {
            let _ = conn.execute_batch(&format!(
                "DETACH DATABASE IF EXISTS {}",
                quote_ident(identifier)
            ));
            return Err(describe_failure(config, &e.to_string(), password));
        }
        forgotten?;
        Ok(())
    }

    /// Connects with these settings once, as a throwaway attachment, and detaches again.
    pub fn test_postgres(&self, config: &PostgresConfig, password: Option<&str>) -> Result<()> {
        let probe = super::probe_name();
        self.attach_postgres(&probe, config, password)?;
        self.detach(&probe)
    }

    /// Detaches a connection (and with it the only copy of its credentials).
    pub fn detach(&self, identifier: &str) -> Result<()> {
        self.connection()?.execute_batch(&format!(
            "DETACH DATABASE IF EXISTS {}",
            quote_ident(identifier)
        ))?;
        Ok(())
    }
}

/// A name no one can know in advance, for the moment an ATTACH needs the secret.
fn attach_secret_name() -> String {
    format!("qbox_attach_{}", uuid::Uuid::new_v4().simple())
}

/// Removes every copy of the secret from a message, whatever path it took into it.
pub fn scrub(message: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => message.replace(s, "•••"),
        _ => message.to_string(),
    }
}

fn describe_failure(config: &PostgresConfig, duck: &str, password: Option<&str>) -> EngineError {
    let duck = scrub(duck, password);
    let at = format!("{}:{}", config.host, config.port);
    let (reason, what) = match postgres_failure(&duck) {
        PostgresFailure::CleartextAsked => (
            ConnectionFailure::Other,
            format!("PostgreSQL at {at} asks for the password in clear text, which QBox never sends: have the server use scram-sha-256 (pg_hba.conf)"),
        ),
        PostgresFailure::LoginRefused => (
            ConnectionFailure::AuthFailed,
            format!(
                "PostgreSQL at {at} refused the login of user {:?}: check the user name and password",
                config.user
            ),
        ),
        PostgresFailure::NoSuchDatabase => (
            ConnectionFailure::DatabaseMissing,
            format!(
                "PostgreSQL at {at} has no database named {:?}",
                config.database
            ),
        ),
        PostgresFailure::Unreachable => (
            ConnectionFailure::HostUnreachable,
            format!("cannot reach a PostgreSQL server at {at}: is it running, and are host and port right?"),
        ),
        PostgresFailure::TlsDisagreement => (
            ConnectionFailure::TlsRequired,
            format!("PostgreSQL at {at} and this connection disagree on TLS (SSL mode {}): choose another SSL mode", config.ssl_mode.as_str()),
        ),
        PostgresFailure::Other => (
            ConnectionFailure::Other,
            format!("cannot connect to PostgreSQL at {at}"),
        ),
    };
    let detail = duck.lines().next().unwrap_or("").trim();
    // libpq may echo its connection string with the password escaped (quotes, backslashes),
    // which no plain replacement catches: such a detail is left out entirely.
    let message = if detail.is_empty() || detail.to_lowercase().contains("password=") {
        what
    } else {
        format!("{what} ({detail})")
    };
    EngineError::Connection { reason, message }
}
