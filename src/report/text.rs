//! The report for people. By default findings are grouped by component: a summary table
//! first (severity, place, designator, part, vendor, rules), then each flagged component with
//! what matched once and each rule's obligations under it, then the rules cited with their
//! authority, citation, interpretation and source, printed once each. [`GroupBy::Rule`]
//! keeps the older view: each rule, then the components it flags.

mod by_component;
mod by_rule;

use std::borrow::Cow;
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
///
/// Nothing a BOM, rule or waiver file holds reaches the terminal as a control: line breaks,
/// escape sequences, bidirectional overrides and invisible characters in values are shown as
/// `\u{202e}`-style escapes, so that a cell cannot clear the screen, forge a `PASS` line or
/// reverse a row.
pub fn render_grouped(report: &Report, group_by: GroupBy, color: bool) -> String {
    let paint = Paint { color };
    let mut out = match group_by {
        GroupBy::Component => by_component::render(report, paint),
        GroupBy::Rule => by_rule::render(report, paint),
    };
    footer(&mut out, report, paint);
    terminal_safe(&out, color)
}

/// The verdict line alone (`PASS: …` or `FAIL: …`), for `--quiet`.
pub fn verdict_line(report: &Report, color: bool) -> String {
    let mut out = String::new();
    verdict(&mut out, report, Paint { color });
    terminal_safe(&out, color)
}

/// `s` on one line with nothing invisible: controls (line breaks included), bidirectional
/// and zero-width characters as `\u{…}` escapes.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(crate::normalize::is_invisible) {
        return Cow::Borrowed(s);
    }
    let mut t = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if crate::normalize::is_invisible(c) {
            let _ = write!(t, "\\u{{{:x}}}", u32::from(c));
        } else {
            t.push(c);
        }
    }
    Cow::Owned(t)
}

/// The SGR sequences [`Paint`] writes: the only escapes a coloured report lets through.
const PAINT_CODES: &[&str] = &[
    "[0m", "[1m", "[2m", "[1;31m", "[1;32m", "[1;33m", "[1;35m", "[1;36m",
];

/// The whole report made safe for a terminal: every invisible character but the line break
/// escaped, and with colour, [`Paint`]'s own codes kept. A last line of defence behind
/// [`visible`] on each value (which also escapes line breaks inside values).
fn terminal_safe(out: &str, color: bool) -> String {
    let mut t = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or("");
        if c == '\x1b'
            && color
            && let Some(code) = PAINT_CODES.iter().find(|p| after.starts_with(**p))
        {
            t.push(c);
            t.push_str(code);
            rest = after.get(code.len()..).unwrap_or("");
            continue;
        }
        if c != '\n' && crate::normalize::is_invisible(c) {
            let _ = write!(t, "\\u{{{:x}}}", u32::from(c));
        } else {
            t.push(c);
        }
        rest = after;
    }
    t
}

/// Terminal columns `s` takes: two for East Asian wide and emoji characters, one otherwise.
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint {
    color: bool,
}

impl Paint {
    /// `s` in the ANSI style `code` when colouring.
    fn paint(self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
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
        visible(&f.component.reference).into_owned()
    }
}

/// Where: `bom.csv:12`, `bom.xlsx:Sheet1:112`, and for a component with no designator the
/// path inside a structured BOM (`sbom.json:1 /components/3`): components on one line are
/// told apart by it.
fn place(f: &Finding) -> String {
    let mut p = visible(&f.location.place()).into_owned();
    if let Some(path) = f
        .location
        .path
        .as_ref()
        .filter(|_| f.component.reference.is_empty())
    {
        p.push(' ');
        p.push_str(&visible(path));
    }
    p
}

/// Maker and part number as the BOM gives them: `Samsung K4B4G1646Q-HYK0`.
fn part(f: &Finding) -> String {
    let p = [f.component.manufacturer.as_str(), f.component.mpn.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    visible(&p).into_owned()
}

/// `  [waived until …]`, `  [baseline]` or nothing.
fn status(f: &Finding) -> String {
    if let Some(w) = &f.waiver {
        format!(
            "  [waived until {} by {}, {}]",
            w.expires,
            visible(&w.owner),
            visible(&w.ticket)
        )
    } else if f.baselined {
        "  [baseline]".to_string()
    } else {
        String::new()
    }
}

/// A rule's interpretation on one line, when it has one.
fn flat_interpretation(r: &RuleInfo) -> Option<String> {
    let i = r.interpretation.as_ref()?;
    Some(i.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `waiver waivers.toml:3: reason`, when a waiver covers the finding.
fn waiver_line(out: &mut String, f: &Finding) {
    if let Some(w) = &f.waiver {
        let _ = writeln!(
            out,
            "         waiver {}: {}",
            visible(&w.source),
            visible(&w.reason)
        );
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
        if let Some(flat) = flat_interpretation(r) {
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
            let _ = writeln!(out, "{indent}  group: {}", visible(g));
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
            let _ = writeln!(out, "{}: {}", visible(&input.file), visible(n));
        }
    }
    unscreenable_lines(out, report, paint);
    for w in &report.warnings {
        let _ = writeln!(out, "{} {}", paint.paint("1;33", "WARNING"), visible(w));
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
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            visible(&place),
            visible(&u.reference),
            visible(&u.name)
        );
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
