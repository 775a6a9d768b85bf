//! The fast reader against the `toml` crate: whatever it reads, it reads as the `toml` crate
//! does, spans included; whatever the `toml` crate rejects, it gives up on.

use proptest::prelude::*;

use super::{plain_run_end, read};
use crate::rules::parse_file_toml;

/// Both readings, as debug text (which shows every span); the `toml` crate's `None` when it
/// reports a problem.
fn both(text: &str) -> (Option<String>, Option<String>) {
    let mut diags = Vec::new();
    let slow = parse_file_toml("f.toml", text, &mut diags).filter(|_| diags.is_empty());
    (
        read(text).map(|r| format!("{r:?}")),
        slow.map(|r| format!("{r:?}")),
    )
}

/// The fast reading is the `toml` crate's, or there is none.
fn agrees(text: &str) -> Result<(), String> {
    match both(text) {
        (None, _) => Ok(()),
        (Some(f), Some(s)) if f == s => Ok(()),
        (Some(f), s) => Err(format!("{text}\nfast: {f}\ntoml: {s:?}")),
    }
}

#[test]
fn every_shipped_file_is_read_fast_and_the_same() {
    for (name, text) in crate::rules::shipped::FILES {
        let (fast, slow) = both(text);
        assert!(fast.is_some(), "{name}: the fast reader gave up");
        assert_eq!(fast, slow, "{name}");
    }
}

#[test]
fn imported_packs_are_read_fast_and_the_same() {
    use crate::rules::import::{ImportOptions, Input, ListFormat, import};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lists/");
    let opts = ImportOptions {
        list_date: crate::Date::new(2025, 6, 1).unwrap(),
        all_types: false,
    };
    for (format, file) in [
        (ListFormat::Csl, "consolidated-2025-sample.csv"),
        (ListFormat::OfacSdn, "sdn-2024-05-03-first1500.csv"),
    ] {
        let bytes = std::fs::read(format!("{dir}{file}")).unwrap();
        let input = Input {
            name: file,
            bytes: &bytes,
        };
        let pack = import(format, input, None, &opts).unwrap();
        for (name, text) in pack.files.iter().filter(|(n, _)| n != "pack.toml") {
            let (fast, slow) = both(text);
            assert!(fast.is_some(), "{file} {name}: the fast reader gave up");
            assert_eq!(fast, slow, "{file} {name}");
        }
    }
}

/// Valid TOML the fast reader takes, and TOML (valid or not) it must leave to the `toml`
/// crate.
#[test]
fn edge_cases_read_the_same_or_not_at_all() {
    let ent = |body: &str| format!("[[entity]]\nid = \"a\"\nname = \"A\"\n{body}\n");
    let taken = [
        ent("aliases = [ \"x\" , 'y',\n  # comment\n  \"z\", ] # end"),
        ent("note = \"tab\\there \\u00e9\\U0001F600 \\\"q\\\" \\\\ \\b\\f\\r\\n\""),
        ent("note = \"\"\"\nline one \\\n   line two\n\n  \"quoted\" \"\" \\t\"\"\""),
        ent("note = \"\"\"no newline first\"\"\""),
        ent("note = ''"),
        ent("note = \"\""),
        ent("aliases = []"),
        ent("[[entity.member]]\nname = \"M\"\nrelation = \"brand\"\nfrom = 2020-02-29"),
        "\r\n[[entity]]\r\nid = \"a\"  \r\nname = \"A\"\t# c\r\n".to_string(),
        format!("# only a comment\n{}", ent("")),
    ];
    for t in &taken {
        let (fast, slow) = both(t);
        assert!(fast.is_some(), "gave up on\n{t}");
        assert_eq!(fast, slow, "{t}");
    }
    let left = [
        ent("aliases = [\"x\",,]"),
        ent("note = \"\"\"a\"\"\"\""),
        ent("note = '''x'''"),
        ent("\"note\" = \"x\""),
        ent("note.x = \"x\""),
        ent("note = \"a\\e\""),
        ent("note = \"a\\x41\""),
        ent("note = \"\\ud800\""),
        ent("note = \"a\u{1}\""),
        ent("note = \"a\u{85}\""),
        ent("# \u{7f}"),
        ent("note = \"\"\"a\r\nb\"\"\""),
        ent("[[entity.member]]\nname = \"M\"\nrelation = \"brand\"\nfrom = 2020-02-30"),
        ent("[[entity.member]]\nname = \"M\"\nrelation = \"brand\"\nfrom = 2020-01-01T00:00:00"),
        ent("[[entity.member]]\nname = \"M\"\nrelation = \"brand\"\nfrom = 2020-01-01 10:00:00"),
        ent("[ entity.member ]\nname = \"M\"\nrelation = \"brand\""),
        ent("id = \"b\""),
        ent("aliass = [\"x\"]"),
        ent("aliases = \"x\""),
        ent("aliases = [1]"),
        ent("note = \"x\" y"),
        ent("note = truex"),
        ent("[entity]\nid = \"b\""),
        "[[entity]]\nid = \"a\"\n".to_string(),
        "# nothing\n".to_string(),
        "\u{feff}[[entity]]\nid = \"a\"\nname = \"A\"\n".to_string(),
        "[[entity]]\nid = \"a\"\rname = \"A\"\n".to_string(),
        "[a.b]\nx = 1\n".to_string(),
        "entity = [{ id = \"a\", name = \"A\" }]\n".to_string(),
    ];
    for t in &left {
        let (fast, slow) = both(t);
        assert!(fast.is_none(), "took\n{t}\nas {fast:?}\ntoml: {slow:?}");
    }
}

/// Pieces of TOML syntax that a mutation inserts.
const PIECES: &[&str] = &[
    "\"",
    "'",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "#",
    "[",
    "]",
    "[[",
    "]]",
    "=",
    ",",
    ".",
    "\"\"\"",
    "'''",
    "\\n",
    "\\u00",
    "\\\n",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{feff}",
    "é",
    "1",
    "-",
    "T00:00:00",
    "true",
    "x",
    "{",
    "}",
    "[[entity]]\n",
    "[[rule.obligation]]\n",
    "id = \"z\"\n",
    "from = 2024-02-30\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// A rule file with a piece inserted or a stretch deleted somewhere reads the same both
    /// ways, or the fast reader leaves it to the `toml` crate.
    #[test]
    fn mutated_files_read_the_same_or_not_at_all(
        file in 0usize..crate::rules::shipped::FILES.len(),
        at in 0usize..100_000,
        piece in 0usize..PIECES.len(),
        delete in 0usize..4,
        len in 1usize..40,
    ) {
        let text = crate::rules::shipped::FILES[file].1;
        let mut at = at % text.len();
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = if delete == 0 {
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{}", &text[..at], &text[end..])
        } else {
            format!("{}{}{}", &text[..at], PIECES[piece], &text[at..])
        };
        prop_assert!(agrees(&mutated).is_ok(), "{}", agrees(&mutated).unwrap_err());
    }
}

proptest! {
    /// The word-at-a-time scan stops where a byte-by-byte scan stops.
    #[test]
    fn plain_runs_end_where_a_byte_scan_ends(
        bytes in proptest::collection::vec(
            prop_oneof![
                4 => 0x20u8..0x7f,
                1 => Just(b'"'),
                1 => Just(b'\\'),
                1 => Just(b'\''),
                1 => 0u8..0x20,
                1 => 0x7fu8..=0xff,
                1 => Just(0xc2u8),
            ],
            0..64,
        ),
        from in 0usize..64,
    ) {
        let from = from.min(bytes.len());
        let naive = (from..bytes.len())
            .find(|&i| bytes[i] < 0x20 || matches!(bytes[i], b'"' | b'\'' | b'\\' | 0x7f | 0xc2))
            .unwrap_or(bytes.len());
        prop_assert_eq!(plain_run_end(&bytes, from), naive);
    }
}
