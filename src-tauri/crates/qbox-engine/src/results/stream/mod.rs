//! A query's rows streamed into its result table. DuckDB computes the query as its result is
//! read. The run reads the first rows (see [`start`]), stores them and returns, so the grid
//! shows them at once. A result that goes on is read on by a thread of its own, which gathers
//! the rest into batches ([`gather`]), and a second thread appends the batches to the table in
//! segments ([`store`]: each an `INSERT` from DuckDB's parallel Arrow scan, committed so its
//! rows can be read while the next one goes in).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use arrow::compute::concat_batches;
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

mod gather;
mod store;

use self::gather::Gathered;
use self::store::store_rest;
use crate::base::error::DuckDbMessage;
use crate::duck::capi::Interrupter;
use crate::duck::capi::{ArrowChunks, ChunkConverter, DataChunk, OwnedStatement, RawConnection};
use crate::duck::scratch::{ScratchTable, FILE_DB};

/// Rows a run waits for before it returns: DuckDB's chunk size, more than the grid's first
/// window.
pub(crate) const FIRST_ROWS: u64 = 2048;
/// A result that ends within this many rows, all there at once (a sort's, an aggregate's),
/// is small and kept in memory; a run waits [`END_PATIENCE`] past its first rows to see it
/// end.
pub(crate) const SMALL_ROWS: u64 = 4 * FIRST_ROWS;
const END_PATIENCE: Duration = Duration::from_millis(5);
/// Batches in flight between the two threads (at most about [`gather::BATCH_BYTES`] each).
const BATCHES_IN_FLIGHT: usize = 4;

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

/// Where a streamed result is: rows kept (the first ones held, the rest readable in its
/// table), and how it ended once it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamStatus {
    pub rows: u64,
    pub end: Option<StreamEnd>,
}

/// What the result store, the reader of the query and the writer of its table share.
pub(crate) struct Feed {
    state: Mutex<FeedState>,
    changed: Condvar,
    /// Shared with the reader, which stops at its next chunk.
    stop: Arc<AtomicBool>,
    interrupt: Interrupter,
    /// Told each change of the status (rows stored, the end), outside the lock.
    notify: Notify,
}

struct FeedState {
    status: StreamStatus,
    /// Whether the result's table is made (with the first rows in it).
    table_made: bool,
}

/// What hears a streaming result's status change.
pub(crate) type Notify = Box<dyn Fn(&StreamStatus) + Send + Sync>;

impl Feed {
    fn new(rows: u64, stop: Arc<AtomicBool>, interrupt: Interrupter, notify: Notify) -> Self {
        Self {
            state: Mutex::new(FeedState {
                status: StreamStatus { rows, end: None },
                table_made: false,
            }),
            changed: Condvar::new(),
            stop,
            interrupt,
            notify,
        }
    }

    pub(crate) fn status(&self) -> StreamStatus {
        self.state.lock().expect("feed lock").status.clone()
    }

    /// Waits until at least `rows` rows are readable in the table or the stream has ended;
    /// returns the status then.
    pub(crate) fn wait_rows(&self, rows: u64) -> StreamStatus {
        let state = self.state.lock().expect("feed lock");
        let state = self
            .changed
            .wait_while(state, |s| {
                (!s.table_made || s.status.rows < rows) && s.status.end.is_none()
            })
            .expect("feed lock");
        state.status.clone()
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

    /// The table holds the first rows: they are readable there too.
    fn table_made(&self) {
        self.state.lock().expect("feed lock").table_made = true;
        self.changed.notify_all();
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
            how(&mut state.status);
            state.status.clone()
        };
        self.changed.notify_all();
        (self.notify)(&status);
    }
}

/// The first chunks of a query's result and the rest still to read.
pub(crate) struct Started {
    /// DuckDB's own chunks, appended to the table as they are.
    pub(crate) first: Vec<DataChunk>,
    /// The same rows in DuckDB's Arrow conversion, to answer the grid's first windows.
    pub(crate) first_rows: RecordBatch,
    /// None when the result ended within its first rows (`end` says how).
    pub(crate) rest: Option<Rest>,
    pub(crate) end: StreamEnd,
}

/// The rest of a result, still being read (and gathered into batches) by its reader.
pub(crate) struct Rest {
    shared: Arc<Shared>,
    batches: Receiver<Message>,
    schema: SchemaRef,
    reader: JoinHandle<()>,
}

impl Rest {
    /// Stops reading (the rows will not be kept this way) and waits until the reader has let
    /// the query go, so that its connection can run the next statement.
    pub(crate) fn abandon(self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // A reader waiting to hand on a batch is let go by the receiver's end.
        drop(self.batches);
        let _ = self.reader.join();
    }
}

/// What the run and the reader share while the first rows are read.
struct Shared {
    head: Mutex<Head>,
    changed: Condvar,
    stop: Arc<AtomicBool>,
    /// Whether the run was cancelled, once the rest streams on without it.
    cancelled: Mutex<Option<Box<dyn Fn() -> bool + Send>>>,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
            || self
                .cancelled
                .lock()
                .expect("cancel lock")
                .as_ref()
                .is_some_and(|cancelled| cancelled())
    }

    fn head(&self) -> MutexGuard<'_, Head> {
        self.head.lock().expect("head lock")
    }
}

/// The chunks read before the run took its first rows.
#[derive(Default)]
struct Head {
    chunks: Vec<DataChunk>,
    rows: u64,
    /// Set when the run took its first rows: later chunks go on as batches.
    taken: bool,
    /// How the result ended, when it did before the run took its first rows.
    end: Option<Result<StreamEnd, DuckDbMessage>>,
}

/// Reads the first [`FIRST_ROWS`] rows of `chunks` (the result of `statement` on `conn`),
/// within `cap` rows in all; when more follow, goes on reading on a thread of its own and
/// waits a moment for the end, so that a result that ends within [`SMALL_ROWS`] at once is
/// taken whole. DuckDB's error in those rows is returned as it is, for the run to report.
pub(crate) fn start(
    mut chunks: ArrowChunks,
    statement: OwnedStatement,
    conn: Arc<RawConnection>,
    cap: u64,
) -> Result<Started, DuckDbMessage> {
    // The first rows are read here: a small result (most are) ends within them and needs no
    // thread of its own.
    let mut head = Head::default();
    let mut ended = None;
    while head.rows < FIRST_ROWS.min(cap) {
        match chunks.next_chunk() {
            Ok(None) => ended = Some(Ok(StreamEnd::Complete)),
            Ok(Some(mut chunk)) => {
                let over = within(&mut chunk, cap - head.rows);
                head.add(chunk);
                if over {
                    ended = Some(Ok(StreamEnd::Capped));
                }
            }
            Err(e) => ended = Some(Err(e)),
        }
        if let Some(end) = ended {
            let converter = chunks.converter();
            // The query is freed before its statement.
            drop(chunks);
            drop(statement);
            let end = end?;
            return Ok(Started {
                first_rows: first_rows(&converter, &head.chunks)?,
                first: head.chunks,
                rest: None,
                end,
            });
        }
    }
    let allowed = cap - head.rows;
    let shared = Arc::new(Shared {
        head: Mutex::new(head),
        changed: Condvar::new(),
        stop: Arc::new(AtomicBool::new(false)),
        cancelled: Mutex::new(None),
    });
    let (tx, batches) = sync_channel(BATCHES_IN_FLIGHT);
    let schema = chunks.schema();
    let converter = chunks.converter();
    let reader_shared = shared.clone();
    let reader = std::thread::Builder::new()
        .name("qbox-result-read".into())
        .spawn(move || {
            read(chunks, statement, allowed, &reader_shared, &tx);
            // The query's connection outlives its last chunk.
            drop(conn);
        })
        .map_err(|e| DuckDbMessage::new(format!("no thread to read the result: {e}")))?;
    let (first, end) = take_first_rows(&shared);
    let rest = Rest {
        shared,
        batches,
        schema,
        reader,
    };
    // Converted here, not by the reader, so that the time the run gives a result to end is
    // all the reader's.
    let first_rows = match first_rows(&converter, &first) {
        Ok(rows) => rows,
        Err(e) => {
            rest.abandon();
            return Err(e);
        }
    };
    match end {
        None => Ok(Started {
            first,
            first_rows,
            rest: Some(rest),
            end: StreamEnd::Complete,
        }),
        Some(end) => {
            // The reader has let the query go, or is about to: the connection is free for
            // the next statement once it has.
            let _ = rest.reader.join();
            end.map(|end| Started {
                first,
                first_rows,
                rest: None,
                end,
            })
        }
    }
}

/// What the run takes from the reader: DuckDB's chunks, and the end when the result ended
/// within them.
type Taken = (Vec<DataChunk>, Option<Result<StreamEnd, DuckDbMessage>>);

/// Waits [`END_PATIENCE`] for the end of a result whose first rows the run holds, then takes
/// what was read; later chunks go on as batches. With the end when the result ended by then.
fn take_first_rows(shared: &Shared) -> Taken {
    let head = shared.head();
    let (mut head, _) = shared
        .changed
        .wait_timeout_while(head, END_PATIENCE, |head| {
            head.end.is_none() && head.rows < SMALL_ROWS
        })
        .expect("head lock");
    head.taken = true;
    shared.changed.notify_all();
    (std::mem::take(&mut head.chunks), head.end.take())
}

/// The first rows in DuckDB's Arrow conversion, as one batch.
fn first_rows(
    converter: &ChunkConverter,
    chunks: &[DataChunk],
) -> Result<RecordBatch, DuckDbMessage> {
    let batches = chunks
        .iter()
        .map(|chunk| converter.to_batch(chunk))
        .collect::<Result<Vec<_>, _>>()?;
    concat_batches(&converter.schema(), &batches)
        .map_err(|e| DuckDbMessage::new(format!("the first rows could not be gathered: {e}")))
}

impl Head {
    /// Adds a chunk read before the run took its first rows.
    fn add(&mut self, chunk: DataChunk) {
        self.rows += chunk.len();
        self.chunks.push(chunk);
    }
}

/// Cuts `chunk` to `allowed` rows; whether it had more.
fn within(chunk: &mut DataChunk, allowed: u64) -> bool {
    let over = chunk.len() > allowed;
    chunk.truncate(allowed);
    over
}

enum Message {
    Batch(RecordBatch),
    End(StreamEnd),
}

/// The reader: each chunk goes to the run's first rows until it took them, then on to the
/// writer gathered into batches; the end goes where the last chunk went.
fn read(
    mut chunks: ArrowChunks,
    statement: OwnedStatement,
    mut allowed: u64,
    shared: &Shared,
    tx: &SyncSender<Message>,
) {
    let mut gathered = Gathered::new(chunks.schema());
    let end = loop {
        if shared.stopped() {
            break Ok(StreamEnd::Stopped);
        }
        // The run decides on its first rows from at most SMALL_ROWS of them, so where the
        // stream ends or fails past them, it does so after the run took its first rows.
        drop(
            shared
                .changed
                .wait_while(shared.head(), |head| !head.taken && head.rows >= SMALL_ROWS)
                .expect("head lock"),
        );
        let mut chunk = match chunks.next_chunk() {
            Ok(None) => break Ok(StreamEnd::Complete),
            Ok(Some(chunk)) => chunk,
            Err(_) if shared.stopped() => break Ok(StreamEnd::Stopped),
            Err(e) => break Err(e),
        };
        let over = within(&mut chunk, allowed);
        allowed -= chunk.len();
        if chunk.len() > 0 {
            let mut head = shared.head();
            if head.taken {
                drop(head);
                match chunks.to_batch(&chunk) {
                    Ok(batch) => {
                        if let Some(full) = gathered.add(batch) {
                            if !send(tx, full) {
                                return;
                            }
                        }
                    }
                    Err(e) => break Err(e),
                }
            } else {
                head.add(chunk);
                shared.changed.notify_all();
            }
        }
        if over {
            break Ok(StreamEnd::Capped);
        }
    };
    // The query is freed before anyone is told, so a stopped query stops at once; the rows
    // read before the end are kept whichever way it came.
    drop(chunks);
    drop(statement);
    let mut head = shared.head();
    if !head.taken {
        head.end = Some(end);
        shared.changed.notify_all();
        return;
    }
    drop(head);
    let end = end.unwrap_or_else(|e| StreamEnd::Failed(e.message));
    if let Some(last) = gathered.take() {
        if !send(tx, last) {
            return;
        }
    }
    let _ = tx.send(Message::End(end));
}

/// Stores a result in its table on a thread of its own beside the reader: the table made
/// with the first rows (`kept` of them, held by the run to show at once), then the rest
/// behind them. `query_conn` is the connection the query runs on (interrupted to stop it);
/// `store_conn` writes the table. `hold` is kept until the stream ends (the run's
/// registration, so that Cancel reaches it); `notify` hears each change of its status.
pub(crate) struct Background {
    pub(crate) query_conn: Arc<RawConnection>,
    pub(crate) store_conn: RawConnection,
    pub(crate) table: ScratchTable,
    /// The `CREATE TABLE` that makes it.
    pub(crate) create: String,
    pub(crate) first: Vec<DataChunk>,
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
        table,
        create,
        first,
        hold,
        notify,
    } = background;
    *rest.shared.cancelled.lock().expect("cancel lock") = Some(Box::new(cancelled));
    let feed = Arc::new(Feed::new(
        kept,
        rest.shared.stop.clone(),
        Arc::new(move || query_conn.interrupt()),
        notify,
    ));
    let writer_feed = feed.clone();
    std::thread::Builder::new()
        .name("qbox-result-store".into())
        .spawn(move || {
            let made = store_conn.create_with_chunks(&create, &table, &first);
            drop(first);
            // The Arrow scan's views go into the scratch database, never the user's.
            let made = made.and_then(|_| store_conn.execute(&format!("USE {}", FILE_DB)));
            let end = match made {
                Ok(_) => {
                    writer_feed.table_made();
                    let Rest {
                        batches,
                        schema,
                        reader,
                        ..
                    } = rest;
                    let end = store_rest(
                        &store_conn,
                        &table.qualified(),
                        schema,
                        batches,
                        &writer_feed,
                    );
                    // The reader has let the query go before the end is told.
                    let _ = reader.join();
                    end
                }
                Err(e) => {
                    rest.abandon();
                    StreamEnd::Failed(format!("the result could not be stored: {}", e.message))
                }
            };
            // The run's registration (which outlived the last chunk read) is gone before the
            // end is told: the run is over then.
            drop(hold);
            writer_feed.ended(end);
        })
        .expect("a thread to store the result");
    feed
}

/// Hands a batch to the writer; false when the writer has failed (and said why), so there
/// is nothing more to read. A batch that could not be gathered ends the stream.
fn send(tx: &SyncSender<Message>, batch: Result<RecordBatch, ArrowError>) -> bool {
    let message = match batch {
        Ok(batch) => Message::Batch(batch),
        Err(e) => Message::End(StreamEnd::Failed(format!(
            "the result's rows could not be gathered: {e}"
        ))),
    };
    let ended = matches!(message, Message::End(_));
    tx.send(message).is_ok() && !ended
}
