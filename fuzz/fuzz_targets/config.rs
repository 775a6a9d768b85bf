#![no_main]
//! `bomgate.toml`: any text, parsed, and its inline waivers checked against the rules.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("project/bomgate.toml");
    if let Ok(cfg) = bomgate::config::Config::parse(path, text.to_string()) {
        let _ = cfg.waivers(bomgate_fuzz::rules());
    }
});
