//! One problem found in a user's file: where it is, what is wrong, and what would fix it.
//!
//! Validation collects every problem it finds rather than stopping at the first, so a user fixes
//! a file in one round trip.
//!
//! A problem quotes what it is about (a key, a value, a file name), and those come from files
//! anyone may have written: every text is made [`printable`] when the problem is made, so no
//! output that shows it (standard error, a CI annotation, a report) can carry a control
//! character or a forged line.

use crate::printable::into_printable;
use crate::yaml::Pos;
use std::fmt;

/// Problems reported for one file before archfit stops reading it: enough to fix a file in one
/// round, and a bound on the error output a hostile file can cause.
pub const MAX_PER_FILE: usize = 100;

/// A problem in an input file, printed as `file:line:col: message (hint)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`<stdin>` for standard input).
    pub file: String,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    pub message: String,
    /// What would be valid instead, or the nearest known name.
    pub hint: Option<String>,
    /// The rule id the problem belongs to, for rule-pack errors.
    pub rule: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: into_printable(file.to_string()),
            pos,
            message: into_printable(message.into()),
            hint: None,
            rule: None,
        }
    }

    pub fn at(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(file, Some(pos), message)
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.map(into_printable);
        self
    }

    pub fn with_rule(mut self, rule: Option<&str>) -> Self {
        self.rule = rule.map(|r| into_printable(r.to_string()));
        self
    }
}

/// Keeps the first [`MAX_PER_FILE`] problems of one file and says how many more there were.
pub fn cap(diags: &mut Vec<Diagnostic>) {
    if diags.len() <= MAX_PER_FILE {
        return;
    }
    let more = diags.len() - MAX_PER_FILE;
    diags.truncate(MAX_PER_FILE);
    if let Some(last) = diags.last() {
        let file = last.file.clone();
        diags.push(Diagnostic::new(
            &file,
            None,
            format!("{more} more problems not shown (only the first {MAX_PER_FILE} of a file are reported)"),
        ));
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.col)?;
        }
        write!(f, ": ")?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Several problems, for use as an `anyhow` error: one line each.
#[derive(Debug, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
