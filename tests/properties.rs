//! Properties that must hold for any input: readers never panic, name keys do not depend on
//! how a name is dressed, a baseline read back covers what it recorded.

use bomgate::gate::Policy;
use bomgate::normalize::NameKey;
use bomgate::{Baseline, Bom, BomFormat, Context, ReadOptions};
use proptest::prelude::*;

use crate::util::{date, shipped};

const FORMATS: &[BomFormat] = &[
    BomFormat::Csv,
    BomFormat::Toml,
    BomFormat::CycloneDxJson,
    BomFormat::CycloneDxXml,
    BomFormat::SpdxJson,
    BomFormat::SpdxTagValue,
    BomFormat::Spdx3JsonLd,
    BomFormat::Xlsx,
];

/// Pieces of real BOM syntax, so that random inputs get past the first byte of each reader.
const FRAGMENTS: &[&str] = &[
    "Ref,Manufacturer,MPN\n",
    "U1,Micron,MT41K256\n",
    "\"a,b\",",
    "\"",
    ",",
    ";",
    "\t",
    "\r\n",
    "\n",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"bomFormat\":\"CycloneDX\"",
    "\"specVersion\":\"1.6\"",
    "\"components\":",
    "\"manufacturer\":{\"name\":\"Huawei\"}",
    "\"name\":",
    "\"spdxVersion\":\"SPDX-2.3\"",
    "\"packages\":",
    "\"supplier\":\"Organization: ZTE\"",
    "\"@graph\":",
    "\"@context\":\"x\"",
    "<bom>",
    "</bom>",
    "<components>",
    "<component type=\"device\">",
    "</component>",
    "<manufacturer><name>Micron</name></manufacturer>",
    "<!DOCTYPE x>",
    "&amp;",
    "&x;",
    "SPDXVersion: SPDX-2.3\n",
    "PackageName: p\n",
    "PackageSupplier: Organization: Huawei\n",
    "ExternalRef: SECURITY cpe23Type cpe:2.3:h:zte:x\n",
    "[bom]\n",
    "[[component]]\n",
    "manufacturer = \"Micron\"\n",
    "mpn = \"MT41K\"\n",
    "\u{feff}",
    "\u{200b}",
    "美光",
    "Ｍｉｃｒｏｎ",
    "PK\u{3}\u{4}",
];

fn bom_like() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)
            .prop_map(|parts| parts.concat().into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes, read as any format (or detected), give a BOM or an error, never a panic.
    #[test]
    fn readers_never_panic(bytes in bom_like(), which in 0..=FORMATS.len()) {
        let opts = ReadOptions { format: FORMATS.get(which).copied(), ..Default::default() };
        if let Ok(bom) = Bom::from_bytes("fuzz", &bytes, &opts) {
            let r = bomgate::check(&shipped(), &bom, Context::new(date("2026-11-27")));
            prop_assert!(r.is_ok());
        }
    }
}

/// A company-like name: one to four words of letters.
fn name() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z][a-z]{1,9}", 1..5).prop_map(|w| w.join(" "))
}

fn plain(s: &str) -> Option<String> {
    NameKey::new(s).map(|k| k.plain)
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            c => c,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The key of a key is the key.
    #[test]
    fn name_keys_are_idempotent(n in name()) {
        if let Some(k) = plain(&n) {
            prop_assert_eq!(plain(&k), Some(k.clone()));
        }
    }

    /// Case, width, invisible marks and an added legal form do not change the key.
    #[test]
    fn name_keys_ignore_dress(n in name(), at in 0usize..40, form in prop::sample::select(
        &["Inc.", "Co., Ltd.", "GmbH", "Corporation", "LLC", "K.K.", "S.A."][..])) {
        let key = plain(&n);
        prop_assert_eq!(&plain(&n.to_uppercase()), &key);
        prop_assert_eq!(&plain(&n.to_lowercase()), &key);
        prop_assert_eq!(&plain(&full_width(&n)), &key);
        let mut marked = n.clone();
        let i = marked.char_indices().map(|(i, _)| i).nth(at % n.chars().count()).unwrap_or(0);
        marked.insert(i, '\u{200B}');
        prop_assert_eq!(&plain(&marked), &key, "zero-width space at {}", i);
        prop_assert_eq!(&plain(&format!("\u{200E}{n}\u{200F}")), &key);
        if key.is_some() {
            prop_assert_eq!(&plain(&format!("{n} {form}")), &key);
        }
    }
}

/// A baseline written from a report and read back covers every finding of that report and
/// has no gone entry.
#[test]
fn a_baseline_read_back_covers_what_it_recorded() {
    let rules = shipped();
    for bom in [
        "examples/boms/altium-camera.csv",
        "examples/boms/kicad-gateway.csv",
        "tests/fixtures/sbom/camera-hbom-1.6.cdx.json",
        "tests/fixtures/sbom/router.spdx",
    ] {
        let report = crate::util::check_file(
            &crate::util::root().join(bom),
            Context::new(date("2026-11-27")),
        );
        assert!(!report.findings.is_empty(), "{bom}");
        let written = Baseline::from_report(&report).to_json();
        let read = Baseline::parse("baseline.json", &written).unwrap();
        let gated = Policy::default().baseline(read).apply(&rules, report);
        let used = gated.baseline.as_ref().unwrap();
        assert_eq!(used.matched, gated.findings.len(), "{bom}");
        assert_eq!((used.new, used.gone.len()), (0, 0), "{bom}");
        assert!(gated.findings.iter().all(|f| f.baselined), "{bom}");
        assert!(!gated.fails(), "{bom}: baselined findings do not fail");
    }
}

/// A report read back from its JSON is the same report: every field survives.
#[test]
fn a_report_survives_a_json_round_trip() {
    let rules = shipped();
    let waiver = "[[waiver]]\nrule = \"*\"\nentity = \"zte\"\nref = \"U1\"\nreason = \"r\"\nowner = \"o\"\nticket = \"t\"\nexpires = 2027-01-01\n";
    let waivers = bomgate::Waiver::parse_file("w.toml", waiver, &rules).unwrap();
    for bom in [
        "examples/boms/altium-camera.csv",
        "tests/fixtures/sbom/camera-hbom-1.5.cdx.xml",
        "tests/fixtures/sbom/router.spdx3.jsonld",
        "tests/fixtures/corpus/cyclonedx-sbom-xml-lhc-vdm-editor/bom.xml",
    ] {
        let report = crate::util::check_file(
            &crate::util::root().join(bom),
            Context::new(date("2026-11-27")),
        );
        let report = Policy::default()
            .waivers(waivers.clone())
            .apply(&rules, report);
        let json = report.to_json();
        let back: bomgate::Report =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{bom}: {e}"));
        assert_eq!(back.to_json(), json, "{bom}");
    }
}
