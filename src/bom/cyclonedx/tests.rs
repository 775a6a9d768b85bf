//! The window's reader against the whole-document reader: the same components, notes and
//! errors for every document, read in memory or from chunks cut anywhere.

use super::*;
use crate::bom::{BomFormat, ReadOptions};

/// What a read gave: each component as debug text, then the facts or the error.
type Read = (Vec<String>, Result<(usize, Vec<String>), String>);

fn summary(r: Result<BomInfo, Error>) -> Result<(usize, Vec<String>), String> {
    r.map(|i| (i.components, i.notes))
        .map_err(|e| e.to_string())
}

/// The reference: the bytes decoded, then one serde_json parse of the whole text.
fn whole(bytes: &[u8]) -> Read {
    let mut out = Vec::new();
    let r = crate::bom::decode("t.cdx.json", bytes).and_then(|(text, note)| {
        let mut info = read_json_whole("t.cdx.json", &text, &mut |c| out.push(format!("{c:?}")))?;
        if let Some(n) = note {
            info.notes.insert(0, n);
        }
        Ok(info)
    });
    (out, summary(r))
}

/// As `bom::read_file_as` reads a file: in chunks of `chunk` bytes, and whole again (with the
/// components already sent skipped) when the window cannot vouch for the document.
fn chunked(bytes: &[u8], chunk: usize) -> Read {
    let mut out = Vec::new();
    let mut file = std::io::Cursor::new(bytes.to_vec());
    let mut digest = crate::bom::digest::Digest::new();
    let chunks = Chunks::new(&mut file, Vec::new(), &mut digest).with_chunk(chunk);
    let r = match read_json_chunks("t.cdx.json", chunks, &mut |c| out.push(format!("{c:?}"))) {
        Outcome::Done(r) => r,
        Outcome::Fallback { emitted } => {
            let opts = ReadOptions {
                format: Some(BomFormat::CycloneDxJson),
                ..ReadOptions::default()
            };
            let mut n = 0;
            crate::bom::read_bytes("t.cdx.json", bytes, &opts, &mut |c| {
                n += 1;
                if n > emitted {
                    out.push(format!("{c:?}"));
                }
            })
        }
    };
    (out, summary(r))
}

fn same_everywhere(doc: &[u8]) {
    let want = whole(doc);
    for chunk in [1, 2, 3, 7, 64, 1 << 20] {
        assert_eq!(
            chunked(doc, chunk),
            want,
            "chunks of {chunk}: {}",
            show(doc)
        );
    }
    if let Ok(text) = std::str::from_utf8(doc) {
        // In memory, the text comes decoded: without its byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut out = Vec::new();
        let r = read_json("t.cdx.json", text, &mut |c| out.push(format!("{c:?}")));
        if !text.contains('\0') {
            assert_eq!((out, summary(r)), want, "in memory: {text}");
        }
    }
}

fn show(doc: &[u8]) -> String {
    String::from_utf8_lossy(doc).into_owned()
}

const HEAD: &str = r#""bomFormat": "CycloneDX", "specVersion": "1.6""#;

fn doc(body: &str) -> String {
    format!("{{{HEAD}, {body}}}")
}

#[test]
fn fixtures_read_the_same() {
    for path in [
        "tests/fixtures/sbom/camera-hbom-1.6.cdx.json",
        "tests/fixtures/corpus/cyclonedx-hbom-pcie-sata/bom.json",
    ] {
        let bytes = std::fs::read(path).unwrap();
        same_everywhere(&bytes);
        // Compact and pretty-printed, so that components share lines or span many.
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        same_everywhere(serde_json::to_string(&v).unwrap().as_bytes());
        same_everywhere(serde_json::to_string_pretty(&v).unwrap().as_bytes());
    }
}

#[test]
fn shapes_the_fast_reader_leaves_to_serde_read_the_same() {
    let cases = [
        r#""components": [{"type": "device", "name": "A\"B", "manufacturer": {"name": "Hua\u0077ei"}}]"#,
        r#""components": [{"name": "x", "manufacturer": ["Huawei"]}]"#,
        r#""components": [{"name": "x", "properties": [["mpn", "HI3516"]]}]"#,
        r#""components": [{"name": "x", "description": [1, -0.5e+3, true, false, null, {"a": [[]]}]}]"#,
        r#""components": [{"name": "x", "note": "tab	inside"}]"#,
        r#""components": [{"name": "x", "n": 01}]"#,
        r#""components": [{"name": "x", "n": 1.}]"#,
        r#""components": [{"name": "x", "name": "y"}]"#,
        r#""components": [{"name": "x", "supplier": {"name": "a", "name": "b"}}]"#,
        r#""components": [{"name": 5}]"#,
        r#""components": [{"name": "x", "manufacturer": 5}]"#,
        r#""components": [{"name": "x", "manufacturer": "Micron"}, {"name": "y", "supplier": "Huawei", "manufacture": "ZTE"}]"#,
        r#""components": [{"name": "x", "authors": ["a"]}]"#,
        r#""components": [{"name": "x", "authors": [{"name": "Kaspersky"}], "author": null}]"#,
        r#""components": [{"type": "library", "name": "x", "purl": "pkg:maven/com.kaspersky/av@1", "cpe": "cpe:2.3:a:kaspersky:av:1:*:*:*:*:*:*:*"}]"#,
        r#""components": [{"name": "x", "components": [{"name": "y", "bom-ref": "r", "components": [{"name": "z", "manufacturer": {"name": "Huawei"}}]}]}]"#,
        r#""components": [], "components": [{"name": "again", "manufacturer": {"name": "ZTE"}}]"#,
        r#""services": [{"name": "s", "provider": {"name": "China Mobile"}, "services": [{"name": "t"}]}], "components": [{"name": "c", "manufacturer": {"name": "x"}}]"#,
        r#""dependencies": [{"ref": "a", "dependsOn": ["b"]}], "components": [{"name": "c", "manufacturer": {"name": "x"}}]"#,
        r#""components": [{"name": "c", "manufacturer": {"name": "x"}}], "metadata": {"component": {"name": "p", "manufacturer": {"name": "Hikvision"}, "components": [{"name": "q"}]}, "supplier": "Dahua"}"#,
        r#""components": [{"name": "c", "manufacturer": {"name": "x"}},]"#,
        r#""components": [{"name": "c", "manufacturer": {"name": "x"}}] garbage"#,
        r#""components": [{"name": "c", "manufacturer": {"name": "x"}}], "x": 12"#,
        r#""components": [{"name": "c", "manufacturer": {"name": "x"}}]"#,
        r#""components": []"#,
        r#""components": null"#,
    ];
    for c in cases {
        same_everywhere(doc(c).as_bytes());
        same_everywhere(doc(c).replace(", ", ",\n  ").as_bytes());
    }
    let deep = format!(
        r#""components": [{{"name": "c", "manufacturer": {{"name": "x"}}, "d": {}1{}}}]"#,
        "[".repeat(130),
        "]".repeat(130)
    );
    same_everywhere(doc(&deep).as_bytes());
    let nested = format!(
        r#""components": [{}{{"name": "z"}}{}]"#,
        r#"{"name": "n", "components": ["#.repeat(70),
        "]}".repeat(70)
    );
    same_everywhere(doc(&nested).as_bytes());
}

#[test]
fn headers_encodings_and_broken_text_read_the_same() {
    let body = r#""components": [{"name": "c", "manufacturer": {"name": "Würth"}}]"#;
    let good = doc(body);
    same_everywhere(format!("\u{feff}{good}").as_bytes());
    same_everywhere(good.replace("1.6", "1.1").as_bytes());
    same_everywhere(good.replace("\"CycloneDX\"", "\"SPDX\"").as_bytes());
    same_everywhere(format!("{{{body}}}").as_bytes());
    let mut latin1 = good.clone().into_bytes();
    let at = latin1.windows(2).position(|w| w == "ü".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xFC]);
    same_everywhere(&latin1);
    let mut nul = good.clone().into_bytes();
    nul.insert(nul.len() - 3, 0);
    same_everywhere(&nul);
    // Every byte dropped, or replaced by a byte that matters to JSON.
    let small = doc(
        r#""components": [{"name": "c", "v": -1.5e3, "manufacturer": {"name": "x"}, "components": [{"name": "d"}]}]"#,
    );
    let b = small.as_bytes();
    for i in 0..b.len() {
        let mut cut = b.to_vec();
        cut.remove(i);
        same_everywhere(&cut);
        for r in [b'"', b'{', b']', b',', b'\\', b'0', b'\n'] {
            let mut changed = b.to_vec();
            changed[i] = r;
            same_everywhere(&changed);
        }
    }
}

#[test]
fn a_plain_string_names_the_manufacturer_with_a_note() {
    let text = doc(
        r#""components": [{"type": "device", "name": "MT40A", "manufacturer": "Micron"},
        {"name": "x", "supplier": "Arrow", "manufacturer": {"name": "TI"}}]"#,
    );
    let mut makers = Vec::new();
    let info = read_json("t.cdx.json", &text, &mut |c| {
        makers.extend(
            c.sources()
                .map(|s| (s.manufacturer.to_string(), s.supplier.to_string())),
        );
    })
    .unwrap();
    assert_eq!(
        makers,
        [
            ("Micron".to_string(), String::new()),
            ("TI".to_string(), "Arrow".to_string())
        ]
    );
    assert!(
        info.notes.iter().any(|n| n.starts_with(
            "2 manufacturer or supplier values written as a plain string, not an organisation object (the first on line 1)"
        )),
        "{:?}",
        info.notes
    );
}
