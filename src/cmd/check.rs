//! `archfit check PATH...`: the CI gate. Validates every profile, compares each `current:` with
//! the recommendation, and renders the findings in the format the CI system reads.

use super::{batch, load_pack, report_problems, Exit, Result};
use crate::engine::check::{self, Counts, Entry};
use crate::engine::Engine;
use crate::pack::RulePack;
use crate::report::check::{self as render, Format};
use crate::report::{Item, Stream};
use std::io::Write;
use std::path::PathBuf;

/// The formats CI systems read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    Github,
    Junit,
    Sarif,
    Html,
}

/// What to check, and for whom.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--rules DIR`, or the built-in pack.
    pub rules: Option<PathBuf>,
    pub paths: Vec<String>,
    pub format: CheckFormat,
    /// Warnings (close calls) fail the check too.
    pub strict: bool,
    /// Text format: only errors, warnings and the summary.
    pub quiet: bool,
    /// ANSI colour in the text format.
    pub color: bool,
    /// Columns the text format's table may take.
    pub width: usize,
    /// The date the check runs on (`YYYY-MM-DD`), which decides whether an acceptance holds.
    pub today: String,
}

fn renderer<'p>(config: &Config, pack: &'p RulePack) -> Box<dyn Format + 'p> {
    match config.format {
        CheckFormat::Text => Box::new(render::text::Text {
            color: config.color,
            quiet: config.quiet,
            width: config.width,
        }),
        CheckFormat::Json => Box::new(render::json::Json::new(pack)),
        CheckFormat::Github => Box::new(render::github::Github { pack }),
        CheckFormat::Junit => Box::new(render::junit::Junit { pack }),
        CheckFormat::Sarif => Box::new(render::sarif::Sarif { pack }),
        CheckFormat::Html => Box::new(render::html::Html::new(pack)),
    }
}

/// Checks every input. Invalid ones are reported in the chosen format, in their place, so a CI
/// annotation or test report names them (the text format reports them on `err`, as every
/// command does, and names them in its table); valid ones are still checked. Exit: 2 if any
/// input was invalid, else 1 if any finding is an error, else 0.
pub(crate) fn run(config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> Result {
    let pack = load_pack(config.rules.as_deref())?;
    let engine = Engine::new(pack);
    let format = renderer(config, pack);
    // Standard output is line-buffered: without this, every line would be a write call.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let mut stream = Stream::open(&mut out, format.framing())?;
    let mut entries = Vec::new();
    // Evaluating, assessing and rendering run on every core; results arrive in input order.
    let assess = |profile: crate::profile::Profile| {
        let eval = engine.evaluate(&profile);
        let checked = check::assess(pack, &profile, &eval, config.strict, &config.today);
        let item = Item {
            profile: &profile,
            eval: &eval,
        };
        let object = format.render(&item, &checked);
        (checked, object)
    };
    let sources = batch::expand(&config.paths, err)?;
    batch::map_inputs(sources, pack, assess, |input| {
        match input {
            Ok((checked, object)) => {
                if let Some(object) = object {
                    stream.write(&object)?;
                    format.recycle(object);
                }
                entries.push(Entry::Checked(checked));
            }
            Err(diags) => {
                if format.problems_on_stderr() {
                    report_problems(err, &diags)?;
                }
                let invalid = check::invalid(&diags);
                if let Some(object) = format.render_invalid(&invalid) {
                    stream.write(&object)?;
                }
                entries.push(Entry::Invalid(invalid));
            }
        }
        Ok(())
    })?;
    stream.close()?;
    out.write_all(format.finish(&entries).as_bytes())?;
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
