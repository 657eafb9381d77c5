//! The decision: a rule pack and a profile in, an [`Evaluation`] out.
//!
//! Pure and deterministic: no I/O, no printing, no global state. Everything a report shows is in
//! the returned value, so renderers only format.

pub mod diff;
mod whatif;

use crate::pack::catalog::Value;
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use crate::profile::Profile;
pub use whatif::WhatIf;

/// Scores, vetoes and fired rules for one set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Points per pattern (pack order).
    pub scores: Vec<f64>,
    pub vetoed: Vec<bool>,
    /// Indices of the rules whose condition held, in pack order.
    pub fired: Vec<usize>,
    /// Candidate patterns, best first: eligible ones by score (ties to the simpler), then the
    /// vetoed ones.
    pub ranking: Vec<usize>,
}

impl Outcome {
    /// The best pattern: the first of the ranking.
    pub fn best(&self) -> usize {
        self.ranking.first().copied().unwrap_or(0)
    }

    pub fn score(&self, pattern: usize) -> f64 {
        self.scores.get(pattern).copied().unwrap_or(0.0)
    }

    pub fn is_vetoed(&self, pattern: usize) -> bool {
        self.vetoed.get(pattern).copied().unwrap_or(false)
    }
}

/// One component's own decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentResult {
    pub name: String,
    pub recommendation: usize,
    pub outcome: Outcome,
}

/// Whether the architecture in use today still fits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fit {
    /// It is the recommendation.
    Same,
    /// Not the recommendation, but within the pack's close-call margin of it (gap in points).
    WithinMargin(f64),
    /// It is vetoed for this profile.
    Vetoed,
    /// It trails the recommendation by more than the margin (gap in points).
    Behind(f64),
    /// Components need different patterns, so only `hybrid` fits.
    NeedsHybrid,
}

impl Fit {
    pub fn is_match(self) -> bool {
        matches!(self, Fit::Same | Fit::WithinMargin(_))
    }
}

/// Everything decided about one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub recommendation: usize,
    /// All patterns, best first, as reports show them.
    pub ranking: Vec<usize>,
    /// The whole profile's own scores and fired rules.
    pub system: Outcome,
    /// The system's best pattern other than hybrid: what the parts without components get.
    pub core: usize,
    /// Hybrid was chosen because components need other patterns than the core.
    pub by_components: bool,
    pub components: Vec<ComponentResult>,
    /// The best eligible alternative to the recommendation.
    pub runner_up: Option<usize>,
    /// The runner-up is within the pack's margin: the answer is fragile.
    pub close_call: bool,
    /// Every pattern was vetoed; the recommendation is the least bad by score.
    pub all_vetoed: bool,
    pub what_if: Vec<WhatIf>,
    pub fit: Option<Fit>,
}

impl Evaluation {
    /// Rules that fired for `pattern` on the system profile, strongest first.
    pub fn reasons_for(&self, pack: &RulePack, pattern: usize) -> Vec<usize> {
        self.system.reasons_for(pack, pattern)
    }

    /// Points between the recommendation and `pattern` (positive when `pattern` trails).
    pub fn gap(&self, pattern: usize) -> f64 {
        self.system.score(self.recommendation) - self.system.score(pattern)
    }
}

impl Outcome {
    fn fired_for<'p>(
        &'p self,
        pack: &'p RulePack,
        pattern: usize,
    ) -> impl Iterator<Item = usize> + 'p {
        self.fired
            .iter()
            .copied()
            .filter(move |&i| pack.rule(i).is_some_and(|r| r.pattern == pattern))
    }

    /// Rules that fired for `pattern`: vetoes first, then by effect, largest first (ties in
    /// pack order).
    pub fn reasons_for(&self, pack: &RulePack, pattern: usize) -> Vec<usize> {
        let mut rules: Vec<usize> = self.fired_for(pack, pattern).collect();
        rules.sort_by(|&a, &b| effect(pack, b).total_cmp(&effect(pack, a)).then(a.cmp(&b)));
        rules
    }

    /// The rules that count against `pattern`: its vetoes, then its penalties, worst first.
    pub fn against(&self, pack: &RulePack, pattern: usize) -> Vec<usize> {
        let mut rules: Vec<usize> = self
            .fired_for(pack, pattern)
            .filter(|&i| effect(pack, i) < 0.0 || effect(pack, i).is_infinite())
            .collect();
        rules.sort_by(|&a, &b| {
            let (ea, eb) = (effect(pack, a), effect(pack, b));
            eb.is_infinite()
                .cmp(&ea.is_infinite())
                .then(ea.total_cmp(&eb))
                .then(a.cmp(&b))
        });
        rules
    }
}

/// A rule's effect as a number; a veto counts as infinitely strong.
fn effect(pack: &RulePack, rule: usize) -> f64 {
    match pack.rule(rule).map(|r| r.effect) {
        Some(Effect::Veto) => f64::INFINITY,
        Some(Effect::Score(s)) => s,
        None => 0.0,
    }
}

/// Evaluates a profile: the ranking, the components, the what-if changes and the fit.
pub fn evaluate(pack: &RulePack, profile: &Profile) -> Evaluation {
    let decision = decide(pack, &profile.values, &profile.components, true);
    let Decision {
        recommendation,
        system,
        core,
        by_components,
        components,
    } = decision;
    let ranking = if by_components {
        let mut r = vec![recommendation];
        r.extend(
            system
                .ranking
                .iter()
                .copied()
                .filter(|&p| p != recommendation),
        );
        r
    } else {
        system.ranking.clone()
    };
    let all_vetoed = !by_components && system.is_vetoed(recommendation);
    let runner_up = if by_components {
        Some(core)
    } else {
        ranking.get(1).copied().filter(|&p| !system.is_vetoed(p))
    };
    let margin = pack.meta.close_call_margin;
    let close_call = !by_components
        && !all_vetoed
        && runner_up.is_some_and(|p| system.score(recommendation) - system.score(p) < margin);
    let fit = profile.current.map(|current| {
        if current == recommendation {
            Fit::Same
        } else if by_components {
            Fit::NeedsHybrid
        } else if system.is_vetoed(current) {
            Fit::Vetoed
        } else {
            let gap = system.score(recommendation) - system.score(current);
            if gap <= margin {
                Fit::WithinMargin(gap)
            } else {
                Fit::Behind(gap)
            }
        }
    });
    let what_if = whatif::find(pack, profile, recommendation, &system, &components);
    Evaluation {
        recommendation,
        ranking,
        system,
        core,
        by_components,
        components,
        runner_up,
        close_call,
        all_vetoed,
        what_if,
        fit,
    }
}

struct Decision {
    recommendation: usize,
    system: Outcome,
    core: usize,
    by_components: bool,
    components: Vec<ComponentResult>,
}

/// The decision for a set of values and components. `detail` keeps fired rules (the what-if
/// search only needs the answer).
fn decide(
    pack: &RulePack,
    values: &[Value],
    components: &[crate::profile::Component],
    detail: bool,
) -> Decision {
    let system = outcome(pack, values, None, detail);
    let core = if pack.hybrid.is_some() {
        outcome_best_excluding(&system, pack.hybrid)
    } else {
        system.best()
    };
    let results: Vec<ComponentResult> = components
        .iter()
        .map(|c| {
            let o = outcome(pack, &c.overlay(values), pack.hybrid, detail);
            ComponentResult {
                name: c.name.clone(),
                recommendation: o.best(),
                outcome: o,
            }
        })
        .collect();
    let hybrid_ok = pack.hybrid.is_some_and(|h| !system.is_vetoed(h));
    let differ = results.iter().any(|c| c.recommendation != core);
    let (recommendation, by_components) = match pack.hybrid {
        Some(h) if differ && hybrid_ok && system.best() != h => (h, true),
        _ => (system.best(), false),
    };
    Decision {
        recommendation,
        system,
        core,
        by_components,
        components: results,
    }
}

fn outcome_best_excluding(o: &Outcome, exclude: Option<usize>) -> usize {
    o.ranking
        .iter()
        .copied()
        .find(|&p| Some(p) != exclude)
        .unwrap_or_else(|| o.best())
}

/// Applies every rule to `values`. `exclude` removes a pattern from the ranking (components
/// are never themselves "hybrid").
fn outcome(pack: &RulePack, values: &[Value], exclude: Option<usize>, detail: bool) -> Outcome {
    let n = pack.patterns.len();
    let mut scores = vec![0.0; n];
    let mut vetoed = vec![false; n];
    let mut fired = Vec::new();
    for (i, rule) in pack.rules.iter().enumerate() {
        if !rule.when.eval(values) {
            continue;
        }
        match rule.effect {
            Effect::Score(s) => {
                if let Some(slot) = scores.get_mut(rule.pattern) {
                    *slot += s;
                }
            }
            Effect::Veto => {
                if let Some(slot) = vetoed.get_mut(rule.pattern) {
                    *slot = true;
                }
            }
        }
        if detail {
            fired.push(i);
        }
    }
    let ranking = rank(&scores, &vetoed, exclude);
    Outcome {
        scores,
        vetoed,
        fired,
        ranking,
    }
}

/// Eligible patterns by score, best first, a tie going to the simpler (earlier) pattern; then
/// the vetoed ones the same way.
fn rank(scores: &[f64], vetoed: &[bool], exclude: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&p| Some(p) != exclude).collect();
    order.sort_by(|&a, &b| {
        let va = vetoed.get(a).copied().unwrap_or(false);
        let vb = vetoed.get(b).copied().unwrap_or(false);
        va.cmp(&vb)
            .then_with(|| scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    order
}

#[cfg(test)]
mod tests;
