//! List-based rules: listing dates per entity, fields a rule counts, obligations that end.

use bomgate::{Bom, Context, Report, RuleSet, Severity};

use crate::util::date;

const LIST_RULE: &str = r#"
[instrument]
id = "us-test-list"
title = "Test list"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/list"]
checked = 2026-11-27

[[rule]]
id = "us-test-list"
binds = ["us-person"]
entities = ["huawei", "zte"]
group = true
severity = "deny"
supplied-by = true
match-fields = ["supplier"]

[[rule.obligation]]
action = "procure"
from = 2022-01-01
until = 2028-01-01

[[rule.listing]]
entity = "huawei"
from = 2024-01-01
source = "https://example.org/list/2024"

[[rule.listing]]
entity = "zte"
from = 2020-01-01
until = 2023-01-01
"#;

fn rules(extra: &str) -> Result<RuleSet, bomgate::Error> {
    RuleSet::builder()
        .shipped()
        .text("list.toml", extra)
        .build()
}

fn check_on(day: &str) -> Report {
    let rules = rules(LIST_RULE).unwrap();
    let csv =
        "Ref,Manufacturer,MPN,Supplier\nU1,Acme,A1,Huawei\nU2,Huawei,H1,Arrow\nU3,Acme,A3,ZTE\n";
    let bom = Bom::from_bytes("list.csv", csv.as_bytes(), &Default::default()).unwrap();
    let ctx = Context::new(date(day)).jurisdiction("US");
    bomgate::check(&rules, &bom, ctx).unwrap()
}

/// (ref, severity) of the test rule's findings.
fn found(r: &Report) -> Vec<(String, Severity)> {
    r.findings
        .iter()
        .filter(|f| f.rule == "us-test-list")
        .map(|f| (f.component.reference.clone(), f.severity))
        .collect()
}

#[test]
fn an_entity_counts_only_while_its_list_names_it() {
    assert_eq!(
        found(&check_on("2022-06-01")),
        [("U3".into(), Severity::Deny)]
    );
    assert!(
        found(&check_on("2023-06-01")).is_empty(),
        "ZTE delisted, Huawei not yet listed"
    );
    let r = check_on("2024-06-01");
    assert_eq!(found(&r), [("U1".into(), Severity::Deny)]);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-test-list")
        .unwrap();
    let listed = f.listed.as_ref().expect("the listing is reported");
    assert_eq!(listed.from.to_string(), "2024-01-01");
    assert_eq!(
        f.obligations[0].from.to_string(),
        "2024-01-01",
        "the obligation takes effect for Huawei when the list named it"
    );
    // Before the listing, within a year: nothing (a list does not announce its additions).
    assert!(found(&check_on("2023-12-31")).is_empty());
}

#[test]
fn match_fields_limit_the_fields_a_rule_counts() {
    // U2 names Huawei as manufacturer, not supplier: the rule counts suppliers only.
    let r = check_on("2024-06-01");
    assert!(found(&r).iter().all(|(r, _)| r != "U2"), "{:?}", found(&r));
    // Other rules still see U2's manufacturer.
    assert!(r.findings.iter().any(|f| f.component.reference == "U2"));
}

#[test]
fn an_obligation_that_has_ended_gives_no_finding() {
    assert!(found(&check_on("2028-01-01")).is_empty());
    let r = check_on("2027-12-31");
    assert_eq!(found(&r).len(), 1);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-test-list")
        .unwrap();
    assert_eq!(
        f.obligations[0].until.map(|d| d.to_string()).as_deref(),
        Some("2028-01-01")
    );
}

#[test]
fn listings_and_match_fields_are_validated() {
    let errors = |text: &str| rules(text).unwrap_err().to_string();
    let e = errors(&LIST_RULE.replace("entity = \"zte\"", "entity = \"micron\""));
    assert!(
        e.contains("listing for `micron`, which rule `us-test-list` does not name"),
        "{e}"
    );
    assert!(e.contains("has listings, but none for entity `zte`"), "{e}");
    let e = errors(&LIST_RULE.replace(
        "match-fields = [\"supplier\"]",
        "match-fields = [\"suppliers\"]",
    ));
    assert!(
        e.contains("unknown match field `suppliers`") && e.contains("did you mean `supplier`"),
        "{e}"
    );
    let e = errors(&LIST_RULE.replace("until = 2028-01-01", "until = 2021-01-01"));
    assert!(
        e.contains("`until` (2021-01-01) is not after `from` (2022-01-01)"),
        "{e}"
    );
    let e = errors(&LIST_RULE.replace(
        "entity = \"huawei\"\nfrom",
        "entity = \"huawei\"\nmember = \"HiSilicn\"\nfrom",
    ));
    assert!(
        e.contains("unknown member `HiSilicn`") && e.contains("did you mean `HiSilicon`"),
        "{e}"
    );
}
