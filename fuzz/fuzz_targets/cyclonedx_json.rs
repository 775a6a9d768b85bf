#![no_main]
//! The CycloneDxJson reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.cdx.json", data, Some(bomgate::BomFormat::CycloneDxJson));
});
