//! A query's rows streamed into its result table. DuckDB computes the query as its result is
//! read; the first chunk is stored before the run returns, so the grid shows rows at once,
//! and the rest is stored behind it by two threads: one reads the query's chunks, the other
//! appends them to the table in segments (each an `INSERT` from DuckDB's parallel Arrow scan,
//! committed so its rows can be read while the next one goes in).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};

use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchReader};

use crate::duck::capi::Interrupter;
use crate::duck::capi::{ArrowChunks, DataChunk, OwnedStatement, Prepared, RawConnection};

/// Rows stored before a run returns: DuckDB's chunk size, more than the grid's first window.
pub(crate) const FIRST_ROWS: u64 = 2048;
/// Rows per committed segment after the first: each commit lets windows read further while
/// keeping the per-INSERT overhead small against the rows it stores.
const SEGMENT_ROWS: u64 = 1 << 20;
/// Chunks in flight between the two threads (about 2 MB of a narrow result each).
const CHUNKS_IN_FLIGHT: usize = 16;

/// How a streamed result ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEnd {
    /// Every row the query returned is kept.
    Complete,
    /// The query returned more rows than the row cap; the first ones are kept.
    Capped,
    /// Stopped (Cancel, or the result was closed) with the rows that had arrived kept.
    Stopped,
    /// DuckDB failed part way; the rows before the failure are kept.
    Failed(String),
}

/// Where a streamed result is: rows readable in its table, and how it ended once it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamStatus {
    pub rows: u64,
    pub end: Option<StreamEnd>,
}

/// What the result store, the reader of the query and the writer of its table share.
pub(crate) struct Feed {
    state: Mutex<StreamStatus>,
    changed: Condvar,
    stop: AtomicBool,
    interrupt: Interrupter,
    /// Told each change of the status (rows stored, the end), outside the lock.
    notify: Notify,
}

/// What hears a streaming result's status change.
pub(crate) type Notify = Box<dyn Fn(&StreamStatus) + Send + Sync>;

impl Feed {
    fn new(rows: u64, interrupt: Interrupter, notify: Notify) -> Self {
        Self {
            state: Mutex::new(StreamStatus { rows, end: None }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
            interrupt,
            notify,
        }
    }

    pub(crate) fn status(&self) -> StreamStatus {
        self.state.lock().expect("feed lock").clone()
    }

    /// Waits until at least `rows` rows are readable or the stream has ended; returns the
    /// status then.
    pub(crate) fn wait_rows(&self, rows: u64) -> StreamStatus {
        let state = self.state.lock().expect("feed lock");
        let state = self
            .changed
            .wait_while(state, |s| s.rows < rows && s.end.is_none())
            .expect("feed lock");
        state.clone()
    }

    /// Waits for the stream's end.
    pub(crate) fn wait_end(&self) -> StreamStatus {
        self.wait_rows(u64::MAX)
    }

    /// Asks the stream to stop (keeping what arrived) and waits until it has.
    pub(crate) fn stop(&self) -> StreamStatus {
        self.stop.store(true, Ordering::Relaxed);
        (self.interrupt)();
        self.wait_end()
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn stored(&self, rows: u64) {
        self.change(|s| s.rows += rows);
    }

    fn ended(&self, end: StreamEnd) {
        self.change(|s| s.end = Some(end));
    }

    fn change(&self, how: impl FnOnce(&mut StreamStatus)) {
        let status = {
            let mut state = self.state.lock().expect("feed lock");
            how(&mut state);
            state.clone()
        };
        self.changed.notify_all();
        (self.notify)(&status);
    }
}

/// The first chunks of a query's result and the rest still to read.
pub(crate) struct Started {
    /// DuckDB's own chunks, appended to the table as they are.
    pub(crate) first: Vec<DataChunk>,
    /// None when the result ended within its first rows (`end` says how).
    pub(crate) rest: Option<Rest>,
    pub(crate) end: StreamEnd,
}

pub(crate) struct Rest {
    chunks: ArrowChunks,
    /// Rows the row cap still allows.
    allowed: u64,
    /// The statement the result came from, freed after it (declared after it for that).
    statement: Option<OwnedStatement>,
}

impl Rest {
    pub(crate) fn with_statement(mut self, statement: Prepared<'_>) -> Self {
        self.statement = Some(statement.into_owned());
        self
    }

    pub(crate) fn schema(&self) -> SchemaRef {
        self.chunks.schema()
    }
}

/// Reads the first [`FIRST_ROWS`] rows of `chunks`, within `cap` rows in all. DuckDB's error
/// in those rows is returned as it is, for the run to report.
pub(crate) fn start(
    mut chunks: ArrowChunks,
    cap: u64,
) -> Result<Started, crate::base::error::DuckDbMessage> {
    let mut first = Vec::new();
    let mut rows = 0u64;
    while rows < FIRST_ROWS.min(cap) {
        let Some(mut chunk) = chunks.next_chunk()? else {
            return Ok(Started {
                first,
                rest: None,
                end: StreamEnd::Complete,
            });
        };
        let over = chunk.len() > cap - rows;
        chunk.truncate(cap - rows);
        rows += chunk.len();
        first.push(chunk);
        if over {
            return Ok(Started {
                first,
                rest: None,
                end: StreamEnd::Capped,
            });
        }
    }
    Ok(Started {
        first,
        rest: Some(Rest {
            chunks,
            allowed: cap - rows,
            statement: None,
        }),
        end: StreamEnd::Complete,
    })
}

/// `batch` cut to `allowed` rows, and whether it had more.
fn within(batch: RecordBatch, allowed: u64) -> (RecordBatch, bool) {
    if batch.num_rows() as u64 > allowed {
        (batch.slice(0, allowed as usize), true)
    } else {
        (batch, false)
    }
}

enum Message {
    Batch(RecordBatch),
    End(StreamEnd),
}

/// Stores the rest of a result in `target` behind its first rows (`kept` of them, already
/// in the table), on two threads of its own. `query_conn` is the connection the query runs
/// on (interrupted to stop it); `store_conn` writes the table. `hold` is kept until the
/// stream ends (the run's registration, so that Cancel reaches it); `notify` hears each
/// change of its status.
pub(crate) struct Background {
    pub(crate) query_conn: Arc<RawConnection>,
    pub(crate) store_conn: RawConnection,
    pub(crate) target: String,
    pub(crate) hold: Box<dyn Send>,
    pub(crate) notify: Notify,
}

pub(crate) fn continue_in_background(
    rest: Rest,
    kept: u64,
    background: Background,
    cancelled: impl Fn() -> bool + Send + 'static,
) -> Arc<Feed> {
    let Background {
        query_conn,
        store_conn,
        target,
        hold,
        notify,
    } = background;
    let interrupter = query_conn.clone();
    let feed = Arc::new(Feed::new(
        kept,
        Arc::new(move || interrupter.interrupt()),
        notify,
    ));
    let (tx, rx) = sync_channel(CHUNKS_IN_FLIGHT);
    let schema = rest.schema();
    let reader_feed = feed.clone();
    std::thread::Builder::new()
        .name("qbox-result-read".into())
        .spawn(move || {
            read_rest(rest, &tx, || reader_feed.stopping() || cancelled());
            // The query's connection (and the run's registration) outlive its last chunk.
            drop(query_conn);
            drop(hold);
        })
        .expect("a thread to read the result");
    let writer_feed = feed.clone();
    std::thread::Builder::new()
        .name("qbox-result-store".into())
        .spawn(move || store_rest(&store_conn, &target, schema, rx, &writer_feed))
        .expect("a thread to store the result");
    feed
}

fn read_rest(mut rest: Rest, tx: &SyncSender<Message>, stopped: impl Fn() -> bool) {
    let end = loop {
        if stopped() {
            break StreamEnd::Stopped;
        }
        match rest.chunks.next_batch() {
            Ok(None) => break StreamEnd::Complete,
            Ok(Some(batch)) => {
                let (batch, over) = within(batch, rest.allowed);
                rest.allowed -= batch.num_rows() as u64;
                if batch.num_rows() > 0 && tx.send(Message::Batch(batch)).is_err() {
                    // The writer failed and said why; nothing more to read.
                    return;
                }
                if over {
                    break StreamEnd::Capped;
                }
            }
            Err(_) if stopped() => break StreamEnd::Stopped,
            Err(e) => break StreamEnd::Failed(e.message),
        }
    };
    // The query is freed before the writer is told, so a stopped query stops at once.
    drop(rest);
    let _ = tx.send(Message::End(end));
}

fn store_rest(
    conn: &RawConnection,
    target: &str,
    schema: SchemaRef,
    rx: Receiver<Message>,
    feed: &Feed,
) {
    let rx = Arc::new(Mutex::new(rx));
    let end = Arc::new(Mutex::new(None));
    loop {
        let segment = Segment {
            schema: schema.clone(),
            rx: rx.clone(),
            left: SEGMENT_ROWS,
            end: end.clone(),
        };
        match conn.insert_batches(target, Box::new(segment)) {
            Ok(rows) => feed.stored(rows),
            Err(e) => {
                // Dropping the receiver with this thread ends the reader's next send.
                feed.ended(StreamEnd::Failed(format!(
                    "the result could not be stored: {}",
                    e.message
                )));
                return;
            }
        }
        if let Some(how) = end.lock().expect("end lock").take() {
            feed.ended(how);
            return;
        }
    }
}

/// The next segment's batches: whole chunks until [`SEGMENT_ROWS`] or the end of the stream.
struct Segment {
    schema: SchemaRef,
    rx: Arc<Mutex<Receiver<Message>>>,
    left: u64,
    end: Arc<Mutex<Option<StreamEnd>>>,
}

impl Iterator for Segment {
    type Item = Result<RecordBatch, ArrowError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 || self.end.lock().expect("end lock").is_some() {
            return None;
        }
        let message = self.rx.lock().expect("receiver lock").recv();
        match message {
            Ok(Message::Batch(batch)) => {
                self.left = self.left.saturating_sub(batch.num_rows() as u64);
                Some(Ok(batch))
            }
            Ok(Message::End(how)) => {
                *self.end.lock().expect("end lock") = Some(how);
                None
            }
            // The reader went away without a word: it can only have panicked.
            Err(_) => {
                *self.end.lock().expect("end lock") = Some(StreamEnd::Failed(
                    "reading the result stopped unexpectedly".into(),
                ));
                None
            }
        }
    }
}

impl RecordBatchReader for Segment {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}
