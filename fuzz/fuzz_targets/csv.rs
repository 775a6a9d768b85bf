#![no_main]
//! The Csv reader, then the check, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.csv", data, Some(bomgate::BomFormat::Csv));
});
