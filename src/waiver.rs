//! Waivers: accepted, owned, expiring exceptions. A waived finding stays in the report,
//! marked as waived, and does not fail the check; an expired waiver stops waiving and says so.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::date::Date;
use crate::error::{Diagnostic, Error, suggest};
use crate::report::Finding;
use crate::rules::RuleSet;

/// One waiver.
#[derive(Clone, Debug, Serialize)]
pub struct Waiver {
    /// Where it is defined (`file:line`), which also identifies it in reports.
    pub source: String,
    /// Rule id, or `*` for every waivable rule.
    pub rule: String,
    /// Entity id, or `*`.
    pub entity: String,
    /// Designator or bom-ref the waiver is limited to.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Manufacturer part number the waiver is limited to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpn: Option<String>,
    /// BOM file the waiver is limited to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Why the exception is accepted.
    pub reason: String,
    /// Who answers for it.
    pub owner: String,
    /// The ticket or approval reference.
    pub ticket: String,
    /// The last day it waives.
    pub expires: Date,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWaiver {
    rule: Spanned<String>,
    entity: Spanned<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
    mpn: Option<String>,
    file: Option<String>,
    reason: Spanned<String>,
    owner: Spanned<String>,
    ticket: Spanned<String>,
    expires: Date,
}

const KEYS: &[&str] = &[
    "rule", "entity", "ref", "mpn", "file", "reason", "owner", "ticket", "expires",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiverFile {
    #[serde(default)]
    waiver: Vec<Spanned<RawWaiver>>,
}

impl Waiver {
    /// Parses a waiver file (`[[waiver]]` tables); `name` is used in messages.
    pub fn parse_file(name: &str, text: &str, rules: &RuleSet) -> Result<Vec<Waiver>, Error> {
        let raw: RawWaiverFile = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
        let mut diags = Vec::new();
        let waivers = validate(name, text, raw.waiver, rules, &mut diags);
        if diags.is_empty() {
            Ok(waivers)
        } else {
            Err(Error::Config(diags))
        }
    }

    /// Does this waiver cover the finding (whatever its dates)?
    pub fn covers(&self, f: &Finding) -> bool {
        let any = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        any(&self.rule, &f.rule)
            && any(&self.entity, &f.entity.id)
            && self.reference.as_deref().is_none_or(|r| {
                // The whole reference or bom-ref, or designators that include every designator
                // of the row: a waiver for U1 does not hide U2 on a `U1, U2` row.
                r == f.component.reference || f.location.path.as_deref() == Some(r) || {
                    let mine = crate::bom::split_refs(r);
                    let theirs = crate::bom::split_refs(&f.component.reference);
                    !theirs.is_empty() && theirs.iter().all(|t| mine.contains(t))
                }
            })
            && self.mpn.as_deref().is_none_or(|m| {
                m.eq_ignore_ascii_case(&f.component.mpn)
                    || f.evidence.iter().any(|e| {
                        e.field == crate::bom::Field::Mpn && m.eq_ignore_ascii_case(&e.value)
                    })
            })
            && self
                .file
                .as_deref()
                .is_none_or(|p| same_file(p, &f.location.file))
    }
}

/// Is `path` (from a waiver) the BOM file `file` (as the report names it)? The same file on
/// disk, or the same path once `./` and separators are normalised; never a mere suffix
/// (`bom.csv` is not `legacy/bom.csv`).
pub(crate) fn same_file(path: &str, file: &str) -> bool {
    let norm = |s: &str| s.replace('\\', "/").trim_start_matches("./").to_string();
    if norm(path) == norm(file) {
        return true;
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(file)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub(crate) fn toml_error(name: &str, text: &str, e: &toml::de::Error) -> Error {
    let mut d = Diagnostic::new(name, e.message().trim().to_string());
    if let Some(span) = e.span() {
        d = d.at_offset(text, span.start);
    }
    let msg = e.message();
    let help = msg
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .and_then(|k| suggest(k, KEYS.iter().copied()))
        .map(|s| format!("did you mean `{s}`?"))
        .unwrap_or_else(|| {
            "a waiver needs rule, entity, one of ref/mpn/file, reason, owner, ticket and expires"
                .into()
        });
    Error::Config(vec![d.help(help)])
}

pub(crate) fn validate(
    name: &str,
    text: &str,
    raw: Vec<Spanned<RawWaiver>>,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Waiver> {
    let mut out = Vec::new();
    for w in raw {
        let at = w.span().start;
        let line = crate::error::line_col(text, at).0;
        let w = w.into_inner();
        let place = |s: &Spanned<String>| Diagnostic::new(name, "").at_offset(text, s.span().start);
        let mut ok = true;
        let r = w.rule.get_ref();
        if r != "*" && rules.rule(r).is_none() {
            let hint = suggest(r, rules.rules.iter().map(|x| x.id.as_str())).map_or(
                "use a rule id from `bomgate rules list`, or `*`".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            let mut d = place(&w.rule);
            d.message = format!("waiver for unknown rule `{r}`");
            diags.push(d.help(hint));
            ok = false;
        } else if let Some(rule) = rules.rule(r)
            && !rule.waivable
        {
            let mut d = place(&w.rule);
            d.message = format!("rule `{r}` cannot be waived");
            diags.push(
                d.help("its rule file says `waivable = false`; remove the part or the waiver"),
            );
            ok = false;
        }
        let e = w.entity.get_ref();
        if e != "*" && rules.entity(e).is_none() {
            let hint = suggest(e, rules.entities.iter().map(|x| x.id.as_str())).map_or(
                "use an entity id from `bomgate rules list`, or `*`".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            let mut d = place(&w.entity);
            d.message = format!("waiver for unknown entity `{e}`");
            diags.push(d.help(hint));
            ok = false;
        }
        // An empty selector selects nothing, never everything.
        let blank = |o: &Option<String>| o.as_deref().is_none_or(|v| v.trim().is_empty());
        if blank(&w.reference) && blank(&w.mpn) && blank(&w.file) {
            diags.push(
                Diagnostic::new(name, "waiver names no component")
                    .at_offset(text, at)
                    .help("limit it with `ref` (designator or bom-ref), `mpn` or `file`"),
            );
            ok = false;
        }
        for (field, what) in [
            (&w.reason, "reason"),
            (&w.owner, "owner"),
            (&w.ticket, "ticket"),
        ] {
            if field.get_ref().trim().is_empty() {
                let mut d = place(field);
                d.message = format!("waiver `{what}` is empty");
                diags.push(
                    d.help("a waiver must say why, who owns it and which ticket approved it"),
                );
                ok = false;
            }
        }
        for (v, key) in [(&w.reference, "ref"), (&w.mpn, "mpn"), (&w.file, "file")] {
            if v.as_deref().is_some_and(|v| v.trim().is_empty()) {
                diags.push(
                    Diagnostic::new(name, format!("waiver `{key}` is empty"))
                        .at_offset(text, at)
                        .help(format!("give `{key}` a value, or leave the key out")),
                );
                ok = false;
            }
        }
        if ok {
            out.push(Waiver {
                source: format!("{name}:{line}"),
                rule: w.rule.into_inner(),
                entity: w.entity.into_inner(),
                reference: w.reference,
                mpn: w.mpn,
                file: w.file,
                reason: w.reason.into_inner(),
                owner: w.owner.into_inner(),
                ticket: w.ticket.into_inner(),
                expires: w.expires,
            });
        }
    }
    out
}

/// Where a waiver stands on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverState {
    /// Waiving, and not about to expire.
    Active,
    /// Waiving, and expiring within the warning window.
    Expiring,
    /// Past its expiry date: waives nothing.
    Expired,
}

/// A waiver as it was used in a check.
#[derive(Clone, Debug, Serialize)]
pub struct WaiverUse {
    /// The waiver.
    #[serde(flatten)]
    pub waiver: Waiver,
    /// Its state on the as-of date.
    pub state: WaiverState,
    /// Days from the as-of date to its expiry (negative once expired).
    pub days_left: i64,
    /// How many findings it covers.
    pub matched: usize,
    /// How many of those it waived (not those of non-waivable rules, nor any once expired, nor
    /// those another waiver waived first).
    pub applied: usize,
}
