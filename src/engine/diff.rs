//! Comparing two evaluated profiles: what changed in the profile, how the ranking moved, and
//! which rules made the difference. Pure, like the rest of the engine; renderers format it.

use super::Evaluation;
use crate::pack::{FieldId, PatternId, RuleId, RulePack, Value};
use crate::profile::{Open, Profile};

/// One field whose value, or whose given/assumed status, differs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldChange {
    pub field: FieldId,
    pub old: Value,
    pub new: Value,
    pub old_assumed: bool,
    pub new_assumed: bool,
    /// The open answer on each side, where the profile was not sure (then `old`/`new` are
    /// only stand-ins).
    pub old_open: Option<Open>,
    pub new_open: Option<Open>,
}

/// A component that differs between the two profiles.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComponentChange {
    pub name: String,
    /// Its recommendation on each side; `None` where the component does not exist.
    pub old: Option<PatternId>,
    pub new: Option<PatternId>,
    /// It exists on both sides with different overrides.
    pub overrides_changed: bool,
}

/// One pattern's place and score on both sides.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RankMove {
    pub pattern: PatternId,
    /// 0-based positions in each ranking.
    pub old_rank: usize,
    pub new_rank: usize,
    pub old_score: f64,
    pub new_score: f64,
    pub old_vetoed: bool,
    pub new_vetoed: bool,
}

impl RankMove {
    pub(crate) fn delta(&self) -> f64 {
        self.new_score - self.old_score
    }
}

/// Everything that differs between two evaluations of profiles under one pack.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diff {
    pub fields: Vec<FieldChange>,
    /// `current:` on each side, when it differs.
    pub current: Option<(Option<PatternId>, Option<PatternId>)>,
    /// Components added, removed, or changed in their overrides or their recommendation:
    /// old ones in their order, then the new ones.
    pub components: Vec<ComponentChange>,
    pub old_recommendation: PatternId,
    pub new_recommendation: PatternId,
    /// Every pattern, in the new ranking's order.
    pub ranking: Vec<RankMove>,
    /// Rules that fire for the new profile and did not for the old one (pack order).
    pub started: Vec<RuleId>,
    /// Rules that fired for the old profile and no longer do (pack order).
    pub stopped: Vec<RuleId>,
}

impl Diff {
    pub(crate) fn recommendation_changed(&self) -> bool {
        self.old_recommendation != self.new_recommendation
    }

    /// Whether rule `rule` (one of `started`/`stopped`) moved the recommendation: it scores or
    /// vetoes the old or the new recommendation, and the recommendation changed.
    pub(crate) fn moved_recommendation(&self, pack: &RulePack, rule: RuleId) -> bool {
        let pattern = pack.rules[rule].pattern;
        self.recommendation_changed()
            && (pattern == self.old_recommendation || pattern == self.new_recommendation)
    }
}

/// Compares `old` with `new` (both evaluated against the same pack).
pub(crate) fn compare(old: (&Profile, &Evaluation), new: (&Profile, &Evaluation)) -> Diff {
    let (op, oe) = old;
    let (np, ne) = new;
    let fields = op
        .values
        .iter_enumerated()
        .zip(&np.values)
        .filter_map(|((i, &o), &n)| {
            let (oa, na) = (op.assumed.contains(&i), np.assumed.contains(&i));
            let (oo, no) = (op.open(i).cloned(), np.open(i).cloned());
            let same = match (&oo, &no) {
                (None, None) => o == n,
                (a, b) => a == b,
            };
            (!same || oa != na).then_some(FieldChange {
                field: i,
                old: o,
                new: n,
                old_assumed: oa,
                new_assumed: na,
                old_open: oo,
                new_open: no,
            })
        })
        .collect();
    let mut components: Vec<ComponentChange> = Vec::new();
    for (def, res) in op.components.iter().zip(&oe.components) {
        let other = np
            .components
            .iter()
            .zip(&ne.components)
            .find(|(d, _)| d.name == def.name);
        let change = ComponentChange {
            name: def.name.clone(),
            old: Some(res.recommendation),
            new: other.map(|(_, r)| r.recommendation),
            overrides_changed: other.is_some_and(|(d, _)| d.overrides != def.overrides),
        };
        if change.old != change.new || change.overrides_changed {
            components.push(change);
        }
    }
    for (def, res) in np.components.iter().zip(&ne.components) {
        if !op.components.iter().any(|d| d.name == def.name) {
            components.push(ComponentChange {
                name: def.name.clone(),
                old: None,
                new: Some(res.recommendation),
                overrides_changed: false,
            });
        }
    }
    let position = |ranking: &[PatternId], p| ranking.iter().position(|&x| x == p).unwrap_or(0);
    let ranking = ne
        .ranking
        .iter()
        .map(|&p| RankMove {
            pattern: p,
            old_rank: position(&oe.ranking, p),
            new_rank: position(&ne.ranking, p),
            old_score: oe.system.score(p),
            new_score: ne.system.score(p),
            old_vetoed: oe.system.is_vetoed(p),
            new_vetoed: ne.system.is_vetoed(p),
        })
        .collect();
    Diff {
        fields,
        current: (op.current != np.current).then_some((op.current, np.current)),
        components,
        old_recommendation: oe.recommendation,
        new_recommendation: ne.recommendation,
        ranking,
        started: ne
            .system
            .fired
            .iter()
            .copied()
            .filter(|r| !oe.system.fired.contains(r))
            .collect(),
        stopped: oe
            .system
            .fired
            .iter()
            .copied()
            .filter(|r| !ne.system.fired.contains(r))
            .collect(),
    }
}
