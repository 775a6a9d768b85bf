//! Shared by the fuzz targets: read a BOM in one format and check it against the shipped
//! rules, so that a fuzz input exercises the reader, the matcher and the judge together.

use std::sync::OnceLock;

use bomgate::{Bom, BomFormat, Context, ReadOptions, RuleSet};

/// The shipped rules, loaded once per process.
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::shipped().expect("the shipped rules load"))
}

/// Reads `data` as `format` (or detected, for `None`) and checks what it reads. Errors are
/// fine; panics, hangs and runaway memory are what the fuzzer looks for.
pub fn read_and_check(name: &str, data: &[u8], format: Option<BomFormat>) {
    let opts = ReadOptions {
        format,
        ..Default::default()
    };
    if let Ok(bom) = Bom::from_bytes(name, data, &opts) {
        let ctx = Context::new("2026-11-27".parse().expect("a date"));
        let report = bomgate::check(rules(), &bom, ctx).expect("the context is valid");
        let _ = report.to_json();
        let _ = bomgate::report::text::render(&report, false);
    }
}
