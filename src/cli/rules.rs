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
pub fn list(src: &RuleSource, format: super::DiffFormat) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    if matches!(format, super::DiffFormat::Json) {
        let v = serde_json::json!({
            "packs": set.packs(),
            "rules": set.rules(),
            "instruments": set.instruments(),
            "roles": set.roles(),
            "scopes": set.scopes(),
            "entities": set.entities(),
        });
        return print(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
    }
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

/// `bomgate rules show ID`: one entity or rule in full.
pub fn show(id: &str, src: &RuleSource, format: super::DiffFormat) -> Result<ExitCode, Error> {
    let set = load_rules(src)?;
    let json = matches!(format, super::DiffFormat::Json);
    if let Some(e) = set.entity(id) {
        let naming: Vec<&str> = set
            .rules()
            .iter()
            .filter(|r| {
                set.entity_index(id)
                    .is_some_and(|i| r.entities.contains(&i))
            })
            .map(|r| r.id.as_str())
            .collect();
        let out = if json {
            let v = serde_json::json!({"entity": e, "rules": naming});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        } else {
            entity_text(e, &naming)
        };
        return print(&out);
    }
    if let Some(r) = set.rule(id) {
        let out = if json {
            serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
        } else {
            let mut out = String::new();
            list_rule(&mut out, &set, r);
            for l in &r.listings {
                let who = set.entities().get(l.entity).map_or("?", |e| e.id.as_str());
                let until = l.until.map_or(String::new(), |u| format!(" until {u}"));
                let _ = writeln!(out, "      listing: {who} from {}{until}", l.from);
            }
            out
        };
        return print(&out);
    }
    let ids = set
        .entities()
        .iter()
        .map(|e| e.id.as_str())
        .chain(set.rules().iter().map(|r| r.id.as_str()));
    let hint = bomgate::error::suggest(id, ids)
        .map_or(String::new(), |s| format!(" — did you mean `{s}`?"));
    Err(Error::Context(format!(
        "no entity or rule `{id}` in the rule set{hint}"
    )))
}

/// An entity in full, for people.
fn entity_text(e: &bomgate::rules::Entity, naming: &[&str]) -> String {
    let mut out = format!(
        "{} — {}
",
        e.id, e.name
    );
    let list = |out: &mut String, what: &str, v: &[String]| {
        if !v.is_empty() {
            let _ = writeln!(out, "  {what}: {}", v.join(", "));
        }
    };
    list(&mut out, "aliases", &e.aliases);
    list(&mut out, "part-number families", &e.mpn_prefixes);
    list(&mut out, "CPE vendors", &e.cpe_vendors);
    list(&mut out, "purl namespaces", &e.purl_namespaces);
    list(&mut out, "FCC grantee codes", &e.fcc_grantees);
    for (i, m) in e.members.iter().enumerate() {
        let from = m.from.map_or(String::new(), |d| format!(", from {d}"));
        let until = m.until.map_or(String::new(), |d| format!(", until {d}"));
        let _ = writeln!(out, "  member: {}{from}{until}", e.group_path(Some(i)));
        list(&mut out, "    aliases", &m.aliases);
        list(&mut out, "    part-number families", &m.mpn_prefixes);
    }
    let _ = writeln!(
        out,
        "  named by: {}",
        if naming.is_empty() {
            "no rule".to_string()
        } else {
            naming.join(", ")
        }
    );
    out
}

fn print(out: &str) -> Result<ExitCode, Error> {
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
    // Columns as wide as the widest id and roles of the set, so that they line up.
    let id_w = set.rules().iter().map(|x| x.id.len()).max().unwrap_or(0);
    let binds_w = set
        .rules()
        .iter()
        .map(|x| x.binds.join(",").len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "  {:<id_w$} {}  {:<6} binds {:<binds_w$}  {}",
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
