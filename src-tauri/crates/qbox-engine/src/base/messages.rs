//! The only reader of what DuckDB, libpq and S3 say in words: where QBox must tell failures
//! apart and no code or type says which one it was, the message text is read here, once, and
//! turned into a typed answer.

/// The error DuckDB's postgres extension gives when a server stops answering (it went down,
/// or it ended the session).
pub(crate) fn is_lost_server(message: &str) -> bool {
    message.contains("Unable to connect to Postgres")
        || message.contains("server closed the connection unexpectedly")
        || message.contains("no connection to the server")
        || message.contains("terminating connection")
}

/// What a PostgreSQL connection failure was, read from libpq's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PostgresFailure {
    /// The server asked for the password in clear text (QBox never sends it so).
    CleartextAsked,
    LoginRefused,
    NoSuchDatabase,
    Unreachable,
    TlsDisagreement,
    Other,
}

pub(crate) fn postgres_failure(message: &str) -> PostgresFailure {
    let lower = message.to_lowercase();
    let has = |p: &str| lower.contains(p);
    if has("requested a cleartext password") {
        PostgresFailure::CleartextAsked
    } else if has("password authentication failed")
        || has("no password supplied")
        || has("authentication failed")
        || (has("role ") && has("does not exist"))
    {
        PostgresFailure::LoginRefused
    } else if has("database ") && has("does not exist") {
        PostgresFailure::NoSuchDatabase
    } else if has("connection refused")
        || has("could not translate host name")
        || has("no route to host")
        || has("network is unreachable")
        || has("timeout expired")
    {
        PostgresFailure::Unreachable
    } else if [
        "does not support ssl",
        "no encryption",
        "ssl error",
        "ssl syscall",
        "ssl connection is required",
        "certificate",
    ]
    .iter()
    .any(|p| has(p))
    {
        PostgresFailure::TlsDisagreement
    } else {
        PostgresFailure::Other
    }
}

/// What an S3 failure was, read from the httpfs extension's words (HTTP codes and S3 error
/// names among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum S3Failure {
    NoSuchBucket,
    Denied,
    Unreachable,
    Tls,
    Other,
}

pub(crate) fn s3_failure(message: &str) -> S3Failure {
    let lower = message.to_lowercase();
    let has = |p: &str| lower.contains(p);
    if has("nosuchbucket") || has("404") {
        S3Failure::NoSuchBucket
    } else if has("403")
        || has("accessdenied")
        || has("invalidaccesskeyid")
        || has("signaturedoesnotmatch")
    {
        S3Failure::Denied
    } else if has("could not resolve")
        || has("connection refused")
        || has("couldn't connect")
        || has("failed to connect")
        || has("timeout")
    {
        S3Failure::Unreachable
    } else if has("ssl") || has("certificate") {
        S3Failure::Tls
    } else {
        S3Failure::Other
    }
}

/// Why DuckDB could not read a file it was pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadFailure {
    /// Its text is not in the encoding it was read as.
    Encoding,
    /// The path (or the folder's pattern) matches no file any more.
    NoFiles,
    Other,
}

pub(crate) fn read_failure(message: &str) -> ReadFailure {
    if message.contains("No files found") {
        ReadFailure::NoFiles
    } else if message.contains("Invalid unicode") || message.contains("is not latin-1 encoded") {
        ReadFailure::Encoding
    } else {
        ReadFailure::Other
    }
}

/// A write failed for want of space.
pub(crate) fn is_disk_full(message: &str) -> bool {
    message.contains("No space left on device") || message.contains("disk is full")
}

/// A CREATE failed because the name is taken.
pub(crate) fn is_name_taken(message: &str) -> bool {
    message.contains("already exists")
}

/// Binding needed something the sandbox does not allow or hold: a file, a URL, a setting, or
/// an object that exists only outside the catalog's shapes.
pub(crate) fn reached_outside(message: &str) -> bool {
    message.starts_with("Permission Error:")
        || (message.starts_with("Catalog Error:") && message.contains(" but it exists in the "))
}

/// The parser found nothing but whitespace and comments (not an error for QBox).
pub(crate) fn is_no_statement(message: &str) -> bool {
    message.is_empty() || message.contains("No statement")
}
