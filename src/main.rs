//! The `bomgate` command: parses arguments, calls the library, prints, picks the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bomgate::bom::{BomFormat, Column, CsvOptions};
use bomgate::report::text;
use bomgate::{Checker, Context, Date, Error, ReadOptions, RuleSet, Severity};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check bills of materials against jurisdictional vendor bans.
///
/// Exit codes: 0 no finding at the fail level; 1 at least one; 2 usage or input error.
#[derive(Parser)]
#[command(name = "bomgate", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one or more BOM files (CSV or bomgate TOML).
    ///
    /// Exit codes: 0 no finding at the fail level, 1 at least one, 2 usage or input error.
    Check(CheckArgs),
    /// Inspect rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the rules, roles and scopes of the rule set.
    List(RuleSource),
    /// Validate rule files; prints every problem and exits 2 if there is one.
    Check(RuleSource),
}

#[derive(Args)]
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
    /// BOM files to check.
    #[arg(required = true, value_name = "BOM")]
    boms: Vec<PathBuf>,
    #[command(flatten)]
    source: RuleSource,
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
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Deny)]
    fail_on: FailOn,
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

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
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
        Command::Check(args) => run_check(args),
        Command::Rules(RulesCommand::List(src)) => rules_list(&src),
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
    let rules = load_rules(&args.source)?;
    let as_of = match &args.as_of {
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| Error::Context(format!("--as-of: {e}")))?,
        None => Date::today_utc(),
    };
    let mut ctx = Context::new(as_of).fail_on(match args.fail_on {
        FailOn::Deny => Some(Severity::Deny),
        FailOn::Warn => Some(Severity::Warn),
        FailOn::Review => Some(Severity::Review),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    });
    ctx.jurisdictions = args.jurisdiction.iter().map(|j| j.to_uppercase()).collect();
    ctx.roles = args.role.clone();
    ctx.segments = args.segment.clone();
    ctx.purposes = args.purpose.clone();

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
        }),
        csv: CsvOptions {
            columns,
            delimiter: None,
        },
    };

    let mut checker = Checker::new(&rules, ctx)?;
    for bom in &args.boms {
        checker.check_path(bom, &opts)?;
    }
    let report = checker.finish();
    let body = match args.format {
        Format::Json => report.to_json(),
        Format::Text => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    args.output.is_none()
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            text::render(&report, color)
        }
    };
    match &args.output {
        Some(path) => {
            write_atomic(path, body.as_bytes())?;
            let s = &report.summary;
            eprintln!(
                "{}: {} findings ({} deny, {} warn, {} review, {} info) in {} components; report written to {}",
                if report.fails() { "FAIL" } else { "PASS" },
                s.findings,
                s.deny,
                s.warn,
                s.review,
                s.info,
                s.components,
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(body.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                })?;
        }
    }
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
