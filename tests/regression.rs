//! Regressions found by an adversarial review: each once let a banned part through (or
//! flagged a clean one).

use bomgate::{Bom, Context, Report};

use crate::util::{bomgate, date, shipped, temp_dir};

fn check(name: &str, text: &str) -> Report {
    let bom = Bom::from_bytes(name, text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    bomgate::check(&shipped(), &bom, Context::new(date("2026-11-27"))).unwrap()
}

fn flagged(r: &Report) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
        .findings
        .iter()
        .map(|f| (f.component.reference.clone(), f.entity.id.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_second_section_with_other_parts_is_checked() {
    let r = check(
        "two-boards.csv",
        "Ref,Manufacturer,MPN\nU1,TI,LM1117\nU2,ST,STM32\n\nRef,Manufacturer,MPN\nU1,Huawei,HI3516\nU2,Micron,MT41K256\n",
    );
    assert_eq!(flagged(&r), pairs(&[("U1", "huawei"), ("U2", "micron")]));
    assert_eq!(
        r.findings
            .iter()
            .find(|f| f.entity.id == "micron")
            .unwrap()
            .location
            .line,
        Some(7)
    );
}

#[test]
fn a_preamble_row_does_not_steal_the_header() {
    let r = check(
        "pre.csv",
        "Part Number,Description,Revision\nPCB-1234,Gateway main board,B\n\nDesignator,Quantity,Manufacturer,Manufacturer Part Number\nU1,1,Huawei,HI3516\nU2,1,Micron,MT41K256\n",
    );
    assert_eq!(flagged(&r), pairs(&[("U1", "huawei"), ("U2", "micron")]));
    assert_eq!(
        r.inputs[0]
            .notes
            .iter()
            .filter(|n| n.contains("preamble"))
            .count(),
        1
    );
}

#[test]
fn every_column_of_a_role_is_screened() {
    for (text, want) in [
        (
            "Ref,Vendor,Manufacturer,MPN\nU1,Digi-Key,Micron Technology,X123\n",
            "micron",
        ),
        (
            "Ref,Qty,Brand,Manufacturer,MPN\nU1,1,Generic,Huawei,X123\n",
            "huawei",
        ),
        (
            "Ref,Qty,Manufacturer,Brand,MPN\nU1,1,Arrow Electronics,Hikvision,X\n",
            "hikvision",
        ),
        (
            "Designator,Part Number,Manufacturer,Manufacturer Part Number\nU1,100-2345,,MT41K256M16TW-107\n",
            "micron",
        ),
    ] {
        let r = check("b.csv", text);
        assert!(r.findings.iter().any(|f| f.entity.id == want), "{text}");
    }
    // The specific part-number column is the one shown.
    let r = check(
        "b.csv",
        "Designator,Part Number,Manufacturer,Manufacturer Part Number\nU1,100-2345,,MT41K256M16TW-107\n",
    );
    assert_eq!(r.findings[0].component.mpn, "MT41K256M16TW-107");
    assert_eq!(r.findings[0].severity, bomgate::Severity::Deny);
}

#[test]
fn several_makers_in_one_cell() {
    for cell in [
        "\"Samsung, Micron\"",
        "\"Samsung\nMicron\"",
        "Samsung & Micron",
        "Micron or equivalent",
        "Samsung/Micron",
    ] {
        let r = check("m.csv", &format!("Ref,Manufacturer,MPN\nU1,{cell},X\n"));
        assert_eq!(flagged(&r), pairs(&[("U1", "micron")]), "{cell}");
    }
}

#[test]
fn legal_forms_before_generic_words_and_clean_namesakes() {
    let r = check(
        "l.csv",
        "Ref,Manufacturer,MPN\nU1,Micron Technology Inc. USA,X\nU2,Micron Products Inc.,X\nU3,Micron Devices LLC,X\n",
    );
    assert_eq!(flagged(&r), pairs(&[("U1", "micron")]));
}

#[test]
fn look_alike_letters_in_part_numbers() {
    let r = check("c.csv", "Ref,Manufacturer,MPN\nU1,,МТ41K256M16TW-107:P\n");
    assert_eq!(flagged(&r), pairs(&[("U1", "micron")]));
}

#[test]
fn distributor_style_part_number_headers() {
    for h in ["Mfr. #", "Mfr #", "MFG #", "Manufacturer #", "MPN#"] {
        let r = check(
            "h.csv",
            &format!("Ref,Manufacturer,\"{h}\",Description\nU1,Yageo,MT41K256,x\n"),
        );
        assert_eq!(
            r.inputs[0]
                .notes
                .iter()
                .filter(|n| n.contains(&format!("part number `{h}`")))
                .count(),
            1,
            "{h}: {:?}",
            r.inputs[0].notes
        );
    }
}

#[test]
fn sbom_packages_without_a_ref_keep_distinct_fingerprints() {
    let doc = |extra: &str| {
        format!(
            "{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{{\"type\":\"library\",\"name\":\"kav-sdk\",\"publisher\":\"Kaspersky\"}}{extra}]}}"
        )
    };
    let one = check("s.json", &doc(""));
    let two = check(
        "s.json",
        &doc(
            ",{\"type\":\"application\",\"name\":\"kaspersky-endpoint-agent\",\"publisher\":\"Kaspersky\"}",
        ),
    );
    let fp = |r: &Report| -> std::collections::BTreeSet<String> {
        r.findings.iter().map(|f| f.fingerprint.clone()).collect()
    };
    assert!(fp(&one).is_subset(&fp(&two)));
    assert!(
        fp(&two).len() > fp(&one).len(),
        "the new package has new fingerprints"
    );
}

fn cli(name: &str, file: &str, bytes: &[u8], extra: &[&str]) -> (i32, String) {
    let dir = temp_dir(name);
    std::fs::write(dir.join(file), bytes).unwrap();
    let mut args = vec!["check", "--no-config", "--as-of", "2026-11-27"];
    args.extend_from_slice(extra);
    args.push(file);
    let out = bomgate(&dir, &args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inputs_that_say_nothing_are_errors() {
    // Truncated XML.
    let (code, e) = cli("trunc-xml", "bom.xml", b"<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"device\"><name>TPS</name><manufacturer><name>Texas Instruments</name></manufacturer></component><component type=\"device\"><manufacturer><name>Huawei", &[]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("truncated"), "{e}");
    // Nothing screenable.
    let (code, e) = cli(
        "none",
        "bom.csv",
        b"Ref,Manufacturer,MPN,Description\nU1,,,Huawei HI3516 SoC\nU2,,,Micron DDR3\n",
        &[],
    );
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("nothing could be screened"), "{e}");
    // A tag-value document cut short.
    let (code, e) = cli("trunc-spdx", "bom.spdx", b"SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n\nPackageName: modem\nSPDXID: SPDXRef-m\nPackageOrigina", &[]);
    assert_eq!(code, 2, "{e}");
    assert!(e.contains("bom.spdx:6"), "{e}");
}

#[test]
fn an_empty_waiver_selector_is_an_error_not_a_blanket() {
    let dir = temp_dir("blank-waiver");
    std::fs::write(
        dir.join("bom.csv"),
        "Ref,Manufacturer,MPN\nU1,Huawei,\nU2,Micron,\n",
    )
    .unwrap();
    std::fs::write(dir.join("w.toml"), "[[waiver]]\nrule = \"*\"\nentity = \"*\"\nmpn = \"\"\nreason = \"x\"\nowner = \"y\"\nticket = \"z\"\nexpires = 2099-12-31\n").unwrap();
    let out = bomgate(
        &dir,
        &["check", "--no-config", "--waivers", "w.toml", "bom.csv"],
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains("`mpn` is empty"), "{e}");
    assert!(
        !e.contains("rule set"),
        "a waiver file is not a rule set: {e}"
    );
}

#[test]
fn spdx_supplier_with_angle_bracket_email() {
    let doc = "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"packages\":[{\"SPDXID\":\"SPDXRef-p\",\"name\":\"fw\",\"supplier\":\"Organization: Huawei Technologies Co., Ltd. <x@y.example>\"}]}";
    let r = check("s.spdx.json", doc);
    assert!(r.findings.iter().any(|f| f.entity.id == "huawei"));
}

// Found by a second review, of the gate and the SBOM readers.

#[test]
fn a_cut_off_reader_does_not_turn_a_failing_gate_green() {
    let dir = temp_dir("pipe");
    let mut bom = String::from("Ref,Manufacturer,MPN\n");
    for i in 0..3000 {
        bom.push_str(&format!("U{i},Micron,MT41K{i}\n"));
    }
    std::fs::write(dir.join("big.csv"), bom).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bomgate"))
        .args(["check", "--no-config", "big.csv"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte and hang up, as `| head -c1` does.
    use std::io::Read;
    let mut one = [0u8; 1];
    let mut out = child.stdout.take().unwrap();
    out.read_exact(&mut one).unwrap();
    drop(out);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

fn gate(name: &str, files: &[(&str, &str)], args: &[&str]) -> (i32, serde_json::Value) {
    let dir = temp_dir(name);
    for (f, text) in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let mut a = vec!["check", "--as-of", "2026-11-27", "--format", "json"];
    a.extend_from_slice(args);
    let out = bomgate(&dir, &a);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{text}{}", String::from_utf8_lossy(&out.stderr))),
    )
}

const WAIVE: &str = "reason = \"r\"\nowner = \"o\"\nticket = \"t\"\nexpires = 2027-01-31\n";

/// Checks `boms` under CN rules with a Micron waiver limited by `selector`.
fn micron_waived(
    name: &str,
    selector: &str,
    files: &[(&str, &str)],
    boms: &[&str],
) -> (i32, serde_json::Value) {
    let w = format!("[[waiver]]\nrule = \"*\"\nentity = \"micron\"\n{selector}\n{WAIVE}");
    let mut all: Vec<(&str, &str)> = files.to_vec();
    all.push(("w.toml", &w));
    let mut args = vec!["--no-config", "--jurisdiction", "CN", "--waivers", "w.toml"];
    args.extend_from_slice(boms);
    gate(name, &all, &args)
}

#[test]
fn waiver_selectors_are_exact() {
    let micron = "Ref,Manufacturer,MPN\nU1,Micron,MT41K256\n";
    // `file = "bom.csv"` is not `legacy/bom.csv`.
    let (code, r) = micron_waived(
        "w-file",
        "file = \"bom.csv\"",
        &[("bom.csv", micron), ("legacy/bom.csv", micron)],
        &["bom.csv", "legacy/bom.csv"],
    );
    assert_eq!(code, 1);
    assert_eq!(r["summary"]["waived"], 1);
    // `ref = "U1"` does not hide U2 on a `U1, U2` row; `ref = "U2, U1"` does.
    let row = [(
        "bom.csv",
        "Ref,Manufacturer,MPN\n\"U1, U2\",Micron,MT41K256\n",
    )];
    let (code, r) = micron_waived("w-ref", "ref = \"U1\"", &row, &["bom.csv"]);
    assert_eq!((code, r["summary"]["waived"].as_u64()), (1, Some(0)));
    let (code, _) = micron_waived("w-ref2", "ref = \"U2, U1\"", &row, &["bom.csv"]);
    assert_eq!(code, 0);
}

#[test]
fn a_waiver_that_waived_nothing_is_not_recorded_as_applied() {
    let strict = "[[role]]\nid = \"xx-buyer\"\njurisdiction = \"XX\"\nname = \"B\"\ndescription = \"d\"\n\n[[entity]]\nid = \"acme\"\nname = \"Acme Corporation\"\n\n[instrument]\nid = \"xx-s\"\ntitle = \"S\"\njurisdiction = \"XX\"\nauthority = \"T\"\ncitation = \"T\"\nsources = [\"https://example.org/s\"]\nchecked = 2026-11-27\n\n[[rule]]\nid = \"xx-s\"\nbinds = [\"xx-buyer\"]\nentities = [\"acme\"]\ngroup = false\nwaivable = false\nseverity = \"deny\"\n[[rule.obligation]]\naction = \"procure\"\nfrom = 2020-01-01\n";
    let w = format!("[[waiver]]\nrule = \"*\"\nentity = \"*\"\nref = \"U1\"\n{WAIVE}");
    let (code, r) = gate(
        "w-applied",
        &[
            ("bom.csv", "Ref,Manufacturer,MPN\nU1,Acme Corporation,A1\n"),
            ("s.toml", strict),
            ("w.toml", &w),
        ],
        &[
            "--no-config",
            "--no-default-rules",
            "--rules",
            "s.toml",
            "--waivers",
            "w.toml",
            "bom.csv",
        ],
    );
    assert_eq!(code, 1);
    assert!(r["run"]["waivers_applied"].as_array().unwrap().is_empty());
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("cannot waive"))
    );
}

#[test]
fn configured_paths_are_reported_relative_and_baselines_survive_a_move() {
    let files = [
        (
            "bomgate.toml",
            "boms = [\"hw/bom.csv\"]\nbaseline = \"base.json\"\n",
        ),
        ("hw/bom.csv", "Ref,Manufacturer,MPN\nU1,Micron,MT41K256\n"),
    ];
    let dir = temp_dir("cfg-paths");
    for (f, t) in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    // Written from the command line in the project, used through the configuration elsewhere.
    let out = bomgate(
        &dir,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2026-11-27",
            "--write-baseline",
            "base.json",
            "hw/bom.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let moved = temp_dir("cfg-paths-moved");
    for f in ["bomgate.toml", "hw/bom.csv", "base.json"] {
        let p = moved.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(dir.join(f), p).unwrap();
    }
    let out = bomgate(
        &moved.join("hw"),
        &["check", "--as-of", "2026-11-27", "--format", "json"],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["findings"][0]["location"]["file"], "hw/bom.csv");
    assert_eq!(r["baseline"]["new"], 0);
}

#[test]
fn reports_survive_awkward_values() {
    let dir = temp_dir("awkward");
    std::fs::write(
        dir.join("x|y.csv"),
        "Ref,Manufacturer,MPN\n\"U1\u{ffff}<&>\",Micron,\"MT41K|1\r\nx\"\n",
    )
    .unwrap();
    let junit = bomgate(
        &dir,
        &["check", "--no-config", "--format", "junit", "x|y.csv"],
    )
    .stdout;
    let junit = String::from_utf8(junit).unwrap();
    let mut reader = quick_xml::Reader::from_str(&junit);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit not well-formed: {e}\n{junit}"),
        }
    }
    assert!(!junit.contains('\u{ffff}'));
    let md = String::from_utf8(
        bomgate(
            &dir,
            &["check", "--no-config", "--format", "markdown", "x|y.csv"],
        )
        .stdout,
    )
    .unwrap();
    assert!(md.lines().any(|l| l.starts_with("| deny | `")), "{md}");
    for line in md.lines().filter(|l| l.starts_with("| deny | `")) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "{line}");
        assert!(!line.contains('\r'));
    }
}

#[test]
fn sboms_in_less_usual_shapes() {
    // SPDX with sorted keys puts `spdxVersion` far from the top.
    let mut packages = Vec::new();
    for i in 0..1500 {
        packages.push(format!(
            "{{\"SPDXID\":\"SPDXRef-p{i}\",\"name\":\"p{i}\",\"supplier\":\"Organization: Acme\"}}"
        ));
    }
    packages.push(
        "{\"SPDXID\":\"SPDXRef-z\",\"name\":\"z\",\"supplier\":\"Organization: ZTE Corporation\"}"
            .into(),
    );
    let doc = format!(
        "{{\"SPDXID\":\"SPDXRef-DOCUMENT\",\"packages\":[{}],\"spdxVersion\":\"SPDX-2.3\"}}",
        packages.join(",\n")
    );
    let r = check("sorted.spdx.json", &doc);
    assert!(r.findings.iter().any(|f| f.entity.id == "zte"));
    // CPE in capitals; a trademark sign after the name.
    let cdx = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"bom-ref\":\"a\",\"name\":\"av\",\"cpe\":\"CPE:2.3:A:KASPERSKY:ANTI-VIRUS:1:*:*:*:*:*:*:*\"},{\"type\":\"device\",\"bom-ref\":\"b\",\"name\":\"x\",\"manufacturer\":{\"name\":\"Micron™\"}}]}";
    let r = check("c.cdx.json", cdx);
    assert_eq!(flagged(&r), pairs(&[("a", "kaspersky"), ("b", "micron")]));
}
