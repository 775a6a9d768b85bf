#![no_main]
//! The SpdxTagValue reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.spdx", data, Some(bomgate::BomFormat::SpdxTagValue));
});
