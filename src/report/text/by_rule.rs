//! The text report grouped by rule (`--group-by rule`): each rule with its authority,
//! citation, interpretation and source, then every component it flags.

use std::fmt::Write;

use super::{
    Paint, designator, evidence_lines, obligation_lines, part, rule_details, status, visible,
    waiver_line,
};
use crate::report::{Finding, Report};
use crate::rules::Severity;

/// Every rule's block, in the report's finding order.
pub(super) fn render(report: &Report, paint: Paint) -> String {
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
    out
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
    let _ = writeln!(
        out,
        "{} {}  {}",
        paint.sev(worst),
        paint.paint("1", &first.rule),
        first.title
    );
    let info = report.rules.iter().find(|r| r.id == first.rule);
    rule_details(out, info, &first.source);
}

/// One finding: place, designator, part and status, then waiver, evidence and obligations.
fn finding(out: &mut String, f: &Finding, paint: Paint) {
    let _ = writeln!(
        out,
        "  {} {}  {}  {}{}",
        paint.sev(f.severity),
        paint.paint("1", &visible(&f.location.place())),
        designator(f),
        part(f),
        paint.paint("2", &status(f))
    );
    waiver_line(out, f);
    evidence_lines(out, f, "         ");
    obligation_lines(out, f, "         ");
    for n in &f.notes {
        let _ = writeln!(out, "         note: {}", visible(n));
    }
}
