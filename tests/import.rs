//! `bomgate rules import`: official screening lists turned into rule packs, the `review` rule
//! severity they need, and names shared by entities of different packs.

use bomgate::{Bom, Context, Report, RuleSet, Severity};

use crate::util::date;

/// A list-based rule of severity `review` over the shipped entity `huawei`.
const REVIEW_RULE: &str = r#"
[instrument]
id = "us-test-review-list"
title = "Test list that restricts without forbidding"
jurisdiction = "US"
authority = "Test"
citation = "Test"
sources = ["https://example.org/list"]
checked = 2026-11-27

[[rule]]
id = "us-test-review-list"
title = "Appears on the test list: a person must decide"
binds = ["us-person"]
entities = ["huawei"]
group = false
severity = "review"

[[rule.obligation]]
action = "procure"
from = 2019-05-16

[[rule.listing]]
entity = "huawei"
from = 2019-05-16
"#;

/// Checks CSV text with `rules` on `day`.
fn check_csv(rules: &RuleSet, csv: &str, day: &str) -> Report {
    let bom = Bom::from_bytes("bom.csv", csv.as_bytes(), &Default::default()).unwrap();
    bomgate::check(rules, &bom, Context::new(date(day))).unwrap()
}

#[test]
fn a_review_rule_gives_review_findings() {
    let rules = RuleSet::builder()
        .shipped()
        .text("review.toml", REVIEW_RULE)
        .build()
        .unwrap();
    assert_eq!(
        rules.rule("us-test-review-list").unwrap().severity,
        Severity::Review
    );
    let r = check_csv(&rules, "Ref,Manufacturer,MPN\nU1,Huawei,X1\n", "2026-11-27");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "us-test-review-list")
        .expect("a finding under the review rule");
    assert_eq!(f.severity, Severity::Review);
    assert!(
        f.message.contains("needs review") && f.message.contains("procure restricted since"),
        "{}",
        f.message
    );
    // Not a rule severity before: still only the three.
    let bad = REVIEW_RULE.replace("severity = \"review\"", "severity = \"info\"");
    let e = RuleSet::builder()
        .shipped()
        .text("review.toml", bad)
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("review.toml:"), "{e}");
}

/// A pack folder with an entity that shares the alias `HiSilicon` with the shipped `huawei`,
/// and a rule of its own over it.
fn pack_sharing_a_shipped_name(name: &str, second_entity: &str) -> std::path::PathBuf {
    let dir = crate::util::temp_dir(name);
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"mine\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    let entities = format!(
        "[[entity]]\nid = \"hisi\"\nname = \"HiSilicon Technologies Co., Ltd.\"\naliases = [\"HiSilicon\"]\n{second_entity}"
    );
    std::fs::write(dir.join("entities.toml"), entities).unwrap();
    let rule = REVIEW_RULE
        .replace("us-test-review-list", "mine-list")
        .replace("\"huawei\"", "\"hisi\"");
    std::fs::write(dir.join("list.toml"), rule).unwrap();
    dir
}

#[test]
fn a_name_may_belong_to_entities_of_different_packs_and_a_match_reports_each() {
    let dir = pack_sharing_a_shipped_name("shared-name", "");
    let rules = RuleSet::builder()
        .shipped()
        .path(&dir)
        .unwrap()
        .build()
        .unwrap();
    let hisi = rules.entity("hisi").unwrap();
    let huawei = rules.entity("huawei").unwrap();
    assert_ne!(hisi.pack, huawei.pack, "each entity knows its pack");
    assert_eq!(rules.packs()[hisi.pack.unwrap()].id, "mine");
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,HiSilicon,Hi3516\n",
        "2026-11-27",
    );
    let entities: std::collections::BTreeSet<&str> =
        r.findings.iter().map(|f| f.entity.id.as_str()).collect();
    assert_eq!(entities, ["hisi", "huawei"].into(), "{:#?}", r.findings);
    // Within one pack a shared name stays an error.
    let dir = pack_sharing_a_shipped_name(
        "shared-in-pack",
        "\n[[entity]]\nid = \"hisi-two\"\nname = \"HiSilicon\"\n",
    );
    let e = RuleSet::builder()
        .shipped()
        .path(&dir)
        .unwrap()
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("name `HiSilicon` of entity `hisi-two` is also a name of entity `hisi`"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Importing the real samples (tests/fixtures/lists/README.md says where they come from)
// ---------------------------------------------------------------------------------------------

use bomgate::rules::import::{ImportOptions, ImportedPack, Input, ListFormat, import};

/// The bytes of a list sample.
fn sample(name: &str) -> Vec<u8> {
    std::fs::read(crate::util::fixture(&format!("lists/{name}"))).unwrap()
}

fn opts(day: &str) -> ImportOptions {
    ImportOptions {
        list_date: date(day),
        all_types: false,
    }
}

/// Imports `bytes` (named `name`) as `format` with list date `day`.
fn import_bytes(
    format: ListFormat,
    name: &str,
    bytes: &[u8],
    alt: Option<(&str, &[u8])>,
    day: &str,
) -> Result<ImportedPack, bomgate::Error> {
    import(
        format,
        Input { name, bytes },
        alt.map(|(name, bytes)| Input { name, bytes }),
        &opts(day),
    )
}

/// Writes a pack's files into a fresh folder, as the command does.
fn write_pack(pack: &ImportedPack, name: &str) -> std::path::PathBuf {
    let dir = crate::util::temp_dir(name).join(&pack.id);
    for (rel, text) in &pack.files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// The shipped rules and the pack.
fn with_shipped(dir: &std::path::Path) -> RuleSet {
    RuleSet::builder()
        .shipped()
        .path(dir)
        .unwrap()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// (rule, entity, severity) of every finding on the BOM line `reference`.
fn findings_of<'r>(r: &'r Report, reference: &str) -> Vec<(&'r str, &'r str, Severity)> {
    r.findings
        .iter()
        .filter(|f| f.component.reference == reference)
        .map(|f| (f.rule.as_str(), f.entity.id.as_str(), f.severity))
        .collect()
}

#[test]
fn the_csl_sample_becomes_a_pack_that_flags_its_entities() {
    let pack = import_bytes(
        ListFormat::Csl,
        "consolidated-2025-sample.csv",
        &sample("consolidated-2025-sample.csv"),
        None,
        "2025-06-25",
    )
    .unwrap();
    let s = &pack.summary;
    assert_eq!((s.rows, s.entities), (13, 9), "{s:#?}");
    assert_eq!(s.skipped.get("individual"), Some(&4), "{s:#?}");
    let lists: Vec<(&str, Severity)> = s
        .lists
        .iter()
        .map(|l| (l.rule.as_str(), l.severity))
        .collect();
    assert_eq!(
        lists,
        [
            ("csl-dpl", Severity::Review),
            ("csl-dtc", Severity::Review),
            ("csl-el", Severity::Review),
            ("csl-isn", Severity::Review),
            ("csl-meu", Severity::Review),
            ("csl-ssi", Severity::Review),
            ("csl-uvl", Severity::Review),
        ]
    );
    assert_eq!(
        (pack.id.as_str(), pack.version.as_str()),
        ("csl", "2025.6.25")
    );
    let pack_toml = &pack.files[0];
    assert_eq!(pack_toml.0, "pack.toml");
    assert!(
        pack_toml.1.contains("requires-bomgate = \">=0.1\""),
        "{}",
        pack_toml.1
    );

    let rules = with_shipped(&write_pack(&pack, "csl-sample"));
    let csv = "Ref,Manufacturer,MPN\n\
               U1,Hebei Semiconductor Research Institute,X1\n\
               U2,Rosneft Trade Ltd.,X2\n\
               U3,Hebei Semiconductor Research,X3\n\
               U4,Rosneft,X4\n\
               U5,\"RIM, Ryong Nam\",X5\n\
               U6,Academy of Aerospace Solid Propulsion Technology,X6\n";
    let r = check_csv(&rules, csv, "2026-11-27");
    let cetc = "csl-china-electronics-technology-group-corporation-13th-research";
    assert_eq!(findings_of(&r, "U1"), [("csl-el", cetc, Severity::Review)]);
    let f = r.findings.iter().find(|f| f.rule == "csl-el").unwrap();
    let listed = f.listed.as_ref().expect("a listing");
    assert_eq!(listed.from, date("2018-08-01"));
    assert_eq!(listed.source.as_deref(), Some("83 FR 37423; 87 FR 77505"));
    assert_eq!(
        f.title,
        "Appears on the Entity List (BIS): a person must decide"
    );
    // No start date in the row: listed from the list date.
    assert_eq!(
        findings_of(&r, "U2"),
        [("csl-ssi", "csl-rosneft-trade", Severity::Review)]
    );
    let f = r.findings.iter().find(|f| f.rule == "csl-ssi").unwrap();
    assert_eq!(f.listed.as_ref().unwrap().from, date("2025-06-25"));
    // Near misses and skipped individuals match nothing.
    for near in ["U3", "U4", "U5"] {
        assert!(
            findings_of(&r, near).is_empty(),
            "{near}: {:#?}",
            r.findings
        );
    }
    // BIS's abbreviation after a name is not needed to find it.
    assert_eq!(findings_of(&r, "U6").len(), 1, "{:#?}", r.findings);
}

#[test]
fn the_ofac_sample_imports_entities_only_and_blocks_them() {
    let pack = import_bytes(
        ListFormat::OfacSdn,
        "sdn.csv",
        &sample("sdn-2024-05-03-first1500.csv"),
        None,
        "2024-05-03",
    )
    .unwrap();
    let s = &pack.summary;
    assert_eq!((s.rows, s.entities), (1500, 564), "{s:#?}");
    assert_eq!(s.skipped.get("individual"), Some(&923), "{s:#?}");
    assert_eq!(s.skipped.get("vessel"), Some(&3), "{s:#?}");
    assert_eq!(s.lists.len(), 1);
    assert_eq!(
        (s.lists[0].rule.as_str(), s.lists[0].severity),
        ("ofac-sdn", Severity::Deny)
    );
    let rules = with_shipped(&write_pack(&pack, "ofac-first1500"));
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,Banco Nacional de Cuba,X\nU2,Banco Nacional,X\n",
        "2024-06-01",
    );
    let ids = findings_of(&r, "U1");
    assert_eq!(ids.len(), 1, "{:#?}", r.findings);
    assert_eq!((ids[0].0, ids[0].2), ("ofac-sdn", Severity::Deny));
    let f = &r.findings[0];
    assert_eq!(f.listed.as_ref().unwrap().from, date("2024-05-03"));
    assert!(findings_of(&r, "U2").is_empty());
    // Before the list date nothing is known to be listed, and a year before there is no finding.
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,Banco Nacional de Cuba,X\n",
        "2023-01-01",
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn ofac_aliases_come_from_alt_csv_and_individuals_stay_out() {
    let alt = sample("alt-sample.csv");
    let pack = import_bytes(
        ListFormat::OfacSdn,
        "sdn-sample.csv",
        &sample("sdn-sample.csv"),
        Some(("alt-sample.csv", &alt)),
        "2024-05-03",
    )
    .unwrap();
    let s = &pack.summary;
    assert_eq!(s.entities, 7, "{s:#?}");
    assert_eq!(
        (
            s.skipped.get("individual"),
            s.skipped.get("vessel"),
            s.skipped.get("aircraft")
        ),
        (Some(&4), Some(&4), Some(&2)),
        "{s:#?}"
    );
    assert_eq!(
        s.dropped.get("aliases in alt.csv of a row not imported"),
        Some(&4),
        "{s:#?}"
    );
    let rules = with_shipped(&write_pack(&pack, "ofac-alt"));
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,HESA Trade Center,X\nU2,\"KHOROSHEV, Dmitriy Yurevich\",X\nU3,HESA,X\n",
        "2024-06-01",
    );
    assert_eq!(
        findings_of(&r, "U1"),
        [(
            "ofac-sdn",
            "ofac-sdn-iran-aircraft-manufacturing-industrial",
            Severity::Deny
        )]
    );
    // An individual's alias, and a weak alias that only the remarks give, match nothing.
    assert!(findings_of(&r, "U2").is_empty(), "{:#?}", r.findings);
    assert!(findings_of(&r, "U3").is_empty(), "{:#?}", r.findings);
    // With --all-types, individuals come in.
    let all = import(
        ListFormat::OfacSdn,
        Input {
            name: "sdn-sample.csv",
            bytes: &sample("sdn-sample.csv"),
        },
        None,
        &ImportOptions {
            all_types: true,
            ..opts("2024-05-03")
        },
    )
    .unwrap();
    assert_eq!(all.summary.entities, 17, "{:#?}", all.summary);
}

#[test]
fn the_bis_layout_is_read_by_its_header() {
    let pack = import_bytes(
        ListFormat::Csl,
        "ita-fixture-entity-list.csv",
        &sample("ita-fixture-entity-list.csv"),
        None,
        "2025-06-25",
    )
    .unwrap();
    // One row per address and alias: five parties.
    assert_eq!(
        (pack.summary.rows, pack.summary.entities),
        (18, 5),
        "{:#?}",
        pack.summary
    );
    let rules = with_shipped(&write_pack(&pack, "bis-layout"));
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,Engineer Idris,X\n",
        "2025-07-01",
    );
    let f = r.findings.first().expect("an alias of Fazal Rahim Farid");
    assert_eq!((f.rule.as_str(), f.severity), ("csl-el", Severity::Review));
    assert_eq!(
        f.listed.as_ref().unwrap().from,
        date("2011-11-21"),
        "US dates read"
    );
}

#[test]
fn import_is_deterministic() {
    for (format, file) in [
        (ListFormat::Csl, "consolidated-2025-sample.csv"),
        (ListFormat::OfacSdn, "sdn-2024-05-03-first1500.csv"),
        (ListFormat::Csl, "ita-fixture-entity-list.csv"),
    ] {
        let bytes = sample(file);
        let a = import_bytes(format, file, &bytes, None, "2025-06-25").unwrap();
        let b = import_bytes(format, file, &bytes, None, "2025-06-25").unwrap();
        assert_eq!(a.files, b.files, "{file}");
        if file.starts_with("consolidated") {
            // ITA's TSV export is the same list.
            let csv = String::from_utf8(bytes.clone()).unwrap();
            let (header, rows) = csv.split_once('\n').unwrap();
            let tsv = format!(
                "{}\n{}",
                header.replace(',', "\t"),
                rows.replace("\",\"", "\"\t\"")
            );
            let t = import_bytes(format, file, tsv.as_bytes(), None, "2025-06-25").unwrap();
            assert_eq!(t.summary, a.summary, "{file} as TSV");
        }
        // The folder the file was read from does not show.
        let c = import_bytes(
            format,
            &format!("/somewhere/else/{file}"),
            &bytes,
            None,
            "2025-06-25",
        )
        .unwrap();
        assert_eq!(a.files, c.files, "{file}");
    }
}

#[test]
fn a_malformed_row_is_an_error_with_its_line() {
    let e = import_bytes(
        ListFormat::Csl,
        "csl.csv",
        &sample("consolidated-invalid-sample.csv"),
        None,
        "2025-06-25",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("csl.csv:2:1: a malformed row: 2 fields where the header has 28"),
        "{e}"
    );
    // A row of sdn.csv cut short, after a CRLF line.
    let sdn = [
        &b"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"[..],
        b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n",
        &sample("sdn-sample.csv"),
    ]
    .concat();
    let e = import_bytes(ListFormat::OfacSdn, "sdn.csv", &sdn, None, "2024-05-03")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("sdn.csv:2:1: a malformed row: 4 fields where sdn.csv has 12"),
        "{e}"
    );
    // A row without a name, an unknown type, an end before the start.
    let header = "source,name,type,start_date,end_date\n";
    for (row, want) in [
        (
            "Entity List (EL) - BIS,,,,\n",
            "csl.csv:3:1: a row without a name",
        ),
        (
            "Entity List (EL) - BIS,Acme,Robot,,\n",
            "csl.csv:3:1: unknown type `robot`",
        ),
        (
            "Entity List (EL) - BIS,Acme,,2020-01-01,2019-01-01\n",
            "csl.csv:3:1: the end date 2019-01-01 is not after the start date 2020-01-01",
        ),
        (
            "Entity List (EL) - BIS,\"Acme\n",
            "csl.csv:3:1: a malformed row: 2 fields",
        ),
        (
            "Entity List (EL) - BIS,Acme,,,\"2019\n",
            "csl.csv:3:1: unterminated quoted field",
        ),
    ] {
        let text = format!("{header}Entity List (EL) - BIS,Fine Co,,,\n{row}");
        let e = import_bytes(
            ListFormat::Csl,
            "csl.csv",
            text.as_bytes(),
            None,
            "2025-06-25",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with(want), "{e}");
    }
}

/// A small CSL file in the 2019 layout (no `_id`, columns in another order) with a shipped
/// company, a near miss of it, and names that need escaping; Windows-1252 bytes in it.
fn huawei_csl() -> Vec<u8> {
    let text = "name,alt_names,source,type,start_date,end_date,federal_register_notice\r\n\
        \"Huawei Technologies Co., Ltd. (Huawei)\",\"Huawei; Huawei Technologies\",\"Entity List (EL) - Bureau of Industry and Security\",,2019-05-16,,84 FR 22961\r\n\
        \"Gui'an New District Huawei Investment Co., Ltd.\",,\"Entity List (EL) - Bureau of Industry and Security\",,2020-08-20,,85 FR 51603\r\n\
        \"The \"\"Quoted\"\" \\ Backslash\nWorks Ltd\",\"Tab\tCo; Ctl\u{1}Co\",\"Entity List (EL) - Bureau of Industry and Security\",,2021-01-01,,\"86 FR 1\"\r\n\
        \"Caf\u{e9} SEMI\",,\"Specially Designated Nationals (SDN) - Treasury Department\",Entity,,,\r\n";
    // Windows-1252: é as the byte 0xE9, and a curly apostrophe (0x92).
    let mut bytes = Vec::new();
    for c in text.chars() {
        match c {
            'é' => bytes.push(0xE9),
            c => bytes.extend(c.to_string().as_bytes()),
        }
    }
    bytes.extend(b"\"O\x92Brien Optics\",,\"Entity List (EL) - Bureau of Industry and Security\",,2022-02-02,,\r\n");
    bytes
}

#[test]
fn a_shipped_company_on_an_imported_list_is_reported_under_both() {
    let pack = import_bytes(
        ListFormat::Csl,
        "csl.csv",
        &huawei_csl(),
        None,
        "2025-06-25",
    )
    .unwrap();
    let rules = with_shipped(&write_pack(&pack, "huawei-el"));
    let csv = "Ref,Manufacturer,MPN\n\
               U1,\"Huawei Technologies Co., Ltd.\",X\n\
               U2,Huawei Technologies,X\n\
               U3,\"Gui'an New District Huawei Investment Co., Ltd.\",X\n";
    let r = check_csv(&rules, csv, "2026-11-27");
    let el_huawei = "csl-huawei-technologies-co-ltd-huawei";
    for line in ["U1", "U2"] {
        let found = findings_of(&r, line);
        assert!(
            found.iter().any(|(_, e, _)| *e == "huawei"),
            "{line}: the shipped entity: {found:?}"
        );
        assert!(
            found.contains(&("csl-el", el_huawei, Severity::Review)),
            "{line}: the imported one: {found:?}"
        );
        // Exact keys only: `Huawei Technologies` is not the Gui'an company.
        assert!(
            !found.iter().any(|(_, e, _)| e.contains("guian")),
            "{line}: {found:?}"
        );
    }
    let gui = findings_of(&r, "U3");
    assert_eq!(gui.len(), 1, "{gui:?}");
    assert!(
        gui[0].1.starts_with("csl-guian-new-district-huawei"),
        "{gui:?}"
    );
}

#[test]
fn names_are_escaped_and_decoded_and_columns_found_by_header() {
    let pack = import_bytes(
        ListFormat::Csl,
        "csl.csv",
        &huawei_csl(),
        None,
        "2025-06-25",
    )
    .unwrap();
    assert!(
        pack.summary
            .notes
            .iter()
            .any(|n| n.contains("Windows-1252")),
        "{:?}",
        pack.summary.notes
    );
    let rules = with_shipped(&write_pack(&pack, "escapes"));
    let names: Vec<&str> = rules
        .entities()
        .iter()
        .filter(|e| e.id.starts_with("csl-"))
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        names.contains(&"The \"Quoted\" \\ Backslash Works Ltd"),
        "{names:?}"
    );
    assert!(names.contains(&"Café SEMI"), "{names:?}");
    assert!(names.contains(&"O’Brien Optics"), "{names:?}");
    let quoted = rules
        .entities()
        .iter()
        .find(|e| e.name.starts_with("The \"Quoted\""))
        .unwrap();
    assert_eq!(quoted.aliases, ["Tab Co", "Ctl\u{1}Co"]);
    let r = check_csv(
        &rules,
        "Ref,Manufacturer,MPN\nU1,Cafe Semi,X\n",
        "2026-11-27",
    );
    assert_eq!(findings_of(&r, "U1").len(), 1, "{:#?}", r.findings);
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs `bomgate rules import csl LIST --list-date 2025-06-25 --output OUT EXTRA…` in `dir`.
fn import_cmd(
    dir: &std::path::Path,
    list: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let mut a = vec![
        "rules",
        "import",
        "csl",
        list.to_str().unwrap(),
        "--list-date",
        "2025-06-25",
        "--output",
        out.to_str().unwrap(),
    ];
    a.extend_from_slice(extra);
    crate::util::bomgate(dir, &a)
}

#[test]
fn the_command_writes_a_pack_folder_in_one_step() {
    let tmp = crate::util::temp_dir("cli-import");
    let out = tmp.join("packs/csl");
    let list = crate::util::fixture("lists/consolidated-2025-sample.csv");
    let o = import_cmd(&tmp, &list, &out, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("imported 9 entities"), "{err}");
    assert!(err.contains("skipped 4 rows: 4 individual"), "{err}");
    assert!(err.contains("csl-el") && err.contains("review"), "{err}");
    let first = tree(&out);
    assert!(
        first.contains_key("pack.toml") && first.contains_key("lists/csl-el.toml"),
        "{first:?}"
    );
    // Again: the folder is not empty, and is left as it is.
    let o = import_cmd(&tmp, &list, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not empty"),
        "{o:?}"
    );
    // --force replaces the whole folder (a stale file would be loaded as a rule file), with the
    // same bytes as before.
    std::fs::write(out.join("stale.toml"), "# from an older import\n").unwrap();
    let o = import_cmd(&tmp, &list, &out, &["--force"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        tree(&out),
        first,
        "same list, same bytes; the stale file is gone"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.join("packs")).unwrap().collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary folder left: {leftovers:?}"
    );
    // A malformed list leaves the folder untouched.
    let bad = crate::util::fixture("lists/consolidated-invalid-sample.csv");
    let o = import_cmd(&tmp, &bad, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("consolidated-invalid-sample.csv:2:1:"),
        "{err}"
    );
    assert_eq!(tree(&out), first);
}

#[test]
fn the_command_needs_a_list_date_and_its_pack_loads() {
    let tmp = crate::util::temp_dir("cli-import-load");
    let out = tmp.join("csl");
    let list = crate::util::fixture("lists/consolidated-2025-sample.csv");
    let o = crate::util::bomgate(
        &tmp,
        &["rules", "import", "csl", list.to_str().unwrap(), "-o", "x"],
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(import_cmd(&tmp, &list, &out, &[]).status.success());
    let bom = tmp.join("bom.csv");
    std::fs::write(&bom, "Ref,Manufacturer,MPN\nU1,Atlas Sanatgaran,X\n").unwrap();
    let check = |fail_on: &str| {
        crate::util::bomgate(
            &tmp,
            &[
                "check",
                "--as-of",
                "2026-11-27",
                "--rules",
                out.to_str().unwrap(),
                "--fail-on",
                fail_on,
                bom.to_str().unwrap(),
            ],
        )
    };
    let o = check("deny");
    assert_eq!(o.status.code(), Some(0), "review only: {o:?}");
    let o = check("review");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("csl-uvl"),
        "{o:?}"
    );
}

#[test]
fn a_list_that_gives_no_entity_is_an_error_not_an_empty_pack() {
    let text = "source,name,type\nSpecially Designated Nationals (SDN) - Treasury Department,\"DOE, John\",Individual\n";
    let e = import_bytes(
        ListFormat::Csl,
        "people.csv",
        text.as_bytes(),
        None,
        "2025-06-25",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("people.csv: no entity to import: 1 rows read, all skipped: 1 individual"),
        "{e}"
    );
    let e = import_bytes(
        ListFormat::Csl,
        "legal.csv",
        b"source,name\nEL,???\n",
        None,
        "2025-06-25",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("legal.csv:2:1: the name `???` is empty once normalised"),
        "{e}"
    );
}

#[test]
fn imported_rule_files_validate_against_the_published_schema() {
    use crate::schemas::{errors, schema, toml_to_json};
    let v = schema("rules.schema.json");
    let alt = sample("alt-sample.csv");
    let packs = [
        import_bytes(
            ListFormat::Csl,
            "c.csv",
            &sample("consolidated-2025-sample.csv"),
            None,
            "2025-06-25",
        ),
        import_bytes(ListFormat::Csl, "h.csv", &huawei_csl(), None, "2025-06-25"),
        import_bytes(
            ListFormat::OfacSdn,
            "s.csv",
            &sample("sdn-sample.csv"),
            Some(("a.csv", &alt)),
            "2025-06-25",
        ),
    ];
    for pack in packs {
        for (path, text) in pack.unwrap().files.iter().filter(|(p, _)| p != "pack.toml") {
            let doc = toml_to_json(toml::from_str(text).unwrap());
            let errs = errors(&v, &doc);
            assert!(errs.is_empty(), "{path}: {errs:#?}");
        }
    }
}
