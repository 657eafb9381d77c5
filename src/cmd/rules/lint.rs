//! `archfit rules lint [DIR]`: every problem of a pack, with file, line and rule id.

use crate::cli::Exit;
use crate::lint::{self, Severity};
use crate::pack::RulePack;
use std::io::Write;
use std::path::Path;

pub fn run(
    dir: Option<&Path>,
    deny_warnings: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let loaded = match dir {
        Some(dir) => RulePack::from_dir(dir),
        None => RulePack::embedded(),
    };
    let shown = dir.map_or_else(
        || "the built-in pack".to_string(),
        |d| d.display().to_string(),
    );
    let (findings, pack) = match loaded {
        Ok(pack) => (lint::check(&pack), Some(pack)),
        Err(diags) => (lint::from_load_errors(diags.0), None),
    };
    for f in &findings {
        writeln!(err, "{}: {}", f.severity.label(), f.diag)?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let summary = format!(
        "{shown}: {errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    if errors > 0 || (deny_warnings && warnings > 0) {
        writeln!(err, "{summary}")?;
        return Ok(Exit::Invalid);
    }
    match pack {
        Some(pack) => writeln!(
            out,
            "{summary} ({} rules, {} patterns, {} fields)",
            pack.rules.len(),
            pack.patterns.len(),
            pack.catalog.len()
        )?,
        None => writeln!(out, "{summary}")?,
    }
    Ok(Exit::Success)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
