//! The commands. Each takes a plain configuration (made from the command line by
//! [`crate::cli`], which nothing here knows of), loads the pack, reads the inputs, asks the
//! engine and the renderers, writes what they return, and says how the run ends: an [`Exit`]
//! when it ran to the end, an [`Error`] when it could not. Nothing here decides an answer or
//! formats one.

pub(crate) mod adr;
pub(crate) mod ask;
mod batch;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod recommend;
pub(crate) mod rules;
pub(crate) mod schema;

use crate::input::Source;
use crate::pack::{self, Diagnostic, Diagnostics, RulePack};
use crate::profile::{self, Profile};
use crate::report::{self, Style};
use std::fmt;
use std::io::{self, Write};
use std::path::Path;

/// How a command that ran to the end ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    Success = 0,
    /// A check or a rule-pack test failed.
    Failure = 1,
    /// Some input was invalid; its problems were reported and the rest still handled.
    Invalid = 2,
    /// `ask` stopped by the user (Esc or Ctrl-C), as shells report an interrupt: 128 + SIGINT.
    Interrupted = 130,
}

/// Why a command could not run to the end. Printed once, by [`conclude`], as `error: …`
/// lines; the exit status is then 2.
#[derive(Debug)]
pub(crate) enum Error {
    /// Problems in the user's files, one line each.
    Invalid(Vec<Diagnostic>),
    /// A request that cannot be carried out as asked.
    Usage(String),
    /// The pack given with `--rules DIR` (or to a `rules` command) does not load.
    Pack { dir: String, problems: Diagnostics },
    /// The built-in pack does not load: a bug in archfit.
    BuiltInPack(Diagnostics),
    /// Anything else (reading or writing failed), with its chain of causes.
    Other(anyhow::Error),
}

pub(crate) type Result<T = Exit> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(problems) => {
                for (i, d) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "error: {d}")?;
                }
                Ok(())
            }
            Error::Usage(message) => write!(f, "error: {message}"),
            Error::Pack { dir, problems } => {
                write!(f, "error: invalid rule pack {dir}: {problems}")
            }
            Error::BuiltInPack(problems) => write!(
                f,
                "error: the built-in rule pack is invalid (a bug in archfit): {problems}"
            ),
            Error::Other(e) => write!(f, "error: {e:#}"),
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Other(e.into())
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Other(e)
    }
}

/// Reports problems in input files the way every command does, one `error: …` line each, and
/// goes on: the run ends with [`Exit::Invalid`].
pub(crate) fn report_problems(err: &mut dyn Write, problems: &[Diagnostic]) -> io::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    writeln!(err, "{}", Error::Invalid(problems.to_vec()))
}

/// Reports what was skipped on purpose (a symbolic link not followed, a rule pack in a
/// directory of profiles), one `note: …` line each. Notes change no exit code.
pub(crate) fn report_notes(err: &mut dyn Write, notes: &[Diagnostic]) -> io::Result<()> {
    for note in notes {
        writeln!(err, "note: {note}")?;
    }
    Ok(())
}

/// Reports a check that failed (exit 1) as an `error: …` line.
fn report_failure(err: &mut dyn Write, message: &str) -> io::Result<()> {
    writeln!(err, "{}", Error::Usage(message.to_string()))
}

/// The pack given with `--rules`, or the built-in one.
///
/// A command uses its pack until the process ends, so the pack is leaked, not freed: freeing
/// it just before exiting buys nothing.
pub(crate) fn load_pack(dir: Option<&Path>) -> Result<&'static RulePack> {
    let pack = match dir {
        Some(dir) => load_dir(dir)?,
        None => pack::embedded().map_err(Error::BuiltInPack)?,
    };
    Ok(Box::leak(Box::new(pack)))
}

/// The pack in `dir`.
pub(crate) fn load_dir(dir: &Path) -> Result<RulePack> {
    pack::from_dir(dir).map_err(|problems| Error::Pack {
        dir: dir.display().to_string(),
        problems,
    })
}

/// Output formats of commands that report facts rather than a decision (no decision record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataFormat {
    Text,
    Json,
}

/// The formats of a report on each profile (`recommend` and `ask`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    Text,
    Json,
    Markdown,
    Html,
}

/// The renderer of a format for `pack`. `date` dates decision records.
fn renderer<'p>(
    format: ReportFormat,
    pack: &'p RulePack,
    style: Style,
    date: &str,
) -> Box<dyn report::Format + 'p> {
    match format {
        ReportFormat::Text => Box::new(report::Text::new(pack, style)),
        ReportFormat::Json => Box::new(report::Json::new(pack, style.explain)),
        ReportFormat::Markdown => Box::new(report::Markdown::new(pack, date.to_string())),
        ReportFormat::Html => Box::new(report::Html::new(pack, style)),
    }
}

/// What a command that reads one profile says when a stream holds several: the message and
/// the hint.
pub(crate) struct OneProfile {
    pub message: &'static str,
    pub hint: &'static str,
}

/// Reads the single profile in `source`, for commands that compare, record or start from one.
fn read_one(source: &Source, pack: &RulePack, one: &OneProfile) -> Result<Profile> {
    let text = source.read().map_err(|d| Error::Invalid(vec![d]))?;
    let mut parsed = profile::parse_stream(&text, &source.display(), &source.stem(), pack);
    let count = parsed.len();
    match (parsed.pop(), count) {
        (Some(Ok(p)), 1) => Ok(p),
        (Some(Err(problems)), 1) => Err(Error::Invalid(problems)),
        _ => Err(Error::Invalid(vec![Diagnostic::new(
            &source.display(),
            None,
            format!("holds {count} profiles; {}", one.message),
        )
        .with_hint(Some(one.hint.to_string()))])),
    }
}

/// What `diff` and `adr` say of a stream of several profiles.
const TAKES_ONE: OneProfile = OneProfile {
    message: "this command takes exactly one",
    hint: "split the stream into one file per profile",
};

/// How a command's run ends for the process: the error, if any, printed once to `err`, and the
/// exit status. The one place a command's outcome becomes an exit code.
pub(crate) fn conclude(result: Result, err: &mut dyn std::io::Write) -> Exit {
    match result {
        Ok(exit) => exit,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            Exit::Invalid
        }
    }
}
