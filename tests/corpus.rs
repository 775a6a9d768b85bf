//! The real BOMs of the corpus give exactly what PROVENANCE.md states: the Micron parts with
//! their designators and lines, nothing under the US or UK rules, and no trap flagged.

use bomgate::{Context, Report, Severity};

use crate::util::{check_file, date, fixture};

const AS_OF: &str = "2026-11-27";

fn all_rules(rel: &str) -> Report {
    check_file(&fixture(rel), Context::new(date(AS_OF)))
}

/// (reference, line) of the CN Micron findings, which must all be `deny`.
fn cn_findings(r: &Report) -> Vec<(String, usize)> {
    r.findings
        .iter()
        .filter(|f| f.rule == "cn-cac-2023-micron")
        .map(|f| {
            assert_eq!(f.severity, Severity::Deny, "{f:?}");
            assert_eq!(f.entity.id, "micron");
            (f.component.reference.clone(), f.location.line.unwrap_or(0))
        })
        .collect()
}

/// Only the CN rule may find anything in the corpus.
fn assert_only_cn(r: &Report) {
    let others: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule != "cn-cac-2023-micron")
        .map(|f| (&f.rule, &f.component.reference, &f.component.manufacturer))
        .collect();
    assert!(others.is_empty(), "unexpected findings: {others:?}");
}

fn flagged_manufacturers(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| f.component.manufacturer.clone())
        .collect()
}

#[test]
fn butterstick_u11_u12_once_meihua_not_huawei() {
    let r = all_rules("corpus/butterstick-r1.0/ButterStick-r1.0a-bom.csv");
    assert_eq!(
        cn_findings(&r),
        [("U11".to_string(), 324), ("U12".to_string(), 325)]
    );
    assert_only_cn(&r);
    // The collated section repeats every part: skipped, not counted twice.
    assert!(r.summary.duplicates_skipped > 50, "{:?}", r.summary);
    assert_eq!(
        r.summary.components, 325,
        "the KiCad header says 325 components"
    );
    let qty: f64 = r
        .findings
        .iter()
        .map(|f| bomgate::bom::split_refs(&f.component.reference).len() as f64)
        .sum();
    assert_eq!(qty, 2.0);
    // The symbol name in LibPart is not the fitted part.
    for f in &r.findings {
        assert!(f.evidence.iter().all(|e| !e.value.contains("gkl_mem")));
        assert!(
            f.evidence
                .iter()
                .any(|e| e.value == "MT41K64M16TW-107:J TR")
        );
    }
    assert!(!flagged_manufacturers(&r).iter().any(|m| m == "MEIHUA"));
}

#[test]
fn orangecrab_u4_with_its_variant_and_invisible_marks() {
    let r = all_rules("corpus/orangecrab-r0.2.1/OrangeCrab-bom.csv");
    assert_eq!(cn_findings(&r), [("U4".to_string(), 44)]);
    assert_only_cn(&r);
    let f = &r.findings[0];
    let mpns: Vec<&str> = f
        .evidence
        .iter()
        .filter(|e| e.field == bomgate::bom::Field::Mpn)
        .map(|e| e.value.as_str())
        .collect();
    assert!(mpns.contains(&"MT41K64M16TW-107:J TR"), "{mpns:?}");
    assert!(mpns.contains(&"MT41K256M16TW"), "variant part: {mpns:?}");
    assert!(
        f.evidence.iter().any(|e| e.source == "variant 85F/4G"),
        "{:?}",
        f.evidence
    );
    // Lines with U+200E around "Yageo" are read as Yageo, not as unscreenable.
    assert_eq!(r.summary.unscreenable, 0);
}

#[test]
fn beaglebone_black_u12_u13_with_alternates_attached() {
    let r = all_rules("corpus/beaglebone-black/BBB_BOM.csv");
    assert_eq!(
        cn_findings(&r),
        [("U12".to_string(), 156), ("U13".to_string(), 161)]
    );
    assert_only_cn(&r);
    let u12 = &r.findings[0];
    assert!(
        u12.notes
            .iter()
            .any(|n| n.contains("primary source") && n.contains("Kingston D2516EC4BXGGB")),
        "{:?}",
        u12.notes
    );
    // The Micron alternate on line 157 is part of U12, not a part without designator.
    assert!(u12.evidence.iter().any(|e| e.line == Some(157)));
    let u13 = &r.findings[1];
    assert!(
        u13.evidence
            .iter()
            .any(|e| e.value == "MTFC4GACAJCN-1M WT" && e.line == Some(163))
    );
    // Continuation rows are alternates, never components of their own.
    assert!(
        r.unscreenable
            .iter()
            .all(|u| u.line != Some(157) && u.line != Some(162))
    );
}

#[test]
fn beaglebone_black_industrial_is_the_matched_negative() {
    let r = all_rules("corpus/beaglebone-black/BBB_Industrial_BOM.csv");
    assert!(r.findings.is_empty(), "{:?}", crate::util::summary(&r));
    assert!(r.summary.screened > 60);
}

#[test]
fn beaglebone_ai_traps_mtconn_and_sg_micro() {
    let r = all_rules("corpus/beaglebone-ai/BeagleBone-AI_bom.csv");
    assert!(r.findings.is_empty(), "{:?}", crate::util::summary(&r));
    // 107 data records; the newline inside record 13 is one record.
    assert_eq!(r.summary.components, 107);
}

#[test]
fn ulx3s_u2_primary_micron_with_alternates() {
    let r = all_rules("corpus/ulx3s/ulx3s_bom.csv");
    assert_eq!(cn_findings(&r), [("U2".to_string(), 48)]);
    assert_only_cn(&r);
    let notes = &r.findings[0].notes;
    assert!(
        notes.iter().any(|n| n.contains("ISSI IS42S16160G-7TL-TR")
            && n.contains("Winbond W9812G6KH-6")
            && n.contains("Alliance AS4C32M16SB-7TCN")),
        "{notes:?}"
    );
    // Distributor order codes are not manufacturer data.
    assert!(
        r.findings[0]
            .evidence
            .iter()
            .all(|e| !e.value.contains("1450-1385") && !e.value.contains("913-"))
    );
    assert_eq!(
        r.summary.unscreenable, 0,
        "footer metadata rows are not components"
    );
}

#[test]
fn us_and_uk_rules_find_nothing_in_the_corpus() {
    for rel in [
        "corpus/butterstick-r1.0/ButterStick-r1.0a-bom.csv",
        "corpus/orangecrab-r0.2.1/OrangeCrab-bom.csv",
        "corpus/beaglebone-black/BBB_BOM.csv",
        "corpus/beaglebone-black/BBB_Industrial_BOM.csv",
        "corpus/beaglebone-ai/BeagleBone-AI_bom.csv",
        "corpus/ulx3s/ulx3s_bom.csv",
    ] {
        let ctx = Context::new(date(AS_OF))
            .jurisdiction("US")
            .jurisdiction("GB");
        let r = check_file(&fixture(rel), ctx);
        assert!(
            r.findings.is_empty(),
            "{rel}: {:?}",
            crate::util::summary(&r)
        );
        assert!(!r.fails());
    }
}

#[test]
fn the_cn_rule_binds_cii_operators_only() {
    let rel = "corpus/ulx3s/ulx3s_bom.csv";
    let r = check_file(
        &fixture(rel),
        Context::new(date(AS_OF)).role("cii-operator"),
    );
    assert_eq!(cn_findings(&r).len(), 1);
    let r = check_file(
        &fixture(rel),
        Context::new(date(AS_OF)).role("us-federal-agency"),
    );
    assert!(r.findings.is_empty());
}
