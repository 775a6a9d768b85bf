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
