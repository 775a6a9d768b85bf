//! JUnit XML for CI servers (GitLab, Jenkins, Azure): a test suite per rule, a test case per
//! rule × component, a `<failure>` for each one that fails the check.

use std::fmt::Write;

use super::Report;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// The properties every suite carries: which rule data was used, and the report's warnings.
fn properties(report: &Report) -> String {
    let mut p = String::from("    <properties>\n");
    let _ = writeln!(
        p,
        "      <property name=\"bomgate.rule-data\" value=\"{}\"/>",
        esc(&report.rule_data())
    );
    for w in &report.warnings {
        let _ = writeln!(
            p,
            "      <property name=\"bomgate.warning\" value=\"{}\"/>",
            esc(w)
        );
    }
    p.push_str("    </properties>\n");
    p
}

/// Renders the report as JUnit XML.
pub fn render(report: &Report) -> String {
    let fail_on = report.context.fail_on;
    let mut suites = String::new();
    let (mut total, mut total_failures, mut total_skipped) = (0, 0, 0);
    for rule in &report.rules {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        let mut cases = String::new();
        let (mut failures, mut skipped) = (0, 0);
        if findings.is_empty() {
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"no listed component\" time=\"0\"/>",
                esc(&rule.id)
            );
        }
        for f in &findings {
            let place = f.location.place();
            let name = format!("{} {} ({})", place, f.component.reference, f.entity.id);
            let mut detail = format!("{}\nsource: {}\n", f.message, f.source);
            for e in &f.evidence {
                let _ = writeln!(detail, "{}", e.describe());
            }
            for n in &f.notes {
                let _ = writeln!(detail, "note: {n}");
            }
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"0\"",
                esc(&rule.id),
                esc(&name),
                esc(&f.location.file)
            );
            if f.fails_at(fail_on) {
                failures += 1;
                let _ = writeln!(
                    cases,
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                    esc(&f.message),
                    f.severity.as_str(),
                    esc(&detail)
                );
            } else {
                skipped += 1;
                let why = if let Some(w) = &f.waiver {
                    format!("waived by {} until {} ({})", w.source, w.expires, w.reason)
                } else if f.baselined {
                    "recorded in the baseline".to_string()
                } else {
                    format!("severity {} is below the fail level", f.severity.as_str())
                };
                let _ = writeln!(
                    cases,
                    ">\n      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n    </testcase>",
                    esc(&why),
                    esc(&detail)
                );
            }
        }
        let tests = findings.len().max(1);
        total += tests;
        total_failures += failures;
        total_skipped += skipped;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">\n{}{cases}  </testsuite>",
            esc(&rule.id),
            properties(report)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bomgate\" tests=\"{total}\" failures=\"{total_failures}\" errors=\"0\" skipped=\"{total_skipped}\" time=\"0\">\n{suites}</testsuites>\n"
    )
}
