//! Effective dates, deadlines and the one-year look-ahead.

use bomgate::report::State;
use bomgate::{Context, Severity};

use crate::util::{check_text, date};

const MICRON: &str =
    "[[component]]\nref = \"U1\"\nmanufacturer = \"Micron\"\nmpn = \"MT41K256M16TW-107:P\"\n";
const HUAWEI: &str = "[[component]]\nref = \"U4\"\nmanufacturer = \"Huawei\"\nmpn = \"X\"\n";

fn cn(as_of: &str) -> bomgate::Report {
    check_text(
        "bom.toml",
        MICRON,
        Context::new(date(as_of)).jurisdiction("CN"),
    )
}

#[test]
fn cn_rule_bites_on_2023_05_21() {
    let before = cn("2023-05-20");
    assert_eq!(before.findings.len(), 1);
    assert_eq!(before.findings[0].severity, Severity::Info);
    assert_eq!(before.findings[0].state, State::Upcoming);
    assert!(!before.fails(), "nothing failing the day before");

    let on = cn("2023-05-21");
    assert_eq!(on.findings.len(), 1);
    assert_eq!(on.findings[0].severity, Severity::Deny);
    assert_eq!(on.findings[0].state, State::InForce);
    assert!(on.fails());
}

#[test]
fn obligations_more_than_a_year_ahead_are_not_reported() {
    assert!(cn("2022-05-20").findings.is_empty());
    assert_eq!(
        cn("2022-05-21").findings.len(),
        1,
        "365 days ahead is within the year"
    );
}

#[test]
fn uk_5g_removal_is_pending_until_its_deadline() {
    let ctx = |d: &str| Context::new(date(d)).jurisdiction("GB").segment("5g");
    let f = |d: &str| {
        let r = check_text("bom.toml", HUAWEI, ctx(d));
        assert_eq!(r.findings.len(), 1, "{d}");
        r.findings
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!())
    };
    let in_2026 = f("2026-11-27");
    // Installing in 5G is banned now; use must end by 2027-12-31.
    let install = in_2026
        .obligations
        .iter()
        .find(|o| o.action == bomgate::rules::Action::Install)
        .unwrap();
    assert_eq!(
        (install.state, install.severity),
        (State::InForce, Severity::Deny)
    );
    let useo = in_2026
        .obligations
        .iter()
        .find(|o| o.action == bomgate::rules::Action::Use)
        .unwrap();
    assert_eq!(
        (useo.state, useo.severity),
        (State::DeadlinePending, Severity::Warn)
    );
    assert_eq!(useo.deadline, Some(date("2027-12-31")));

    let in_2028 = f("2028-01-01");
    let useo = in_2028
        .obligations
        .iter()
        .find(|o| o.action == bomgate::rules::Action::Use)
        .unwrap();
    assert_eq!(
        (useo.state, useo.severity),
        (State::InForce, Severity::Deny)
    );
}

#[test]
fn an_undeclared_segment_is_a_review_and_a_foreign_one_no_finding() {
    let r = check_text(
        "bom.toml",
        HUAWEI,
        Context::new(date("2026-11-27")).jurisdiction("GB"),
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].severity, Severity::Review);
    assert!(
        r.findings[0]
            .obligations
            .iter()
            .any(|o| o.reason.as_deref().is_some_and(|s| s.contains("--segment")))
    );

    // The 35 % full-fibre cap is a review even when the segment is declared.
    let r = check_text(
        "bom.toml",
        HUAWEI,
        Context::new(date("2026-11-27"))
            .jurisdiction("GB")
            .segment("full-fibre-access"),
    );
    assert_eq!(r.findings[0].severity, Severity::Review);
    assert_eq!(r.findings[0].obligations.len(), 1);
}

#[test]
fn purpose_scoped_entries_need_a_declared_purpose() {
    let cam =
        "[[component]]\nref = \"CAM1\"\nmanufacturer = \"Hikvision\"\nmpn = \"DS-2CD2143G2-I\"\n";
    let base = || Context::new(date("2026-11-27")).role("us-federal-contractor");
    let r = check_text("bom.toml", cam, base());
    assert!(r.findings.iter().all(|f| f.severity == Severity::Review));
    let r = check_text(
        "bom.toml",
        cam,
        base().purpose("critical-infrastructure-surveillance"),
    );
    assert!(!r.findings.is_empty());
    assert!(r.findings.iter().all(|f| f.severity == Severity::Deny));
    let r = check_text(
        "bom.toml",
        cam,
        base().purpose("public-safety").purpose("national-security"),
    );
    assert!(r.findings.iter().all(|f| f.severity == Severity::Deny));
}

#[test]
fn section_889_part_b_starts_a_year_after_part_a() {
    let ctx = || Context::new(date("2020-01-01")).role("us-federal-contractor");
    let r = check_text("bom.toml", HUAWEI, ctx());
    let a = r
        .findings
        .iter()
        .find(|f| f.rule == "us-ndaa-889-part-a")
        .unwrap();
    let b = r
        .findings
        .iter()
        .find(|f| f.rule == "us-ndaa-889-part-b")
        .unwrap();
    assert_eq!(a.severity, Severity::Deny);
    assert_eq!((b.severity, b.state), (Severity::Info, State::Upcoming));
}
