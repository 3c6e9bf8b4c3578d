//! DuckDB's SQL name for a logical type from the C API (which has no "to string"), written the
//! way `DESCRIBE` writes it: `DECIMAL(10,2)`, `INTEGER[]`, `VARCHAR[3]`, `STRUCT(a INTEGER)`,
//! `MAP(VARCHAR, INTEGER)`, `ENUM('a', 'b')`, and an alias such as `JSON` as itself.

use std::ffi::CStr;

use duckdb::ffi;

use crate::base::ident::{quote_literal, sql_name};

/// Takes a string DuckDB allocated for the caller and frees it.
unsafe fn owned_string(ptr: *mut std::os::raw::c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let text = unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned();
    unsafe { ffi::duckdb_free(ptr.cast()) };
    Some(text)
}

/// A child type DuckDB hands over, written and destroyed.
unsafe fn child(mut lt: ffi::duckdb_logical_type) -> Option<String> {
    let name = unsafe { type_sql(lt) };
    unsafe { ffi::duckdb_destroy_logical_type(&mut lt) };
    name
}

/// The type's SQL name, or None for a type QBox does not know how to write.
///
/// Safety: `lt` must be a valid logical type; it is not destroyed here.
pub(crate) unsafe fn type_sql(lt: ffi::duckdb_logical_type) -> Option<String> {
    unsafe {
        if let Some(alias) = owned_string(ffi::duckdb_logical_type_get_alias(lt)) {
            return Some(alias);
        }
        let plain = |name: &str| Some(name.to_string());
        match ffi::duckdb_get_type_id(lt) {
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_BOOLEAN => plain("BOOLEAN"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TINYINT => plain("TINYINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_SMALLINT => plain("SMALLINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_INTEGER => plain("INTEGER"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIGINT => plain("BIGINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_HUGEINT => plain("HUGEINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UTINYINT => plain("UTINYINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_USMALLINT => plain("USMALLINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UINTEGER => plain("UINTEGER"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UBIGINT => plain("UBIGINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UHUGEINT => plain("UHUGEINT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_FLOAT => plain("FLOAT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_DOUBLE => plain("DOUBLE"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_VARCHAR => plain("VARCHAR"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_BLOB => plain("BLOB"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIT => plain("BIT"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UUID => plain("UUID"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_INTERVAL => plain("INTERVAL"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_DATE => plain("DATE"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME => plain("TIME"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME_TZ => plain("TIME WITH TIME ZONE"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP => plain("TIMESTAMP"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_S => plain("TIMESTAMP_S"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_MS => plain("TIMESTAMP_MS"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_NS => plain("TIMESTAMP_NS"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIMESTAMP_TZ => plain("TIMESTAMP WITH TIME ZONE"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIGNUM => plain("BIGNUM"),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_DECIMAL => Some(format!(
                "DECIMAL({},{})",
                ffi::duckdb_decimal_width(lt),
                ffi::duckdb_decimal_scale(lt)
            )),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_LIST => Some(format!(
                "{}[]",
                child(ffi::duckdb_list_type_child_type(lt))?
            )),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_ARRAY => Some(format!(
                "{}[{}]",
                child(ffi::duckdb_array_type_child_type(lt))?,
                ffi::duckdb_array_type_array_size(lt)
            )),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_MAP => Some(format!(
                "MAP({}, {})",
                child(ffi::duckdb_map_type_key_type(lt))?,
                child(ffi::duckdb_map_type_value_type(lt))?
            )),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_STRUCT => {
                let fields = (0..ffi::duckdb_struct_type_child_count(lt))
                    .map(|i| {
                        let name = owned_string(ffi::duckdb_struct_type_child_name(lt, i))?;
                        let ty = child(ffi::duckdb_struct_type_child_type(lt, i))?;
                        Some(format!("{} {ty}", sql_name(&name)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("STRUCT({})", fields.join(", ")))
            }
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UNION => {
                let members = (0..ffi::duckdb_union_type_member_count(lt))
                    .map(|i| {
                        let name = owned_string(ffi::duckdb_union_type_member_name(lt, i))?;
                        let ty = child(ffi::duckdb_union_type_member_type(lt, i))?;
                        Some(format!("{} {ty}", sql_name(&name)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("UNION({})", members.join(", ")))
            }
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_ENUM => {
                let values = (0..ffi::duckdb_enum_dictionary_size(lt))
                    .map(|i| {
                        owned_string(ffi::duckdb_enum_dictionary_value(lt, u64::from(i)))
                            .map(|v| quote_literal(&v))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("ENUM({})", values.join(", ")))
            }
            _ => None,
        }
    }
}

/// How a value of a type can travel through DuckDB's (plain) Arrow export and back into a
/// table of that type unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArrowPath {
    /// As itself.
    Exact,
    /// As DuckDB's text of it, cast back on the way in: HUGEINT and UHUGEINT overflow Arrow's
    /// DECIMAL(38), TIME WITH TIME ZONE loses its offset, BIT comes back as bytes, and BIGNUM
    /// as a blob.
    Text,
}

/// The path for `lt`, or None when a nested type holds one that only travels as text (QBox
/// then stores the query whole instead).
///
/// Safety: `lt` must be a valid logical type; it is not destroyed here.
pub(crate) unsafe fn arrow_path(lt: ffi::duckdb_logical_type) -> Option<ArrowPath> {
    unsafe {
        let nested_exact = |mut child: ffi::duckdb_logical_type| {
            let path = arrow_path(child);
            ffi::duckdb_destroy_logical_type(&mut child);
            path == Some(ArrowPath::Exact)
        };
        let exact = |ok: bool| ok.then_some(ArrowPath::Exact);
        match ffi::duckdb_get_type_id(lt) {
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_HUGEINT
            | ffi::DUCKDB_TYPE_DUCKDB_TYPE_UHUGEINT
            | ffi::DUCKDB_TYPE_DUCKDB_TYPE_TIME_TZ
            | ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIT
            | ffi::DUCKDB_TYPE_DUCKDB_TYPE_BIGNUM => Some(ArrowPath::Text),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_LIST => {
                exact(nested_exact(ffi::duckdb_list_type_child_type(lt)))
            }
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_ARRAY => {
                exact(nested_exact(ffi::duckdb_array_type_child_type(lt)))
            }
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_MAP => exact(
                nested_exact(ffi::duckdb_map_type_key_type(lt))
                    && nested_exact(ffi::duckdb_map_type_value_type(lt)),
            ),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_STRUCT => exact(
                (0..ffi::duckdb_struct_type_child_count(lt))
                    .all(|i| nested_exact(ffi::duckdb_struct_type_child_type(lt, i))),
            ),
            ffi::DUCKDB_TYPE_DUCKDB_TYPE_UNION => exact(
                (0..ffi::duckdb_union_type_member_count(lt))
                    .all(|i| nested_exact(ffi::duckdb_union_type_member_type(lt, i))),
            ),
            _ => Some(ArrowPath::Exact),
        }
    }
}
