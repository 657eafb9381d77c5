//! `archfit recommend PATH...`: evaluate profiles and print a recommendation for each.

use super::{batch, load_pack, renderer, Exit, ReportFormat, Result};
use crate::engine::Engine;
use crate::report::{Item, Stream, Style};
use std::io::Write;
use std::path::PathBuf;

/// What to recommend for, and how to show it.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--rules DIR`, or the built-in pack.
    pub rules: Option<PathBuf>,
    pub paths: Vec<String>,
    pub format: ReportFormat,
    pub style: Style,
    /// The date of decision records (`--format markdown`).
    pub date: String,
}

/// Evaluates every profile, streaming each report as it is ready (memory stays flat however
/// many profiles there are). Evaluation and rendering run on every core; reports are printed
/// in input order. Invalid inputs are reported and the exit code is then 2.
pub(crate) fn run(config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> Result {
    let pack = load_pack(config.rules.as_deref())?;
    let engine = Engine::new(pack);
    let format = renderer(config.format, pack, config.style, &config.date);
    // Standard output is line-buffered: without this, every line would be a write call.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let mut stream = Stream::open(&mut out, format.framing())?;
    let render = |profile| {
        let eval = engine.evaluate(&profile);
        format.render(&Item {
            profile: &profile,
            eval: &eval,
        })
    };
    let invalid = batch::map_profiles(&config.paths, pack, err, render, |report| {
        stream.write(&report)?;
        format.recycle(report);
        Ok(())
    })?;
    stream.close()?;
    out.flush()?;
    Ok(if invalid {
        Exit::Invalid
    } else {
        Exit::Success
    })
}
