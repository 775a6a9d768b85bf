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

/// A pack folder with an entity that shares the alias `HiSilicon` with the shipped `huawei`,
/// and a rule of its own over it.
fn pack_sharing_a_shipped_name(name: &str, second_entity: &str) -> std::path::PathBuf {
    let dir = crate::util::temp_dir(name);
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"mine\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    let entities = format!(
        "[[entity]]\nid = \"hisi\"\nname = \"HiSilicon Technologies Co., Ltd.\"\naliases = [\"HiSilicon\"]\n{second_entity}"
    );
    std::fs::write(dir.join("entities.toml"), entities).unwrap();
    let rule = REVIEW_RULE
        .replace("us-test-review-list", "mine-list")
        .replace("\"huawei\"", "\"hisi\"");
    std::fs::write(dir.join("list.toml"), rule).unwrap();
    dir
}

#[test]
fn a_name_may_belong_to_entities_of_different_packs_and_a_match_reports_each() {
    let dir = pack_sharing_a_shipped_name("shared-name", "");
    let rules = RuleSet::builder()
        .shipped()
        .path(&dir)
        .unwrap()
        .build()
        .unwrap();
    let hisi = rules.entity("hisi").unwrap();
    let huawei = rules.entity("huawei").unwrap();
    assert_ne!(hisi.pack, huawei.pack, "each entity knows its pack");
    assert_eq!(rules.packs()[hisi.pack.unwrap()].id, "mine");
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,HiSilicon,Hi3516\n",
        "2026-11-27",
    );
    let entities: std::collections::BTreeSet<&str> =
        r.findings.iter().map(|f| f.entity.id.as_str()).collect();
    assert_eq!(entities, ["hisi", "huawei"].into(), "{:#?}", r.findings);
    // Within one pack a shared name stays an error.
    let dir = pack_sharing_a_shipped_name(
        "shared-in-pack",
        "\n[[entity]]\nid = \"hisi-two\"\nname = \"HiSilicon\"\n",
    );
    let e = RuleSet::builder()
        .shipped()
        .path(&dir)
        .unwrap()
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("name `HiSilicon` of entity `hisi-two` is also a name of entity `hisi`"),
        "{e}"
    );
}
