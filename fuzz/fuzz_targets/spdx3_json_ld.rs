#![no_main]
//! The Spdx3JsonLd reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.spdx3.jsonld", data, Some(bomgate::BomFormat::Spdx3JsonLd));
});
