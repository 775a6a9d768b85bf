#![no_main]
//! Rule files: any text, loaded next to a small roles file and validated.

use libfuzzer_sys::fuzz_target;

const ROLES: &str = "[[role]]\nid = \"buyer\"\njurisdiction = \"US\"\nname = \"Buyer\"\ndescription = \"x\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let built = bomgate::RuleSet::builder()
        .text("roles.toml", ROLES)
        .text("fuzz.toml", text)
        .build();
    if let Err(e) = built {
        let _ = e.to_string();
    }
});
