//! One self-contained HTML page for people who never ran the tool: the verdict, what was
//! checked, the counts, a sortable table of the findings with each finding's details, the
//! rules, unscreenable components, waivers, the baseline and warnings.
//!
//! Every value from a BOM, a rule file or a waiver file goes through one escaping function: HTML-escaped,
//! with invisible and bidirectional characters shown as their code points, and linked only
//! when it is a web address. The page loads nothing: its style and its few lines of script are
//! inline, and a content security policy allows exactly those two by their hashes. The same
//! report gives the same bytes (no time of day, no path of the machine).

mod escape;
mod findings;
mod sections;

use std::fmt::Write;

use self::escape::{attr, base64, bom, plain, text};
use super::{Report, Verdict};

/// The page's style sheet.
const STYLE: &str = include_str!("html/style.css");
/// The page's script: sorts the findings table by a clicked column or by `#sort=COLUMN` in
/// the address, and opens the details a `#finding-N` address points to.
const SCRIPT: &str = include_str!("html/sort.js");

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(
        report
            .findings
            .len()
            .saturating_mul(4096)
            .saturating_add(32 * 1024),
    );
    head(&mut out, report);
    out.push_str("<body>\n<main>\n");
    verdict(&mut out, report);
    checked(&mut out, report);
    counts(&mut out, report);
    findings::table(&mut out, report);
    findings::details(&mut out, report);
    sections::unscreenable(&mut out, report);
    sections::waivers(&mut out, report);
    sections::baseline(&mut out, report);
    sections::warnings(&mut out, report);
    sections::rules(&mut out, report);
    footer(&mut out, report);
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// `'sha256-…'`: the content-security source that allows exactly the inline text `s`.
fn csp_hash(s: &str) -> String {
    use sha2::Digest;
    format!("'sha256-{}'", base64(&sha2::Sha256::digest(s.as_bytes())))
}

/// The document head: character set, a policy that allows only the inline style and script,
/// the title and the style.
fn head(out: &mut String, report: &Report) {
    let policy = format!(
        "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let files: Vec<&str> = report.inputs.iter().map(|i| i.file.as_str()).collect();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"bomgate {}\">\n\
         <title>bomgate {}: {}</title>\n<style>{STYLE}</style>\n</head>\n",
        attr(&policy),
        attr(&report.tool.version),
        verdict_word(report.summary.verdict),
        plain(&files.join(", ")),
    );
}

/// `PASS` or `FAIL`.
fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
    }
}

/// The heading and the verdict, with one sentence saying why.
fn verdict(out: &mut String, report: &Report) {
    let s = &report.summary;
    let class = match s.verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
    };
    let why = match (s.verdict, report.context.fail_on) {
        (Verdict::Fail, Some(level)) => format!(
            "{} finding{} at or above <code>{}</code> {} neither waived nor in the baseline.",
            s.failing,
            plural(s.failing),
            level.as_str(),
            if s.failing == 1 { "is" } else { "are" }
        ),
        (Verdict::Pass, Some(level)) => format!(
            "No finding at or above <code>{}</code> that is neither waived nor in the baseline.",
            level.as_str()
        ),
        (Verdict::Fail, None) => "The report's verdict is fail.".to_string(),
        (Verdict::Pass, None) => "The check was set never to fail.".to_string(),
    };
    let unscreened = if s.unscreenable > 0 {
        format!(
            " {} of them could not be screened: not known to comply.",
            s.unscreenable
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<h1>bomgate report</h1>\n<div class=\"verdict {class}\" id=\"verdict\"><strong>{}</strong>{why} \
         {} finding{} among {} component{}.{unscreened}</div>",
        verdict_word(s.verdict),
        s.findings,
        plural(s.findings),
        s.components,
        plural(s.components),
    );
}

/// `s` when `n` is not one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What was checked: the BOM files, the rule data, the date and the context.
fn checked(out: &mut String, report: &Report) {
    let c = &report.context;
    let all = |v: &[String], what: &str| {
        if v.is_empty() {
            format!("<span class=\"muted\">{what}</span>")
        } else {
            text(&v.join(", "))
        }
    };
    out.push_str(
        "<h2 id=\"checked\">What was checked</h2>\n<dl class=\"facts\">\n<dt>BOM files</dt><dd>",
    );
    inputs(out, report);
    let _ = writeln!(
        out,
        "</dd>\n<dt>Rule data</dt><dd>{} · {} · <span class=\"mono\">sha256 {}</span></dd>",
        text(&report.rule_data()),
        super::text::count(report.rules.len(), "rule", "rules"),
        text(&report.run.rules_sha256),
    );
    let _ = writeln!(
        out,
        "<dt>As of</dt><dd>{}</dd>\n<dt>Jurisdictions</dt><dd>{}</dd>\n<dt>Buyer roles</dt><dd>{}</dd>\n\
         <dt>Network segments</dt><dd>{}</dd>\n<dt>Purposes</dt><dd>{}</dd>\n<dt>Fails on</dt><dd>{}</dd>\n</dl>",
        c.as_of,
        all(&c.jurisdictions, "all"),
        all(&c.roles, "all"),
        all(&c.segments, "none declared"),
        all(&c.purposes, "none declared"),
        c.fail_on.map_or("never".to_string(), |l| format!(
            "<code>{}</code> and above",
            l.as_str()
        )),
    );
}

/// The BOM files read: name, format, components, hash, and what the reader noticed.
fn inputs(out: &mut String, report: &Report) {
    if report.inputs.is_empty() {
        out.push_str("<span class=\"muted\">none</span>");
        return;
    }
    out.push_str("<ul class=\"plain\">");
    for i in &report.inputs {
        let _ = write!(
            out,
            "<li><code>{}</code> · {} · {} component{}",
            bom(&i.file),
            i.format.map_or("unknown format", |f| f.as_str()),
            i.components,
            plural(i.components),
        );
        if i.duplicates_skipped > 0 {
            let _ = write!(
                out,
                " ({} duplicate row{} skipped)",
                i.duplicates_skipped,
                plural(i.duplicates_skipped)
            );
        }
        let _ = write!(
            out,
            " · <span class=\"mono muted\">sha256 {}</span>",
            text(&i.sha256)
        );
        for n in &i.notes {
            let _ = write!(out, "<br><span class=\"muted\">{}</span>", text(n));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// The counts: components, findings by severity, waived, baselined, failing, unscreenable.
fn counts(out: &mut String, report: &Report) {
    let s = &report.summary;
    let failing = if s.failing > 0 { "failing" } else { "passing" };
    let unscreenable = if s.unscreenable > 0 { "attention" } else { "" };
    let tiles = [
        ("", s.components, "components"),
        ("", s.screened, "screened"),
        (unscreenable, s.unscreenable, "unscreenable"),
        ("", s.findings, "findings"),
        ("deny", s.deny, "deny"),
        ("warn", s.warn, "warn"),
        ("review", s.review, "review"),
        ("info", s.info, "info"),
        ("", s.waived, "waived"),
        ("", s.baselined, "baselined"),
        (failing, s.failing, "failing"),
    ];
    out.push_str("<h2 id=\"summary\">Summary</h2>\n<div class=\"counts\">\n");
    for (class, n, label) in tiles {
        let zero = if n == 0 && class != "passing" {
            " zero"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<div class=\"count {class}{zero}\"><b>{n}</b><span>{label}</span></div>"
        );
    }
    out.push_str("</div>\n");
    if s.duplicates_skipped > 0 || s.flagged_components > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} component{} flagged; {} duplicate row{} skipped. \
             Waived and baselined findings are counted in their severities too, but do not fail.</p>",
            s.flagged_components,
            plural(s.flagged_components),
            s.duplicates_skipped,
            plural(s.duplicates_skipped),
        );
    }
}

/// The run record an auditor needs, and what the page is not.
fn footer(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<footer>Made by {} {}. The rules encode our reading of the cited sources; this report is not legal advice.</footer>",
        text(&report.tool.name),
        text(&report.tool.version),
    );
}
