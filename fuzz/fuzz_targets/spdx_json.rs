#![no_main]
//! The SpdxJson reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.spdx.json", data, Some(bomgate::BomFormat::SpdxJson));
});
