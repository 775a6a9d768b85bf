//! CSV files in sections: rows above a later, richer header row, and summary sections that
//! repeat earlier rows. No row that names a vendor may be dropped on the way.

use bomgate::{Context, Report};

use crate::util::{bomgate, check_text, date, temp_dir};

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
