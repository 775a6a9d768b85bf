//! Waivers: accepted, owned, expiring exceptions. A waived finding stays in the report,
//! marked as waived, and does not fail the check; an expired waiver stops waiving and says so.

use serde::Deserialize;
use toml::Spanned;

use crate::date::TomlDate;
use crate::error::{Diagnostic, Error, suggest, suggest_key};
use crate::report::Finding;
pub use crate::report::{Waiver, WaiverState, WaiverUse};
use crate::rules::RuleSet;

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
    expires: TomlDate,
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
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing every malformed waiver, unknown key, bad date, and rule or
    /// entity the rule set does not define, each with its line and column.
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
                // Designators are case-insensitive (`u1` is `U1`); a bom-ref is compared exactly.
                r.eq_ignore_ascii_case(&f.component.reference)
                    || f.location.path.as_deref() == Some(r)
                    || {
                        let mine = crate::bom::split_refs(r);
                        let theirs = crate::bom::split_refs(&f.component.reference);
                        !theirs.is_empty()
                            && theirs
                                .iter()
                                .all(|t| mine.iter().any(|m| m.eq_ignore_ascii_case(t)))
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
    let key = msg
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .and_then(|k| suggest_key(k, KEYS.iter().copied()));
    Error::Config(vec![match key {
        Some(s) => d.did_you_mean(s),
        None => d.help(
            "a waiver needs rule, entity, one of ref/mpn/file, reason, owner, ticket and expires",
        ),
    }])
}

/// Checks raw waivers against the rule set; each problem becomes a diagnostic (all are
/// reported) and only sound waivers are returned.
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
        let file = Place { name, text, at };
        let before = diags.len();
        check_targets(&file, &w, rules, diags);
        check_selector(&file, &w, diags);
        check_accountability(&file, &w, diags);
        check_selector_values(&file, &w, diags);
        if diags.len() == before {
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
                expires: w.expires.0,
            });
        }
    }
    out
}

/// Where a waiver is written: its file's name and text, and the waiver's offset.
struct Place<'a> {
    name: &'a str,
    text: &'a str,
    at: usize,
}

impl Place<'_> {
    /// A diagnostic at a key of the waiver.
    fn key(&self, s: &Spanned<String>, message: String) -> Diagnostic {
        Diagnostic::new(self.name, message).at_offset(self.text, s.span().start)
    }

    /// A diagnostic at the waiver's table.
    fn table(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.name, message).at_offset(self.text, self.at)
    }
}

/// The rule (known and waivable, or `*`) and the entity (known, or `*`).
fn check_targets(p: &Place<'_>, w: &RawWaiver, rules: &RuleSet, diags: &mut Vec<Diagnostic>) {
    let r = w.rule.get_ref();
    if r != "*" && rules.rule(r).is_none() {
        let d = p.key(&w.rule, format!("waiver for unknown rule `{r}`"));
        diags.push(
            match suggest(r, rules.rules.iter().map(|x| x.id.as_str())) {
                Some(s) => d.did_you_mean(s),
                None => d.help("use a rule id from `bomgate rules list`, or `*`"),
            },
        );
    } else if let Some(rule) = rules.rule(r)
        && !rule.waivable
    {
        diags.push(
            p.key(&w.rule, format!("rule `{r}` cannot be waived"))
                .help("its rule file says `waivable = false`; remove the part or the waiver"),
        );
    }
    let e = w.entity.get_ref();
    if r != "*"
        && e != "*"
        && let (Some(rule), Some(ei)) = (rules.rule(r), rules.entity_index(e))
        && !rule.entities.contains(&ei)
    {
        let naming: Vec<&str> = rules
            .rules
            .iter()
            .filter(|x| x.entities.contains(&ei))
            .map(|x| x.id.as_str())
            .collect();
        let hint = if naming.is_empty() {
            format!("no rule names `{e}`")
        } else {
            format!("rules that name `{e}`: {}", naming.join(", "))
        };
        diags.push(
            p.key(
                &w.entity,
                format!("rule `{r}` does not name entity `{e}`: this waiver can never apply"),
            )
            .help(hint),
        );
    }
    if e != "*" && rules.entity(e).is_none() {
        let d = p.key(&w.entity, format!("waiver for unknown entity `{e}`"));
        diags.push(
            match suggest(e, rules.entities.iter().map(|x| x.id.as_str())) {
                Some(s) => d.did_you_mean(s),
                None => d.help("use an entity id from `bomgate rules list`, or `*`"),
            },
        );
    }
}

/// The component selector: at least one of `ref`, `mpn`, `file`. An empty selector selects
/// nothing, never everything.
fn check_selector(p: &Place<'_>, w: &RawWaiver, diags: &mut Vec<Diagnostic>) {
    let blank = |o: &Option<String>| o.as_deref().is_none_or(|v| v.trim().is_empty());
    if blank(&w.reference) && blank(&w.mpn) && blank(&w.file) {
        diags.push(
            p.table("waiver names no component")
                .help("limit it with `ref` (designator or bom-ref), `mpn` or `file`"),
        );
    }
}

/// No selector key given with an empty value.
fn check_selector_values(p: &Place<'_>, w: &RawWaiver, diags: &mut Vec<Diagnostic>) {
    for (v, key) in [(&w.reference, "ref"), (&w.mpn, "mpn"), (&w.file, "file")] {
        if v.as_deref().is_some_and(|v| v.trim().is_empty()) {
            diags.push(
                p.table(format!("waiver `{key}` is empty"))
                    .help(format!("give `{key}` a value, or leave the key out")),
            );
        }
    }
}

/// Why, who and which ticket: none may be empty.
fn check_accountability(p: &Place<'_>, w: &RawWaiver, diags: &mut Vec<Diagnostic>) {
    for (field, what) in [
        (&w.reason, "reason"),
        (&w.owner, "owner"),
        (&w.ticket, "ticket"),
    ] {
        if field.get_ref().trim().is_empty() {
            diags.push(
                p.key(field, format!("waiver `{what}` is empty"))
                    .help("a waiver must say why, who owns it and which ticket approved it"),
            );
        }
    }
}
