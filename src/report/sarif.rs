//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, a reporting
//! descriptor per rule (with its legal source as help), a result per finding pointing at the
//! BOM file and line, and fingerprints that survive moved lines.

use std::path::Path;

use serde_json::{Value, json};

use super::{Finding, Report};
use crate::rules::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Deny => "error",
        Severity::Warn | Severity::Review => "warning",
        Severity::Info => "note",
    }
}

/// A repository-relative URI for a BOM file (code scanning resolves URIs against the
/// repository root).
fn uri(file: &str) -> String {
    // The command line names files relative to the repository root already; an absolute
    // path (a library caller's) is made relative to the repository if it lies in one.
    let rel = if Path::new(file).is_absolute() {
        repo_relative(Path::new(file))
    } else {
        None
    }
    .unwrap_or_else(|| file.replace('\\', "/").trim_start_matches("./").to_string());
    rel.split('/')
        .map(|seg| {
            seg.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn repo_relative(file: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        cwd.join(file)
    };
    let abs = abs.canonicalize().unwrap_or(abs);
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let root = cwd
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&cwd);
    let rel = abs.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Renders the report as SARIF 2.1.0 JSON.
pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            let mut help = format!(
                "{} ({}, {}).\n\nBinds: {}.\nSources: {}\nFacts last checked: {}.",
                r.citation,
                r.authority,
                r.jurisdiction,
                r.binds.join(", "),
                r.sources.join(" "),
                r.checked
            );
            if let Some(i) = &r.interpretation {
                help.push_str("\n\nInterpretation: ");
                help.push_str(&i.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            let markdown = format!(
                "**{}**\n\n{} — {} ({})\n\nBinds: `{}`\n\nSources: {}\n\nFacts last checked: {}",
                r.title,
                r.citation,
                r.authority,
                r.jurisdiction,
                r.binds.join("`, `"),
                r.sources
                    .iter()
                    .map(|s| format!("<{s}>"))
                    .collect::<Vec<_>>()
                    .join(", "),
                r.checked
            );
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": format!("{}: {}", r.title, r.citation) },
                "help": { "text": help, "markdown": markdown },
                "helpUri": r.sources.first().cloned().unwrap_or_default(),
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": {
                    "tags": ["supply-chain", "compliance", r.jurisdiction.clone()],
                    "jurisdiction": r.jurisdiction,
                    "instrument": r.instrument,
                }
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(|f| result(report, f)).collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "bomgate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/bomgate",
                "rules": rules,
            }, "extensions": extensions(report) },
            "invocations": [invocation(report)],
            "automationDetails": { "id": "bomgate/" },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "as_of": report.context.as_of.to_string(),
                "verdict": report.summary.verdict,
                "rules_sha256": report.run.rules_sha256,
            }
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The rule packs used, as SARIF tool extensions (name and version).
fn extensions(report: &Report) -> Value {
    let packs: Vec<Value> = report
        .run
        .rule_packs
        .iter()
        .map(|p| match &p.version {
            Some(v) => json!({"name": p.id, "version": v, "semanticVersion": v}),
            None => json!({"name": p.id}),
        })
        .collect();
    Value::Array(packs)
}

/// The run's invocation: it completed, with the report's warnings as notifications.
fn invocation(report: &Report) -> Value {
    let notes: Vec<Value> = report
        .warnings
        .iter()
        .map(|w| json!({"level": "warning", "message": {"text": w}}))
        .collect();
    json!({"executionSuccessful": true, "toolExecutionNotifications": notes})
}

fn result(report: &Report, f: &Finding) -> Value {
    let rule_index = report
        .rules
        .iter()
        .position(|r| r.id == f.rule)
        .unwrap_or(0);
    let mut text = f.message.clone();
    if !f.component.reference.is_empty() {
        text =
            format!("{} ({}): {text}", f.component.reference, f.component.mpn).replace(" ()", "");
    }
    if let Some(sheet) = &f.location.sheet {
        text = format!("{}: {text}", super::sheet_row(sheet, f.location.line));
    }
    for e in &f.evidence {
        text.push('\n');
        text.push_str(&e.describe());
    }
    for n in &f.notes {
        text.push_str("\nnote: ");
        text.push_str(n);
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&f.location.file), "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": f.location.line.unwrap_or(1).max(1) }
        }
    });
    if let (Some(path), Some(obj)) = (&f.location.path, location.as_object_mut()) {
        obj.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": path, "kind": "element" }]),
        );
    }
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": { "bomgateFinding/v1": f.fingerprint },
        "baselineState": if f.baselined { "unchanged" } else { "new" },
        "properties": {
            "severity": f.severity.as_str(),
            "state": f.state.as_str(),
            "entity": f.entity.id,
            "jurisdiction": f.jurisdiction,
            "source": f.source,
        }
    });
    if let (Some(w), Some(obj)) = (&f.waiver, r.as_object_mut()) {
        obj.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": format!("{} (owner {}, ticket {}, expires {})", w.reason, w.owner, w.ticket, w.expires),
                "location": { "physicalLocation": { "artifactLocation": { "uri": uri(w.source.rsplit_once(':').map_or(w.source.as_str(), |x| x.0)) } } }
            }]),
        );
    }
    r
}
