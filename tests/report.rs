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

#[test]
fn output_file_is_written_and_the_verdict_goes_to_stderr() {
    let dir = temp_dir("output");
    let bom = root().join("examples/boms/kicad-gateway.csv");
    let out_path = dir.join("report.json");
    let out = bomgate(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--output",
            out_path.to_str().unwrap(),
            bom.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAIL"));
    let v: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
