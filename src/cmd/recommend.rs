//! `archfit recommend PATH...`: evaluate profiles and print a recommendation for each.

use crate::cli::{Exit, Format, RecommendArgs};
use crate::engine;
use crate::pack::RulePack;
use crate::report::{self, Item, Style};
use std::io::Write;

/// Evaluates every profile, streaming each result as it is ready (memory stays flat however
/// many profiles there are). Invalid inputs are reported and the exit code is then 2.
pub fn run(
    pack: &RulePack,
    args: &RecommendArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let mut count = 0usize;
    let mut buf = Vec::new();
    if args.format == Format::Json {
        out.write_all(b"[")?;
    }
    let invalid = super::for_each_profile(&args.paths, pack, err, |profile| {
        let eval = engine::evaluate(pack, &profile);
        let item = Item {
            pack,
            profile: &profile,
            eval: &eval,
        };
        match args.format {
            Format::Text => {
                if count > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(report::text::render(&item, style).as_bytes())?;
            }
            Format::Json => {
                out.write_all(if count > 0 { b",\n" } else { b"\n" })?;
                buf.clear();
                report::json::render_into(&item, &mut buf);
                out.write_all(&buf)?;
            }
        }
        count += 1;
        Ok(())
    })?;
    if args.format == Format::Json {
        out.write_all(if count > 0 { b"\n]\n" } else { b"]\n" })?;
    }
    Ok(if invalid {
        Exit::Invalid
    } else {
        Exit::Success
    })
}
