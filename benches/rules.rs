//! Speed of loading rules (read, parse, validate, index) beside Python's `tomllib` merely
//! parsing the same files, both timed inside their own process so that neither pays for its
//! start-up.
//!
//! ```sh
//! cargo bench --bench check        # writes target/bench-data/rules-20000.toml
//! cargo bench --bench rules        # that file, and the shipped rules
//! BENCH_RULES=/some/rules cargo bench --bench rules   # a rule file or folder instead
//! ```
//!
//! A folder that does not load on its own (an imported pack binds the shipped roles) is loaded
//! with the shipped rules, and Python parses those files too.
//!
//! ```sh
//! BENCH_RUNS=31 BENCH_PYTHON=python3.12 cargo bench --bench rules
//! ```
//!
//! Each side loads every case BENCH_RUNS times (default 15) and reports the fastest and the
//! median run. Python is skipped when it cannot be started or has no `tomllib` (3.11+).

use std::path::{Path, PathBuf};
use std::time::Instant;

use bomgate::RuleSet;

/// Times `tomllib.load` over the files given, `runs` times; prints the fastest and the median.
const PYTHON: &str = r#"
import sys, time, tomllib
runs, files = int(sys.argv[1]), sys.argv[2:]
ts = []
for _ in range(runs):
    t0 = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            tomllib.load(fh)
    ts.append(time.perf_counter() - t0)
ts.sort()
print(ts[0], ts[len(ts) // 2])
"#;

/// Fastest and median of `runs` calls of `f`, in seconds.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut ts: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    (ts[0], ts[ts.len() / 2])
}

/// Every `*.toml` file under `p` (or `p` itself), sorted.
fn toml_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .expect("rule folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            toml_files(&e, out);
        }
    } else if p.extension().is_some_and(|e| e == "toml") {
        out.push(p.to_path_buf());
    }
}

/// Python's fastest and median time to parse `files`, if it runs.
fn python(runs: usize, files: &[PathBuf]) -> Option<(f64, f64)> {
    let exe = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(exe)
        .arg("-c")
        .arg(PYTHON)
        .arg(runs.to_string())
        .args(files)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut v = text.split_whitespace().map(|x| x.parse::<f64>().ok());
    Some((v.next()??, v.next()??))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks a harness-less bench for its benchmarks
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rules = std::env::var_os("BENCH_RULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-data/rules-20000.toml"));
    println!(
        "{:<28} {:>14} {:>14} {:>14} {:>14} {:>8}",
        "case", "bomgate min", "median", "tomllib min", "median", "ratio"
    );
    let mut shipped = Vec::new();
    toml_files(&root.join("rules"), &mut shipped);
    let (b_min, b_med) = time(runs, || {
        RuleSet::shipped().expect("the shipped rules load");
    });
    report("shipped rules", (b_min, b_med), python(runs, &shipped));
    if !rules.exists() {
        println!(
            "{} does not exist: run `cargo bench --bench check` first, or set BENCH_RULES",
            rules.display()
        );
        return;
    }
    let mut files = Vec::new();
    toml_files(&rules, &mut files);
    // An imported pack binds the shipped roles: it loads with the shipped rules, as it is used.
    let with_shipped = RuleSet::from_path(&rules).is_err();
    let load = || {
        let b = if with_shipped {
            RuleSet::builder().shipped()
        } else {
            RuleSet::builder()
        };
        b.path(&rules).and_then(|b| b.build())
    };
    let set = load().unwrap_or_else(|e| panic!("{e}"));
    let mut label = format!("{} entities", set.entities().len());
    if with_shipped {
        label.push_str(" (with shipped)");
        files.extend(shipped);
    }
    let (b_min, b_med) = time(runs, || {
        load().expect("the rules load");
    });
    report(&label, (b_min, b_med), python(runs, &files));
}

/// One line: both sides in milliseconds, and how many times faster the median load is than
/// Python's median parse.
fn report(label: &str, (b_min, b_med): (f64, f64), py: Option<(f64, f64)>) {
    let ms = |s: f64| format!("{:.2} ms", s * 1e3);
    match py {
        Some((p_min, p_med)) => println!(
            "{label:<28} {:>14} {:>14} {:>14} {:>14} {:>7.1}×",
            ms(b_min),
            ms(b_med),
            ms(p_min),
            ms(p_med),
            p_med / b_med
        ),
        None => println!(
            "{label:<28} {:>14} {:>14} {:>14} {:>14}",
            ms(b_min),
            ms(b_med),
            "-",
            "-"
        ),
    }
}
