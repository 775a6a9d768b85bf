//! The CI examples of `examples/ci/` and the files a CI job keeps.

use crate::util::temp_dir;

#[test]
fn a_missing_baseline_is_a_structured_error() {
    let dir = temp_dir("missing-baseline");
    let path = dir.join("compliance/bomgate-baseline.json");
    match bomgate::Baseline::load(&path) {
        Err(bomgate::Error::MissingBaseline { path: p }) => assert_eq!(p, path),
        other => panic!("{other:?}"),
    }
    // A file that exists but is no baseline is another error.
    std::fs::write(dir.join("b.json"), "[]").unwrap();
    assert!(matches!(
        bomgate::Baseline::load(&dir.join("b.json")),
        Err(bomgate::Error::Config(_))
    ));
    // `--baseline FILE` on the command line names the flag that writes it, as typed.
    std::fs::write(dir.join("bom.csv"), "Ref,Manufacturer\nU1,Acme\n").unwrap();
    let o = crate::util::bomgate(&dir, &["check", "--baseline", "base.json", "bom.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`bomgate check --write-baseline base.json`"),
        "{err}"
    );
}
