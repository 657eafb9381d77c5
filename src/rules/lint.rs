//! `rules lint`: every problem of a rule pack, not only the first.
//!
//! Loading a pack already validates it (unknown fields, values and patterns, duplicate ids,
//! out-of-range constants, missing `because`/`source`), collecting every problem of every file.
//! Lint adds what loading cannot see rule by rule: conditions that can never be true, patterns
//! no profile can get, catalog fields no rule reads, sources outside the pack's list of
//! sections, rules that judge components by the organisation's headcount, and steps along a
//! promised direction that move a pattern the wrong way.

use super::analyze::{reach_all, representatives, Reach};
use super::directions::{self, Finding};
use super::sat::{self, Sat};
use crate::engine::Engine;
use crate::pack::{
    Cond, Diagnostic, Effect, FieldId, IdVec, RuleId, RulePack, Scope, Value, META_FILE,
};

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
    findings.extend(sources(pack));
    findings.extend(scopes(pack));
    findings.extend(promises(pack));
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

/// With a list of sections in `pack.yaml`, every `source` must be one of them: a reason that
/// cites a section the source does not have cannot be checked by its reader.
fn sources(pack: &RulePack) -> Vec<Problem> {
    let sections = &pack.meta.sections;
    if sections.is_empty() {
        return Vec::new();
    }
    let known = |s: &str| sections.iter().any(|k| k == s);
    let hint = || {
        Some(format!(
            "cite one of the sections listed in {META_FILE}, or add it there"
        ))
    };
    let mut out = Vec::new();
    for rule in pack.rules.iter().filter(|r| !known(&r.source)) {
        out.push(Problem::error(
            Diagnostic::at(
                &pack.shown_path(&rule.file),
                rule.pos,
                format!(
                    "`source` {:?} is not a section of the source",
                    &*rule.source
                ),
            )
            .with_hint(hint())
            .with_rule(Some(&rule.id)),
        ));
    }
    for pattern in pack.patterns.iter().filter(|p| !known(&p.source)) {
        out.push(Problem::error(
            Diagnostic::at(
                &pack.shown_path(crate::pack::PATTERNS_FILE),
                pattern.pos,
                format!(
                    "pattern `{}`: `source` {:?} is not a section of the source",
                    pattern.id, &*pattern.source
                ),
            )
            .with_hint(hint()),
        ));
    }
    if let Some(c) = pack
        .meta
        .components_rule
        .as_ref()
        .filter(|c| !known(&c.source))
    {
        out.push(Problem::error(
            Diagnostic::new(
                &pack.shown_path(META_FILE),
                None,
                format!(
                    "`components_rule`: `source` {:?} is not a section of the source",
                    &*c.source
                ),
            )
            .with_hint(hint()),
        ));
    }
    out
}

/// A rule that judges parts (`scope: part`, the default) must not read a field that describes
/// the whole organisation (one components may not set): it would judge every component by the
/// organisation's headcount or stage.
fn scopes(pack: &RulePack) -> Vec<Problem> {
    let mut out = Vec::new();
    for rule in pack.rules.iter().filter(|r| r.scope == Scope::Part) {
        let mut organisation: Vec<&str> = Vec::new();
        rule.when.visit_fields(&mut |f| {
            let field = &pack.catalog.fields[f];
            if !field.per_component && !organisation.contains(&&*field.name) {
                organisation.push(&field.name);
            }
        });
        if !organisation.is_empty() {
            out.push(Problem::warning(
                Diagnostic::at(
                    &pack.shown_path(&rule.file),
                    rule.pos,
                    format!(
                        "the rule judges each component (`scope: part`) by the organisation's `{}`",
                        organisation.join("`, `")
                    ),
                )
                .with_hint(Some(
                    "give it `scope: organisation` if it judges the system as a whole, or `scope: capacity` if it is a limit every part shares"
                        .to_string(),
                ))
                .with_rule(Some(&rule.id)),
            ));
        }
    }
    out
}

/// The directions `pack.yaml` promises, proved over the whole profile space.
fn promises(pack: &RulePack) -> Vec<Problem> {
    let file = pack.shown_path(META_FILE);
    directions::check(pack)
        .into_iter()
        .map(|finding| match finding {
            Finding::Breach(b) => {
                let d = &pack.meta.directions[b.direction];
                let field = &pack.catalog.fields[d.field];
                let pattern = pack.pattern_id(b.pattern);
                let value = |v: Value| field.format(v);
                let with: Vec<String> = b
                    .with
                    .iter()
                    .map(|&(f, v)| {
                        let g = &pack.catalog.fields[f];
                        format!("{} = {}", g.name, g.format(v))
                    })
                    .collect();
                let standing = |(vetoed, score): (bool, f64)| {
                    if vetoed {
                        format!("vetoed, {score:+.1}")
                    } else {
                        format!("{score:+.1}")
                    }
                };
                let ids: Vec<String> = b.rules.iter().map(|&r: &RuleId| pack.rules[r].id.to_string()).collect();
                let moved = if b.never_down { "lowers" } else { "raises" };
                let mut message = format!(
                    "moving `{}` from {} to {} {moved} `{pattern}` ({} -> {})",
                    field.name,
                    value(b.from),
                    value(b.to),
                    standing(b.before),
                    standing(b.after)
                );
                if !with.is_empty() {
                    message.push_str(&format!(" when {}", with.join(", ")));
                }
                message.push_str(&format!("; rules: {}", ids.join(", ")));
                let promise = if b.never_down { "never_down" } else { "never_up" };
                Problem::warning(Diagnostic::at(&file, d.pos, message).with_hint(Some(format!(
                    "the pack promises `{pattern}` is {promise} as `{}` moves",
                    field.name
                ))))
            }
            Finding::Unknown { direction, pattern } => {
                let d = &pack.meta.directions[direction];
                Problem::warning(Diagnostic::at(
                    &file,
                    d.pos,
                    format!(
                        "could not prove within the search budget that `{}` keeps its direction as `{}` moves",
                        pack.pattern_id(pattern),
                        pack.catalog.fields[d.field].name
                    ),
                ))
            }
        })
        .collect()
}
