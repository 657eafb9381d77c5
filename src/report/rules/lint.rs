//! `rules lint`: one line per finding, and a summary.

use crate::pack::RulePack;
use crate::rules::lint::{Problem, Severity};
use std::fmt::Write as _;

/// One line per finding: `error: file:line:col: rule `id`: message (hint)`.
pub(crate) fn findings(findings: &[Problem]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{}: {}", f.severity.label(), f.diag);
    }
    out
}

/// `PACK: 1 error, 2 warnings`, and for a pack that loaded, what it holds.
pub(crate) fn summary(shown: &str, findings: &[Problem], pack: Option<&RulePack>) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let mut line = format!(
        "{shown}: {errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    if let Some(pack) = pack {
        let _ = write!(
            line,
            " ({} rules, {} patterns, {} fields)",
            pack.rules.len(),
            pack.patterns.len(),
            pack.catalog.len()
        );
    }
    line.push('\n');
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
