//! The process: parse the command line, run the command, print its error once, exit.

use crate::cli::{self, Cli};
use crate::cmd::{Exit, Result};
use clap::Parser as _;
use std::io::Write;
use std::process::ExitCode;

/// `archfit`'s `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let result = cli::run(&cli, &mut out, &mut err).and_then(|exit| {
        out.flush()?;
        Ok(exit)
    });
    ExitCode::from(conclude(result, &mut err) as u8)
}

/// How a command's run ends for the process: the error, if any, printed once to `err`, and the
/// exit status. The one place a command's outcome becomes an exit code.
pub(crate) fn conclude(result: Result, err: &mut dyn Write) -> Exit {
    match result {
        Ok(exit) => exit,
        // `archfit recommend dir/ | head -1`: the reader went away; that is not an error.
        Err(e) if e.is_broken_pipe() => Exit::Success,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            Exit::Invalid
        }
    }
}
