//! CycloneDX JSON read from a file in chunks, on a second thread: it reads, hashes (on a
//! third) and parses, and hands the components over in batches; the calling thread checks
//! them as they come. Memory stays a few chunks and batches, whatever the file's size.

use std::fs::File;
#[cfg(feature = "threads")]
use std::sync::mpsc::sync_channel;

use super::cyclonedx::{self, Outcome};
use super::digest::Digest;
use super::jsonstream::Chunks;
use super::{BomFormat, BomInfo, Component};
use crate::error::Error;

/// Components handed over at a time.
#[cfg(feature = "threads")]
const BATCH: usize = 2048;

/// How a read in chunks ended.
pub(super) enum Read {
    /// Read: the facts, with format and digest.
    Done(Result<BomInfo, Error>),
    /// The file must be read whole; `sent` components already went to the sink.
    Again { sent: usize },
}

/// Reads the CycloneDX JSON file whose first bytes are `head` (the rest still to read from
/// `file`), sending its components to `sink`, on the calling thread: the library starts no
/// thread without the `threads` feature.
#[cfg(not(feature = "threads"))]
pub(super) fn read(
    name: &str,
    file: &mut File,
    head: Vec<u8>,
    sink: &mut dyn FnMut(&Component),
) -> Read {
    let mut sent = 0usize;
    let mut keep = |c: &mut Component| {
        sink(c);
        sent += 1;
    };
    let read = parse(name, file, head, &mut keep);
    finish(read, sent)
}

/// Reads the CycloneDX JSON file whose first bytes are `head` (the rest still to read from
/// `file`), sending its components to `sink`.
#[cfg(feature = "threads")]
pub(super) fn read(
    name: &str,
    file: &mut File,
    head: Vec<u8>,
    sink: &mut dyn FnMut(&Component),
) -> Read {
    std::thread::scope(|scope| {
        let (full, from_worker) = sync_channel::<Vec<Component>>(2);
        let (empty, spare) = sync_channel::<Vec<Component>>(4);
        let worker = std::thread::Builder::new()
            .name("bom-reader".into())
            .spawn_scoped(scope, move || {
                let mut batch = Vec::new();
                let mut n = 0usize;
                let mut keep = |c: &mut Component| {
                    if n == batch.len() {
                        batch.push(Component::new());
                    }
                    if let Some(slot) = batch.get_mut(n) {
                        std::mem::swap(slot, c);
                    }
                    n += 1;
                    if n == BATCH {
                        let next = spare.try_recv().unwrap_or_default();
                        // A closed channel means the reader of batches is gone: nothing to do.
                        let _ = full.send(std::mem::replace(&mut batch, next));
                        n = 0;
                    }
                };
                let read = parse(name, file, head, &mut keep);
                batch.truncate(n);
                let _ = full.send(batch);
                read
            });
        let Ok(worker) = worker else {
            return Read::Again { sent: 0 };
        };
        let mut sent = 0usize;
        for batch in from_worker {
            for c in &batch {
                sink(c);
            }
            sent += batch.len();
            let _ = empty.try_send(batch);
        }
        match worker.join() {
            Ok(read) => finish(read, sent),
            // The reader failed: read the file whole.
            Err(_) => Read::Again { sent },
        }
    })
}

/// How a read ended: done, or to be done again whole when the digest was lost or the window
/// could not vouch for the file.
fn finish(read: (Outcome, Option<String>), sent: usize) -> Read {
    match read {
        (Outcome::Done(read), Some(sha256)) => Read::Done(read.map(|mut info| {
            info.format = Some(BomFormat::CycloneDxJson);
            info.sha256 = sha256;
            info
        })),
        (Outcome::Done(Err(e)), None) => Read::Done(Err(e)),
        _ => Read::Again { sent },
    }
}

/// Parses the file on the reading thread, hashing its bytes on another.
fn parse(
    name: &str,
    file: &mut File,
    head: Vec<u8>,
    keep: &mut dyn FnMut(&mut Component),
) -> (Outcome, Option<String>) {
    let mut digest = Digest::new();
    let chunks = Chunks::new(file, head, &mut digest);
    let outcome = cyclonedx::read_json_chunks(name, chunks, keep);
    (outcome, digest.finish())
}
