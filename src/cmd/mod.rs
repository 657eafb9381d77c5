//! One module per command; each takes its parsed arguments and the loaded pack.

pub mod ask;
pub mod recommend;

use crate::diag::Diagnostic;
use crate::input;
use crate::pack::RulePack;
use crate::profile::{self, Profile};
use std::io::Write;

/// Prints one problem the way every command does: `error: file:line:col: message (hint)`.
pub fn print_problem(err: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
    writeln!(err, "error: {d}")
}

/// Reads every profile under `paths` (files, directories, `-`) in order and hands each valid
/// one to `each`, as soon as it is read. Invalid files and profiles are reported to `err` and
/// skipped, so one bad file never hides the results of the others. Returns whether any input
/// was invalid.
pub fn for_each_profile(
    paths: &[String],
    pack: &RulePack,
    err: &mut dyn Write,
    mut each: impl FnMut(Profile) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    let mut invalid = false;
    for source in input::expand(paths) {
        let text = match source.and_then(|s| s.read().map(|t| (s, t))) {
            Ok(st) => st,
            Err(d) => {
                invalid = true;
                print_problem(err, &d)?;
                continue;
            }
        };
        let (source, text) = text;
        for parsed in profile::parse_stream(&text, &source.display(), &source.stem(), pack) {
            match parsed {
                Ok(p) => each(p)?,
                Err(diags) => {
                    invalid = true;
                    for d in &diags {
                        print_problem(err, d)?;
                    }
                }
            }
        }
    }
    Ok(invalid)
}
