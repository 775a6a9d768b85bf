//! `bomgate check`: configuration and flags → rules, context, policy and BOMs → one report,
//! written in every format asked for → exit code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bomgate::bom::{Column, CsvOptions};
use bomgate::config::Config;
use bomgate::gate::Unscreenable;
use bomgate::{Baseline, Checker, Context, Date, Error, Policy, ReadOptions, RuleSet};
use bomgate::{Report, Waiver};
use clap::ValueEnum;

use super::inputs::Input;
use super::output::{self, write_atomic};
use super::rules::load_rules;
use super::{CheckArgs, ConfigArgs, ContextArgs, Format, RuleSource};

/// `none of the 3 components of X names a …`, `the one component of X names no …`, `X has
/// no component`.
fn none_screenable(n: usize, of: &str) -> String {
    match n {
        0 => format!("{of} has no component"),
        1 => format!(
            "the one component of {of} names no manufacturer, supplier, part number or identifier"
        ),
        n => format!(
            "none of the {n} components of {of} names a manufacturer, supplier, part number or identifier"
        ),
    }
}

/// Runs `bomgate check`.
pub fn run(args: CheckArgs) -> Result<ExitCode, Error> {
    let config = load_config(&args.config)?;
    let cfg = config.as_ref();
    let rules = load_rules(&rule_source(&args.source, cfg))?;
    let ctx = context(&args.context, cfg)?;
    let boms = bom_paths(&args, cfg)?;
    let reports = report_plan(&args, cfg)?;
    let opts = read_options(&args)?;
    let policy = policy(&args, cfg, &rules)?;
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let report = check_boms(&rules, ctx, cfg, &boms, &opts, policy.unscreenable, jobs)?;
    let report = policy.apply(&rules, report);
    if let Some(path) = &args.write_baseline {
        write_atomic(path, Baseline::from_report(&report).to_json().as_bytes())?;
    }
    output::write_reports(
        &report,
        &reports,
        output::TextStyle {
            color: args.color,
            group_by: args.group_by,
            quiet: args.quiet,
        },
    )?;
    if let Some(path) = &args.write_baseline {
        note!("{}", baseline_written(&report, path));
    }
    let code = if report.fails() && args.write_baseline.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing a million-line BOM's findings one by one would only
    // delay the exit (by a tenth of the whole run); the system takes the memory back at once.
    std::mem::forget(report);
    std::mem::forget(rules);
    Ok(code)
}

/// What writing a baseline did, after the report's verdict: the exit code is 0 because the
/// findings are now recorded, not because the check passed.
fn baseline_written(report: &Report, path: &Path) -> String {
    let mut recorded = format!(
        "baseline written to {}: {} recorded",
        path.display(),
        output::count(
            Baseline::from_report(report).entries.len(),
            "finding",
            "findings"
        )
    );
    match Baseline::left_out(report) {
        0 => {}
        n => {
            let _ = write!(
                recorded,
                "; {} left out: {}",
                output::count(n, "waived finding", "waived findings"),
                if n == 1 {
                    "its waiver accounts for it until it expires"
                } else {
                    "their waivers account for them until they expire"
                },
            );
        }
    }
    if report.fails() {
        format!(
            "{recorded}; exit 0, although without the baseline the check FAILs ({} failing); checked against it (`--baseline {}`), only new findings fail",
            report.summary.failing,
            path.display()
        )
    } else {
        recorded
    }
}

/// The project configuration: `--config`, else the nearest `bomgate.toml` upward, unless
/// `--no-config`.
pub fn load_config(args: &ConfigArgs) -> Result<Option<Config>, Error> {
    if args.no_config {
        return Ok(None);
    }
    if let Some(p) = &args.config {
        return Config::load(p).map(Some);
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    Config::discover(&cwd).map(|p| Config::load(&p)).transpose()
}

/// Rules: those of the command line and of the configuration add up.
pub fn rule_source(args: &RuleSource, cfg: Option<&Config>) -> RuleSource {
    let mut source = RuleSource {
        rules: cfg.map(|c| c.rules.clone()).unwrap_or_default(),
        no_default_rules: args.no_default_rules || cfg.is_some_and(|c| !c.default_rules),
    };
    source.rules.extend(args.rules.iter().cloned());
    source
}

/// The context: a flag given on the command line replaces the configuration's value.
pub fn context(args: &ContextArgs, cfg: Option<&Config>) -> Result<Context, Error> {
    let pick = |cli: &[String], conf: fn(&Config) -> &Vec<String>| -> Vec<String> {
        if cli.is_empty() {
            cfg.map(|c| conf(c).clone()).unwrap_or_default()
        } else {
            cli.to_vec()
        }
    };
    let as_of = match &args.as_of {
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| Error::Context(format!("--as-of: {e}")))?,
        None => cfg.and_then(|c| c.as_of).unwrap_or_else(Date::today_utc),
    };
    let mut ctx = Context::new(as_of);
    ctx.jurisdictions = pick(&args.jurisdiction, |c| &c.jurisdictions)
        .iter()
        .map(|j| j.to_uppercase())
        .collect();
    ctx.roles = pick(&args.role, |c| &c.roles);
    ctx.segments = pick(&args.segment, |c| &c.segments);
    ctx.purposes = pick(&args.purpose, |c| &c.purposes);
    ctx.exceptions = pick(&args.exception, |c| &c.exceptions);
    ctx.product_class = args
        .product_class
        .clone()
        .or_else(|| cfg.and_then(|c| c.product_class.clone()));
    ctx.origin = args
        .origin
        .clone()
        .or_else(|| cfg.and_then(|c| c.origin.clone()));
    Ok(ctx)
}

/// The BOMs: those named on the command line, else the configuration's.
fn bom_paths(args: &CheckArgs, cfg: Option<&Config>) -> Result<Vec<PathBuf>, Error> {
    let boms: Vec<PathBuf> = if args.boms.is_empty() {
        cfg.map(|c| c.boms.clone()).unwrap_or_default()
    } else {
        args.boms.clone()
    };
    if boms.is_empty() {
        return Err(Error::Context(
            "no BOM to check: name one (`bomgate check bom.csv`) or list them as `boms` in bomgate.toml".into(),
        ));
    }
    Ok(boms)
}

/// The reports to write: `--format`/`--output` pairs, else the configuration's, else text on
/// standard output. At most one goes to standard output.
fn report_plan(
    args: &CheckArgs,
    cfg: Option<&Config>,
) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
    let reports = if args.format.is_empty() && args.output.is_empty() {
        configured_reports(cfg)?
    } else {
        flag_reports(args)?
    };
    if reports.iter().filter(|(_, o)| o.is_none()).count() > 1 {
        return Err(Error::Context(
            "only one report can go to standard output: give the others an --output".into(),
        ));
    }
    Ok(reports)
}

/// The configuration's `[[report]]`s, and text on standard output unless one goes there.
fn configured_reports(cfg: Option<&Config>) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
    let mut reports = Vec::new();
    if let Some(c) = cfg {
        for (f, out) in &c.reports {
            let format = Format::from_str(f, true).map_err(|_| {
                Error::Context(format!(
                    "unknown report format `{f}` in {}",
                    c.path.display()
                ))
            })?;
            reports.push((format, out.clone()));
        }
    }
    if !reports.iter().any(|(_, o)| o.is_none()) {
        reports.push((Format::Text, None));
    }
    Ok(reports)
}

/// `--format` and `--output` paired in order; a last `--format` may go to standard output.
fn flag_reports(args: &CheckArgs) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
    if args.format.is_empty() && !args.output.is_empty() {
        // `--output report.json`: the format from the extension, never text in a .json file.
        return args
            .output
            .iter()
            .map(|o| format_of(o).map(|f| (f, Some(o.clone()))))
            .collect();
    }
    let formats = if args.format.is_empty() {
        vec![Format::Text]
    } else {
        args.format.clone()
    };
    if args.output.len() > formats.len() || formats.len() > args.output.len() + 1 {
        return Err(Error::Context(format!(
            "{} --format and {} --output: give one --output per --format (a last --format may go to standard output)",
            formats.len(),
            args.output.len()
        )));
    }
    Ok(formats
        .iter()
        .enumerate()
        .map(|(k, f)| (*f, args.output.get(k).cloned()))
        .collect())
}

/// The report format an output file's extension names.
fn format_of(path: &Path) -> Result<Format, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "json" => Format::Json,
        "sarif" => Format::Sarif,
        "xml" => Format::Junit,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" => Format::Html,
        "txt" | "text" => Format::Text,
        _ => {
            return Err(Error::Context(format!(
                "cannot tell the report format of {} from its extension: add --format (text, json, sarif, junit, github, markdown, html), or name it .json, .sarif, .xml (JUnit), .md, .html or .txt",
                path.display()
            )));
        }
    })
}

/// How BOMs are read: `--bom-format` and `--column` mappings.
fn read_options(args: &CheckArgs) -> Result<ReadOptions, Error> {
    let mut columns = Vec::new();
    for spec in &args.column {
        let Some((role, header)) = spec.split_once('=') else {
            return Err(Error::Context(format!(
                "--column `{spec}`: write ROLE=HEADER, e.g. --column manufacturer=Hersteller"
            )));
        };
        let Some(col) = Column::parse(role) else {
            return Err(Error::Context(format!(
                "--column `{spec}`: unknown role `{role}` — use designator, quantity, manufacturer, mpn, supplier, name, provider, publisher, kind, origin, class or exception"
            )));
        };
        columns.push((col, header.to_string()));
    }
    Ok(ReadOptions {
        format: args.bom_format.map(Into::into),
        csv: CsvOptions {
            columns,
            delimiter: None,
        },
    })
}

/// The gate policy: fail level (flag, else configuration, else deny), waivers (inline in the
/// configuration, its waiver files, `--waivers`) and the baseline (`--baseline`, else the
/// configuration's unless a baseline is being written).
fn policy(args: &CheckArgs, cfg: Option<&Config>, rules: &RuleSet) -> Result<Policy, Error> {
    let fail_on = match args.fail_on {
        Some(f) => f.into(),
        None => cfg.and_then(|c| c.fail_on).unwrap_or_default(),
    };
    let unscreenable = args
        .unscreenable
        .map(Into::into)
        .or_else(|| cfg.and_then(|c| c.unscreenable))
        .unwrap_or_default();
    let mut policy = Policy::default()
        .fail_on(fail_on)
        .unscreenable(unscreenable);
    // Waivers are named like BOMs: relative to the repository root.
    let root = report_root(cfg);
    let name = |p: &Path| bomgate::report::file_name(root.as_deref(), p);
    if let Some(c) = cfg {
        policy = policy.waivers(c.waivers_named(rules, &name(&c.path))?);
    }
    let waiver_files = cfg
        .map(|c| c.waiver_files.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(args.waivers.iter().cloned());
    for wf in waiver_files {
        let text = read_text(&wf)?;
        policy = policy.waivers(Waiver::parse_file(&name(&wf), &text, rules)?);
    }
    if let Some(days) = cfg.and_then(|c| c.waiver_warning_days) {
        policy = policy.waiver_warning_days(days);
    }
    let baseline_path = match (&args.baseline, &args.write_baseline) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(_)) => None,
        (None, None) => cfg.and_then(|c| c.baseline.clone()),
    };
    if let Some(p) = baseline_path {
        policy = policy.baseline(Baseline::load(&p).map_err(baseline_hint)?);
    }
    Ok(policy)
}

/// A missing baseline, with the flag that writes it (the path as the user would type it:
/// relative to the working directory when under it).
fn baseline_hint(e: Error) -> Error {
    let Error::MissingBaseline { path } = &e else {
        return e;
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = path.strip_prefix(&cwd).unwrap_or(path).display();
    Error::Context(format!(
        "the baseline {shown} does not exist yet: record today's findings in it with `bomgate check --write-baseline {shown}`, commit it, and check against it from then on"
    ))
}

/// A file's text, or an error naming it.
fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Checks every BOM into one report; a run in which nothing could be screened is an error.
fn check_boms(
    rules: &RuleSet,
    ctx: Context,
    cfg: Option<&Config>,
    boms: &[PathBuf],
    opts: &ReadOptions,
    unscreenable: Unscreenable,
    jobs: usize,
) -> Result<Report, Error> {
    let mut checker = Checker::new(rules, ctx)?;
    if let Some(root) = report_root(cfg) {
        checker.set_root(root);
    }
    let found = super::inputs::expand(boms)?;
    for (p, why) in &found.skipped {
        note!("skipped {}: {why}", p.display());
    }
    for (dropped, kept) in &found.duplicates {
        note!(
            "{} is the same file as {}: checked once",
            dropped.display(),
            kept.display()
        );
    }
    for (part, input) in check_inputs(&checker, &found.inputs, opts, jobs)
        .into_iter()
        .zip(&found.inputs)
    {
        checker.absorb(part.map_err(|e| in_folder(e, input, &found.found_in))?);
    }
    let report = checker.finish();
    if report.summary.screened == 0 && unscreenable == Unscreenable::Error {
        return Err(Error::Context(format!(
            "{}: nothing could be screened, so nothing is known to comply — map the vendor columns with --column, export the BOM with its vendor data, or decide with --unscreenable fail|warn (unscreenable in bomgate.toml)",
            none_screenable(
                report.summary.components,
                &boms
                    .iter()
                    .map(|b| b.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )));
    }
    Ok(report)
}

/// An error reading a file found in a folder, with why it was read and how to leave it out.
fn in_folder(e: Error, input: &Input, found_in: &BTreeMap<PathBuf, PathBuf>) -> Error {
    let Some(folder) = (match input {
        Input::File(p) => found_in.get(p),
        Input::Stdin => None,
    }) else {
        return e;
    };
    Error::Context(format!(
        "{} (found in the folder {}, whose files with a BOM extension are all read as BOMs; if it is not a BOM, name the BOM files or a glob such as '{}/**/*.csv' instead of the folder)",
        super::errors::message(&e),
        folder.display(),
        folder.display().to_string().trim_end_matches('/')
    ))
}

/// Checks each input with a fork of `checker` per thread, on up to `jobs` threads, and
/// returns a part per input, in input order: the report, and the first error, are those of a check one file
/// after another.
fn check_inputs<'r>(
    checker: &Checker<'r>,
    inputs: &[Input],
    opts: &ReadOptions,
    jobs: usize,
) -> Vec<Result<Checker<'r>, Error>> {
    // Each thread checks its files with one fork, taking a part from it after each file:
    // its cache of maker names stays warm from file to file.
    let one = |worker: &mut Checker<'r>, input: &Input| {
        let checked = check_input(worker, input, opts);
        let part = worker.take_part();
        checked.map(|()| part)
    };
    let threads = jobs.min(inputs.len());
    if threads <= 1 {
        // Stop at the first error, as a sequential check does.
        let mut worker = checker.fork();
        let mut parts = Vec::new();
        for input in inputs {
            let part = one(&mut worker, input);
            let failed = part.is_err();
            parts.push(part);
            if failed {
                break;
            }
        }
        return parts;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Checker<'r>, Error>>>> =
        inputs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        let mut worker = checker.fork();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let (Some(input), Some(slot)) = (inputs.get(i), slots.get(i)) else {
                break;
            };
            let part = one(&mut worker, input);
            if let Ok(mut guard) = slot.lock() {
                *guard = Some(part);
            }
        }
    };
    std::thread::scope(|s| {
        // This thread works too; a helper the system refuses (a process limit) only means
        // fewer threads, never an error or a file left out.
        for _ in 1..threads {
            let _ = std::thread::Builder::new()
                .name("check".into())
                .spawn_scoped(s, work);
        }
        work();
    });
    // A slot left empty (a worker that panicked) is an error, never a file silently left out.
    slots
        .into_iter()
        .zip(inputs)
        .map(|(m, input)| {
            m.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Error::Context(format!(
                    "checking {} stopped unexpectedly: run again with --jobs 1",
                    input.describe()
                )))
            })
        })
        .collect()
}

/// Checks one input (a file, or standard input) into `part`.
fn check_input(part: &mut Checker<'_>, input: &Input, opts: &ReadOptions) -> Result<(), Error> {
    match input {
        Input::File(p) => part.check_path(p, opts),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map_err(
                |source| Error::Io {
                    path: "<stdin>".into(),
                    source,
                },
            )?;
            part.check_bytes("<stdin>", &bytes, opts)
        }
    }
}

/// Reports name BOMs relative to the repository root, else the configuration's folder, else
/// the working directory: stable across machines and working directories.
fn report_root(cfg: Option<&Config>) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    Some(
        cwd.ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf)
            .or_else(|| cfg.and_then(|c| c.path.parent().map(Path::to_path_buf)))
            .unwrap_or(cwd),
    )
}
