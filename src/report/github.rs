//! GitHub Actions workflow commands: an `::error`, `::warning` or `::notice` line per
//! finding, shown on the pull request at the BOM line.

use std::fmt::Write;

use super::Report;
use crate::rules::Severity;

fn esc_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn esc_prop(s: &str) -> String {
    esc_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders the findings as GitHub workflow commands, one per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let cmd = if f.fails_at(report.context.fail_on) {
            "error"
        } else {
            match f.severity {
                Severity::Deny | Severity::Warn | Severity::Review => "warning",
                Severity::Info => "notice",
            }
        };
        let mut props = format!("file={}", esc_prop(&f.location.file));
        if let Some(l) = f.location.line {
            let _ = write!(props, ",line={l}");
        }
        let _ = write!(
            props,
            ",title={}",
            esc_prop(&format!("{} ({})", f.rule, f.severity.as_str()))
        );
        let mut msg = format!("{}: {}", f.component.reference, f.message);
        if let Some(sheet) = &f.location.sheet {
            msg = format!("{}: {msg}", super::sheet_row(sheet, f.location.line));
        }
        if let Some(w) = &f.waiver {
            let _ = write!(
                msg,
                " [waived until {} by {}: {}]",
                w.expires, w.owner, w.reason
            );
        }
        if f.baselined {
            msg.push_str(" [in baseline]");
        }
        let _ = write!(msg, "\nsource: {}", f.source);
        let _ = writeln!(out, "::{cmd} {props}::{}", esc_data(&msg));
    }
    for w in &report.warnings {
        let _ = writeln!(out, "::warning title=bomgate::{}", esc_data(w));
    }
    out
}
