//! The SHA-256 of a file read in chunks, computed on a second thread while the reader parses
//! (on the reader's thread when no second one can be started). The thread reads the chunks
//! the parser reads, shared, not copied; a bounded queue keeps memory to a few chunks.

use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::SyncSender;
#[cfg(feature = "threads")]
use std::sync::mpsc::sync_channel;
use std::thread::JoinHandle;

use sha2::Digest as _;

/// Pieces that may wait for the hashing thread.
#[cfg(feature = "threads")]
const QUEUE: usize = 4;

/// What the hashing thread hashes next.
#[cfg_attr(not(feature = "threads"), allow(dead_code))]
enum Piece {
    /// Bytes of a chunk of text.
    Shared(Arc<String>, Range<usize>),
    /// A few bytes of their own (the start of a character a chunk cut).
    Owned(Vec<u8>),
}

/// A SHA-256 fed chunk by chunk.
pub(crate) struct Digest {
    state: State,
}

#[cfg_attr(not(feature = "threads"), allow(dead_code))]
enum State {
    Worker {
        to: SyncSender<Piece>,
        done: JoinHandle<sha2::Sha256>,
    },
    Inline(sha2::Sha256),
    /// The hashing thread is gone: the digest is lost.
    Lost,
}

impl Digest {
    /// A digest, hashing on the caller's thread: the library starts no thread without the
    /// `threads` feature.
    #[cfg(not(feature = "threads"))]
    pub(crate) fn new() -> Digest {
        Digest {
            state: State::Inline(sha2::Sha256::new()),
        }
    }

    /// A digest, with its thread when one can be started.
    #[cfg(feature = "threads")]
    pub(crate) fn new() -> Digest {
        let (to, from) = sync_channel::<Piece>(QUEUE);
        let spawned = std::thread::Builder::new()
            .name("sha256".into())
            .spawn(move || {
                let mut h = sha2::Sha256::new();
                for piece in from {
                    match piece {
                        Piece::Shared(text, range) => {
                            h.update(text.as_bytes().get(range).unwrap_or_default());
                        }
                        Piece::Owned(bytes) => h.update(&bytes),
                    }
                }
                h
            });
        let state = match spawned {
            Ok(done) => State::Worker { to, done },
            Err(_) => State::Inline(sha2::Sha256::new()),
        };
        Digest { state }
    }

    /// Adds the bytes of `text` from `from` on.
    pub(crate) fn shared(&mut self, text: &Arc<String>, from: usize) {
        match &mut self.state {
            _ if from >= text.len() => {}
            State::Worker { to, .. } => {
                if to
                    .send(Piece::Shared(Arc::clone(text), from..text.len()))
                    .is_err()
                {
                    self.state = State::Lost;
                }
            }
            State::Inline(h) => h.update(text.as_bytes().get(from..).unwrap_or_default()),
            State::Lost => {}
        }
    }

    /// Adds `bytes`.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            _ if bytes.is_empty() => {}
            State::Worker { to, .. } => {
                if to.send(Piece::Owned(bytes.to_vec())).is_err() {
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
            State::Worker { to, done } => {
                drop(to);
                done.join().ok()?
            }
            State::Inline(h) => h,
            State::Lost => return None,
        };
        Some(crate::ident::hex(&h.finalize()))
    }
}
