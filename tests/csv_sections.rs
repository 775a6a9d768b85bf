//! CSV files in sections: rows above a later, richer header row, and summary sections that
//! repeat earlier rows. No row that names a vendor may be dropped on the way.

use bomgate::bom::{Column, CsvOptions};
use bomgate::{Bom, Context, ReadOptions, Report};

use crate::util::{bomgate, check_text, date, shipped, temp_dir};

fn check(name: &str, text: &str) -> Report {
    check_text(name, text, Context::new(date("2026-11-27")))
}

/// (designator, entity, finding line) of every finding, sorted and without repeats.
fn flagged(r: &Report) -> Vec<(String, String, Option<usize>)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.component.reference.clone(),
                f.entity.id.clone(),
                f.location.line,
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn triples(p: &[(&str, &str, usize)]) -> Vec<(String, String, Option<usize>)> {
    p.iter()
        .map(|(a, b, l)| (a.to_string(), b.to_string(), Some(*l)))
        .collect()
}

/// The notes of the (only) BOM read.
fn notes(r: &Report) -> &[String] {
    &r.inputs[0].notes
}

/// The same file with CRLF line ends.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The same file delimited by semicolons (the samples have no commas inside cells).
fn semicolons(text: &str) -> String {
    text.replace(',', ";")
}

/// `bomgate check` on `text` written to a file: exit code and standard output.
fn run_cli(test: &str, text: &str) -> (Option<i32>, String) {
    let dir = temp_dir(test);
    std::fs::write(dir.join("bom.csv"), text).unwrap();
    let out = bomgate(
        &dir,
        &["check", "--no-config", "--as-of", "2026-11-27", "bom.csv"],
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

// ---- Rows above a later, richer header ----

/// Parts under a plainer header, then a richer header that wins the header search.
const EARLIER_HEADER: &str = "Ref,Manufacturer,MPN\nU1,Huawei,HI3516\nU2,Micron,MT41K256\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n";

/// The same parts with no header above them, only a title.
const NO_HEADER_ABOVE: &str = "Project: gateway\nU1,Huawei,HI3516\nU2,Micron,MT41K256\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n";

#[test]
fn rows_under_an_earlier_header_are_screened_under_it() {
    for (label, text) in [
        ("lf", EARLIER_HEADER.to_string()),
        ("crlf", crlf(EARLIER_HEADER)),
        ("semicolon", semicolons(EARLIER_HEADER)),
    ] {
        let r = check("a.csv", &text);
        assert_eq!(
            flagged(&r),
            triples(&[("U1", "huawei", 2), ("U2", "micron", 3)]),
            "{label}"
        );
        for f in &r.findings {
            assert!(
                f.evidence.iter().all(|e| e.line == f.location.line),
                "{label}"
            );
        }
        assert_eq!(r.summary.components, 3, "{label}");
        assert_eq!(
            notes(&r)
                .iter()
                .filter(|n| n.contains("before the header"))
                .collect::<Vec<_>>(),
            [
                "2 rows before the header on line 4 screened under the earlier header on line 1: lines 2-3",
                "1 row before the header on line 4 skipped as preamble",
            ],
            "{label}"
        );
    }
}

#[test]
fn rows_with_no_header_above_are_screened_under_the_header_columns() {
    for (label, text) in [
        ("lf", NO_HEADER_ABOVE.to_string()),
        ("crlf", crlf(NO_HEADER_ABOVE)),
        ("semicolon", semicolons(NO_HEADER_ABOVE)),
    ] {
        let r = check("b.csv", &text);
        assert_eq!(
            flagged(&r),
            triples(&[("U1", "huawei", 2), ("U2", "micron", 3)]),
            "{label}"
        );
        assert_eq!(r.summary.components, 3, "{label}");
        assert_eq!(
            notes(&r)
                .iter()
                .filter(|n| n.contains("before the header"))
                .collect::<Vec<_>>(),
            [
                "2 rows before the header on line 4 screened under its columns (no header above them): lines 2-3",
                "1 row before the header on line 4 skipped as preamble",
            ],
            "{label}"
        );
    }
}

#[test]
fn both_reproductions_fail_on_the_command_line() {
    for (test, text) in [("above-a", EARLIER_HEADER), ("above-b", NO_HEADER_ABOVE)] {
        let (code, out) = run_cli(test, text);
        assert_eq!(code, Some(1), "{test}: {out}");
        assert!(
            out.contains("bom.csv:2  U1  Huawei HI3516"),
            "{test}: {out}"
        );
        assert!(
            out.contains("bom.csv:3  U2  Micron MT41K256"),
            "{test}: {out}"
        );
    }
}

#[test]
fn each_row_is_read_under_the_header_above_it() {
    // The earlier header orders its columns differently from the chosen one, and a title and
    // a blank line stand between the sections: lines are the file's own.
    let text = "Bill of materials\nMPN,Manufacturer,Ref\nHI3516,Huawei,U1\n\nRef,Manufacturer,MPN\nU2,Micron,MT41K256\n\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n";
    let r = check("s.csv", text);
    assert_eq!(
        flagged(&r),
        triples(&[("U1", "huawei", 3), ("U2", "micron", 6)])
    );
    let u1 = r.findings.iter().find(|f| f.entity.id == "huawei").unwrap();
    assert_eq!(
        (
            u1.component.manufacturer.as_str(),
            u1.component.mpn.as_str()
        ),
        ("Huawei", "HI3516")
    );
    let ns = notes(&r);
    assert!(ns.contains(&"1 row before the header on line 8 screened under the earlier header on line 2: line 3".to_string()), "{ns:?}");
    assert!(ns.contains(&"1 row before the header on line 8 screened under the earlier header on line 5: line 6".to_string()), "{ns:?}");
    // The title and the two earlier header rows.
    assert!(
        ns.contains(&"3 rows before the header on line 8 skipped as preamble".to_string()),
        "{ns:?}"
    );
}

#[test]
fn an_alternate_row_under_an_earlier_header_stays_with_its_part() {
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n";
    let r = check("alt.csv", text);
    assert_eq!(flagged(&r), triples(&[("U1", "micron", 2)]));
    let f = &r.findings[0];
    assert_eq!(f.component.manufacturer, "TI");
    assert!(
        f.evidence
            .iter()
            .all(|e| e.source == "alternate" && e.line == Some(3))
    );
    assert_eq!(r.summary.components, 2);
}

#[test]
fn multi_line_cells_and_blank_lines_above_keep_true_line_numbers() {
    let text = "Ref,Manufacturer,MPN,Description\n\nU1,TI,LM1117,\"LDO\nregulator\"\n\nU2,Micron,MT41K256,DRAM\nRef,Qty,Manufacturer,MPN,Supplier,Description\nU3,1,TI,LM1117,Digikey,LDO\n";
    for (label, text) in [("lf", text.to_string()), ("crlf", crlf(text))] {
        let r = check("m.csv", &text);
        assert_eq!(flagged(&r), triples(&[("U2", "micron", 6)]), "{label}");
        assert!(
            notes(&r)
                .iter()
                .any(|n| n.ends_with("under the earlier header on line 1: lines 3, 6")),
            "{label}: {:?}",
            notes(&r)
        );
    }
}

#[test]
fn a_title_or_label_that_names_a_vendor_stays_preamble() {
    for text in [
        // A title, a label, metadata and a key/value pair too short for the columns.
        "Prepared for Huawei review\nCustomer: Huawei\n\"Date:\",\"2026-11-01\"\nNote,Huawei\n\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n",
        // Padded by a spreadsheet to the header's width.
        "Prepared for Huawei review,,,,\nCustomer: Huawei,,,,\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n",
        // A title in what would be the manufacturer column.
        "\"Huawei Technologies Co., Ltd.\",,,\nManufacturer,MPN,Ref,Supplier\nTI,LM1117,U3,Digikey\n",
        // A title under an earlier header whose first column is the manufacturer.
        "Manufacturer,MPN,Ref\nTI,LM1117,U1\nHuawei\nManufacturer,MPN,Ref,Supplier\nTI,LM1117,U3,Digikey\n",
    ] {
        let r = check("t.csv", text);
        assert!(
            r.findings.is_empty(),
            "{text}: {:?}",
            crate::util::summary(&r)
        );
        assert_eq!(r.summary.unscreenable, 0, "{text}");
        assert!(
            notes(&r).iter().any(|n| n.contains("skipped as preamble")),
            "{text}: {:?}",
            notes(&r)
        );
    }
    let r = check(
        "t.csv",
        "Prepared for Huawei review\nCustomer: Huawei\n\nRef,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\n",
    );
    assert_eq!(r.summary.components, 1);
    assert_eq!(
        notes(&r)
            .iter()
            .filter(|n| n.contains("before the header"))
            .collect::<Vec<_>>(),
        ["2 rows before the header on line 4 skipped as preamble"]
    );
}

#[test]
fn a_lone_value_outside_the_first_cell_is_data_under_a_header() {
    // Under a header, a row with only a maker is an alternate row, not a title.
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,\nRef,Manufacturer,MPN,Supplier\nU3,TI,LM1117,Digikey\n";
    let r = check("l.csv", text);
    assert_eq!(flagged(&r), triples(&[("U1", "micron", 2)]));
}

#[test]
fn parts_only_above_the_header_are_read() {
    // The richer header is the last line: what is above it is the whole BOM.
    let r = check(
        "only.csv",
        "Ref,Manufacturer,MPN\nU1,Huawei,HI3516\nRef,Manufacturer,MPN,Supplier,Description\n",
    );
    assert_eq!(flagged(&r), triples(&[("U1", "huawei", 2)]));
    assert_eq!(r.summary.components, 1);
    // Nothing at all is still an error.
    assert!(
        Bom::from_bytes(
            "none.csv",
            b"Ref,Manufacturer,MPN\nRef,Manufacturer,MPN,Supplier\n",
            &Default::default()
        )
        .is_err()
    );
}

#[test]
fn an_earlier_header_without_the_mapped_columns_is_read_as_named() {
    let text = "Ref,Manufacturer,MPN\nU1,Huawei,HI3516\nTeil,Hersteller,Typ,Lieferant\nU3,TI,LM1117,Digikey\n";
    let opts = ReadOptions {
        csv: CsvOptions {
            columns: vec![
                (Column::Designator, "Teil".into()),
                (Column::Mpn, "Typ".into()),
            ],
            delimiter: None,
        },
        ..Default::default()
    };
    let bom = Bom::from_bytes("map.csv", text.as_bytes(), &opts).unwrap();
    let r = bomgate::check(&shipped(), &bom, Context::new(date("2026-11-27"))).unwrap();
    assert_eq!(flagged(&r), triples(&[("U1", "huawei", 2)]));
    assert_eq!(bom.components.len(), 2);
}

// ---- Summary sections: an alternate row under a repeated row ----

const COLLATED: &str = "Ref,Manufacturer,MPN\nU1,TI,LM1117\nU2,ST,STM32\n\nCollated\nRef,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\nU2,ST,STM32\n";

#[test]
fn a_new_alternate_under_a_repeated_row_is_screened_with_its_part() {
    for (label, text) in [
        ("lf", COLLATED.to_string()),
        ("crlf", crlf(COLLATED)),
        ("semicolon", semicolons(COLLATED)),
    ] {
        let r = check("c.csv", &text);
        assert_eq!(flagged(&r), triples(&[("U1", "micron", 7)]), "{label}");
        let f = &r.findings[0];
        // Attached to the part it is under: U1 with its own primary source...
        assert_eq!(
            (f.component.manufacturer.as_str(), f.component.mpn.as_str()),
            ("TI", "LM1117"),
            "{label}"
        );
        // ...and the evidence names the alternate on its own line.
        assert!(!f.evidence.is_empty());
        for e in &f.evidence {
            assert_eq!(
                (e.source.as_str(), e.line),
                ("alternate", Some(8)),
                "{label}"
            );
        }
        assert!(
            f.notes.iter().any(|n| n.contains("approved alternate")),
            "{label}: {:?}",
            f.notes
        );
        // U2 on line 9 is still a repeat; U1's row is screened again as the part of the
        // new alternate, so it is no longer a skipped duplicate.
        assert_eq!(r.summary.duplicates_skipped, 1, "{label}");
    }
}

#[test]
fn the_collated_reproduction_fails_on_the_command_line() {
    let (code, out) = run_cli("collated-alternate", COLLATED);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("alternate source on line 8"), "{out}");
    assert!(out.contains("bom.csv:7  U1"), "{out}");
}

#[test]
fn an_alternate_that_repeats_the_first_section_is_skipped_with_its_row() {
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\nU2,ST,STM32\n\nCollated Components:\nRef,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\nU2,ST,STM32\n";
    let r = check("c.csv", text);
    // Found once, in the first section, not again in the summary.
    assert_eq!(flagged(&r), triples(&[("U1", "micron", 2)]));
    assert_eq!(r.findings.len(), 1);
    assert!(r.findings[0].evidence.iter().all(|e| e.line == Some(3)));
    // U1, its alternate and U2 are repeats.
    assert_eq!(r.summary.duplicates_skipped, 3);
    assert_eq!(r.summary.components, 2);
}

#[test]
fn only_the_new_alternates_of_a_repeated_part_are_screened() {
    // Section 1: U1 with a Micron alternate. The summary repeats it and adds a Huawei one.
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\n\nRef,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\n,Huawei,HI3516\n";
    let r = check("c.csv", text);
    assert_eq!(
        flagged(&r),
        triples(&[("U1", "huawei", 6), ("U1", "micron", 2)])
    );
    let huawei: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.entity.id == "huawei")
        .flat_map(|f| &f.evidence)
        .collect();
    assert!(!huawei.is_empty());
    assert!(
        huawei
            .iter()
            .all(|e| e.line == Some(8) && e.source == "alternate")
    );
    // The repeated Micron alternate on line 7 is skipped, not screened twice.
    assert!(
        r.findings
            .iter()
            .filter(|f| f.entity.id == "micron")
            .flat_map(|f| &f.evidence)
            .all(|e| e.line == Some(3))
    );
    assert_eq!(r.summary.duplicates_skipped, 1);
}

#[test]
fn an_alternate_seen_under_another_part_is_new_for_this_one() {
    // Micron is U1's alternate in section 1; under U2 in the summary it is new.
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n,Micron,MT41K256\nU2,ST,STM32\n\nRef,Manufacturer,MPN\nU1,TI,LM1117\nU2,ST,STM32\n,Micron,MT41K256\n";
    let r = check("c.csv", text);
    assert_eq!(
        flagged(&r),
        triples(&[("U1", "micron", 2), ("U2", "micron", 8)])
    );
}

#[test]
fn a_summary_section_with_a_new_part_and_its_alternate_is_screened() {
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\n\nRef,Manufacturer,MPN\nU1,TI,LM1117\nU3,ST,STM32\n,Micron,MT41K256\n";
    let r = check("c.csv", text);
    assert_eq!(flagged(&r), triples(&[("U3", "micron", 6)]));
    assert_eq!(r.summary.duplicates_skipped, 1);
}
