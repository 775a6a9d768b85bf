//! Country-of-production rules and suspended measures.

use bomgate::report::State;
use bomgate::{Bom, Context, Report, RuleSet, Severity};

use crate::util::date;

const UAS_RULE: &str = r#"
[instrument]
id = "us-test-uas"
title = "Test: foreign-produced drones"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/uas"]
checked = 2026-11-27

[[rule]]
id = "us-test-uas"
binds = ["fcc-subsidy-recipient"]
entities = []
classes = ["uas", "uas-critical-component"]
produced-outside = ["US"]
group = false
severity = "deny"

[[rule.exception]]
id = "blue-uas"
until = 2028-01-01

[[rule.obligation]]
action = "procure"
from = 2025-12-22
"#;

const DRONES: &str = r#"
[[component]]
ref = "D1"
class = "uas"
origin = "CN"
manufacturer = "Acme Drones"

[[component]]
ref = "D2"
class = "uas"
origin = "United States"
manufacturer = "Acme Drones"

[[component]]
ref = "D3"
class = "uas"
manufacturer = "Acme Drones"

[[component]]
ref = "D4"
class = "uas"
origin = "Made in China"
exception = "blue-uas"
manufacturer = "Acme Drones"
"#;

fn check(rule: &str, bom: &str, ctx: Context) -> Report {
    let rules = RuleSet::builder()
        .shipped()
        .text("test.toml", rule)
        .build()
        .unwrap();
    let bom = Bom::from_bytes("bom.toml", bom.as_bytes(), &Default::default()).unwrap();
    bomgate::check(&rules, &bom, ctx).unwrap()
}

fn by_ref<'r>(r: &'r Report, rule: &str) -> Vec<(&'r str, Severity)> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.component.reference.as_str(), f.severity))
        .collect()
}

#[test]
fn foreign_produced_products_of_a_covered_class_are_findings() {
    let r = check(
        UAS_RULE,
        DRONES,
        Context::new(date("2026-06-01")).jurisdiction("US"),
    );
    assert_eq!(
        by_ref(&r, "us-test-uas"),
        [
            ("D1", Severity::Deny),
            ("D3", Severity::Review),
            ("D4", Severity::Info)
        ],
        "D2 is made in the US"
    );
    let d3 = r
        .findings
        .iter()
        .find(|f| f.component.reference == "D3")
        .unwrap();
    assert!(
        d3.notes
            .iter()
            .any(|n| n.contains("country of production the BOM does not give"))
    );
    assert_eq!(d3.entity.id, "class:uas");
    let d4 = r
        .findings
        .iter()
        .find(|f| f.component.reference == "D4")
        .unwrap();
    assert!(
        d4.notes
            .iter()
            .any(|n| n.contains("exception `blue-uas` declared")),
        "{:?}",
        d4.notes
    );
    // Once the exception ends, the drone is restricted again.
    let later = check(
        UAS_RULE,
        DRONES,
        Context::new(date("2028-01-02")).jurisdiction("US"),
    );
    assert!(by_ref(&later, "us-test-uas").contains(&("D4", Severity::Deny)));
}

#[test]
fn the_product_as_a_whole_is_checked_from_the_context() {
    let bom = "[[component]]\nref = \"U1\"\nmanufacturer = \"Yageo\"\nmpn = \"RC0402\"\n";
    let ctx = || {
        Context::new(date("2026-06-01"))
            .jurisdiction("US")
            .product_class("uas")
    };
    let r = check(UAS_RULE, bom, ctx().origin("VN"));
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "us-test-uas")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].component.name.as_str(), f[0].severity),
        ("(the product)", Severity::Deny)
    );
    let unknown = check(UAS_RULE, bom, ctx());
    assert_eq!(
        by_ref(&unknown, "us-test-uas")[0].1,
        Severity::Review,
        "origin unknown"
    );
    let excepted = check(UAS_RULE, bom, ctx().origin("CN").exception("blue-uas"));
    assert_eq!(by_ref(&excepted, "us-test-uas")[0].1, Severity::Info);
    let bad = RuleSet::shipped().unwrap();
    let e = bomgate::Checker::new(
        &bad,
        Context::new(date("2026-06-01")).product_class("drone"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown product class `drone`"), "{e}");
}

const SUSPENDED_RULE: &str = r#"
[instrument]
id = "us-test-suspended"
title = "Test: a suspended measure"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/s"]
checked = 2026-11-27

[[rule]]
id = "us-test-suspended"
binds = ["us-person"]
entities = ["huawei"]
group = false
severity = "deny"

[[rule.obligation]]
action = "procure"
from = 2025-04-04

[[rule.obligation.suspended]]
from = 2025-11-10
until = 2026-11-10
source = "https://example.org/suspension"

[[rule.obligation.suspended]]
from = 2027-01-01
unverified = true
"#;

#[test]
fn a_suspended_measure_gives_info_and_an_unverified_period_review() {
    let bom = "[[component]]\nref = \"U1\"\nmanufacturer = \"Huawei\"\nmpn = \"X\"\n";
    let at = |day: &str| {
        let r = check(
            SUSPENDED_RULE,
            bom,
            Context::new(date(day)).jurisdiction("US"),
        );
        r.findings
            .into_iter()
            .find(|f| f.rule == "us-test-suspended")
            .unwrap()
    };
    let before = at("2025-06-01");
    assert_eq!(
        (before.severity, before.state),
        (Severity::Deny, State::InForce)
    );
    let during = at("2026-01-15");
    assert_eq!(
        (during.severity, during.state),
        (Severity::Info, State::Suspended)
    );
    let reason = during.obligations[0].reason.as_deref().unwrap_or("");
    assert!(
        reason.contains("suspended from 2025-11-10 until 2026-11-10"),
        "{reason}"
    );
    assert!(
        bomgate::report::text::render(
            &check(SUSPENDED_RULE, bom, Context::new(date("2026-01-15"))),
            false
        )
        .contains("suspended")
    );
    assert_eq!(
        at("2026-12-01").severity,
        Severity::Deny,
        "the suspension ended"
    );
    let unverified = at("2027-03-01");
    assert_eq!(unverified.severity, Severity::Review);
    assert!(
        unverified.obligations[0]
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("not verified")
    );
}

#[test]
fn csv_columns_give_the_country_of_production_and_the_class() {
    let csv = "Designator,Manufacturer,MPN,Country of Origin,Class,Exception\nFC1,Acme,FC-1,China,uas,\nFC2,Acme,FC-2,USA,uas,\nFC3,Acme,FC-3,,uas,\nFC4,Acme,FC-4,CN,uas,blue-uas\nFC5,Acme,FC-5,CN,drone,\n";
    let rules = RuleSet::builder()
        .shipped()
        .text("test.toml", UAS_RULE)
        .build()
        .unwrap();
    let bom = Bom::from_bytes("bom.csv", csv.as_bytes(), &Default::default()).unwrap();
    assert!(
        bom.info
            .notes
            .iter()
            .any(|n| n.contains("class `drone` is not a product class")),
        "{:?}",
        bom.info.notes
    );
    let r = bomgate::check(
        &rules,
        &bom,
        Context::new(date("2026-06-01")).jurisdiction("US"),
    )
    .unwrap();
    assert_eq!(
        by_ref(&r, "us-test-uas"),
        [
            ("FC1", Severity::Deny),
            ("FC3", Severity::Review),
            ("FC4", Severity::Info)
        ]
    );
    let fc1 = r
        .findings
        .iter()
        .find(|f| f.component.reference == "FC1")
        .unwrap();
    assert_eq!(
        (
            fc1.component.manufacturer.as_str(),
            fc1.evidence[0].value.as_str()
        ),
        ("Acme", "CN")
    );
}

#[test]
fn the_json_report_gives_the_component_origin_and_class() {
    let rules = RuleSet::builder()
        .shipped()
        .text("test.toml", UAS_RULE)
        .build()
        .unwrap();
    let bom = Bom::from_bytes("bom.toml", DRONES.as_bytes(), &Default::default()).unwrap();
    let r = bomgate::check(
        &rules,
        &bom,
        Context::new(date("2026-06-01")).jurisdiction("US"),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let d1 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["component"]["ref"] == "D1")
        .unwrap();
    assert_eq!(
        (
            d1["component"]["origin"].as_str(),
            d1["component"]["class"].as_str()
        ),
        (Some("CN"), Some("uas"))
    );
}
