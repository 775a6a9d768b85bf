//! Names as real BOMs spell them: every variant of a banned vendor matches, and the traps a
//! substring or prefix matcher falls into do not.

use bomgate::{Context, Report, Severity};

use crate::util::{check_text, date};

/// A one-component TOML BOM.
fn one(manufacturer: &str, mpn: &str) -> String {
    format!(
        "[[component]]\nref = \"U1\"\nmanufacturer = {}\nmpn = {}\n",
        toml_str(manufacturer),
        toml_str(mpn)
    )
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || ('\u{200b}'..='\u{200f}').contains(&c) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check_on(manufacturer: &str, mpn: &str, as_of: &str) -> Report {
    check_text(
        "bom.toml",
        &one(manufacturer, mpn),
        Context::new(date(as_of)),
    )
}

/// The entity ids with a `deny` finding for this component.
fn denied(manufacturer: &str, mpn: &str) -> Vec<String> {
    let r = check_on(manufacturer, mpn, "2026-11-27");
    let mut ids: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Deny)
        .map(|f| f.entity.id.clone())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn micron_in_every_spelling() {
    for name in [
        "Micron",
        "Micron Technology, Inc.",
        "MICRON TECHNOLOGY INC",
        "micron technology",
        "Micron Semiconductor Products, Inc.",
        "Micron Technology Taiwan",
        "Crucial",
        "Elpida Memory, Inc.",
        "ELPIDA",
        "美光",
        "美光科技有限公司",
        "Ｍｉｃｒｏｎ",                           // full width
        "MICRОN",                                 // Cyrillic O
        "Mіcron",                                 // Cyrillic i
        "Μicron",                                 // Greek Mu
        "Mi\u{200b}cron",                         // zero-width space
        "\u{200e}Micron Technology Inc.\u{200e}", // LRM as in the OrangeCrab BOM
        "Micron (美光)",
    ] {
        assert_eq!(denied(name, "X1"), ["micron"], "{name:?} must match Micron");
    }
}

#[test]
fn micron_part_number_families_without_a_manufacturer() {
    for mpn in [
        "MT41K256M16TW-107:P",
        "MT40A512M16LY-075:E",
        "MTFC4GLDEA 0M WT",
        "mt29f4g08abadawp",
    ] {
        for blank in ["", "Generic", "N/A"] {
            assert_eq!(denied(blank, mpn), ["micron"], "{blank:?} {mpn}");
        }
    }
}

#[test]
fn a_family_part_under_another_makers_name_needs_review_not_denial() {
    let r = check_on("Kingston", "MT41K256M16TW-107:P", "2026-11-27");
    assert!(!r.findings.is_empty());
    assert!(
        r.findings.iter().all(|f| f.severity == Severity::Review),
        "{:?}",
        crate::util::summary(&r)
    );
}

#[test]
fn huawei_group_and_the_other_covered_vendors() {
    for (name, id) in [
        ("Huawei Technologies Co., Ltd.", "huawei"),
        ("HUAWEI TECHNOLOGIES CO LTD", "huawei"),
        ("华为技术有限公司", "huawei"),
        ("HiSilicon", "huawei"),
        ("Huawei Technologies (UK) Co. Limited", "huawei"),
        ("ZTE Corporation", "zte"),
        ("ΖΤΕ", "zte"), // Greek capitals
        ("Hytera Communications Corporation Limited", "hytera"),
        ("海康威视", "hikvision"),
        ("EZVIZ", "hikvision"),
        ("Zhejiang Dahua Technology Co., Ltd.", "dahua"),
    ] {
        let r = check_on(name, "X1", "2026-11-27");
        assert!(
            r.findings.iter().any(|f| f.entity.id == id),
            "{name:?} must match {id}: {:?}",
            crate::util::summary(&r)
        );
    }
}

#[test]
fn hisilicon_is_reported_with_its_group_path() {
    let r = check_on("HiSilicon", "Hi3516EV300", "2026-11-27");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-fcc-covered-list-huawei")
        .expect("HiSilicon under the Huawei rule");
    let e = &f.evidence[0];
    assert_eq!(e.via, "group-member");
    assert_eq!(
        e.group.as_deref(),
        Some("HiSilicon → subsidiary of Huawei Technologies Co., Ltd.")
    );
}

#[test]
fn traps_match_nothing() {
    for (name, mpn) in [
        ("Microchip Technology Inc.", "ATMEGA328P-AU"),
        ("MicroChip", "24LC32AT-I/OT"),
        ("Micronas GmbH", "HAL1820SU-A"),
        ("Macronix", "MX25L12835F"),
        ("SG MICRO", "SGM2019-3.3YN5G/TR"),
        ("MTCONN", "JT254F-D180-850-223-001-G"),
        ("MEIHUA", "MHPA1010RGBDT"),
        ("AZTEC", "AZ1117"),
        ("Micron Electronics Trading", "LM2596S-ADJ"),
        ("Huawei Fan Club Store", "GENERIC-CABLE-01"),
        ("Dahua Power Supply Works", "DP-12V2A"),
        ("ZTEX GmbH", "USB-FPGA-2.14"),
        ("Hikari Electronics", "HK-1206-102"),
        ("Lexar", "LSDMI64GBBNL633A"),
        ("MediaTek", "MT7621AT"),
        ("Aerosemi", "MT3608"),
        ("", "MT3608"),
        ("", "MT7621DAT"),
        ("Kingston", "D2516EC4BXGGB"),
    ] {
        let r = check_on(name, mpn, "2026-11-27");
        assert!(
            r.findings.is_empty(),
            "{name:?} / {mpn} must not match: {:?}",
            crate::util::summary(&r)
        );
    }
}

#[test]
fn corporate_membership_follows_the_as_of_date() {
    // Honor left Huawei on 2020-11-17; Lexar left Micron in 2017.
    assert!(check_on("Honor", "X", "2026-11-27").findings.is_empty());
    assert!(check_on("Honor", "X", "2020-11-17").findings.is_empty());
    let before = check_on("Honor", "X", "2020-11-16");
    assert!(
        before.findings.iter().any(|f| f.entity.id == "huawei"),
        "Honor was Huawei's the day before the sale"
    );
    assert!(check_on("Lexar", "X", "2026-11-27").findings.is_empty());
    // Elpida joined Micron on 2013-07-31.
    assert!(
        check_on("Elpida", "X", "2013-07-30")
            .findings
            .iter()
            .all(|f| f.entity.id != "micron")
    );
}

#[test]
fn a_supplier_only_match_is_reported_as_such() {
    let bom = "[[component]]\nref = \"U3\"\nmanufacturer = \"Winbond\"\nmpn = \"W25Q128JVSIQ\"\nsupplier = \"Huawei\"\n";
    let r = check_text(
        "bom.toml",
        bom,
        Context::new(date("2026-11-27")).jurisdiction("US"),
    );
    assert!(!r.findings.is_empty());
    // Rules about what an entity supplies (supplied-by, e.g. contracting with a listed
    // entity) take a supplier match as full evidence; every other rule reviews it.
    let rules = crate::util::shipped();
    let supplied_by = |id: &str| rules.rule(id).is_some_and(|r| r.supplied_by);
    for f in r.findings.iter().filter(|f| supplied_by(&f.rule)) {
        assert_eq!(f.severity, Severity::Deny, "{}", f.rule);
    }
    for f in r.findings.iter().filter(|f| !supplied_by(&f.rule)) {
        assert_eq!(f.severity, Severity::Review);
        assert_eq!(f.evidence[0].field, bomgate::bom::Field::Supplier);
        assert!(
            f.notes.iter().any(|n| n.contains("only as supplier")),
            "{:?}",
            f.notes
        );
    }
}

#[test]
fn evidence_names_field_value_match_and_how() {
    let r = check_on("MICRОN TECHNOLOGY INC", "MT41K256M16TW-107:P", "2026-11-27");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "cn-cac-2023-micron")
        .expect("finding");
    let m = &f.evidence[0];
    assert_eq!(m.field, bomgate::bom::Field::Manufacturer);
    assert_eq!(m.value, "MICRОN TECHNOLOGY INC");
    assert_eq!(m.matched, "Micron Technology, Inc.");
    assert_eq!(m.via, "name+confusable");
    assert!(
        f.evidence
            .iter()
            .any(|e| e.via == "mpn-family" && e.matched == "MT41K")
    );
    assert!(f.notes.iter().any(|n| n.contains("look-alike")));
}

#[test]
fn nested_part_number_families_report_every_maker() {
    let rules = bomgate::RuleSet::builder()
        .text(
            "nested.toml",
            r#"
[[role]]
id = "buyer"
jurisdiction = "XX"
name = "Buyer"
description = "Anyone."

[[entity]]
id = "broad"
name = "Broad Family Corp"
mpn-prefixes = ["QUA7"]

[[entity]]
id = "narrow"
name = "Narrow Family Corp"
mpn-prefixes = ["QUA77"]

[instrument]
id = "xx-nested"
title = "Nested families"
jurisdiction = "XX"
authority = "Test"
citation = "Test"
sources = ["https://example.org/nested"]
checked = 2026-11-27

[[rule]]
id = "xx-nested"
binds = ["buyer"]
entities = ["broad", "narrow"]
group = false
severity = "deny"
[[rule.obligation]]
action = "procure"
from = 2020-01-01
"#,
        )
        .build()
        .unwrap();
    let bom = bomgate::Bom::from_bytes(
        "b.csv",
        b"Ref,Manufacturer,MPN\nU1,,QUA774462MK\nU2,,QUA712\n",
        &Default::default(),
    )
    .unwrap();
    let r = bomgate::check(&rules, &bom, Context::new(date("2026-11-27"))).unwrap();
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.component.reference.as_str(), f.entity.id.as_str()))
        .collect();
    assert_eq!(got, [("U1", "broad"), ("U1", "narrow"), ("U2", "broad")]);
}
