//! The result of a check: findings with their evidence, and a summary. [`Report`] serialises
//! to the documented JSON format (`schema_version` 1); [`text`] renders it for people.

mod file_names;
pub mod github;
pub mod html;
mod json;
pub mod junit;
pub mod markdown;
pub mod outcome;
pub mod sarif;
pub mod text;

pub use file_names::file_name;
pub use outcome::{BaselineEntry, BaselineUse, Verdict, Waiver, WaiverState, WaiverUse};

use serde::{Deserialize, Serialize};

use crate::bom::{BomInfo, Field, Kind};
use crate::date::Date;
use crate::rules::{Action, Severity};

/// The JSON report format version. Additions keep the number; changes bump it.
pub const SCHEMA_VERSION: u32 = 1;

/// Where an obligation stands on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum State {
    /// In force, but suspended for a period that includes the as-of date.
    Suspended,
    /// Starts within the next year.
    Upcoming,
    /// In force, with a compliance deadline still ahead.
    DeadlinePending,
    /// In force and due.
    InForce,
}

impl State {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Suspended => "suspended",
            State::Upcoming => "upcoming",
            State::DeadlinePending => "deadline-pending",
            State::InForce => "in-force",
        }
    }
}

/// One obligation of the rule as it applies to this finding.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObligationState {
    /// What is restricted.
    pub action: Action,
    /// The day it takes effect (for a list-based rule: for this entity, the later of the
    /// obligation's day and the day the list named the entity).
    pub from: Date,
    /// The day it ends, if it has an end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The day compliance is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    /// Network segments it is limited to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
    /// Purposes it is limited to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// A quantitative cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
    /// Where it stands on the as-of date.
    pub state: State,
    /// The severity this obligation gives.
    pub severity: Severity,
    /// Why the severity is what it is, when it is not the rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One piece of evidence: a field of the component that matched.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evidence {
    /// The field.
    pub field: Field,
    /// The value as written in the BOM.
    pub value: String,
    /// The name, alias, part-number family or identifier it matched, as written in the rules.
    pub matched: String,
    /// How: `name`, `alias`, `mpn-family`, `cpe-vendor`, `purl-namespace`, `fcc-grantee`,
    /// each optionally followed by `+generic-words` or `+confusable`.
    pub via: String,
    /// How strong the evidence is, strongest first: `identifier` (CPE vendor, purl namespace,
    /// FCC grantee code), `name` (manufacturer, publisher, author, originator), `part-family`
    /// (manufacturer part number), `supplier` (may be a distributor).
    pub strength: Strength,
    /// The corporate-group path when a member matched: "Crucial → brand of Micron Technology, Inc.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Which source of the component: `primary`, `alternate` or `variant NAME`.
    pub source: String,
    /// The BOM line of that source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Evidence {
    /// One line for people: `manufacturer "Micron Technology Inc." matched "Micron
    /// Technology, Inc." (name)`. Invisible characters in the value are shown escaped
    /// (`"\u{200e}Yageo"`), since they are often why a name looked different.
    pub fn describe(&self) -> String {
        format!(
            "{} {:?} matched {:?} ({})",
            self.field.as_str(),
            self.value,
            self.matched,
            self.via
        )
    }
}

/// The strength of a piece of evidence; findings list their strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Strength {
    /// An identifier that names the vendor: CPE vendor, purl namespace, FCC grantee code.
    Identifier,
    /// The maker's name in a manufacturer, publisher, author or originator field.
    Name,
    /// A manufacturer part number in one of the entity's families.
    PartFamily,
    /// The name in a supplier or distributor field.
    Supplier,
}

/// The entity a finding is about.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EntityRef {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
}

/// The component a finding is about, as the BOM gives it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComponentRef {
    /// Designators as written (`U11, U12`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Primary manufacturer.
    pub manufacturer: String,
    /// Primary part number.
    pub mpn: String,
    /// Primary supplier.
    pub supplier: String,
    /// Value or description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// What kind of thing it is (`part`, `equipment`, `module`, `software`, `service`), when
    /// the BOM says.
    #[serde(default, skip_serializing_if = "Kind::is_unknown")]
    pub kind: Kind,
    /// Its country of production, when the BOM says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Its product class, when the BOM says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// Where in which BOM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FindingLocation {
    /// The BOM file as given.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// Path inside a structured BOM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The sheet of a workbook (`line` is then its row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl FindingLocation {
    /// Where, as people and editors read it: `bom.csv:12`, `bom.xlsx:Sheet1:112`, `bom.json`.
    pub fn place(&self) -> String {
        place(&self.file, self.sheet.as_deref(), self.line)
    }
}

/// `sheet `Sheet2`, row 7`: a place on a sheet, for messages that name the file apart.
pub(crate) fn sheet_row(sheet: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("sheet `{sheet}`, row {l}"),
        None => format!("sheet `{sheet}`"),
    }
}

/// `file`, `file:line`, `file:sheet` or `file:sheet:line`.
pub(crate) fn place(file: &str, sheet: Option<&str>, line: Option<usize>) -> String {
    let mut s = file.to_string();
    if let Some(sheet) = sheet {
        s.push(':');
        s.push_str(sheet);
    }
    if let Some(l) = line {
        s.push(':');
        s.push_str(&l.to_string());
    }
    s
}

/// One rule matched by one component.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: String,
    /// Instrument id.
    pub instrument: String,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// Roles the rule binds.
    pub binds: Vec<String>,
    /// Highest severity of its obligations, capped at `review` for weak evidence.
    pub severity: Severity,
    /// The most advanced state of its obligations.
    pub state: State,
    /// The entity.
    pub entity: EntityRef,
    /// The component.
    pub component: ComponentRef,
    /// Where.
    pub location: FindingLocation,
    /// Which fields matched, and how.
    pub evidence: Vec<Evidence>,
    /// The rule's obligations that apply, with their state.
    pub obligations: Vec<ObligationState>,
    /// For a list-based rule: when its list named the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<ListedInfo>,
    /// The instrument's first source URL.
    pub source: String,
    /// One sentence: why this is a finding.
    pub message: String,
    /// Further explanation: alternates, interpretation, weak evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Stable identity of the finding (rule, entity, file, designators, maker, part number;
    /// not the line): for baselines and SARIF fingerprints. Unique in a report: the second
    /// and later findings of identical components are told apart by
    /// [`fingerprint_occurrence`].
    pub fingerprint: String,
    /// The waiver that covers it, if one does: it is then reported but does not fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Waiver>,
    /// Whether the baseline records it: it then does not fail.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
}

impl Finding {
    /// Does this finding fail a check at `level`? Waived and baselined findings never do.
    pub fn fails_at(&self, level: Option<Severity>) -> bool {
        self.waiver.is_none() && !self.baselined && level.is_some_and(|l| self.severity >= l)
    }
}

/// When a list named the entity of a finding.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListedInfo {
    /// The day it was put on the list.
    pub from: Date,
    /// The day it was taken off, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Where the listing is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A rule that was evaluated, for the report's reader.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Instrument id.
    pub instrument: String,
    /// Instrument citation.
    pub citation: String,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// Who issued it.
    pub authority: String,
    /// Roles it binds.
    pub binds: Vec<String>,
    /// Severity once it bites.
    pub severity: Severity,
    /// Source URLs.
    pub sources: Vec<String>,
    /// The day the facts were last checked.
    pub checked: Date,
    /// Where the scope is our reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
}

/// The context a check ran in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContextInfo {
    /// The date rules were evaluated on.
    pub as_of: Date,
    /// Jurisdictions asked for (empty: all).
    pub jurisdictions: Vec<String>,
    /// Roles asked for (empty: all).
    pub roles: Vec<String>,
    /// Network segments declared.
    pub segments: Vec<String>,
    /// Purposes declared.
    pub purposes: Vec<String>,
    /// The lowest severity that fails the check; `None`: never fails.
    pub fail_on: Option<Severity>,
}

impl ContextInfo {
    /// The context of a report no gate has decided on: its fail level is `deny`, the rules'
    /// own verdict (a component a rule denies is a violation).
    pub fn undecided(
        as_of: Date,
        jurisdictions: Vec<String>,
        roles: Vec<String>,
        segments: Vec<String>,
        purposes: Vec<String>,
    ) -> ContextInfo {
        ContextInfo {
            as_of,
            jurisdictions,
            roles,
            segments,
            purposes,
            fail_on: Some(Severity::Deny),
        }
    }
}

/// Counts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Components read.
    pub components: usize,
    /// Components with something to screen.
    pub screened: usize,
    /// Components with no manufacturer, supplier, part number or identifier: not checked,
    /// and not compliant either.
    pub unscreenable: usize,
    /// Rows skipped because they repeat earlier components.
    pub duplicates_skipped: usize,
    /// Components with at least one finding.
    pub flagged_components: usize,
    /// All findings.
    pub findings: usize,
    /// Findings by severity.
    pub deny: usize,
    /// Findings by severity.
    pub warn: usize,
    /// Findings by severity.
    pub review: usize,
    /// Findings by severity.
    pub info: usize,
    /// Findings covered by a waiver (counted in the severities too).
    pub waived: usize,
    /// Findings recorded in the baseline (counted in the severities too).
    pub baselined: usize,
    /// Findings at or above the fail level, neither waived nor baselined.
    pub failing: usize,
    /// `pass` or `fail`.
    pub verdict: Verdict,
}

/// A component that could not be screened.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unscreenable {
    /// The BOM file.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// The sheet of a workbook (`line` is then its row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Designators or name.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Value or description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// At most this many unscreenable components are listed (all are counted).
pub const UNSCREENABLE_LISTED: usize = 1000;

/// The fingerprint of a finding: 32 hex digits of SHA-256 over rule, entity, file and the
/// component's designators, maker, part number and supplier; `identity` adds what identifies
/// a component that has no designator (an SBOM package's name, version and identifiers).
pub fn fingerprint(
    rule: &str,
    entity: &str,
    file: &str,
    component: &ComponentRef,
    identity: &str,
) -> String {
    fingerprint_at(rule, entity, file, None, component, identity)
}

/// [`fingerprint`] of a finding that may be on a sheet of a workbook: the sheet is part of the
/// identity (the same row on two sheets is two findings). Without a sheet it is
/// [`fingerprint`] exactly, so the fingerprints of other formats, and baselines, do not change.
pub fn fingerprint_at(
    rule: &str,
    entity: &str,
    file: &str,
    sheet: Option<&str>,
    component: &ComponentRef,
    identity: &str,
) -> String {
    use sha2::Digest;
    let file = file.replace('\\', "/");
    let file = file.trim_start_matches("./");
    let mut h = sha2::Sha256::new();
    for part in [
        rule,
        entity,
        file,
        &component.reference,
        &component.manufacturer,
        &component.mpn,
        &component.supplier,
        identity,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    if let Some(sheet) = sheet {
        h.update(b"sheet\0");
        h.update(sheet.as_bytes());
        h.update([0]);
    }
    let mut s = crate::ident::hex(&h.finalize());
    s.truncate(32);
    s
}

/// The fingerprint of the `n`-th finding (counted from 1, in report order) whose
/// [`fingerprint_at`] is `base`: identical components (the same designators, or none, the same
/// maker, part number and identifiers, in the same file) would otherwise share one. The first
/// keeps `base`, so fingerprints, and baselines, change only where a duplicate is added; the
/// `n`-th (n ≥ 2) has `#n` mixed in, so a new identical component is a new finding.
pub fn fingerprint_occurrence(base: &str, n: usize) -> String {
    use sha2::Digest;
    if n <= 1 {
        return base.to_string();
    }
    let mut h = sha2::Sha256::new();
    h.update(base.as_bytes());
    h.update(format!("\0#{n}").as_bytes());
    let mut s = crate::ident::hex(&h.finalize());
    s.truncate(32);
    s
}

/// The tool that made the report.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolInfo {
    /// `bomgate`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// The whole result of a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool.
    pub tool: ToolInfo,
    /// The context.
    pub context: ContextInfo,
    /// Counts and verdict.
    pub summary: Summary,
    /// The findings, by rule, then file, then line.
    pub findings: Vec<Finding>,
    /// The rules evaluated.
    pub rules: Vec<RuleInfo>,
    /// The BOMs read.
    pub inputs: Vec<BomInfo>,
    /// Components that could not be screened (at most [`UNSCREENABLE_LISTED`]).
    pub unscreenable: Vec<Unscreenable>,
    /// The waivers given, with their state and use.
    pub waivers: Vec<WaiverUse>,
    /// The baseline given, if any, and what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineUse>,
    /// Things a reviewer must know: expired, expiring and unused waivers, gone baseline entries.
    pub warnings: Vec<String>,
    /// The run record for auditors.
    pub run: RunRecord,
}

/// One input of the run record.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunInput {
    /// The BOM file as given.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// One rule of the run record.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunRule {
    /// Rule id.
    pub id: String,
    /// The day its facts were last checked.
    pub checked: Date,
}

/// Everything an auditor needs to reproduce and trust a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunRecord {
    /// `bomgate`.
    pub tool: String,
    /// Crate version.
    pub version: String,
    /// The BOMs, hashed.
    pub inputs: Vec<RunInput>,
    /// SHA-256 of the rule set.
    pub rules_sha256: String,
    /// The rule packs used, with their versions.
    #[serde(default)]
    pub rule_packs: Vec<crate::rules::pack::Pack>,
    /// The rules evaluated and when their facts were last checked.
    pub rules: Vec<RunRule>,
    /// The evaluation date.
    pub as_of: Date,
    /// The context.
    pub context: ContextInfo,
    /// The waivers that waived at least one finding (`file:line`).
    pub waivers_applied: Vec<String>,
    /// `pass` or `fail`.
    pub verdict: Verdict,
}

/// A report as the core assembles it, before any gate has decided on it.
pub(crate) struct Draft {
    pub context: ContextInfo,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub rules: Vec<RuleInfo>,
    pub inputs: Vec<BomInfo>,
    pub unscreenable: Vec<Unscreenable>,
    pub warnings: Vec<String>,
}

impl Draft {
    /// The report, with its run record; `rules_sha256` is the rule set's digest, `packs` the
    /// packs it came from. The gate state is empty (no waivers, no baseline) until a gate
    /// decides.
    pub fn into_report(self, rules_sha256: &str, packs: &[crate::rules::pack::Pack]) -> Report {
        let run = RunRecord {
            tool: "bomgate".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            inputs: self
                .inputs
                .iter()
                .map(|i| RunInput {
                    file: i.file.clone(),
                    sha256: i.sha256.clone(),
                })
                .collect(),
            rules_sha256: rules_sha256.to_string(),
            rule_packs: packs.to_vec(),
            rules: self
                .rules
                .iter()
                .map(|r| RunRule {
                    id: r.id.clone(),
                    checked: r.checked,
                })
                .collect(),
            as_of: self.context.as_of,
            context: self.context.clone(),
            waivers_applied: Vec::new(),
            verdict: self.summary.verdict,
        };
        Report {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo {
                name: "bomgate".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            context: self.context,
            summary: self.summary,
            findings: self.findings,
            rules: self.rules,
            inputs: self.inputs,
            unscreenable: self.unscreenable,
            waivers: Vec::new(),
            baseline: None,
            warnings: self.warnings,
            run,
        }
    }
}

impl Report {
    /// The rule data used, for people: `shipped 2026.11.30, my-rules (unversioned)`.
    pub fn rule_data(&self) -> String {
        let packs: Vec<String> = self
            .run
            .rule_packs
            .iter()
            .map(|p| match &p.version {
                Some(v) => format!("{} {v}", p.id),
                None => format!("{} (unversioned)", p.id),
            })
            .collect();
        if packs.is_empty() {
            "rules given as text".into()
        } else {
            packs.join(", ")
        }
    }

    /// Does any finding reach the fail level?
    pub fn fails(&self) -> bool {
        self.summary.verdict == Verdict::Fail
    }

    /// Writes the report as pretty JSON, with a final newline: [`Report::to_json`]'s bytes,
    /// without holding them in memory.
    ///
    /// # Errors
    ///
    /// What writing to `w` fails with.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        json::write(self, w)
    }

    /// The report as pretty JSON, with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serialising plain data cannot fail; keep the promise of valid JSON anyway.
            format!("{{\"schema_version\":{SCHEMA_VERSION},\"error\":\"{e}\"}}")
        });
        s.push('\n');
        s
    }
}
