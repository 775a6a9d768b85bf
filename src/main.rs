//! The `bomgate` command: parses arguments, calls the library, prints, picks the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bomgate::bom::{BomFormat, Column, CsvOptions};
use bomgate::config::Config;
use bomgate::report::text;
use bomgate::{Baseline, Checker, Context, Date, Error, ReadOptions, RuleSet, Severity, Waiver};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check bills of materials against jurisdictional vendor bans.
///
/// Exit codes: 0 no finding at the fail level; 1 at least one; 2 usage or input error.
#[derive(Parser)]
#[command(
    name = "bomgate",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 no finding at the fail level (--fail-on, default deny); 1 at least one; 2 usage or input error.\nNot legal advice: see the README for what the rules encode."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check BOM files: CSV, bomgate TOML, CycloneDX JSON/XML, SPDX JSON/tag-value/3.0.
    ///
    /// Exit codes: 0 no finding at the fail level, 1 at least one, 2 usage or input error.
    Check(Box<CheckArgs>),
    /// Inspect rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Write a commented starter `bomgate.toml` in the current folder.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the rules, roles and scopes of the rule set.
    List(RuleSource),
    /// Validate rule files; prints every problem and exits 2 if there is one.
    Check(RuleSource),
}

#[derive(Args, Clone)]
struct RuleSource {
    /// Add a rule file or folder (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Leave out the rules shipped with bomgate.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// BOM files to check (default: `boms` of bomgate.toml).
    #[arg(value_name = "BOM")]
    boms: Vec<PathBuf>,
    #[command(flatten)]
    source: RuleSource,
    /// Use this configuration file instead of searching for bomgate.toml upward.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any bomgate.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Only rules of this jurisdiction, ISO 3166-1 alpha-2 (repeatable).
    #[arg(long, value_name = "CC")]
    jurisdiction: Vec<String>,
    /// Only rules binding this buyer role (repeatable), e.g. cii-operator.
    #[arg(long, value_name = "ROLE")]
    role: Vec<String>,
    /// The network segment the parts go into (repeatable), e.g. 5g, core.
    #[arg(long, value_name = "SEGMENT")]
    segment: Vec<String>,
    /// What the parts are used for (repeatable), e.g. public-safety.
    #[arg(long, value_name = "PURPOSE")]
    purpose: Vec<String>,
    /// Evaluate rules on this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Report format (repeatable; the n-th --format goes to the n-th --output, a last one
    /// without --output to standard output).
    #[arg(long, value_enum)]
    format: Vec<Format>,
    /// Write a report to this file (repeatable, paired with --format), atomically.
    #[arg(long, short, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: deny].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// A waiver file (repeatable).
    #[arg(long, value_name = "FILE")]
    waivers: Vec<PathBuf>,
    /// Fail only on findings not recorded in this baseline; report recorded ones that are gone.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (exit 0 unless an error).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Map a CSV column by its header: ROLE=HEADER, ROLE one of designator, quantity,
    /// manufacturer, mpn, supplier, name (repeatable).
    #[arg(long, value_name = "ROLE=HEADER")]
    column: Vec<String>,
    /// BOM format instead of detecting it.
    #[arg(long, value_enum)]
    bom_format: Option<InputFormat>,
    /// Colour in text reports.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Deny,
    Warn,
    Review,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Csv,
    Toml,
    #[value(name = "cyclonedx-json")]
    CycloneDxJson,
    #[value(name = "cyclonedx-xml")]
    CycloneDxXml,
    #[value(name = "spdx-json")]
    SpdxJson,
    #[value(name = "spdx-tag-value")]
    SpdxTagValue,
    #[value(name = "spdx3-json-ld")]
    Spdx3JsonLd,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules(RulesCommand::List(src)) => rules_list(&src),
        Command::Init { force } => init(force),
        Command::Rules(RulesCommand::Check(src)) => load_rules(&src).map(|set| {
            println!(
                "ok: {} rules, {} entities, {} roles",
                set.rules.len(),
                set.entities.len(),
                set.roles.len()
            );
            ExitCode::SUCCESS
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

fn load_rules(src: &RuleSource) -> Result<RuleSet, Error> {
    let mut b = RuleSet::builder();
    if !src.no_default_rules {
        b = b.shipped();
    }
    for p in &src.rules {
        b = b.path(p)?;
    }
    let set = b.build()?;
    if set.rules.is_empty() {
        return Err(Error::Context(
            "the rule set has no rules: drop --no-default-rules or add --rules PATH".into(),
        ));
    }
    Ok(set)
}

fn run_check(args: CheckArgs) -> Result<ExitCode, Error> {
    // The project configuration: --config, else the nearest bomgate.toml upward.
    let config = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(Config::load(p)?)
    } else {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: ".".into(),
            source,
        })?;
        Config::discover(&cwd)
            .map(|p| Config::load(&p))
            .transpose()?
    };
    let cfg = config.as_ref();

    // Rules: command line and configuration add up.
    let mut source = RuleSource {
        rules: cfg.map(|c| c.rules.clone()).unwrap_or_default(),
        no_default_rules: args.source.no_default_rules || cfg.is_some_and(|c| !c.default_rules),
    };
    source.rules.extend(args.source.rules.iter().cloned());
    let rules = load_rules(&source)?;

    // Context: a flag given on the command line replaces the configuration's value.
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
    let fail_on = match args.fail_on {
        Some(FailOn::Deny) => Some(Severity::Deny),
        Some(FailOn::Warn) => Some(Severity::Warn),
        Some(FailOn::Review) => Some(Severity::Review),
        Some(FailOn::Info) => Some(Severity::Info),
        Some(FailOn::Never) => None,
        None => cfg.and_then(|c| c.fail_on).unwrap_or(Some(Severity::Deny)),
    };
    let mut ctx = Context::new(as_of).fail_on(fail_on);
    ctx.jurisdictions = pick(&args.jurisdiction, |c| &c.jurisdictions)
        .iter()
        .map(|j| j.to_uppercase())
        .collect();
    ctx.roles = pick(&args.role, |c| &c.roles);
    ctx.segments = pick(&args.segment, |c| &c.segments);
    ctx.purposes = pick(&args.purpose, |c| &c.purposes);

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

    // Reports: --format/--output pairs, else the configuration's, else text on stdout.
    let mut reports: Vec<(Format, Option<PathBuf>)> = Vec::new();
    if args.format.is_empty() && args.output.is_empty() {
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
    } else {
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
        for (k, f) in formats.iter().enumerate() {
            reports.push((*f, args.output.get(k).cloned()));
        }
    }
    if reports.iter().filter(|(_, o)| o.is_none()).count() > 1 {
        return Err(Error::Context(
            "only one report can go to standard output: give the others an --output".into(),
        ));
    }

    let mut columns = Vec::new();
    for spec in &args.column {
        let Some((role, header)) = spec.split_once('=') else {
            return Err(Error::Context(format!(
                "--column `{spec}`: write ROLE=HEADER, e.g. --column manufacturer=Hersteller"
            )));
        };
        let Some(col) = Column::parse(role) else {
            return Err(Error::Context(format!(
                "--column `{spec}`: unknown role `{role}` — use designator, quantity, manufacturer, mpn, supplier or name"
            )));
        };
        columns.push((col, header.to_string()));
    }
    let opts = ReadOptions {
        format: args.bom_format.map(|f| match f {
            InputFormat::Csv => BomFormat::Csv,
            InputFormat::Toml => BomFormat::Toml,
            InputFormat::CycloneDxJson => BomFormat::CycloneDxJson,
            InputFormat::CycloneDxXml => BomFormat::CycloneDxXml,
            InputFormat::SpdxJson => BomFormat::SpdxJson,
            InputFormat::SpdxTagValue => BomFormat::SpdxTagValue,
            InputFormat::Spdx3JsonLd => BomFormat::Spdx3JsonLd,
        }),
        csv: CsvOptions {
            columns,
            delimiter: None,
        },
    };

    // Waivers (configuration inline and files, plus --waivers) and the baseline.
    let mut waivers = Vec::new();
    if let Some(c) = cfg {
        waivers.extend(c.waivers(&rules)?);
    }
    let waiver_files = cfg
        .map(|c| c.waiver_files.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(args.waivers.iter().cloned());
    for wf in waiver_files {
        let text = std::fs::read_to_string(&wf).map_err(|source| Error::Io {
            path: wf.clone(),
            source,
        })?;
        waivers.extend(Waiver::parse_file(
            &wf.display().to_string(),
            &text,
            &rules,
        )?);
    }
    let baseline_path = args.baseline.clone().or_else(|| {
        if args.write_baseline.is_some() {
            None
        } else {
            cfg.and_then(|c| c.baseline.clone())
        }
    });
    let baseline = match &baseline_path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            Some(Baseline::parse(&p.display().to_string(), &text)?)
        }
        None => None,
    };

    let mut checker = Checker::new(&rules, ctx)?;
    // Reports name BOMs relative to the repository root (else the configuration's folder,
    // else the working directory): stable across machines and working directories.
    if let Ok(cwd) = std::env::current_dir() {
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf)
            .or_else(|| cfg.and_then(|c| c.path.parent().map(Path::to_path_buf)))
            .unwrap_or(cwd);
        checker.set_root(root);
    }
    checker.waivers(waivers);
    if let Some(days) = cfg.and_then(|c| c.waiver_warning_days) {
        checker.waiver_warning_days(days);
    }
    if let Some(b) = baseline {
        checker.baseline(b);
    }
    for bom in &boms {
        checker.check_path(bom, &opts)?;
    }
    let report = checker.finish();
    if report.summary.screened == 0 {
        return Err(Error::Context(format!(
            "none of the {} components of {} names a manufacturer, supplier, part number or identifier: nothing could be screened, so nothing is known to comply — map the vendor columns with --column, or export the BOM with its vendor data",
            report.summary.components,
            boms.iter()
                .map(|b| b.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }

    if let Some(path) = &args.write_baseline {
        write_atomic(path, Baseline::from_report(&report).to_json().as_bytes())?;
        eprintln!(
            "baseline with {} findings written to {}",
            report.findings.len(),
            path.display()
        );
    }
    for (format, output) in &reports {
        let body = render(&report, *format, args.color, output.is_none());
        match output {
            Some(path) => write_atomic(path, body.as_bytes())?,
            None => {
                let mut out = std::io::stdout().lock();
                match out.write_all(body.as_bytes()).and_then(|()| out.flush()) {
                    // A reader that stopped early (`| head`) does not change the verdict.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                    Err(source) => {
                        return Err(Error::Io {
                            path: "<stdout>".into(),
                            source,
                        });
                    }
                    Ok(()) => {}
                }
            }
        }
        if *format == Format::Github {
            // The job summary, when running in GitHub Actions.
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
                let md = bomgate::report::markdown::render(&report);
                let _ = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(summary)
                    .and_then(|mut f| f.write_all(md.as_bytes()));
            }
        }
    }
    if reports.iter().all(|(_, o)| o.is_some()) {
        eprintln!(
            "{}: {}",
            if report.fails() { "FAIL" } else { "PASS" },
            text::summary_line(&report)
        );
    }
    Ok(if report.fails() && args.write_baseline.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn render(report: &bomgate::Report, format: Format, color: ColorChoice, to_stdout: bool) -> String {
    match format {
        Format::Json => report.to_json(),
        Format::Sarif => bomgate::report::sarif::render(report),
        Format::Junit => bomgate::report::junit::render(report),
        Format::Github => bomgate::report::github::render(report),
        Format::Markdown => bomgate::report::markdown::render(report),
        Format::Text => {
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    to_stdout
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            text::render(report, color)
        }
    }
}

fn init(force: bool) -> Result<ExitCode, Error> {
    let path = PathBuf::from(bomgate::config::FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Context(format!(
            "{} exists already: edit it, or pass --force to overwrite it",
            path.display()
        )));
    }
    write_atomic(&path, bomgate::config::STARTER.as_bytes())?;
    println!(
        "wrote {} — edit it, then run `bomgate check`",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file in the same folder and renames it into place, so that a
/// crash never leaves a half-written report.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
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

fn rules_list(src: &RuleSource) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(out, "RULES");
    for r in &set.rules {
        let j = set.jurisdiction_of(r);
        let _ = writeln!(
            out,
            "  {:<32} {}  {:<5} binds {:<40} {}",
            r.id,
            j,
            r.severity.as_str(),
            r.binds.join(","),
            r.title
        );
        for o in &r.obligations {
            let mut line = format!("      {} from {}", o.action.as_str(), o.from);
            if let Some(d) = o.deadline {
                let _ = write!(line, ", deadline {d}");
            }
            if !o.segments.is_empty() {
                let _ = write!(line, ", segments {}", o.segments.join("/"));
            }
            if !o.purposes.is_empty() {
                let _ = write!(line, ", purposes {}", o.purposes.join("/"));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "\nROLES");
    for r in &set.roles {
        let _ = writeln!(out, "  {:<24} {}  {}", r.id, r.jurisdiction, r.name);
    }
    let _ = writeln!(out, "\nSCOPES");
    for s in &set.scopes {
        let kind = match s.kind {
            bomgate::rules::ScopeKind::Segment => "segment",
            bomgate::rules::ScopeKind::Purpose => "purpose",
        };
        let _ = writeln!(
            out,
            "  {:<36} {kind:<8} {}",
            s.id,
            s.description.lines().next().unwrap_or("")
        );
    }
    let _ = writeln!(out, "\nENTITIES");
    for e in &set.entities {
        let _ = writeln!(
            out,
            "  {:<12} {} ({} aliases, {} group members, {} part-number families)",
            e.id,
            e.name,
            e.aliases.len(),
            e.members.len(),
            e.mpn_prefixes.len()
                + e.members
                    .iter()
                    .map(|m| m.mpn_prefixes.len())
                    .sum::<usize>()
        );
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}
