//! `archfit check PATH...`: the CI gate. Validates every profile, compares each `current:` with
//! the recommendation, and renders the findings in the format the CI system reads.

use super::print_problem;
use crate::check::{self, Counts, Entry};
use crate::cli::{CheckArgs, CheckFormat, Exit};
use crate::engine;
use crate::pack::RulePack;
use crate::report::{self, Item};
use std::io::Write;

/// Checks every input. Invalid ones are reported on `err` (as every command does) and also in
/// the chosen format, so a CI annotation or test report names them too; valid ones are still
/// checked. Exit: 2 if any input was invalid, else 1 if any finding is an error, else 0.
pub fn run(
    pack: &RulePack,
    args: &CheckArgs,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    // Standard output is line-buffered: without this, every line would be a write call.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let json = args.format == CheckFormat::Json;
    let mut entries = Vec::new();
    let mut objects = 0usize;
    if json {
        out.write_all(b"[")?;
    }
    // Evaluating, assessing and rendering JSON run on every core; findings arrive in order.
    // Each rule's JSON is rendered once, then copied into every object that shows it.
    let cache = report::json::Cache::new(pack);
    let assess = |profile: crate::profile::Profile| {
        let eval = engine::evaluate(pack, &profile);
        let item = Item {
            pack,
            profile: &profile,
            eval: &eval,
        };
        let checked = check::assess(pack, &profile, &eval, args.strict);
        let object = json.then(|| {
            // Room for nearly every report (10 to 24 kB) at once: growing the buffer copies what
            // is written so far, which cost a tenth of the CPU over 10,000 profiles. Only the
            // pages written to are ever touched.
            let mut buf = Vec::with_capacity(32 * 1024);
            report::check::json::render_into(&item, &cache, &checked, &mut buf);
            buf
        });
        (checked, object)
    };
    super::batch::map_inputs(&args.paths, pack, assess, |input| {
        match input {
            Ok((checked, object)) => {
                if let Some(object) = object {
                    // Streamed like `recommend`, so the full reports are never all in memory.
                    out.write_all(if objects > 0 { b",\n" } else { b"\n" })?;
                    out.write_all(&object)?;
                    objects += 1;
                }
                entries.push(Entry::Checked(checked));
            }
            Err(diags) => {
                for d in &diags {
                    print_problem(err, d)?;
                }
                entries.push(Entry::Invalid(check::invalid(&diags)));
            }
        }
        Ok(())
    })?;
    let rendered = match args.format {
        CheckFormat::Json => {
            if objects > 0 {
                "\n]\n".to_string()
            } else {
                "]\n".to_string()
            }
        }
        CheckFormat::Text => report::check::text::render(&entries, color),
        CheckFormat::Github => report::check::github::render(&entries, pack),
        CheckFormat::Junit => report::check::junit::render(&entries, pack),
        CheckFormat::Sarif => report::check::sarif::render(&entries, pack),
    };
    out.write_all(rendered.as_bytes())?;
    out.flush()?;
    let counts = Counts::of(&entries);
    Ok(if counts.invalid > 0 {
        Exit::Invalid
    } else if counts.errors > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
