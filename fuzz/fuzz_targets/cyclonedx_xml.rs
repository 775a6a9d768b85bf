#![no_main]
//! The CycloneDxXml reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.cdx.xml", data, Some(bomgate::BomFormat::CycloneDxXml));
});
