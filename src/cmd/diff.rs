//! `archfit diff OLD NEW`: how a change of profile moves the recommendation, and why.

use crate::cli::{DataFormat, DiffArgs, Exit};
use crate::engine::{self, diff};
use crate::pack::RulePack;
use crate::report::diff::{self as render, DiffItem};
use std::io::Write;

/// Both profiles are read (and every problem in either reported) before anything is compared.
/// A difference is not a failure: the exit code is 0 unless an input is invalid.
pub fn run(
    pack: &RulePack,
    args: &DiffArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    if args.old == "-" && args.new == "-" {
        writeln!(
            err,
            "error: OLD and NEW cannot both be `-`: standard input can be read only once"
        )?;
        return Ok(Exit::Invalid);
    }
    let old = super::read_one(&args.old, pack, err)?;
    let new = super::read_one(&args.new, pack, err)?;
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(Exit::Invalid);
    };
    let (oe, ne) = (engine::evaluate(pack, &old), engine::evaluate(pack, &new));
    let d = diff::compare((&old, &oe), (&new, &ne));
    let item = DiffItem {
        pack,
        old: &old,
        new: &new,
        diff: &d,
    };
    let text = match args.format {
        DataFormat::Text => render::text(&item),
        DataFormat::Json => render::json(&item),
    };
    out.write_all(text.as_bytes())?;
    Ok(Exit::Success)
}
