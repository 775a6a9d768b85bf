//! The name × field × format matrix: every name, alias, active group member, part-number
//! family and declared identifier of every shipped entity, put in every field of every BOM
//! format that can name a maker, in the usual disguises, must give a finding on that entity
//! with the evidence strength the field warrants; and a table of near-miss names must give
//! none. One generated BOM per format × disguise holds every cell, so the test stays fast as
//! the rule data grows.

use std::collections::BTreeSet;

use bomgate::report::Strength;
use bomgate::{Bom, Context, Report, RuleSet};

use crate::util::{date, shipped};

const AS_OF: &str = "2026-11-27";

/// A field of a component that can name a maker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Maker,
    AltMaker,
    /// A `Manufacturer` property beside another maker's `manufacturer.name`.
    PropMaker,
    Supplier,
    Publisher,
    Author,
    Originator,
    Family,
    Cpe,
    Purl,
    FccId,
}

impl Slot {
    /// The strength of evidence this field gives.
    fn strength(self) -> Strength {
        match self {
            Slot::Maker
            | Slot::AltMaker
            | Slot::PropMaker
            | Slot::Publisher
            | Slot::Author
            | Slot::Originator => Strength::Name,
            Slot::Supplier => Strength::Supplier,
            Slot::Family => Strength::PartFamily,
            Slot::Cpe | Slot::Purl | Slot::FccId => Strength::Identifier,
        }
    }

    /// Whether a name goes in this field (not a family or an identifier).
    fn takes_names(self) -> bool {
        !matches!(self, Slot::Family | Slot::Cpe | Slot::Purl | Slot::FccId)
    }
}

/// One component of a generated BOM: a reference, a field, a value, the entity expected.
#[derive(Clone, Debug)]
struct Cell {
    reference: String,
    slot: Slot,
    value: String,
    entity: String,
}

/// A BOM format and the fields it has.
struct Format {
    name: &'static str,
    file: &'static str,
    slots: &'static [Slot],
    write: fn(&[Cell]) -> String,
}

const FORMATS: &[Format] = &[
    Format {
        name: "csv",
        file: "m.csv",
        slots: &[Slot::Maker, Slot::AltMaker, Slot::Supplier, Slot::Family],
        write: csv,
    },
    Format {
        name: "toml",
        file: "m.toml",
        slots: &[
            Slot::Maker,
            Slot::AltMaker,
            Slot::Supplier,
            Slot::Publisher,
            Slot::Author,
            Slot::Family,
            Slot::Cpe,
            Slot::Purl,
            Slot::FccId,
        ],
        write: toml,
    },
    Format {
        name: "cyclonedx-json",
        file: "m.cdx.json",
        slots: &[
            Slot::Maker,
            Slot::AltMaker,
            Slot::PropMaker,
            Slot::Supplier,
            Slot::Publisher,
            Slot::Author,
            Slot::Family,
            Slot::Cpe,
            Slot::Purl,
            Slot::FccId,
        ],
        write: cyclonedx_json,
    },
    Format {
        name: "cyclonedx-xml",
        file: "m.cdx.xml",
        slots: &[
            Slot::Maker,
            Slot::AltMaker,
            Slot::PropMaker,
            Slot::Supplier,
            Slot::Publisher,
            Slot::Author,
            Slot::Family,
            Slot::Cpe,
            Slot::Purl,
            Slot::FccId,
        ],
        write: cyclonedx_xml,
    },
    Format {
        name: "spdx-json",
        file: "m.spdx.json",
        slots: &[Slot::Supplier, Slot::Originator, Slot::Cpe, Slot::Purl],
        write: spdx_json,
    },
    Format {
        name: "spdx-tag-value",
        file: "m.spdx",
        slots: &[Slot::Supplier, Slot::Originator, Slot::Cpe, Slot::Purl],
        write: spdx_tag_value,
    },
    Format {
        name: "spdx3-json-ld",
        file: "m.spdx3.jsonld",
        slots: &[Slot::Supplier, Slot::Originator, Slot::Cpe, Slot::Purl],
        write: spdx3,
    },
];

/// How a name is disguised; `None` when the disguise does not apply to it.
type Disguise = (&'static str, fn(&str, &NameInfo) -> Option<String>);

/// What a disguise may use about a name: the other names of its entity.
struct NameInfo {
    cjk_alias: Option<String>,
}

const DISGUISES: &[Disguise] = &[
    ("as written", |n, _| Some(n.to_string())),
    ("upper case", |n, _| Some(n.to_uppercase())),
    ("lower case", |n, _| Some(n.to_lowercase())),
    ("full width", |n, _| {
        n.is_ascii().then(|| {
            n.chars()
                .map(|c| match c {
                    '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
                    c => c,
                })
                .collect()
        })
    }),
    ("legal form", |n, _| Some(format!("{n} Co., Ltd."))),
    ("zero-width space", |n, _| {
        let mut c = n.chars();
        let first = c.next()?;
        Some(format!("{first}\u{200B}{}", c.as_str()))
    }),
    ("word joiner for spaces", |n, _| {
        n.contains(' ').then(|| n.replace(' ', "\u{2060}"))
    }),
    ("bidi marks", |n, _| Some(format!("\u{200E}{n}\u{200F}"))),
    ("bilingual", |n, info| {
        let cjk = info.cjk_alias.as_ref()?;
        (n.is_ascii() && n != cjk).then(|| format!("{cjk} {n}"))
    }),
    ("place prefix", |n, _| {
        n.is_ascii().then(|| format!("Shenzhen {n}"))
    }),
];

/// Every name cell of the shipped rules: (entity, name, info).
fn names(rules: &RuleSet) -> Vec<(String, String, NameInfo)> {
    let on = date(AS_OF);
    let grouped: BTreeSet<usize> = rules
        .rules()
        .iter()
        .filter(|r| r.group)
        .flat_map(|r| r.entities.iter().copied())
        .collect();
    // Entities whose every rule has ended (Illumina's sequencer ban, stopped 2025-11-10) give
    // no finding on the as-of date, rightly.
    let live: BTreeSet<usize> = rules
        .rules()
        .iter()
        .filter(|r| r.obligations.iter().any(|o| o.until.is_none_or(|u| on < u)))
        .flat_map(|r| r.entities.iter().copied())
        .collect();
    let mut out = Vec::new();
    for (ei, e) in rules.entities().iter().enumerate() {
        if !live.contains(&ei) {
            continue;
        }
        let mut all: Vec<String> = vec![e.name.clone()];
        all.extend(e.aliases.iter().cloned());
        for (mi, m) in e.members.iter().enumerate() {
            if grouped.contains(&ei) && e.member_active(mi, on) {
                all.push(m.name.clone());
                all.extend(m.aliases.iter().cloned());
            }
        }
        let cjk_alias = e.aliases.iter().find(|a| !a.is_ascii()).cloned();
        for n in all {
            let info = NameInfo {
                cjk_alias: cjk_alias.clone(),
            };
            out.push((e.id.clone(), n, info));
        }
    }
    out
}

/// Every family and identifier cell: (entity, slot, value).
fn codes(rules: &RuleSet) -> Vec<(String, Slot, String)> {
    let on = date(AS_OF);
    let mut out = Vec::new();
    for e in rules.entities() {
        let mut families = e.mpn_prefixes.clone();
        for (mi, m) in e.members.iter().enumerate() {
            if e.member_active(mi, on) {
                families.extend(m.mpn_prefixes.iter().cloned());
            }
        }
        for f in families {
            out.push((e.id.clone(), Slot::Family, format!("{f}Q7Z-99")));
        }
        for v in &e.cpe_vendors {
            let cpe = format!("cpe:2.3:h:{v}:device_x:1.0:*:*:*:*:*:*:*");
            out.push((e.id.clone(), Slot::Cpe, cpe));
        }
        for ns in &e.purl_namespaces {
            out.push((
                e.id.clone(),
                Slot::Purl,
                format!("pkg:generic/{ns}/pkg-x@1.0"),
            ));
        }
        for g in &e.fcc_grantees {
            out.push((e.id.clone(), Slot::FccId, format!("{g}ZX-100")));
        }
    }
    out
}

/// The shipped rules, loaded once for all the matrix's BOMs.
fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(shipped)
}

/// Checks a generated BOM with every rule in force on the as-of date.
fn check(file: &str, text: &str) -> Report {
    let bom = Bom::from_bytes(file, text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
    bomgate::check(rules(), &bom, Context::new(date(AS_OF))).expect("checks")
}

/// The cells that did not give a finding on their entity at their strength.
fn misses(cells: &[Cell], report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for c in cells {
        let hit = report.findings.iter().any(|f| {
            f.entity.id == c.entity
                && (f.component.reference == c.reference || f.component.name == c.reference)
                && f.evidence.iter().any(|e| e.strength == c.slot.strength())
        });
        if !hit {
            out.push(format!(
                "{} {:?} {:?} (entity {})",
                c.reference, c.slot, c.value, c.entity
            ));
        }
    }
    out
}

#[test]
fn every_name_in_every_field_of_every_format_in_every_disguise() {
    let rules = shipped();
    let names = names(&rules);
    assert!(names.len() >= 20, "the shipped rules have names");
    let mut failures = Vec::new();
    let mut cells_checked = 0;
    for format in FORMATS {
        for (disguise, apply) in DISGUISES {
            let mut cells = Vec::new();
            for slot in format.slots.iter().filter(|s| s.takes_names()) {
                for (entity, name, info) in &names {
                    if let Some(value) = apply(name, info) {
                        cells.push(Cell {
                            reference: format!("C{}", cells.len() + 1),
                            slot: *slot,
                            value,
                            entity: entity.clone(),
                        });
                    }
                }
            }
            let report = check(format.file, &(format.write)(&cells));
            cells_checked += cells.len();
            for m in misses(&cells, &report) {
                failures.push(format!("{} / {disguise}: {m}", format.name));
            }
        }
    }
    assert!(cells_checked > 1000, "{cells_checked} cells");
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_family_and_identifier_in_every_format_that_carries_it() {
    let rules = shipped();
    let codes = codes(&rules);
    assert!(codes.iter().any(|(_, s, _)| *s == Slot::Family));
    let mut failures = Vec::new();
    for format in FORMATS {
        let cells: Vec<Cell> = codes
            .iter()
            .filter(|(_, slot, _)| format.slots.contains(slot))
            .enumerate()
            .map(|(i, (entity, slot, value))| Cell {
                reference: format!("C{}", i + 1),
                slot: *slot,
                value: value.clone(),
                entity: entity.clone(),
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let report = check(format.file, &(format.write)(&cells));
        for m in misses(&cells, &report) {
            failures.push(format!("{}: {m}", format.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Names that look like listed ones but are other companies, or members no longer in the
/// group on the as-of date.
const NEAR_MISSES: &[&str] = &[
    "Microchip",
    "Microchip Technology Inc.",
    "Micronas",
    "Micro Crystal",
    "Micron Electronics Trading",
    "Macronix",
    "SG Micro",
    "SG Micro 圣邦微",
    "Microchip 微芯",
    "MTCONN",
    "MEIHUA",
    "AZTEC",
    "Shenzhen Microchip",
    "Shenzhen",
    "Huawei Fan Club Store",
    "MediaTek",
    "Honor",
    "Honor Device Co., Ltd.",
    "Lexar",
    "Longsys",
    "Hitachi",
    "Kingston",
    "Samsung 三星",
    // Traps the 1260H, UFLPA and Unreliable Entity List names bring: companies that share a
    // word or a prefix with a listed one but are not it.
    "TP-Link Systems Inc.",
    "Tianma Bearing Group Co., Ltd.",
    "Align Technology",
    "Cirrus Logic",
    "Continental AG",
    "Aisin Corporation",
    "Eve Systems GmbH",
    "Pacnet",
    "Innolux Corporation",
    "Daqo New Energy Corp.",
    "Apex Microtechnology",
    "Camel",
    "Meike",
    "Teledyne e2v",
    "Teledyne LeCroy",
    "Cubic Corporation",
    "Axon",
    "Boeing",
    "Elbit Systems Ltd.",
];

#[test]
fn near_miss_names_match_nothing_in_any_field_of_any_format() {
    let mut failures = Vec::new();
    for format in FORMATS {
        let mut cells = Vec::new();
        for slot in format.slots.iter().filter(|s| s.takes_names()) {
            for name in NEAR_MISSES {
                cells.push(Cell {
                    reference: format!("C{}", cells.len() + 1),
                    slot: *slot,
                    value: name.to_string(),
                    entity: String::new(),
                });
            }
        }
        let report = check(format.file, &(format.write)(&cells));
        for f in &report.findings {
            let cell = cells
                .iter()
                .find(|c| c.reference == f.component.reference || c.reference == f.component.name);
            failures.push(format!(
                "{}: {:?} flagged as {}",
                format.name,
                cell.map(|c| &c.value),
                f.entity.id
            ));
        }
    }
    let parts = ["MT7621DAT", "MT3608", "MT25QL128", "KLM8G1GETF"];
    let csv: String = std::iter::once("Ref,Manufacturer,MPN\n".to_string())
        .chain(
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| format!("U{i},MediaTek,{p}\n")),
        )
        .collect();
    let r = check("parts.csv", &csv);
    let strong: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == bomgate::Severity::Deny)
        .map(|f| f.component.mpn.clone())
        .collect();
    failures.extend(
        strong
            .into_iter()
            .map(|m| format!("part {m} denied under another maker's name")),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- Writers: one BOM text per format, one component per cell. ----

fn csv(cells: &[Cell]) -> String {
    let mut s = String::from(
        "Designator,Manufacturer 1,Manufacturer Part Number 1,Supplier 1,Manufacturer 2,Manufacturer Part Number 2\n",
    );
    for c in cells {
        let q = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        let row = match c.slot {
            Slot::Maker => [q(&c.value), q("X-1"), q(""), q(""), q("")],
            Slot::AltMaker => [q("Yageo"), q("RC0402"), q(""), q(&c.value), q("ALT-1")],
            Slot::Supplier => [q("Yageo"), q("RC0402"), q(&c.value), q(""), q("")],
            Slot::Family => [q(""), q(&c.value), q(""), q(""), q("")],
            _ => unreachable!("CSV has no {:?}", c.slot),
        };
        s.push_str(&format!("{},{}\n", c.reference, row.join(",")));
    }
    s
}

fn toml_str(v: &str) -> String {
    serde_json::to_string(v).expect("a string")
}

fn toml(cells: &[Cell]) -> String {
    let mut s = String::from("[bom]\nname = \"matrix\"\n");
    for c in cells {
        s.push_str(&format!("\n[[component]]\nref = \"{}\"\n", c.reference));
        let v = toml_str(&c.value);
        match c.slot {
            Slot::Maker => s.push_str(&format!("manufacturer = {v}\nmpn = \"X-1\"\n")),
            Slot::Supplier => s.push_str(&format!("manufacturer = \"Yageo\"\nmpn = \"RC0402\"\nsupplier = {v}\n")),
            Slot::Publisher => s.push_str(&format!("publisher = {v}\n")),
            Slot::Author => s.push_str(&format!("author = {v}\n")),
            Slot::Family => s.push_str(&format!("mpn = {v}\n")),
            Slot::Cpe => s.push_str(&format!("cpe = {v}\n")),
            Slot::Purl => s.push_str(&format!("purl = {v}\n")),
            Slot::FccId => s.push_str(&format!("fcc-id = {v}\n")),
            Slot::AltMaker => s.push_str(&format!(
                "manufacturer = \"Yageo\"\nmpn = \"RC0402\"\n[[component.alternate]]\nmanufacturer = {v}\nmpn = \"ALT-1\"\n"
            )),
            Slot::Originator | Slot::PropMaker => unreachable!(),
        }
    }
    s
}

fn cyclonedx_json(cells: &[Cell]) -> String {
    use serde_json::json;
    let comps: Vec<serde_json::Value> = cells
        .iter()
        .map(|c| {
            let mut o = json!({"type": "device", "bom-ref": c.reference, "name": "part"});
            let v = c.value.clone();
            match c.slot {
                Slot::Maker => o["manufacturer"] = json!({"name": v}),
                Slot::AltMaker => {
                    o["manufacturer"] = json!({"name": "Yageo"});
                    o["properties"] = json!([{"name": "MFR2", "value": v}]);
                }
                Slot::PropMaker => {
                    o["manufacturer"] = json!({"name": "Yageo"});
                    o["properties"] = json!([{"name": "Manufacturer", "value": v}]);
                }
                Slot::Supplier => {
                    o["manufacturer"] = json!({"name": "Yageo"});
                    o["supplier"] = json!({"name": v});
                }
                Slot::Publisher => o["publisher"] = json!(v),
                Slot::Author => o["authors"] = json!([{"name": v}]),
                Slot::Family => o["properties"] = json!([{"name": "MPN", "value": v}]),
                Slot::Cpe => o["cpe"] = json!(v),
                Slot::Purl => o["purl"] = json!(v),
                Slot::FccId => {
                    o["properties"] =
                        json!([{"name": "cdx:device:certifications:US:FCC:id", "value": v}])
                }
                _ => unreachable!(),
            }
            o
        })
        .collect();
    json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": comps})
        .to_string()
}

fn xml(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cyclonedx_xml(cells: &[Cell]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n<components>\n",
    );
    for c in cells {
        let v = xml(&c.value);
        let body = match c.slot {
            Slot::Maker => {
                format!("<manufacturer><name>{v}</name></manufacturer><name>part</name>")
            }
            Slot::AltMaker => format!(
                "<manufacturer><name>Yageo</name></manufacturer><name>part</name><properties><property name=\"Manufacturer 2\">{v}</property></properties>"
            ),
            Slot::PropMaker => format!(
                "<manufacturer><name>Yageo</name></manufacturer><name>part</name><properties><property name=\"Manufacturer\">{v}</property></properties>"
            ),
            Slot::Supplier => format!(
                "<supplier><name>{v}</name></supplier><manufacturer><name>Yageo</name></manufacturer><name>part</name>"
            ),
            Slot::Publisher => format!("<publisher>{v}</publisher><name>part</name>"),
            Slot::Author => {
                format!("<authors><author><name>{v}</name></author></authors><name>part</name>")
            }
            Slot::Family => format!(
                "<name>part</name><properties><property name=\"MPN\">{v}</property></properties>"
            ),
            Slot::Cpe => format!("<name>part</name><cpe>{v}</cpe>"),
            Slot::Purl => format!("<name>part</name><purl>{v}</purl>"),
            Slot::FccId => format!(
                "<name>part</name><properties><property name=\"cdx:device:certifications:US:FCC:id\">{v}</property></properties>"
            ),
            _ => unreachable!(),
        };
        s.push_str(&format!(
            "<component type=\"device\" bom-ref=\"{}\">{body}</component>\n",
            c.reference
        ));
    }
    s.push_str("</components>\n</bom>\n");
    s
}

fn spdx_json(cells: &[Cell]) -> String {
    use serde_json::json;
    let packages: Vec<serde_json::Value> = cells
        .iter()
        .map(|c| {
            let mut p = json!({"SPDXID": format!("SPDXRef-{}", c.reference), "name": c.reference,
                "downloadLocation": "NOASSERTION"});
            match c.slot {
                Slot::Supplier => p["supplier"] = json!(format!("Organization: {}", c.value)),
                Slot::Originator => p["originator"] = json!(format!("Organization: {}", c.value)),
                Slot::Cpe => {
                    p["externalRefs"] = json!([{"referenceCategory": "SECURITY",
                    "referenceType": "cpe23Type", "referenceLocator": c.value}])
                }
                Slot::Purl => {
                    p["externalRefs"] = json!([{"referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl", "referenceLocator": c.value}])
                }
                _ => unreachable!(),
            }
            p
        })
        .collect();
    json!({"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "matrix", "documentNamespace": "https://example.org/matrix",
        "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: matrix"]},
        "packages": packages})
    .to_string()
}

fn spdx_tag_value(cells: &[Cell]) -> String {
    let mut s = String::from(
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: matrix\nDocumentNamespace: https://example.org/matrix\nCreator: Tool: matrix\nCreated: 2026-01-01T00:00:00Z\n",
    );
    for c in cells {
        s.push_str(&format!(
            "\nPackageName: {r}\nSPDXID: SPDXRef-{r}\nPackageDownloadLocation: NOASSERTION\n",
            r = c.reference
        ));
        let v = &c.value;
        s.push_str(&match c.slot {
            Slot::Supplier => format!("PackageSupplier: Organization: {v}\n"),
            Slot::Originator => format!("PackageOriginator: Organization: {v}\n"),
            Slot::Cpe => format!("ExternalRef: SECURITY cpe23Type {v}\n"),
            Slot::Purl => format!("ExternalRef: PACKAGE-MANAGER purl {v}\n"),
            _ => unreachable!(),
        });
    }
    s
}

fn spdx3(cells: &[Cell]) -> String {
    use serde_json::json;
    let mut graph = Vec::new();
    for c in cells {
        let id = format!("https://example.org/m/{}", c.reference);
        let org = format!("https://example.org/m/org-{}", c.reference);
        let mut p = json!({"type": "software_Package", "spdxId": id, "name": c.reference});
        match c.slot {
            Slot::Supplier => p["suppliedBy"] = json!(org),
            Slot::Originator => p["originatedBy"] = json!([org]),
            Slot::Cpe => {
                p["externalIdentifier"] = json!([{"type": "ExternalIdentifier",
                "externalIdentifierType": "cpe23", "identifier": c.value}])
            }
            Slot::Purl => p["software_packageUrl"] = json!(c.value),
            _ => unreachable!(),
        }
        graph.push(p);
        if matches!(c.slot, Slot::Supplier | Slot::Originator) {
            graph.push(json!({"type": "Organization", "spdxId": org, "name": c.value}));
        }
    }
    json!({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": graph})
        .to_string()
}
