//! CycloneDX (JSON, XML) and SPDX: field roles, identifiers, nesting, line numbers, and
//! malformed input refused without a panic, a stack overflow or a hang.

use bomgate::bom::Field;
use bomgate::{Checker, Context, Report, RuleSet, Severity};

use crate::util::{bomgate, check_file, date, fixture, temp_dir};

fn all(rel: &str) -> Report {
    check_file(&fixture(rel), Context::new(date("2026-11-27")))
}

/// (ref, entity, line) of the findings of one rule.
fn of_rule(r: &Report, rule: &str) -> Vec<(String, String, Option<usize>)> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            (
                f.component.reference.clone(),
                f.entity.id.clone(),
                f.location.line,
            )
        })
        .collect()
}

#[test]
fn cyclonedx_corpus_files_read_and_find_nothing() {
    let r = all("corpus/cyclonedx-hbom-pcie-sata/bom.json");
    assert!(r.findings.is_empty());
    assert_eq!(
        r.summary.components, 6,
        "the product itself names no maker and is not a part"
    );
    assert_eq!(
        r.summary.screened, 6,
        "suppliers Samtec, Molex, 3M, Multicomp, TE"
    );

    let r = all("corpus/cyclonedx-sbom-xml-lhc-vdm-editor/bom.xml");
    assert!(r.findings.is_empty());
    assert_eq!(r.summary.components, 43);
    assert_eq!(
        r.summary.unscreenable, 43,
        "npm packages without supplier data are not compliant, they are unknown"
    );
    assert!(!r.fails());
    assert_eq!(r.unscreenable[0].line, Some(38));
    assert_eq!(r.unscreenable[0].reference, "pkg:npm/puppeteer@1.19.0");
    assert!(
        r.inputs[0]
            .notes
            .iter()
            .any(|n| n == "product: lhc-vdm-editor"),
        "{:?}",
        r.inputs[0].notes
    );
}

#[test]
fn xml_components_outside_the_bom_are_not_its_parts() {
    // Pedigree ancestors, tools and formulas hold <component>s too; none is a part of this
    // BOM, and none may overwrite the fields of the component around it.
    let xml = r#"<?xml version="1.0"?>
<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.6" version="1">
 <cdx:metadata><cdx:tools><cdx:components>
  <cdx:component type="application"><cdx:author>Huawei</cdx:author><cdx:name>sbom-tool</cdx:name></cdx:component>
 </cdx:components></cdx:tools></cdx:metadata>
 <cdx:components>
  <cdx:component type="library" bom-ref="fw">
   <cdx:manufacturer><cdx:name>Huawei Technologies Co., Ltd.</cdx:name></cdx:manufacturer><cdx:name>fw</cdx:name>
   <cdx:pedigree><cdx:ancestors><cdx:component type="library">
     <cdx:manufacturer><cdx:name>Acme Corp</cdx:name></cdx:manufacturer><cdx:name>upstream</cdx:name>
   </cdx:component></cdx:ancestors></cdx:pedigree>
  </cdx:component>
 </cdx:components>
</cdx:bom>"#;
    let bom = bomgate::Bom::from_bytes("p.xml", xml.as_bytes(), &Default::default()).unwrap();
    assert_eq!(bom.components.len(), 1);
    let r = bomgate::check(
        &crate::util::shipped(),
        &bom,
        Context::new(date("2026-11-27")),
    )
    .unwrap();
    assert!(
        r.findings
            .iter()
            .any(|f| f.component.reference == "fw" && f.entity.id == "huawei")
    );
    assert!(r.findings.iter().all(|f| f.component.reference == "fw"));
}

#[test]
fn spdx_corpus_files_read_and_find_nothing() {
    let r = all("corpus/spdx-2.3-examples/04-SBOMwSecurity.json");
    assert!(r.findings.is_empty());
    assert_eq!(r.summary.screened, 2, "SPDX and Webjar suppliers");
    let r = all("corpus/spdx-2.3-examples/ACME-v2.3.spdx.json");
    assert!(r.findings.is_empty());
    assert_eq!(
        r.summary.unscreenable, 3,
        "elliptic, alpine, OpenSSL have no supplier"
    );
}

#[test]
fn cyclonedx_device_bom_roles_nesting_and_lines() {
    let r = all("sbom/camera-hbom-1.6.cdx.json");
    // metadata.manufacturer names who made the BOM: never a finding.
    assert!(
        r.findings
            .iter()
            .all(|f| f.component.reference != "nvr-kit")
    );
    // Chinese names, nested two levels deep, with their own lines.
    assert!(of_rule(&r, "us-fcc-covered-list-huawei").contains(&(
        "nvr-1/soc".into(),
        "huawei".into(),
        Some(39)
    )));
    assert!(of_rule(&r, "us-fcc-covered-list-huawei").contains(&(
        "switch-1".into(),
        "huawei".into(),
        Some(76)
    )));
    assert_eq!(
        of_rule(&r, "cn-cac-2023-micron"),
        [(
            "nvr-1/board/dram".to_string(),
            "micron".to_string(),
            Some(50)
        )]
    );
    let dram = r
        .findings
        .iter()
        .find(|f| f.component.reference == "nvr-1/board/dram")
        .unwrap();
    assert_eq!(dram.location.path.as_deref(), Some("nvr-1/board/dram"));
    assert!(
        dram.evidence
            .iter()
            .any(|e| e.field == Field::Mpn && e.matched == "MT40A")
    );
    // Hikvision: the purpose-scoped entries need a declared purpose.
    let cam = r
        .findings
        .iter()
        .find(|f| f.component.reference == "cam-1")
        .unwrap();
    assert_eq!(
        (cam.severity, cam.location.line),
        (Severity::Review, Some(17))
    );
    // Dahua as supplier only: reported as such.
    // (Rules about what an entity supplies, such as §805 contracting, take it as full
    // evidence; they are left out here.)
    let rules = crate::util::shipped();
    let psu: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.component.reference == "psu-1")
        .filter(|f| rules.rule(&f.rule).is_some_and(|x| !x.supplied_by))
        .collect();
    assert!(!psu.is_empty());
    assert!(
        psu.iter()
            .all(|f| f.severity == Severity::Review && f.evidence[0].field == Field::Supplier)
    );
    // Honor was sold in 2020; npm's left-pad names no vendor.
    assert!(
        r.findings
            .iter()
            .all(|f| f.component.reference != "phone-1")
    );
    assert!(r.unscreenable.iter().any(|u| u.reference == "left-pad"));
}

#[test]
fn kaspersky_software_by_publisher_and_by_cpe() {
    let r = all("sbom/camera-hbom-1.6.cdx.json");
    let kas: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.entity.id == "kaspersky")
        .collect();
    assert!(
        kas.iter().any(|f| f.component.reference == "av"
            && f.evidence.iter().any(|e| e.field == Field::Publisher))
    );
    let agent: Vec<_> = kas
        .iter()
        .filter(|f| f.component.reference == "av-agent")
        .collect();
    assert!(!agent.is_empty(), "CPE 2.2 vendor `kaspersky`");
    assert!(agent.iter().all(|f| {
        f.evidence
            .iter()
            .all(|e| e.field == Field::Cpe && e.via == "cpe-vendor")
    }));
    assert!(agent.iter().any(|f| f.severity == Severity::Deny));
}

#[test]
fn an_fcc_id_identifies_the_grantee() {
    let rules = RuleSet::builder()
        .shipped()
        .text(
            "grantee.toml",
            r#"
[[entity]]
id = "test-grantee"
name = "Synthetic Grantee Holder"
fcc-grantees = ["2APV2"]

[instrument]
id = "us-test-grantee"
title = "Test list of grantee codes"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/test"]
checked = 2026-11-27

[[rule]]
id = "us-test-grantee"
binds = ["fcc-subsidy-recipient"]
entities = ["test-grantee"]
group = false
severity = "deny"
[[rule.obligation]]
action = "procure"
from = 2020-01-01
"#,
        )
        .build()
        .unwrap();
    let mut c = Checker::new(&rules, Context::new(date("2026-11-27"))).unwrap();
    c.check_path(
        fixture("sbom/camera-hbom-1.6.cdx.json"),
        &Default::default(),
    )
    .unwrap();
    let r = c.finish();
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-test-grantee")
        .expect("FCC ID finding");
    assert_eq!(f.component.reference, "cam-2");
    assert_eq!(f.evidence[0].field, Field::FccId);
    assert_eq!(f.evidence[0].via, "fcc-grantee");
    assert_eq!(f.severity, Severity::Deny);
}

#[test]
fn cyclonedx_xml_nested_with_entities() {
    let r = all("sbom/camera-hbom-1.5.cdx.xml");
    assert_eq!(r.inputs[0].format, Some(bomgate::BomFormat::CycloneDxXml));
    let dahua = r
        .findings
        .iter()
        .find(|f| f.component.reference == "cam-1")
        .unwrap();
    assert_eq!(dahua.entity.id, "dahua");
    assert_eq!(dahua.location.line, Some(15));
    // The modem names ZTE as manufacturer (a property) and as supplier.
    let zte = r
        .findings
        .iter()
        .find(|f| f.component.reference == "gw-1/modem" && f.rule == "us-ndaa-889-part-a")
        .unwrap();
    assert_eq!(zte.severity, Severity::Deny);
    assert_eq!(zte.location.line, Some(23));
    assert_eq!(r.summary.unscreenable, 1);
    // A part of the product itself (metadata.component.components) is a component too.
    let psu = r
        .findings
        .iter()
        .find(|f| f.component.reference == "kit/psu")
        .unwrap();
    assert_eq!(
        (psu.entity.id.as_str(), psu.location.line),
        ("hikvision", Some(7))
    );
}

#[test]
fn spdx_documents_in_three_syntaxes() {
    for rel in [
        "sbom/router.spdx.json",
        "sbom/router.spdx",
        "sbom/router.spdx3.jsonld",
    ] {
        let r = all(rel);
        let flagged: Vec<&str> = r
            .findings
            .iter()
            .map(|f| f.component.reference.as_str())
            .collect();
        assert!(
            flagged.iter().any(|f| f.contains("kav")),
            "{rel}: {flagged:?}"
        );
        assert!(
            flagged.iter().any(|f| f.contains("modem")),
            "{rel}: {flagged:?}"
        );
        assert!(
            !flagged.iter().any(|f| f.contains("zlib")),
            "{rel}: {flagged:?}"
        );
        assert!(
            r.findings.iter().all(|f| f.location.line.is_some()),
            "{rel}"
        );
        // A package-like line inside a <text> block is text, not a package.
        assert!(r.findings.iter().all(|f| f.entity.id != "huawei"), "{rel}");
    }
}

fn refused(test: &str, name: &str, bytes: &[u8], want: &str) {
    let dir = temp_dir(test);
    std::fs::write(dir.join(name), bytes).unwrap();
    let out = bomgate(&dir, &["check", name]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{test}: {e}");
    assert!(
        !e.contains("panicked") && !e.contains("overflow"),
        "{test}: {e}"
    );
    assert!(e.contains(name) && e.contains(want), "{test}: {e}");
}

#[test]
fn malformed_sboms_are_errors() {
    let good = std::fs::read_to_string(fixture("sbom/camera-hbom-1.6.cdx.json")).unwrap();
    refused(
        "truncated",
        "bom.json",
        &good.as_bytes()[..good.len() / 2],
        "invalid JSON",
    );
    refused(
        "wrong-format",
        "bom.json",
        good.replace("\"CycloneDX\"", "\"SWID\"").as_bytes(),
        "`bomFormat` is `SWID`",
    );
    refused(
        "wrong-version",
        "bom.json",
        good.replace("\"1.6\"", "\"2.0\"").as_bytes(),
        "`specVersion` `2.0`",
    );
    refused(
        "undefined-entity",
        "bom.xml",
        b"<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components><component type=\"device\"><name>&evil;</name></component></components></bom>",
        "undefined entity `&evil;`",
    );
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components><component type=\"device\"><name>&lol3;</name></component></components></bom>";
    refused("billion-laughs", "bom.xml", laughs.as_bytes(), "entities");
    // 100,000 levels of nesting.
    let deep_json = format!(
        "{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":{}{}}}",
        "[{\"type\":\"device\",\"name\":\"x\",\"components\":".repeat(100_000),
        "[]}]".repeat(100_000)
    );
    refused(
        "deep-json",
        "bom.json",
        deep_json.as_bytes(),
        "invalid JSON",
    );
    let deep_xml = format!(
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components>{}{}</components></bom>",
        "<component type=\"device\"><components>".repeat(100_000),
        "</components></component>".repeat(100_000)
    );
    refused("deep-xml", "bom.xml", deep_xml.as_bytes(), "nest deeper");
    refused(
        "not-a-bom",
        "bom.json",
        b"{\"hello\": \"world\"}",
        "neither CycloneDX",
    );
}

#[test]
fn a_manufacturer_or_supplier_written_as_a_plain_string_is_read_with_a_note() {
    let r = all("sbom/plain-string-maker.cdx.json");
    assert_eq!(
        of_rule(&r, "cn-cac-2023-micron"),
        [("U7".to_string(), "micron".to_string(), Some(9))]
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.component.reference == "U9" && f.entity.id == "huawei"),
        "the supplier written as a string is screened"
    );
    assert!(
        r.inputs[0].notes.iter().any(|n| n
            == "2 manufacturer or supplier values written as a plain string, not an organisation object (the first on line 9): read as the organisation's name"),
        "{:?}",
        r.inputs[0].notes
    );
}

/// A CycloneDX JSON file larger than a chunk, with components of every shape: escapes,
/// nesting across lines, plain-string makers, properties, services.
fn large_cyclonedx() -> String {
    use std::fmt::Write;
    let mut t = String::from(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"device","name":"gateway"}},"components":["#,
    );
    for i in 0..12_000 {
        if i > 0 {
            t.push(',');
        }
        let _ = match i % 6 {
            0 => write!(
                t,
                "\n{{\"type\":\"device\",\"bom-ref\":\"U{i}\",\"name\":\"MT40A{i}\",\"manufacturer\":{{\"name\":\"Micron Technology\"}}}}"
            ),
            1 => write!(
                t,
                "\n{{\"type\":\"device\",\"bom-ref\":\"R{i}\",\"name\":\"R \\\"{i}\\\"\",\"manufacturer\":{{\"name\":\"Hua\\u0077ei\"}}}}"
            ),
            2 => write!(
                t,
                "\n{{\n  \"type\": \"device\",\n  \"bom-ref\": \"A{i}\",\n  \"name\": \"assembly\",\n  \"components\": [\n    {{\"type\": \"device\", \"name\": \"HI3516\", \"supplier\": {{\"name\": \"Arrow\"}}}},\n    {{\"name\": \"cap\", \"manufacturer\": {{\"name\": \"Yageo\"}}}}\n  ]\n}}"
            ),
            3 => write!(
                t,
                "{{\"type\":\"device\",\"name\":\"LTE {i}\",\"supplier\":\"ZTE Corporation\",\"description\":[1,-2.5e3,true,null,{{\"x\":[]}}]}}"
            ),
            4 => write!(
                t,
                "{{\"type\":\"device\",\"bom-ref\":\"P{i}\",\"name\":\"part\",\"properties\":[{{\"name\":\"mpn\",\"value\":\"DS-2CD{i}\"}},{{\"name\":\"Manufacturer\",\"value\":\"Hikvision\"}}]}}"
            ),
            _ => write!(
                t,
                "{{\"type\":\"library\",\"name\":\"av\",\"version\":\"{i}\",\"publisher\":\"Kaspersky Lab\",\"purl\":\"pkg:maven/com.kaspersky/av@{i}\"}}"
            ),
        };
    }
    t.push_str(r#"],"services":[{"name":"uplink","provider":{"name":"China Mobile"},"services":[{"name":"apn"}]}]}"#);
    t
}

#[test]
fn a_large_cyclonedx_json_file_streams_to_the_report_it_gives_in_memory() {
    let dir = temp_dir("large-cdx");
    let path = dir.join("large.cdx.json");
    let text = large_cyclonedx();
    assert!(text.len() > 1 << 20, "more than one chunk");
    std::fs::write(&path, &text).unwrap();
    let rules = RuleSet::shipped().unwrap();
    let ctx = || Context::new(date("2026-11-27"));
    let mut streamed = Checker::new(&rules, ctx()).unwrap();
    streamed.check_path(&path, &Default::default()).unwrap();
    let streamed = streamed.finish();
    let mut in_memory = Checker::new(&rules, ctx()).unwrap();
    in_memory
        .check_bytes(
            &path.display().to_string(),
            text.as_bytes(),
            &Default::default(),
        )
        .unwrap();
    let in_memory = in_memory.finish();
    // The product names no maker and is not a component; two services.
    assert_eq!(streamed.summary.components, 12_000 + 2_000 * 2 + 2);
    assert!(streamed.findings.len() > 5_000);
    assert_eq!(streamed.to_json(), in_memory.to_json());
    // A broken copy is refused the same way, after the components before the break.
    let broken = text.replacen("\"Yageo\"", "\"Yageo\" oops", 1500);
    std::fs::write(&path, &broken).unwrap();
    let mut c = Checker::new(&rules, ctx()).unwrap();
    let streamed = c.check_path(&path, &Default::default()).unwrap_err();
    let mut c = Checker::new(&rules, ctx()).unwrap();
    let whole = c
        .check_bytes(
            &path.display().to_string(),
            broken.as_bytes(),
            &Default::default(),
        )
        .unwrap_err();
    assert_eq!(streamed.to_string(), whole.to_string());
    assert!(streamed.to_string().contains("invalid JSON"), "{streamed}");
}
