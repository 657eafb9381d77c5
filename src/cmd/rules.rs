//! `archfit rules …`: inspect, lint, test, analyse and compare rule packs.

use super::{
    batch, load_dir, load_pack, report_failure, report_problems, DataFormat, Error, Exit, Result,
};
use crate::engine::Engine;
use crate::pack::{self, suggest};
use crate::report::rules as render;
use crate::rules::{diff::PackDiff, lint, test};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which `rules` command, with its settings. `dir` is the pack the command is about, when
/// given in place of `--rules`.
#[derive(Debug, Clone)]
pub(crate) enum Command {
    List {
        pattern: Option<String>,
    },
    Show {
        id: String,
    },
    Lint {
        dir: Option<PathBuf>,
        deny_warnings: bool,
    },
    Test {
        dir: Option<PathBuf>,
        coverage: bool,
        min_coverage: Option<u8>,
        /// A pack without cases fails (exit 1) instead of passing with a warning.
        require_cases: bool,
    },
    Analyze {
        dir: Option<PathBuf>,
        format: DataFormat,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
        paths: Vec<String>,
        format: DataFormat,
    },
}

/// Runs a `rules` command on the pack in `rules` (`--rules DIR`) or the built-in one.
pub(crate) fn run(
    command: &Command,
    rules: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result {
    match command {
        Command::List { pattern } => {
            let pack = load_pack(rules)?;
            let only = match pattern {
                None => None,
                Some(id) => Some(pack.pattern_index(id).ok_or_else(|| {
                    let ids: Vec<&str> = pack.patterns.iter().map(|p| &*p.id).collect();
                    let hint = suggest::did_you_mean(id, ids.iter().copied())
                        .unwrap_or_else(|| format!("patterns are {}", ids.join(", ")));
                    Error::Usage(format!("unknown pattern `{id}` ({hint})"))
                })?),
            };
            out.write_all(render::list::list(pack, only).as_bytes())?;
            Ok(Exit::Success)
        }
        Command::Show { id } => {
            let pack = load_pack(rules)?;
            let Some(rule) = pack.rules.iter().find(|r| r.id == *id) else {
                let hint = suggest::did_you_mean(id, pack.rules.iter().map(|r| &*r.id))
                    .unwrap_or_else(|| "`archfit rules list` shows every rule".to_string());
                return Err(Error::Usage(format!(
                    "no rule `{id}` in {} ({hint})",
                    pack.meta.name
                )));
            };
            out.write_all(render::list::show(pack, rule).as_bytes())?;
            Ok(Exit::Success)
        }
        Command::Lint { dir, deny_warnings } => {
            lint(dir.as_deref().or(rules), *deny_warnings, out, err)
        }
        Command::Test {
            dir,
            coverage,
            min_coverage,
            require_cases,
        } => {
            let pack = load_pack(dir.as_deref().or(rules))?;
            let cases = test::read_cases(pack).map_err(Error::Invalid)?;
            // "0 passed, 0 failed" alone reads like success; a pack with nothing to check
            // says so.
            let none = cases.is_empty();
            if none {
                let message = format!(
                    "the rule pack {} has no test cases (add YAML files of cases under its tests/ directory)",
                    pack.origin
                );
                if *require_cases {
                    report_failure(err, &format!("{message}, and --require-cases was given"))?;
                } else {
                    writeln!(err, "warning: {message}")?;
                }
            }
            let results = test::run_all(&Engine::new(pack), &cases);
            out.write_all(
                render::test::render(pack, &results, *coverage, min_coverage.is_some()).as_bytes(),
            )?;
            let below = min_coverage.filter(|&min| results.coverage() < f64::from(min));
            if let Some(min) = below {
                report_failure(
                    err,
                    &format!(
                        "rule coverage {:.1}% is below the required {min}%",
                        results.coverage()
                    ),
                )?;
            }
            Ok(
                if results.failed() > 0 || below.is_some() || (none && *require_cases) {
                    Exit::Failure
                } else {
                    Exit::Success
                },
            )
        }
        Command::Analyze { dir, format } => {
            let pack = load_pack(dir.as_deref().or(rules))?;
            let a = crate::rules::analyze::analyze(pack);
            let text = match format {
                DataFormat::Text => render::analyze::text(pack, &a),
                DataFormat::Json => render::analyze::json(pack, &a),
            };
            out.write_all(text.as_bytes())?;
            Ok(Exit::Success)
        }
        Command::Diff {
            old,
            new,
            paths,
            format,
        } => {
            let (old, new) = (load_dir(old)?, load_dir(new)?);
            let diff = PackDiff::new(&old, &new);
            let mut entries = Vec::new();
            let mut invalid = false;
            let compare = |source: &crate::input::Source, text: &str| {
                diff.compare(text, &source.display(), &source.stem())
            };
            let sources = batch::expand(paths, err)?;
            batch::map_files(sources, compare, |entry| {
                match entry {
                    Ok(entry) => entries.push(entry),
                    Err(problems) => {
                        invalid = true;
                        report_problems(err, &problems)?;
                    }
                }
                Ok(())
            })?;
            let text = match format {
                DataFormat::Text => render::diff::text(&old, &new, &diff.changes, &entries),
                DataFormat::Json => render::diff::json(&old, &new, &diff.changes, &entries),
            };
            out.write_all(text.as_bytes())?;
            Ok(if invalid {
                Exit::Invalid
            } else {
                Exit::Success
            })
        }
    }
}

/// `rules lint`: findings on standard error, the summary on standard output when the pack
/// passes (on standard error when it fails, exit 2).
fn lint(
    dir: Option<&Path>,
    deny_warnings: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result {
    let loaded = match dir {
        Some(dir) => pack::from_dir(dir),
        None => pack::embedded(),
    };
    let shown = dir.map_or_else(
        || "the built-in pack".to_string(),
        |d| d.display().to_string(),
    );
    let (findings, pack) = match loaded {
        Ok(pack) => (lint::check(&pack), Some(pack)),
        Err(problems) => (lint::from_load_errors(problems.0), None),
    };
    err.write_all(render::lint::findings(&findings).as_bytes())?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == lint::Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if errors > 0 || (deny_warnings && warnings > 0) {
        err.write_all(render::lint::summary(&shown, &findings, None).as_bytes())?;
        return Ok(Exit::Invalid);
    }
    out.write_all(render::lint::summary(&shown, &findings, pack.as_ref()).as_bytes())?;
    Ok(Exit::Success)
}
