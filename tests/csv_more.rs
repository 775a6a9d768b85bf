//! More of what CSV files hold: a later header row that lays its columns out differently, the
//! kind of thing each row is, and service provider columns (carriers in asset inventories).

use bomgate::bom::{Column, CsvOptions, Field, Kind};
use bomgate::{Bom, Context, ReadOptions, Report};

use crate::util::{bomgate, check_file, check_text, date, fixture, shipped, temp_dir};

fn check(name: &str, text: &str) -> Report {
    check_text(name, text, Context::new(date("2026-11-27")))
}

/// (designator, entity, finding line) of every finding, sorted and without repeats.
fn flagged(r: &Report) -> Vec<(String, String, Option<usize>)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.component.reference.clone(),
                f.entity.id.clone(),
                f.location.line,
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn triples(p: &[(&str, &str, usize)]) -> Vec<(String, String, Option<usize>)> {
    p.iter()
        .map(|(a, b, l)| (a.to_string(), b.to_string(), Some(*l)))
        .collect()
}

/// The notes of the (only) BOM read.
fn notes(r: &Report) -> &[String] {
    &r.inputs[0].notes
}

/// The notes about other header rows.
fn header_notes(r: &Report) -> Vec<&str> {
    notes(r)
        .iter()
        .filter(|n| n.starts_with("another header"))
        .map(String::as_str)
        .collect()
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The same file delimited by semicolons (the samples have no commas inside cells).
fn semicolons(text: &str) -> String {
    text.replace(',', ";")
}

/// The file as written, with CRLF line ends, and delimited by semicolons.
fn variants(text: &str) -> [(&'static str, String); 3] {
    [
        ("lf", text.to_string()),
        ("crlf", crlf(text)),
        ("semicolon", semicolons(text)),
    ]
}

/// Reads BOM text with the default options.
fn read(name: &str, text: &str) -> Bom {
    Bom::from_bytes(name, text.as_bytes(), &Default::default()).expect("BOM reads")
}

/// The kind of each component, in file order.
fn kinds(bom: &Bom) -> Vec<Kind> {
    bom.components.iter().map(|c| c.kind).collect()
}

/// The provider fields of a component.
fn providers(c: &bomgate::Component) -> Vec<&str> {
    c.fields()
        .filter(|(f, _)| *f == Field::Provider)
        .map(|(_, v)| v)
        .collect()
}

/// `bomgate check` with `args` on `text` written to `bom.csv`: exit code and standard output.
fn run_cli(test: &str, text: &str, args: &[&str]) -> (Option<i32>, String) {
    let dir = temp_dir(test);
    std::fs::write(dir.join("bom.csv"), text).unwrap();
    let mut all = vec!["check", "--no-config", "--as-of", "2026-11-27", "bom.csv"];
    all.extend_from_slice(args);
    let out = bomgate(&dir, &all);
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

// ---- A later header row with other columns ----

/// The reproduction: a second header row orders its columns differently.
const REORDERED: &str = "Ref,Manufacturer,MPN,Supplier,Description\nU3,TI,LM1117,Digikey,LDO\nRef,MPN,Manufacturer\nU1,HI3516,Huawei\n";

#[test]
fn a_later_header_is_read_under_its_own_columns() {
    for (label, text) in variants(REORDERED) {
        let r = check("d.csv", &text);
        assert_eq!(flagged(&r), triples(&[("U1", "huawei", 4)]), "{label}");
        let f = &r.findings[0];
        assert_eq!(
            (f.component.manufacturer.as_str(), f.component.mpn.as_str()),
            ("Huawei", "HI3516"),
            "{label}"
        );
        assert!(f.evidence.iter().all(|e| e.line == Some(4)), "{label}");
        // The header row is not a component.
        assert_eq!(r.summary.components, 2, "{label}");
        assert_eq!(
            header_notes(&r),
            [
                "another header on line 3: columns: designator `Ref`; manufacturer `Manufacturer`; part number `MPN`; supplier none"
            ],
            "{label}"
        );
    }
}

#[test]
fn the_reproduction_fails_on_the_command_line() {
    let (code, out) = run_cli("later-header", REORDERED, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("bom.csv:4  U1  Huawei HI3516"), "{out}");
    assert!(out.contains("another header on line 3"), "{out}");
}

#[test]
fn a_third_section_has_its_own_columns_too() {
    let text = "Ref,Manufacturer,MPN,Supplier\nU3,TI,LM1117,Digikey\nRef,MPN,Manufacturer\nU1,HI3516,Huawei\n\nManufacturer,Ref,MPN,Supplier\nZTE,U2,ZXR10,Arrow\nMicron,U4,MT41K256,Mouser\n";
    for (label, text) in variants(text) {
        let r = check("three.csv", &text);
        assert_eq!(
            flagged(&r),
            triples(&[("U1", "huawei", 4), ("U2", "zte", 7), ("U4", "micron", 8)]),
            "{label}"
        );
        assert_eq!(r.summary.components, 4, "{label}");
        let ns = header_notes(&r);
        assert_eq!(ns.len(), 2, "{label}: {ns:?}");
        assert!(ns[0].starts_with("another header on line 3:"), "{label}");
        assert!(ns[1].starts_with("another header on line 6:"), "{label}");
    }
}

#[test]
fn rows_outside_the_first_header_columns_are_not_dropped() {
    // Under the first header the new rows would have no designator, maker or part number at
    // all: they would be blank rows.
    let text = "Item,Qty,Notes,Ref,Manufacturer,MPN\n1,1,x,U3,TI,LM1117\nRef,Manufacturer,MPN\nU1,Huawei,HI3516\n";
    let r = check("wide.csv", text);
    assert_eq!(flagged(&r), triples(&[("U1", "huawei", 4)]));
    assert_eq!(r.summary.components, 2);
}

#[test]
fn line_numbers_stay_the_file_lines_after_a_multi_line_cell() {
    let text = "Ref,Manufacturer,MPN,Description\nU3,TI,LM1117,\"LDO\nregulator\"\n\nRef,MPN,Manufacturer\nU1,HI3516,Huawei\n";
    for (label, text) in [("lf", text.to_string()), ("crlf", crlf(text))] {
        let r = check("m.csv", &text);
        assert_eq!(flagged(&r), triples(&[("U1", "huawei", 6)]), "{label}");
        assert!(
            header_notes(&r)
                .iter()
                .all(|n| n.starts_with("another header on line 5:")),
            "{label}: {:?}",
            notes(&r)
        );
    }
}

#[test]
fn the_first_header_again_is_a_summary_section_read_under_it() {
    // Back to the first header after another: its columns again, and its repeats skipped.
    let text = "Ref,Manufacturer,MPN,Supplier\nU3,TI,LM1117,Digikey\nRef,MPN,Manufacturer\nU1,HI3516,Huawei\nRef,Manufacturer,MPN,Supplier\nU3,TI,LM1117,Digikey\nU4,Micron,MT41K256,Arrow\n";
    for (label, text) in variants(text) {
        let r = check("back.csv", &text);
        assert_eq!(
            flagged(&r),
            triples(&[("U1", "huawei", 4), ("U4", "micron", 7)]),
            "{label}"
        );
        assert_eq!(r.summary.duplicates_skipped, 1, "{label}");
        assert_eq!(header_notes(&r).len(), 1, "{label}: {:?}", notes(&r));
    }
}

#[test]
fn an_exact_repeat_of_the_header_is_no_new_layout() {
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\nU2,Micron,MT41K256\n\nCollated\nRef,Manufacturer,MPN\nU1,TI,LM1117\nU2,Micron,MT41K256\n";
    let r = check("repeat.csv", text);
    assert_eq!(flagged(&r), triples(&[("U2", "micron", 3)]));
    assert_eq!(r.summary.duplicates_skipped, 2);
    assert!(header_notes(&r).is_empty(), "{:?}", notes(&r));
}

#[test]
fn a_description_that_says_manufacturer_does_not_switch_the_columns() {
    let text = "Ref,Manufacturer,MPN,Supplier,Description\nU4,TI,LM1117,Digikey,Manufacturer\nU5,Mouser,Supplier,Digikey,Manufacturer\nU6,TI,TPS7A,Digikey,Manufacturer: TI; MPN: TPS7A\nU1,Huawei,HI3516,Arrow,SoC\n";
    for (label, text) in variants(text) {
        let r = check("desc.csv", &text);
        assert_eq!(flagged(&r), triples(&[("U1", "huawei", 5)]), "{label}");
        let f = &r.findings[0];
        assert_eq!(f.component.manufacturer, "Huawei", "{label}");
        assert_eq!(r.summary.components, 4, "{label}");
        assert!(header_notes(&r).is_empty(), "{label}: {:?}", notes(&r));
    }
}

// ---- Kinds ----

#[test]
fn a_description_that_names_a_module_or_equipment_gives_the_kind() {
    let text = "Ref,Manufacturer,MPN,Description\nU1,Quectel,EC25,LTE module\nU2,TI,LM1117,LDO regulator\n,TI,TPS7A,alternate\nCAM1,Hikvision,DS-2CD2043,IP camera\nGW1,Acme,R1,Edge router\n";
    let bom = read("k.csv", text);
    assert_eq!(
        kinds(&bom),
        [Kind::Module, Kind::Part, Kind::Equipment, Kind::Equipment]
    );
    // The report says it too.
    let r = bomgate::check(&shipped(), &bom, Context::new(date("2026-11-27"))).unwrap();
    let cam = r
        .findings
        .iter()
        .find(|f| f.component.reference == "CAM1")
        .expect("Hikvision is found");
    assert_eq!(cam.component.kind, Kind::Equipment);
}

#[test]
fn a_kind_column_names_the_kind() {
    for header in ["Type", "Kind", "Category"] {
        let text = format!(
            "Ref,Manufacturer,MPN,{header}\nU1,Quectel,EC25,Module\nS1,Microsoft,Windows,SOFTWARE\nX1,Huawei,AR161,Router\nU2,TI,LM1117,SMD\nL1,Acme,LINK,service\nR1,Yageo,RC0402,part\nE1,Acme,BOX,Equipment\n"
        );
        let bom = read("t.csv", &text);
        assert_eq!(
            kinds(&bom),
            [
                Kind::Module,
                Kind::Software,
                Kind::Equipment,
                Kind::Part,
                Kind::Service,
                Kind::Part,
                Kind::Equipment,
            ],
            "{header}"
        );
    }
}

#[test]
fn a_row_without_a_designator_or_a_maker_is_of_unknown_kind() {
    let bom = read(
        "u.csv",
        "Qty,Manufacturer,MPN,Description\n1,3M,10035,ESD Bag\n",
    );
    assert_eq!(kinds(&bom), [Kind::Unknown]);
    // A designator with a supplier only names no part.
    let bom = read("u.csv", "Ref,Supplier,Manufacturer\nU1,Digikey,\nU2,,TI\n");
    assert_eq!(kinds(&bom), [Kind::Unknown, Kind::Part]);
}

// ---- Service providers ----

/// An inventory of links whose only vendor column is the carrier.
const LINKS: &str = "Asset tag,Service,Carrier\nL1,MPLS link,China Telecom\nL2,Backup LTE,Huawei\n";

#[test]
fn a_provider_column_is_screened_as_a_maker_of_a_service() {
    let bom = read("links.csv", LINKS);
    assert_eq!(bom.components.len(), 2);
    assert_eq!(providers(&bom.components[0]), ["China Telecom"]);
    assert_eq!(providers(&bom.components[1]), ["Huawei"]);
    assert_eq!(kinds(&bom), [Kind::Service, Kind::Service]);
    let r = check("links.csv", LINKS);
    // China Telecom (Americas) is on the FCC Covered List as a carrier.
    assert_eq!(
        flagged(&r),
        triples(&[("L1", "china-telecom", 2), ("L2", "huawei", 3)])
    );
    for f in &r.findings {
        assert_eq!(f.component.kind, Kind::Service);
        assert!(!f.evidence.is_empty());
        for e in &f.evidence {
            assert_eq!(e.field, Field::Provider);
            assert_eq!(e.field.as_str(), "provider");
            let want = if f.entity.id == "huawei" {
                "Huawei"
            } else {
                "China Telecom"
            };
            assert_eq!(e.value, want);
        }
    }
    assert_eq!(r.summary.unscreenable, 0);
    assert!(
        notes(&r)
            .iter()
            .any(|n| n.ends_with("; provider `Carrier`")),
        "{:?}",
        notes(&r)
    );
}

#[test]
fn provider_columns_in_every_spelling() {
    for header in [
        "Provider",
        "Service provider",
        "SERVICE_PROVIDER",
        "Carrier",
        "Operator",
        "Anbieter",
        "运营商",
        "服务商",
    ] {
        let text = format!("Ref,{header}\nL1,Huawei\n");
        let bom = Bom::from_bytes("p.csv", text.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(providers(&bom.components[0]), ["Huawei"], "{header}");
    }
}

#[test]
fn a_kind_column_outranks_the_provider() {
    let bom = read(
        "kp.csv",
        "Ref,Category,Manufacturer,Provider\nGW1,equipment,Huawei,China Telecom\nGW2,Router,ZTE,China Unicom\nL1,,,China Mobile\n",
    );
    assert_eq!(
        kinds(&bom),
        [Kind::Equipment, Kind::Equipment, Kind::Service]
    );
}

#[test]
fn providers_beside_parts_are_screened_too() {
    let text = "Ref,Manufacturer,MPN,Operator\nU1,TI,LM1117,\nM1,Quectel,EC25,Huawei\n";
    let r = check("mixed.csv", text);
    // Quectel (the maker, on the 1260H list) and Huawei (the operator) are both flagged.
    assert_eq!(
        flagged(&r),
        triples(&[("M1", "huawei", 3), ("M1", "quectel", 3)])
    );
    assert!(
        r.findings
            .iter()
            .filter(|f| f.entity.id == "huawei")
            .flat_map(|f| &f.evidence)
            .all(|e| e.field == Field::Provider)
    );
    let bom = read("mixed.csv", text);
    assert_eq!(kinds(&bom), [Kind::Part, Kind::Service]);
}

#[test]
fn a_provider_column_can_be_mapped() {
    let text = "Anlage,Netz\nA1,Huawei\nA2,Telekom\n";
    assert_eq!(Column::parse("provider"), Some(Column::Provider));
    let opts = ReadOptions {
        csv: CsvOptions {
            columns: vec![(Column::Provider, "Netz".into())],
            delimiter: None,
        },
        ..Default::default()
    };
    let bom = Bom::from_bytes("map.csv", text.as_bytes(), &opts).unwrap();
    assert_eq!(providers(&bom.components[0]), ["Huawei"]);
    // Unmapped, nothing names a vendor: an error, not a pass.
    assert!(Bom::from_bytes("map.csv", text.as_bytes(), &Default::default()).is_err());

    let (code, out) = run_cli("provider-mapped", text, &["--column", "provider=Netz"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("provider \"Huawei\""), "{out}");
    let (code, out) = run_cli("provider-unmapped", text, &[]);
    assert_eq!(code, Some(2), "{out}");
}

#[test]
fn a_later_header_may_bring_a_provider_column() {
    let text = "Ref,Manufacturer,MPN\nU1,TI,LM1117\nAsset tag,Carrier\nL1,Huawei\n";
    for (label, text) in variants(text) {
        let r = check("later-provider.csv", &text);
        assert_eq!(flagged(&r), triples(&[("L1", "huawei", 4)]), "{label}");
        assert!(
            r.findings
                .iter()
                .flat_map(|f| &f.evidence)
                .all(|e| e.field == Field::Provider),
            "{label}"
        );
    }
}

/// The BOM in `tests/fixtures/inputs/`, read.
fn read_input(file: &str) -> Result<Bom, bomgate::Error> {
    Bom::from_path(fixture(&format!("inputs/{file}")), &ReadOptions::default())
}

#[test]
fn a_vendor_column_beside_an_item_column_is_a_header() {
    // `Part,Vendor`: the README lists `Vendor`, and a part column is enough beside it.
    let r = check_file(
        &fixture("inputs/part-vendor.csv"),
        Context::new(date("2026-11-27")),
    );
    let huawei: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.entity.id == "huawei")
        .map(|f| (f.location.line, f.component.name.as_str()))
        .collect();
    assert!(!huawei.is_empty(), "Huawei on line 2 is found");
    assert!(huawei.iter().all(|h| *h == (Some(2), "X1")), "{huawei:?}");
    assert!(r.findings.iter().all(|f| f.entity.id == "huawei"));

    let bom = read_input("name-vendor-version.csv").unwrap();
    let read: Vec<(&str, &str)> = bom
        .components
        .iter()
        .map(|c| (c.name(), c.sources().next().map_or("", |s| s.manufacturer)))
        .collect();
    assert_eq!(
        read,
        [
            ("Core router", "Huawei"),
            ("Switch", "Cisco"),
            ("Firewall", "Fortinet")
        ]
    );
}

#[test]
fn an_item_column_is_the_name_only_without_a_value_or_description() {
    let names = |text: &str| -> Vec<String> {
        let bom = Bom::from_bytes("items.csv", text.as_bytes(), &Default::default()).unwrap();
        bom.components
            .iter()
            .map(|c| c.name().to_string())
            .collect()
    };
    assert_eq!(names("Part,Value,Vendor\nX1,10k,Yageo\n"), ["10k"]);
    assert_eq!(names("Component,Vendor\nModem,Quectel\n"), ["Modem"]);
    // `Item` numbers the lines: it makes the header, and no name.
    assert_eq!(names("Item,Vendor\n1,Huawei\n"), [""]);
}

#[test]
fn an_item_column_beside_no_maker_column_makes_no_header() {
    // Tables that are no BOM: a software list, a price list, a shift log, a model list.
    for text in [
        "Name,Version,License\nopenssl,3.0.13,Apache-2.0\n",
        "Item,Price,Qty\nCable,3.50,10\n",
        "Vendor,Price\nHuawei,3\n",
        "Name,Operator,Shift\nLi,Huawei,night\n",
        "Name,Model,Accuracy\nresnet,50,0.76\n",
    ] {
        match Bom::from_bytes("table.csv", text.as_bytes(), &Default::default()) {
            Err(bomgate::Error::NoVendorColumn(e)) => {
                let first: Vec<&str> = text.lines().next().unwrap().split(',').collect();
                assert_eq!(e.header, first, "{text}");
            }
            other => panic!("{text}: expected no vendor column, got {other:?}"),
        }
    }
}

// ---- Maker columns a hostile review found unread (issue 11) ----

/// The (manufacturer, mpn, supplier) of each component's first source, in file order.
fn first_sources(bom: &Bom) -> Vec<(String, String, String)> {
    bom.components
        .iter()
        .map(|c| {
            let s = c.sources().next().expect("a source");
            (
                s.manufacturer.to_string(),
                s.mpn.to_string(),
                s.supplier.to_string(),
            )
        })
        .collect()
}

fn source(m: &str, p: &str, s: &str) -> (String, String, String) {
    (m.to_string(), p.to_string(), s.to_string())
}

#[test]
fn maker_columns_in_the_spellings_of_eda_tools_and_languages() {
    for header in [
        "MF",
        "Vendor Name",
        "生产厂家",
        "生产厂商",
        "制造商",
        "厂家",
        "厂商",
        "品牌",
        "Producer",
        "Производитель",
        "Hersteller",
        "Fabricant",
        "Fabricante",
        "Fabrikant",
        "Make",
        "Brand",
    ] {
        let text = format!("Ref,{header},MPN\nU1,Huawei,X1\n");
        let bom = Bom::from_bytes("m.csv", text.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(
            first_sources(&bom),
            [source("Huawei", "X1", "")],
            "{header}"
        );
    }
}

#[test]
fn a_company_column_is_the_maker_only_in_a_bom_that_names_none() {
    let bom = read("c.csv", "Ref,MPN,Company\nU1,X1,Huawei\n");
    assert_eq!(first_sources(&bom), [source("Huawei", "X1", "")]);
    // Beside a manufacturer column a company is someone else (the owner, the customer).
    let bom = read("c.csv", "Ref,Manufacturer,MPN,Company\nU1,TI,X1,Huawei\n");
    assert_eq!(first_sources(&bom), [source("TI", "X1", "")]);
    assert!(bom.components[0].fields().next().is_none());
    // It never makes a header: `Company,Model,Cost` is an error that offers it.
    match Bom::from_bytes(
        "c.csv",
        b"Company,Model,Cost\nHuawei,X,1\n",
        &Default::default(),
    ) {
        Err(bomgate::Error::NoVendorColumn(e)) => assert_eq!(
            e.candidates,
            [
                ("manufacturer".to_string(), "Company".to_string()),
                ("mpn".to_string(), "Model".to_string())
            ]
        ),
        other => panic!("expected no vendor column, got {other:?}"),
    }
}

#[test]
fn a_vendor_column_is_the_supplier_beside_a_maker_or_a_vendor_part_number() {
    for text in [
        "Ref,Manufacturer,MPN,Vendor\nU1,Micron,MT41K,Digi-Key\n",
        "Ref,MPN,Vendor,Vendor Part Number\nU1,MT41K,Digi-Key,557-1\n",
        "Ref,MPN,Vendor 1,Vendor PN 1\nU1,MT41K,Digi-Key,557-1\n",
    ] {
        let bom = read("v.csv", text);
        let maker = if text.contains("Micron") {
            "Micron"
        } else {
            ""
        };
        assert_eq!(
            first_sources(&bom),
            [source(maker, "MT41K", "Digi-Key")],
            "{text}"
        );
    }
    // Read as the supplier, a vendor that is no distributor is screened as a maker too where
    // the row names none.
    let bom = read(
        "v.csv",
        "Ref,Manufacturer,MPN,Vendor\nU1,,,Huawei\nU2,TI,LM1117,Huawei\nU3,,MT41K,Mouser\n",
    );
    let extra: Vec<Vec<(Field, &str)>> = bom
        .components
        .iter()
        .map(|c| c.fields().collect())
        .collect();
    assert_eq!(
        extra,
        [vec![(Field::Manufacturer, "Huawei")], vec![], vec![]]
    );
    // Alone, `Vendor` is the maker (`Part,Vendor`, `Name,Vendor,Version`) ...
    let bom = read("v.csv", "Ref,MPN,Vendor\nU1,HI3516,Huawei\n");
    assert_eq!(first_sources(&bom), [source("Huawei", "HI3516", "")]);
    // ... unless the cell names a distributor, who sold the part but did not make it.
    let bom = read(
        "v.csv",
        "Ref,MPN,Vendor,Supplier\nU1,MT41K,Digi-Key Electronics,\nU2,MT41K,Mouser,Arrow\nU3,MT41K,Newark Corp.,\n",
    );
    assert_eq!(
        first_sources(&bom),
        [
            source("", "MT41K", "Digi-Key Electronics"),
            source("", "MT41K", "Arrow"),
            source("", "MT41K", "Newark Corp."),
        ]
    );
    let extra: Vec<_> = bom.components[1].fields().collect();
    assert_eq!(extra, [(Field::Supplier, "Mouser")]);
    // A mapping still decides.
    let opts = ReadOptions {
        csv: CsvOptions {
            columns: vec![(Column::Manufacturer, "Vendor".into())],
            delimiter: None,
        },
        ..Default::default()
    };
    let text = "Ref,Manufacturer,MPN,Vendor\nU1,,X1,Huawei\n";
    let bom = Bom::from_bytes("v.csv", text.as_bytes(), &opts).unwrap();
    assert_eq!(first_sources(&bom), [source("Huawei", "X1", "")]);
}

#[test]
fn a_publisher_column_is_read_as_the_maker_of_software() {
    assert_eq!(Column::parse("publisher"), Some(Column::Publisher));
    let bom = read(
        "sw.csv",
        "Name,Publisher,Vendor,Version\nKES,AO Kaspersky Lab,CDW,11.0\nOffice,Microsoft,,2021\n",
    );
    let c = &bom.components[0];
    let fields: Vec<_> = c.fields().collect();
    assert_eq!(fields, [(Field::Publisher, "AO Kaspersky Lab")]);
    let s = c.sources().next().expect("the reseller's source");
    assert_eq!((s.manufacturer, s.supplier), ("", "CDW"));
    assert_eq!(
        bom.components[1].sources().count(),
        0,
        "no vendor: no source"
    );
    assert_eq!(kinds(&bom), [Kind::Software, Kind::Software]);
    // A publisher makes a header beside an item column, as a maker does.
    let bom = read("sw.csv", "Name,Publisher,Version\nKES,Kaspersky,11.0\n");
    assert_eq!(bom.components[0].name(), "KES");
    assert!(
        bom.info
            .notes
            .iter()
            .any(|n| n.contains("matched by their publisher only")),
        "{:?}",
        bom.info.notes
    );
}

#[test]
fn item_columns_are_screened_as_part_numbers_where_there_is_none() {
    let bom = read(
        "po.csv",
        "Part,Vendor,Qty\nMT41K256M16TW-107:P,Digi-Key,10\n",
    );
    assert_eq!(
        first_sources(&bom),
        [source("", "MT41K256M16TW-107:P", "Digi-Key")]
    );
    assert_eq!(bom.components[0].name(), "MT41K256M16TW-107:P");
    // Not beside a part-number column, not where a value is the name (EAGLE's `Part` is the
    // designator), not `Item` (a line number), not a software name.
    let bom = read("po.csv", "Part,MPN,Vendor\nX1,HI3516,Huawei\n");
    assert_eq!(first_sources(&bom), [source("Huawei", "HI3516", "")]);
    let bom = read("po.csv", "Part,Value,Device,MF\nU2,ME909s,ME909,Huawei\n");
    assert_eq!(first_sources(&bom), [source("Huawei", "", "")]);
    let bom = read("po.csv", "Item,Vendor\n1,Huawei\n");
    assert_eq!(first_sources(&bom), [source("Huawei", "", "")]);
    let bom = read("po.csv", "Name,Publisher,Vendor\nKES,Kaspersky,CDW\n");
    assert_eq!(first_sources(&bom), [source("", "", "CDW")]);
}

#[test]
fn a_parts_list_without_a_maker_column_warns() {
    let r = check(
        "mpn-only.csv",
        "Ref,MPN,Maker Name,Notes\nU1,ME909s-120,Huawei,\n",
    );
    assert_eq!(r.summary.findings, 0, "no maker read: nothing found");
    let w: Vec<&String> = r
        .warnings
        .iter()
        .filter(|w| w.contains("no manufacturer column"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].starts_with("mpn-only.csv: "), "{}", w[0]);
    assert!(
        w[0].contains("columns not read: `Maker Name`, `Notes`"),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains("`--column manufacturer=\"Maker Name\"`"),
        "{}",
        w[0]
    );
    // A maker or publisher column, or a list of providers only: no warning.
    for text in [
        "Ref,Manufacturer,MPN\nU1,TI,LM1117\n",
        "Name,Publisher,Vendor\nKES,Kaspersky,CDW\n",
        "Asset tag,Carrier\nL1,Telekom\n",
    ] {
        let r = check("ok.csv", text);
        assert!(r.warnings.is_empty(), "{text}: {:?}", r.warnings);
    }
    // The command shows it, and still exits 0: a BOM with part numbers only is a BOM.
    let (code, out) = run_cli("no-maker", "Ref,MPN\nU1,LM1117\n", &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("WARNING bom.csv: no manufacturer column"),
        "{out}"
    );
}

/// A large CSV is read on a second thread and checked on the calling one: every row arrives,
/// with its line, and a broken last row is still an error that names its line.
#[test]
fn a_large_csv_read_on_a_second_thread_loses_nothing() {
    let one = check("one.csv", "Designator,Manufacturer,MPN\nU0,Huawei,ME909\n");
    let rules: Vec<&str> = one.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(!rules.is_empty());
    // About 1.3 MB, past the size from which the reader has a thread of its own; one row in
    // ten names Huawei.
    let rows = 6_000;
    let filler = "x".repeat(200);
    let mut text = String::from("Designator,Manufacturer,MPN,Description\n");
    for i in 0..rows {
        let maker = if i % 10 == 3 { "Huawei" } else { "Yageo" };
        text.push_str(&format!("U{i},{maker},ME909,{filler}\n"));
    }
    assert!(text.len() > 1 << 20);
    let big = check("big.csv", &text);
    assert_eq!(big.summary.components, rows);
    let mut got: Vec<(String, Option<usize>, &str)> = big
        .findings
        .iter()
        .map(|f| {
            (
                f.component.reference.clone(),
                f.location.line,
                f.rule.as_str(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, Option<usize>, &str)> = (0..rows)
        .filter(|i| i % 10 == 3)
        .flat_map(|i| {
            rules
                .iter()
                .map(move |r| (format!("U{i}"), Some(2 + i), *r))
        })
        .collect();
    want.sort();
    assert_eq!(got, want);

    let dir = temp_dir("large-csv");
    let path = dir.join("broken.csv");
    std::fs::write(&path, format!("{text}U{rows},\"Huawei,ME909\n")).unwrap();
    let out = bomgate(&dir, &["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("broken.csv:{}", 2 + rows)), "{err}");
}

/// The report of `bytes` read whole, and that of the same bytes as a file (read through a
/// window from 4 MiB on), as JSON; or both errors.
fn whole_and_windowed(dir: &std::path::Path, file: &str, bytes: &[u8]) -> (String, String) {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    let name = path.display().to_string();
    let rules = shipped();
    let run = |windowed: bool| {
        let mut c = bomgate::Checker::new(&rules, Context::new(date("2026-11-27"))).unwrap();
        let read = if windowed {
            c.check_path(&path, &Default::default())
        } else {
            c.check_bytes(&name, bytes, &Default::default())
        };
        match read {
            Ok(_) => c.finish().to_json(),
            Err(e) => format!("error: {e}"),
        }
    };
    (run(false), run(true))
}

/// Rows of about 700 bytes: parts named in plain and quoted cells, quotes doubled, line
/// breaks and characters of two to four bytes inside quotes, so that pieces cut records and
/// characters everywhere; a banned maker every 500 rows.
fn long_rows(rows: usize, delim: char, eol: &str) -> String {
    let filler = "ü中🙂x".repeat(60);
    let mut text = format!("Designator{delim}Manufacturer{delim}MPN{delim}Description{eol}");
    for i in 0..rows {
        let (maker, desc) = match i % 7 {
            0 if i % 500 == 0 => ("Huawei", format!("\"LTE{eol}module, \"\"{filler}\"\"\"")),
            0 => ("Yageo", format!("\"LTE{eol}module, \"\"{filler}\"\"\"")),
            3 if i % 500 == 3 => (
                "\"Micron Technology\"",
                format!("\"{filler}{eol}{filler}\""),
            ),
            3 => ("\"Würth\"", format!("\"{filler}{eol}{filler}\"")),
            _ => ("Yageo", filler.clone()),
        };
        text.push_str(&format!(
            "U{i}{delim}{maker}{delim}ME909-{i}{delim}{desc}{eol}"
        ));
    }
    text
}

/// A CSV file from 4 MiB on is read a piece at a time (memory does not grow with it): the
/// report is byte for byte the one of the file read whole, whatever cuts the pieces make,
/// and for the files the window cannot vouch for (a repeated header, an encoding decided by
/// the whole file, an unclosed quote at the end) too.
#[test]
fn a_large_csv_read_through_a_window_reports_what_it_reads_whole() {
    let dir = temp_dir("windowed-csv");
    let rows = 7_000; // about 5 MB
    let lf = long_rows(rows, ',', "\n");
    assert!(lf.len() > 4 << 20);
    let crlf = format!("\u{feff}{}", long_rows(rows, ';', "\r\n"));
    let summary = format!(
        "{lf}\nDesignator,Manufacturer,MPN,Description\nU0,Huawei,ME909-0,x\nU9,Huawei,ME909-9,x\n"
    );
    let mut latin = lf.clone().into_bytes();
    latin.extend_from_slice(b"R1,W\xfcrth Elektronik,7443,x\n");
    let unclosed = format!("{lf}U{rows},\"Huawei,ME909\n");
    let cases: [(&str, &[u8]); 5] = [
        ("lf.csv", lf.as_bytes()),
        ("crlf-bom-semicolon.csv", crlf.as_bytes()),
        ("summary-section.csv", summary.as_bytes()),
        ("windows-1252.csv", &latin),
        ("unclosed.csv", unclosed.as_bytes()),
    ];
    for (file, bytes) in cases {
        let (whole, windowed) = whole_and_windowed(&dir, file, bytes);
        assert!(whole == windowed, "{file}: the windowed read differs");
        match file {
            "unclosed.csv" => assert!(
                whole.starts_with("error: ") && whole.contains("unterminated"),
                "{whole}"
            ),
            _ => assert!(
                whole.contains("\"huawei\""),
                "{file}: {}",
                &whole[..whole.len().min(300)]
            ),
        }
    }
}
