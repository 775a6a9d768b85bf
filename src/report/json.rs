//! The report as pretty JSON, written as it is made. With the `threads` feature, a report of
//! many findings has its findings serialised on every core, block by block, and written in
//! order as the blocks are done: the bytes are exactly those of serialising it on one thread.

use std::io::Write;

use super::Report;

/// Writes `report` as pretty JSON with a final newline.
pub(super) fn write(report: &Report, w: &mut dyn Write) -> std::io::Result<()> {
    // The serialiser writes token by token: buffered, whatever `w` is.
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    #[cfg(feature = "threads")]
    if report.findings.len() >= PARALLEL_FROM {
        parallel::write(report, &mut w)?;
        w.write_all(b"\n")?;
        return w.flush();
    }
    serde_json::to_writer_pretty(&mut w, report)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// How many findings a report needs before its findings are serialised in parallel.
#[cfg(feature = "threads")]
const PARALLEL_FROM: usize = 4096;

/// Serialising the findings block by block (the blocks and the report around them are
/// shared with the tests, which build without threads too), and writing them in order.
#[cfg(any(feature = "threads", test))]
mod parallel {
    #![cfg_attr(not(feature = "threads"), allow(dead_code))]

    use std::io::Write;
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

    use crate::report::{Finding, Report};

    /// Findings serialised at a time.
    pub(super) const BLOCK: usize = 256;

    /// The findings of a report alone, as the report's own field: serialised at the top level,
    /// they are indented exactly as in the report.
    #[derive(serde::Serialize)]
    struct Wrapped<'a> {
        findings: &'a [Finding],
    }

    /// What serialising [`Wrapped`] puts before the first finding and after the last.
    const HEAD: &[u8] = b"{\n  \"findings\": [";
    const TAIL: &[u8] = b"\n  ]\n}";
    /// The findings field of a report with none, which the findings then fill.
    const EMPTY: &[u8] = b"\n  \"findings\": []";

    /// The findings of `block` as they stand in the report's array, each after its line break
    /// and indent, separated by commas: `\n    {…},\n    {…}`.
    pub(super) fn block_bytes(block: &[Finding]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(block.len() * 2048);
        serde_json::to_writer_pretty(&mut out, &Wrapped { findings: block })?;
        if !(out.starts_with(HEAD) && out.ends_with(TAIL)) {
            return Err(std::io::Error::other(
                "findings serialised in an unexpected shape",
            ));
        }
        out.truncate(out.len() - TAIL.len());
        out.drain(..HEAD.len());
        Ok(out)
    }

    /// The report without its findings, split where they go: the bytes up to and including the
    /// array's `[`, and those from its `]` on, which closes the array on a line of its own as
    /// it does when the array has items.
    pub(super) fn shell(report: &Report) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
        let empty = shell_fields(report);
        let bytes = serde_json::to_vec_pretty(&empty)?;
        // Only the report's own field is indented by two spaces; strings hold no raw line break.
        let at = bytes
            .windows(EMPTY.len())
            .position(|w| w == EMPTY)
            .ok_or_else(|| std::io::Error::other("report serialised in an unexpected shape"))?;
        let open = at + EMPTY.len() - 1;
        let (head, rest) = bytes.split_at(open);
        let mut tail = b"\n  ".to_vec();
        tail.extend_from_slice(rest);
        Ok((head.to_vec(), tail))
    }

    /// Every field of `report` but its findings.
    fn shell_fields(report: &Report) -> Report {
        Report {
            schema_version: report.schema_version,
            tool: report.tool.clone(),
            context: report.context.clone(),
            summary: report.summary.clone(),
            findings: Vec::new(),
            rules: report.rules.clone(),
            inputs: report.inputs.clone(),
            unscreenable: report.unscreenable.clone(),
            waivers: report.waivers.clone(),
            baseline: report.baseline.clone(),
            warnings: report.warnings.clone(),
            run: report.run.clone(),
        }
    }

    /// Blocks a serialising thread may finish ahead of the writing one: memory stays a few
    /// blocks per thread, however many findings there are.
    const AHEAD: usize = 2;

    /// Writes the report, its findings serialised by one thread per core, block `b` by
    /// thread `b % threads`, and written here in order.
    pub(super) fn write(report: &Report, w: &mut dyn Write) -> std::io::Result<()> {
        let (head, tail) = shell(report)?;
        let blocks: Vec<&[Finding]> = report.findings.chunks(BLOCK).collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, 8);
        w.write_all(&head)?;
        std::thread::scope(|scope| -> std::io::Result<()> {
            // One channel per thread, `None` where no thread could be started: its blocks are
            // then serialised by the writing loop, which still reads block `b` from the
            // channel of thread `b % threads`.
            let rx: Vec<Option<Receiver<Block>>> = (0..threads)
                .map(|t| {
                    let (tx, r) = sync_channel(AHEAD);
                    let mine = blocks.iter().skip(t).step_by(threads).copied();
                    std::thread::Builder::new()
                        .name("report-json".into())
                        .spawn_scoped(scope, move || serialise(mine, &tx))
                        .ok()
                        .map(|_| r)
                })
                .collect();
            write_in_order(&blocks, &rx, w)
        })?;
        w.write_all(&tail)
    }

    /// A serialised block, or why it could not be serialised.
    pub(super) type Block = std::io::Result<Vec<u8>>;

    /// Serialises `blocks` one after another into `tx`; stops when nobody reads any more.
    fn serialise<'f>(blocks: impl Iterator<Item = &'f [Finding]>, tx: &SyncSender<Block>) {
        for block in blocks {
            // A panic would otherwise surface as one of the caller's own.
            let bytes = std::panic::catch_unwind(|| block_bytes(block))
                .unwrap_or_else(|_| Err(std::io::Error::other("serialising findings failed")));
            if tx.send(bytes).is_err() {
                break;
            }
        }
    }

    /// Writes block after block, block `b` from the channel of thread `b % rx.len()`; a block
    /// whose thread is missing (it could not be started) or gone is serialised here.
    pub(super) fn write_in_order(
        blocks: &[&[Finding]],
        rx: &[Option<Receiver<Block>>],
        w: &mut dyn Write,
    ) -> std::io::Result<()> {
        for (b, block) in blocks.iter().enumerate() {
            let from = rx.get(b % rx.len().max(1)).and_then(Option::as_ref);
            let bytes = match from.map(Receiver::recv) {
                Some(Ok(bytes)) => bytes?,
                _ => block_bytes(block)?,
            };
            if b > 0 {
                w.write_all(b",")?;
            }
            w.write_all(&bytes)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "threads")]
    use super::parallel;
    use super::parallel::{BLOCK, block_bytes, shell};
    use super::*;
    use crate::bom::SourceKind;
    #[cfg(feature = "threads")]
    use crate::report::Finding;
    use crate::{Checker, Component, Context, Date, RuleSet};

    /// A report with at least `n` findings: `n` Micron parts checked for a Chinese operator.
    fn report_with_findings(n: usize) -> Report {
        let rules = RuleSet::shipped().expect("shipped rules");
        let date: Date = "2024-01-01".parse().expect("date");
        let mut checker =
            Checker::new(&rules, Context::new(date).jurisdiction("CN")).expect("checker");
        for i in 0..n {
            let mut c = Component::new();
            c.set_reference(&format!("U{i}"));
            c.push_source(
                SourceKind::Primary,
                "Micron \"Technology\"\u{7f}",
                &format!("MT41K{i}"),
                "",
                Some(i + 2),
            );
            checker.check_in("hw/board.csv", &c);
        }
        checker.finish()
    }

    /// Fails with the first place where `a` and `b` differ.
    fn same_bytes(a: &[u8], b: &[u8]) {
        let at = a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let around = |s: &[u8]| {
            String::from_utf8_lossy(
                s.get(at.saturating_sub(60)..(at + 60).min(s.len()))
                    .unwrap_or_default(),
            )
            .to_string()
        };
        assert!(
            a == b,
            "differ at byte {at} (lengths {} and {}):\n{:?}\n{:?}",
            a.len(),
            b.len(),
            around(a),
            around(b)
        );
    }

    /// The block-by-block bytes, put together, are those of serialising the report whole.
    #[test]
    fn blocks_and_shell_make_the_whole_report() {
        let report = report_with_findings(BLOCK * 3 + 17);
        assert!(report.findings.len() > BLOCK * 3);
        let whole = serde_json::to_vec_pretty(&report).expect("serialises");
        let (head, tail) = shell(&report).expect("shell");
        let mut joined = head;
        for (b, block) in report.findings.chunks(BLOCK).enumerate() {
            if b > 0 {
                joined.push(b',');
            }
            joined.extend(block_bytes(block).expect("block"));
        }
        joined.extend(tail);
        same_bytes(&joined, &whole);
    }

    /// A thread that could not be started leaves its blocks to the writing loop, and every
    /// other block still comes from its own thread: the same bytes, none lost or repeated.
    #[cfg(feature = "threads")]
    #[test]
    fn a_missing_thread_loses_no_block() {
        use std::sync::mpsc::sync_channel;
        let report = report_with_findings(BLOCK * 5 + 3);
        let blocks: Vec<&[Finding]> = report.findings.chunks(BLOCK).collect();
        let mut whole = Vec::new();
        for (b, block) in blocks.iter().enumerate() {
            if b > 0 {
                whole.push(b',');
            }
            whole.extend(block_bytes(block).expect("block"));
        }
        for missing in [0, 1, 2] {
            let (tx, rx) = sync_channel(blocks.len());
            // Three threads planned; thread `missing` never started. Thread 0 is played by
            // this one, ahead of time, when it is not the missing one.
            let mut channels = vec![None, None, None];
            if missing != 0 {
                for block in blocks.iter().step_by(3) {
                    tx.send(block_bytes(block)).expect("send");
                }
                channels[0] = Some(rx);
            }
            drop(tx);
            let mut out = Vec::new();
            parallel::write_in_order(&blocks, &channels, &mut out).expect("writes");
            same_bytes(&out, &whole);
        }
    }

    /// The writer gives the bytes of [`Report::to_json`], in parallel or not.
    #[test]
    fn written_report_is_the_serialised_one() {
        for n in [3, 5000] {
            let report = report_with_findings(n);
            let mut out = Vec::new();
            write(&report, &mut out).expect("writes");
            same_bytes(&out, report.to_json().as_bytes());
        }
    }
}
