//! Project configuration (`bomgate.toml`): what a CI job would otherwise pass as flags —
//! context, extra rules, waivers, fail level, reports. Found by searching upward from the
//! working directory. Strict: an unknown key is an error with its place.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::FailLevel;
use super::waiver::{RawWaiver, Waiver};
use crate::date::{Date, TomlDate};
use crate::error::{Diagnostic, Error, suggest_key};
use crate::rules::RuleSet;

/// The file name searched for.
pub const FILE_NAME: &str = "bomgate.toml";

/// A report to write.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReportOutput {
    /// `text`, `json`, `sarif`, `junit`, `github`, `markdown` or `html`.
    pub format: String,
    /// Where to write it, relative to the configuration file; absent: standard output.
    pub output: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    jurisdictions: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    segments: Vec<String>,
    #[serde(default)]
    purposes: Vec<String>,
    product_class: Option<String>,
    origin: Option<String>,
    #[serde(default)]
    exceptions: Vec<String>,
    as_of: Option<TomlDate>,
    #[serde(default)]
    rules: Vec<String>,
    default_rules: Option<bool>,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    boms: Vec<String>,
    #[serde(default)]
    waiver_files: Vec<String>,
    waiver_warning_days: Option<i64>,
    baseline: Option<String>,
    unscreenable: Option<Spanned<String>>,
    #[serde(default)]
    report: Vec<ReportOutput>,
    #[serde(default)]
    waiver: Vec<Spanned<RawWaiver>>,
}

const KEYS: &[&str] = &[
    "jurisdictions",
    "roles",
    "segments",
    "purposes",
    "product-class",
    "origin",
    "exceptions",
    "as-of",
    "rules",
    "default-rules",
    "fail-on",
    "boms",
    "waiver-files",
    "waiver-warning-days",
    "baseline",
    "unscreenable",
    "report",
    "waiver",
    "format",
    "output",
];

/// A loaded configuration. Paths in it are resolved against the file's folder.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    /// Jurisdictions (ISO 3166-1 alpha-2).
    pub jurisdictions: Vec<String>,
    /// Buyer roles.
    pub roles: Vec<String>,
    /// Network segments.
    pub segments: Vec<String>,
    /// Purposes.
    pub purposes: Vec<String>,
    /// The product class of the product as a whole.
    pub product_class: Option<String>,
    /// The product's country of production.
    pub origin: Option<String>,
    /// Exceptions declared for the whole product.
    pub exceptions: Vec<String>,
    /// Evaluation date; absent: today.
    pub as_of: Option<Date>,
    /// Extra rule files or folders.
    pub rules: Vec<PathBuf>,
    /// Whether the shipped rules are used (default true).
    pub default_rules: bool,
    /// Fail level; absent: the command line's, else `deny`.
    pub fail_on: Option<FailLevel>,
    /// BOMs checked when the command line names none.
    pub boms: Vec<PathBuf>,
    /// Waiver files.
    pub waiver_files: Vec<PathBuf>,
    /// Warn about waivers expiring within this many days.
    pub waiver_warning_days: Option<i64>,
    /// Baseline file.
    pub baseline: Option<PathBuf>,
    /// What a check in which nothing could be screened does.
    pub unscreenable: Option<super::Unscreenable>,
    /// Reports to write.
    pub reports: Vec<(String, Option<PathBuf>)>,
    text: String,
    waivers: Vec<Spanned<RawWaiver>>,
}

impl Config {
    /// The nearest `bomgate.toml` in `start` or a folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// Loads a configuration file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read; [`Error::Config`] listing every unknown key or
    /// bad value with its line and column.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, text)
    }

    /// Parses configuration text; `path` locates relative paths and names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing every unknown key or bad value with its line and column.
    pub fn parse(path: &Path, text: String) -> Result<Config, Error> {
        let name = path.display().to_string();
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::new(&name, e.message().trim().to_string());
            if let Some(span) = e.span() {
                d = d.at_offset(&text, span.start);
            }
            let key = e
                .message()
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .and_then(|k| suggest_key(k, KEYS.iter().copied()));
            Error::Config(vec![match key {
                Some(s) => d.did_you_mean(s),
                None => d.help("see `bomgate init` for every key, with comments"),
            }])
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let fail_on = match &raw.fail_on {
            None => None,
            Some(s) => match s.get_ref().parse::<FailLevel>() {
                Ok(level) => Some(level),
                Err(_) => {
                    return Err(Error::Config(vec![
                        Diagnostic::new(
                            &name,
                            format!("`fail-on = \"{}\"` is not a level", s.get_ref()),
                        )
                        .at_offset(&text, s.span().start)
                        .help("use deny, warn, review, info or never"),
                    ]));
                }
            },
        };
        const FORMATS: &[&str] = &[
            "text", "json", "sarif", "junit", "github", "markdown", "html",
        ];
        for r in &raw.report {
            if !FORMATS.contains(&r.format.as_str()) {
                let at = text.find(&format!("\"{}\"", r.format)).unwrap_or(0);
                return Err(Error::Config(vec![
                    Diagnostic::new(&name, format!("unknown report format `{}`", r.format))
                        .at_offset(&text, at)
                        .help(format!("use one of {}", FORMATS.join(", "))),
                ]));
            }
        }
        let join = |p: &String| base.join(p);
        Ok(Config {
            path: path.to_path_buf(),
            jurisdictions: raw.jurisdictions,
            roles: raw.roles,
            segments: raw.segments,
            purposes: raw.purposes,
            product_class: raw.product_class,
            origin: raw.origin,
            exceptions: raw.exceptions,
            as_of: raw.as_of.map(|d| d.0),
            rules: raw.rules.iter().map(join).collect(),
            default_rules: raw.default_rules.unwrap_or(true),
            fail_on,
            boms: raw.boms.iter().map(join).collect(),
            waiver_files: raw.waiver_files.iter().map(join).collect(),
            waiver_warning_days: raw.waiver_warning_days,
            baseline: raw.baseline.as_ref().map(join),
            unscreenable: unscreenable(&name, &text, raw.unscreenable.as_ref())?,
            reports: raw
                .report
                .into_iter()
                .map(|r| (r.format, r.output.as_ref().map(join)))
                .collect(),
            waivers: raw.waiver,
            text,
        })
    }

    /// The waivers written inline (`[[waiver]]`), checked against the rule set.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a waiver file cannot be read; [`Error::Config`] for a waiver that is
    /// malformed or names a rule or entity the rule set lacks.
    pub fn waivers(&self, rules: &RuleSet) -> Result<Vec<Waiver>, Error> {
        self.waivers_named(rules, &self.path.display().to_string())
    }

    /// [`Config::waivers`], naming the file `name` in the waivers' sources and in errors (a
    /// path relative to the repository root, as reports name BOMs).
    ///
    /// # Errors
    ///
    /// As [`Config::waivers`].
    pub fn waivers_named(&self, rules: &RuleSet, name: &str) -> Result<Vec<Waiver>, Error> {
        let mut diags = Vec::new();
        let w = super::waiver::validate(name, &self.text, self.waivers.clone(), rules, &mut diags);
        if diags.is_empty() {
            Ok(w)
        } else {
            Err(Error::Config(diags))
        }
    }
}

/// The `unscreenable` policy, or an error at its place.
fn unscreenable(
    name: &str,
    text: &str,
    raw: Option<&Spanned<String>>,
) -> Result<Option<super::Unscreenable>, Error> {
    raw.map(|s| {
        s.get_ref().parse().map_err(|e: String| {
            Error::Config(vec![
                Diagnostic::new(name, e)
                    .at_offset(text, s.span().start)
                    .help("unscreenable = \"error\" (default), \"fail\" or \"warn\""),
            ])
        })
    })
    .transpose()
}

/// A commented starter configuration, as `bomgate init` writes it.
pub const STARTER: &str = r#"# bomgate project configuration. `bomgate check` finds this file by searching upward from
# the working directory, so a CI job is just `bomgate check`. Command-line flags override it.
# Paths are relative to this file.

# BOMs to check when the command line names none.
boms = []                       # e.g. ["hardware/board-bom.csv", "sbom/firmware.cdx.json"]

# Who you are and where the parts go. Empty lists: every shipped rule, every role.
jurisdictions = []              # e.g. ["US"], ["CN"], ["GB"]
roles = []                      # e.g. ["us-federal-contractor"]; see `bomgate rules list`
segments = []                   # e.g. ["5g", "core"] for network operators
purposes = []                   # e.g. ["public-safety"]
# product-class = "consumer-router"   # the product as a whole, for country-of-production rules
# origin = "VN"                 # the product's country of production
exceptions = []                 # exceptions declared for the whole product, e.g. ["blue-uas"]

# as-of = 2026-01-01            # evaluate on this date instead of today

# Extra rule files or folders, and whether the shipped rules are used too.
rules = []
default-rules = true

# Lowest severity that fails the check: deny, warn, review, info or never.
fail-on = "deny"

# Waivers: accepted exceptions, each with a reason, an owner, a ticket and an expiry date.
waiver-files = []               # e.g. ["compliance/waivers.toml"]
waiver-warning-days = 30        # warn when a waiver expires within this many days

# When nothing in the BOMs can be screened (a software SBOM that names no vendor): "error"
# (exit 2, the default), "fail" (exit 1) or "warn" (pass, with a warning).
# unscreenable = "error"

# Fail only on findings not recorded here (write it with `bomgate check --write-baseline`).
# baseline = "compliance/bomgate-baseline.json"

# Reports to write in addition to the text on standard output.
# [[report]]
# format = "sarif"              # text, json, sarif, junit, github, markdown or html
# output = "bomgate.sarif"

# An inline waiver (they can also live in waiver files):
# [[waiver]]
# rule = "cn-cac-2023-micron"   # a rule id, or "*"
# entity = "micron"             # an entity id, or "*"
# ref = "U12"                   # the component: ref (designator or bom-ref), mpn or file
# reason = "Existing stock for the EU variant; never shipped to CN CII operators"
# owner = "compliance@example.com"
# ticket = "COMP-1234"
# expires = 2027-03-31          # the last day it waives
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_parses() {
        let c = Config::parse(Path::new("x/bomgate.toml"), STARTER.to_string()).unwrap();
        assert!(c.default_rules);
        assert_eq!(c.fail_on, Some(FailLevel::default()));
    }
}
