//! Check a BOM with the shipped rules, using bomgate as a library.
//!
//! ```sh
//! cargo run --example check -- examples/boms/kicad-gateway.csv
//! cargo run --example check -- examples/boms/edge-router.toml --json
//! ```
//!
//! Exit code: 0 no `deny` finding, 1 at least one, 2 error — like `bomgate check`.

use std::process::ExitCode;

use bomgate::{Checker, Context, RuleSet};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: cargo run --example check -- <BOM> [--json]");
        return ExitCode::from(2);
    };
    let json = args.any(|a| a == "--json");
    match run(&path, json) {
        Ok(fails) => ExitCode::from(u8::from(fails)),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(path: &str, json: bool) -> Result<bool, bomgate::Error> {
    // 1. The rule set: the rules shipped inside bomgate (add files with RuleSet::builder()).
    let rules = RuleSet::shipped()?;
    // 2. The context: every jurisdiction and role, evaluated today, failing on `deny`.
    let ctx = Context::today();
    // 3. Check: the BOM streams through the checker, a component at a time.
    let mut checker = Checker::new(&rules, ctx)?;
    checker.check_path(path, &Default::default())?;
    let report = checker.finish();
    // 4. Print.
    if json {
        print!("{}", report.to_json());
    } else {
        print!("{}", bomgate::report::text::render(&report, false));
    }
    Ok(report.fails())
}
