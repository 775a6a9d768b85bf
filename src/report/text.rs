//! The report for people: findings grouped by rule, each with its place in the BOM, the
//! value that matched and why, then a summary line.

use std::fmt::Write;

use super::{Finding, Report, State};
use crate::rules::Severity;

/// Renders the report as text; `color` adds ANSI colours (the caller decides: a terminal,
/// and no `NO_COLOR`).
pub fn render(report: &Report, color: bool) -> String {
    let paint = |code: &str, s: &str| -> String {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let sev = |s: Severity| -> String {
        let label = format!("{:<6}", s.as_str().to_uppercase());
        match s {
            Severity::Deny => paint("1;31", &label),
            Severity::Warn => paint("1;33", &label),
            Severity::Review => paint("1;35", &label),
            Severity::Info => paint("1;36", &label),
        }
    };
    let mut out = String::new();
    let mut i = 0;
    let findings = &report.findings;
    while let Some(first) = findings.get(i) {
        let group: Vec<&Finding> = findings
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|f| f.rule == first.rule)
            .collect();
        i += group.len();
        let worst = group
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info);
        let info = report.rules.iter().find(|r| r.id == first.rule);
        let _ = writeln!(
            out,
            "{} {}  {}",
            sev(worst),
            paint("1", &first.rule),
            first.title
        );
        if let Some(r) = info {
            let _ = writeln!(
                out,
                "       {} · {} · binds {}",
                r.authority,
                r.jurisdiction,
                r.binds.join(", ")
            );
            let _ = writeln!(out, "       {}", r.citation);
            if let Some(i) = &r.interpretation {
                let flat = i.split_whitespace().collect::<Vec<_>>().join(" ");
                let _ = writeln!(out, "       interpretation: {flat}");
            }
        }
        let _ = writeln!(out, "       source: {}", first.source);
        for f in group {
            out.push('\n');
            let place = match f.location.line {
                Some(l) => format!("{}:{l}", f.location.file),
                None => f.location.file.clone(),
            };
            let reference = if f.component.reference.is_empty() {
                "(no designator)".to_string()
            } else {
                f.component.reference.clone()
            };
            let part = [f.component.manufacturer.as_str(), f.component.mpn.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let status = if let Some(w) = &f.waiver {
                format!(
                    "  [waived until {} by {}, {}]",
                    w.expires, w.owner, w.ticket
                )
            } else if f.baselined {
                "  [baseline]".to_string()
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {} {}  {}  {}{}",
                sev(f.severity),
                paint("1", &place),
                reference,
                part,
                paint("2", &status)
            );
            if let Some(w) = &f.waiver {
                let _ = writeln!(out, "         waiver {}: {}", w.source, w.reason);
            }
            for e in &f.evidence {
                let mut line = e.describe();
                if e.source != "primary" {
                    let _ = write!(line, ", {} source", e.source);
                    if let Some(l) = e.line {
                        let _ = write!(line, " on line {l}");
                    }
                }
                let _ = writeln!(out, "         {line}");
                if let Some(g) = &e.group {
                    let _ = writeln!(out, "           group: {g}");
                }
            }
            for o in &f.obligations {
                let scope = [o.segments.join("/"), o.purposes.join("/")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                let when = match (o.state, o.deadline) {
                    (State::Upcoming, _) => format!("from {}", o.from),
                    (State::DeadlinePending, Some(d)) => format!("since {}, due {d}", o.from),
                    (_, Some(d)) => format!("since {}, was due {d}", o.from),
                    (_, None) => format!("since {}", o.from),
                };
                let mut line = format!(
                    "{} {}: {} ({})",
                    o.action.as_str(),
                    when,
                    o.severity.as_str(),
                    o.state.as_str()
                );
                if !scope.is_empty() {
                    let _ = write!(line, " [{scope}]");
                }
                let _ = writeln!(out, "         {line}");
                if let Some(r) = o.reason.as_deref().filter(|r| !r.is_empty()) {
                    let _ = writeln!(out, "           {r}");
                }
            }
            for n in &f.notes {
                let _ = writeln!(out, "         note: {n}");
            }
        }
        out.push('\n');
    }
    let s = &report.summary;
    for input in &report.inputs {
        for n in &input.notes {
            let _ = writeln!(out, "{}: {n}", input.file);
        }
    }
    if s.unscreenable > 0 {
        let _ = writeln!(
            out,
            "{} {} component{} with no manufacturer, supplier or part number: not screened, not compliant either",
            paint("1;35", "UNSCREENABLE"),
            s.unscreenable,
            if s.unscreenable == 1 { "" } else { "s" }
        );
        for u in report.unscreenable.iter().take(10) {
            let place = match u.line {
                Some(l) => format!("{}:{l}", u.file),
                None => u.file.clone(),
            };
            let _ = writeln!(out, "  {place}  {}  {}", u.reference, u.name);
        }
        if s.unscreenable > 10 {
            let _ = writeln!(
                out,
                "  … and {} more (all listed in --format json)",
                s.unscreenable - 10
            );
        }
    }
    for w in &report.warnings {
        let _ = writeln!(out, "{} {w}", paint("1;33", "WARNING"));
    }
    let verdict = match (s.verdict, report.context.fail_on) {
        (super::Verdict::Fail, _) => paint("1;31", "FAIL"),
        (_, _) => paint("1;32", "PASS"),
    };
    let _ = writeln!(out, "{verdict}: {}", summary_line(report));
    out
}

/// The summary after the verdict word: counts, date, rules, fail level.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let fail_on = report
        .context
        .fail_on
        .map_or("never".to_string(), |l| l.as_str().to_string());
    format!(
        "{} components ({} screened, {} unscreenable, {} duplicate rows skipped) · {} findings: {} deny, {} warn, {} review, {} info ({} waived, {} baselined, {} failing) · as of {} · {} rules · fail on {fail_on}",
        s.components,
        s.screened,
        s.unscreenable,
        s.duplicates_skipped,
        s.findings,
        s.deny,
        s.warn,
        s.review,
        s.info,
        s.waived,
        s.baselined,
        s.failing,
        report.context.as_of,
        report.rules.len(),
    )
}
