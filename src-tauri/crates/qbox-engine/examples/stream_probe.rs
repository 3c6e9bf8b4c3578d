//! Probe: stream a query's chunks and store them through DuckDB's Arrow scan on a second
//! connection, against a plain CREATE TABLE AS.
use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::Instant;

use arrow::array::StructArray;
use arrow::datatypes::{Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use duckdb::ffi;

struct Conn(ffi::duckdb_connection);
unsafe impl Send for Conn {}

unsafe fn q(con: ffi::duckdb_connection, sql: &str) -> ffi::duckdb_result {
    let c = CString::new(sql).unwrap();
    let mut r: ffi::duckdb_result = std::mem::zeroed();
    if ffi::duckdb_query(con, c.as_ptr(), &mut r) != ffi::DuckDBSuccess {
        panic!(
            "{sql}: {}",
            CStr::from_ptr(ffi::duckdb_result_error(&mut r)).to_string_lossy()
        );
    }
    r
}

struct ChannelReader {
    schema: SchemaRef,
    rx: Receiver<RecordBatch>,
}
impl Iterator for ChannelReader {
    type Item = Result<RecordBatch, ArrowError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rx.recv().ok().map(Ok)
    }
}
impl RecordBatchReader for ChannelReader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = &args[1];
    let dir = tempfile::tempdir().unwrap();
    unsafe {
        let mut db: ffi::duckdb_database = ptr::null_mut();
        let path = CString::new(dir.path().join("db.duckdb").to_string_lossy().as_bytes()).unwrap();
        assert_eq!(ffi::duckdb_open(path.as_ptr(), &mut db), ffi::DuckDBSuccess);
        let mut a: ffi::duckdb_connection = ptr::null_mut();
        let mut b: ffi::duckdb_connection = ptr::null_mut();
        ffi::duckdb_connect(db, &mut a);
        ffi::duckdb_connect(db, &mut b);
        let res = dir.path().join("res.duckdb");
        let mut r = q(a, &format!("ATTACH '{}' AS qbox_results", res.display()));
        ffi::duckdb_destroy_result(&mut r);
        let sql = format!("SELECT * FROM {src}");
        if let Some(set) = args.get(2) {
            let mut r = q(a, set);
            ffi::duckdb_destroy_result(&mut r);
        }
        for round in 0..3 {
            // Plain CTAS.
            let t = Instant::now();
            let mut r = q(
                a,
                &format!("CREATE TABLE qbox_results.main.c{round} AS {sql}"),
            );
            ffi::duckdb_destroy_result(&mut r);
            println!("ctas: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

            // Streamed + Arrow scan CTAS.
            let t = Instant::now();
            let c = CString::new(sql.as_str()).unwrap();
            let mut prep: ffi::duckdb_prepared_statement = ptr::null_mut();
            assert_eq!(ffi::duckdb_prepare(a, c.as_ptr(), &mut prep), ffi::DuckDBSuccess);
            let mut pending: ffi::duckdb_pending_result = ptr::null_mut();
            assert_eq!(
                ffi::duckdb_pending_prepared_streaming(prep, &mut pending),
                ffi::DuckDBSuccess
            );
            let mut result: ffi::duckdb_result = std::mem::zeroed();
            assert_eq!(ffi::duckdb_execute_pending(pending, &mut result), ffi::DuckDBSuccess);
            let opts = ffi::duckdb_result_get_arrow_options(&mut result);
            let n = ffi::duckdb_column_count(&mut result) as usize;
            let names: Vec<CString> = (0..n)
                .map(|i| CStr::from_ptr(ffi::duckdb_column_name(&mut result, i as u64)).to_owned())
                .collect();
            let mut name_ptrs: Vec<_> = names.iter().map(|n| n.as_ptr()).collect();
            let mut types: Vec<_> = (0..n)
                .map(|i| ffi::duckdb_column_logical_type(&mut result, i as u64))
                .collect();
            let mut ffi_schema = FFI_ArrowSchema::empty();
            ffi::duckdb_to_arrow_schema(
                opts,
                types.as_mut_ptr(),
                name_ptrs.as_mut_ptr(),
                n as u64,
                &mut ffi_schema as *mut FFI_ArrowSchema as *mut ffi::ArrowSchema,
            );
            let schema = Arc::new(Schema::try_from(&ffi_schema).unwrap());
            let (tx, rx) = sync_channel::<RecordBatch>(32);
            let reader = ChannelReader {
                schema: schema.clone(),
                rx,
            };
            let bconn = Conn(b);
            let store = std::thread::spawn(move || {
                let bconn = bconn;
                let stream = Box::new(FFI_ArrowArrayStream::new(Box::new(reader)));
                let raw = Box::into_raw(stream);
                let name = CString::new(format!("qbox_stream_{round}")).unwrap();
                assert_eq!(
                    ffi::duckdb_arrow_scan(bconn.0, name.as_ptr(), raw as ffi::duckdb_arrow_stream),
                    ffi::DuckDBSuccess
                );
                let t = Instant::now();
                let mut r = q(
                    bconn.0,
                    &format!(
                        "CREATE TABLE qbox_results.main.s{round} AS SELECT * FROM qbox_stream_{round}"
                    ),
                );
                ffi::duckdb_destroy_result(&mut r);
                drop(Box::from_raw(raw));
                t.elapsed()
            });
            let mut first = None;
            let mut rows = 0u64;
            loop {
                let mut chunk = ffi::duckdb_fetch_chunk(result);
                if chunk.is_null() {
                    break;
                }
                let size = ffi::duckdb_data_chunk_get_size(chunk);
                if size == 0 {
                    ffi::duckdb_destroy_data_chunk(&mut chunk);
                    break;
                }
                rows += size;
                let mut array = FFI_ArrowArray::empty();
                ffi::duckdb_data_chunk_to_arrow(
                    opts,
                    chunk,
                    &mut array as *mut FFI_ArrowArray as *mut ffi::ArrowArray,
                );
                ffi::duckdb_destroy_data_chunk(&mut chunk);
                let data = from_ffi(array, &ffi_schema).unwrap();
                let batch = RecordBatch::from(StructArray::from(data));
                if first.is_none() {
                    first = Some(t.elapsed());
                }
                tx.send(batch).unwrap();
            }
            let fetched = t.elapsed();
            drop(tx);
            let stored = store.join().unwrap();
            println!(
                "stream: first {:.1} ms, fetched {rows} rows {:.0} ms, stored {:.0} ms (ctas part {:.0} ms)",
                first.unwrap().as_secs_f64() * 1000.0,
                fetched.as_secs_f64() * 1000.0,
                t.elapsed().as_secs_f64() * 1000.0,
                stored.as_secs_f64() * 1000.0
            );
            let mut r = q(
                b,
                &format!("SELECT count(*) FROM (SELECT * FROM qbox_results.main.s{round} EXCEPT ALL SELECT * FROM qbox_results.main.c{round})"),
            );
            println!("  diff rows: {}", ffi::duckdb_value_int64(&mut r, 0, 0));
            ffi::duckdb_destroy_result(&mut r);
            let mut r = q(
                b,
                &format!("SELECT count(*) FROM qbox_results.main.s{round} s JOIN qbox_results.main.c{round} c ON s.rowid = c.rowid WHERE s.id IS DISTINCT FROM c.id"),
            );
            println!("  order mismatches: {}", ffi::duckdb_value_int64(&mut r, 0, 0));
            ffi::duckdb_destroy_result(&mut r);
            ffi::duckdb_destroy_result(&mut result);
            ffi::duckdb_destroy_prepare(&mut prep);
            let _ = &types;
        }
    }
}
