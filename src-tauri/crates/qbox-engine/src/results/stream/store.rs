//! The writer's side of a streamed result: batches appended to the result table in
//! committed segments, each an `INSERT` from DuckDB's parallel Arrow scan.

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchReader};

use super::{Feed, Message, StreamEnd};
use crate::duck::capi::RawConnection;

/// Rows of the first committed segment: each commit lets windows read further, and costs
/// about as much as storing 100k rows. Each segment after it is twice as long as the one
/// before, up to [`LONGEST_SEGMENT`], so a long result pays few commits.
const SEGMENT_ROWS: u64 = 1 << 20;
const LONGEST_SEGMENT: u64 = 8 * SEGMENT_ROWS;

/// Appends the batches `rx` gives to `target` until the stream ends; how it ended. The
/// receiver is dropped on return, which ends a reader still sending.
pub(super) fn store_rest(
    conn: &RawConnection,
    target: &str,
    schema: SchemaRef,
    rx: Receiver<Message>,
    feed: &Feed,
) -> StreamEnd {
    let rx = Arc::new(Mutex::new(rx));
    let end = Arc::new(Mutex::new(None));
    let mut segment_rows = SEGMENT_ROWS;
    loop {
        // A segment starts with a batch in hand, so a pause in the stream commits nothing.
        let first = match rx.lock().expect("receiver lock").recv() {
            Ok(Message::Batch(batch)) => batch,
            Ok(Message::End(how)) => return how,
            Err(_) => return reader_lost(),
        };
        let segment = Segment {
            schema: schema.clone(),
            first: Some(first),
            rx: rx.clone(),
            left: segment_rows,
            end: end.clone(),
        };
        match conn.insert_batches(target, Box::new(segment)) {
            Ok(rows) => {
                feed.stored(rows);
                segment_rows = (2 * segment_rows).min(LONGEST_SEGMENT);
            }
            Err(e) => {
                return StreamEnd::Failed(format!("the result could not be stored: {}", e.message))
            }
        }
        if let Some(how) = end.lock().expect("end lock").take() {
            return how;
        }
    }
}

/// The reader went away without a word: it can only have panicked.
fn reader_lost() -> StreamEnd {
    StreamEnd::Failed("reading the result stopped unexpectedly".into())
}

/// The next segment's batches: its first, then whole batches until its length or the
/// end of the stream.
struct Segment {
    schema: SchemaRef,
    first: Option<RecordBatch>,
    rx: Arc<Mutex<Receiver<Message>>>,
    left: u64,
    end: Arc<Mutex<Option<StreamEnd>>>,
}

impl Segment {
    fn taken(&mut self, batch: RecordBatch) -> Option<Result<RecordBatch, ArrowError>> {
        self.left = self.left.saturating_sub(batch.num_rows() as u64);
        Some(Ok(batch))
    }
}

impl Iterator for Segment {
    type Item = Result<RecordBatch, ArrowError>;
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(first) = self.first.take() {
            return self.taken(first);
        }
        if self.left == 0 || self.end.lock().expect("end lock").is_some() {
            return None;
        }
        let message = self.rx.lock().expect("receiver lock").recv();
        let end = match message {
            Ok(Message::Batch(batch)) => return self.taken(batch),
            Ok(Message::End(how)) => how,
            Err(_) => reader_lost(),
        };
        *self.end.lock().expect("end lock") = Some(end);
        None
    }
}

impl RecordBatchReader for Segment {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}
