//! The JSON report: documented fields, stable order, byte-identical across runs.

use serde_json::Value;

use crate::util::{bomgate, root, temp_dir};

fn json_of(args: &[&str]) -> (Value, String) {
    let out = bomgate(&root(), args);
    let text = String::from_utf8(out.stdout).unwrap();
    (serde_json::from_str(&text).unwrap(), text)
}

#[test]
fn json_has_the_documented_shape() {
    let (v, _) = json_of(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
        "examples/boms/kicad-gateway.csv",
    ]);
    assert_eq!(v["schema_version"], 1);
    for k in [
        "components",
        "screened",
        "unscreenable",
        "findings",
        "deny",
        "warn",
        "review",
        "info",
        "failing",
        "verdict",
    ] {
        assert!(v["summary"].get(k).is_some(), "summary.{k}");
    }
    assert_eq!(v["summary"]["verdict"], "fail");
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for k in [
            "rule",
            "jurisdiction",
            "severity",
            "entity",
            "component",
            "location",
            "evidence",
            "source",
        ] {
            assert!(f.get(k).is_some(), "finding.{k}: {f}");
        }
        assert!(["deny", "warn", "review", "info"].contains(&f["severity"].as_str().unwrap()));
        for k in ["id", "name"] {
            assert!(f["entity"][k].is_string());
        }
        for k in ["ref", "manufacturer", "mpn", "supplier"] {
            assert!(f["component"][k].is_string(), "component.{k}");
        }
        assert_eq!(f["location"]["file"], "examples/boms/kicad-gateway.csv");
        assert!(f["location"]["line"].is_u64());
        for e in f["evidence"].as_array().unwrap() {
            for k in ["field", "value", "matched", "via"] {
                assert!(e[k].is_string(), "evidence.{k}");
            }
        }
        assert!(f["source"].as_str().unwrap().starts_with("http"));
    }
    let micron = findings
        .iter()
        .find(|f| f["component"]["ref"] == "U1, U2")
        .unwrap();
    assert_eq!(micron["rule"], "cn-cac-2023-micron");
    assert_eq!(micron["jurisdiction"], "CN");
    assert_eq!(micron["location"]["line"], 8);
    assert_eq!(micron["evidence"][0]["field"], "manufacturer");
    assert_eq!(micron["evidence"][0]["value"], "Micron Technology Inc.");
    // The context and the rules evaluated are part of the record.
    assert_eq!(v["context"]["as_of"], "2026-11-27");
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "cn-cac-2023-micron")
    );
}

#[test]
fn same_inputs_give_byte_identical_reports() {
    let args = [
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
        "examples/boms/kicad-gateway.csv",
        "examples/boms/altium-camera.csv",
        "examples/boms/edge-router.toml",
    ];
    let (_, a) = json_of(&args);
    let (_, b) = json_of(&args);
    assert_eq!(a, b);
    let text = |()| {
        bomgate(
            &root(),
            &[
                "check",
                "--as-of",
                "2026-11-27",
                "examples/boms/altium-camera.csv",
            ],
        )
        .stdout
    };
    assert_eq!(text(()), text(()));
}

/// Runs `check --format json --output OUTPUT BOM` in `dir`.
fn json_report_to(
    dir: &std::path::Path,
    output: &str,
    bom: &std::path::Path,
) -> std::process::Output {
    bomgate(dir, &json_report_args(output, bom))
}

/// The arguments of `check --format json --output OUTPUT BOM`.
fn json_report_args<'a>(output: &'a str, bom: &'a std::path::Path) -> [&'a str; 6] {
    [
        "check",
        "--format",
        "json",
        "--output",
        output,
        bom.to_str().unwrap(),
    ]
}

#[test]
fn output_file_is_written_and_the_verdict_goes_to_stderr() {
    let dir = temp_dir("output");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let out_path = dir.join("report.json");
    let out = json_report_to(&dir, out_path.to_str().unwrap(), &bom);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAIL"));
    let v: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[cfg(unix)]
/// Is `path` still a symbolic link (not replaced by the report)?
fn is_link(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A named pipe `pipe` in `dir`; `None` (the test is skipped) where `mkfifo` is missing.
#[cfg(unix)]
fn fifo_in(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        Some(fifo)
    } else {
        eprintln!("skipped: no mkfifo here");
        None
    }
}

/// A reader that stops early (`--output /dev/stdout | head`, a pipe closed after a few bytes)
/// once made the command exit 0, however many parts were denied; the verdict decides, and the
/// reports after it are still written.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_changes_neither_the_verdict_nor_the_other_reports() {
    let dir = temp_dir("output-early-reader");
    let bom = dir.join("bom.csv");
    let mut csv = String::from("Designator,Manufacturer,MPN\n");
    for i in 0..2000 {
        csv.push_str(&format!("U{i},Micron Technology,MT41K{i}\n"));
    }
    std::fs::write(&bom, csv).unwrap();
    let Some(fifo) = fifo_in(&dir) else {
        return;
    };
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut first = [0u8; 10];
            std::fs::File::open(fifo)
                .unwrap()
                .read_exact(&mut first)
                .unwrap();
        })
    };
    let sarif = dir.join("after.sarif");
    let out = bomgate(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--output",
            fifo.to_str().unwrap(),
            "--format",
            "sarif",
            "--output",
            sarif.to_str().unwrap(),
            bom.to_str().unwrap(),
        ],
    );
    reader.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// A closed standard error (`2>&1 | head` that stopped reading) once made the verdict line
/// panic (exit 101); the exit code is the verdict's, for a failing check and a passing one.
#[test]
fn a_closed_standard_error_changes_no_exit_code() {
    let dir = temp_dir("closed-stderr");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let out_path = dir.join("report.json");
    for (extra, code) in [(None, 1), (Some("never"), 0)] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bomgate"));
        cmd.args(["check", "--format", "json", "--output"])
            .arg(&out_path)
            .arg(&bom)
            .current_dir(&dir)
            .stderr(writer);
        if let Some(level) = extra {
            cmd.args(["--fail-on", level]);
        }
        let status = cmd.status().unwrap();
        assert_eq!(status.code(), Some(code), "--fail-on {extra:?}");
        let v: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
        assert_eq!(v["schema_version"], 1);
    }
}

/// `--output /dev/null` run as root once renamed the report over `/dev/null`, replacing the
/// device for every program on the machine. A pipe (like a device) is written in place.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_leaves_it_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("output-special");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let Some(fifo) = fifo_in(&dir) else {
        return;
    };
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = json_report_to(&dir, fifo.to_str().unwrap(), &bom);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Before joining: a reader whose pipe was replaced would wait for ever.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let v: Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    // A regular file under /dev (a memory file system) is a file like any other: replaced.
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        let file = shm.join(format!("bomgate-test-{}.json", std::process::id()));
        std::fs::write(&file, "old report").unwrap();
        let out = json_report_to(&dir, file.to_str().unwrap(), &bom);
        assert_eq!(out.status.code(), Some(1));
        let written = std::fs::read_to_string(&file).unwrap();
        let _ = std::fs::remove_file(&file);
        assert!(written.starts_with('{'), "{}", &written[..20]);
    }
}

/// A link keeps being a link: the file it points to is replaced, or made when missing.
#[cfg(unix)]
#[test]
fn output_through_a_link_replaces_its_file_not_the_link() {
    let dir = temp_dir("output-links");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let target = dir.join("reports").join("latest.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("report.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for format in ["json", "text"] {
        let out = bomgate(
            &dir,
            &[
                "check",
                "--format",
                format,
                "--output",
                link.to_str().unwrap(),
                bom.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(is_link(&link));
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(
            written.contains("FAIL") || written.contains("\"schema_version\": 1"),
            "{format}"
        );
    }
    // No temporary file is left behind in either folder.
    assert_eq!(
        std::fs::read_dir(target.parent().unwrap()).unwrap().count(),
        1
    );

    // A dangling link: the file it names is made; the link stays a link.
    let dangling = dir.join("dangling.json");
    std::os::unix::fs::symlink("reports/new.json", &dangling).unwrap();
    let out = json_report_to(&dir, dangling.to_str().unwrap(), &bom);
    assert_eq!(out.status.code(), Some(1));
    assert!(is_link(&dangling));
    assert!(
        std::fs::read_to_string(dir.join("reports/new.json"))
            .unwrap()
            .contains("\"schema_version\": 1")
    );
}

/// Runs `check --format json --output OUTPUT BOM` in `dir` with standard output opened on the
/// file `log` for appending, as a shell's `>> log` does.
fn check_appending_to(
    dir: &std::path::Path,
    output: &str,
    bom: &std::path::Path,
    log: &std::path::Path,
) -> std::process::ExitStatus {
    let log = std::fs::OpenOptions::new().append(true).open(log).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_bomgate"))
        .args(json_report_args(output, bom))
        .current_dir(dir)
        .stdout(log)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
}

/// `/dev/stdout`, also through a link, is the command's own standard output (which a shell
/// may have opened on a file the report must not replace).
#[cfg(unix)]
#[test]
fn output_to_dev_stdout_is_the_standard_output() {
    let dir = temp_dir("output-stdout");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let to_stdout = dir.join("to-stdout");
    std::os::unix::fs::symlink("/dev/stdout", &to_stdout).unwrap();
    for output in ["/dev/stdout", to_stdout.to_str().unwrap()] {
        let out = json_report_to(&dir, output, &bom);
        assert_eq!(out.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert!(String::from_utf8_lossy(&out.stderr).contains("FAIL"));
    }
    assert!(is_link(&to_stdout));
    // Standard output opened on a log file for appending: the report is appended, the log
    // is not replaced.
    let log_path = dir.join("ci.log");
    std::fs::write(&log_path, "earlier lines\n").unwrap();
    let status = check_appending_to(&dir, "/dev/stdout", &bom, &log_path);
    assert_eq!(status.code(), Some(1));
    let logged = std::fs::read_to_string(&log_path).unwrap();
    let report = logged
        .strip_prefix("earlier lines\n")
        .expect("the log kept its lines");
    assert_eq!(
        serde_json::from_str::<Value>(report).unwrap()["schema_version"],
        1
    );

    // Through a chain of links to it, too; and a loop of links is an error, not a file.
    let l1 = dir.join("l1");
    let l2 = dir.join("l2");
    std::os::unix::fs::symlink("/dev/stdout", &l1).unwrap();
    std::os::unix::fs::symlink("l1", &l2).unwrap();
    let status = check_appending_to(&dir, l2.to_str().unwrap(), &bom, &log_path);
    assert_eq!(status.code(), Some(1));
    let logged = std::fs::read_to_string(&log_path).unwrap();
    assert!(logged.starts_with("earlier lines\n{"));
    assert_eq!(logged.matches("\"schema_version\"").count(), 2);
    let looped = dir.join("looped");
    std::os::unix::fs::symlink("looped", &looped).unwrap();
    let out = json_report_to(&dir, looped.to_str().unwrap(), &bom);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loop"));
    assert!(is_link(&looped));
}
