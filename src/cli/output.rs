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
        let body = render(report, *format, style, output.is_none());
        match output {
            Some(path) => write_atomic(path, body.as_bytes())?,
            None => write_stdout(body.as_bytes())?,
        }
        if *format == Format::Github {
            append_job_summary(report);
        }
    }
    if plan.iter().all(|(_, o)| o.is_some()) {
        eprintln!(
            "{}: {}",
            if report.fails() { "FAIL" } else { "PASS" },
            text::summary_line(report)
        );
    }
    Ok(())
}

/// Writes to standard output. A reader that stopped early (`| head`) does not change the
/// verdict, so a broken pipe is not an error here.
fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Io {
            path: "<stdout>".into(),
            source,
        }),
        Ok(()) => Ok(()),
    }
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
                    eprintln!("warning: {}", text::visible(w));
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
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
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
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
