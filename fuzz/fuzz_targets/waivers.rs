#![no_main]
//! Waiver files: any text, parsed and checked against the shipped rules.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = bomgate::Waiver::parse_file("waivers.toml", text, bomgate_fuzz::rules());
});
