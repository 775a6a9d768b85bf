#![no_main]
//! Format detection and whichever reader it picks, on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bomgate_fuzz::read_and_check("bom", data, None);
});
