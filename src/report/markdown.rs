//! Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write;

use super::{Finding, Report, RuleInfo, Verdict};

/// Text safe in a table cell: `|` escaped (GitHub splits on it even inside code spans),
/// line breaks as spaces.
fn cell(s: &str) -> String {
    // Markdown renders inline HTML: a BOM value must not inject markup into a PR comment.
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    summary(&mut out, report);
    for rule in &report.rules {
        let fs: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        if fs.is_empty() {
            continue;
        }
        rule_section(&mut out, report, rule, &fs);
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "### Warnings\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {}", cell(w));
        }
        out.push('\n');
    }
    out
}

/// The heading with the verdict, what was checked, and the table of counts.
fn summary(out: &mut String, report: &Report) {
    let s = &report.summary;
    let verdict = match s.verdict {
        Verdict::Pass => "✅ pass",
        Verdict::Fail => "❌ fail",
    };
    let _ = writeln!(out, "## bomgate: {verdict}\n");
    let _ = writeln!(
        out,
        "{} ({} unscreenable) checked against {} ({}) as of {}; fail on `{}`.\n",
        super::text::count(s.components, "component", "components"),
        s.unscreenable,
        super::text::count(report.rules.len(), "rule", "rules"),
        cell(&report.rule_data()),
        report.context.as_of,
        report.context.fail_on.map_or("never", |l| l.as_str())
    );
    let _ = writeln!(
        out,
        "| deny | warn | review | info | waived | baselined | failing |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | **{}** |\n",
        s.deny, s.warn, s.review, s.info, s.waived, s.baselined, s.failing
    );
}

/// A rule's heading and the table of its findings `fs`.
fn rule_section(out: &mut String, report: &Report, rule: &RuleInfo, fs: &[&Finding]) {
    let _ = writeln!(
        out,
        "### `{}` {}\n\n{} · {} · [source]({})\n",
        rule.id,
        cell(&rule.title),
        cell(&rule.authority),
        rule.jurisdiction,
        rule.sources.first().map_or("", String::as_str)
    );
    let _ = writeln!(out, "| severity | where | ref | part | matched | status |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for f in fs {
        finding_row(out, report, f);
    }
    out.push('\n');
}

/// One finding as a table row: severity, place, designator, part, first evidence, status.
fn finding_row(out: &mut String, report: &Report, f: &Finding) {
    let place = format!("`{}`", f.location.place());
    let part = format!("{} {}", f.component.manufacturer, f.component.mpn);
    let matched = f.evidence.first().map_or(String::new(), |e| {
        format!("{} “{}” → {}", e.field.as_str(), e.value, e.matched)
    });
    let status = if let Some(w) = &f.waiver {
        format!("waived until {} ({})", w.expires, w.ticket)
    } else if f.baselined {
        "baseline".to_string()
    } else if f.fails_at(report.context.fail_on) {
        "**failing**".to_string()
    } else {
        f.state.as_str().to_string()
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        f.severity.as_str(),
        cell(&place),
        cell(&f.component.reference),
        cell(part.trim()),
        cell(&matched),
        cell(&status)
    );
}
