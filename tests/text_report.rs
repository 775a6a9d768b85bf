//! The text report for people: grouped by component, every finding under its own entity,
//! and nothing from a BOM reaching the terminal as a control.

use std::collections::BTreeSet;

use bomgate::report::text;

use crate::util::{check_file, check_text, date, root};

/// (entity heading, rule) for every rule line of the component blocks.
fn rule_lines(out: &str) -> Vec<(String, String)> {
    let mut entity = String::new();
    let mut found = Vec::new();
    for line in out.lines().take_while(|l| *l != "Instruments cited") {
        if let Some(name) = line
            .strip_prefix("       ")
            .and_then(|l| l.strip_suffix(':'))
            .filter(|l| !l.starts_with(' '))
        {
            entity = name.to_string();
        } else if let Some(rest) = line.strip_prefix("  ") {
            let mut words = rest.split_whitespace();
            let sev = words.next().unwrap_or("");
            if ["DENY", "WARN", "REVIEW", "INFO"].contains(&sev) {
                found.push((entity.clone(), words.next().unwrap_or("").to_string()));
            }
        }
    }
    found
}

/// Every finding of the report is one rule line of the text, under its entity's heading.
fn assert_each_finding_once(r: &bomgate::Report, out: &str, what: &str) {
    let mut shown = rule_lines(out);
    let mut want: Vec<(String, String)> = r
        .findings
        .iter()
        .map(|f| (f.entity.name.clone(), f.rule.clone()))
        .collect();
    shown.sort();
    want.sort();
    assert_eq!(shown, want, "{what}:\n{out}");
}

#[test]
fn every_finding_appears_once_under_its_entity() {
    let boms = [
        "examples/boms/altium-camera.csv",
        "examples/boms/kicad-gateway.csv",
        "examples/boms/edge-router.toml",
    ];
    for bom in boms {
        let r = check_file(&root().join(bom), bomgate::Context::new(date("2026-11-27")));
        let out = text::render(&r, false);
        assert_each_finding_once(&r, &out, bom);
    }
}

#[test]
fn two_entities_on_one_line_keep_their_own_findings() {
    let csv = "Designator,Manufacturer,MPN,Supplier,Manufacturer 2,MPN 2\nU1,Huawei,ME909s,ZTE Corporation,Hikvision,DS-2CD\n";
    let ctx = bomgate::Context::new(date("2026-11-27")).role("us-federal-contractor");
    let r = check_text("mixed.csv", csv, ctx);
    let entities: BTreeSet<&str> = r.findings.iter().map(|f| f.entity.id.as_str()).collect();
    assert!(entities.len() >= 2, "{entities:?}");
    let out = text::render(&r, false);
    assert_each_finding_once(&r, &out, "mixed.csv");
    // The table counts findings and rules apart, and names each vendor once.
    let row = out
        .lines()
        .find(|l| l.contains("mixed.csv:2"))
        .expect("row");
    assert_eq!(row.matches("Huawei Technologies").count(), 1, "{row}");
    assert!(
        row.contains(&format!("{} findings under", r.findings.len())),
        "{row}"
    );
}

#[test]
fn nothing_from_a_bom_reaches_the_terminal_as_a_control() {
    let csv = "Designator,Manufacturer,MPN,Value\nU4,Huawei,ME909s-120,LTE\nJ1,,,\u{1b}[2J\u{1b}[HPASS: 0 findings\u{1b}[8m\n\"U\u{202e}5\",\"Huawei\",\"X\nFAIL\",v\n";
    let ctx = bomgate::Context::new(date("2026-11-27")).role("us-federal-contractor");
    let r = check_text("spoof.csv", csv, ctx);
    assert!(r.findings.len() >= 2);
    for color in [false, true] {
        for by in [text::GroupBy::Component, text::GroupBy::Rule] {
            let out = text::render_grouped(&r, by, color);
            let escapes: Vec<&str> = out.split('\u{1b}').skip(1).collect();
            for e in escapes {
                assert!(color && e.starts_with('[') && e.contains('m'), "{out}");
                assert!(!e.starts_with("[8m") && !e.starts_with("[2J") && !e.starts_with("[H"));
            }
            assert!(!out.contains('\u{202e}'), "{out}");
            assert!(
                out.contains("\\u{1b}[2J") && out.contains("U\\u{202e}5"),
                "{out}"
            );
            assert!(!out.lines().any(|l| l == "FAIL\" matched"), "{out}");
            assert!(out.contains("X\\u{a}FAIL"), "{out}");
        }
    }
}

/// A vendor named only as the primary source's supplier is not called the primary source.
#[test]
fn a_supplier_is_not_called_the_primary_source() {
    let csv = "Designator,Manufacturer,MPN,Supplier,Manufacturer 2,MPN 2\nU1,Acme,X1,ZTE Corporation,Yageo,RC0603\n";
    let ctx = bomgate::Context::new(date("2026-11-27")).role("us-federal-contractor");
    let r = check_text("supplied.csv", csv, ctx);
    let zte: Vec<_> = r.findings.iter().filter(|f| f.entity.id == "zte").collect();
    assert!(!zte.is_empty(), "{:?}", r.findings);
    for f in zte {
        assert!(
            f.notes.iter().all(|n| !n.contains("is the primary source")),
            "{:?}",
            f.notes
        );
        assert!(
            f.notes
                .iter()
                .any(|n| n.contains("primary source's supplier")),
            "{:?}",
            f.notes
        );
    }
}
