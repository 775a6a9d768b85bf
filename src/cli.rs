//! The command line: argument definitions; one module per subcommand, and the output
//! writing they share.

pub mod about;
pub mod check;
pub mod errors;
pub mod explain;
pub mod init;
mod inputs;
mod output;
pub mod rules;

use std::path::PathBuf;

use bomgate::FailLevel;
use bomgate::bom::BomFormat;
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
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check BOM files: CSV, bomgate TOML, CycloneDX JSON/XML, SPDX JSON/tag-value/3.0.
    ///
    /// Exit codes: 0 no finding at the fail level, 1 at least one, 2 usage or input error.
    Check(Box<CheckArgs>),
    /// Inspect rule sets.
    #[command(
        subcommand,
        after_help = "The rule-file format, with a complete example: `bomgate rules doc`."
    )]
    Rules(RulesCommand),
    /// Does a vendor name match a listed entity, and how? Or, with --bom and --ref: what one
    /// component's values matched and why it was or was not flagged.
    Explain(Box<ExplainArgs>),
    /// Every dated event ahead for a BOM, in date order: findings that appear, change
    /// severity or go away.
    Timeline(Box<TimelineArgs>),
    /// Write a commented starter `bomgate.toml` in the current folder.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// For example: `bomgate completions bash > ~/.local/share/bash-completion/completions/bomgate`,
    /// `bomgate completions zsh > ~/.zfunc/_bomgate`,
    /// `bomgate completions fish > ~/.config/fish/completions/bomgate.fish`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual pages (roff): bomgate's, then every subcommand's; or write them to --dir.
    ///
    /// `bomgate man | man -l -` reads them all; `bomgate man --dir DIR` writes the same pages
    /// as `bomgate.1`, `bomgate-check.1`, `bomgate-rules-list.1` and the others into DIR for a
    /// package to install under `share/man/man1`.
    Man {
        /// Write one page per command and subcommand into this folder (created if needed).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the version of bomgate and of its shipped rules.
    ///
    /// The rule pack's version, how many rules, instruments, entities and roles it holds,
    /// and the newest day its facts were checked against their sources.
    Version {
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// List the rules, roles and scopes of the rule set.
    List {
        #[command(flatten)]
        source: RuleSource,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Show one entity or rule in full: every name, alias, member with dates, family,
    /// identifier, and the rules naming it (or, for a rule, its obligations and listings).
    Show {
        /// An entity id or a rule id.
        id: String,
        #[command(flatten)]
        source: RuleSource,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Validate rule files; prints every problem and exits 2 if there is one.
    Check(RuleSource),
    /// Print the rule-file format (Markdown): instruments, rules, obligations, entities,
    /// roles, scopes and packs, with a complete example.
    Doc,
    /// What changed between two rule sets: instruments, rules, obligations, listings,
    /// entities, names and members. Read it before accepting a rule update.
    Diff {
        /// The old rule set: a folder or file, or `shipped`.
        old: String,
        /// The new rule set: a folder or file, or `shipped`.
        new: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Turn an official screening list into a rule pack that `--rules DIR` loads: the US
    /// Consolidated Screening List CSV, or OFAC's sdn.csv (with --alt alt.csv).
    Import(ImportArgs),
}

/// `bomgate rules import FORMAT FILE --list-date DATE --output DIR`.
#[derive(Args)]
pub struct ImportArgs {
    /// The list's format.
    #[arg(value_enum)]
    pub format: ListFormatArg,
    /// The list file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// OFAC's alt.csv: the aliases of the entries of sdn.csv (ofac-sdn only).
    #[arg(long, value_name = "FILE")]
    pub alt: Option<PathBuf>,
    /// The day the list was published or downloaded (YYYY-MM-DD); neither file says. It
    /// versions the pack, and dates the listings of rows that have no start date.
    #[arg(long, value_name = "DATE")]
    pub list_date: String,
    /// The folder to write the pack into (created; replaced only with --force).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the output folder if it is not empty.
    #[arg(long)]
    pub force: bool,
    /// Also import individuals, vessels and aircraft (default: entities only).
    #[arg(long)]
    pub all_types: bool,
}

/// The list formats of `rules import`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormatArg {
    /// US Consolidated Screening List CSV (ITA); also the BIS and State list CSVs.
    Csl,
    /// OFAC sdn.csv (no header, `-0-` for empty).
    #[value(name = "ofac-sdn")]
    OfacSdn,
}

impl From<ListFormatArg> for bomgate::rules::import::ListFormat {
    fn from(f: ListFormatArg) -> Self {
        match f {
            ListFormatArg::Csl => Self::Csl,
            ListFormatArg::OfacSdn => Self::OfacSdn,
        }
    }
}

#[derive(Args, Clone)]
pub struct RuleSource {
    /// Add a rule file or folder (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Leave out the rules shipped with bomgate.
    #[arg(long)]
    pub no_default_rules: bool,
}

/// Where the project configuration comes from.
#[derive(Args, Clone)]
pub struct ConfigArgs {
    /// Use this configuration file instead of searching for bomgate.toml upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any bomgate.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

/// Who is checking, for what, on which date.
#[derive(Args, Clone)]
pub struct ContextArgs {
    /// Only rules of this jurisdiction, ISO 3166-1 alpha-2 (repeatable).
    #[arg(long, value_name = "CC")]
    pub jurisdiction: Vec<String>,
    /// Only rules binding this buyer role (repeatable), e.g. cii-operator.
    #[arg(long, value_name = "ROLE")]
    pub role: Vec<String>,
    /// The network segment the parts go into (repeatable), e.g. 5g, core.
    #[arg(long, value_name = "SEGMENT")]
    pub segment: Vec<String>,
    /// What the parts are used for (repeatable), e.g. public-safety.
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Vec<String>,
    /// The product class of the product as a whole, for country-of-production rules:
    /// uas, uas-critical-component, consumer-router, power-inverter, robotic-device.
    #[arg(long, value_name = "CLASS")]
    pub product_class: Option<String>,
    /// The product's country of production (ISO 3166-1 alpha-2 or a country name).
    #[arg(long, value_name = "CC")]
    pub origin: Option<String>,
    /// An exception declared for the whole product, e.g. blue-uas (repeatable).
    #[arg(long, value_name = "ID")]
    pub exception: Vec<String>,
    /// Evaluate rules on this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// BOMs to check: files, folders, globs (`'hw/**/*.csv'`) or `-` for standard input
    /// (default: `boms` of bomgate.toml).
    ///
    /// Under a folder, every file with a BOM extension is read, and one that cannot be read
    /// is an error, except files recognised as something else (package.json, Cargo.toml,
    /// bomgate's own reports and rule files…), which are listed as skipped; a .txt file is
    /// read when it is a tab-separated table. Hidden files, node_modules, build folders
    /// (CACHEDIR.TAG) and links to folders are not walked. A file named twice is checked once.
    #[arg(value_name = "BOM")]
    pub boms: Vec<PathBuf>,
    #[command(flatten)]
    pub source: RuleSource,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    /// Report format (repeatable; the n-th --format goes to the n-th --output, a last one
    /// without --output to standard output).
    #[arg(long, value_enum)]
    pub format: Vec<Format>,
    /// Write a report to this file (repeatable, paired with --format), atomically.
    #[arg(long, short, value_name = "FILE")]
    pub output: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: deny].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// When nothing in the BOMs can be screened (a software SBOM that names no vendor):
    /// error (exit 2), fail (exit 1) or warn (pass, with a warning) [default: error].
    #[arg(long, value_enum)]
    pub unscreenable: Option<UnscreenableArg>,
    /// A waiver file (repeatable).
    #[arg(long, value_name = "FILE")]
    pub waivers: Vec<PathBuf>,
    /// Fail only on findings not recorded in this baseline; report recorded ones that are gone.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (exit 0 unless an error).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Map a CSV column by its header: ROLE=HEADER, ROLE one of designator, quantity,
    /// manufacturer, mpn, supplier, provider, publisher, kind, name (repeatable).
    #[arg(long, value_name = "ROLE=HEADER")]
    pub column: Vec<String>,
    /// BOM format instead of detecting it.
    #[arg(long, value_enum)]
    pub bom_format: Option<InputFormat>,
    /// Colour in text reports.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// How the text report groups findings: by component (a summary table, then each
    /// component with its rules) or by rule (each rule, then the components it flags).
    #[arg(long, value_enum, default_value_t = GroupByArg::Component)]
    pub group_by: GroupByArg,
    /// Check this many BOM files at once [default: the number of CPUs]. The report is the
    /// same whatever the number.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Print only the verdict line (`PASS: …` / `FAIL: …`) instead of the text report on
    /// standard output; reports written to files are complete.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    Component,
    Rule,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Deny,
    Warn,
    Review,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum InputFormat {
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
    Xlsx,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// Vendor names to explain.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Explain a component of this BOM instead (with --ref).
    #[arg(long, value_name = "FILE", requires = "reference")]
    pub bom: Option<PathBuf>,
    /// The designator or bom-ref of the component to explain.
    #[arg(long = "ref", value_name = "REF", requires = "bom")]
    pub reference: Option<String>,
    #[command(flatten)]
    pub source: RuleSource,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Args)]
pub struct TimelineArgs {
    /// The BOM.
    #[arg(value_name = "BOM")]
    pub bom: PathBuf,
    #[command(flatten)]
    pub source: RuleSource,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// `--unscreenable`.
#[derive(Clone, Copy, ValueEnum)]
pub enum UnscreenableArg {
    /// Exit 2.
    Error,
    /// Exit 1.
    Fail,
    /// Pass with a warning.
    Warn,
}

impl From<UnscreenableArg> for bomgate::gate::Unscreenable {
    fn from(u: UnscreenableArg) -> bomgate::gate::Unscreenable {
        match u {
            UnscreenableArg::Error => bomgate::gate::Unscreenable::Error,
            UnscreenableArg::Fail => bomgate::gate::Unscreenable::Fail,
            UnscreenableArg::Warn => bomgate::gate::Unscreenable::Warn,
        }
    }
}

/// How `rules diff` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Text,
    /// For tools.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<FailOn> for FailLevel {
    fn from(f: FailOn) -> FailLevel {
        match f {
            FailOn::Deny => FailLevel::At(bomgate::Severity::Deny),
            FailOn::Warn => FailLevel::At(bomgate::Severity::Warn),
            FailOn::Review => FailLevel::At(bomgate::Severity::Review),
            FailOn::Info => FailLevel::At(bomgate::Severity::Info),
            FailOn::Never => FailLevel::Never,
        }
    }
}

impl From<InputFormat> for BomFormat {
    fn from(f: InputFormat) -> BomFormat {
        match f {
            InputFormat::Csv => BomFormat::Csv,
            InputFormat::Toml => BomFormat::Toml,
            InputFormat::CycloneDxJson => BomFormat::CycloneDxJson,
            InputFormat::CycloneDxXml => BomFormat::CycloneDxXml,
            InputFormat::SpdxJson => BomFormat::SpdxJson,
            InputFormat::SpdxTagValue => BomFormat::SpdxTagValue,
            InputFormat::Spdx3JsonLd => BomFormat::Spdx3JsonLd,
            InputFormat::Xlsx => BomFormat::Xlsx,
        }
    }
}
