//! Workbooks as BOMs: the real workbooks of the corpus give what PROVENANCE.md §11 states, and
//! the synthetic ones of `tests/fixtures/xlsx/` (written by its `make.py`) cover what the
//! corpus lacks: a header rows down, sheets without one, findings on a later sheet, designator
//! ranges, numeric part numbers, an OpenDocument file, and workbooks that are errors.

use bomgate::bom::{self, BomFormat, Component, ReadOptions};
use bomgate::report::ComponentRef;
use bomgate::{Bom, Context, Error, Report};

use crate::util::{bomgate, check_file, date, fixture, root, temp_dir};

const AS_OF: &str = "2026-11-27";

fn read(rel: &str) -> Bom {
    Bom::from_path(fixture(rel), &ReadOptions::default()).expect("workbook reads")
}

fn read_err(rel: &str) -> String {
    match Bom::from_path(fixture(rel), &ReadOptions::default()) {
        Err(Error::Bom(d)) => {
            assert!(d.file.ends_with(rel.rsplit('/').next().unwrap()), "{d}");
            d.to_string()
        }
        Err(Error::NoVendorColumn(e)) => {
            let d = &e.diagnostic;
            assert!(d.file.ends_with(rel.rsplit('/').next().unwrap()), "{d}");
            d.to_string()
        }
        other => panic!("{rel}: expected a BOM error, got {other:?}"),
    }
}

fn check(rel: &str, as_of: &str) -> Report {
    check_file(&fixture(rel), Context::new(date(as_of)))
}

/// (sheet, row, designators) of every component.
fn places(b: &Bom) -> Vec<(String, usize, String)> {
    b.components
        .iter()
        .map(|c| {
            (
                c.location.sheet.clone().unwrap_or_default(),
                c.location.line.unwrap_or(0),
                c.reference().to_string(),
            )
        })
        .collect()
}

fn component<'b>(b: &'b Bom, reference: &str) -> &'b Component {
    b.components
        .iter()
        .find(|c| c.reference() == reference)
        .unwrap_or_else(|| panic!("no component {reference}"))
}

fn mpn(c: &Component) -> String {
    c.sources()
        .next()
        .map(|s| s.mpn.to_string())
        .unwrap_or_default()
}

/// No finding of any severity, under every shipped rule, today and in years to come.
fn assert_no_finding(rel: &str) {
    for as_of in [AS_OF, "2031-01-01"] {
        let r = check(rel, as_of);
        assert!(r.findings.is_empty(), "{rel} on {as_of}: {:?}", r.findings);
    }
}

#[test]
fn openremise_one_bom_sheet_under_a_title_and_two_empty_sheets() {
    let rel = "corpus/xlsx/OpenRemise_S3Main_bom.xlsx";
    assert_no_finding(rel);
    let b = read(rel);
    let p = places(&b);
    assert_eq!(p.len(), 60, "rows 7-66 of Sheet1");
    assert!(p.iter().all(|(s, _, _)| s == "Sheet1"));
    assert_eq!(p.first().unwrap().1, 7);
    assert_eq!(p.last().unwrap(), &("Sheet1".into(), 66, "U10".into()));
    // `*Mfg Part #` is the part number, `Manufacturer` the maker.
    let j1 = component(&b, "J1");
    assert_eq!(mpn(j1), "1844210");
    assert_eq!(j1.sources().next().unwrap().manufacturer, "Phoenix Contact");
    assert_eq!(b.info.sheets, ["Sheet1"]);
    let notes = b.info.notes.join("\n");
    assert!(
        notes.contains("sheet `Sheet2` skipped: it is empty"),
        "{notes}"
    );
    assert!(
        notes.contains("sheet `Sheet3` skipped: it is empty"),
        "{notes}"
    );
    assert!(notes.contains("before the header on row 6"), "{notes}");
    // The two DNP rows name no part: unscreenable, with their sheet and row.
    let r = check(rel, AS_OF);
    let dnp: Vec<_> = r
        .unscreenable
        .iter()
        .map(|u| (u.sheet.as_deref(), u.line, u.reference.as_str()))
        .collect();
    assert_eq!(
        dnp,
        [
            (Some("Sheet1"), Some(43), "R19,R34"),
            (Some("Sheet1"), Some(46), "R24,R25")
        ]
    );
}

#[test]
fn dc801_part_numbers_and_distributors_without_a_maker() {
    let rel = "corpus/xlsx/DC801_BM-Badge_BOM.xlsx";
    assert_no_finding(rel);
    let b = read(rel);
    assert_eq!(
        b.components.len(),
        35,
        "rows 2-36; the totals below are not parts"
    );
    assert!(b.components.iter().all(|c| c.location.line <= Some(36)));
    let u3 = component(&b, "U3");
    let s = u3.sources().next().unwrap();
    assert_eq!(
        (s.manufacturer, s.mpn, s.supplier),
        ("", "MCP73831T-2ACI/OT", "Digikey")
    );
    // Do-not-stuff rows keep their suffix as written; those without a part are unscreenable.
    let r = check(rel, AS_OF);
    let dns: Vec<_> = r.unscreenable.iter().map(|u| u.line.unwrap()).collect();
    assert_eq!(dns, [2, 3, 34, 36]);
    assert!(
        b.info
            .notes
            .iter()
            .any(|n| n.contains("no manufacturer column"))
    );
}

#[test]
fn lcav_every_part_by_its_distributor_only() {
    let rel = "corpus/xlsx/LCAV_crazyflie-audio_BOM.xlsx";
    assert_no_finding(rel);
    let b = read(rel);
    let p = places(&b);
    assert_eq!(p.len(), 15, "rows 3-17 under the header on row 2");
    assert_eq!(
        p.first().unwrap(),
        &("Sheet 1".into(), 3, b.components[0].reference().into())
    );
    assert_eq!(p.last().unwrap().1, 17);
    for c in &b.components {
        let s = c.sources().next().unwrap();
        assert!(s.manufacturer.is_empty() && s.mpn.is_empty(), "{c:?}");
        assert!(!s.supplier.is_empty(), "{c:?}");
    }
    assert!(
        b.info
            .notes
            .iter()
            .any(|n| n.contains("1 row before the header on row 2 skipped"))
    );
}

#[test]
fn jlcpcb_sheet_without_a_maker_is_an_error_not_a_pass() {
    let e = read_err("corpus/xlsx/martinberlin_H-cinread-it8951_production_bom.xlsx");
    assert!(e.contains("no sheet of the workbook holds a BOM"), "{e}");
    assert!(
        e.contains(
            "sheet `bom.csv`: row 1 has `Designator`, `Footprint`, `Comment`, `JLCPCB Part #`"
        ),
        "{e}"
    );
    // The cells of the first row, for the command's `--column` hint; the distributor's code
    // column is not offered as a part number.
    match Bom::from_path(
        fixture("corpus/xlsx/martinberlin_H-cinread-it8951_production_bom.xlsx"),
        &ReadOptions::default(),
    ) {
        Err(Error::NoVendorColumn(e)) => {
            assert_eq!(
                e.header,
                ["Designator", "Footprint", "Comment", "JLCPCB Part #"]
            );
            assert!(e.candidates.is_empty(), "{:?}", e.candidates);
        }
        other => panic!("expected no vendor column, got {other:?}"),
    }
}

#[test]
fn a_banned_maker_on_sheet2_row7_under_a_header_four_rows_down() {
    let rel = "xlsx/two-sheets.xlsx";
    let r = check(rel, AS_OF);
    let huawei: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.entity.id == "huawei")
        .map(|f| {
            (
                f.location.sheet.as_deref(),
                f.location.line,
                f.location.place(),
            )
        })
        .collect();
    assert!(!huawei.is_empty());
    for (sheet, line, place) in &huawei {
        assert_eq!((*sheet, *line), (Some("Sheet2"), Some(7)));
        assert!(place.ends_with("two-sheets.xlsx:Sheet2:7"), "{place}");
    }
    // A designator range is one designator, as written.
    let micron: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "cn-cac-2023-micron")
        .map(|f| (f.component.reference.as_str(), f.location.line))
        .collect();
    assert_eq!(micron, [("U2-5", Some(8))]);
    assert!(
        r.findings
            .iter()
            .all(|f| f.component.manufacturer != "MEIHUA")
    );
    assert_eq!(r.inputs[0].sheets, ["Sheet2"]);
    assert_eq!(r.summary.components, 6);
}

#[test]
fn cells_read_as_a_person_sees_them() {
    let b = read("xlsx/two-sheets.xlsx");
    assert_eq!(mpn(component(&b, "J1")), "1844210", "a numeric part number");
    assert_eq!(mpn(component(&b, "R1")), "10000", "not 10000.0");
    assert_eq!(component(&b, "C1, C2").quantity(), Some(2.0));
    let leds = component(&b, "D2-12");
    assert_eq!(leds.refs(), ["D2-12"], "a range is kept as written");
    assert_eq!(mpn(leds), "MHT151WDT", "an inline string");
    // The notes sheet is skipped, and says what it holds: its dates as ISO 8601.
    let notes = b.info.notes.join("\n");
    assert!(
        notes.contains("sheet `Notes` skipped: no BOM header") && notes.contains("`2024-03-01`"),
        "{notes}"
    );
    assert!(
        notes.contains("sheet `Sheet2`: 2 rows before the header on row 4 skipped as preamble"),
        "{notes}"
    );
}

#[test]
fn findings_follow_the_order_of_sheets_and_differ_by_sheet() {
    let r = check("xlsx/sheet-order.xlsx", AS_OF);
    let found: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.location.sheet.clone().unwrap(), f.location.line.unwrap()))
        .collect();
    assert_eq!(found, [("Zeta".to_string(), 5), ("Alpha".to_string(), 2)]);
    let (a, b) = (&r.findings[0], &r.findings[1]);
    assert_eq!(a.component.reference, b.component.reference);
    assert_ne!(
        a.fingerprint, b.fingerprint,
        "the sheet is part of the identity"
    );
}

#[test]
fn a_fingerprint_without_a_sheet_is_unchanged() {
    let mut c = ComponentRef::default();
    c.reference = "U1".into();
    c.manufacturer = "Micron".into();
    c.mpn = "MT41K".into();
    let old = bomgate::report::fingerprint("r", "e", "bom.csv", &c, "");
    assert_eq!(
        bomgate::report::fingerprint_at("r", "e", "bom.csv", None, &c, ""),
        old
    );
    assert_ne!(
        bomgate::report::fingerprint_at("r", "e", "bom.csv", Some("Sheet1"), &c, ""),
        old
    );
}

#[test]
fn a_sheet_claiming_every_row_costs_only_its_cells() {
    let r = check("xlsx/stray-cell.xlsx", AS_OF);
    let found: Vec<_> = r.findings.iter().map(|f| f.location.place()).collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].ends_with("stray-cell.xlsx:BOM:3"), "{found:?}");
    assert_eq!(r.summary.components, 2, "the stray cell is no part");
}

#[test]
fn opendocument_spreadsheet() {
    let b = read("xlsx/camera.ods");
    assert_eq!(
        places(&b),
        [
            ("BOM".into(), 3, "U1".into()),
            ("BOM".into(), 4, "U2".into())
        ]
    );
    assert_eq!(mpn(component(&b, "U2")), "25512");
    assert!(
        b.info.notes[0].starts_with("ods workbook"),
        "{:?}",
        b.info.notes
    );
    let r = check("xlsx/camera.ods", AS_OF);
    assert_eq!(r.findings.len(), 1);
    let place = r.findings[0].location.place();
    assert!(place.ends_with("camera.ods:BOM:3"), "{place}");
}

#[test]
fn a_header_with_nothing_under_it_is_skipped_beside_a_bom_and_an_error_alone() {
    let r = check("xlsx/template-sheet.xlsx", AS_OF);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].location.sheet.as_deref(), Some("BOM"));
    let notes = r.inputs[0].notes.join("\n");
    assert!(
        notes.contains("sheet `Alternates` skipped: a BOM header on row 1 with nothing under it"),
        "{notes}"
    );
    let e = read_err("xlsx/header-only.xlsx");
    assert!(e.contains("no sheet of the workbook holds a BOM"), "{e}");
    assert!(
        e.contains("sheet `Alternates`: a BOM header on row 1 with nothing under it"),
        "{e}"
    );
}

#[test]
fn empty_workbook_is_an_error() {
    let e = read_err("xlsx/empty.xlsx");
    assert!(e.contains("the workbook is empty"), "{e}");
    assert!(e.contains("sheet `Sheet1`: it is empty"), "{e}");
}

#[test]
fn workbook_without_a_bom_header_names_each_sheet_and_its_first_rows() {
    let e = read_err("xlsx/no-bom-header.xlsx");
    assert!(e.contains("no sheet of the workbook holds a BOM"), "{e}");
    assert!(e.contains("sheet `Prices`: row 1 has `Item`, `Price`, `Currency`, row 2 has `Board`, `12.5`, `EUR`"), "{e}");
    assert!(
        e.contains("sheet `Contacts`: row 3 has `Name`, `Phone`"),
        "{e}"
    );
}

/// The bytes of a fixture.
fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap()
}

fn read_bytes(name: &str, data: &[u8], format: Option<BomFormat>) -> Result<Bom, Error> {
    let opts = ReadOptions {
        format,
        ..ReadOptions::default()
    };
    Bom::from_bytes(name, data, &opts)
}

#[test]
fn detected_by_signature_by_name_or_forced() {
    let data = bytes("xlsx/two-sheets.xlsx");
    for (name, format) in [
        ("bom", None),
        ("bom.csv", None),
        ("bom.xlsx", None),
        ("bom", Some(BomFormat::Xlsx)),
    ] {
        let b = read_bytes(name, &data, format).expect("reads");
        assert_eq!(b.info.format, Some(BomFormat::Xlsx), "{name}");
        assert_eq!(b.components.len(), 6, "{name}");
    }
    // A tool's CSV export named `.xls` is read as the text it is.
    let csv = read_bytes("bom.xls", b"Ref,Manufacturer,MPN\nU1,Micron,MT41K\n", None).unwrap();
    assert_eq!(csv.info.format, Some(BomFormat::Csv));
    // Forced to another format, a workbook is binary data: an error, not a pass.
    assert!(read_bytes("bom.xlsx", &data, Some(BomFormat::Csv)).is_err());
    // Forced to a workbook, text is not one.
    assert!(
        read_bytes(
            "bom.csv",
            b"Ref,Manufacturer\nU1,Micron\n",
            Some(BomFormat::Xlsx)
        )
        .is_err()
    );
}

#[test]
fn malformed_workbooks_are_errors_that_name_the_file() {
    let data = bytes("xlsx/two-sheets.xlsx");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.xlsx", data[..data.len() / 2].to_vec()),
        ("signature-only.xlsx", b"PK\x03\x04".to_vec()),
        (
            "ole-garbage.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1garbage".to_vec(),
        ),
        ("binary.xlsx", vec![0u8; 64]),
        ("empty.xlsx", Vec::new()),
    ];
    // A zip archive that is no workbook; an encrypted workbook (an OLE file holding an
    // `EncryptedPackage` stream).
    cases.push(("bom.zip", bytes("xlsx/zipped-csv.zip")));
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cases.push(("encrypted.xlsx", encrypted));
    for (name, data) in &cases {
        match read_bytes(name, data, None) {
            Err(Error::Bom(d)) => {
                assert_eq!(d.file, *name, "{d}");
                if *name == "bom.zip" {
                    assert!(
                        d.message.contains("not an Excel or OpenDocument workbook"),
                        "{d}"
                    );
                }
            }
            other => panic!("{name}: expected a BOM error, got {other:?}"),
        }
    }
}

#[test]
fn damaged_workbooks_never_panic() {
    for rel in [
        "xlsx/two-sheets.xlsx",
        "corpus/xlsx/OpenRemise_S3Main_bom.xlsx",
        "xlsx/camera.ods",
    ] {
        let data = bytes(rel);
        let step = (data.len() / 150).max(1);
        for at in (0..data.len()).step_by(step) {
            let mut d = data.clone();
            d[at] ^= 0x5a;
            // Reading may fail or, where the damage is in unused bytes, succeed; it returns.
            let _ = read_bytes("bom.xlsx", &d, None);
            let _ = read_bytes("bom.xlsx", &data[..at], None);
        }
    }
}

#[test]
fn streaming_read_matches_and_cli_names_sheet_and_row() {
    let mut seen = Vec::new();
    let info = bom::read_path(
        fixture("xlsx/two-sheets.xlsx"),
        &ReadOptions::default(),
        &mut |c| {
            seen.push((c.location.sheet.clone(), c.location.line));
        },
    )
    .unwrap();
    assert_eq!(info.components, seen.len());
    assert!(seen.iter().all(|(s, _)| s.as_deref() == Some("Sheet2")));
    let out = bomgate(
        &root(),
        &[
            "check",
            "--no-config",
            "--as-of",
            AS_OF,
            "--color",
            "never",
            "tests/fixtures/xlsx/two-sheets.xlsx",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("tests/fixtures/xlsx/two-sheets.xlsx:Sheet2:7  U7"),
        "{text}"
    );
    let dir = temp_dir("xlsx-forced");
    std::fs::copy(fixture("xlsx/two-sheets.xlsx"), dir.join("bom.data")).unwrap();
    let out = bomgate(
        &dir,
        &["check", "--no-config", "--bom-format", "xlsx", "bom.data"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_workbook_that_makes_the_spreadsheet_library_panic_is_an_error() {
    let bytes = std::fs::read(crate::util::fixture("xlsx/fuzz-calamine-overflow.xlsx")).unwrap();
    let e = bomgate::Bom::from_bytes("crash.xlsx", &bytes, &Default::default()).unwrap_err();
    assert!(e.to_string().contains("crash.xlsx"), "{e}");
}
