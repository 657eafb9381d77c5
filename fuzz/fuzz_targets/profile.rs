//! cargo-fuzz target: profile parsing, evaluation and rendering (see `fuzz/harness.rs`).
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_profile(data);
});
