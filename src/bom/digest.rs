//! The SHA-256 of a file read in chunks, computed on a second thread while the reader parses
//! (on one thread when no second one can be started). Chunks travel by a bounded channel and
//! come back for reuse, so memory stays a few chunks.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use sha2::Digest as _;

/// Chunks that may wait for the hashing thread.
const QUEUE: usize = 4;

/// A SHA-256 fed chunk by chunk.
pub(crate) struct Digest {
    state: State,
}

enum State {
    Worker {
        to: SyncSender<Vec<u8>>,
        back: Receiver<Vec<u8>>,
        done: JoinHandle<sha2::Sha256>,
    },
    Inline(sha2::Sha256),
    /// The hashing thread is gone: the digest is lost.
    Lost,
}

impl Digest {
    /// A digest, with its thread when one can be started.
    pub(crate) fn new() -> Digest {
        let (to, from) = sync_channel::<Vec<u8>>(QUEUE);
        let (give_back, back) = sync_channel::<Vec<u8>>(QUEUE + 2);
        let spawned = std::thread::Builder::new()
            .name("sha256".into())
            .spawn(move || {
                let mut h = sha2::Sha256::new();
                for chunk in from {
                    h.update(&chunk);
                    // A full return queue only means the chunk is not reused.
                    let _ = give_back.try_send(chunk);
                }
                h
            });
        let state = match spawned {
            Ok(done) => State::Worker { to, back, done },
            Err(_) => State::Inline(sha2::Sha256::new()),
        };
        Digest { state }
    }

    /// Adds `bytes`.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            _ if bytes.is_empty() => {}
            State::Worker { to, back, .. } => {
                let mut chunk = back.try_recv().unwrap_or_default();
                chunk.clear();
                chunk.extend_from_slice(bytes);
                if to.send(chunk).is_err() {
                    self.state = State::Lost;
                }
            }
            State::Inline(h) => h.update(bytes),
            State::Lost => {}
        }
    }

    /// The digest in lower-case hex; `None` when the hashing thread was lost.
    pub(crate) fn finish(self) -> Option<String> {
        let h = match self.state {
            State::Worker { to, done, .. } => {
                drop(to);
                done.join().ok()?
            }
            State::Inline(h) => h,
            State::Lost => return None,
        };
        Some(crate::ident::hex(&h.finalize()))
    }
}
