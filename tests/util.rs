//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bomgate::{Checker, Context, Date, Report, RuleSet};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The shipped rules, loaded once per test.
pub fn shipped() -> RuleSet {
    RuleSet::shipped().expect("shipped rules load")
}

pub fn date(s: &str) -> Date {
    s.parse().expect("a valid date")
}

/// Checks a BOM file with the shipped rules in `ctx`.
pub fn check_file(path: &Path, ctx: Context) -> Report {
    let rules = shipped();
    let mut c = Checker::new(&rules, ctx).expect("context valid");
    c.check_path(path, &Default::default()).expect("BOM reads");
    c.finish()
}

/// Checks BOM text (named `name`, which picks the format) with the shipped rules.
pub fn check_text(name: &str, text: &str, ctx: Context) -> Report {
    let rules = shipped();
    let mut c = Checker::new(&rules, ctx).expect("context valid");
    c.check_bytes(name, text.as_bytes(), &Default::default())
        .expect("BOM reads");
    c.finish()
}

/// (rule, reference, line, severity) of every finding.
pub fn summary(r: &Report) -> Vec<(String, String, Option<usize>, String)> {
    r.findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.component.reference.clone(),
                f.location.line,
                f.severity.as_str().to_string(),
            )
        })
        .collect()
}

/// Runs the bomgate binary in `dir`.
pub fn bomgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bomgate"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("bomgate runs")
}

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bomgate-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
