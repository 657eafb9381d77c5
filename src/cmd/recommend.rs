//! `archfit recommend PATH...`: evaluate profiles and print a recommendation for each.

use crate::cli::{Exit, Format, RecommendArgs};
use crate::engine;
use crate::pack::RulePack;
use crate::report::{self, Item, Style};
use std::io::Write;
use std::sync::Mutex;

/// Evaluates every profile, streaming each result as it is ready (memory stays flat however
/// many profiles there are). Evaluation and rendering run on every core; results are printed
/// in input order. Invalid inputs are reported and the exit code is then 2.
pub fn run(
    pack: &RulePack,
    args: &RecommendArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    // Standard output is line-buffered: without this, every line of JSON would be a write call.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let mut count = 0usize;
    let date = match args.format {
        Format::Markdown => args.date.clone().unwrap_or_else(crate::date::today_utc),
        _ => String::new(),
    };
    if args.format == Format::Json {
        out.write_all(b"[")?;
    }
    // Each rule's JSON is rendered once, then copied into every report that shows it.
    let cache = report::json::Cache::new(pack);
    // Report buffers go back to the workers once printed: a buffer freed on another thread
    // than the one that allocated it is the allocator's slow path, and a reused one is warm.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let render = |profile| {
        let eval = engine::evaluate(pack, &profile);
        let item = Item {
            pack,
            profile: &profile,
            eval: &eval,
        };
        match args.format {
            Format::Text => report::text::render(&item, style).into_bytes(),
            Format::Json => {
                // A printed report's buffer, or a new one with room for nearly every report
                // (10 to 24 kB): growing a buffer copies what is written so far, which cost a
                // tenth of the CPU over 10,000 profiles. Only the pages written to are touched.
                let reused = spare.lock().ok().and_then(|mut s| s.pop());
                let mut buf = reused.unwrap_or_else(|| Vec::with_capacity(32 * 1024));
                report::json::render_into(&item, &cache, &mut buf);
                buf
            }
            Format::Markdown => report::markdown::render(&item, &date).into_bytes(),
        }
    };
    let invalid = super::batch::map_profiles(&args.paths, pack, err, render, |bytes| {
        let separator: &[u8] = match (args.format, count) {
            (Format::Text, 0) => b"",
            (Format::Text, _) => b"\n",
            (Format::Json, 0) => b"\n",
            (Format::Json, _) => b",\n",
            (Format::Markdown, 0) => b"",
            // A thematic break between records; the blank line keeps it from being read as a
            // heading underline.
            (Format::Markdown, _) => b"\n---\n\n",
        };
        out.write_all(separator)?;
        out.write_all(&bytes)?;
        count += 1;
        if args.format == Format::Json {
            if let Ok(mut spare) = spare.lock() {
                let mut bytes = bytes;
                bytes.clear();
                spare.push(bytes);
            }
        }
        Ok(())
    })?;
    if args.format == Format::Json {
        out.write_all(if count > 0 { b"\n]\n" } else { b"]\n" })?;
    }
    out.flush()?;
    Ok(if invalid {
        Exit::Invalid
    } else {
        Exit::Success
    })
}
