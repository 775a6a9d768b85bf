//! The HTML report: values from BOMs and rule files stay text, the page loads nothing, the same
//! report gives the same bytes; and, when `BOMGATE_BROWSER_TESTS=1`, what headless Chromium
//! makes of the page: one row per finding, no hostile element, sorting by the address.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bomgate::report::html;
use bomgate::{Bom, Context, Report, RuleSet};

use crate::util::{bomgate, check_file, date, root, temp_dir};

/// A BOM whose values try to become markup: a script as the maker (the row is still flagged
/// by its supplier, Huawei), quotes and a tag in the designator, a right-to-left override in a
/// part number.
const HOSTILE_CSV: &str = "Designator,Manufacturer,Manufacturer Part Number,Supplier\n\
    \"U1 \"\"quoted\"\" 'single' <b>bold</b>\",<script>alert(1)</script>,HW\u{202E}4321,Huawei\n\
    U2,ZTE Corporation,ZX\u{202E}297520V3,\n\
    R1,Yageo,RC0402FR-0710KL,Digi-Key\n";

/// A list-based rule whose title holds markup and whose listing source is a `javascript:`
/// address (listing sources are not required to be web addresses).
const HOSTILE_RULE: &str = r#"
[instrument]
id = "us-test-hostile"
title = "Test <b>instrument</b>"
jurisdiction = "US"
authority = "Test <img src=x onerror=alert(2)>"
citation = "Test"
sources = ["https://example.org/list?a=1&b=\"2\""]
checked = 2026-11-27

[[rule]]
id = "us-test-hostile"
title = "Rule <img src=x onerror=alert(3)> \"quoted\""
binds = ["us-person"]
entities = ["huawei"]
group = true
severity = "deny"
supplied-by = true
match-fields = ["supplier"]

[[rule.obligation]]
action = "procure"
from = 2022-01-01

[[rule.listing]]
entity = "huawei"
from = 2024-01-01
source = "javascript:alert(4)"
"#;

/// The hostile BOM checked with the shipped rules and the hostile rule; one finding's
/// instrument source made a `javascript:` address too, as a report read back from JSON could
/// have it.
fn hostile_report() -> Report {
    let rules = RuleSet::builder()
        .shipped()
        .text("hostile.toml", HOSTILE_RULE)
        .build()
        .expect("the hostile rule is valid");
    let bom = Bom::from_bytes("hostile.csv", HOSTILE_CSV.as_bytes(), &Default::default())
        .expect("BOM reads");
    let mut report = bomgate::check(&rules, &bom, Context::new(date("2026-11-27"))).unwrap();
    if let Some(f) = report.findings.first_mut() {
        f.source = "javascript:alert(5)".into();
    }
    report
}

/// The example camera BOM with the shipped rules: findings of several severities.
fn camera_report() -> Report {
    check_file(
        &root().join("examples/boms/altium-camera.csv"),
        Context::new(date("2026-11-27")),
    )
}

#[test]
fn hostile_values_stay_text() {
    let report = hostile_report();
    let makers: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.component.manufacturer.as_str())
        .collect();
    assert!(makers.contains(&"<script>alert(1)</script>"), "{makers:?}");
    assert!(makers.contains(&"ZTE Corporation"), "{makers:?}");
    assert!(report.findings.iter().any(|f| f.rule == "us-test-hostile"));
    let page = html::render(&report);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("U1 &quot;quoted&quot; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(!page.contains("<img"), "a rule's markup stays text");
    assert!(page.contains("Rule &lt;img src=x onerror=alert(3)&gt; &quot;quoted&quot;"));
    assert!(!page.contains('\u{202E}'), "no raw right-to-left override");
    assert!(page.contains("HW<code class=\"ch\">\\u{202e}</code>4321"));
    assert!(!page.to_lowercase().contains("href=\"javascript"));
    assert!(page.contains("javascript:alert(4)") && page.contains("javascript:alert(5)"));
    assert!(page.contains("href=\"https://example.org/list?a=1&amp;b=&quot;2&quot;\""));
}

#[test]
fn instrument_sources_must_be_web_addresses() {
    let rule = HOSTILE_RULE.replace(
        "sources = [\"https://example.org/list?a=1&b=\\\"2\\\"\"]",
        "sources = [\"javascript:alert(6)\"]",
    );
    assert!(rule.contains("alert(6)"));
    let err = RuleSet::builder()
        .shipped()
        .text("hostile.toml", &rule)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("http"), "{err}");
}

#[test]
fn the_page_loads_nothing() {
    let page = html::render(&camera_report());
    for needle in [
        "src=", "<link", "url(", "@import", "<iframe", "<object", "<embed",
    ] {
        assert!(!page.contains(needle), "{needle}");
    }
    assert!(
        page.contains(
            "http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
        )
    );
}

#[test]
fn same_report_gives_same_bytes() {
    let args = [
        "check",
        "--no-config",
        "--as-of",
        "2026-11-27",
        "--format",
        "html",
        "examples/boms/altium-camera.csv",
    ];
    let a = bomgate(&root(), &args);
    let b = bomgate(&root(), &args);
    assert_eq!(a.status.code(), Some(1));
    assert!(a.stdout.starts_with(b"<!DOCTYPE html>"));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn an_html_file_name_asks_for_the_html_format() {
    let dir = temp_dir("html-extension");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let out = bomgate(
        &dir,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2026-11-27",
            "--output",
            "report.html",
            bom.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
}

#[test]
fn configuration_reports_may_be_html() {
    let dir = temp_dir("html-config");
    std::fs::copy(
        root().join("examples/boms/kicad-gateway.csv"),
        dir.join("bom.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("bomgate.toml"),
        "boms = [\"bom.csv\"]\nas-of = 2026-11-27\n\n[[report]]\nformat = \"html\"\noutput = \"report.html\"\n",
    )
    .unwrap();
    let out = bomgate(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(page.contains("Micron Technology"));
}

/// Is the browser test asked for? Says why not when it is not.
fn browser_tests_enabled() -> bool {
    if std::env::var_os("BOMGATE_BROWSER_TESTS").is_some_and(|v| v == "1") {
        return true;
    }
    println!(
        "skipped: the headless-Chromium test of the HTML report runs only with \
         BOMGATE_BROWSER_TESTS=1 (it needs `chromium` on the PATH; .ci/run installs it)"
    );
    false
}

/// Loads `page` (with the address fragment `fragment`) in headless Chromium with a fresh
/// profile and returns the DOM after its scripts ran.
fn dump_dom(page: &Path, fragment: &str, profile: &Path) -> String {
    let _ = std::fs::remove_dir_all(profile);
    let url = format!("file://{}{fragment}", page.display());
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium runs (apt-get install chromium)");
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        stdout.read_to_string(&mut dom).map(|_| dom)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("chromium waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium took more than 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let dom = reader.join().expect("reader").expect("chromium's output");
    assert!(
        dom.contains("</html>"),
        "no DOM from chromium for {url}: {dom}"
    );
    dom
}

/// The findings table's body in a DOM.
fn table_body(dom: &str) -> &str {
    let start = dom.find("id=\"findings-table\"").expect("findings table");
    let body = &dom[start..];
    let from = body.find("<tbody>").expect("tbody");
    let to = body.find("</tbody>").expect("end of tbody");
    &body[from..to]
}

/// The values of attribute `name` on the rows of the findings table, in row order.
fn row_values(dom: &str, name: &str) -> Vec<String> {
    table_body(dom)
        .split("<tr ")
        .skip(1)
        .map(|row| {
            let at = row.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
            row[at..].split('"').next().unwrap_or_default().to_string()
        })
        .collect()
}

/// Renders `report` to a file in `dir`.
fn page_of(report: &Report, dir: &Path) -> std::path::PathBuf {
    let page = dir.join("report.html");
    std::fs::write(&page, html::render(report)).unwrap();
    page
}

#[test]
fn chromium_shows_hostile_values_as_text() {
    if !browser_tests_enabled() {
        return;
    }
    let dir = temp_dir("html-browser-hostile");
    let report = hostile_report();
    let dom = dump_dom(&page_of(&report, &dir), "", &dir.join("profile"));
    assert_eq!(row_values(&dom, "id").len(), report.findings.len());
    for f in &report.findings {
        assert!(
            dom.contains(&f.entity.name.replace('&', "&amp;")),
            "{}",
            f.entity.name
        );
    }
    assert!(dom.contains("ZTE Corporation"));
    // The script ran (the content security policy let it): it made the headings buttons.
    assert!(
        dom.contains("<button type=\"button\""),
        "the page's script did not run"
    );
    // The hostile script is text, not an element; the page's own script is the only one.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let scripts: Vec<&str> = dom.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 1, "one script element");
    assert!(scripts.iter().all(|s| !s.contains("alert")));
    assert!(!dom.contains("<img") && !dom.contains("<b>bold"));
    assert!(!dom.to_lowercase().contains("href=\"javascript"));
    assert!(!dom.contains('\u{202E}'));
    assert!(dom.contains("<code class=\"ch\">\\u{202e}</code>"));
}

#[test]
fn chromium_sorts_the_findings_table() {
    if !browser_tests_enabled() {
        return;
    }
    let dir = temp_dir("html-browser-sort");
    let report = camera_report();
    let page = page_of(&report, &dir);
    let rank = |s: &String| {
        ["deny", "warn", "review", "info"]
            .iter()
            .position(|x| x == s)
    };
    let plain = row_values(&dump_dom(&page, "", &dir.join("profile")), "data-severity");
    assert_eq!(plain.len(), report.findings.len());
    assert!(
        !plain.is_sorted_by_key(rank),
        "the report's order must not already be by severity: {plain:?}"
    );
    let dom = dump_dom(&page, "#sort=severity", &dir.join("profile"));
    let sorted = row_values(&dom, "data-severity");
    assert!(sorted.is_sorted_by_key(rank), "{sorted:?}");
    let mut expected = plain.clone();
    expected.sort_by_key(rank);
    assert_eq!(sorted, expected, "worst first, same rows");
    assert!(dom.contains("data-key=\"severity\" scope=\"col\" aria-sort=\"ascending\""));
    // Descending by number: the report's order reversed.
    let ids = row_values(&dump_dom(&page, "#sort=-n", &dir.join("profile")), "id");
    let expected: Vec<String> = (1..=report.findings.len())
        .rev()
        .map(|n| format!("row-{n}"))
        .collect();
    assert_eq!(ids, expected);
    // A finding's address opens its details.
    let dom = dump_dom(&page, "#finding-3", &dir.join("profile"));
    assert!(dom.contains("<details id=\"finding-3\" open=\"\">"));
}
