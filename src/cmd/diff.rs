//! `archfit diff OLD NEW`: how a change of profile moves the recommendation, and why.

use super::{load_pack, read_one, DataFormat, Error, Exit, Result, TAKES_ONE};
use crate::engine::{diff, Engine};
use crate::input::Source;
use crate::report::diff::DiffItem;
use std::io::Write;
use std::path::PathBuf;

/// The two profiles to compare.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--rules DIR`, or the built-in pack.
    pub rules: Option<PathBuf>,
    pub old: String,
    pub new: String,
    pub format: DataFormat,
    /// Columns the text format is fitted to.
    pub width: usize,
}

/// Both profiles are read (and every problem in either reported) before anything is compared.
/// A difference is not a failure: the exit code is 0 unless an input is invalid.
pub(crate) fn run(config: &Config, out: &mut dyn Write) -> Result {
    let pack = load_pack(config.rules.as_deref())?;
    if config.old == "-" && config.new == "-" {
        return Err(Error::Usage(
            "OLD and NEW cannot both be `-`: standard input can be read only once".to_string(),
        ));
    }
    let old = read_one(&Source::named(&config.old), pack, &TAKES_ONE);
    let new = read_one(&Source::named(&config.new), pack, &TAKES_ONE);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut problems = Vec::new();
            for side in [old.err(), new.err()].into_iter().flatten() {
                match side {
                    Error::Invalid(p) => problems.extend(p),
                    other => return Err(other),
                }
            }
            return Err(Error::Invalid(problems));
        }
    };
    let engine = Engine::new(pack);
    let (oe, ne) = (engine.evaluate(&old), engine.evaluate(&new));
    let d = diff::compare((&old, &oe), (&new, &ne));
    let item = DiffItem {
        pack,
        old: &old,
        new: &new,
        diff: &d,
    };
    let text = match config.format {
        DataFormat::Text => item.text(config.width),
        DataFormat::Json => item.json(),
    };
    out.write_all(text.as_bytes())?;
    Ok(Exit::Success)
}
