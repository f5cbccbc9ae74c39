#![no_main]

#[path = "../../tests/fuzz_short/targets.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::markdown(data));
