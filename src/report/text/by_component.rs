//! The text report grouped by component (the default): a summary table, then one block per
//! flagged component (for each listed entity, what matched, said once, and each rule's
//! obligations under it), then the instruments cited, each described once with its rules.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{
    Paint, count, designator, evidence_lines, flat_interpretation, obligation_lines, part, place,
    status, visible, waiver_line, width,
};
use crate::report::{Finding, Report, RuleInfo};
use crate::rules::Severity;

/// The widest a table cell grows, in terminal columns, before it is cut with `…`.
const MAX_CELL: usize = 32;

/// The findings of one component, worst first.
struct Component<'a> {
    findings: Vec<&'a Finding>,
    worst: Severity,
}

impl Component<'_> {
    /// The first finding (every component has one).
    fn first(&self) -> Option<&Finding> {
        self.findings.first().copied()
    }
}

/// Summary table, component blocks and instruments cited.
pub(super) fn render(report: &Report, paint: Paint) -> String {
    let mut out = String::new();
    let components = components(&report.findings);
    if components.is_empty() {
        return out;
    }
    table(&mut out, report, &components, paint);
    for c in &components {
        out.push('\n');
        block(&mut out, c, paint);
    }
    rules_cited(&mut out, report, paint);
    out
}

/// Findings grouped by the component they are about, worst component first, then by file
/// and line; within a component, by entity (worst first), then worst finding, then rule.
fn components(findings: &[Finding]) -> Vec<Component<'_>> {
    let mut groups: Vec<Component<'_>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for f in findings {
        let key = (
            &f.location.file,
            &f.location.sheet,
            f.location.line,
            &f.location.path,
            &f.component.reference,
            &f.component.manufacturer,
            &f.component.mpn,
            &f.component.supplier,
            &f.component.name,
        );
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Component {
                findings: Vec::new(),
                worst: Severity::Info,
            });
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(i) {
            g.worst = g.worst.max(f.severity);
            g.findings.push(f);
        }
    }
    for g in &mut groups {
        let worst_of = |id: &str, fs: &[&Finding]| {
            fs.iter()
                .filter(|f| f.entity.id == id)
                .map(|f| f.severity)
                .max()
        };
        let all = g.findings.clone();
        g.findings.sort_by(|a, b| {
            worst_of(&b.entity.id, &all)
                .cmp(&worst_of(&a.entity.id, &all))
                .then_with(|| a.entity.id.cmp(&b.entity.id))
                .then_with(|| b.severity.cmp(&a.severity))
                .then_with(|| a.rule.cmp(&b.rule))
        });
    }
    groups.sort_by(|a, b| {
        let at = |c: &Component<'_>| {
            c.first().map(|f| {
                (
                    f.location.file.clone(),
                    f.location.sheet.clone(),
                    f.location.line,
                    f.location.path.clone(),
                    f.component.reference.clone(),
                )
            })
        };
        b.worst.cmp(&a.worst).then_with(|| at(a).cmp(&at(b)))
    });
    groups
}

/// The summary table: one row per flagged component.
fn table(out: &mut String, report: &Report, components: &[Component<'_>], paint: Paint) {
    let rules: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    let _ = writeln!(
        out,
        "{} flagged: {} under {}",
        count(components.len(), "component", "components"),
        count(report.findings.len(), "finding", "findings"),
        count(rules.len(), "rule", "rules"),
    );
    out.push('\n');
    let rows: Vec<[String; 5]> = components.iter().filter_map(row).collect();
    let header = ["PLACE", "REF", "PART", "VENDOR", "FINDINGS"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r.get(i).map_or(0, |c| width(c)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = writeln!(out, "{:<6}  {}", "SEV", cells(&header, &widths));
    for (c, r) in components.iter().zip(&rows) {
        let _ = writeln!(out, "{}  {}", paint.sev(c.worst), cells(r, &widths));
    }
}

/// One table row: place, designator, part, vendor (the listed entities) and findings.
fn row(c: &Component<'_>) -> Option<[String; 5]> {
    let f = c.first()?;
    let mut vendors: Vec<&str> = Vec::new();
    for f in &c.findings {
        if !vendors.contains(&f.entity.name.as_str()) {
            vendors.push(&f.entity.name);
        }
    }
    Some([
        place(f),
        cut(&designator(f)),
        cut(&part(f)),
        cut(&visible(&vendors.join(", "))),
        findings_cell(&c.findings),
    ])
}

/// `6 findings under 4 rules (2 deny, 4 review; 1 waived)`.
fn findings_cell(findings: &[&Finding]) -> String {
    let by: Vec<String> = [
        Severity::Deny,
        Severity::Warn,
        Severity::Review,
        Severity::Info,
    ]
    .into_iter()
    .filter_map(|s| {
        let n = findings.iter().filter(|f| f.severity == s).count();
        (n > 0).then(|| format!("{n} {}", s.as_str()))
    })
    .collect();
    let rules: BTreeSet<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    let mut cell = if rules.len() == findings.len() {
        count(rules.len(), "rule", "rules")
    } else {
        format!(
            "{} under {}",
            count(findings.len(), "finding", "findings"),
            count(rules.len(), "rule", "rules")
        )
    };
    let _ = write!(cell, " ({}", by.join(", "));
    let waived = findings.iter().filter(|f| f.waiver.is_some()).count();
    let baselined = findings.iter().filter(|f| f.baselined).count();
    if waived > 0 {
        let _ = write!(cell, "; {waived} waived");
    }
    if baselined > 0 {
        let _ = write!(cell, "; {baselined} baselined");
    }
    cell.push(')');
    cell
}

/// Rule ids, the first three named and the rest counted.
fn rule_list(rules: &[&str]) -> String {
    match rules {
        [] => String::new(),
        _ if rules.len() <= 3 => rules.join(", "),
        _ => {
            let shown = rules.get(..3).unwrap_or(rules).join(", ");
            format!("{shown} +{} more", rules.len() - 3)
        }
    }
}

/// A cell cut to [`MAX_CELL`] terminal columns.
fn cut(s: &str) -> String {
    if width(s) <= MAX_CELL {
        return s.to_string();
    }
    let mut t = String::new();
    for c in s.chars() {
        if width(&t) + width(c.encode_utf8(&mut [0; 4])) + 1 > MAX_CELL {
            break;
        }
        t.push(c);
    }
    t.push('…');
    t
}

/// Cells padded to their column widths, the last one not padded.
fn cells(row: &[String; 5], widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
        if i + 1 == row.len() {
            s.push_str(cell);
        } else {
            let pad = w.saturating_sub(width(cell));
            let _ = write!(s, "{cell}{}  ", " ".repeat(pad));
        }
    }
    s
}

/// One component: heading, then for each listed entity what matched (once) and each rule's
/// line, waiver and obligations, and that entity's notes.
fn block(out: &mut String, c: &Component<'_>, paint: Paint) {
    let Some(first) = c.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "{} {}  {}  {}",
        paint.sev(c.worst),
        paint.paint("1", &place(first)),
        designator(first),
        part(first),
    );
    let mut i = 0;
    while let Some(head) = c.findings.get(i) {
        let entity: Vec<&Finding> = c
            .findings
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|f| f.entity.id == head.entity.id)
            .copied()
            .collect();
        i += entity.len();
        entity_lines(out, &entity, paint);
    }
}

/// The findings of one component for one entity: what matched, each rule, the notes.
fn entity_lines(out: &mut String, findings: &[&Finding], paint: Paint) {
    let Some(head) = findings.first() else {
        return;
    };
    let _ = writeln!(out, "       {}:", visible(&head.entity.name));
    evidence_lines(out, head, "         ");
    for f in findings {
        let capped = f
            .obligations
            .iter()
            .any(|o| o.severity > f.severity && o.state != crate::report::State::Upcoming);
        let _ = writeln!(
            out,
            "  {} {}  {}{}{}",
            paint.sev(f.severity),
            paint.paint("1", &f.rule),
            f.title,
            if capped {
                "  (capped: the evidence is weak)"
            } else {
                ""
            },
            paint.paint("2", &status(f))
        );
        if f.evidence != head.evidence {
            evidence_lines(out, f, "         ");
        }
        waiver_line(out, f);
        obligation_lines(out, f, "         ");
    }
    notes(out, findings);
}

/// Each distinct note of one entity's findings once, naming the rules it concerns when it is
/// not all of them.
fn notes(out: &mut String, findings: &[&Finding]) {
    let mut distinct: Vec<&String> = Vec::new();
    for n in findings.iter().flat_map(|f| &f.notes) {
        if !distinct.contains(&n) {
            distinct.push(n);
        }
    }
    for n in distinct {
        let rules: Vec<&str> = findings
            .iter()
            .filter(|f| f.notes.contains(n))
            .map(|f| f.rule.as_str())
            .collect();
        if rules.len() == findings.len() {
            let _ = writeln!(out, "       note: {}", visible(n));
        } else {
            let _ = writeln!(out, "       note ({}): {}", rule_list(&rules), visible(n));
        }
    }
}

/// The instruments behind the findings, each once: authority, jurisdiction, citation,
/// interpretation and source, then its rules with the roles each binds. Rules of one
/// instrument share its interpretation, so it is printed once, not once per rule.
fn rules_cited(out: &mut String, report: &Report, paint: Paint) {
    let cited: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    let mut instruments: Vec<(&str, Vec<&RuleInfo>)> = Vec::new();
    for r in report
        .rules
        .iter()
        .filter(|r| cited.contains(r.id.as_str()))
    {
        match instruments.iter_mut().find(|(i, _)| *i == r.instrument) {
            Some((_, rules)) => rules.push(r),
            None => instruments.push((&r.instrument, vec![r])),
        }
    }
    instruments.sort_by_key(|(i, _)| *i);
    let _ = writeln!(out, "\n{}", paint.paint("1", "Instruments cited"));
    for (id, rules) in instruments {
        let Some(first) = rules.first() else {
            continue;
        };
        let _ = writeln!(out, "\n{}  {}", paint.paint("1", id), first.citation);
        let _ = writeln!(out, "       {} · {}", first.authority, first.jurisdiction);
        let shared = rules
            .iter()
            .all(|r| r.interpretation == first.interpretation);
        if shared {
            interpretation(out, first, "       ");
        }
        let source = first.sources.first().map_or("", String::as_str);
        let _ = writeln!(out, "       source: {source}");
        for r in &rules {
            let _ = writeln!(
                out,
                "       rule {}  {} · binds {}",
                r.id,
                r.title,
                r.binds.join(", ")
            );
            if !shared {
                interpretation(out, r, "         ");
            }
        }
    }
    out.push('\n');
}

/// `interpretation: …` on one line, when the rule has one.
fn interpretation(out: &mut String, r: &RuleInfo, indent: &str) {
    if let Some(flat) = flat_interpretation(r) {
        let _ = writeln!(out, "{indent}interpretation: {flat}");
    }
}
