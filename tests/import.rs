//! `bomgate rules import`: official screening lists turned into rule packs, the `review` rule
//! severity they need, and names shared by entities of different packs.

use bomgate::{Bom, Context, Report, RuleSet, Severity};

use crate::util::date;

/// A list-based rule of severity `review` over the shipped entity `huawei`.
const REVIEW_RULE: &str = r#"
[instrument]
id = "us-test-review-list"
title = "Test list that restricts without forbidding"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/list"]
checked = 2026-11-27

[[rule]]
id = "us-test-review-list"
title = "Appears on the test list: a person must decide"
binds = ["us-person"]
entities = ["huawei"]
group = false
severity = "review"

[[rule.obligation]]
action = "procure"
from = 2019-05-16

[[rule.listing]]
entity = "huawei"
from = 2019-05-16
"#;

/// Checks CSV text with `rules` on `day`.
fn check_csv(rules: &RuleSet, csv: &str, day: &str) -> Report {
    let bom = Bom::from_bytes("bom.csv", csv.as_bytes(), &Default::default()).unwrap();
    bomgate::check(rules, &bom, Context::new(date(day))).unwrap()
}

#[test]
fn a_review_rule_gives_review_findings() {
    let rules = RuleSet::builder()
        .shipped()
        .text("review.toml", REVIEW_RULE)
        .build()
        .unwrap();
    assert_eq!(
        rules.rule("us-test-review-list").unwrap().severity,
        Severity::Review
    );
    let r = check_csv(&rules, "Ref,Manufacturer,MPN\nU1,Huawei,X1\n", "2026-11-27");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-test-review-list")
        .expect("a finding under the review rule");
    assert_eq!(f.severity, Severity::Review);
    assert!(
        f.message.contains("needs review") && f.message.contains("procure restricted since"),
        "{}",
        f.message
    );
    // Not a rule severity before: still only the three.
    let bad = REVIEW_RULE.replace("severity = \"review\"", "severity = \"info\"");
    let e = RuleSet::builder()
        .shipped()
        .text("review.toml", bad)
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("review.toml:"), "{e}");
}
