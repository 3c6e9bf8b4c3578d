//! The DuckDB database handle and DuckDB's own SQL parser, reached through the C API where
//! duckdb-rs offers no safe wrapper (opening with a config we own, extracting statements).

use std::ffi::{CStr, CString};
use std::path::Path;
use std::ptr;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use duckdb::{ffi, Connection};

use crate::base::error::{DuckDbMessage, EngineError, Result};
use crate::base::messages::is_no_statement;
use crate::duck::capi::RawConnection;

/// An open DuckDB database. Connections made from it share its catalog and buffer pool.
pub(crate) struct Database {
    raw: ffi::duckdb_database,
    parser: Mutex<ParserConnection>,
    /// Present when runs have a connection made for them ahead of time.
    spare: Option<SpareConnection>,
}

// DuckDB's database handle is internally synchronised; connections are per thread.
unsafe impl Send for Database {}
unsafe impl Sync for Database {}

impl Database {
    /// Opens (or creates) the database file with the given settings applied at start-up.
    pub(crate) fn open(path: &Path, settings: &[(&str, String)]) -> Result<Self> {
        let c_path = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| EngineError::invalid_input("the database path contains a NUL byte"))?;
        unsafe {
            let mut config: ffi::duckdb_config = ptr::null_mut();
            if ffi::duckdb_create_config(&mut config) != ffi::DuckDBSuccess {
                return Err(EngineError::Internal(
                    "could not create a DuckDB config".into(),
                ));
            }
            for (name, value) in settings {
                let (n, v) = (
                    CString::new(*name).unwrap(),
                    CString::new(value.as_str()).unwrap(),
                );
                if ffi::duckdb_set_config(config, n.as_ptr(), v.as_ptr()) != ffi::DuckDBSuccess {
                    ffi::duckdb_destroy_config(&mut config);
                    return Err(EngineError::Internal(format!(
                        "DuckDB rejected setting {name}"
                    )));
                }
            }
            let mut raw: ffi::duckdb_database = ptr::null_mut();
            let mut err: *mut std::os::raw::c_char = ptr::null_mut();
            let rc = ffi::duckdb_open_ext(c_path.as_ptr(), &mut raw, config, &mut err);
            ffi::duckdb_destroy_config(&mut config);
            if rc != ffi::DuckDBSuccess {
                let message = if err.is_null() {
                    "unknown error".to_string()
                } else {
                    let m = CStr::from_ptr(err).to_string_lossy().into_owned();
                    ffi::duckdb_free(err.cast());
                    m
                };
                return Err(EngineError::Open {
                    path: path.to_path_buf(),
                    source: DuckDbMessage::new(message),
                });
            }
            let parser = ParserConnection::connect(raw)?;
            Ok(Self {
                raw,
                parser: Mutex::new(parser),
                spare: None,
            })
        }
    }

    /// A new connection to this database.
    pub(crate) fn connect(&self) -> Result<Connection> {
        // Safety: `raw` stays valid for the life of `self`, and DuckDB keeps the instance alive
        // for as long as any connection made from it exists.
        Ok(unsafe { Connection::open_from_raw(self.raw) }?)
    }

    /// A connection through the C API, for runs and exports: statement kinds, progress and
    /// interrupts (see [`crate::duck::capi`]).
    pub(crate) fn connect_raw(&self) -> Result<RawConnection> {
        // Safety: as for `connect`.
        unsafe { RawConnection::connect(self.raw) }
            .ok_or_else(|| EngineError::Internal("could not connect to DuckDB".into()))
    }

    /// From now on a run's connection, with `setup` run on it, is made ahead of time on a
    /// thread of its own: a run takes it at once instead of waiting for a connection and its
    /// settings (a `SET` costs DuckDB a statement's planning).
    pub(crate) fn keep_spare_connections(&mut self, setup: &'static str) {
        self.spare = Some(SpareConnection::start(RawDatabase(self.raw), setup));
    }

    /// A fresh connection for a run, with the setup given to [`Self::keep_spare_connections`]
    /// already applied (made here when no spare is ready).
    pub(crate) fn run_connection(&self) -> Result<RawConnection> {
        let spare = self
            .spare
            .as_ref()
            .ok_or_else(|| EngineError::Internal("no run connections are made".into()))?;
        spare.take(RawDatabase(self.raw))
    }

    /// Number of statements DuckDB's parser finds in `sql`, or its parse error.
    pub(crate) fn count_statements(&self, sql: &str) -> std::result::Result<usize, String> {
        self.parser
            .lock()
            .expect("parser lock")
            .count_statements(sql)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Its thread connects to the database: stopped (and its connection gone) before it closes.
        drop(self.spare.take());
        if let Ok(p) = self.parser.get_mut() {
            p.disconnect();
        }
        unsafe { ffi::duckdb_close(&mut self.raw) };
    }
}

/// The database handle, for the thread that makes spare connections.
#[derive(Clone, Copy)]
struct RawDatabase(ffi::duckdb_database);

// Safety: DuckDB's database handle is internally synchronised; the spare thread is stopped
// before the handle is closed (`Database::drop`).
unsafe impl Send for RawDatabase {}

impl RawDatabase {
    fn connection(self, setup: &str) -> Result<RawConnection> {
        // Safety: the handle is open while a `Database` holds it (see `RawDatabase`).
        let conn = unsafe { RawConnection::connect(self.0) }
            .ok_or_else(|| EngineError::Internal("could not connect to DuckDB".into()))?;
        conn.execute(setup).map_err(|source| EngineError::CApi {
            what: "cannot set up a run's connection",
            source,
        })?;
        Ok(conn)
    }
}

#[derive(Default)]
struct SpareState {
    ready: Option<RawConnection>,
    closing: bool,
}

/// One connection made ahead of time, replaced on its thread whenever it is taken.
struct SpareConnection {
    state: Arc<(Mutex<SpareState>, Condvar)>,
    setup: &'static str,
    maker: Option<JoinHandle<()>>,
}

impl SpareConnection {
    fn start(db: RawDatabase, setup: &'static str) -> Self {
        let state = Arc::new((Mutex::new(SpareState::default()), Condvar::new()));
        let shared = state.clone();
        let maker = std::thread::Builder::new()
            .name("qbox-spare-connection".into())
            .spawn(move || {
                let (lock, wanted) = &*shared;
                loop {
                    let state = lock.lock().expect("spare lock");
                    let state = wanted
                        .wait_while(state, |s| s.ready.is_some() && !s.closing)
                        .expect("spare lock");
                    if state.closing {
                        return;
                    }
                    drop(state);
                    // A failure here shows when a run makes its own connection.
                    let Ok(conn) = db.connection(setup) else {
                        return;
                    };
                    lock.lock().expect("spare lock").ready = Some(conn);
                }
            })
            .ok();
        Self {
            state,
            setup,
            maker,
        }
    }

    fn take(&self, db: RawDatabase) -> Result<RawConnection> {
        let (lock, wanted) = &*self.state;
        let ready = lock.lock().expect("spare lock").ready.take();
        wanted.notify_all();
        match ready {
            Some(conn) => Ok(conn),
            None => db.connection(self.setup),
        }
    }
}

impl Drop for SpareConnection {
    fn drop(&mut self) {
        let (lock, wanted) = &*self.state;
        lock.lock().expect("spare lock").closing = true;
        wanted.notify_all();
        if let Some(maker) = self.maker.take() {
            let _ = maker.join();
        }
    }
}

/// A raw connection used only to run DuckDB's parser (no binding, no execution).
struct ParserConnection {
    con: ffi::duckdb_connection,
}

impl ParserConnection {
    unsafe fn connect(db: ffi::duckdb_database) -> Result<Self> {
        let mut con: ffi::duckdb_connection = ptr::null_mut();
        if unsafe { ffi::duckdb_connect(db, &mut con) } != ffi::DuckDBSuccess {
            return Err(EngineError::Internal("could not connect to DuckDB".into()));
        }
        Ok(Self { con })
    }

    fn count_statements(&self, sql: &str) -> std::result::Result<usize, String> {
        let c_sql =
            CString::new(sql).map_err(|_| "the SQL text contains a NUL byte".to_string())?;
        unsafe {
            let mut extracted: ffi::duckdb_extracted_statements = ptr::null_mut();
            let n = ffi::duckdb_extract_statements(self.con, c_sql.as_ptr(), &mut extracted);
            let outcome = if n > 0 {
                Ok(n as usize)
            } else {
                let err = if extracted.is_null() {
                    ptr::null()
                } else {
                    ffi::duckdb_extract_statements_error(extracted)
                };
                if err.is_null() {
                    Ok(0)
                } else {
                    let message = CStr::from_ptr(err).to_string_lossy().into_owned();
                    // An input with nothing but whitespace or comments is not an error.
                    if is_no_statement(&message) {
                        Ok(0)
                    } else {
                        Err(message)
                    }
                }
            };
            if !extracted.is_null() {
                ffi::duckdb_destroy_extracted(&mut extracted);
            }
            outcome
        }
    }

    fn disconnect(&mut self) {
        if !self.con.is_null() {
            unsafe { ffi::duckdb_disconnect(&mut self.con) };
        }
    }
}
