//! One problem found in a user's file: where it is, what is wrong, and what would fix it.
//!
//! Validation collects every problem it finds rather than stopping at the first, so a user fixes
//! a file in one round trip.

use crate::yaml::Pos;
use std::fmt;

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
            file: file.to_string(),
            pos,
            message: message.into(),
            hint: None,
            rule: None,
        }
    }

    pub fn at(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(file, Some(pos), message)
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn with_rule(mut self, rule: Option<&str>) -> Self {
        self.rule = rule.map(str::to_string);
        self
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
