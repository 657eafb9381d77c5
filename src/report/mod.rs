//! Renderers: one module per output format. Each is made for one pack and owns what it needs to
//! write (its caches, its buffers, how reports of several profiles are joined); the commands
//! only hand it evaluations and write what it returns.
//!
//! Renderers look names and because-texts up in the pack but decide nothing: everything about
//! the decision is already in the [`Evaluation`].

pub(crate) mod bars;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod mermaid;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod text;
pub(crate) mod wrap;

use crate::engine::Evaluation;
use crate::pack::{RuleId, RulePack};
use crate::profile::Profile;
use std::io::{self, Write};

pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use text::Text;

/// One evaluated profile: what a report shows.
#[derive(Clone, Copy)]
pub struct Item<'a> {
    pub profile: &'a Profile,
    pub eval: &'a Evaluation,
}

/// Choices that change how a report looks and how much of the evaluation it shows.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colour (only for a terminal, and never with `NO_COLOR`).
    pub color: bool,
    /// Everything, not only what decides: every reason for and against, every rule that
    /// fired (text, JSON).
    pub explain: bool,
    /// Draw score bars with ASCII characters (the locale is not UTF-8, or `--ascii`).
    pub ascii: bool,
    /// Columns the text report is filled to (the terminal's, `COLUMNS`, or
    /// [`wrap::DEFAULT_WIDTH`]).
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            explain: false,
            ascii: false,
            width: wrap::DEFAULT_WIDTH,
        }
    }
}

/// An output format of reports on profiles, one report per profile (text, JSON, Markdown, HTML).
/// Reports are rendered on any thread, in any order; a [`Stream`] writes them in input order.
pub trait Format: Sync {
    /// One profile's report.
    fn render(&self, item: &Item<'_>) -> Vec<u8>;

    /// How reports are joined into one output.
    fn framing(&self) -> Framing;

    /// Takes back the buffer of a report once written, to render another into it.
    fn recycle(&self, _buffer: Vec<u8>) {}
}

/// What surrounds and separates the reports of one output.
#[derive(Debug, Clone, Copy)]
pub struct Framing {
    /// Before everything.
    pub open: &'static str,
    /// Before the first report.
    pub first: &'static str,
    /// Between two reports.
    pub between: &'static str,
    /// After the last report.
    pub close: &'static str,
    /// The close when there was no report at all.
    pub close_empty: &'static str,
}

impl Framing {
    /// Reports one after the other, each complete in itself.
    pub const fn joined_by(between: &'static str) -> Framing {
        Framing {
            open: "",
            first: "",
            between,
            close: "",
            close_empty: "",
        }
    }
}

/// Writes reports in input order, framed as their format asks.
pub struct Stream<'w> {
    out: &'w mut dyn Write,
    framing: Framing,
    count: usize,
}

impl<'w> Stream<'w> {
    pub fn open(out: &'w mut dyn Write, framing: Framing) -> io::Result<Stream<'w>> {
        out.write_all(framing.open.as_bytes())?;
        Ok(Stream {
            out,
            framing,
            count: 0,
        })
    }

    /// Writes the next report.
    pub fn write(&mut self, report: &[u8]) -> io::Result<()> {
        let separator = if self.count == 0 {
            self.framing.first
        } else {
            self.framing.between
        };
        self.out.write_all(separator.as_bytes())?;
        self.out.write_all(report)?;
        self.count += 1;
        Ok(())
    }

    /// Closes the output.
    pub fn close(self) -> io::Result<()> {
        let close = if self.count == 0 {
            self.framing.close_empty
        } else {
            self.framing.close
        };
        self.out.write_all(close.as_bytes())
    }
}

/// Points as every report prints them: one decimal.
pub(crate) fn score(s: f64) -> String {
    format!("{s:.1}")
}

/// `n` and `word`, with an `s` unless `n` is 1: `1 misfit`, `3 profiles`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A change of points with its sign: `+3.0`, `-1.5`.
pub(crate) fn delta(s: f64) -> String {
    format!("{s:+.1}")
}

/// How many deciding rules a report for people names; JSON lists them all.
const DECIDING_SHOWN: usize = 3;

/// The rules that separate the leader from an alternative, for people: the largest few as
/// `id +3.0` (each passed through `wrap`), and how many more there are.
pub(crate) fn deciding_list(
    pack: &RulePack,
    rules: &[RuleId],
    wrap: impl Fn(String) -> String,
) -> String {
    let mut list: Vec<String> = rules
        .iter()
        .take(DECIDING_SHOWN)
        .map(|&i| wrap(format!("{} {}", pack.rules[i].id, pack.rules[i].effect)))
        .collect();
    if rules.len() > DECIDING_SHOWN {
        list.push(format!(
            "and {} more (--explain lists every rule)",
            rules.len() - DECIDING_SHOWN
        ));
    }
    list.join(", ")
}
