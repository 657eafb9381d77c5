//! One module per command; each takes its parsed arguments and the loaded pack.

pub mod batch;
pub mod recommend;

use crate::diag::Diagnostic;
use crate::pack::RulePack;
use crate::profile::Profile;
use std::io::Write;

/// Prints one problem the way every command does: `error: file:line:col: message (hint)`.
pub fn print_problem(err: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
    writeln!(err, "error: {d}")
}

/// Reads every profile under `paths` (files, directories, `-`) in order and hands each valid
/// one to `each`, in input order. Invalid files and profiles are reported to `err` and
/// skipped, so one bad file never hides the results of the others. Returns whether any input
/// was invalid. Files are read and parsed on every core ([`batch::map_profiles`]); a command
/// with per-profile work of its own can do that work there too.
pub fn for_each_profile(
    paths: &[String],
    pack: &RulePack,
    err: &mut dyn Write,
    each: impl FnMut(Profile) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    batch::map_profiles(paths, pack, err, |p| p, each)
}
