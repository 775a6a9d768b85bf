//! CycloneDX JSON read from a file in chunks, on a second thread: it reads, hashes (on a
//! third) and parses, and hands the components over in batches; the calling thread checks
//! them as they come. Memory stays a few chunks and batches, whatever the file's size.

use std::fs::File;

use super::cyclonedx::{self, Outcome};
use super::digest::Digest;
use super::jsonstream::Chunks;
use super::{BomFormat, BomInfo, Component};
use crate::error::Error;

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
/// `file`), sending its components to `sink`: parsed on a reading thread, checked on this one.
#[cfg(feature = "threads")]
pub(super) fn read(
    name: &str,
    file: &mut File,
    head: Vec<u8>,
    sink: &mut dyn FnMut(&Component),
) -> Read {
    use super::handover::{Ran, try_run};
    let mut sent = 0usize;
    let mut counted = |c: &Component| {
        sent += 1;
        sink(c);
    };
    // Each component moves into the batch; the parser gets the slot's old one to clear.
    let parsed = |hand: &mut super::handover::Handover<'_>| {
        parse(name, file, head, &mut |c| {
            hand.take(|slot| std::mem::swap(slot, c))
        })
    };
    match try_run(parsed, &mut counted) {
        Ran::Done(read) => finish(read, sent),
        // No thread, or the reader failed: read the file whole.
        Ran::NoThread | Ran::Panicked(_) => Read::Again { sent },
    }
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
