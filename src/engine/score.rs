//! Scoring: the points and vetoes the fired rules give each pattern, the one ranking rule, and
//! how components turn a system into a hybrid. Evaluation, the what-if search and the analysis
//! of a whole pack all decide through this module, so a tie-break is changed in one place.

use crate::pack::{Effect, IdVec, PatternId, Rule, RulePack};
use std::cmp::Ordering;

/// Points and vetoes per pattern, from the rules that fired. Rules can be added and taken out
/// again, which is what the what-if search and the analysis do to ask "and without this rule?".
#[derive(Debug, PartialEq)]
pub struct Tally {
    scores: IdVec<PatternId, f64>,
    /// How many veto rules fired for each pattern.
    vetoes: IdVec<PatternId, u32>,
}

/// By hand, so `clone_from` reuses the allocations (the what-if search's inner loop).
impl Clone for Tally {
    fn clone(&self) -> Self {
        Tally {
            scores: self.scores.clone(),
            vetoes: self.vetoes.clone(),
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.scores.clone_from(&source.scores);
        self.vetoes.clone_from(&source.vetoes);
    }
}

impl Tally {
    /// Nothing fired yet: every pattern at 0 points, none vetoed.
    pub fn new(pack: &RulePack) -> Tally {
        Tally {
            scores: IdVec::filled(pack.patterns.len(), 0.0),
            vetoes: IdVec::filled(pack.patterns.len(), 0),
        }
    }

    /// A tally of no pattern, to be filled by `clone_from` (see the what-if search's scratch).
    pub(crate) fn empty() -> Tally {
        Tally {
            scores: IdVec::new(),
            vetoes: IdVec::new(),
        }
    }

    /// Adds a fired rule's effect.
    pub fn add(&mut self, rule: &Rule) {
        match rule.effect {
            Effect::Score(s) => self.scores[rule.pattern] += s,
            Effect::Veto => self.vetoes[rule.pattern] = self.vetoes[rule.pattern].saturating_add(1),
        }
    }

    /// Takes a rule's effect out again.
    pub fn remove(&mut self, rule: &Rule) {
        match rule.effect {
            Effect::Score(s) => self.scores[rule.pattern] += -s,
            Effect::Veto => self.vetoes[rule.pattern] = self.vetoes[rule.pattern].saturating_sub(1),
        }
    }

    /// Back to nothing fired, keeping the allocations.
    pub fn clear(&mut self) {
        self.scores.iter_mut().for_each(|s| *s = 0.0);
        self.vetoes.iter_mut().for_each(|v| *v = 0);
    }

    pub fn score(&self, p: PatternId) -> f64 {
        self.scores[p]
    }

    pub fn is_vetoed(&self, p: PatternId) -> bool {
        self.vetoes[p] > 0
    }

    /// The ranking rule: patterns that are not vetoed come before vetoed ones, then the higher
    /// score first, and a tie goes to the simpler pattern (the earlier one in the pack: the
    /// article's "start simple").
    pub fn order(&self, a: PatternId, b: PatternId) -> Ordering {
        ranks_before(
            (self.is_vetoed(a), self.score(a), a),
            (self.is_vetoed(b), self.score(b), b),
        )
    }

    /// Every pattern but `exclude`, best first.
    pub fn ranking(&self, exclude: Option<PatternId>) -> Vec<PatternId> {
        let mut order: Vec<PatternId> = self.scores.ids().filter(|&p| Some(p) != exclude).collect();
        order.sort_by(|&a, &b| self.order(a, b));
        order
    }

    /// The first pattern of [`Tally::ranking`], without building it. `None` only when the pack
    /// has no pattern but `exclude`.
    pub fn best(&self, exclude: Option<PatternId>) -> Option<PatternId> {
        self.scores
            .ids()
            .filter(|&p| Some(p) != exclude)
            .min_by(|&a, &b| self.order(a, b))
    }
}

/// The ranking rule on its own (vetoed, score, pattern), for searches that bound scores rather
/// than tally them: `Less` when `a` ranks before `b`.
pub(crate) fn ranks_before(a: (bool, f64, PatternId), b: (bool, f64, PatternId)) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| b.1.total_cmp(&a.1))
        .then(a.2.cmp(&b.2))
}

/// What the system's own tally says, before its components are heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Standing {
    /// The best pattern.
    best: PatternId,
    /// The best pattern other than hybrid: what the parts without components get.
    core: PatternId,
    /// Components could make the answer hybrid: hybrid exists, is not vetoed, and is not
    /// already the best.
    hybrid_open: bool,
}

impl Standing {
    pub(crate) fn of(pack: &RulePack, system: &Tally) -> Standing {
        let best = system.best(None).unwrap_or_else(|| pack.simplest());
        let hybrid = pack.hybrid();
        Standing {
            best,
            core: hybrid.and_then(|h| system.best(Some(h))).unwrap_or(best),
            hybrid_open: hybrid.is_some_and(|h| !system.is_vetoed(h) && best != h),
        }
    }
}

/// The system's answer, once its own tally and its components' answers are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub recommendation: PatternId,
    /// The system's best pattern other than hybrid: what the parts without components get.
    pub core: PatternId,
    /// Hybrid was chosen because components need other patterns than the core.
    pub by_components: bool,
}

/// How components make a system hybrid: when some component's own best pattern (hybrid left
/// out) differs from the core, hybrid is not vetoed and not already the answer. `components`
/// is consulted only when that could matter, and only as far as needed, so a search can
/// compute components' answers lazily.
pub(crate) fn decide(
    pack: &RulePack,
    system: Standing,
    components: impl IntoIterator<Item = PatternId>,
) -> Decision {
    let Standing {
        best,
        core,
        hybrid_open,
    } = system;
    let hybrid = pack.hybrid().filter(|_| hybrid_open);
    let by_components = hybrid.is_some() && components.into_iter().any(|c| c != core);
    Decision {
        recommendation: match hybrid {
            Some(h) if by_components => h,
            _ => best,
        },
        core,
        by_components,
    }
}

/// The recommendation for a component: its own best pattern, hybrid left out (a part of a
/// system is never itself "hybrid").
pub(crate) fn component_best(pack: &RulePack, tally: &Tally) -> PatternId {
    tally.best(pack.hybrid()).unwrap_or_else(|| pack.simplest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranking_rule_puts_eligible_first_then_score_then_the_simpler() {
        let pack = crate::test_support::small_pack();
        let id = |name: &str| pack.pattern_index(name).unwrap();
        let mut t = Tally::new(&pack);
        for rule in pack.rules.iter() {
            match &*rule.id {
                // serverless +4, microservices +4 +1, serverless vetoed
                "s.spiky" | "x.big" | "x.teams" => t.add(rule),
                _ => {}
            }
        }
        assert_eq!(t.best(None), Some(id("microservices")));
        let teams = pack.rules.iter().find(|r| r.id == "x.teams").unwrap();
        t.remove(teams);
        // 4 points each: the tie goes to the simpler pattern.
        assert_eq!(t.best(None), Some(id("serverless")));
        let veto = pack.rules.iter().find(|r| r.id == "s.long").unwrap();
        t.add(veto);
        assert_eq!(
            t.ranking(None),
            [
                id("microservices"),
                id("monolith"),
                id("hybrid"),
                id("serverless")
            ]
        );
        assert_eq!(t.best(Some(id("microservices"))), Some(id("monolith")));
    }
}
