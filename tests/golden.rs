//! Golden reports: every report format for the corpus BOMs, the SBOM fixtures and the example
//! BOMs, checked with a frozen copy of the rules (`tests/fixtures/rules-frozen`) on a fixed date,
//! compared byte for byte with the expected files in `tests/golden/`.
//!
//! They guard refactors: a change that alters any report shows up here as a diff. When a change
//! is meant to alter reports, rewrite the expected files with
//! `BOMGATE_BLESS=1 cargo test golden` and review the diff before committing it.

use std::path::Path;

use crate::util::{bomgate, fixture, root, temp_dir};

/// Every BOM whose reports are kept, relative to the repository root.
const BOMS: &[&str] = &[
    "tests/fixtures/corpus/beaglebone-ai/BeagleBone-AI_bom.csv",
    "tests/fixtures/corpus/beaglebone-black/BBB_BOM.csv",
    "tests/fixtures/corpus/beaglebone-black/BBB_Industrial_BOM.csv",
    "tests/fixtures/corpus/butterstick-r1.0/ButterStick-r1.0a-bom.csv",
    "tests/fixtures/corpus/cyclonedx-hbom-pcie-sata/bom.json",
    "tests/fixtures/corpus/cyclonedx-sbom-xml-lhc-vdm-editor/bom.xml",
    "tests/fixtures/corpus/orangecrab-r0.2.1/OrangeCrab-bom.csv",
    "tests/fixtures/corpus/spdx-2.3-examples/04-SBOMwSecurity.json",
    "tests/fixtures/corpus/spdx-2.3-examples/ACME-v2.3.spdx.json",
    "tests/fixtures/corpus/ulx3s/ulx3s_bom.csv",
    "tests/fixtures/corpus/xlsx/DC801_BM-Badge_BOM.xlsx",
    "tests/fixtures/corpus/xlsx/LCAV_crazyflie-audio_BOM.xlsx",
    "tests/fixtures/corpus/xlsx/OpenRemise_S3Main_bom.xlsx",
    "tests/fixtures/corpus/xlsx/martinberlin_H-cinread-it8951_production_bom.xlsx",
    "tests/fixtures/sbom/camera-hbom-1.5.cdx.xml",
    "tests/fixtures/sbom/camera-hbom-1.6.cdx.json",
    "tests/fixtures/sbom/router.spdx",
    "tests/fixtures/sbom/router.spdx.json",
    "tests/fixtures/sbom/router.spdx3.jsonld",
    "tests/fixtures/xlsx/two-sheets.xlsx",
    "examples/boms/altium-camera.csv",
    "examples/boms/edge-router.toml",
    "examples/boms/kicad-gateway.csv",
];

/// Report formats and the extension of their expected files.
const FORMATS: &[(&str, &str)] = &[
    ("text", "txt"),
    ("json", "json"),
    ("sarif", "sarif"),
    ("junit", "xml"),
    ("markdown", "md"),
    ("github", "github"),
    ("html", "html"),
];

/// The arguments every golden run shares: no configuration, the frozen rules, a fixed date.
fn base_args() -> Vec<String> {
    let frozen = fixture("rules-frozen");
    [
        "check",
        "--no-config",
        "--no-default-rules",
        "--rules",
        frozen.to_str().expect("UTF-8 path"),
        "--as-of",
        "2026-11-27",
        "--color",
        "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Runs bomgate and renders what it did as one text: exit code, standard output, and standard
/// error where it said anything.
fn run(args: &[String]) -> String {
    run_in(&root(), args)
}

/// [`run`] in the folder `dir`.
fn run_in(dir: &Path, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = bomgate(dir, &args);
    let mut text = format!("exit: {:?}\n", out.status.code());
    if !out.stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    text.push_str("--- stdout\n");
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    text
}

/// Compares `actual` with the expected file `name`, or rewrites it under `BOMGATE_BLESS=1`.
/// Returns a description of the mismatch, if any.
fn compare(name: &str, actual: &str) -> Option<String> {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("BOMGATE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("golden folder");
        std::fs::write(&path, actual).expect("golden file written");
        return None;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return Some(format!("{name}: {e} (bless with BOMGATE_BLESS=1)")),
    };
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{name} differs from line {}:\n  expected: {:?}\n  actual:   {:?}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>"),
    ))
}

/// A file name for a BOM path: its path with separators turned into `--`.
fn slug(bom: &str) -> String {
    bom.trim_start_matches("tests/fixtures/").replace('/', "--")
}

#[test]
fn golden_reports_of_every_format() {
    let mut failures = Vec::new();
    for bom in BOMS {
        for (format, ext) in FORMATS {
            let mut args = base_args();
            args.extend(["--format".into(), (*format).into(), (*bom).into()]);
            let name = format!("{}.{ext}", slug(bom));
            failures.extend(compare(&name, &run(&args)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn golden_reports_in_narrow_contexts() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "ctx-gb-5g",
            &["--jurisdiction", "GB", "--segment", "5g"],
            "examples/boms/edge-router.toml",
        ),
        (
            "ctx-us-contractor-surveillance",
            &[
                "--role",
                "us-federal-contractor",
                "--purpose",
                "critical-infrastructure-surveillance",
            ],
            "examples/boms/altium-camera.csv",
        ),
        (
            "ctx-cn-before",
            &["--jurisdiction", "CN", "--as-of", "2023-05-20"],
            "examples/boms/kicad-gateway.csv",
        ),
    ];
    let mut failures = Vec::new();
    for (name, extra, bom) in cases {
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            let mut args = base_args();
            args.extend(extra.iter().map(|s| s.to_string()));
            args.extend(["--format".into(), format.into(), (*bom).into()]);
            failures.extend(compare(&format!("{name}.{ext}"), &run(&args)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The text report grouped by rule (`--group-by rule`), and the verdict alone (`--quiet`).
#[test]
fn golden_text_views() {
    let mut failures = Vec::new();
    for (name, flag) in [("by-rule", "--group-by=rule"), ("quiet", "--quiet")] {
        for bom in [
            "examples/boms/altium-camera.csv",
            "examples/boms/kicad-gateway.csv",
        ] {
            let mut args = base_args();
            args.extend([flag.into(), bom.into()]);
            failures.extend(compare(
                &format!("view-{name}--{}.txt", slug(bom)),
                &run(&args),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Waivers (used, expiring, expired, unused) and a baseline with a new and a gone entry, in
/// every format. Runs in a temporary folder so that every path in the reports is relative.
#[test]
fn golden_reports_with_waivers_and_baseline() {
    let dir = temp_dir("golden-gate");
    let copy = |from: &Path, to: &str| std::fs::copy(from, dir.join(to)).expect("copied");
    copy(&fixture("golden-gate/waivers.toml"), "waivers.toml");
    // The baseline records an older revision: one part more (U9, Huawei), one part fewer (U3).
    copy(&fixture("golden-gate/older-camera.csv"), "camera.csv");
    let mut write = base_args();
    write.extend(["--write-baseline", "baseline.json", "camera.csv"].map(String::from));
    let wrote = run_in(&dir, &write);
    assert!(wrote.starts_with("exit: Some(0)"), "{wrote}");
    copy(
        &root().join("examples/boms/altium-camera.csv"),
        "camera.csv",
    );
    let mut failures = Vec::new();
    for (format, ext) in FORMATS {
        let mut args = base_args();
        args.extend(
            [
                "--waivers",
                "waivers.toml",
                "--baseline",
                "baseline.json",
                "--format",
                format,
                "camera.csv",
            ]
            .map(String::from),
        );
        let out = run_in(&dir, &args).replace(&*dir.to_string_lossy(), "<tmp>");
        failures.extend(compare(&format!("gate.{ext}"), &out));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
