//! Embeds the default rule pack (`rules/`) into the binary, compiled, so the binary alone works
//! anywhere and starts without parsing YAML. A pack that does not load fails the build with the
//! loader's own diagnostics.
//!
//! Every `*.yaml` file below `rules/` is embedded; adding a rule file or a test case is a data
//! change that needs no edit to Rust code.

use std::path::PathBuf;
use std::process::ExitCode;

// Cargo shows a failed build script's standard error.
#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=rules");
    match archfit_pack::embed::embed(&root.join("rules"), &out) {
        Ok(read) => {
            for file in read {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!("error: the rule pack in rules/ is invalid; fix it to build archfit");
            ExitCode::FAILURE
        }
    }
}
