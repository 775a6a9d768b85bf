//! The command describing itself: `bomgate completions`, `bomgate man`, `bomgate version`,
//! and `bomgate rules doc` (the rule-file format).

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use bomgate::{Error, RuleSet};
use clap::CommandFactory;

use super::{Cli, DiffFormat};

/// The rule-file format, as shipped in the source tree (`rules/README.md`).
const RULES_DOC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md"));

/// `bomgate completions SHELL`: the completion script on standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "bomgate", &mut out);
    print_bytes(&out)
}

/// `bomgate man`: the page of `bomgate` followed by the page of every subcommand
/// (`bomgate-check`, `bomgate-rules-list`…) on standard output, for `man -l -`; with
/// `--dir DIR`, the same pages as files (`bomgate.1`, `bomgate-check.1`…) written into
/// `DIR`, which is created if needed. The `help` subcommand has no page: `--help` is on each.
pub fn man(dir: Option<&Path>) -> Result<ExitCode, Error> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = dir else {
        let mut out = Vec::new();
        render_pages(&cmd, &mut out).map_err(|source| io_error(Path::new("-"), source))?;
        return print_bytes(&out);
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Context(format!(
            "--dir {}: that is a file; name a folder for the manual pages (it is created if needed)",
            dir.display()
        )));
    }
    let cannot = |source: std::io::Error| {
        Error::Context(format!(
            "cannot write the manual pages into {}: {source}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(cannot)?;
    clap_mangen::generate_to(cmd.clone(), dir).map_err(cannot)?;
    let mut pages = Vec::new();
    page_names(&cmd, "bomgate", &mut pages);
    pages.sort();
    note!(
        "{} manual pages written to {}: {}",
        pages.len(),
        dir.display(),
        pages.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// The page of `cmd`, then those of its subcommands, depth first in the order `--help` lists
/// them: one roff stream, each page with its own title.
fn render_pages(cmd: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_pages(sub, out)?;
    }
    Ok(())
}

/// The file names `clap_mangen::generate_to` gives the pages of `cmd` and its subcommands.
fn page_names(cmd: &clap::Command, name: &str, out: &mut Vec<String>) {
    out.push(format!("{name}.1"));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        page_names(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

/// `bomgate version`: the program's version and the shipped rule pack's, with what the pack
/// holds and the newest day its facts were checked against their sources.
pub fn version(format: DiffFormat) -> Result<ExitCode, Error> {
    let rules = RuleSet::shipped()?;
    let pack = rules.packs().first();
    let pack_id = pack.map_or("shipped", |p| p.id.as_str());
    let pack_version = pack
        .and_then(|p| p.version.as_deref())
        .unwrap_or("unversioned");
    let checked = rules.instruments().iter().map(|i| i.checked).max();
    let text = match format {
        DiffFormat::Text => {
            let mut s = format!(
                "bomgate {}\nrules: {pack_id} {pack_version}: {} rules of {} instruments, {} entities, {} roles",
                env!("CARGO_PKG_VERSION"),
                rules.rules().len(),
                rules.instruments().len(),
                rules.entities().len(),
                rules.roles().len(),
            );
            if let Some(d) = checked {
                s.push_str(&format!("; facts checked up to {d}"));
            }
            s.push('\n');
            s
        }
        DiffFormat::Json => {
            let v = serde_json::json!({
                "bomgate": env!("CARGO_PKG_VERSION"),
                "rules": {
                    "pack": pack_id,
                    "version": pack.and_then(|p| p.version.as_deref()),
                    "rules": rules.rules().len(),
                    "instruments": rules.instruments().len(),
                    "entities": rules.entities().len(),
                    "roles": rules.roles().len(),
                    "checked": checked.map(|d| d.to_string()),
                    "sha256": rules.digest(),
                },
            });
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    print_bytes(text.as_bytes())
}

/// `bomgate rules doc`: the rule-file format (Markdown) on standard output.
pub fn rules_doc() -> Result<ExitCode, Error> {
    print_bytes(RULES_DOC.as_bytes())
}

fn print_bytes(bytes: &[u8]) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| io_error(Path::new("-"), source))?;
    Ok(ExitCode::SUCCESS)
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
