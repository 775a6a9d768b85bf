//! The command line: exit codes per fail level, colour rules, rule listing.

use crate::util::{bomgate, root};

fn code(args: &[&str]) -> i32 {
    bomgate(&root(), args).status.code().unwrap()
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let bom = "examples/boms/altium-camera.csv"; // deny and review findings
    let base = ["check", "--as-of", "2026-11-27", "--jurisdiction", "US"];
    let with = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        a.push(bom);
        code(&a)
    };
    assert_eq!(with(&[]), 1, "deny findings fail by default");
    assert_eq!(with(&["--fail-on", "never"]), 0);
    assert_eq!(with(&["--fail-on", "review"]), 1);
    // Only review findings under the video rules: deny passes, review fails.
    let cams = [
        "check",
        "--as-of",
        "2026-11-27",
        "--role",
        "us-federal-contractor",
    ];
    let hik = crate::util::temp_dir("cameras").join("cameras.csv");
    std::fs::write(
        &hik,
        "Ref,Manufacturer,MPN\nCAM1,Hikvision,DS-2CD2143G2-I\n",
    )
    .unwrap();
    let mut a = cams.to_vec();
    a.push(hik.to_str().unwrap());
    assert_eq!(code(&a), 0);
    a.extend(["--fail-on", "review"]);
    assert_eq!(code(&a), 1);
    // A clean BOM passes.
    assert_eq!(
        code(&[
            "check",
            "tests/fixtures/corpus/beaglebone-ai/BeagleBone-AI_bom.csv"
        ]),
        0
    );
    // Bad usage is 2.
    assert_eq!(code(&["check", "--fail-on", "sometimes", bom]), 2);
    assert_eq!(code(&["check", "--as-of", "2023-02-30", bom]), 2);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = [
        "check",
        "--as-of",
        "2026-11-27",
        "examples/boms/kicad-gateway.csv",
    ];
    let plain = bomgate(&root(), &args).stdout;
    assert!(!plain.contains(&0x1b), "a pipe gets no colour");
    let mut forced = args.to_vec();
    forced.extend(["--color", "always"]);
    assert!(bomgate(&root(), &forced).stdout.contains(&0x1b));
}

#[test]
fn text_report_cites_rule_source_place_and_evidence() {
    let out = bomgate(
        &root(),
        &[
            "check",
            "--as-of",
            "2026-11-27",
            "--jurisdiction",
            "CN",
            "examples/boms/kicad-gateway.csv",
        ],
    );
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("cn-cac-2023-micron"));
    assert!(t.contains("Cyberspace Administration of China"));
    assert!(t.contains("source: https://"));
    assert!(t.contains("examples/boms/kicad-gateway.csv:8  U1, U2"));
    assert!(t.contains("group: Crucial → brand of Micron Technology, Inc."));
    assert!(t.lines().last().unwrap().starts_with("FAIL: 12 components"));
}

#[test]
fn rules_list_and_check() {
    let out = bomgate(&root(), &["rules", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("gb-huawei-dvd-2022") && t.contains("uk-telecom-provider"));
    let out = bomgate(&root(), &["rules", "check", "--rules", "rules"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the folder duplicates the shipped set"
    );
    let out = bomgate(
        &root(),
        &["rules", "check", "--no-default-rules", "--rules", "rules"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
