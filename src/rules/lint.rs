//! `rules lint`: every problem of a rule pack, not only the first.
//!
//! Loading a pack already validates it (unknown fields, values and patterns, duplicate ids,
//! out-of-range constants, missing `because`/`source`), collecting every problem of every file.
//! Lint adds what loading cannot see rule by rule: conditions that can never be true, patterns
//! no profile can get, and catalog fields no rule reads.

use super::analyze::{reach_all, representatives, Reach};
use super::sat::{self, Sat};
use crate::engine::Engine;
use crate::pack::{Cond, Diagnostic, Effect, FieldId, IdVec, RulePack};

/// Errors fail the lint; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One lint problem. A separate type rather than a field on [`Diagnostic`], because only lint
/// has warnings.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub severity: Severity,
    pub diag: Diagnostic,
}

impl Problem {
    fn error(diag: Diagnostic) -> Self {
        Problem {
            severity: Severity::Error,
            diag,
        }
    }

    fn warning(diag: Diagnostic) -> Self {
        Problem {
            severity: Severity::Warning,
            diag,
        }
    }
}

/// Loader problems, all as errors.
pub(crate) fn from_load_errors(diags: Vec<Diagnostic>) -> Vec<Problem> {
    diags.into_iter().map(Problem::error).collect()
}

/// The checks that need a loaded pack. Findings come in file order, then line.
pub(crate) fn check(pack: &RulePack) -> Vec<Problem> {
    let mut findings = Vec::new();
    let shown = |path: &str| pack.shown_path(path);
    let mut budget = sat::PACK_BUDGET;
    for rule in &pack.rules {
        match sat::satisfiable(&rule.when, &pack.catalog, &mut budget) {
            Sat::Yes => {}
            Sat::No => findings.push(Problem::error(
                Diagnostic::at(
                    &shown(&rule.file),
                    rule.pos,
                    format!(
                        "the condition can never be true: {}",
                        shorten(&rule.when.describe(&pack.catalog))
                    ),
                )
                .with_hint(Some(
                    "it contradicts itself or the catalog's ranges, so the rule never fires"
                        .to_string(),
                ))
                .with_rule(Some(&rule.id)),
            )),
            Sat::Unknown => findings.push(Problem::warning(
                Diagnostic::at(
                    &shown(&rule.file),
                    rule.pos,
                    "could not decide within the search budget whether the condition can ever be true",
                )
                .with_hint(Some(
                    "it has very many `any` branches; simpler conditions are checked exactly"
                        .to_string(),
                ))
                .with_rule(Some(&rule.id)),
            )),
        }
    }
    let engine = Engine::new(pack);
    let reps = representatives(&engine);
    let patterns_file = shown(crate::pack::PATTERNS_FILE);
    let reach = reach_all(&engine, &reps, |_| false);
    for (p, pattern) in pack.patterns.iter_enumerated() {
        let pos = Some(pattern.pos);
        match reach[p] {
            Reach::Yes => {}
            // Components make a system hybrid whatever hybrid scores, unless it is always vetoed.
            Reach::Never if Some(p) == pack.hybrid() && hybrid_by_components(pack) => {}
            Reach::Never => findings.push(Problem::error(
                Diagnostic::new(
                    &patterns_file,
                    pos,
                    format!(
                        "pattern `{}` can never be recommended: for every profile it is vetoed or another pattern outscores it",
                        pattern.id
                    ),
                )
                .with_hint(Some(format!(
                    "check its vetoes and scores with `archfit rules list --pattern {}`",
                    pattern.id
                ))),
            )),
            Reach::Unknown => findings.push(Problem::warning(Diagnostic::new(
                &patterns_file,
                pos,
                format!(
                    "could not prove that pattern `{}` can be recommended within the search budget",
                    pattern.id
                ),
            ))),
        }
    }
    let mut read: IdVec<FieldId, bool> = IdVec::filled(pack.catalog.len(), false);
    for rule in &pack.rules {
        rule.when.visit_fields(&mut |f| read[f] = true);
    }
    let catalog_file = shown(crate::pack::CATALOG_FILE);
    for (f, field) in pack.catalog.fields.iter_enumerated() {
        if !read[f] {
            findings.push(Problem::warning(
                Diagnostic::at(
                    &catalog_file,
                    field.pos,
                    format!("no rule reads field `{}`", field.name),
                )
                .with_hint(Some(
                    "users are asked for it but it never changes an answer".to_string(),
                )),
            ));
        }
    }
    findings.sort_by(|a, b| {
        (&a.diag.file, a.diag.pos.map(|p| (p.line, p.col)))
            .cmp(&(&b.diag.file, b.diag.pos.map(|p| (p.line, p.col))))
    });
    findings
}

/// A condition as a message quotes it: a rule's condition may have thousands of parts.
fn shorten(described: &str) -> String {
    const MOST: usize = 200;
    match described.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &described[..cut]),
        None => described.to_string(),
    }
}

/// Whether components can make some profile hybrid: a component can differ from the system
/// (some field is `per_component`) and hybrid is not vetoed for every profile.
fn hybrid_by_components(pack: &RulePack) -> bool {
    let Some(h) = pack.hybrid() else {
        return false;
    };
    let vetoes: Vec<Cond> = pack
        .rules
        .iter()
        .filter(|r| r.pattern == h && r.effect == Effect::Veto)
        .map(|r| r.when.clone())
        .collect();
    let never_vetoed = Cond::Not(Box::new(Cond::Any(vetoes)));
    // Unproved either way counts as possible: lint reports only what it has proved.
    let mut budget = sat::SEARCH_BUDGET;
    pack.catalog.fields.iter().any(|f| f.per_component)
        && sat::satisfiable(&never_vetoed, &pack.catalog, &mut budget) != Sat::No
}
