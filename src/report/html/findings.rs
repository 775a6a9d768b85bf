//! The findings: a table with one row per finding (sortable by its script, readable without),
//! and each finding's details below it.

use std::fmt::Write;

use super::escape::{bom, link, text};
use super::plural;
use crate::report::{Finding, Report, State};
use crate::rules::Severity;

/// The table's columns: the key `#sort=KEY` names, and the heading.
const COLUMNS: [(&str, &str); 9] = [
    ("n", "#"),
    ("component", "Component"),
    ("vendor", "Vendor"),
    ("rule", "Rule"),
    ("jurisdiction", "Jurisdiction"),
    ("severity", "Severity"),
    ("state", "State"),
    ("status", "Status"),
    ("file", "File:line"),
];

/// Where a finding stands at the fail level: a CSS class, words for people, and a sort rank
/// (failing first).
fn status(report: &Report, f: &Finding) -> (&'static str, String, u8) {
    if let Some(w) = &f.waiver {
        ("waived", format!("waived until {}", w.expires), 4)
    } else if f.baselined {
        ("baselined", "in baseline".into(), 3)
    } else if f.fails_at(report.context.fail_on) {
        ("failing", "failing".into(), 1)
    } else {
        ("passing", "below fail level".into(), 2)
    }
}

/// Sort rank of a severity: the worst first.
fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Deny => 1,
        Severity::Warn => 2,
        Severity::Review => 3,
        Severity::Info => 4,
    }
}

/// Sort rank of a state: in force first.
fn state_rank(s: State) -> u8 {
    match s {
        State::InForce => 1,
        State::DeadlinePending => 2,
        State::Upcoming => 3,
        State::Suspended => 4,
    }
}

/// A severity badge.
fn badge(s: Severity) -> String {
    format!("<span class=\"sev {0}\">{0}</span>", s.as_str())
}

/// `file:line`, or the file alone.
fn place(f: &Finding) -> String {
    match f.location.line {
        Some(l) => format!("{}:{l}", f.location.file),
        None => f.location.file.clone(),
    }
}

/// A path that wraps only after its slashes: each part in a span that does not break.
fn breakable_path(path: &str) -> String {
    let parts: Vec<String> = path
        .split_inclusive('/')
        .map(|p| format!("<span class=\"nb\">{}</span>", text(p)))
        .collect();
    parts.join("<wbr>")
}

/// The designators, or a muted `(no designator)`.
fn designators(f: &Finding) -> String {
    if f.component.reference.is_empty() {
        "<span class=\"muted\">(no designator)</span>".into()
    } else {
        bom(&f.component.reference)
    }
}

/// The maker and part number, whichever are given.
fn part(f: &Finding) -> String {
    [&f.component.manufacturer, &f.component.mpn]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| bom(s))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The anchor of a rule's section, when the report lists the rule.
fn rule_anchor(report: &Report, rule: &str) -> Option<String> {
    report
        .rules
        .iter()
        .position(|r| r.id == rule)
        .map(|i| format!("rule-{}", i + 1))
}

/// The findings table, one row per finding in the report's order.
pub(super) fn table(out: &mut String, report: &Report) {
    out.push_str("<h2 id=\"findings\">Findings</h2>\n");
    if report.findings.is_empty() {
        out.push_str("<p>No rule matched any component.</p>\n");
        return;
    }
    out.push_str(
        "<p class=\"muted\"><span id=\"sort-hint\" hidden>Click a column heading to sort. </span>\
         Click a number for its details.</p>\n\
         <div class=\"scroll\"><table id=\"findings-table\">\n<thead><tr>",
    );
    for (key, heading) in COLUMNS {
        let _ = write!(out, "<th data-key=\"{key}\" scope=\"col\">{heading}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, f) in report.findings.iter().enumerate() {
        row(out, report, i + 1, f);
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// One row of the findings table.
fn row(out: &mut String, report: &Report, n: usize, f: &Finding) {
    let (class, words, rank) = status(report, f);
    let rule = match rule_anchor(report, &f.rule) {
        Some(a) => format!("<a href=\"#{a}\"><code>{}</code></a>", text(&f.rule)),
        None => format!("<code>{}</code>", text(&f.rule)),
    };
    let why = f.evidence.first().map_or(String::new(), |e| {
        let c = &f.component;
        if e.source == "primary" && (e.value == c.manufacturer || e.value == c.mpn) {
            format!("<span class=\"sub\">by {}</span>", e.field.as_str())
        } else {
            format!(
                "<span class=\"sub\">by {} {}</span>",
                e.field.as_str(),
                bom(&e.value)
            )
        }
    });
    let _ = writeln!(
        out,
        "<tr id=\"row-{n}\" data-severity=\"{sev}\"><td class=\"num\" data-sort=\"{n}\"><a href=\"#finding-{n}\">{n}</a></td>\
         <td><b>{}</b><span class=\"sub\">{}</span></td><td>{}{why}</td><td>{rule}</td><td>{}</td>\
         <td data-sort=\"{}\">{}</td><td data-sort=\"{}\">{}</td>\
         <td data-sort=\"{rank}\"><span class=\"status {class}\">{words}</span></td><td class=\"file\"><code>{}</code></td></tr>",
        designators(f),
        part(f),
        text(&f.entity.name),
        text(&f.jurisdiction),
        severity_rank(f.severity),
        badge(f.severity),
        state_rank(f.state),
        f.state.as_str(),
        breakable_path(&place(f)),
        sev = f.severity.as_str(),
    );
}

/// Each finding's details, in the table's first order.
pub(super) fn details(out: &mut String, report: &Report) {
    if report.findings.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"details\">Finding details</h2>\n");
    for (i, f) in report.findings.iter().enumerate() {
        finding(out, report, i + 1, f);
    }
}

/// One finding: what it is, the component, the evidence, the rule and its obligations, notes,
/// the legal source and the waiver or baseline mark.
fn finding(out: &mut String, report: &Report, n: usize, f: &Finding) {
    let (class, words, _) = status(report, f);
    let _ = writeln!(
        out,
        "<details id=\"finding-{n}\"><summary>{n}. {} <b>{}</b> {} — {} · <code>{}</code> \
         <span class=\"status {class}\">· {words}</span></summary><div>\n\
         <p class=\"message\">{}</p>\n<dl class=\"facts\">",
        badge(f.severity),
        designators(f),
        part(f),
        text(&f.entity.name),
        text(&f.rule),
        text(&f.message),
    );
    component_facts(out, f);
    evidence_facts(out, f);
    rule_facts(out, report, f);
    gate_facts(out, report, f);
    out.push_str("</dl>\n");
    obligations(out, f);
    if !f.notes.is_empty() {
        out.push_str("<h3>Notes</h3>\n<ul class=\"plain\">");
        for note in &f.notes {
            let _ = write!(out, "<li>{}</li>", text(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div></details>\n");
}

/// The component as the BOM gives it, and where.
fn component_facts(out: &mut String, f: &Finding) {
    let c = &f.component;
    let _ = write!(out, "<dt>Component</dt><dd>{}", designators(f));
    for (label, value) in [
        ("maker", &c.manufacturer),
        ("part number", &c.mpn),
        ("supplier", &c.supplier),
        ("description", &c.name),
    ] {
        if !value.is_empty() {
            let _ = write!(
                out,
                "<br><span class=\"muted\">{label}</span> {}",
                bom(value)
            );
        }
    }
    if let Some(q) = c.quantity {
        let _ = write!(out, "<br><span class=\"muted\">quantity</span> {q}");
    }
    if !matches!(c.kind, crate::bom::Kind::Unknown) {
        let _ = write!(
            out,
            "<br><span class=\"muted\">kind</span> {}",
            c.kind.as_str()
        );
    }
    let _ = write!(
        out,
        "</dd>\n<dt>Found in</dt><dd><code>{}</code>",
        bom(&place(f))
    );
    if let Some(p) = &f.location.path {
        let _ = write!(out, " at <code>{}</code>", bom(p));
    }
    out.push_str("</dd>\n");
}

/// What matched and how, with the corporate-group path; when a list named the vendor.
fn evidence_facts(out: &mut String, f: &Finding) {
    let _ = write!(
        out,
        "<dt>Vendor</dt><dd>{} <span class=\"muted\">({})</span></dd>\n<dt>Evidence</dt><dd><ul class=\"plain\">",
        text(&f.entity.name),
        text(&f.entity.id),
    );
    for e in &f.evidence {
        let _ = write!(out, "<li><code>{}</code>", text(&e.describe()));
        if e.source != "primary" {
            let _ = write!(out, ", {} source", text(&e.source));
            if let Some(l) = e.line {
                let _ = write!(out, " on line {l}");
            }
        }
        if let Some(g) = &e.group {
            let _ = write!(out, "<br><span class=\"muted\">group:</span> {}", text(g));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></dd>\n");
    if let Some(l) = &f.listed {
        let _ = write!(out, "<dt>Listed</dt><dd>since {}", l.from);
        if let Some(u) = l.until {
            let _ = write!(out, ", delisted {u}");
        }
        if let Some(src) = &l.source {
            let _ = write!(out, " · {}", link(src));
        }
        out.push_str("</dd>\n");
    }
}

/// The rule, its jurisdiction and whom it binds, and the legal source.
fn rule_facts(out: &mut String, report: &Report, f: &Finding) {
    let id = match rule_anchor(report, &f.rule) {
        Some(a) => format!("<a href=\"#{a}\"><code>{}</code></a>", text(&f.rule)),
        None => format!("<code>{}</code>", text(&f.rule)),
    };
    let _ = writeln!(
        out,
        "<dt>Rule</dt><dd>{id} {}<br><span class=\"muted\">{} · instrument</span> <code>{}</code> \
         <span class=\"muted\">· binds</span> {}</dd>\n<dt>Legal source</dt><dd>{}</dd>",
        text(&f.title),
        text(&f.jurisdiction),
        text(&f.instrument),
        text(&f.binds.join(", ")),
        link(&f.source),
    );
}

/// Whether it fails, and the waiver or baseline that keeps it from failing.
fn gate_facts(out: &mut String, report: &Report, f: &Finding) {
    let (class, words, _) = status(report, f);
    let _ = write!(
        out,
        "<dt>Status</dt><dd><span class=\"status {class}\">{words}</span>"
    );
    if let Some(w) = &f.waiver {
        let _ = write!(
            out,
            "<br><span class=\"muted\">waiver</span> <code>{}</code>: {}<br>\
             <span class=\"muted\">owner</span> {} · <span class=\"muted\">ticket</span> {} · \
             <span class=\"muted\">expires</span> {}",
            text(&w.source),
            text(&w.reason),
            text(&w.owner),
            text(&w.ticket),
            w.expires,
        );
    } else if f.baselined {
        out.push_str("<br>recorded in the baseline: reported, but does not fail until it changes");
    }
    let _ = writeln!(
        out,
        "</dd>\n<dt>Fingerprint</dt><dd><code>{}</code></dd>",
        text(&f.fingerprint)
    );
}

/// The obligations of the rule that apply, with dates, scope, state, severity and why.
fn obligations(out: &mut String, f: &Finding) {
    if f.obligations.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h3>Obligation{}</h3>\n<div class=\"scroll\"><table class=\"inner\"><thead><tr><th>Action</th>\
         <th>From</th><th>Until</th><th>Deadline</th><th>Scope</th><th>State</th><th>Severity</th>\
         <th>Why</th></tr></thead><tbody>\n",
        plural(f.obligations.len())
    );
    let date = |d: Option<crate::date::Date>| d.map_or(String::new(), |d| d.to_string());
    for o in &f.obligations {
        let mut scope = [o.segments.join(", "), o.purposes.join(", ")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        if let Some(cap) = &o.cap {
            scope = [scope, format!("cap {cap}")].join(" ").trim().to_string();
        }
        let _ = writeln!(
            out,
            "<tr><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td>\
             <td>{}</td><td class=\"nw\">{}</td><td>{}</td><td>{}</td></tr>",
            o.action.as_str(),
            o.from,
            date(o.until),
            date(o.deadline),
            text(&scope),
            o.state.as_str(),
            badge(o.severity),
            text(o.reason.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody></table></div>\n");
}
