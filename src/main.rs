//! The archfit binary: run, print the error chain once, exit 0/1/2.

use std::process::ExitCode;

fn main() -> ExitCode {
    archfit::cli::main()
}
