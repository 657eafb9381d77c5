//! The decision: a rule pack and a profile in, an [`Evaluation`] out.
//!
//! Pure and deterministic: no I/O, no printing, no global state. Everything a report shows is in
//! the returned value, so renderers only format. [`Engine`] holds what is derived from a pack
//! once (which rules read each field, the values at which a field can change a rule), so a run
//! over many profiles derives it once.

pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod partial;
mod score;
mod separation;
mod uncertain;
mod whatif;

use crate::pack::{limits, Effect, FieldId, IdVec, PatternId, RuleId, RulePack, Value};
use crate::profile::Profile;
pub use score::Tally;
pub(crate) use score::{component_best, decide, ranks_before, Decision, Standing};
pub use separation::Separation;
pub use uncertain::{percent, Branch, Cell, Certainty, Decisive, Likely, LookAhead};
pub use whatif::WhatIf;

/// A rule pack ready to evaluate profiles: the pack, and the indexes over its rules that the
/// what-if search and the analysis use. Made once per run and shared by every thread.
pub struct Engine<'p> {
    pub pack: &'p RulePack,
    /// Per integer field: the values on both sides of every constant the rules compare it
    /// with, sorted and unique. A decision can only change at these values.
    thresholds: IdVec<FieldId, Vec<i64>>,
    /// Per field: the rules whose condition reads it, in pack order. Changing one field can
    /// only change these rules' outcome.
    readers: IdVec<FieldId, Vec<RuleId>>,
    /// The same, among the rules that judge components (see [`Judged`]).
    part_readers: IdVec<FieldId, Vec<RuleId>>,
    /// Whether every sum of the pack's scores is exact in `f64` whatever the order (see
    /// [`exact_sums`]).
    exact: bool,
}

impl<'p> Engine<'p> {
    pub fn new(pack: &'p RulePack) -> Engine<'p> {
        let fields = pack.catalog.len();
        let mut thresholds: IdVec<FieldId, Vec<i64>> = IdVec::filled(fields, Vec::new());
        let mut readers: IdVec<FieldId, Vec<RuleId>> = IdVec::filled(fields, Vec::new());
        for (r, rule) in pack.rules.iter_enumerated() {
            rule.when.visit_thresholds(&mut |f, c| {
                thresholds[f].extend([c.saturating_sub(1), c, c.saturating_add(1)]);
            });
            rule.when.visit_fields(&mut |f| {
                if readers[f].last() != Some(&r) {
                    readers[f].push(r);
                }
            });
        }
        let part_readers = readers
            .iter()
            .map(|list| {
                let parts = list.iter().copied();
                parts.filter(|&r| Judged::Part.applies(pack, r)).collect()
            })
            .collect();
        for list in thresholds.iter_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Engine {
            pack,
            thresholds,
            readers,
            part_readers,
            exact: exact_sums(pack),
        }
    }

    /// The values of integer field `field` at which some rule's comparison changes truth,
    /// with their neighbours: nothing else needs trying.
    pub(crate) fn thresholds(&self, field: FieldId) -> &[i64] {
        &self.thresholds[field]
    }

    /// The rules that judge `judged` and whose condition reads `field`, in pack order.
    pub(crate) fn rules_reading(&self, field: FieldId, judged: Judged) -> &[RuleId] {
        match judged {
            Judged::System => &self.readers[field],
            Judged::Part => &self.part_readers[field],
        }
    }

    /// Every rule that judges the system applied to `values`: the tally and, in pack order,
    /// the rules that fired.
    pub fn tally(&self, values: &IdVec<FieldId, Value>) -> (Tally, Vec<RuleId>) {
        self.tally_of(values, Judged::System)
    }

    /// Every rule that judges `judged` applied to `values`.
    fn tally_of(&self, values: &IdVec<FieldId, Value>, judged: Judged) -> (Tally, Vec<RuleId>) {
        let mut tally = Tally::new(self.pack);
        let mut fired = Vec::new();
        for (i, rule) in self.pack.rules.iter_enumerated() {
            if judged.applies(self.pack, i) && rule.when.eval(values) {
                tally.add(rule);
                fired.push(i);
            }
        }
        (tally, fired)
    }

    /// Evaluates a profile: the ranking, the components, the what-if changes and the fit. A
    /// profile with open answers is weighed over every completion of them: the recommendation
    /// is the pattern that wins most, its reasons those of the most likely completion it wins,
    /// and [`Evaluation::certainty`] says how sure that is (the decisive unknowns replace the
    /// what-if changes).
    pub fn evaluate(&self, profile: &Profile) -> Evaluation {
        if profile.is_certain() {
            return self.evaluate_known(profile, true);
        }
        let weighed = uncertain::weigh(self, profile);
        let mut eval = self.evaluate_known(&weighed.completion, false);
        debug_assert_eq!(eval.recommendation, weighed.recommendation);
        if let Some(share) = weighed.certainty.fits.filter(|&s| s > 0.0 && s < 1.0) {
            eval.fit = Some(Fit::Partly(share));
        }
        eval.certainty = Some(weighed.certainty);
        eval
    }

    /// For the adaptive questionnaire: weighs `profile`'s open answers with the system's
    /// fields in `unsure` (answered "not sure") decided first, and says whether the other open
    /// fields (not asked yet) could still change the recommendation and which would settle most.
    pub fn look_ahead(&self, profile: &Profile, unsure: &[FieldId]) -> LookAhead {
        if profile.is_certain() {
            let eval = self.evaluate_known(profile, false);
            return LookAhead {
                recommendation: eval.recommendation,
                settled: true,
                later_matter: false,
                settles: Vec::new(),
                could_matter: 0,
            };
        }
        uncertain::look_ahead(self, profile, unsure)
    }

    /// Evaluates a profile with no open answer; the what-if search only when asked.
    fn evaluate_known(&self, profile: &Profile, what_if: bool) -> Evaluation {
        let pack = self.pack;
        let system = self.outcome(&profile.values, Judged::System);
        let components: Vec<ComponentResult> = profile
            .components
            .iter()
            .map(|c| {
                let outcome = self.outcome(&c.overlay(&profile.values), Judged::Part);
                ComponentResult {
                    name: c.name.clone(),
                    recommendation: component_best(pack, &outcome.tally),
                    outcome,
                }
            })
            .collect();
        let Decision {
            recommendation,
            core,
            by_components,
        } = decide(
            pack,
            Standing::of(pack, &system.tally),
            components.iter().map(|c| c.recommendation),
        );
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
            // When every pattern is vetoed, the least bad one is no fit either.
            if current == recommendation && all_vetoed {
                Fit::Vetoed
            } else if current == recommendation {
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
        let what_if = if what_if {
            whatif::find(self, profile, recommendation, &system, &components)
        } else {
            Vec::new()
        };
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
            certainty: None,
        }
    }

    /// The rules that judge `judged` applied to `values`, and the ranking (a part is never
    /// itself hybrid).
    fn outcome(&self, values: &IdVec<FieldId, Value>, judged: Judged) -> Outcome {
        let (tally, fired) = self.tally_of(values, judged);
        let exclude = match judged {
            Judged::System => None,
            Judged::Part => self.pack.hybrid(),
        };
        Outcome {
            ranking: tally.ranking(exclude),
            tally,
            fired,
        }
    }
}

/// What is being judged: the system as a whole (every rule), or one of its parts (the rules
/// about the nature of the work and the organisation's capacity, not its headcount or stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Judged {
    System,
    Part,
}

impl Judged {
    fn applies(self, pack: &RulePack, rule: RuleId) -> bool {
        match self {
            Judged::System => true,
            Judged::Part => pack.rules[rule].scope.applies_to_parts(),
        }
    }
}

/// Evaluates one profile. A run over many profiles makes one [`Engine`] and asks it instead.
pub fn evaluate(pack: &RulePack, profile: &Profile) -> Evaluation {
    Engine::new(pack).evaluate(profile)
}

/// Whether every sum of the pack's scores is exact in `f64`, whatever the order: true when each
/// score is a multiple of 1/1024 (the default pack uses whole and half points). The loader's
/// limits keep each score below 2^20 in size and the rules fewer than 2^20 (checked below, when
/// archfit is compiled), so every partial sum needs under 50 bits. Then the what-if search may
/// adjust a tally instead of adding up every fired rule in pack order.
fn exact_sums(pack: &RulePack) -> bool {
    pack.rules.iter().all(|r| match r.effect {
        Effect::Score(s) => (s * 1024.0).fract() == 0.0,
        Effect::Veto => true,
    })
}

/// The bounds [`exact_sums`] relies on: a pack the loader accepts has fewer than 2^20 rules,
/// each scoring less than 2^20 points either way.
const _: () = assert!(limits::MAX_RULES < 1 << 20 && limits::MAX_SCORE < (1 << 20) as f64);

/// Scores, vetoes and fired rules for one set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub tally: Tally,
    /// The rules whose condition held, in pack order.
    pub fired: Vec<RuleId>,
    /// Candidate patterns, best first: eligible ones by score (ties to the simpler), then the
    /// vetoed ones.
    pub ranking: Vec<PatternId>,
}

impl Outcome {
    pub fn score(&self, pattern: PatternId) -> f64 {
        self.tally.score(pattern)
    }

    pub fn is_vetoed(&self, pattern: PatternId) -> bool {
        self.tally.is_vetoed(pattern)
    }

    fn fired_for<'a>(
        &'a self,
        pack: &'a RulePack,
        pattern: PatternId,
    ) -> impl Iterator<Item = RuleId> + 'a {
        self.fired
            .iter()
            .copied()
            .filter(move |&i| pack.rules[i].pattern == pattern)
    }

    /// Rules that fired for `pattern`: vetoes first, then by effect, largest first (ties in
    /// pack order).
    pub fn reasons_for(&self, pack: &RulePack, pattern: PatternId) -> Vec<RuleId> {
        let mut rules: Vec<RuleId> = self.fired_for(pack, pattern).collect();
        rules.sort_by(|&a, &b| effect(pack, b).total_cmp(&effect(pack, a)).then(a.cmp(&b)));
        rules
    }

    /// The rules that count against `pattern`: its vetoes, then its penalties, worst first.
    pub fn against(&self, pack: &RulePack, pattern: PatternId) -> Vec<RuleId> {
        let mut rules: Vec<RuleId> = self
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

    /// The reasons for `pattern` that add points to it, strongest first: what a component's
    /// report shows as why it got its pattern.
    pub fn gains_for(&self, pack: &RulePack, pattern: PatternId) -> Vec<RuleId> {
        self.reasons_for(pack, pattern)
            .into_iter()
            .filter(|&i| matches!(pack.rules[i].effect, Effect::Score(s) if s > 0.0))
            .collect()
    }
}

/// A rule's effect as a number; a veto counts as infinitely strong.
fn effect(pack: &RulePack, rule: RuleId) -> f64 {
    match pack.rules[rule].effect {
        Effect::Veto => f64::INFINITY,
        Effect::Score(s) => s,
    }
}

/// One component's own decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentResult {
    pub name: String,
    pub recommendation: PatternId,
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
    /// Open answers leave it fitting only some completions (the share, between 0 and 1).
    Partly(f64),
}

impl Fit {
    pub fn is_match(self) -> bool {
        matches!(self, Fit::Same | Fit::WithinMargin(_))
    }
}

/// Everything decided about one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub recommendation: PatternId,
    /// All patterns, best first, as reports show them.
    pub ranking: Vec<PatternId>,
    /// The whole profile's own scores and fired rules.
    pub system: Outcome,
    /// The system's best pattern other than hybrid: what the parts without components get.
    pub core: PatternId,
    /// Hybrid was chosen because components need other patterns than the core.
    pub by_components: bool,
    pub components: Vec<ComponentResult>,
    /// The best eligible alternative to the recommendation.
    pub runner_up: Option<PatternId>,
    /// The runner-up is within the pack's margin: the answer is fragile.
    pub close_call: bool,
    /// Every pattern was vetoed; the recommendation is the least bad by score.
    pub all_vetoed: bool,
    pub what_if: Vec<WhatIf>,
    pub fit: Option<Fit>,
    /// For a profile with open answers: how sure the recommendation is. `None` when every
    /// answer is known (then it is settled).
    pub certainty: Option<Certainty>,
}

impl Evaluation {
    /// Rules that fired for `pattern` on the system profile, strongest first.
    pub fn reasons_for(&self, pack: &RulePack, pattern: PatternId) -> Vec<RuleId> {
        self.system.reasons_for(pack, pattern)
    }
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
