//! Regressions found by the adversarial review of the workflow features: each let a listed
//! vendor pass, cost time out of all proportion, or misled a reader.

use bomgate::{Context, Severity};

use crate::util::{bomgate, check_text, date, root, temp_dir};

fn check(csv: &str) -> bomgate::Report {
    check_text("bom.csv", csv, Context::new(date("2026-11-30")))
}

#[test]
fn second_source_and_oem_columns_are_screened() {
    for csv in [
        "Designator,Mfr,MPN,Alt Mfr,Alt MPN\nU1,TI,X,Huawei,Y\n",
        "Designator,Manufacturer,MPN,OEM\nU1,Arrow,X1,Huawei\n",
        "Designator,Manufacturer,MPN,Second Source\nU1,TI,X1,Huawei\n",
        "Designator,Manufacturer,MPN,Approved Vendors\nU1,TI,X1,\"TI; Huawei\"\n",
    ] {
        let r = check(csv);
        assert!(r.findings.iter().any(|f| f.entity.id == "huawei"), "{csv}");
    }
}

#[test]
fn format_characters_inside_a_name_do_not_hide_it() {
    for c in ['\u{FFF9}', '\u{0600}', '\u{2800}', '\u{1D173}', '\u{1BCA0}'] {
        let r = check(&format!("Ref,Manufacturer\nU1,Hua{c}wei\n"));
        assert!(
            r.findings.iter().any(|f| f.entity.id == "huawei"),
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn hostile_cells_cost_linear_time() {
    // Thousands of generic words or script changes in one cell, thousands of alternates under
    // one part: each once took seconds to minutes and gigabytes.
    let generic = format!("Ref,Manufacturer,MPN\nU1,\"{}\",X\n", "科技".repeat(50_000));
    assert!(check(&generic).findings.is_empty());
    let runs = format!(
        "Ref,Manufacturer,MPN\nU1,\"{}\",X\n",
        "华为a".repeat(20_000)
    );
    assert!(
        check(&runs)
            .findings
            .iter()
            .any(|f| f.entity.id == "huawei")
    );
    let alternates = format!(
        "Ref,Manufacturer,MPN\nU1,TI,X\n{}",
        ",Huawei,Y\n".repeat(20_000)
    );
    let r = check(&alternates);
    let f = r.findings.iter().find(|f| f.entity.id == "huawei").unwrap();
    assert!(f.evidence.len() <= 100);
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("more pieces of evidence")),
        "{:?}",
        f.notes
    );
}

#[test]
fn a_match_only_after_a_place_name_is_for_review() {
    // After 2027-06-30, when §805 bars products with parts of listed makers.
    let r = check_text(
        "bom.csv",
        "Ref,Manufacturer\nU1,Zhejiang Tianma\nU2,Tianma Microelectronics\n",
        Context::new(date("2027-08-01")),
    );
    let sev = |r_: &str| {
        r.findings
            .iter()
            .filter(|f| f.component.reference == r_ && f.entity.id == "tianma")
            .map(|f| f.severity)
            .max()
    };
    assert_eq!(
        sev("U1"),
        Some(Severity::Review),
        "another Zhejiang company may be called Tianma"
    );
    assert_eq!(sev("U2"), Some(Severity::Deny));
}

#[test]
fn markdown_reports_escape_markup() {
    let r = check("Ref,Manufacturer,MPN\nU1,Huawei,\"X<b>bold</b>\"\n");
    let md = bomgate::report::markdown::render(&r);
    assert!(!md.contains("<b>") && md.contains("&lt;b&gt;"), "{md}");
}

#[test]
fn rules_show_takes_any_case_and_diff_loads_imported_packs() {
    let out = bomgate(&root(), &["rules", "show", "HUAWEI"]);
    assert_eq!(out.status.code(), Some(0));
    let dir = temp_dir("review-diff");
    let list = root().join("tests/fixtures/lists");
    let csl = std::fs::read_dir(&list)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("consolidated")
        })
        .expect("a CSL sample");
    for (date, out) in [("2025-06-25", "a"), ("2025-07-25", "b")] {
        let o = bomgate(
            &dir,
            &[
                "rules",
                "import",
                "csl",
                csl.to_str().unwrap(),
                "--list-date",
                date,
                "--output",
                out,
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = bomgate(&dir, &["rules", "diff", "a", "b"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_folder_reads_xlsb_and_cdx_files_too() {
    let dir = temp_dir("review-folder");
    std::fs::create_dir_all(dir.join("hw")).unwrap();
    std::fs::write(
        dir.join("hw/device.cdx"),
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device","name":"m","manufacturer":{"name":"Huawei"}}]}"#,
    )
    .unwrap();
    let o = bomgate(&dir, &["check", "--no-config", "hw"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
