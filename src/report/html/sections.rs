//! The sections after the findings: unscreenable components, waivers, the baseline, warnings,
//! and the rules that were evaluated.

use std::fmt::Write;

use super::escape::{bom, link, text};
use super::plural;
use crate::report::{Report, WaiverState};

/// The components that could not be screened, as many as the report lists.
pub(super) fn unscreenable(out: &mut String, report: &Report) {
    let total = report.summary.unscreenable;
    if total == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "<h2 id=\"unscreenable\">Unscreenable components</h2>\n<p>{total} component{} \
         ha{} no manufacturer, supplier, part number or identifier: not screened, and not compliant either.</p>\n\
         <div class=\"scroll\"><table><thead><tr><th>File:line</th><th>Designator</th><th>Description</th></tr></thead><tbody>",
        plural(total),
        if total == 1 { "s" } else { "ve" },
    );
    for u in &report.unscreenable {
        let place = match u.line {
            Some(l) => format!("{}:{l}", u.file),
            None => u.file.clone(),
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            text(&place),
            text(&u.reference),
            text(&u.name)
        );
    }
    out.push_str("</tbody></table></div>\n");
    if total > report.unscreenable.len() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">… and {} more, counted but not listed.</p>",
            total - report.unscreenable.len()
        );
    }
}

/// Lower-case name of a waiver state.
fn waiver_state(s: WaiverState) -> &'static str {
    match s {
        WaiverState::Active => "active",
        WaiverState::Expiring => "expiring",
        WaiverState::Expired => "expired",
    }
}

/// The waivers given: what each selects, who answers for it, until when, and what it did.
pub(super) fn waivers(out: &mut String, report: &Report) {
    if report.waivers.is_empty() {
        return;
    }
    out.push_str(
        "<h2 id=\"waivers\">Waivers</h2>\n<div class=\"scroll\"><table><thead><tr><th>Waiver</th>\
         <th>Selects</th><th>Reason</th><th>Owner</th><th>Ticket</th><th>Expires</th><th>State</th>\
         <th>Waived</th></tr></thead><tbody>\n",
    );
    for u in &report.waivers {
        let w = &u.waiver;
        let mut selects = format!("rule {} · entity {}", w.rule, w.entity);
        for (label, value) in [("ref", &w.reference), ("mpn", &w.mpn), ("file", &w.file)] {
            if let Some(v) = value {
                let _ = write!(selects, " · {label} {v}");
            }
        }
        let days = if u.days_left < 0 {
            format!("{} days ago", -u.days_left)
        } else {
            format!("{} days left", u.days_left)
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}<span class=\"sub\">{days}</span></td>\
             <td class=\"waiver-{state}\">{state}</td><td>{} of {} matched</td></tr>",
            text(&w.source),
            text(&selects),
            text(&w.reason),
            text(&w.owner),
            text(&w.ticket),
            w.expires,
            u.applied,
            u.matched,
            state = waiver_state(u.state),
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// What the baseline did, and the entries that no longer occur.
pub(super) fn baseline(out: &mut String, report: &Report) {
    let Some(b) = &report.baseline else {
        return;
    };
    let _ = writeln!(
        out,
        "<h2 id=\"baseline\">Baseline</h2>\n<p>{} entr{}; {} finding{} recorded in it (reported, not failing); \
         {} new; {} entr{} no longer occur{}.</p>",
        b.entries,
        if b.entries == 1 { "y" } else { "ies" },
        b.matched,
        plural(b.matched),
        b.new,
        b.gone.len(),
        if b.gone.len() == 1 { "y" } else { "ies" },
        if b.gone.len() == 1 { "s" } else { "" },
    );
    if b.gone.is_empty() {
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>Gone</th><th>Rule</th><th>Entity</th><th>File</th>\
         <th>Designator</th><th>Part number</th></tr></thead><tbody>\n",
    );
    for g in &b.gone {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            text(&g.fingerprint),
            text(&g.rule),
            text(&g.entity),
            text(&g.file),
            bom(&g.reference),
            bom(&g.mpn),
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// Things a reviewer must know.
pub(super) fn warnings(out: &mut String, report: &Report) {
    if report.warnings.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"warnings\">Warnings</h2>\n<ul class=\"warnings\">\n");
    for w in &report.warnings {
        let _ = writeln!(out, "<li>{}</li>", text(w));
    }
    out.push_str("</ul>\n");
}

/// The rules evaluated: each with its findings count, authority, citation, interpretation
/// and sources, folded.
pub(super) fn rules(out: &mut String, report: &Report) {
    if report.rules.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"rules\">Rules evaluated</h2>\n");
    for (i, r) in report.rules.iter().enumerate() {
        let n = report.findings.iter().filter(|f| f.rule == r.id).count();
        let _ = write!(
            out,
            "<details id=\"rule-{}\"><summary><code>{}</code> {} <span class=\"muted\">· {} · {n} finding{}</span></summary><div>\n\
             <dl class=\"facts\"><dt>Authority</dt><dd>{}</dd><dt>Citation</dt><dd>{}</dd>\
             <dt>Binds</dt><dd>{}</dd><dt>Severity</dt><dd>{}</dd><dt>Facts checked</dt><dd>{}</dd>",
            i + 1,
            text(&r.id),
            text(&r.title),
            text(&r.jurisdiction),
            plural(n),
            text(&r.authority),
            text(&r.citation),
            text(&r.binds.join(", ")),
            r.severity.as_str(),
            r.checked,
        );
        if let Some(interp) = &r.interpretation {
            let _ = write!(out, "<dt>Our reading</dt><dd>{}</dd>", text(interp));
        }
        out.push_str("<dt>Sources</dt><dd><ul class=\"plain\">");
        for s in &r.sources {
            let _ = write!(out, "<li>{}</li>", link(s));
        }
        out.push_str("</ul></dd></dl>\n</div></details>\n");
    }
}
