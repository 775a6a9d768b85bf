#![no_main]
//! The workbook reader (detected by signature: xlsx, xlsb, xls or ods), then the check, on any
//! bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom.xlsx", data, Some(bomgate::BomFormat::Xlsx));
});
