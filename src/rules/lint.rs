//! `rules lint`: every problem of a rule pack, not only the first.
//!
//! Loading a pack already validates it (unknown fields, values and patterns, duplicate ids,
//! out-of-range constants, missing `because`/`source`), collecting every problem of every file.
//! Lint adds what loading cannot see rule by rule: conditions that can never be true, patterns
//! no profile can get, and catalog fields no rule reads.

use crate::analysis::{self, Reach};
use crate::diag::Diagnostic;
use crate::pack::rule::{Cond, Effect};
use crate::pack::{sat, RulePack};
use crate::yaml::{self, Node, Pos};

/// Errors fail the lint; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One lint problem. A separate type rather than a field on [`Diagnostic`], because only lint
/// has warnings.
#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    pub diag: Diagnostic,
}

impl Finding {
    fn error(diag: Diagnostic) -> Self {
        Finding {
            severity: Severity::Error,
            diag,
        }
    }

    fn warning(diag: Diagnostic) -> Self {
        Finding {
            severity: Severity::Warning,
            diag,
        }
    }
}

/// Loader problems, all as errors.
pub fn from_load_errors(diags: Vec<Diagnostic>) -> Vec<Finding> {
    diags.into_iter().map(Finding::error).collect()
}

/// The checks that need a loaded pack. Findings come in file order, then line.
pub fn check(pack: &RulePack) -> Vec<Finding> {
    let mut findings = Vec::new();
    let shown = |path: &str| {
        pack.files.iter().find(|f| f.path == path).map_or_else(
            || format!("{}/{path}", pack.origin),
            |f| f.display.to_string(),
        )
    };
    for rule in &pack.rules {
        if !sat::satisfiable(&rule.when, &pack.catalog) {
            findings.push(Finding::error(
                Diagnostic::at(
                    &shown(&rule.file),
                    rule.pos,
                    format!(
                        "the condition can never be true: {}",
                        rule.when.describe(&pack.catalog)
                    ),
                )
                .with_hint(Some(
                    "it contradicts itself or the catalog's ranges, so the rule never fires"
                        .to_string(),
                ))
                .with_rule(Some(&rule.id)),
            ));
        }
    }
    let reps = analysis::representatives(pack);
    let patterns_file = shown("patterns.yaml");
    let positions = pattern_positions(pack);
    for (p, pattern) in pack.patterns.iter().enumerate() {
        let reach = analysis::reachable(pack, &reps, p);
        let pos = positions.get(p).copied().flatten();
        match reach {
            Reach::Yes => {}
            // Components make a system hybrid whatever hybrid scores, unless it is always vetoed.
            Reach::Never if Some(p) == pack.hybrid && hybrid_by_components(pack) => {}
            Reach::Never => findings.push(Finding::error(
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
            Reach::Unknown => findings.push(Finding::warning(Diagnostic::new(
                &patterns_file,
                pos,
                format!(
                    "could not prove that pattern `{}` can be recommended within the search budget",
                    pattern.id
                ),
            ))),
        }
    }
    let mut read = vec![false; pack.catalog.len()];
    for rule in &pack.rules {
        rule.when.visit_fields(&mut |f| {
            if let Some(slot) = read.get_mut(f) {
                *slot = true;
            }
        });
    }
    let catalog_file = shown("catalog.yaml");
    for (f, field) in pack.catalog.fields.iter().enumerate() {
        if !read[f] {
            findings.push(Finding::warning(
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

/// Whether components can make some profile hybrid: a component can differ from the system
/// (some field is `per_component`) and hybrid is not vetoed for every profile.
fn hybrid_by_components(pack: &RulePack) -> bool {
    let Some(h) = pack.hybrid else {
        return false;
    };
    let vetoes: Vec<Cond> = pack
        .rules
        .iter()
        .filter(|r| r.pattern == h && r.effect == Effect::Veto)
        .map(|r| r.when.clone())
        .collect();
    let never_vetoed = Cond::Not(Box::new(Cond::Any(vetoes)));
    pack.catalog.fields.iter().any(|f| f.per_component)
        && sat::satisfiable(&never_vetoed, &pack.catalog)
}

/// Where each pattern is defined in `patterns.yaml` (the loaded pack keeps no positions for them).
fn pattern_positions(pack: &RulePack) -> Vec<Option<Pos>> {
    let Some(file) = pack.files.iter().find(|f| f.path == "patterns.yaml") else {
        return vec![None; pack.patterns.len()];
    };
    let items: Vec<Node> = yaml::parse(&file.text)
        .ok()
        .and_then(|mut docs| docs.pop())
        .and_then(|doc| {
            doc.as_map()?
                .iter()
                .find(|(k, _)| k.as_str() == Some("patterns"))
                .and_then(|(_, v)| v.as_seq().map(<[Node]>::to_vec))
        })
        .unwrap_or_default();
    pack.patterns
        .iter()
        .map(|p| {
            items
                .iter()
                .find(|item| {
                    item.as_map().is_some_and(|m| {
                        m.iter()
                            .any(|(k, v)| k.as_str() == Some("id") && v.as_str() == Some(&*p.id))
                    })
                })
                .map(|item| item.pos)
        })
        .collect()
}
