//! `explain` and `timeline`: answers a person can act on.

use bomgate::explain::{explain_component, explain_name};
use bomgate::{Bom, Context, Severity};

use crate::util::{bomgate, date, root, shipped};

#[test]
fn a_name_is_explained_with_its_match_or_its_nearest_names() {
    let rules = shipped();
    let miss = explain_name(&rules, "Microchip Technology");
    assert!(miss.matches.is_empty());
    assert_eq!(miss.key.as_deref(), Some("microchip technology"));
    assert_eq!(miss.nearest[0].name, "Micron Technology");
    assert!(
        miss.nearest[0]
            .why
            .contains("different name after normalisation")
    );
    let member = explain_name(&rules, "Crucial");
    assert_eq!(member.matches[0].entity, "micron");
    assert_eq!(member.matches[0].via, "group-member");
    assert!(
        member.matches[0]
            .group
            .as_deref()
            .unwrap()
            .contains("brand of Micron Technology")
    );
    assert!(
        member.matches[0]
            .rules
            .iter()
            .any(|r| r.starts_with("cn-cac-2023-micron (CN; binds cii-operator)"))
    );
    let placed = explain_name(&rules, "Zhejiang Dahua");
    assert_eq!(placed.matches[0].via, "alias+place-prefix");
    assert!(explain_name(&rules, "---").key.is_none());
}

#[test]
fn a_component_is_explained_with_why_it_was_not_flagged() {
    let rules = shipped();
    let bom = Bom::from_path(
        root().join("examples/boms/altium-camera.csv"),
        &Default::default(),
    )
    .unwrap();
    let cn = Context::new(date("2026-11-27")).jurisdiction("CN");
    let u3 = explain_component(&rules, &bom, "u3", cn.clone()).unwrap();
    assert_eq!(u3.len(), 1);
    assert!(u3[0].findings.is_empty());
    assert!(
        u3[0].not_flagged[0].contains("is a rule of GB, outside --jurisdiction CN"),
        "{:?}",
        u3[0].not_flagged
    );
    let u2 = explain_component(&rules, &bom, "U2", cn.clone()).unwrap();
    assert_eq!(u2[0].findings[0].severity, Severity::Deny);
    let e = explain_component(&rules, &bom, "Q99", cn)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`Q99`"), "{e}");
    let out = bomgate(
        &root(),
        &[
            "explain",
            "--no-config",
            "--bom",
            "examples/boms/altium-camera.csv",
            "--ref",
            "U3",
            "--jurisdiction",
            "CN",
            "--as-of",
            "2026-11-27",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no finding in this context"));
}

#[test]
fn the_timeline_lists_every_change_ahead_in_date_order() {
    let rules = shipped();
    let bom = Bom::from_bytes(
        "b.csv",
        b"Ref,Manufacturer,MPN\nU1,Micron,MT41K256\nU2,TI,LM1117\n",
        &Default::default(),
    )
    .unwrap();
    let events = bomgate::timeline::timeline(
        &rules,
        &bom,
        Context::new(date("2022-01-01")).role("cii-operator"),
    )
    .unwrap();
    let lines: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        lines,
        [
            "2022-05-21: cn-cac-2023-micron becomes info (upcoming) for U1 (micron)",
            "2023-05-21: cn-cac-2023-micron becomes deny (in-force) for U1 (micron)",
        ]
    );
    let none = bomgate::timeline::timeline(
        &rules,
        &bom,
        Context::new(date("2024-01-01")).role("cii-operator"),
    )
    .unwrap();
    assert!(none.is_empty(), "{none:?}");
    let out = bomgate(
        &root(),
        &[
            "timeline",
            "--no-config",
            "--format",
            "json",
            "--as-of",
            "2022-01-01",
            "--role",
            "cii-operator",
            "examples/boms/kicad-gateway.csv",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["date"], "2022-05-21");
}

#[test]
fn rules_show_and_rules_list_json() {
    let out = bomgate(&root(), &["rules", "show", "micron"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("member: Crucial → brand of Micron Technology, Inc."),
        "{text}"
    );
    assert!(text.contains("named by: cn-cac-2023-micron"), "{text}");
    let out = bomgate(&root(), &["rules", "show", "micron", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entity"]["id"], "micron");
    let out = bomgate(&root(), &["rules", "show", "cn-cac-2023-micron"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("procure from 2023-05-21"));
    let out = bomgate(&root(), &["rules", "show", "micrn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `micron`"));
    let out = bomgate(&root(), &["rules", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["rules"].as_array().unwrap().len() >= 10);
    assert_eq!(v["packs"][0]["id"], "shipped");
}
