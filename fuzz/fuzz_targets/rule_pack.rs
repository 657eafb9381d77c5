//! cargo-fuzz target: rule-pack loading from a fuzzed file (see `fuzz/harness.rs`).
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_rule_pack(data);
});
