//! Results as rows of text, the way a test compares them.

use std::io::Cursor;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::ipc::reader::StreamReader;

/// Decodes an Arrow IPC stream into rows of display strings (NULL as "NULL").
pub fn decode(bytes: &[u8]) -> Vec<Vec<String>> {
    let reader = StreamReader::try_new(Cursor::new(bytes), None).unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.unwrap();
        for r in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| cell(c.as_ref(), r))
                    .collect(),
            );
        }
    }
    rows
}

fn cell(col: &dyn Array, row: usize) -> String {
    if col.is_null(row) {
        return "NULL".into();
    }
    if let Some(s) = col.as_string_opt::<i32>() {
        return s.value(row).to_string();
    }
    if let Some(s) = col.as_string_view_opt() {
        return s.value(row).to_string();
    }
    let fmt = arrow::util::display::ArrayFormatter::try_new(col, &Default::default()).unwrap();
    fmt.value(row).to_string()
}
