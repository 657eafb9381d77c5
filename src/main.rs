//! The archfit binary: everything is in the library (see `run`), where tests reach it.

use std::process::ExitCode;

fn main() -> ExitCode {
    archfit::run::main()
}
