//! `bomgate rules list` and `bomgate rules check`, and loading the rule set every subcommand
//! uses.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use bomgate::rules::{Rule, ScopeKind};
use bomgate::{Error, RuleSet};

use super::RuleSource;

/// The shipped rules (unless left out) and every `--rules` path; a set with no rule is an
/// error, since it would pass every BOM.
pub fn load_rules(src: &RuleSource) -> Result<RuleSet, Error> {
    let mut b = RuleSet::builder();
    if !src.no_default_rules {
        b = b.shipped();
    }
    for p in &src.rules {
        b = b.path(p)?;
    }
    let set = b.build()?;
    if set.rules().is_empty() {
        return Err(Error::Context(
            "the rule set has no rules: drop --no-default-rules or add --rules PATH".into(),
        ));
    }
    Ok(set)
}

/// `bomgate rules check`: loads and validates, and says what it found.
pub fn check(src: &RuleSource) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    println!(
        "ok: {} rules, {} entities, {} roles",
        set.rules().len(),
        set.entities().len(),
        set.roles().len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `bomgate rules diff OLD NEW`: each side is `shipped` or a rule folder or file.
pub fn diff(old: &str, new: &str, format: super::DiffFormat) -> Result<ExitCode, Error> {
    let load = |side: &str| -> Result<RuleSet, Error> {
        if side == "shipped" {
            RuleSet::shipped()
        } else {
            RuleSet::builder().path(side)?.build()
        }
    };
    let d = bomgate::rules::diff::diff(&load(old)?, &load(new)?);
    let out = match format {
        super::DiffFormat::Text => bomgate::rules::diff::render_text(&d),
        super::DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&d).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

/// `bomgate rules list`: rules with their obligations, roles, scopes and entities.
pub fn list(src: &RuleSource) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    let mut out = String::new();
    let _ = writeln!(out, "RULES");
    for r in set.rules() {
        list_rule(&mut out, &set, r);
    }
    let _ = writeln!(out, "\nROLES");
    for r in set.roles() {
        let _ = writeln!(out, "  {:<24} {}  {}", r.id, r.jurisdiction, r.name);
    }
    let _ = writeln!(out, "\nSCOPES");
    for s in set.scopes() {
        let kind = match s.kind {
            ScopeKind::Segment => "segment",
            ScopeKind::Purpose => "purpose",
        };
        let _ = writeln!(
            out,
            "  {:<36} {kind:<8} {}",
            s.id,
            s.description.lines().next().unwrap_or("")
        );
    }
    let _ = writeln!(out, "\nENTITIES");
    for e in set.entities() {
        let families = e.mpn_prefixes.len()
            + e.members
                .iter()
                .map(|m| m.mpn_prefixes.len())
                .sum::<usize>();
        let _ = writeln!(
            out,
            "  {:<12} {} ({} aliases, {} group members, {families} part-number families)",
            e.id,
            e.name,
            e.aliases.len(),
            e.members.len(),
        );
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

/// One rule and its obligations.
fn list_rule(out: &mut String, set: &RuleSet, r: &Rule) {
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
