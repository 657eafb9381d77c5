//! One module per command; each takes its parsed arguments and the loaded pack.

pub mod adr;
pub mod ask;
pub mod batch;
pub mod check;
pub mod diff;
pub mod recommend;
pub mod rules;
pub mod schema;

use crate::diag::Diagnostic;
use crate::input;
use crate::pack::RulePack;
use crate::profile::{self, Profile};
use std::io::Write;

/// Prints one problem the way every command does: `error: file:line:col: message (hint)`.
pub fn print_problem(err: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
    writeln!(err, "error: {d}")
}

/// Reads the single profile in `path` (a file or `-`), for commands that compare or record one
/// profile. Problems are printed to `err`; `None` means the input was invalid (exit 2).
pub fn read_one(
    path: &str,
    pack: &RulePack,
    err: &mut dyn Write,
) -> anyhow::Result<Option<Profile>> {
    let source = if path == "-" {
        input::Source::Stdin
    } else {
        input::Source::File(path.into())
    };
    let text = match source.read() {
        Ok(t) => t,
        Err(d) => {
            print_problem(err, &d)?;
            return Ok(None);
        }
    };
    let mut parsed = profile::parse_stream(&text, &source.display(), &source.stem(), pack);
    if parsed.len() != 1 {
        let d = Diagnostic::new(
            &source.display(),
            None,
            format!(
                "holds {} profiles; this command takes exactly one",
                parsed.len()
            ),
        )
        .with_hint(Some(
            "split the stream into one file per profile".to_string(),
        ));
        print_problem(err, &d)?;
        return Ok(None);
    }
    match parsed.pop() {
        Some(Ok(p)) => Ok(Some(p)),
        Some(Err(diags)) => {
            for d in &diags {
                print_problem(err, d)?;
            }
            Ok(None)
        }
        None => Ok(None),
    }
}
