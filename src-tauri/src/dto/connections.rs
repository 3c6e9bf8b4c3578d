//! Connections on the wire: PostgreSQL and S3 settings (never a secret), status, S3 listings.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{PostgresConfig, S3Config, S3Entry, S3Listing, SslMode};
use qbox_workspace::{Connection, ConnectionSettings, ConnectionStatus, SecretInput};

use super::{wire, ColumnDto};
use crate::error::ConnectionFailureDto;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SslModeDto {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PostgresSettingsDto {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub ssl_mode: SslModeDto,
    /// Attach read-write (read-only otherwise).
    pub allow_writes: bool,
    /// Only these schemas are listed (empty: all).
    #[serde(default)]
    pub schemas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3SettingsDto {
    pub bucket: String,
    pub region: String,
    /// `host[:port]` of an S3-compatible store; null for AWS.
    pub endpoint: Option<String>,
    pub path_style: bool,
    pub use_ssl: bool,
    /// With a key id, the secret access key is the connection's password; without, anonymous.
    pub access_key_id: Option<String>,
    /// Credentials from the AWS default chain (environment, ~/.aws, SSO, instance role).
    #[serde(default)]
    pub credential_chain: bool,
}

/// A connection's settings by kind. Secrets are never part of them.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ConnectionSettingsDto {
    Postgres(PostgresSettingsDto),
    S3(S3SettingsDto),
}

impl From<S3SettingsDto> for S3Config {
    fn from(s: S3SettingsDto) -> Self {
        Self {
            bucket: s.bucket,
            region: s.region,
            endpoint: s.endpoint,
            path_style: s.path_style,
            use_ssl: s.use_ssl,
            access_key_id: s.access_key_id,
            credential_chain: s.credential_chain,
        }
    }
}

impl From<S3Config> for S3SettingsDto {
    fn from(s: S3Config) -> Self {
        Self {
            bucket: s.bucket,
            region: s.region,
            endpoint: s.endpoint,
            path_style: s.path_style,
            use_ssl: s.use_ssl,
            access_key_id: s.access_key_id,
            credential_chain: s.credential_chain,
        }
    }
}

/// One entry of a bucket listing.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "type", content = "key", rename_all = "camelCase")]
pub enum S3EntryDto {
    Folder(String),
    Object(String),
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3ListingDto {
    pub entries: Vec<S3EntryDto>,
    pub total: u32,
}

impl From<S3Listing> for S3ListingDto {
    fn from(l: S3Listing) -> Self {
        Self {
            entries: l
                .entries
                .into_iter()
                .map(|e| match e {
                    S3Entry::Folder(k) => S3EntryDto::Folder(k),
                    S3Entry::Object(k) => S3EntryDto::Object(k),
                })
                .collect(),
            total: wire(l.total as u64),
        }
    }
}

/// A view made from S3 objects: its SQL name and columns.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3ViewDto {
    pub name: String,
    pub columns: Vec<ColumnDto>,
}

impl From<SslModeDto> for SslMode {
    fn from(m: SslModeDto) -> Self {
        match m {
            SslModeDto::Disable => SslMode::Disable,
            SslModeDto::Allow => SslMode::Allow,
            SslModeDto::Prefer => SslMode::Prefer,
            SslModeDto::Require => SslMode::Require,
            SslModeDto::VerifyCa => SslMode::VerifyCa,
            SslModeDto::VerifyFull => SslMode::VerifyFull,
        }
    }
}

impl From<SslMode> for SslModeDto {
    fn from(m: SslMode) -> Self {
        match m {
            SslMode::Disable => SslModeDto::Disable,
            SslMode::Allow => SslModeDto::Allow,
            SslMode::Prefer => SslModeDto::Prefer,
            SslMode::Require => SslModeDto::Require,
            SslMode::VerifyCa => SslModeDto::VerifyCa,
            SslMode::VerifyFull => SslModeDto::VerifyFull,
        }
    }
}

impl From<PostgresSettingsDto> for PostgresConfig {
    fn from(p: PostgresSettingsDto) -> Self {
        Self {
            host: p.host,
            port: p.port,
            database: p.database,
            user: p.user,
            ssl_mode: p.ssl_mode.into(),
            allow_writes: p.allow_writes,
            schemas: p.schemas,
        }
    }
}

impl From<PostgresConfig> for PostgresSettingsDto {
    fn from(p: PostgresConfig) -> Self {
        Self {
            host: p.host,
            port: p.port,
            database: p.database,
            user: p.user,
            ssl_mode: p.ssl_mode.into(),
            allow_writes: p.allow_writes,
            schemas: p.schemas,
        }
    }
}

impl From<ConnectionSettingsDto> for ConnectionSettings {
    fn from(s: ConnectionSettingsDto) -> Self {
        match s {
            ConnectionSettingsDto::Postgres(p) => ConnectionSettings::Postgres(p.into()),
            ConnectionSettingsDto::S3(s) => ConnectionSettings::S3(s.into()),
        }
    }
}

impl From<ConnectionSettings> for ConnectionSettingsDto {
    fn from(s: ConnectionSettings) -> Self {
        match s {
            ConnectionSettings::Postgres(p) => ConnectionSettingsDto::Postgres(p.into()),
            ConnectionSettings::S3(s) => ConnectionSettingsDto::S3(s.into()),
        }
    }
}

/// A password field as submitted: a new value, left blank to keep the stored one, or cleared.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "action", content = "value", rename_all = "camelCase")]
pub enum PasswordInputDto {
    Keep,
    Set(String),
    Clear,
}

impl From<PasswordInputDto> for SecretInput {
    fn from(p: PasswordInputDto) -> Self {
        match p {
            PasswordInputDto::Keep => SecretInput::Keep,
            PasswordInputDto::Set(s) => SecretInput::Set(s),
            PasswordInputDto::Clear => SecretInput::Clear,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum ConnectionStatusDto {
    Connecting,
    Attached,
    /// `reason` says which setting to look at; `message` is for the user (never a secret).
    Failed {
        reason: ConnectionFailureDto,
        message: String,
    },
}

impl From<ConnectionStatus> for ConnectionStatusDto {
    fn from(s: ConnectionStatus) -> Self {
        match s {
            ConnectionStatus::Connecting => Self::Connecting,
            ConnectionStatus::Attached => Self::Attached,
            ConnectionStatus::Failed { reason, message } => Self::Failed {
                reason: reason.into(),
                message,
            },
        }
    }
}

/// A connection as listed: never its password, only whether one is stored.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDto {
    pub id: u32,
    pub name: String,
    /// The SQL name its tables are reached by (`identifier.schema.table`).
    pub identifier: String,
    pub settings: ConnectionSettingsDto,
    pub has_password: bool,
    pub status: ConnectionStatusDto,
}

impl From<Connection> for ConnectionDto {
    fn from(c: Connection) -> Self {
        Self {
            id: c.id as u32,
            name: c.name,
            identifier: c.identifier,
            settings: c.settings.into(),
            has_password: c.has_password,
            status: c.status.into(),
        }
    }
}
