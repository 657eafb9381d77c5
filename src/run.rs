//! The process: parse the command line, run the command, print its error once, exit.

use crate::cli::{self, Cli};
use crate::cmd;
use clap::Parser as _;
use std::io::{self, Write};
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
    let stdout = io::stdout();
    let mut out = Closable::new(stdout.lock());
    let stderr = io::stderr();
    let mut err = Closable::new(stderr.lock());
    let result = cli::run(&cli, &mut out, &mut err).and_then(|exit| {
        out.flush()?;
        Ok(exit)
    });
    ExitCode::from(cmd::conclude(result, &mut err) as u8)
}

/// Standard output or error, where a reader that goes away (`archfit check dir/ | head -1`)
/// ends the output, not the run: once a write finds the pipe closed, this and every later
/// write are dropped, and the command goes on to its end. So the exit status is the verdict on
/// every input, exactly as if the output had been read to the end (docs/ci.md, "Exit codes
/// under a closed pipe"): a CI script that pipes archfit into `head` or `grep -q` still fails
/// when a profile does not fit. Any other write error (a full disk) is still an error.
struct Closable<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Closable<W> {
    fn new(inner: W) -> Self {
        Closable {
            inner,
            closed: false,
        }
    }

    /// `result` of a write, with a closed pipe turned into success from now on.
    fn absorb<T>(&mut self, result: io::Result<T>, written: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(written)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Closable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.absorb(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.absorb(result, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    /// A writer on a full disk.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_output_not_the_run() {
        let mut out = Closable::new(Closed);
        assert!(out.write_all(b"first").is_ok());
        assert!(out.closed);
        assert!(out.write_all(b"second").is_ok());
        assert!(out.flush().is_ok());
        // A full disk is still an error.
        assert!(Closable::new(Full).write_all(b"x").is_err());
    }
}
