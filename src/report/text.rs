//! The report for people: findings grouped by rule, each with its place in the BOM, the
//! value that matched and why, then a summary line.

use std::fmt::Write;

use super::{Finding, Report, State};
use crate::rules::Severity;

/// Renders the report as text; `color` adds ANSI colours (the caller decides: a terminal,
/// and no `NO_COLOR`).
pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { color };
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
        rule_header(&mut out, report, &group, paint);
        for f in group {
            out.push('\n');
            finding(&mut out, f, paint);
        }
        out.push('\n');
    }
    footer(&mut out, report, paint);
    out
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint {
    color: bool,
}

impl Paint {
    /// `s` in the ANSI style `code` when colouring.
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// A severity label, upper case, padded to six columns, in its colour.
    fn sev(self, s: Severity) -> String {
        let label = format!("{:<6}", s.as_str().to_uppercase());
        match s {
            Severity::Deny => self.paint("1;31", &label),
            Severity::Warn => self.paint("1;33", &label),
            Severity::Review => self.paint("1;35", &label),
            Severity::Info => self.paint("1;36", &label),
        }
    }
}

/// The heading of a rule's findings: worst severity, rule, title, citation and source.
fn rule_header(out: &mut String, report: &Report, group: &[&Finding], paint: Paint) {
    let Some(first) = group.first() else {
        return;
    };
    let worst = group
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    let info = report.rules.iter().find(|r| r.id == first.rule);
    let _ = writeln!(
        out,
        "{} {}  {}",
        paint.sev(worst),
        paint.paint("1", &first.rule),
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
}

/// One finding: place, designator, part and status, then waiver, evidence and obligations.
fn finding(out: &mut String, f: &Finding, paint: Paint) {
    let place = f.location.place();
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
        paint.sev(f.severity),
        paint.paint("1", &place),
        reference,
        part,
        paint.paint("2", &status)
    );
    if let Some(w) = &f.waiver {
        let _ = writeln!(out, "         waiver {}: {}", w.source, w.reason);
    }
    evidence_lines(out, f);
    obligation_lines(out, f);
    for n in &f.notes {
        let _ = writeln!(out, "         note: {n}");
    }
}

/// What matched and why, one line per piece of evidence, naming any non-primary source.
fn evidence_lines(out: &mut String, f: &Finding) {
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
}

/// What the rule requires: one line per obligation with dates, state and scope, then why.
fn obligation_lines(out: &mut String, f: &Finding) {
    if let Some(l) = &f.listed {
        let mut line = format!("listed since {}", l.from);
        if let Some(u) = l.until {
            let _ = write!(line, ", delisted {u}");
        }
        if let Some(src) = &l.source {
            let _ = write!(line, " ({src})");
        }
        let _ = writeln!(out, "         {line}");
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
        if let Some(u) = o.until {
            let _ = write!(line, ", ends {u}");
        }
        if !scope.is_empty() {
            let _ = write!(line, " [{scope}]");
        }
        let _ = writeln!(out, "         {line}");
        if let Some(r) = o.reason.as_deref().filter(|r| !r.is_empty()) {
            let _ = writeln!(out, "           {r}");
        }
    }
}

/// After the findings: input notes, unscreenable components, warnings and the verdict.
fn footer(out: &mut String, report: &Report, paint: Paint) {
    for input in &report.inputs {
        for n in &input.notes {
            let _ = writeln!(out, "{}: {n}", input.file);
        }
    }
    unscreenable_lines(out, report, paint);
    for w in &report.warnings {
        let _ = writeln!(out, "{} {w}", paint.paint("1;33", "WARNING"));
    }
    let verdict = match (report.summary.verdict, report.context.fail_on) {
        (super::Verdict::Fail, _) => paint.paint("1;31", "FAIL"),
        (_, _) => paint.paint("1;32", "PASS"),
    };
    let _ = writeln!(out, "{verdict}: {}", summary_line(report));
}

/// The components that could not be screened: their count, and the first ten of them.
fn unscreenable_lines(out: &mut String, report: &Report, paint: Paint) {
    let s = &report.summary;
    if s.unscreenable == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "{} {} component{} with no manufacturer, supplier or part number: not screened, not compliant either",
        paint.paint("1;35", "UNSCREENABLE"),
        s.unscreenable,
        if s.unscreenable == 1 { "" } else { "s" }
    );
    for u in report.unscreenable.iter().take(10) {
        let place = super::place(&u.file, u.sheet.as_deref(), u.line);
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

/// The summary after the verdict word: counts, date, rules, fail level.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let fail_on = report
        .context
        .fail_on
        .map_or("never".to_string(), |l| l.as_str().to_string());
    format!(
        "{} components ({} screened, {} unscreenable, {} duplicate rows skipped) · {} findings: {} deny, {} warn, {} review, {} info ({} waived, {} baselined, {} failing) · as of {} · {} rules ({}) · fail on {fail_on}",
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
        report.rule_data(),
    )
}
