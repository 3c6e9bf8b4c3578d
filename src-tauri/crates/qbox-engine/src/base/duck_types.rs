//! What QBox needs to know of DuckDB's type names, as `DESCRIBE` writes them.

const INTEGER_TYPES: &[&str] = &[
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
];

pub(crate) fn is_integer(duck_type: &str) -> bool {
    INTEGER_TYPES.contains(&duck_type)
}

pub(crate) fn is_float(duck_type: &str) -> bool {
    matches!(duck_type, "FLOAT" | "DOUBLE")
}

/// Integers, floats and decimals.
pub(crate) fn is_numeric(duck_type: &str) -> bool {
    is_integer(duck_type) || is_float(duck_type) || duck_type.starts_with("DECIMAL")
}

/// Dates and timestamps (with or without a time zone, at any precision).
pub(crate) fn is_temporal(duck_type: &str) -> bool {
    duck_type == "DATE" || duck_type.starts_with("TIMESTAMP")
}
