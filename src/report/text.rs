//! The report for people. By default findings are grouped by component: a summary table
//! first (severity, place, designator, part, vendor, rules), then each flagged component with
//! what matched once and each rule's obligations under it, then the rules cited with their
//! authority, citation, interpretation and source, printed once each. [`GroupBy::Rule`]
//! keeps the older view: each rule, then the components it flags.

mod by_component;
mod by_rule;

use std::fmt::Write;

use super::{Finding, Report, RuleInfo, State};
use crate::rules::Severity;

/// How the text report groups findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// One block per flagged component, its rules under it (the default).
    #[default]
    Component,
    /// One block per rule, the components it flags under it.
    Rule,
}

/// Renders the report as text grouped by component; `color` adds ANSI colours (the caller
/// decides: a terminal, and no `NO_COLOR`).
pub fn render(report: &Report, color: bool) -> String {
    render_grouped(report, GroupBy::Component, color)
}

/// Renders the report as text grouped as asked.
pub fn render_grouped(report: &Report, group_by: GroupBy, color: bool) -> String {
    let paint = Paint { color };
    let mut out = match group_by {
        GroupBy::Component => by_component::render(report, paint),
        GroupBy::Rule => by_rule::render(report, paint),
    };
    footer(&mut out, report, paint);
    out
}

/// The verdict line alone (`PASS: …` or `FAIL: …`), for `--quiet`.
pub fn verdict_line(report: &Report, color: bool) -> String {
    let mut out = String::new();
    verdict(&mut out, report, Paint { color });
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

/// `1 finding`, `2 findings`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The designator, or `(no designator)`.
fn designator(f: &Finding) -> String {
    if f.component.reference.is_empty() {
        "(no designator)".to_string()
    } else {
        f.component.reference.clone()
    }
}

/// Maker and part number as the BOM gives them: `Samsung K4B4G1646Q-HYK0`.
fn part(f: &Finding) -> String {
    [f.component.manufacturer.as_str(), f.component.mpn.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `  [waived until …]`, `  [baseline]` or nothing.
fn status(f: &Finding) -> String {
    if let Some(w) = &f.waiver {
        format!(
            "  [waived until {} by {}, {}]",
            w.expires, w.owner, w.ticket
        )
    } else if f.baselined {
        "  [baseline]".to_string()
    } else {
        String::new()
    }
}

/// The lines under a rule's heading: authority, citation, interpretation, then the source.
fn rule_details(out: &mut String, info: Option<&RuleInfo>, source: &str) {
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
    let _ = writeln!(out, "       source: {source}");
}

/// What matched and why, one line per piece of evidence, naming any non-primary source.
fn evidence_lines(out: &mut String, f: &Finding, indent: &str) {
    for e in &f.evidence {
        let mut line = e.describe();
        if e.source != "primary" {
            let _ = write!(line, ", {} source", e.source);
            if let Some(l) = e.line {
                let _ = write!(line, " on line {l}");
            }
        }
        let _ = writeln!(out, "{indent}{line}");
        if let Some(g) = &e.group {
            let _ = writeln!(out, "{indent}  group: {g}");
        }
    }
}

/// What the rule requires: one line per obligation with dates, state and scope, then why.
fn obligation_lines(out: &mut String, f: &Finding, indent: &str) {
    if let Some(l) = &f.listed {
        let mut line = format!("listed since {}", l.from);
        if let Some(u) = l.until {
            let _ = write!(line, ", delisted {u}");
        }
        if let Some(src) = &l.source {
            let _ = write!(line, " ({src})");
        }
        let _ = writeln!(out, "{indent}{line}");
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
        let _ = writeln!(out, "{indent}{line}");
        if let Some(r) = o.reason.as_deref().filter(|r| !r.is_empty()) {
            let _ = writeln!(out, "{indent}  {r}");
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
    verdict(out, report, paint);
}

/// `PASS: …` or `FAIL: …` with the summary line.
fn verdict(out: &mut String, report: &Report, paint: Paint) {
    let word = match report.summary.verdict {
        super::Verdict::Fail => paint.paint("1;31", "FAIL"),
        super::Verdict::Pass => paint.paint("1;32", "PASS"),
    };
    let _ = writeln!(out, "{word}: {}", summary_line(report));
}

/// The components that could not be screened: their count, and the first ten of them.
fn unscreenable_lines(out: &mut String, report: &Report, paint: Paint) {
    let s = &report.summary;
    if s.unscreenable == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "{} {} with no manufacturer, supplier or part number: not screened, not compliant either",
        paint.paint("1;35", "UNSCREENABLE"),
        count(s.unscreenable, "component", "components"),
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
        "{} ({} screened, {} unscreenable, {} skipped) · {}: {} deny, {} warn, {} review, {} info ({} waived, {} baselined, {} failing) · as of {} · {} ({}) · fail on {fail_on}",
        count(s.components, "component", "components"),
        s.screened,
        s.unscreenable,
        count(s.duplicates_skipped, "duplicate row", "duplicate rows"),
        count(s.findings, "finding", "findings"),
        s.deny,
        s.warn,
        s.review,
        s.info,
        s.waived,
        s.baselined,
        s.failing,
        report.context.as_of,
        count(report.rules.len(), "rule", "rules"),
        report.rule_data(),
    )
}
