//! `bomgate explain` and `bomgate timeline`: answers a person can act on.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use bomgate::explain::{ComponentExplanation, NameExplanation, explain_component, explain_name};
use bomgate::{Bom, Error};

use super::check::{context, load_config, rule_source};
use super::rules::load_rules;
use super::{DiffFormat, ExplainArgs, TimelineArgs};

/// `bomgate explain NAME…` or `bomgate explain --bom FILE --ref REF`.
pub fn run(args: ExplainArgs) -> Result<ExitCode, Error> {
    let config = load_config(&args.config)?;
    let cfg = config.as_ref();
    let rules = load_rules(&rule_source(&args.source, cfg))?;
    let out = match (&args.bom, &args.reference) {
        (Some(bom), Some(reference)) => {
            let ctx = context(&args.context, cfg)?;
            let bom = Bom::from_path(bom, &Default::default())?;
            let found = explain_component(&rules, &bom, reference, ctx)?;
            match args.format {
                DiffFormat::Json => json(&found),
                DiffFormat::Text => found.iter().map(component_text).collect(),
            }
        }
        _ if args.names.is_empty() => {
            return Err(Error::Context(
                "name a vendor (`bomgate explain \"Micron Technology\"`) or a component (`--bom FILE --ref U7`)".into(),
            ));
        }
        _ => {
            let found: Vec<NameExplanation> =
                args.names.iter().map(|n| explain_name(&rules, n)).collect();
            match args.format {
                DiffFormat::Json => json(&found),
                DiffFormat::Text => found.iter().map(name_text).collect::<Vec<_>>().join("\n"),
            }
        }
    };
    print(&out)
}

/// `bomgate timeline BOM`.
pub fn timeline(args: TimelineArgs) -> Result<ExitCode, Error> {
    let config = load_config(&args.config)?;
    let cfg = config.as_ref();
    let rules = load_rules(&rule_source(&args.source, cfg))?;
    let ctx = context(&args.context, cfg)?;
    let from = ctx.as_of;
    let bom = Bom::from_path(&args.bom, &Default::default())?;
    let events = bomgate::timeline::timeline(&rules, &bom, ctx)?;
    let out = match args.format {
        DiffFormat::Json => json(&events),
        DiffFormat::Text if events.is_empty() => format!(
            "no change ahead for {} in the next {} years from {from}\n",
            bom.info.file,
            bomgate::timeline::HORIZON_YEARS
        ),
        DiffFormat::Text => events.iter().map(|e| format!("{}\n", e.summary)).collect(),
    };
    print(&out)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn print(out: &str) -> Result<ExitCode, Error> {
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(source) => Err(Error::Io {
            path: "<stdout>".into(),
            source,
        }),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// A name explained, for people.
fn name_text(e: &NameExplanation) -> String {
    let mut out = format!("{:?}", e.value);
    match &e.key {
        Some(k) => {
            let _ = writeln!(out, " → key {k:?}");
        }
        None => {
            let _ = writeln!(out, " has no letters or digits to compare");
        }
    }
    for m in &e.matches {
        let _ = writeln!(
            out,
            "  matches {} ({}) as {:?} ({})",
            m.entity_name, m.entity, m.matched, m.via
        );
        if let Some(g) = &m.group {
            let _ = writeln!(out, "    group: {g}");
        }
        for r in &m.rules {
            let _ = writeln!(out, "    named by {r}");
        }
    }
    if e.matches.is_empty() {
        let _ = writeln!(out, "  matches no listed entity");
        for n in &e.nearest {
            let _ = writeln!(out, "  nearest: {} ({}) — {}", n.name, n.entity, n.why);
        }
    }
    out
}

/// A component explained, for people.
fn component_text(c: &ComponentExplanation) -> String {
    let mut out = format!("{} {}\n", c.reference, c.name);
    for v in &c.values {
        let _ = write!(out, "  {} {:?}", v.field.as_str(), v.value);
        match &v.name {
            Some(n) if !n.matches.is_empty() => {
                let names: Vec<String> = n
                    .matches
                    .iter()
                    .map(|m| format!("{} ({})", m.entity, m.via))
                    .collect();
                let _ = writeln!(out, ": matches {}", names.join(", "));
            }
            Some(_) => {
                let _ = writeln!(out, ": matches no listed entity");
            }
            None => {
                let _ = writeln!(out);
            }
        }
    }
    for f in &c.findings {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            f.severity.as_str().to_uppercase(),
            f.rule,
            f.message
        );
    }
    if c.findings.is_empty() {
        let _ = writeln!(out, "  no finding in this context");
    }
    for w in &c.not_flagged {
        let _ = writeln!(out, "  {w}");
    }
    out
}
