//! The CI gate: report formats, configuration, waivers, baselines, exit codes.

use std::path::Path;

use serde_json::Value;

use crate::util::{bomgate, root, temp_dir};

const BOM: &str = "Designator,Manufacturer,MPN\nU1,Micron Technology Inc.,MT41K256M16TW-107:P\nU2,Texas Instruments,TPS62177\nU3,Huawei,ME909s-120\n";

/// A project folder with a BOM; returns its path.
fn project(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("bom.csv"), BOM).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bomgate(dir, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `bomgate check --as-of 2026-11-27 ARGS…` in `dir`.
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--as-of", "2026-11-27"];
    all.extend_from_slice(args);
    run(dir, &all)
}

#[test]
fn sarif_is_valid_and_fit_for_code_scanning() {
    let dir = project("sarif");
    let (code, _, e) = check(
        &dir,
        &["--format", "sarif", "--output", "r.sarif", "bom.csv"],
    );
    assert_eq!(code, 1, "{e}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.sarif")).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The validator does reject what is not SARIF.
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]})));
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.0.0", "runs": []})));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let rule = rules
            .iter()
            .find(|x| x["id"] == id)
            .expect("every ruleId is listed");
        for k in ["shortDescription", "fullDescription", "help"] {
            assert!(rule[k]["text"].is_string(), "{k}");
        }
        assert!(rule["help"]["text"].as_str().unwrap().contains("https://"));
        assert!(rule["defaultConfiguration"]["level"].is_string());
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "bom.csv");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 2);
        assert!(
            r["partialFingerprints"]["bomgateFinding/v1"]
                .as_str()
                .unwrap()
                .len()
                == 32
        );
    }
}

#[test]
fn fingerprints_survive_moved_lines() {
    let dir = project("fingerprints");
    let fp = |dir: &Path| -> Vec<String> {
        let (_, out, _) = run(
            dir,
            &[
                "check",
                "--as-of",
                "2026-11-27",
                "--format",
                "sarif",
                "bom.csv",
            ],
        );
        let mut f = fingerprints_of(&serde_json::from_str(&out).unwrap());
        f.sort();
        f
    };
    let before = fp(&dir);
    std::fs::write(dir.join("bom.csv"), "Designator,Manufacturer,MPN\nR9,Yageo,RC0402\nU3,Huawei,ME909s-120\nU2,Texas Instruments,TPS62177\nU1,Micron Technology Inc.,MT41K256M16TW-107:P\n").unwrap();
    assert_eq!(before, fp(&dir));
}

#[test]
fn junit_parses_with_a_suite_per_rule_and_failures() {
    let dir = project("junit");
    let (code, xml, _) = check(
        &dir,
        // One rule: the CAC conclusion (other Chinese rules bind other roles).
        &["--role", "cii-operator", "--format", "junit", "bom.csv"],
    );
    assert_eq!(code, 1);
    // Well-formed XML, counted the way CI servers count.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.local_name().as_ref() {
                    "testsuite" => suites += 1,
                    "testcase" => cases += 1,
                    "failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((suites, cases, failures), (1, 1, 1), "{xml}");
    assert!(xml.contains("testsuite name=\"cn-cac-2023-micron\" tests=\"1\" failures=\"1\""));
    assert!(xml.contains("bom.csv:2 U1 (micron)"));
}

#[test]
fn github_annotations_and_markdown() {
    let dir = project("github");
    let (_, out, _) = check(
        &dir,
        &["--jurisdiction", "CN", "--format", "github", "bom.csv"],
    );
    assert!(
        out.starts_with("::error file=bom.csv,line=2,title=cn-cac-2023-micron (deny)::U1: "),
        "{out}"
    );
    assert!(!out.contains('\n') || out.lines().all(|l| l.starts_with("::")));
    let (_, md, _) = check(&dir, &["--format", "markdown", "bom.csv"]);
    assert!(md.starts_with("## bomgate: ❌ fail"));
    assert!(md.contains("### `cn-cac-2023-micron`"));
    assert!(md.contains("| deny | `bom.csv:2` | U1 |"));
}

#[test]
fn several_formats_in_one_run() {
    let dir = project("multi");
    let (code, stdout, e) = run(
        &dir,
        &[
            "check", "--format", "json", "--output", "r.json", "--format", "sarif", "--output",
            "r.sarif", "--format", "text", "bom.csv",
        ],
    );
    assert_eq!(code, 1, "{e}");
    assert!(stdout.contains("FAIL:"));
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap();
    assert_eq!(j["schema_version"], 1);
    assert!(
        std::fs::read_to_string(dir.join("r.sarif"))
            .unwrap()
            .contains("\"2.1.0\"")
    );
    let (code, _, e) = run(
        &dir,
        &["check", "--format", "json", "--format", "sarif", "bom.csv"],
    );
    assert_eq!(code, 2, "two reports cannot share stdout: {e}");
}

#[test]
fn configuration_is_found_upward_and_strict() {
    let dir = project("config");
    let sub = dir.join("hw/board");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::rename(dir.join("bom.csv"), sub.join("bom.csv")).unwrap();
    std::fs::write(
        dir.join("bomgate.toml"),
        "boms = [\"hw/board/bom.csv\"]\njurisdictions = [\"US\"]\nas-of = 2026-11-27\nfail-on = \"deny\"\n\n[[report]]\nformat = \"json\"\noutput = \"out/report.json\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    // From a sub-folder, with no argument: the configuration says everything.
    let (code, _, e) = run(&sub, &["check"]);
    assert_eq!(code, 1, "{e}");
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap())
            .unwrap();
    assert_eq!(j["context"]["jurisdictions"][0], "US");
    assert!(
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["jurisdiction"] == "US")
    );
    // Command-line flags win.
    let (code, out, _) = run(&sub, &["check", "--jurisdiction", "GB", "--format", "json"]);
    assert_eq!(code, 0, "GB findings are review");
    assert!(out.contains("\"GB\""));
    // An unknown key is an error with its place.
    std::fs::write(
        dir.join("bomgate.toml"),
        "boms = []\njurisdiction = [\"US\"]\n",
    )
    .unwrap();
    let (code, _, e) = run(&sub, &["check", "bom.csv"]);
    assert_eq!(code, 2);
    assert!(
        e.contains("bomgate.toml:2:1") && e.contains("did you mean `jurisdictions`?"),
        "{e}"
    );
    // --no-config ignores it.
    let (code, _, _) = run(&sub, &["check", "--no-config", "bom.csv"]);
    assert_eq!(code, 1);
}

#[test]
fn init_writes_a_starter_that_loads() {
    let dir = project("init");
    let (code, out, _) = run(&dir, &["init"]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(dir.join("bomgate.toml")).unwrap();
    assert!(text.contains("[[waiver]]"));
    let (code, _, e) = run(&dir, &["init"]);
    assert_eq!(code, 2, "no silent overwrite: {e}");
    let (code, _, e) = run(&dir, &["check", "bom.csv"]);
    assert_eq!(code, 1, "the starter configuration loads: {e}");
}

fn waiver(extra: &str, expires: &str) -> String {
    format!(
        "[[waiver]]\nrule = \"cn-cac-2023-micron\"\nentity = \"micron\"\n{extra}\nreason = \"Stock for the EU variant only\"\nowner = \"jane@example.com\"\nticket = \"COMP-12\"\nexpires = {expires}\n"
    )
}

#[test]
fn waivers_waive_warn_expire_and_are_reported() {
    let dir = project("waivers");
    let check = |w: &str, as_of: &str| -> (i32, Value) {
        std::fs::write(dir.join("waivers.toml"), w).unwrap();
        let (code, out, e) = run(
            &dir,
            &[
                "check",
                "--jurisdiction",
                "CN",
                "--as-of",
                as_of,
                "--waivers",
                "waivers.toml",
                "--format",
                "json",
                "bom.csv",
            ],
        );
        assert_ne!(code, 2, "{e}");
        (code, serde_json::from_str(&out).unwrap())
    };
    // Valid: the finding is visible, waived, not failing.
    let (code, r) = check(&waiver("ref = \"U1\"", "2027-06-30"), "2026-11-27");
    assert_eq!(code, 0);
    assert_eq!(r["summary"]["findings"], 1);
    assert_eq!(r["summary"]["waived"], 1);
    assert_eq!(r["findings"][0]["waiver"]["ticket"], "COMP-12");
    assert_eq!(r["waivers"][0]["state"], "active");
    assert_eq!(r["run"]["waivers_applied"][0], "waivers.toml:1");
    // Expiring within 30 days: still waives, warns.
    let (code, r) = check(
        &waiver("mpn = \"mt41k256m16tw-107:p\"", "2026-12-10"),
        "2026-11-27",
    );
    assert_eq!(code, 0);
    assert_eq!(r["waivers"][0]["state"], "expiring");
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("expires on 2026-12-10 (13 days left")
    );
    // Expired: stops waiving and says so.
    let (code, r) = check(&waiver("file = \"bom.csv\"", "2026-11-26"), "2026-11-27");
    assert_eq!(code, 1);
    assert_eq!(r["waivers"][0]["state"], "expired");
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("expired on 2026-11-26")
    );
    assert!(
        r["findings"][0]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("no longer waives"))
    );
    // Unused: reported.
    let (code, r) = check(&waiver("ref = \"U99\"", "2027-06-30"), "2026-11-27");
    assert_eq!(code, 1);
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("matches no finding")
    );
}

#[test]
fn malformed_and_non_waivable_waivers_are_errors() {
    let dir = project("bad-waivers");
    let bad = |w: &str, want: &str| {
        std::fs::write(dir.join("w.toml"), w).unwrap();
        let (code, _, e) = run(&dir, &["check", "--waivers", "w.toml", "bom.csv"]);
        assert_eq!(code, 2, "{e}");
        assert!(e.contains(want), "want {want:?} in {e}");
    };
    bad(
        &waiver("ref = \"U1\"", "2027-06-30").replace("owner", "ownr"),
        "did you mean `owner`?",
    );
    bad(&waiver("", "2027-06-30"), "names no component");
    bad(&waiver("ref = \"U1\"", "\"soon\""), "w.toml:");
    bad(
        &waiver("ref = \"U1\"", "2027-06-30").replace("cn-cac-2023-micron", "cn-cac-2023-micorn"),
        "did you mean `cn-cac-2023-micron`?",
    );
    bad(
        &waiver("ref = \"U1\"", "2027-06-30").replace("Stock for the EU variant only", " "),
        "`reason` is empty",
    );
    // A rule marked waivable = false refuses waivers.
    std::fs::write(
        dir.join("strict.toml"),
        "[instrument]\nid = \"xx-strict\"\ntitle = \"Strict\"\njurisdiction = \"CN\"\nauthority = \"Test\"\ncitation = \"Test\"\nsources = [\"https://example.org/s\"]\nchecked = 2026-11-27\n\n[[rule]]\nid = \"xx-strict\"\nbinds = [\"cii-operator\"]\nentities = [\"micron\"]\ngroup = false\nwaivable = false\nseverity = \"deny\"\n[[rule.obligation]]\naction = \"procure\"\nfrom = 2020-01-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("w.toml"),
        waiver("ref = \"U1\"", "2027-06-30").replace("cn-cac-2023-micron", "xx-strict"),
    )
    .unwrap();
    let (code, _, e) = run(
        &dir,
        &[
            "check",
            "--rules",
            "strict.toml",
            "--waivers",
            "w.toml",
            "bom.csv",
        ],
    );
    assert_eq!(code, 2);
    assert!(e.contains("rule `xx-strict` cannot be waived"), "{e}");
    // A wildcard waiver does not reach a non-waivable rule.
    std::fs::write(
        dir.join("w.toml"),
        waiver("ref = \"U1\"", "2027-06-30").replace("cn-cac-2023-micron", "*"),
    )
    .unwrap();
    let (code, out, e) = run(
        &dir,
        &[
            "check",
            "--rules",
            "strict.toml",
            "--jurisdiction",
            "CN",
            "--waivers",
            "w.toml",
            "--format",
            "json",
            "bom.csv",
        ],
    );
    assert_eq!(code, 1, "{e}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let strict = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "xx-strict")
        .unwrap();
    assert!(strict.get("waiver").is_none());
    assert!(
        strict["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("cannot be waived"))
    );
}

#[test]
fn baseline_round_trip_with_moved_lines_and_a_new_finding() {
    let dir = project("baseline");
    let (code, _, e) = check(&dir, &["--write-baseline", "baseline.json", "bom.csv"]);
    assert_eq!(code, 0, "writing a baseline accepts today's findings: {e}");
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(b["bomgate_baseline"], 1);
    let recorded = b["entries"].as_array().unwrap().len();
    assert!(recorded >= 5);
    // Same BOM, lines moved: nothing new, passes.
    std::fs::write(dir.join("bom.csv"), "Designator,Manufacturer,MPN\nU2,Texas Instruments,TPS62177\nU3,Huawei,ME909s-120\nU1,Micron Technology Inc.,MT41K256M16TW-107:P\n").unwrap();
    let (code, out, e) = check(
        &dir,
        &["--baseline", "baseline.json", "--format", "json", "bom.csv"],
    );
    assert_eq!(code, 0, "{e}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        r["baseline"]["matched"].as_u64().unwrap() as usize,
        recorded
    );
    assert_eq!(r["baseline"]["new"], 0);
    // A new banned part fails; the Huawei line removed is reported as gone.
    std::fs::write(dir.join("bom.csv"), "Designator,Manufacturer,MPN\nU2,Texas Instruments,TPS62177\nU1,Micron Technology Inc.,MT41K256M16TW-107:P\nU9,Crucial,CT500P3SSD8\n").unwrap();
    let (code, out, _) = check(
        &dir,
        &["--baseline", "baseline.json", "--format", "json", "bom.csv"],
    );
    assert_eq!(code, 1);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["summary"]["failing"], 1);
    let failing: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("baselined").is_none())
        .collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0]["component"]["ref"], "U9");
    assert!(!r["baseline"]["gone"].as_array().unwrap().is_empty());
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("no longer occurs"))
    );
    // A broken baseline is an error.
    std::fs::write(dir.join("baseline.json"), "{\"entries\": 3}").unwrap();
    let (code, _, e) = run(&dir, &["check", "--baseline", "baseline.json", "bom.csv"]);
    assert_eq!(code, 2);
    assert!(e.contains("baseline.json"), "{e}");
}

#[test]
fn exit_code_for_each_fail_level() {
    // Micron (deny), Huawei under GB (review), and a coming obligation (info) on one day.
    let dir = project("levels");
    let code = |level: &str| check(&dir, &["--fail-on", level, "bom.csv"]).0;
    assert_eq!(code("deny"), 1);
    assert_eq!(code("warn"), 1);
    assert_eq!(code("review"), 1);
    assert_eq!(code("never"), 0);
    std::fs::write(
        dir.join("bom.csv"),
        "Designator,Manufacturer,MPN\nU3,Huawei,ME909s-120\n",
    )
    .unwrap();
    let gb = |level: &str| {
        run(
            &dir,
            &[
                "check",
                "--jurisdiction",
                "GB",
                "--as-of",
                "2026-11-27",
                "--fail-on",
                level,
                "bom.csv",
            ],
        )
        .0
    };
    assert_eq!(gb("deny"), 0);
    assert_eq!(gb("warn"), 0);
    assert_eq!(gb("review"), 1);
    let seg = |level: &str| {
        run(
            &dir,
            &[
                "check",
                "--jurisdiction",
                "GB",
                "--segment",
                "5g",
                "--as-of",
                "2026-11-27",
                "--fail-on",
                level,
                "bom.csv",
            ],
        )
        .0
    };
    assert_eq!(seg("deny"), 1, "installing in 5G is banned");
    std::fs::write(dir.join("bom.csv"), BOM).unwrap();
    let upcoming = |level: &str| {
        run(
            &dir,
            &[
                "check",
                "--jurisdiction",
                "CN",
                "--as-of",
                "2023-05-20",
                "--fail-on",
                level,
                "bom.csv",
            ],
        )
        .0
    };
    assert_eq!(upcoming("review"), 0);
    assert_eq!(upcoming("info"), 1);
}

#[test]
fn the_run_record_has_hashes_and_dates() {
    let dir = project("run-record");
    let (_, out, _) = check(&dir, &["--format", "json", "bom.csv"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    let run = &r["run"];
    assert_eq!(run["tool"], "bomgate");
    assert_eq!(run["as_of"], "2026-11-27");
    assert_eq!(run["verdict"], "fail");
    // sha256 of the BOM bytes, as sha256sum prints it.
    use sha2::Digest;
    let want = format!("{:x}", sha2::Sha256::digest(BOM.as_bytes()));
    assert_eq!(run["inputs"][0]["sha256"], want);
    assert_eq!(run["rules_sha256"].as_str().unwrap().len(), 64);
    assert!(
        run["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["checked"].is_string())
    );
}

#[test]
fn the_ci_examples_are_valid() {
    let rules = bomgate::RuleSet::shipped().unwrap();
    let cfg = bomgate::config::Config::load(&root().join("examples/ci/bomgate.toml")).unwrap();
    let mut ctx = bomgate::Context::new(crate::util::date("2026-11-27"));
    ctx.jurisdictions = cfg.jurisdictions.clone();
    ctx.roles = cfg.roles.clone();
    ctx.purposes = cfg.purposes.clone();
    assert!(
        bomgate::Checker::new(&rules, ctx).is_ok(),
        "roles and purposes exist"
    );
    let text = std::fs::read_to_string(root().join("examples/ci/waivers.toml")).unwrap();
    let w = bomgate::Waiver::parse_file("waivers.toml", &text, &rules).unwrap();
    assert_eq!(w.len(), 1);
    for f in [
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        let t = std::fs::read_to_string(root().join(f)).unwrap();
        assert!(t.contains("bomgate check"), "{f}");
    }
}

/// A baseline that records a waived finding, as one written before waived findings were left
/// out did (or one written before the waiver): the waiver decides that finding, never the
/// baseline. In force, it waives it; expired, the finding fails although the baseline records
/// it, and both the finding and the warnings say why.
#[test]
fn a_baseline_does_not_outlive_the_waiver_of_a_finding_it_records() {
    use bomgate::gate::{Baseline, Policy, Waiver};
    use bomgate::{Context, Report};
    let rules = crate::util::shipped();
    let report = || -> Report {
        crate::util::check_text(
            "bom.csv",
            BOM,
            Context::new(crate::util::date("2026-11-27")).role("us-federal-contractor"),
        )
    };
    // Written from the ungated report: every finding recorded, the waived one too.
    let old = Baseline::from_report(&report());
    let waivers = Waiver::parse_file(
        "waivers.toml",
        "[[waiver]]\nrule = \"us-ndaa-889-part-b\"\nentity = \"huawei\"\nref = \"U3\"\nreason = \"r\"\nowner = \"o\"\nticket = \"T-1\"\nexpires = 2026-12-31\n",
        &rules,
    )
    .unwrap();
    let gate = |as_of: &str| {
        let mut r = report();
        r.context.as_of = crate::util::date(as_of);
        Policy::default()
            .waivers(waivers.clone())
            .baseline(old.clone())
            .apply(&rules, r)
    };
    let part_b = |r: &Report| {
        r.findings
            .iter()
            .find(|f| f.rule == "us-ndaa-889-part-b" && f.component.reference == "U3")
            .cloned()
            .unwrap()
    };
    let active = gate("2026-12-01");
    let f = part_b(&active);
    assert!(f.waiver.is_some() && !f.baselined, "{f:?}");
    assert!(!active.fails());
    assert_eq!(active.summary.baselined, old.entries.len() - 1);
    assert!(
        active.warnings.iter().any(|w| w.contains(
            "the baseline records 1 finding that waivers cover; a waiver, not the baseline, decides it: 1 waived (write the baseline again to drop its entry)"
        )),
        "{:?}",
        active.warnings
    );
    // Written again from the gated report, the baseline leaves the waived finding out.
    assert_eq!(Baseline::left_out(&active), 1);
    let again = Baseline::from_report(&active);
    assert_eq!(again.entries.len(), old.entries.len() - 1);
    assert!(!again.entries.iter().any(|e| e.fingerprint == f.fingerprint));

    let expired = gate("2027-01-01");
    let f = part_b(&expired);
    assert!(f.waiver.is_none() && !f.baselined, "{f:?}");
    assert!(expired.fails());
    assert_eq!(expired.summary.failing, 1);
    assert!(
        f.notes.iter().any(|n| n.contains(
            "waiver waivers.toml:1 covers it and expired on 2026-12-31: the baseline does not shield it"
        )),
        "{:?}",
        f.notes
    );
    assert!(
        expired
            .warnings
            .iter()
            .any(|w| w.contains("1 under an expired waiver, which counts again")),
        "{:?}",
        expired.warnings
    );
    // The entry occurs, so it is not reported as gone.
    assert!(expired.baseline.as_ref().unwrap().gone.is_empty());
}

/// Identical components without designators (SBOM packages with no bom-ref): a second one
/// added to a baselined BOM is a new finding, not covered by the first one's entry; each has
/// its own SARIF fingerprint; the first keeps the fingerprint it had alone.
#[test]
fn a_second_identical_component_is_not_covered_by_the_first_ones_entry() {
    let dir = temp_dir("identical");
    let part = r#"{"type":"device","name":"m","manufacturer":{"name":"Huawei"}}"#;
    let sbom = |n: usize| {
        format!(
            "{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{}]}}\n",
            vec![part; n].join(",")
        )
    };
    let args = ["--role", "us-federal-contractor", "--no-config"];
    std::fs::write(dir.join("sbom.cdx.json"), sbom(1)).unwrap();
    let (code, _, e) = check(
        &dir,
        &[&args[..], &["--write-baseline", "b.json", "sbom.cdx.json"]].concat(),
    );
    assert_eq!(code, 0, "{e}");
    let one: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap()).unwrap();
    let recorded: Vec<&str> = one["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(recorded.len(), 2, "§889 Part A and Part B");

    std::fs::write(dir.join("sbom.cdx.json"), sbom(2)).unwrap();
    let gated = &[
        &args[..],
        &[
            "--baseline",
            "b.json",
            "--format",
            "sarif",
            "--output",
            "r.sarif",
            "--format",
            "json",
            "sbom.cdx.json",
        ],
    ]
    .concat();
    let (code, out, e) = check(&dir, gated);
    assert_eq!(code, 1, "the second component is new: {e}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["summary"]["findings"], 4);
    assert_eq!(r["summary"]["baselined"], 2);
    assert_eq!(r["summary"]["failing"], 2);
    assert_eq!(r["baseline"]["matched"], 2);
    let findings = r["findings"].as_array().unwrap();
    // Report order is by rule, then line: each rule's first finding keeps its fingerprint.
    let mut firsts: Vec<&str> = findings
        .iter()
        .filter(|f| f.get("baselined").is_some())
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    firsts.sort_unstable();
    let mut want = recorded.clone();
    want.sort_unstable();
    assert_eq!(firsts, want);
    let mut prints = sarif_fingerprints(&dir.join("r.sarif"));
    assert_eq!(prints.len(), 4);
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), 4, "one fingerprint per result");

    // Both recorded, then one removed: its entries are gone, the check passes.
    let (code, _, e) = check(
        &dir,
        &[&args[..], &["--write-baseline", "b.json", "sbom.cdx.json"]].concat(),
    );
    assert_eq!(code, 0, "{e}");
    std::fs::write(dir.join("sbom.cdx.json"), sbom(1)).unwrap();
    let (code, out, e) = check(&dir, gated);
    assert_eq!(code, 0, "{e}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["baseline"]["entries"], 4);
    assert_eq!(r["baseline"]["gone"].as_array().unwrap().len(), 2);
}

/// An entry shields one finding: of two findings with the same fingerprint (a report put
/// together by hand, or a baseline whose entry is recorded once), one stays new.
#[test]
fn a_baseline_entry_shields_one_finding() {
    use bomgate::gate::{Baseline, Policy};
    let rules = crate::util::shipped();
    let mut report = crate::util::check_text(
        "bom.csv",
        "Designator,Manufacturer\nU1,Huawei\n",
        bomgate::Context::new(crate::util::date("2026-11-27")).role("us-federal-contractor"),
    );
    report.findings.truncate(1);
    let baseline = Baseline::from_report(&report);
    assert_eq!(baseline.entries.len(), 1);
    let twin = report.findings[0].clone();
    report.findings.push(twin);
    let gated = Policy::default()
        .baseline(baseline.clone())
        .apply(&rules, report.clone());
    assert_eq!(gated.summary.baselined, 1);
    assert_eq!(gated.summary.failing, 1);
    // An entry recorded twice shields both; one recorded three times has one left over.
    let mut thrice = baseline.clone();
    thrice
        .entries
        .extend([baseline.entries[0].clone(), baseline.entries[0].clone()]);
    let gated = Policy::default().baseline(thrice).apply(&rules, report);
    assert_eq!(gated.summary.baselined, 2);
    assert!(!gated.fails());
    assert_eq!(gated.baseline.as_ref().unwrap().gone.len(), 1);
}

/// The `partialFingerprints` of every result of a SARIF file.
fn sarif_fingerprints(path: &Path) -> Vec<String> {
    fingerprints_of(&serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

/// The `partialFingerprints` of every result of a SARIF report.
fn fingerprints_of(sarif: &Value) -> Vec<String> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["bomgateFinding/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}
