//! CSV as tools and people export it: encodings, delimiters, languages, layouts.

use bomgate::bom::{Column, CsvOptions};
use bomgate::{Bom, Context, ReadOptions};

use crate::util::{check_file, date, root, shipped};

fn cn(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<(String, Option<usize>)> {
    let bom = Bom::from_bytes(name, bytes, opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let r = bomgate::check(
        &shipped(),
        &bom,
        Context::new(date("2026-11-27")).jurisdiction("CN"),
    )
    .unwrap();
    r.findings
        .iter()
        .map(|f| (f.component.reference.clone(), f.location.line))
        .collect()
}

#[test]
fn excel_unicode_text_utf16_tabs_crlf() {
    let text = "Designator\tQuantity\tManufacturer\tManufacturer Part Number\r\nC1\t1\tYageo\tCC0402KRX7R9BB104\r\nU1\t1\tMicron\tMT40A512M16LY-075:E\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    assert_eq!(
        cn("bom.txt", &bytes, &Default::default()),
        [("U1".to_string(), Some(3))]
    );
}

#[test]
fn german_semicolons_with_a_byte_order_mark() {
    let text = "\u{feff}Bauteil;Menge;Hersteller;Herstellerteilenummer;Beschreibung\nR1;1;Yageo;RC0402FR-0710KL;\"Widerstand 10k; 1%\"\nU7;1;Micron Technology Inc.;MT29F4G08ABADAWP;NAND\n";
    assert_eq!(
        cn("stückliste.csv", text.as_bytes(), &Default::default()),
        [("U7".to_string(), Some(3))]
    );
}

#[test]
fn chinese_headers_and_names() {
    let text = "位号,数量,制造商,型号\nU1,1,美光科技有限公司,MT41K256M16TW-107:P\nU2,1,兆易创新,GD25Q128ESIG\n";
    assert_eq!(
        cn("物料清单.csv", text.as_bytes(), &Default::default()),
        [("U1".to_string(), Some(2))]
    );
}

#[test]
fn windows_1252_is_decoded_and_noted() {
    let bytes = b"Ref,Manufacturer,MPN\nL1,W\xfcrth Elektronik,744771110\nU1,Crucial,CT500P3SSD8\n";
    let bom = Bom::from_bytes("bom.csv", bytes, &Default::default()).unwrap();
    assert!(
        bom.info.notes.iter().any(|n| n.contains("Windows-1252")),
        "{:?}",
        bom.info.notes
    );
    let sources: Vec<String> = bom.components[0]
        .sources()
        .map(|s| s.manufacturer.to_string())
        .collect();
    assert_eq!(sources, ["Würth Elektronik"]);
    assert_eq!(
        cn("bom.csv", bytes, &Default::default()),
        [("U1".to_string(), Some(3))]
    );
}

#[test]
fn asset_inventory_layout() {
    let text = "Asset tag,Location,Vendor,Model,Serial\nA-0001,Rack 3,Cisco,C9300-24T,FOC1\nA-0002,Rack 3,Hangzhou Hikvision Digital Technology Co., Ltd.,DS-2CD2143G2-I,X1\n";
    // An unquoted comma in the vendor name shifts the columns: the row still names Hikvision.
    let bom = Bom::from_bytes("assets.csv", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(bom.components.len(), 2);
    let r = bomgate::check(
        &shipped(),
        &bom,
        Context::new(date("2026-11-27")).jurisdiction("US"),
    )
    .unwrap();
    assert!(
        r.findings
            .iter()
            .any(|f| f.component.reference == "A-0002" && f.entity.id == "hikvision")
    );
}

#[test]
fn explicit_column_mapping() {
    let text = "Teil,Lieferant des Bauteils,Typ\nU1,Micron,MT41K256M16TW-107:P\n";
    // Nothing here is recognised on its own: an error, not a pass.
    assert!(Bom::from_bytes("x.csv", text.as_bytes(), &Default::default()).is_err());
    let opts = ReadOptions {
        csv: CsvOptions {
            columns: vec![
                (Column::Designator, "Teil".into()),
                (Column::Manufacturer, "Lieferant des Bauteils".into()),
                (Column::Mpn, "typ".into()),
            ],
            delimiter: None,
        },
        ..Default::default()
    };
    assert_eq!(
        cn("x.csv", text.as_bytes(), &opts),
        [("U1".to_string(), Some(2))]
    );
    let bad = ReadOptions {
        csv: CsvOptions {
            columns: vec![(Column::Manufacturer, "Nope".into())],
            delimiter: None,
        },
        ..Default::default()
    };
    let e = Bom::from_bytes("x.csv", text.as_bytes(), &bad)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no column named `Nope`") && e.contains("`Teil`"),
        "{e}"
    );
}

#[test]
fn altium_alternate_column_group() {
    let r = check_file(
        &root().join("examples/boms/altium-camera.csv"),
        Context::new(date("2026-11-27")).jurisdiction("CN"),
    );
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.component.reference, "U2");
    assert_eq!(f.component.manufacturer, "Samsung");
    assert_eq!(f.evidence[0].source, "alternate");
    assert!(
        f.notes.iter().any(|n| n.contains("approved alternate")),
        "{:?}",
        f.notes
    );
}

#[test]
fn no_manufacturer_column_matches_by_family_and_says_so() {
    // Olimex-style: semicolons, no manufacturer column; the Micron eMMC is found by its
    // part number, the Aerosemi MT3608 boost converter is not.
    let text = "Ref;Value;Part number;Qty\nU5;eMMC;MTFC4GACAANA-4M_IT;1\nU13;Boost;MT3608;1\nU3;DDR3;K4B4G1646Q;2\n";
    let bom = Bom::from_bytes("olimex.csv", text.as_bytes(), &Default::default()).unwrap();
    assert!(
        bom.info
            .notes
            .iter()
            .any(|n| n.contains("no manufacturer column"))
    );
    assert_eq!(
        cn("olimex.csv", text.as_bytes(), &Default::default()),
        [("U5".to_string(), Some(2))]
    );
}
