//! What `archfit check` concludes about each input: whether the architecture a team runs
//! (`current:`) still fits its profile, whether the answer is fragile, and which inputs were
//! invalid.
//!
//! "Fits" is the engine's [`Fit`]: the current architecture fits when it is the
//! recommendation, or when it is not vetoed and trails the recommendation by no more than the
//! pack's `close_call_margin` (so a near-tie never breaks a build). When components make the
//! system hybrid, only `hybrid` fits. A close call (the recommendation beats its runner-up by
//! less than the margin) is a warning; `--strict` makes warnings errors.
//!
//! Everything here is decided once, so the renderers of `check`'s formats only format.

use super::{percent, Evaluation, Fit};
use crate::pack::{Diagnostic, PatternId, Pos, RuleId, RulePack};
use crate::profile::Profile;

/// How serious a finding is. A check fails on any error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Error,
    Warning,
}

impl Level {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// What a finding is about; each category is one SARIF rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// The current architecture does not fit.
    Misfit,
    /// The recommendation wins by less than the pack's margin.
    CloseCall,
    /// The input could not be read or is not a valid profile.
    Invalid,
    /// Open answers leave it undecided whether the current architecture fits.
    Unsettled,
}

impl Category {
    pub(crate) const ALL: [Category; 4] = [
        Category::Misfit,
        Category::CloseCall,
        Category::Invalid,
        Category::Unsettled,
    ];

    /// A stable id, used as SARIF rule id and in JSON.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Category::Misfit => "misfit",
            Category::CloseCall => "close-call",
            Category::Invalid => "invalid-profile",
            Category::Unsettled => "unsettled",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            Category::Misfit => "The current architecture does not fit the profile",
            Category::CloseCall => {
                "Close call: the recommendation wins by less than the pack's margin"
            }
            Category::Invalid => "The profile is invalid",
            Category::Unsettled => {
                "Open answers leave it undecided whether the current architecture fits"
            }
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub category: Category,
    pub level: Level,
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
}

/// The outcome for one valid profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Fits,
    Misfit,
    /// The current architecture fits only some of the ways the open answers could turn out.
    Unsettled,
    /// No `current:`: the profile was validated and evaluated, but there is nothing to compare.
    ValidatedOnly,
}

impl Verdict {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Verdict::Fits => "fits",
            Verdict::Misfit => "misfit",
            Verdict::Unsettled => "unsettled",
            Verdict::ValidatedOnly => "validated-only",
        }
    }
}

/// One valid, evaluated profile.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub name: String,
    pub source: String,
    /// Where the profile starts (and where `current:` is, if given).
    pub pos: Pos,
    pub current_pos: Option<Pos>,
    pub current: Option<String>,
    pub recommendation: String,
    pub verdict: Verdict,
    /// The sentence that decided the verdict (or the recommendation, without `current:`).
    pub reason: String,
    pub findings: Vec<Finding>,
}

/// One input that could not be checked, with every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub source: String,
    pub findings: Vec<Finding>,
}

/// One input of a check, in input order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    Checked(Checked),
    Invalid(Invalid),
}

impl Entry {
    pub(crate) fn findings(&self) -> &[Finding] {
        match self {
            Entry::Checked(c) => &c.findings,
            Entry::Invalid(i) => &i.findings,
        }
    }
}

/// Counts over a whole check, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub fits: usize,
    pub misfits: usize,
    pub unsettled: usize,
    pub validated_only: usize,
    pub invalid: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub(crate) fn of(entries: &[Entry]) -> Counts {
        let mut c = Counts::default();
        for e in entries {
            match e {
                Entry::Checked(x) => match x.verdict {
                    Verdict::Fits => c.fits += 1,
                    Verdict::Misfit => c.misfits += 1,
                    Verdict::Unsettled => c.unsettled += 1,
                    Verdict::ValidatedOnly => c.validated_only += 1,
                },
                Entry::Invalid(_) => c.invalid += 1,
            }
            for f in e.findings() {
                match f.level {
                    Level::Error => c.errors += 1,
                    Level::Warning => c.warnings += 1,
                }
            }
        }
        c
    }

    /// Every input checked: each has exactly one of the outcomes counted above.
    pub(crate) fn total(&self) -> usize {
        self.fits + self.misfits + self.unsettled + self.validated_only + self.invalid
    }
}

/// Turns the problems of an invalid input into findings (always errors).
pub(crate) fn invalid(diags: &[Diagnostic]) -> Invalid {
    let source = diags.first().map_or_else(String::new, |d| d.file.clone());
    let findings = diags
        .iter()
        .map(|d| {
            let mut message = match &d.rule {
                Some(rule) => format!("rule `{rule}`: {}", d.message),
                None => d.message.clone(),
            };
            if let Some(hint) = &d.hint {
                message.push_str(&format!(" ({hint})"));
            }
            Finding {
                category: Category::Invalid,
                level: Level::Error,
                file: d.file.clone(),
                pos: d.pos,
                message,
            }
        })
        .collect();
    Invalid { source, findings }
}

/// Compares one evaluated profile's `current:` with its recommendation. With `strict`,
/// warnings are raised to errors, so every output format agrees with the exit code.
pub(crate) fn assess(
    pack: &RulePack,
    profile: &Profile,
    eval: &Evaluation,
    strict: bool,
) -> Checked {
    let id = |p: PatternId| pack.pattern_id(p).to_string();
    let rec = eval.recommendation;
    let margin = score(pack.meta.close_call_margin);
    let because = |rule: Option<RuleId>| {
        rule.map(|i| {
            let r = &pack.rules[i];
            format!("{} [{}]", r.because, r.id)
        })
    };
    let components_reason = || {
        pack.meta
            .components_rule
            .as_ref()
            .map(|c| format!("{} [{}]", c.because, c.id))
    };
    let why_rec = || {
        let top = if eval.by_components {
            components_reason()
        } else {
            because(eval.reasons_for(pack, rec).first().copied())
        };
        top.unwrap_or_else(|| format!("{} scores best", id(rec)))
    };
    let at = profile.current_pos.unwrap_or(profile.pos);
    let mut findings = Vec::new();
    let (verdict, reason) = match (profile.current, eval.fit) {
        (Some(current), Some(fit)) => {
            let cur = id(current);
            let reason = match fit {
                Fit::Same => why_rec(),
                Fit::WithinMargin(gap) => format!(
                    "{cur} trails {} by {} points, within the pack's margin of {margin}",
                    id(rec),
                    score(gap)
                ),
                Fit::Vetoed => {
                    let veto = because(eval.system.against(pack, current).first().copied());
                    format!(
                        "{cur} is vetoed for this profile: {}",
                        veto.unwrap_or_else(|| "a rule rules it out".to_string())
                    )
                }
                Fit::Behind(gap) => {
                    let against = because(eval.system.against(pack, current).first().copied())
                        .unwrap_or_else(why_rec);
                    format!(
                        "{cur} trails {} by {} points, more than the pack's margin of {margin}: {against}",
                        id(rec),
                        score(gap)
                    )
                }
                Fit::NeedsHybrid => format!(
                    "components need other patterns than the core, so only {} fits: {}",
                    id(rec),
                    components_reason().unwrap_or_else(why_rec)
                ),
                Fit::Partly(share) => unsettled(pack, profile, eval, &cur, share),
            };
            if let Fit::Partly(_) = fit {
                findings.push(Finding {
                    category: Category::Unsettled,
                    level: if strict { Level::Error } else { Level::Warning },
                    file: profile.source.clone(),
                    pos: Some(at),
                    message: format!("{}: {reason}", profile.name),
                });
                (Verdict::Unsettled, reason)
            } else if fit.is_match() {
                (Verdict::Fits, reason)
            } else {
                findings.push(Finding {
                    category: Category::Misfit,
                    level: Level::Error,
                    file: profile.source.clone(),
                    pos: Some(at),
                    message: format!(
                        "{}: `current: {cur}` does not fit; archfit recommends {}. {reason}",
                        profile.name,
                        id(rec)
                    ),
                });
                (Verdict::Misfit, reason)
            }
        }
        _ => (Verdict::ValidatedOnly, why_rec()),
    };
    if verdict != Verdict::ValidatedOnly && eval.close_call {
        if let Some(runner) = eval.runner_up {
            findings.push(Finding {
                category: Category::CloseCall,
                level: if strict { Level::Error } else { Level::Warning },
                file: profile.source.clone(),
                pos: Some(at),
                message: if eval.gap(runner) > 0.0 {
                    format!(
                        "{}: close call: {} leads {} by only {} points (the pack's margin is {margin}), so a small change to the profile could flip the recommendation",
                        profile.name,
                        id(rec),
                        id(runner),
                        score(eval.gap(runner))
                    )
                } else {
                    format!(
                        "{}: close call: {} and {} are tied at {} points and the tie goes to the simpler {}, so any change to the profile that favours {} flips the recommendation",
                        profile.name,
                        id(rec),
                        id(runner),
                        score(eval.system.score(rec)),
                        id(rec),
                        id(runner)
                    )
                },
            });
        }
    }
    Checked {
        name: profile.name.clone(),
        source: profile.source.clone(),
        pos: profile.pos,
        current_pos: profile.current_pos,
        current: profile.current.map(id),
        recommendation: id(rec),
        verdict,
        reason,
        findings,
    }
}

/// Points as every report prints them: one decimal.
fn score(points: f64) -> String {
    format!("{points:.1}")
}

/// Why a fit is undecided: how much of what the profile leaves open it fits, and which open
/// answers to settle first.
fn unsettled(
    pack: &RulePack,
    profile: &Profile,
    eval: &Evaluation,
    current: &str,
    share: f64,
) -> String {
    let rec = pack.pattern_id(eval.recommendation);
    let mut text = format!(
        "`current: {current}` fits only {} of what the profile leaves open ({rec} is recommended)",
        percent(share)
    );
    let decisive = eval
        .certainty
        .iter()
        .flat_map(|c| c.decisive.iter().take(3));
    let list: Vec<String> = decisive
        .map(|d| format!("{} ({})", d.name(pack, profile), d.describe(pack)))
        .collect();
    if !list.is_empty() {
        text.push_str(&format!("; find out first: {}", list.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_input_keeps_every_problem_with_its_hint_and_position() {
        let diags = vec![
            Diagnostic::at("p.yaml", Pos { line: 3, col: 10 }, "`bursty` is not valid")
                .with_hint(Some("did you mean `spiky`?".to_string())),
            Diagnostic::new("p.yaml", None, "missing required field `devops`"),
        ];
        let inv = invalid(&diags);
        assert_eq!(inv.source, "p.yaml");
        assert_eq!(inv.findings.len(), 2);
        assert_eq!(
            inv.findings[0].message,
            "`bursty` is not valid (did you mean `spiky`?)"
        );
        assert_eq!(inv.findings[0].pos, Some(Pos { line: 3, col: 10 }));
        assert!(inv
            .findings
            .iter()
            .all(|f| f.level == Level::Error && f.category == Category::Invalid));
        let counts = Counts::of(&[Entry::Invalid(inv)]);
        assert_eq!((counts.invalid, counts.errors, counts.total()), (1, 2, 1));
    }
}
