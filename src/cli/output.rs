//! Writing reports: rendering each format, standard output or files (atomically), the GitHub
//! job summary, and the verdict line on standard error when no report went to the terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use bomgate::report::{github, html, junit, markdown, sarif, text};
use bomgate::{Error, Report};

use super::{ColorChoice, Format, GroupByArg};

/// How a text report on standard output looks: colour, grouping, or the verdict alone.
#[derive(Clone, Copy)]
pub struct TextStyle {
    pub color: ColorChoice,
    pub group_by: GroupByArg,
    pub quiet: bool,
}

/// `1 rule`, `2 rules`: a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes every planned report; prints the verdict on standard error when all went to files.
pub fn write_reports(
    report: &Report,
    plan: &[(Format, Option<PathBuf>)],
    style: TextStyle,
) -> Result<(), Error> {
    for (format, output) in plan {
        let written = match output {
            // The largest report, written as it is made.
            Some(path) if *format == Format::Json => {
                write_atomic_with(path, &mut |w| report.write_json(w))
            }
            Some(path) => write_atomic(path, render(report, *format, style, false).as_bytes()),
            None => write_stdout(render(report, *format, style, true).as_bytes()),
        };
        match written {
            // A reader that stopped early (`| head`, `--output /dev/stdout | head`, a pipe)
            // neither changes the verdict nor keeps the other reports from being written.
            Err(e) if super::errors::is_broken_pipe(&e) => {}
            other => other?,
        }
        if *format == Format::Github {
            append_job_summary(report);
        }
    }
    if plan.iter().all(|(_, o)| o.is_some()) {
        note!(
            "{}: {}",
            if report.fails() { "FAIL" } else { "PASS" },
            text::summary_line(report)
        );
    }
    Ok(())
}

/// Writes to standard output.
fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })
}

/// In GitHub Actions, appends the Markdown report to the job summary.
fn append_job_summary(report: &Report) {
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        let md = markdown::render(report);
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(summary)
            .and_then(|mut f| f.write_all(md.as_bytes()));
    }
}

/// One report in one format. Text is coloured when asked, or on a terminal without
/// `NO_COLOR`; `--quiet` shortens text on standard output to the verdict line.
fn render(report: &Report, format: Format, style: TextStyle, to_stdout: bool) -> String {
    match format {
        Format::Json => report.to_json(),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::Text => {
            // Colour is for terminals and pipes into pagers, never for report files.
            let color = match style.color {
                ColorChoice::Always => to_stdout,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    to_stdout
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            if style.quiet && to_stdout {
                // Quiet keeps what a CI log must show: warnings (an expired waiver, a stale
                // baseline entry) go to standard error.
                for w in &report.warnings {
                    note!("warning: {}", text::visible(w));
                }
                return text::verdict_line(report, color);
            }
            let group_by = match style.group_by {
                GroupByArg::Component => text::GroupBy::Component,
                GroupByArg::Rule => text::GroupBy::Rule,
            };
            text::render_grouped(report, group_by, color)
        }
    }
}

/// Writes through a temporary file in the same folder and renames it into place, so that a
/// crash never leaves a half-written report. The folder is created if it does not exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`], with what `fill` writes. A path that leads to the file standard output
/// or error is open on (`/dev/stdout`, a link to it, the file a shell redirected it to) is
/// written through that stream; a device, a pipe, a socket or another open file of the
/// process (`/dev/fd/3`) is written in place (appended to): renaming a file over it would
/// replace the device for every other program, or a file the user's shell had opened. A link
/// to a file replaces the file it points to (made when missing), not the link.
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    match Special::of(path) {
        Some(Special::Stdout) => {
            return write_stream(&mut std::io::stdout().lock(), fill).map_err(io);
        }
        Some(Special::Stderr) => {
            return write_stream(&mut std::io::stderr().lock(), fill).map_err(io);
        }
        Some(Special::InPlace) => {
            let f = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(io)?;
            return write_stream(&mut std::io::BufWriter::with_capacity(WRITE_CHUNK, f), fill)
                .map_err(io);
        }
        None => {}
    }
    let target = link_target(path).map_err(io)?;
    let path = target.as_deref().unwrap_or(path);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        write_behind(&mut f, fill)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Runs `fill` on `w` and flushes it.
fn write_stream(
    w: &mut dyn Write,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    fill(w)?;
    w.flush()
}

/// An output path that must not be replaced by a renamed file.
enum Special {
    Stdout,
    Stderr,
    InPlace,
}

impl Special {
    fn of(path: &Path) -> Option<Special> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            use std::os::unix::fs::MetadataExt;
            // The command's own standard output or error, by whatever name or links: the
            // file they are open on (a shell's redirect) is the same file.
            if let Ok(m) = std::fs::metadata(path) {
                let same = |fd: std::io::Result<std::os::fd::OwnedFd>| {
                    fd.and_then(|fd| std::fs::File::from(fd).metadata())
                        .is_ok_and(|s| s.dev() == m.dev() && s.ino() == m.ino())
                };
                if same(std::io::stdout().as_fd().try_clone_to_owned()) {
                    return Some(Special::Stdout);
                }
                if same(std::io::stderr().as_fd().try_clone_to_owned()) {
                    return Some(Special::Stderr);
                }
            }
            // Another open file of the process (`/dev/fd/3`, `/proc/self/fd/3`).
            if names_an_open_file(path) {
                return Some(Special::InPlace);
            }
        }
        std::fs::metadata(path)
            .is_ok_and(|m| !m.is_file() && !m.is_dir())
            .then_some(Special::InPlace)
    }
}

/// Does `path`, or a link it leads through, name an entry of a process's table of open
/// files (`/proc/PID/fd/N`, and `/dev/fd/N`, which is a link to it)?
#[cfg(unix)]
fn names_an_open_file(path: &Path) -> bool {
    let in_fd_table = |p: &std::path::PathBuf| {
        p.parent()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .is_some_and(|d| d.starts_with("/proc") && d.ends_with("fd"))
    };
    hops(path).any(|p| in_fd_table(&p))
}

/// Links followed at most, as the system does.
const MAX_LINKS: usize = 40;

/// `path`, then each place the links on the way lead to, as many links deep as there are
/// (at most [`MAX_LINKS`]).
fn hops(path: &Path) -> impl Iterator<Item = std::path::PathBuf> {
    std::iter::successors(Some(path.to_path_buf()), |at| {
        let next = std::fs::read_link(at).ok()?;
        Some(match at.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        })
    })
    .take(MAX_LINKS + 1)
}

/// The file a link at `path` points to, followed to the end (also when it does not exist
/// yet); `None` when `path` is no link; an error for a loop of links.
fn link_target(path: &Path) -> std::io::Result<Option<std::path::PathBuf>> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(None);
    }
    if let Ok(p) = std::fs::canonicalize(path) {
        return Ok(Some(p));
    }
    // A dangling link: the file it names, as many links deep as there are.
    match hops(path).last() {
        Some(end) if std::fs::read_link(&end).is_err() => Ok(Some(end)),
        _ => Err(std::io::Error::other(
            "the links lead round in a loop: point the output at a file",
        )),
    }
}

/// Bytes handed to the writing thread at a time.
const WRITE_CHUNK: usize = 1 << 20;

/// Runs `fill` with a writer whose bytes a second thread writes to `file`, so that making a
/// large report and the system's copying of it overlap. Without a thread, writes here.
fn write_behind(
    file: &mut std::fs::File,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let Ok(mut theirs) = file.try_clone() else {
        return write_stream(
            &mut std::io::BufWriter::with_capacity(WRITE_CHUNK, file),
            fill,
        );
    };
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        // Written chunks come back to be filled again: a new megabyte for every chunk would
        // cost a fresh mapping and its page faults each time.
        let (back_tx, back) = std::sync::mpsc::channel::<Vec<u8>>();
        let writer = std::thread::Builder::new()
            .name("report-writer".into())
            .spawn_scoped(scope, move || -> std::io::Result<()> {
                for mut chunk in rx {
                    theirs.write_all(&chunk)?;
                    chunk.clear();
                    // The filling side may be gone already: then the chunk is simply freed.
                    let _ = back_tx.send(chunk);
                }
                Ok(())
            });
        let Ok(writer) = writer else {
            // No thread to be had: write here.
            return write_stream(
                &mut std::io::BufWriter::with_capacity(WRITE_CHUNK, &mut *file),
                fill,
            );
        };
        let mut out = Chunks {
            buf: Vec::with_capacity(WRITE_CHUNK),
            tx,
            back,
        };
        let filled = fill(&mut out).and_then(|()| out.flush());
        drop(out);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the report writer failed")));
        // The writer's own error says more than the "stopped" it caused here.
        match (filled, written) {
            (_, Err(e)) | (Err(e), Ok(())) => Err(e),
            (Ok(()), Ok(())) => Ok(()),
        }
    })
}

/// A writer that sends its bytes on in chunks of [`WRITE_CHUNK`] bytes, filled to the brim
/// and never grown.
struct Chunks {
    buf: Vec<u8>,
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    /// Chunks the writing thread is done with.
    back: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = WRITE_CHUNK.saturating_sub(self.buf.len());
        let take = bytes.get(..room).unwrap_or(bytes);
        self.buf.extend_from_slice(take);
        if self.buf.len() >= WRITE_CHUNK {
            self.flush()?;
        }
        Ok(take.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(WRITE_CHUNK));
        let chunk = std::mem::replace(&mut self.buf, next);
        // The writing thread stops at its first error, which `write_behind` reports.
        self.tx
            .send(chunk)
            .map_err(|_| std::io::Error::other("the report writer stopped"))
    }
}
