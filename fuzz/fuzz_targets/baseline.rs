#![no_main]
//! Baseline files: any text, parsed, and written back when it parses.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(b) = bomgate::Baseline::parse("baseline.json", text) {
        let again = bomgate::Baseline::parse("baseline.json", &b.to_json()).expect("round trip");
        assert_eq!(b, again, "a baseline reads back as written");
    }
});
