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
