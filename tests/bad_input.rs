//! Unreadable input is an error (exit 2) that names the file and line, never a panic and
//! never a silent pass.

use std::path::Path;

use crate::util::{bomgate, temp_dir};

/// Writes `bytes` to `name` in a fresh folder, runs `bomgate check name`, and returns stderr
/// after asserting exit code 2 and no panic.
fn rejected(test: &str, name: &str, bytes: &[u8]) -> String {
    let dir = temp_dir(test);
    std::fs::write(dir.join(name), bytes).unwrap();
    let out = bomgate(&dir, &["check", name]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{test}: {stderr}");
    assert!(!stderr.contains("panicked"), "{test}: {stderr}");
    assert!(
        stderr.contains(name),
        "{test}: the message names the file: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{test}: no report on error");
    stderr
}

#[test]
fn empty_file() {
    let e = rejected("empty", "bom.csv", b"");
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn header_only() {
    let e = rejected("header-only", "bom.csv", b"Designator,Manufacturer,MPN\n");
    assert!(e.contains("bom.csv:1"), "{e}");
    assert!(e.contains("not followed by any component"), "{e}");
}

#[test]
fn no_vendor_column() {
    let e = rejected(
        "no-vendor",
        "bom.csv",
        b"Designator,Value,Footprint\nR1,10k,0402\nU1,MCU,QFN-32\n",
    );
    assert!(e.contains("no header row with a manufacturer"), "{e}");
    assert!(
        e.contains("--column"),
        "the message says how to fix it: {e}"
    );
}

#[test]
fn binary_garbage() {
    let mut bytes = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push((x & 0xff) as u8);
    }
    let e = rejected("binary", "bom.csv", &bytes);
    assert!(e.contains("binary"), "{e}");
}

#[test]
fn unterminated_quote() {
    let e = rejected(
        "quote",
        "bom.csv",
        b"Designator,Manufacturer,MPN\nU1,Micron,MT41K\nU2,\"Micron,MT40A\nU3,TI,LM358\n",
    );
    assert!(
        e.contains("bom.csv:3"),
        "names the line where the quote opens: {e}"
    );
    assert!(e.contains("unterminated"), "{e}");
    // After blank lines, the line is the record's own, not the first blank one's.
    let e = rejected(
        "quote-after-blanks",
        "bom.csv",
        b"Designator,Manufacturer,MPN\nU1,Micron,MT41K\n\n\n\nU2,\"Micron,MT40A\n",
    );
    assert!(e.contains("bom.csv:6:1"), "{e}");
}

#[test]
fn a_twenty_megabyte_line() {
    let mut bytes = b"Designator,Manufacturer,MPN\nU1,".to_vec();
    bytes.extend(std::iter::repeat_n(b'A', 20 * 1024 * 1024));
    bytes.extend(b",MT41K\n");
    let e = rejected("long-line", "bom.csv", &bytes);
    assert!(e.contains("bom.csv:2"), "{e}");
}

#[test]
fn a_rule_file_with_a_misspelled_key() {
    let dir = temp_dir("rule-typo");
    let rules = "[[entity]]\nid = \"acme\"\nname = \"Acme Corp\"\nalias = [\"Acme\"]\n";
    std::fs::write(dir.join("acme.toml"), rules).unwrap();
    std::fs::write(dir.join("bom.csv"), "Ref,Manufacturer\nU1,Acme\n").unwrap();
    let out = bomgate(&dir, &["check", "--rules", "acme.toml", "bom.csv"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains("acme.toml:4:1"), "{e}");
    assert!(e.contains("unknown key `alias`"), "{e}");
    assert!(e.contains("did you mean `aliases`?"), "{e}");
}

#[test]
fn missing_file_and_unknown_role() {
    let dir = temp_dir("missing");
    let out = bomgate(&dir, &["check", "nope.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.csv"));

    let bom = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/boms/kicad-gateway.csv");
    let out = bomgate(
        &dir,
        &["check", "--role", "cii-operater", bom.to_str().unwrap()],
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains("did you mean `cii-operator`?"), "{e}");
}

#[test]
fn sboms_without_components_are_errors_not_passes() {
    let e = rejected(
        "empty-cdx",
        "bom.json",
        br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#,
    );
    assert!(e.contains("no components"), "{e}");
    let e = rejected(
        "empty-cdx-xml",
        "bom.xml",
        b"<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/>",
    );
    assert!(e.contains("no components"), "{e}");
}
