//! A reader on a second thread: it reads the BOM and hands its components over in batches,
//! and the calling thread checks them as they come, so that reading and checking a large
//! BOM overlap. Components arrive in the reader's order; nothing else changes.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::Component;

/// Components handed over at a time.
const BATCH: usize = 2048;

/// Where a reader puts its components: a batch for the checking thread, or, when no thread
/// could be started, the sink itself.
pub(super) enum Handover<'s> {
    /// Straight to the sink, on the calling thread.
    Direct(&'s mut dyn FnMut(&Component)),
    /// Into batches for the checking thread.
    Batches {
        batch: Vec<Component>,
        n: usize,
        full: SyncSender<Vec<Component>>,
        spare: Receiver<Vec<Component>>,
    },
}

impl Handover<'_> {
    /// Hands over a copy of `c`.
    pub(super) fn give(&mut self, c: &Component) {
        self.take(|slot| slot.copy_from(c));
    }

    /// Hands over the component `fill` makes of an old one, whose buffers it may reuse.
    pub(super) fn take(&mut self, fill: impl FnOnce(&mut Component)) {
        match self {
            Handover::Direct(sink) => {
                let mut c = Component::new();
                fill(&mut c);
                sink(&c);
            }
            Handover::Batches {
                batch,
                n,
                full,
                spare,
            } => {
                if *n == batch.len() {
                    batch.push(Component::new());
                }
                if let Some(slot) = batch.get_mut(*n) {
                    fill(slot);
                }
                *n += 1;
                if *n == BATCH {
                    let next = spare.try_recv().unwrap_or_default();
                    // A closed channel means the checking thread is gone: nothing to do.
                    let _ = full.send(std::mem::replace(batch, next));
                    *n = 0;
                }
            }
        }
    }

    /// Sends what is left.
    fn flush(self) {
        if let Handover::Batches {
            mut batch, n, full, ..
        } = self
        {
            batch.truncate(n);
            let _ = full.send(batch);
        }
    }
}

/// How [`try_run`] ended.
pub(super) enum Ran<R> {
    /// What the reader returned.
    Done(R),
    /// No thread could be started: nothing was read.
    NoThread,
    /// The reader panicked (with this payload), after what it handed over went to the sink.
    Panicked(Box<dyn std::any::Any + Send>),
}

/// Runs `read` on a thread of its own, sending what it hands over to `sink` on this one, and
/// returns what `read` returned. When no thread can be started, `read` runs here. A panic of
/// the reader goes on here, as it would have without the thread.
pub(super) fn run<R: Send>(
    read: &(dyn Fn(&mut Handover<'_>) -> R + Sync),
    sink: &mut dyn FnMut(&Component),
) -> R {
    match try_run(read, sink) {
        Ran::Done(out) => out,
        Ran::NoThread => read(&mut Handover::Direct(sink)),
        Ran::Panicked(panic) => std::panic::resume_unwind(panic),
    }
}

/// [`run`], leaving it to the caller what to do without a thread or after a panic.
pub(super) fn try_run<R: Send>(
    read: impl FnOnce(&mut Handover<'_>) -> R + Send,
    sink: &mut dyn FnMut(&Component),
) -> Ran<R> {
    std::thread::scope(|scope| {
        let (full, from_reader) = sync_channel::<Vec<Component>>(2);
        let (empty, spare) = sync_channel::<Vec<Component>>(4);
        let reader = std::thread::Builder::new()
            .name("bom-reader".into())
            .spawn_scoped(scope, move || {
                let mut hand = Handover::Batches {
                    batch: Vec::new(),
                    n: 0,
                    full,
                    spare,
                };
                let out = read(&mut hand);
                hand.flush();
                out
            });
        let Ok(reader) = reader else {
            return Ran::NoThread;
        };
        for batch in from_reader {
            for c in &batch {
                sink(c);
            }
            let _ = empty.try_send(batch);
        }
        match reader.join() {
            Ok(out) => Ran::Done(out),
            Err(panic) => Ran::Panicked(panic),
        }
    })
}
