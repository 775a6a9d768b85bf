//! Ways a banned vendor once passed with exit 0 (the no-silent-pass review), each a
//! regression test: the name forms, readers that must agree, identifiers, empty contexts.

use bomgate::{Bom, Context, Report};

use crate::util::{date, shipped};

fn check(name: &str, text: &str) -> Report {
    let bom = Bom::from_bytes(name, text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    bomgate::check(&shipped(), &bom, Context::new(date("2026-11-27"))).unwrap()
}

/// The entities flagged for each designator, with the `via` of the first evidence.
fn flagged(r: &Report) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.component.reference.clone(),
                f.entity.id.clone(),
                f.evidence
                    .first()
                    .map(|e| e.via.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A one-column-of-makers CSV: U1… for each maker.
fn makers_csv(makers: &[&str]) -> String {
    let mut csv = String::from("Ref,Manufacturer,MPN\n");
    for (i, m) in makers.iter().enumerate() {
        csv.push_str(&format!("U{},\"{m}\",PART-{i}\n", i + 1));
    }
    csv
}

#[test]
fn a_cell_naming_the_maker_in_two_scripts_matches() {
    let cells = [
        "美光 Micron",
        "Micron 美光",
        "美光Micron",
        "MICRON美光",
        "Micron　美光",
    ];
    let r = check("bilingual.csv", &makers_csv(&cells));
    let refs: Vec<String> = flagged(&r)
        .into_iter()
        .filter(|(_, e, _)| e == "micron")
        .map(|(r, _, _)| r)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(refs, ["U1", "U2", "U3", "U4", "U5"], "{:#?}", r.findings);
}

#[test]
fn bilingual_near_misses_match_nothing() {
    let r = check(
        "near.csv",
        &makers_csv(&[
            "Microchip 微芯",
            "SG Micro 圣邦微",
            "SG Micro",
            "Micro Crystal 微晶",
        ]),
    );
    assert!(r.findings.is_empty(), "{:#?}", flagged(&r));
}

#[test]
fn a_leading_chinese_place_is_dropped_when_the_rest_is_listed() {
    let r = check(
        "places.csv",
        &makers_csv(&[
            "Zhejiang Dahua",
            "Hangzhou Hikvision",
            "Shenzhen Huawei Technologies",
            "Shenzhen Microchip Technology",
            "Shenzhen Micro Electronics",
            "Shenzhen",
        ]),
    );
    let got: Vec<(String, String)> = flagged(&r)
        .into_iter()
        .map(|(r, e, via)| {
            assert!(via.ends_with("+place-prefix"), "{r} {e} {via}");
            (r, e)
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let want = [("U1", "dahua"), ("U2", "hikvision"), ("U3", "huawei")];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_string(), b.to_string())),
        "no false alarm on names that only share the prefix"
    );
}

#[test]
fn invisible_marks_between_words_do_not_hide_the_name() {
    let r = check(
        "invisible.csv",
        &makers_csv(&[
            "Micron\u{2060}Technology",
            "Micron\u{00AD}Technology",
            "Micron\u{200B}Technology",
            "Mi\u{200B}cron",
            "Hua\u{00AD}wei",
        ]),
    );
    let refs: std::collections::BTreeSet<String> = r
        .findings
        .iter()
        .map(|f| f.component.reference.clone())
        .collect();
    assert_eq!(refs.len(), 5, "{refs:?}");
}

#[test]
fn a_context_that_selects_no_rule_is_an_error() {
    use crate::util::{bomgate, root};
    let out = bomgate(
        &root(),
        &[
            "check",
            "--no-config",
            "--jurisdiction",
            "US",
            "--role",
            "cii-operator",
            "examples/boms/kicad-gateway.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no rule applies to this context"), "{err}");
    assert!(err.contains("--jurisdiction US selects"), "{err}");
    assert!(
        err.contains("--role cii-operator selects 1 rule (cn-cac-2023-micron), in CN"),
        "{err}"
    );
    // The library: a rule set without rules, or a context that selects none, checks nothing
    // and says so.
    let ctx = || Context::new(date("2026-11-27"));
    for empty in [
        bomgate::RuleSet::builder().build().unwrap(),
        bomgate::RuleSet::default(),
    ] {
        let e = bomgate::Checker::new(&empty, ctx()).unwrap_err();
        assert!(e.to_string().contains("no rules"), "{e}");
    }
    let rules = shipped();
    let e = bomgate::Checker::new(&rules, ctx().jurisdiction("GB").role("us-person")).unwrap_err();
    assert!(e.to_string().contains("no rule applies"), "{e}");
}

#[test]
fn identifiers_are_compared_with_entity_names() {
    let r = crate::util::check_file(
        &crate::util::fixture("sbom/identifiers-only.spdx"),
        Context::new(date("2026-11-27")),
    );
    let mut got: Vec<(String, String, String, String)> = r
        .findings
        .iter()
        .map(|f| {
            let e = &f.evidence[0];
            (
                f.component.name.clone(),
                f.entity.id.clone(),
                e.via.clone(),
                format!("{:?}", e.strength),
            )
        })
        .collect();
    got.sort();
    got.dedup();
    let want = [
        // Huawei declares its CPE vendor (`huawei`): an identifier match.
        ("ar100", "huawei", "cpe-vendor", "Identifier"),
        ("hms", "huawei", "purl-namespace-name", "Name"),
        ("ssd", "micron", "cpe-vendor-name", "Name"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
    );
    // OpenSSL's CPE names a vendor: screened, and clean.
    assert_eq!(r.summary.screened, 4);
    assert_eq!(r.summary.unscreenable, 0);
    assert!(r.findings.iter().all(|f| f.component.name != "openssl"));
}

#[test]
fn a_cyclonedx_file_with_an_spdx_named_property_is_read_as_cyclonedx() {
    let text = r#"{"components":[{"type":"device","name":"cam","manufacturer":{"name":"Hikvision"},
      "properties":[{"name":"spdxVersion","value":"SPDX-2.3"},{"name":"@context","value":"x"}]}],
      "bomFormat":"CycloneDX","specVersion":"1.6"}"#;
    let r = check("sorted.cdx.json", text);
    assert_eq!(r.inputs[0].format, Some(bomgate::BomFormat::CycloneDxJson));
    assert!(r.findings.iter().any(|f| f.entity.id == "hikvision"));
}

#[test]
fn a_waiver_whose_rule_does_not_name_its_entity_is_refused() {
    let rules = shipped();
    let w = |rule: &str, entity: &str, reference: &str| {
        format!(
            "[[waiver]]\nrule = \"{rule}\"\nentity = \"{entity}\"\nref = \"{reference}\"\nreason = \"r\"\nowner = \"o\"\nticket = \"t\"\nexpires = 2027-01-01\n"
        )
    };
    let e = bomgate::Waiver::parse_file(
        "w.toml",
        &w("us-ndaa-889-part-b", "hikvision", "CAM7"),
        &rules,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("does not name entity `hikvision`"), "{e}");
    assert!(
        e.contains("us-ndaa-889-part-b-video"),
        "names the rules that do: {e}"
    );
    assert!(e.contains("w.toml:3:"), "points at the entity: {e}");
    assert!(
        bomgate::Waiver::parse_file(
            "w.toml",
            &w("us-ndaa-889-part-b-video", "hikvision", "CAM7"),
            &rules
        )
        .is_ok()
    );
}

#[test]
fn waiver_designators_are_case_insensitive_and_paths_relative() {
    use crate::util::{bomgate, temp_dir};
    let dir = temp_dir("waiver-case");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("hw")).unwrap();
    std::fs::write(
        dir.join("hw/bom.csv"),
        "Ref,Manufacturer,MPN\nU1,Micron,MT41K256\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bomgate.toml"),
        "jurisdictions = [\"CN\"]\nwaiver-files = [\"waivers.toml\"]\n[[waiver]]\nrule = \"*\"\nentity = \"huawei\"\nref = \"X9\"\nreason = \"r\"\nowner = \"o\"\nticket = \"t\"\nexpires = 2027-01-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("waivers.toml"),
        "[[waiver]]\nrule = \"cn-cac-2023-micron\"\nentity = \"micron\"\nref = \"u1\"\nreason = \"r\"\nowner = \"o\"\nticket = \"t\"\nexpires = 2027-01-01\n",
    )
    .unwrap();
    let out = bomgate(
        &dir.join("hw"),
        &[
            "check",
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "bom.csv",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["waived"], 1, "ref = \"u1\" waives U1");
    assert_eq!(r["findings"][0]["location"]["file"], "hw/bom.csv");
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("waiver bomgate.toml:3"), "{warnings}");
    assert!(
        !warnings.contains(&*dir.to_string_lossy()),
        "no absolute path: {warnings}"
    );
    assert_eq!(r["run"]["waivers_applied"][0], "waivers.toml:1");
}

#[test]
fn spdx3_ai_and_dataset_packages_are_packages() {
    let r = crate::util::check_file(
        &crate::util::fixture("sbom/ai-dataset.spdx3.jsonld"),
        Context::new(date("2026-11-27")),
    );
    assert_eq!(r.summary.components, 3, "{:?}", r.inputs);
    let named: std::collections::BTreeSet<&str> = r
        .findings
        .iter()
        .filter(|f| f.entity.id == "hikvision")
        .map(|f| f.component.name.as_str())
        .collect();
    assert_eq!(
        named.into_iter().collect::<Vec<_>>(),
        ["faces", "m2", "vision-model"]
    );
}

/// A rule limited to equipment and modules, naming the shipped Huawei entity.
const EQUIPMENT_RULE: &str = r#"
[instrument]
id = "us-test-equipment"
title = "Test: equipment only"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/test"]
checked = 2026-11-27

[[rule]]
id = "us-test-equipment"
binds = ["us-person"]
entities = ["huawei"]
group = true
severity = "deny"
kinds = ["equipment", "module"]

[[rule.obligation]]
action = "procure"
from = 2020-01-01
"#;

#[test]
fn a_rule_limited_to_some_kinds_reviews_other_and_unknown_kinds() {
    let rules = bomgate::RuleSet::builder()
        .shipped()
        .text("equipment.toml", EQUIPMENT_RULE)
        .build()
        .unwrap();
    let bom = r#"
[[component]]
ref = "M1"
name = "LTE module"
manufacturer = "Huawei"
mpn = "ME909s-120"

[[component]]
ref = "SW1"
kind = "software"
publisher = "Huawei"

[[component]]
name = "something"
manufacturer = "Huawei"

[[component]]
ref = "GW"
cpe = "cpe:2.3:h:huawei:ar100:-:*:*:*:*:*:*:*"
"#;
    let bom = Bom::from_bytes("kinds.toml", bom.as_bytes(), &Default::default()).unwrap();
    let ctx = Context::new(date("2026-11-27"))
        .jurisdiction("US")
        .role("us-person");
    let r = bomgate::check(&rules, &bom, ctx).unwrap();
    let by = |name: &str| {
        r.findings
            .iter()
            .find(|f| {
                f.rule == "us-test-equipment"
                    && (f.component.reference == name || f.component.name == name)
            })
            .unwrap_or_else(|| panic!("{name}: {:#?}", r.findings))
    };
    let module = by("M1");
    assert_eq!(
        module.severity,
        bomgate::Severity::Deny,
        "a module is covered"
    );
    assert_eq!(module.component.kind, bomgate::bom::Kind::Module);
    let sw = by("SW1");
    assert_eq!(sw.severity, bomgate::Severity::Review);
    assert!(
        sw.notes
            .iter()
            .any(|n| n.contains("this component is software")),
        "{:?}",
        sw.notes
    );
    let unknown = by("something");
    assert_eq!(unknown.severity, bomgate::Severity::Review);
    assert!(
        unknown
            .notes
            .iter()
            .any(|n| n.contains("does not say what kind")),
        "{:?}",
        unknown.notes
    );
    let gw = by("GW");
    assert_eq!(
        gw.severity,
        bomgate::Severity::Deny,
        "a CPE `h` name is equipment"
    );
}

#[test]
fn unknown_kinds_are_errors_in_rule_files_and_boms() {
    let bad = bomgate::RuleSet::builder()
        .shipped()
        .text(
            "equipment.toml",
            EQUIPMENT_RULE.replace("\"module\"]", "\"modules\"]"),
        )
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        bad.contains("unknown kind `modules`") && bad.contains("did you mean `module`"),
        "{bad}"
    );
    let e = Bom::from_bytes(
        "k.toml",
        b"[[component]]\nref = \"U1\"\nkind = \"chip\"\nmanufacturer = \"X\"\n",
        &Default::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("unknown kind `chip`") && e.contains("k.toml:3:"),
        "{e}"
    );
}

// ---- CSV headers that hid a maker (issue 11) ----

/// `bomgate check` on `text` as `bom.csv` with `args`: exit code, standard output and error.
fn check_cli(test: &str, text: &str, args: &[&str]) -> (Option<i32>, String) {
    use crate::util::{bomgate, temp_dir};
    let dir = temp_dir(test);
    std::fs::write(dir.join("bom.csv"), text).unwrap();
    let mut all = vec!["check", "--no-config", "--as-of", "2026-11-27", "bom.csv"];
    all.extend_from_slice(args);
    let out = bomgate(&dir, &all);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn eagles_mf_column_names_the_maker() {
    let eagle = "Part,Value,Device,Package,Description,MF,MPN\nU2,ME909s,ME909,LGA,LTE,Huawei,ME909s-120\nU3,,HI3516,BGA,SoC,HiSilicon,Hi3516EV300\n";
    let (code, out) = check_cli("eagle-mf", eagle, &["--role", "us-federal-contractor"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("manufacturer \"Huawei\""), "{out}");
    assert!(out.contains("manufacturer \"HiSilicon\""), "{out}");
}

#[test]
fn a_company_column_is_offered_and_read_as_the_maker() {
    let text = "Company,Model,Cost\nHuawei,ME909s-120,1\n";
    let (code, out) = check_cli("company-hint", text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("`--column manufacturer=\"Company\" --column mpn=\"Model\"`"),
        "{out}"
    );
    assert!(out.contains("a part-number column (`Model`)"), "{out}");
    assert!(!out.contains("vendor column"), "{out}");
    // The part-number flag alone: `Company` is still read as the maker.
    let (code, out) = check_cli("company-mpn", text, &["--column", "mpn=Model"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("manufacturer `Company`"), "{out}");
}

#[test]
fn a_purchasing_lists_part_column_is_screened_as_a_part_number() {
    let po = "Part,Vendor,Qty\nMT41K256M16TW-107:P,Digi-Key,10\nMTFC8GAKAJCN-4M IT,Mouser,2\n";
    let (code, out) = check_cli("po-part", po, &["--role", "cii-operator"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("mpn \"MT41K256M16TW-107:P\""), "{out}");
    assert!(out.contains("mpn \"MTFC8GAKAJCN-4M IT\""), "{out}");
    // Digi-Key and Mouser sold the parts: no "manufacturer field names Digi-Key" review.
    assert!(!out.contains("REVIEW"), "{out}");
}

#[test]
fn a_vendor_column_beside_a_manufacturer_column_is_the_distributor() {
    let with_vendor =
        "Designator,Manufacturer,MPN,Vendor,Vendor PN\nU1,,MT41K256M16TW-107:P,Digi-Key,557-1\n";
    let without = "Designator,Manufacturer,MPN\nU1,,MT41K256M16TW-107:P\n";
    for (label, text) in [("with", with_vendor), ("without", without)] {
        let (code, out) = check_cli(&format!("vendor-{label}"), text, &[]);
        assert_eq!(code, Some(1), "{label}: {out}");
        assert!(out.contains("DENY"), "{label}: {out}");
    }
    let (_, out) = check_cli("vendor-note", with_vendor, &[]);
    assert!(out.contains("manufacturer `Manufacturer`;"), "{out}");
    assert!(out.contains("supplier `Vendor`"), "{out}");
    // Read as the supplier, a listed maker in it still fails a row that names no other maker.
    let text = "Designator,Manufacturer,MPN,Vendor\nU1,,,Huawei\n";
    let (code, out) = check_cli("vendor-maker", text, &["--role", "us-federal-contractor"]);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn a_publisher_column_names_the_maker_and_the_vendor_is_the_reseller() {
    let text =
        "Name,Publisher,Vendor,Version\nKaspersky Endpoint Security,AO Kaspersky Lab,CDW,11.0\n";
    let (code, out) = check_cli(
        "publisher",
        text,
        &["--role", "us-person", "--role", "us-federal-contractor"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("publisher \"AO Kaspersky Lab\""), "{out}");
    assert!(
        out.contains("supplier `Vendor`; publisher `Publisher`"),
        "{out}"
    );
    // The role can be mapped too.
    let text = "Name,Herausgeberin,Version\nKES,AO Kaspersky Lab,11.0\n";
    let (code, out) = check_cli(
        "publisher-mapped",
        text,
        &["--role", "us-person", "--column", "publisher=Herausgeberin"],
    );
    assert_eq!(code, Some(1), "{out}");
}
