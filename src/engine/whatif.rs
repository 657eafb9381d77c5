//! What would change the answer: the nearest single-field changes that flip the recommendation.
//!
//! The decision only changes where some rule's condition changes truth, so it is enough to try
//! the values at the rules' own thresholds (for numbers) or every other value (for enums and
//! booleans), nearest first.

use super::{ComponentResult, Outcome};
use crate::pack::catalog::{Kind, Value};
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use crate::profile::Profile;

/// One change to one field, and the recommendation it leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhatIf {
    /// Catalog index of the field.
    pub field: usize,
    pub from: Value,
    pub to: Value,
    /// The pattern recommended after the change.
    pub recommendation: usize,
}

/// For every field: the nearest value that flips the recommendation (for integers, the nearest
/// one above and the nearest one below). In catalog order. `system` and `components` are the
/// profile's own outcomes, whose fired rules the search starts from.
pub fn find(
    pack: &RulePack,
    profile: &Profile,
    current: usize,
    system: &Outcome,
    components: &[ComponentResult],
) -> Vec<WhatIf> {
    let mut found = Vec::new();
    let mut flipper = Flipper::new(pack, profile, system, components);
    for (i, field) in pack.catalog.fields.iter().enumerate() {
        let Some(&from) = profile.values.get(i) else {
            continue;
        };
        let mut try_value = |to: Value| -> Option<WhatIf> {
            if !allowed(pack, &profile.values, i, to) {
                return None;
            }
            let rec = flipper.recommend_with(i, to);
            (rec != current).then_some(WhatIf {
                field: i,
                from,
                to,
                recommendation: rec,
            })
        };
        match (&field.kind, from) {
            (Kind::Integer { min, max }, Value::Int(cur)) => {
                let candidates = pack.thresholds(i);
                let up = candidates
                    .iter()
                    .copied()
                    .filter(|&c| c > cur && c <= *max)
                    .find_map(|c| try_value(Value::Int(c)));
                let down = candidates
                    .iter()
                    .rev()
                    .copied()
                    .filter(|&c| c < cur && c >= *min)
                    .find_map(|c| try_value(Value::Int(c)));
                found.extend(up);
                found.extend(down);
            }
            _ => {
                let mut others = field.discrete_values().unwrap_or_default();
                others.retain(|&v| v != from);
                others.sort_by_key(|&v| (distance(from, v), v));
                found.extend(others.into_iter().find_map(&mut try_value));
            }
        }
    }
    found
}

/// One set of values (the system's, or a component's overlay), which rules fire on it, and
/// the pattern it leads to.
struct Base {
    values: Vec<Value>,
    fired: Vec<bool>,
    /// For a component: the fields it overrides, which a system-level change does not reach.
    overridden: Vec<usize>,
    /// For a component: its recommendation.
    best: usize,
    /// Points per pattern, and how many vetoes hold for each.
    scores: Vec<f64>,
    vetoes: Vec<u32>,
    /// For field `masks.0`: per rule reading it (in the order of `rules_reading`), the values
    /// of the field for which the rule fires, as bits: a boolean or enum value's own bit
    /// (`Cond::eval_mask`), or an integer's place among the field's thresholds
    /// (`Cond::eval_candidates`). Computed on the field's first candidate, reused for the rest.
    masks: (Option<usize>, Vec<u64>),
    /// The candidates (bits as in `masks`) for which at least one of those rules changes its
    /// outcome: any other candidate leaves the decision as it is, without a look at the rules.
    moved: u64,
}

impl Base {
    fn new(
        pack: &RulePack,
        values: Vec<Value>,
        fired_rules: &[usize],
        overridden: Vec<usize>,
        best: usize,
    ) -> Self {
        let mut fired = vec![false; pack.rules.len()];
        let mut scores = vec![0.0; pack.patterns.len()];
        let mut vetoes = vec![0u32; pack.patterns.len()];
        for &r in fired_rules {
            if let Some(slot) = fired.get_mut(r) {
                *slot = true;
            }
            if let Some(rule) = pack.rules.get(r) {
                apply(rule, 1.0, &mut scores, &mut vetoes);
            }
        }
        Base {
            values,
            fired,
            overridden,
            best,
            scores,
            vetoes,
            masks: (None, Vec::new()),
            moved: 0,
        }
    }
}

/// Answers "what would be recommended with field `i` set to `v`" without re-running the
/// whole pack: only the rules that read field `i` are re-evaluated, and when none of them
/// changes its outcome the answer is the profile's own. Otherwise scores are summed over the
/// fired rules in pack order, exactly as a full evaluation sums them, so the answer is the same
/// to the last bit.
struct Flipper<'a> {
    pack: &'a RulePack,
    system: Base,
    components: Vec<Base>,
    /// The profile's own system decision: best pattern, best apart from hybrid, hybrid allowed.
    decision: (usize, usize, bool),
    tally: Tally,
}

/// Scratch buffers, reused for every candidate so the search does not allocate.
struct Tally {
    /// Scores can be adjusted in any order without changing a bit (see [`exact_sums`]).
    exact: bool,
    changed: Vec<usize>,
    fired: Vec<bool>,
    scores: Vec<f64>,
    vetoes: Vec<u32>,
    vetoed: Vec<bool>,
}

impl Tally {
    /// Scores and vetoes for `base` with `field` set to `to` (unless the base overrides it).
    /// Returns false, leaving scores untouched, when no rule's outcome changes.
    fn run(&mut self, pack: &RulePack, base: &mut Base, field: usize, to: Value) -> bool {
        if base.overridden.contains(&field) {
            return false;
        }
        let Some(from) = base.values.get(field).copied() else {
            return false;
        };
        self.changed.clear();
        let readers = pack.rules_reading(field);
        // Which candidate `to` is, as a bit of the masks (see `Base::masks`).
        let bit = match to {
            Value::Int(x) => {
                let candidates = pack.thresholds(field);
                candidates
                    .binary_search(&x)
                    .ok()
                    .filter(|&j| j < 64 && candidates.len() <= 64)
                    .map(|j| 1u64 << j)
            }
            _ => Some(to.bit()),
        };
        match bit {
            Some(bit) => {
                if base.masks.0 != Some(field) {
                    let values = &base.values;
                    let candidates = pack.thresholds(field);
                    let masks = &mut base.masks.1;
                    masks.clear();
                    masks.extend(readers.iter().map(|&r| {
                        pack.rules.get(r).map_or(0, |rule| match to {
                            Value::Int(_) => rule.when.eval_candidates(values, field, candidates),
                            _ => rule.when.eval_mask(values, field),
                        })
                    }));
                    base.masks.0 = Some(field);
                    base.moved = readers
                        .iter()
                        .zip(&base.masks.1)
                        .map(|(&r, &mask)| match base.fired.get(r) {
                            Some(true) => !mask,
                            Some(false) => mask,
                            None => 0,
                        })
                        .fold(0, |m, changed| m | changed);
                }
                if base.moved & bit == 0 {
                    return false;
                }
                for (&r, &mask) in readers.iter().zip(&base.masks.1) {
                    let Some(&was) = base.fired.get(r) else {
                        continue;
                    };
                    if (mask & bit != 0) != was {
                        self.changed.push(r);
                    }
                }
            }
            // A value that is no threshold (or a pack with very many): evaluate the rules.
            None => {
                if let Some(slot) = base.values.get_mut(field) {
                    *slot = to;
                }
                for &r in readers {
                    let (Some(rule), Some(&was)) = (pack.rules.get(r), base.fired.get(r)) else {
                        continue;
                    };
                    if rule.when.eval(&base.values) != was {
                        self.changed.push(r);
                    }
                }
                if let Some(slot) = base.values.get_mut(field) {
                    *slot = from;
                }
            }
        }
        if self.changed.is_empty() {
            return false;
        }
        if self.exact {
            // Every partial sum is exact, so order does not matter: adjust the base tally.
            self.scores.clone_from(&base.scores);
            self.vetoes.clone_from(&base.vetoes);
            for &r in &self.changed {
                let (Some(rule), Some(&was)) = (pack.rules.get(r), base.fired.get(r)) else {
                    continue;
                };
                let sign = if was { -1.0 } else { 1.0 };
                apply(rule, sign, &mut self.scores, &mut self.vetoes);
            }
        } else {
            self.fired.clone_from(&base.fired);
            for &r in &self.changed {
                if let Some(slot) = self.fired.get_mut(r) {
                    *slot = !*slot;
                }
            }
            self.scores.iter_mut().for_each(|s| *s = 0.0);
            self.vetoes.iter_mut().for_each(|v| *v = 0);
            for (rule, _) in pack.rules.iter().zip(&self.fired).filter(|(_, &f)| f) {
                apply(rule, 1.0, &mut self.scores, &mut self.vetoes);
            }
        }
        for (v, &n) in self.vetoed.iter_mut().zip(&self.vetoes) {
            *v = n > 0;
        }
        true
    }

    fn first(&self, exclude: Option<usize>) -> Option<usize> {
        first(&self.scores, &self.vetoed, exclude)
    }

    /// Best pattern, best apart from hybrid, and whether hybrid is allowed, as `decide` has them.
    fn decision(&self, hybrid: Option<usize>) -> (usize, usize, bool) {
        let best = self.first(None).unwrap_or(0);
        let core = match hybrid {
            Some(h) => self.first(Some(h)).unwrap_or(best),
            None => best,
        };
        let hybrid_ok = hybrid.is_some_and(|h| !self.vetoed.get(h).copied().unwrap_or(false));
        (best, core, hybrid_ok)
    }
}

impl<'a> Flipper<'a> {
    fn new(
        pack: &'a RulePack,
        profile: &Profile,
        system: &Outcome,
        components: &[ComponentResult],
    ) -> Self {
        let comps = profile
            .components
            .iter()
            .zip(components)
            .map(|(c, r)| {
                Base::new(
                    pack,
                    c.overlay(&profile.values),
                    &r.outcome.fired,
                    c.overrides.iter().map(|&(f, _)| f).collect(),
                    r.recommendation,
                )
            })
            .collect();
        let tally = Tally {
            exact: exact_sums(pack),
            changed: Vec::new(),
            vetoes: vec![0; pack.patterns.len()],
            fired: Vec::with_capacity(pack.rules.len()),
            scores: system.scores.clone(),
            vetoed: system.vetoed.clone(),
        };
        Flipper {
            pack,
            system: Base::new(pack, profile.values.clone(), &system.fired, Vec::new(), 0),
            components: comps,
            decision: tally.decision(pack.hybrid),
            tally,
        }
    }

    /// The recommendation with field `field` set to `to`: the logic of `decide`, on tallies.
    fn recommend_with(&mut self, field: usize, to: Value) -> usize {
        let pack = self.pack;
        let (best, core, hybrid_ok) = if self.tally.run(pack, &mut self.system, field, to) {
            self.tally.decision(pack.hybrid)
        } else {
            self.decision
        };
        // Components only matter when they could make the answer hybrid.
        let Some(h) = pack.hybrid.filter(|&h| hybrid_ok && best != h) else {
            return best;
        };
        let tally = &mut self.tally;
        let differ = self.components.iter_mut().any(|c| {
            let rec = if tally.run(pack, c, field, to) {
                tally.first(Some(h)).unwrap_or(0)
            } else {
                c.best
            };
            rec != core
        });
        if differ {
            h
        } else {
            best
        }
    }
}

/// Adds (`sign` 1) or removes (`sign` -1) a fired rule's effect.
fn apply(rule: &crate::pack::rule::Rule, sign: f64, scores: &mut [f64], vetoes: &mut [u32]) {
    match rule.effect {
        Effect::Score(s) => {
            if let Some(slot) = scores.get_mut(rule.pattern) {
                *slot += sign * s;
            }
        }
        Effect::Veto => {
            if let Some(slot) = vetoes.get_mut(rule.pattern) {
                *slot = if sign > 0.0 {
                    slot.saturating_add(1)
                } else {
                    slot.saturating_sub(1)
                };
            }
        }
    }
}

/// Whether every sum of the pack's scores is exact in `f64`, whatever the order: true when each
/// score is a multiple of 1/1024 below 2^20 in size (the default pack uses whole and half
/// points) and there are fewer than 2^20 rules, so every partial sum needs under 50 bits. Then
/// the what-if search may adjust a tally instead of re-adding every fired rule in pack order.
fn exact_sums(pack: &RulePack) -> bool {
    pack.rules.len() < 1 << 20
        && pack.rules.iter().all(|r| match r.effect {
            Effect::Score(s) => {
                let scaled = s * 1024.0;
                scaled.fract() == 0.0 && s.abs() < f64::from(1u32 << 20)
            }
            Effect::Veto => true,
        })
}

/// The first pattern of the ranking `rank` would build (eligible ones by score, a tie to the
/// simpler; then the vetoed ones), without building it.
fn first(scores: &[f64], vetoed: &[bool], exclude: Option<usize>) -> Option<usize> {
    let vetoed = |p: usize| vetoed.get(p).copied().unwrap_or(false);
    let score = |p: usize| scores.get(p).copied().unwrap_or(0.0);
    (0..scores.len())
        .filter(|&p| Some(p) != exclude)
        .min_by(|&a, &b| {
            vetoed(a)
                .cmp(&vetoed(b))
                .then_with(|| score(b).total_cmp(&score(a)))
                .then(a.cmp(&b))
        })
}

/// How far apart two values of one field are: enum values are ordered from simplest.
fn distance(a: Value, b: Value) -> i64 {
    match (a, b) {
        (Value::Enum(x), Value::Enum(y)) => (i64::from(x) - i64::from(y)).abs(),
        _ => 1,
    }
}

/// Whether setting field `i` to `to` keeps the profile valid (the catalog's `at_most` links).
fn allowed(pack: &RulePack, values: &[Value], i: usize, to: Value) -> bool {
    let fields = &pack.catalog.fields;
    let Value::Int(to) = to else { return true };
    fields.iter().enumerate().all(|(a, f)| {
        let Some(b) = f.at_most else { return true };
        let get = |k: usize| if k == i { Some(to) } else { int(values.get(k)) };
        match (get(a), get(b)) {
            (Some(x), Some(y)) => x <= y,
            _ => true,
        }
    })
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}
