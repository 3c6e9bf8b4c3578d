//! A result's first rows held in memory as DuckDB's Arrow gave them, so that the grid's
//! windows over them are answered without reading the result's table (and a small result
//! needs no table until a view, a profile or an export asks for one).
//!
//! A window read from a table shows the grid's native types as they are and every other
//! value as DuckDB's text of it (`CAST(… AS VARCHAR)`). Held rows are shown the same way:
//! DECIMAL and DATE are written here exactly as DuckDB writes them, text that came through
//! Arrow as text is passed on, and a column of any other type leaves the window to the table.

use std::fmt::{self, Write};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, PrimitiveArray, StringBuilder};
use arrow::compute::cast;
use arrow::datatypes::{ArrowPrimitiveType, DataType, Date32Type, Decimal128Type, Field, Schema};
use arrow::record_batch::RecordBatch;

use super::NATIVE_TYPES;

/// Rows held as DuckDB's Arrow gave them.
pub(crate) struct HeldRows {
    raw: RecordBatch,
}

impl HeldRows {
    pub(crate) fn new(raw: RecordBatch) -> Self {
        Self { raw }
    }

    pub(crate) fn len(&self) -> u64 {
        self.raw.num_rows() as u64
    }

    /// Rows `[offset, offset + limit)` (those of them held) as a window of the result's
    /// table would show them, its columns named `names` and typed `types` (DuckDB's names);
    /// None when a column's type is not shown here.
    pub(crate) fn window(
        &self,
        offset: u64,
        limit: u64,
        names: &[String],
        types: &[&str],
    ) -> Option<RecordBatch> {
        let start = offset.min(self.len());
        let len = limit.min(self.len() - start);
        // Only the window's rows are written out: a window is a few hundred of them.
        shown_form(&self.raw.slice(start as usize, len as usize), names, types)
    }
}

fn shown_form(raw: &RecordBatch, names: &[String], types: &[&str]) -> Option<RecordBatch> {
    if names.len() != raw.num_columns() || types.len() != raw.num_columns() {
        return None;
    }
    let mut fields = Vec::with_capacity(names.len());
    let mut columns = Vec::with_capacity(names.len());
    for ((column, name), ty) in raw.columns().iter().zip(names).zip(types) {
        let shown = if NATIVE_TYPES.contains(ty) {
            column.clone()
        } else {
            as_duckdb_text(column)?
        };
        fields.push(Field::new(name, shown.data_type().clone(), true));
        columns.push(shown);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).ok()
}

/// A column of a type the grid does not show natively, as DuckDB's text of its values.
fn as_duckdb_text(column: &ArrayRef) -> Option<ArrayRef> {
    match column.data_type() {
        // Text already: a type that travels through Arrow only as DuckDB's text (HUGEINT,
        // TIME WITH TIME ZONE...), or whose values are their own text (JSON, an ENUM's).
        DataType::Utf8 => Some(column.clone()),
        DataType::Dictionary(_, value) if **value == DataType::Utf8 => {
            cast(column, &DataType::Utf8).ok()
        }
        DataType::Decimal128(_, scale) => {
            let scale = u32::try_from(*scale).ok()?;
            let values = column.as_primitive::<Decimal128Type>();
            texts(values, |out, v| write_decimal(out, v, scale).ok())
        }
        // Dates outside years 1 to 9999 (BC, infinity) are left to DuckDB.
        DataType::Date32 => texts(column.as_primitive::<Date32Type>(), |out, v| {
            write_date(out, v)?.ok()
        }),
        _ => None,
    }
}

/// Each value of `values` as the text `write` gives it (nulls stay null); None when `write`
/// cannot write one.
fn texts<T: ArrowPrimitiveType>(
    values: &PrimitiveArray<T>,
    write: impl Fn(&mut StringBuilder, T::Native) -> Option<()>,
) -> Option<ArrayRef> {
    let mut out = StringBuilder::with_capacity(values.len(), values.len() * 12);
    for i in 0..values.len() {
        if values.is_null(i) {
            out.append_null();
        } else {
            write(&mut out, values.value(i))?;
            out.append_value("");
        }
    }
    Some(Arc::new(out.finish()))
}

/// Writes a DECIMAL's text as DuckDB writes it: every digit of its scale, a leading `0.`
/// below one.
fn write_decimal(out: &mut impl Write, unscaled: i128, scale: u32) -> fmt::Result {
    if unscaled < 0 {
        out.write_char('-')?;
    }
    let magnitude = unscaled.unsigned_abs();
    if scale == 0 {
        return write!(out, "{magnitude}");
    }
    let unit = 10u128.checked_pow(scale);
    match unit {
        Some(unit) => write!(
            out,
            "{}.{:0>width$}",
            magnitude / unit,
            magnitude % unit,
            width = scale as usize
        ),
        // A scale past 38 digits: DuckDB has none, but written digit by digit all the same.
        None => write!(out, "0.{magnitude:0>width$}", width = scale as usize),
    }
}

/// Writes a DATE's text (days since 1970-01-01) as DuckDB writes it, for years 1 to 9999;
/// None for any other.
fn write_date(out: &mut impl Write, days: i32) -> Option<fmt::Result> {
    // Howard Hinnant's days-to-civil conversion (proleptic Gregorian, as DuckDB's dates are).
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (1..=9999)
        .contains(&year)
        .then(|| write!(out, "{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal_text(unscaled: i128, scale: u32) -> String {
        let mut text = String::new();
        write_decimal(&mut text, unscaled, scale).unwrap();
        text
    }

    fn date_text(days: i32) -> Option<String> {
        let mut text = String::new();
        write_date(&mut text, days).map(|written| written.map(|()| text).unwrap())
    }

    #[test]
    fn decimals_are_written_with_every_digit_of_their_scale() {
        assert_eq!(decimal_text(5, 2), "0.05");
        assert_eq!(decimal_text(-5, 2), "-0.05");
        assert_eq!(decimal_text(0, 3), "0.000");
        assert_eq!(decimal_text(12345, 2), "123.45");
        assert_eq!(decimal_text(-7, 0), "-7");
        assert_eq!(decimal_text(i128::MAX, 10).len(), 40);
        assert_eq!(
            decimal_text(i128::MIN + 1, 38),
            "-1.70141183460469231731687303715884105727"
        );
    }

    #[test]
    fn dates_are_written_as_iso_days_within_years_one_to_9999() {
        assert_eq!(date_text(0).as_deref(), Some("1970-01-01"));
        assert_eq!(date_text(-1).as_deref(), Some("1969-12-31"));
        assert_eq!(date_text(18_321).as_deref(), Some("2020-02-29"));
        assert_eq!(date_text(-719_162).as_deref(), Some("0001-01-01"));
        assert_eq!(date_text(2_932_896).as_deref(), Some("9999-12-31"));
        assert_eq!(date_text(-719_163), None);
        assert_eq!(date_text(i32::MAX), None);
    }
}
