//! The command's inputs as they come: standard input, folders, globs; output formats from
//! extensions; policies for unscreenable BOMs; a missing baseline; the messages for a table
//! with no known vendor column (with `--column` flags from its own headers), an empty file
//! and TOML BOM keys that mean another key.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{bomgate, root, temp_dir};

fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = bomgate(dir, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn standard_input_is_read_with_detection() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bomgate"))
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "-",
        ])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Ref,Manufacturer,MPN\nU1,Micron,MT41K256\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["location"]["file"], "<stdin>");
}

#[test]
fn folders_and_globs_read_every_bom_in_a_stable_order() {
    let dir = temp_dir("inputs-folder");
    std::fs::create_dir_all(dir.join("hw/b")).unwrap();
    std::fs::write(dir.join("hw/a.csv"), "Ref,Manufacturer\nU1,Micron\n").unwrap();
    std::fs::write(dir.join("hw/b/c.csv"), "Ref,Manufacturer\nU2,ZTE\n").unwrap();
    std::fs::write(dir.join("hw/notes.md"), "# notes\n").unwrap();
    std::fs::write(dir.join("hw/Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    std::fs::write(dir.join("hw/package.json"), "{\"name\": \"x\"}\n").unwrap();
    let (code, out, err) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "hw",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["hw/a.csv", "hw/b/c.csv"]);
    assert!(err.contains("skipped hw/notes.md"), "{err}");
    let (code, out, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "hw/**/*.csv",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["inputs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (code, _, err) = run(&dir, &["check", "--no-config", "nothing/**/*.csv"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no file matches"), "{err}");
    // A BOM-format file that cannot be read is an error, as a named one would be.
    std::fs::write(
        dir.join("hw/broken.json"),
        "{\"bomFormat\": \"CycloneDX\", ",
    )
    .unwrap();
    let (code, _, err) = run(&dir, &["check", "--no-config", "hw"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn an_output_file_takes_its_format_from_its_extension() {
    let dir = temp_dir("inputs-ext");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let bom = bom.to_str().unwrap();
    let (code, _, err) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--output",
            "r.json",
            "--output",
            "r.sarif",
            "--output",
            "r.xml",
            bom,
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    let json = std::fs::read_to_string(dir.join("r.json")).unwrap();
    assert!(json.starts_with("{\n  \"schema_version\""));
    assert!(
        std::fs::read_to_string(dir.join("r.sarif"))
            .unwrap()
            .contains("\"version\": \"2.1.0\"")
    );
    assert!(
        std::fs::read_to_string(dir.join("r.xml"))
            .unwrap()
            .contains("<testsuites")
    );
    let (code, _, err) = run(&dir, &["check", "--no-config", "--output", "r.bin", bom]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot tell the report format"), "{err}");
}

#[test]
fn an_unscreenable_bom_follows_the_policy() {
    let sbom = "tests/fixtures/corpus/cyclonedx-sbom-xml-lhc-vdm-editor/bom.xml";
    let code = |extra: &[&str]| {
        let mut a = vec!["check", "--no-config"];
        a.extend_from_slice(extra);
        a.push(sbom);
        run(&root(), &a).0
    };
    assert_eq!(code(&[]), Some(2), "error by default");
    assert_eq!(code(&["--unscreenable", "fail"]), Some(1));
    assert_eq!(code(&["--unscreenable", "warn"]), Some(0));
    let dir = temp_dir("inputs-unscreenable");
    std::fs::write(dir.join("bomgate.toml"), "unscreenable = \"warn\"\n").unwrap();
    std::fs::copy(root().join(sbom), dir.join("bom.xml")).unwrap();
    assert_eq!(run(&dir, &["check", "bom.xml"]).0, Some(0));
    std::fs::write(dir.join("bomgate.toml"), "unscreenable = \"ignore\"\n").unwrap();
    let (code, _, err) = run(&dir, &["check", "bom.xml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("bomgate.toml:1:") && err.contains("error, fail or warn"),
        "{err}"
    );
}

#[test]
fn a_missing_baseline_says_how_to_create_it() {
    let (code, _, err) = run(
        &root(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "no/such/baseline.json",
            "examples/boms/kicad-gateway.csv",
        ],
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--write-baseline no/such/baseline.json"),
        "{err}"
    );
}

/// A folder of BOMs checked on several threads gives the report of one thread, byte for
/// byte, and the same first error.
#[test]
fn jobs_do_not_change_the_report_or_the_error() {
    let dir = temp_dir("inputs-jobs");
    let makers = [
        "Yageo",
        "Micron Technology",
        "Murata",
        "Huawei",
        "Vishay",
        "ZTE",
    ];
    for i in 0..24 {
        let mut csv = String::from("Designator,Manufacturer,MPN\n");
        for j in 0..(5 + i % 7) {
            let m = makers[(i * 7 + j) % makers.len()];
            csv.push_str(&format!("U{j},{m},P{i}{j}\n"));
        }
        std::fs::write(dir.join(format!("bom{i:02}.csv")), csv).expect("write");
    }
    let report = |jobs: &str| {
        let (code, out, err) = run(
            &dir,
            &[
                "check",
                "--no-config",
                "--as-of",
                "2026-11-27",
                "--format",
                "json",
                "--jobs",
                jobs,
                ".",
            ],
        );
        assert_eq!(code, Some(1), "{err}");
        out
    };
    let one = report("1");
    assert!(
        one.contains("bom23.csv") && one.contains("\"components\": 186"),
        "{one}"
    );
    for jobs in ["2", "5", "64"] {
        assert!(one == report(jobs), "--jobs {jobs} changed the report");
    }
    // Two unreadable files: whatever the number of threads, the error names the first.
    std::fs::write(dir.join("bom07.csv"), "Ref,Qty\nR1,2\n").expect("write");
    std::fs::write(dir.join("bom15.csv"), "\u{feff}").expect("write");
    for jobs in ["1", "4"] {
        let (code, _, err) = run(&dir, &["check", "--no-config", "--jobs", jobs, "."]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("bom07.csv") && !err.contains("bom15.csv"),
            "--jobs {jobs}: {err}"
        );
    }
}

/// Runs `bomgate check` on a file of `tests/fixtures/inputs/` with `extra` arguments.
fn check_input(file: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let path = format!("tests/fixtures/inputs/{file}");
    let mut args = vec!["check", "--no-config", "--as-of", "2026-11-27"];
    args.extend_from_slice(extra);
    args.push(&path);
    run(&root(), &args)
}

#[test]
fn the_column_hint_maps_the_files_own_headers_and_works() {
    let (code, _, err) = check_input("maker-name-part-code.csv", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("line 1 has: `Ref`, `Qty`, `Maker Name`, `Part Code`"),
        "{err}"
    );
    let hint = r#"`--column manufacturer="Maker Name" --column mpn="Part Code"`"#;
    assert!(err.contains(hint), "{err}");
    assert!(!err.contains("Hersteller"), "{err}");
    // The hint, as printed, is what makes the file readable.
    let (code, out, err) = check_input(
        "maker-name-part-code.csv",
        &[
            "--column",
            "manufacturer=Maker Name",
            "--column",
            "mpn=Part Code",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("U1") && out.contains("\"Huawei\""), "{out}");
}

#[test]
fn a_table_with_no_plausible_vendor_column_gets_the_syntax_with_its_own_cells() {
    let (code, _, err) = check_input("software-sbom.csv", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no header row with a manufacturer"), "{err}");
    assert!(
        err.contains("`--column manufacturer=NAME` or `--column mpn=NAME`")
            && err.contains(r#"e.g. "Name""#),
        "{err}"
    );
}

#[test]
fn a_file_with_only_a_byte_order_mark_is_called_empty() {
    let (code, _, err) = check_input("bom-only.csv", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim(),
        "error: tests/fixtures/inputs/bom-only.csv: the file is empty: it holds only a UTF-8 byte-order mark — export the BOM again; an empty file cannot be checked"
    );
    // UTF-16 marks, and a mark before blank lines, the same.
    let dir = temp_dir("inputs-bom-only");
    for (file, bytes) in [
        ("le.csv", &b"\xff\xfe"[..]),
        ("be.csv", b"\xfe\xff\x00\n"),
        ("blank.csv", b"\xef\xbb\xbf\r\n\r\n"),
    ] {
        std::fs::write(dir.join(file), bytes).unwrap();
        let (code, _, err) = run(&dir, &["check", "--no-config", file]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("the file is empty: it holds only a UTF-") && !err.contains("--column"),
            "{file}: {err}"
        );
    }
}

#[test]
fn toml_bom_keys_suggest_what_they_mean() {
    let (code, _, err) = check_input("manufacturer-pn.toml", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("manufacturer-pn.toml:7:1: unknown field `manufacturer_pn`")
            && err.trim_end().ends_with("did you mean `mpn`?"),
        "{err}"
    );
    let (code, _, err) = check_input("bom-key.toml", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim(),
        "error: tests/fixtures/inputs/bom-key.toml:2:1: unknown field `nmae`, expected `name` or `revision` — did you mean `name`?"
    );
    // The keys of the table the key is in, not of another table.
    let dir = temp_dir("inputs-toml-keys");
    for (text, want) in [
        ("[bom]\nversion = \"B\"\n", "did you mean `revision`?"),
        (
            "[[component]]\nmpn = \"x\"\n[[component.alternate]]\nmfr_pn = \"y\"\n",
            "did you mean `mpn`?",
        ),
        (
            "[[component]]\nvendor = \"Huawei\"\n",
            "did you mean `manufacturer`?",
        ),
        (
            "[[component]]\nfcc_id = \"QIS\"\n",
            "did you mean `fcc-id`?",
        ),
        (
            "[[component]]\npart_number = \"x\"\n",
            "did you mean `mpn`?",
        ),
    ] {
        std::fs::write(dir.join("bom.toml"), text).unwrap();
        let (code, _, err) = run(&dir, &["check", "--no-config", "bom.toml"]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.trim_end().ends_with(want), "{text}: {err}");
    }
}

/// A missing waiver file, rule folder or BOM is named, with where relative paths start.
#[test]
fn a_missing_file_is_named_plainly() {
    let dir = temp_dir("inputs-missing");
    std::fs::write(dir.join("bom.csv"), "Ref,Manufacturer\nU1,Yageo\n").expect("write");
    for args in [
        &["check", "--no-config", "--waivers", "nope.toml", "bom.csv"][..],
        &["check", "--no-config", "--rules", "nope/", "bom.csv"][..],
        &["check", "--no-config", "nope.csv"][..],
    ] {
        let (code, _, err) = run(&dir, args);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("nope")
                && err.contains("no such file or folder (relative paths start at")
                && !err.contains("bomgate.toml"),
            "{err}"
        );
    }
}

/// Library errors carry what the file probably meant as data, not only in words.
#[test]
fn diagnostics_carry_their_candidates() {
    let toml = "[[component]]\nref = \"U1\"\nmanufacturer_pn = \"MT41K\"\n";
    match bomgate::Bom::from_bytes("bom.toml", toml.as_bytes(), &Default::default()) {
        Err(bomgate::Error::Bom(d)) => {
            assert_eq!(d.candidates, ["mpn"], "{d}");
            assert_eq!((d.line, d.column), (Some(3), Some(1)), "{d}");
        }
        other => panic!("expected a BOM error, got {other:?}"),
    }
    let rules = bomgate::RuleSet::shipped().expect("shipped rules");
    let waiver = "[[waiver]]\nrule = \"cn-cac-2023-micron\"\nentity = \"micorn\"\nref = \"U1\"\nreason = \"r\"\nowner = \"o\"\nticket = \"T-1\"\nexpires = 2027-01-01\n";
    match bomgate::Waiver::parse_file("waivers.toml", waiver, &rules) {
        Err(bomgate::Error::Config(ds)) => {
            assert!(ds.iter().any(|d| d.candidates == ["micron"]), "{ds:?}");
        }
        other => panic!("expected a waiver error, got {other:?}"),
    }
}

/// The `inputs[].file` of a JSON report.
fn files_of(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("a JSON report");
    v["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["file"].as_str().expect("file").to_string())
        .collect()
}

/// `bomgate check --format json` in `dir`, as of a fixed day.
fn check_json(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut a = vec![
        "check",
        "--no-config",
        "--as-of",
        "2026-11-27",
        "--format",
        "json",
    ];
    a.extend_from_slice(args);
    run(dir, &a)
}

/// Runs [`check_json`], which must end in an error (exit 2); returns standard error.
fn error_of(dir: &std::path::Path, args: &[&str]) -> String {
    let (code, _, err) = check_json(dir, args);
    assert_eq!(code, Some(2), "{err}");
    err
}

const HUAWEI_CDX: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "device", "name": "modem", "supplier": {"name": "Huawei"}}]}"#;

/// Under a folder, every file with a BOM extension is read unless it is recognised as
/// something else: BOMs that do not look like the usual ones are checked, not skipped.
#[test]
fn a_folder_reads_every_bom_however_it_is_written() {
    let dir = temp_dir("inputs-walk-boms");
    let hw = dir.join("hw");
    std::fs::create_dir_all(&hw).unwrap();
    let utf16 = |bom: &[u8], text: &str| -> Vec<u8> {
        let mut b = bom.to_vec();
        b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    // PowerShell writes UTF-16 with a byte-order mark.
    std::fs::write(hw.join("ps.cdx.json"), utf16(b"\xff\xfe", HUAWEI_CDX)).unwrap();
    // `bomFormat` after the first 64 KiB.
    let late = HUAWEI_CDX.replacen(
        '{',
        &format!("{{\"metadata\": {{\"pad\": \"{}\"}}, ", "x".repeat(70_000)),
        1,
    );
    std::fs::write(hw.join("late.json"), late).unwrap();
    // TOML BOMs as TOML allows them to be written.
    std::fs::write(
        hw.join("spaced.toml"),
        "[[ component ]]\nref = \"U4\"\nmanufacturer = \"Huawei\"\n",
    )
    .unwrap();
    std::fs::write(
        hw.join("inline.toml"),
        "component = [{ ref = \"U5\", manufacturer = \"ZTE\" }]\n",
    )
    .unwrap();
    // Excel "Unicode text": UTF-16, tab-separated, named .txt.
    std::fs::write(
        hw.join("excel.txt"),
        utf16(b"\xff\xfe", "Ref\tManufacturer\r\nU3\tHuawei\r\n"),
    )
    .unwrap();
    std::fs::write(hw.join("readme.txt"), "Boards of the gateway.\n").unwrap();
    let (code, out, err) = check_json(&dir, &["hw"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        files_of(&out),
        [
            "hw/excel.txt",
            "hw/inline.toml",
            "hw/late.json",
            "hw/ps.cdx.json",
            "hw/spaced.toml"
        ]
    );
    assert!(
        err.contains("skipped hw/readme.txt: a .txt file with no tab-separated table"),
        "{err}"
    );
}

/// Files beside a BOM in a folder: name, content, and why it is skipped (`None`: read).
const BESIDE_A_BOM: &[(&str, &str, Option<&str>)] = &[
    ("bom.csv", "Ref,Manufacturer\nU1,Huawei\n", None),
    (
        "package.json",
        r#"{"name": "x", "workspaces": {"packages": ["a"]}}"#,
        Some("an npm package manifest"),
    ),
    (
        "package-lock.json",
        r#"{"lockfileVersion": 3, "packages": {"": {}}}"#,
        Some("an npm lock file"),
    ),
    (
        "tsconfig.json",
        "{\n  // comments, as tsc allows\n  \"compilerOptions\": {}\n}\n",
        Some("a TypeScript configuration"),
    ),
    (
        "api.schema.json",
        r#"{"type": "object"}"#,
        Some("a JSON Schema"),
    ),
    (
        "Cargo.toml",
        "[package]\nname = \"x\"\n",
        Some("a Rust package manifest"),
    ),
    (
        "bomgate.toml",
        "boms = [\"bom.csv\"]\n",
        Some("the bomgate configuration"),
    ),
    (
        "rust-toolchain.toml",
        "[toolchain]\ncomponents = [\"rustfmt\"]\n",
        Some("a Rust toolchain file"),
    ),
    (
        "pom.xml",
        "<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n",
        Some("a Maven project file"),
    ),
    (
        "board.xml",
        "<?xml version=\"1.0\"?>\n<!-- netlist -->\n<export version=\"E\"><components/></export>\n",
        Some("a KiCad netlist"),
    ),
    (
        "junit.xml",
        "<?xml version=\"1.0\"?>\n<testsuites name=\"bomgate\"></testsuites>\n",
        Some("a JUnit test report"),
    ),
    (
        "rules/extra.toml",
        "[[entity]]\nid = \"x\"\n",
        Some("a bomgate rule file"),
    ),
    (
        "rules/waivers.toml",
        "[[waiver]]\nrule = \"r\"\n",
        Some("a bomgate waiver file"),
    ),
    (
        "reports/baseline.json",
        r#"{"bomgate_baseline": 1, "entries": []}"#,
        Some("a bomgate baseline"),
    ),
    (
        "reports/report.json",
        r#"{"schema_version": 1, "findings": []}"#,
        Some("a bomgate report"),
    ),
    ("node_modules/x/data.json", "[1]\n", None),
    (
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n",
        None,
    ),
    ("target/debug/out.json", "[1]\n", None),
    // A well-known name whose content is a BOM is read.
    ("renovate.json", HUAWEI_CDX, None),
];

/// Only files recognised as something else are left out of a folder, each with the reason;
/// a well-known name whose content names a BOM format is read.
#[test]
fn a_folder_skips_only_what_it_recognises() {
    let dir = temp_dir("inputs-walk-known");
    let hw = dir.join("hw");
    for sub in ["node_modules/x", "target/debug", "rules", "reports"] {
        std::fs::create_dir_all(hw.join(sub)).unwrap();
    }
    for (f, text, _) in BESIDE_A_BOM {
        std::fs::write(hw.join(f), text).unwrap();
    }
    let (code, out, err) = check_json(&dir, &["hw"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(files_of(&out), ["hw/bom.csv", "hw/renovate.json"], "{err}");
    let skipped = BESIDE_A_BOM
        .iter()
        .filter_map(|(f, _, why)| why.map(|w| (*f, w)))
        .chain([
            ("node_modules", "installed JavaScript packages"),
            ("target", "a build or cache folder"),
        ]);
    for (file, why) in skipped {
        assert!(
            err.contains(&format!("skipped hw/{file}: {why}")),
            "{file}: {err}"
        );
    }
    // Run to run, the same list in the same order.
    assert_eq!(err, check_json(&dir, &["hw"]).2);
    // A folder of none but other files says what they were taken for.
    let err = error_of(&dir, &["hw/rules"]);
    assert!(
        err.contains("hw/rules holds no BOM file")
            && err.contains("skipped hw/rules/extra.toml: a bomgate rule file"),
        "{err}"
    );
}

/// A file with a BOM extension that cannot be read is an error, as a named one is, and the
/// message says why a folder's file was read.
#[test]
fn a_folder_file_that_cannot_be_read_is_an_error() {
    let dir = temp_dir("inputs-walk-errors");
    let hw = dir.join("hw");
    std::fs::create_dir_all(&hw).unwrap();
    std::fs::write(hw.join("bom.csv"), "Ref,Manufacturer\nU1,Yageo\n").unwrap();
    for (file, text) in [
        ("data.json", "{\"name\": \"x\"}\n"),
        ("config.toml", "title = \"site\"\n"),
        (
            "sbom.rdf.xml",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>\n",
        ),
        ("log.txt", "Date\tTemperature\n2026-01-01\t4\n"),
    ] {
        std::fs::write(hw.join(file), text).unwrap();
        let (code, _, err) = check_json(&dir, &["hw"]);
        assert_eq!(code, Some(2), "{file}: {err}");
        assert!(
            err.contains(&format!("hw/{file}")) && err.contains("found in the folder hw"),
            "{file}: {err}"
        );
        std::fs::remove_file(hw.join(file)).unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("nowhere.cdx.json", hw.join("x.cdx.json")).unwrap();
        let err = error_of(&dir, &["hw"]);
        assert!(
            err.contains("hw/x.cdx.json: a link to a file that does not exist"),
            "{err}"
        );
    }
}

/// A file named twice, or reached by two paths, is checked once; a link back up does not
/// loop; standard input cannot be named twice.
#[test]
fn each_file_is_checked_once() {
    let dir = temp_dir("inputs-once");
    std::fs::create_dir_all(dir.join("hw/sub")).unwrap();
    std::fs::write(dir.join("hw/a.csv"), "Ref,Manufacturer\nU1,Huawei\n").unwrap();
    std::fs::write(dir.join("hw/sub/b.csv"), "Ref,Manufacturer\nU2,ZTE\n").unwrap();
    let findings = |out: &str| {
        serde_json::from_str::<serde_json::Value>(out).unwrap()["summary"]["findings"]
            .as_u64()
            .unwrap()
    };
    let (_, once, _) = check_json(&dir, &["hw/a.csv"]);
    let (code, twice, err) = check_json(&dir, &["hw/a.csv", "hw/a.csv"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(files_of(&twice), ["hw/a.csv"]);
    assert_eq!(findings(&twice), findings(&once));
    assert!(
        !err.contains("same file"),
        "the same path is dropped quietly: {err}"
    );
    let (_, out, err) = check_json(&dir, &["hw", "hw/**/*.csv", "./hw/a.csv"]);
    assert_eq!(files_of(&out), ["hw/a.csv", "hw/sub/b.csv"]);
    assert!(
        err.contains("./hw/a.csv is the same file as hw/a.csv: checked once"),
        "{err}"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", dir.join("hw/sub/up")).unwrap();
        std::os::unix::fs::symlink("a.csv", dir.join("hw/latest.csv")).unwrap();
        for arg in ["hw", "hw/**/*.csv"] {
            let (code, out, err) = check_json(&dir, &[arg]);
            assert_eq!(code, Some(1), "{arg}: {err}");
            assert_eq!(files_of(&out).len(), 2, "{arg}: {err}");
        }
        let (_, _, err) = check_json(&dir, &["hw"]);
        assert!(
            err.contains("skipped hw/sub/up: a link to a folder, not followed"),
            "{err}"
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_bomgate"))
        .args(["check", "--no-config", "-", "-"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Ref,Manufacturer\nU1,Yageo\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`-` (standard input) is named twice"), "{err}");
}

/// Globs may go up with `..`, on the command line and in `boms` of a configuration in a
/// subfolder.
#[test]
fn globs_may_go_up() {
    let dir = temp_dir("inputs-glob-up");
    // A repository: reports name files relative to its root.
    for sub in [".git", "hardware", "rv", "ci"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("rv/a.csv"), "Ref,Manufacturer\nU1,Huawei\n").unwrap();
    std::fs::write(dir.join("hardware/b.csv"), "Ref,Manufacturer\nU2,ZTE\n").unwrap();
    let (code, out, err) = check_json(&dir.join("ci"), &["../rv/*.csv"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(files_of(&out).len(), 1, "{err}");
    std::fs::write(
        dir.join("ci/bomgate.toml"),
        "boms = [\"../hardware/*.csv\"]\nas-of = 2026-11-27\n",
    )
    .unwrap();
    let (code, out, err) = run(&dir.join("ci"), &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(files_of(&out), ["hardware/b.csv"], "{err}");
}

/// `--write-baseline` and `--output` create the folder of their file; the baseline message
/// says why a failing check exits 0.
#[test]
fn output_folders_are_created() {
    let dir = temp_dir("inputs-out-dirs");
    std::fs::write(dir.join("bom.csv"), "Ref,Manufacturer\nU1,Huawei\n").unwrap();
    let (code, _, err) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "compliance/bl.json",
            "--output",
            "out/deep/report.json",
            "bom.csv",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(dir.join("compliance/bl.json").is_file());
    assert!(dir.join("out/deep/report.json").is_file());
    assert!(
        err.contains("baseline written to compliance/bl.json:")
            && err.contains("exit 0, although without the baseline the check FAILs"),
        "{err}"
    );
}
