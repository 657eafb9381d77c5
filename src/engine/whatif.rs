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

/// One set of values (the system's, or a component's overlay) and which rules fire on it.
struct Base {
    values: Vec<Value>,
    fired: Vec<bool>,
    /// For a component: the fields it overrides, which a system-level change does not reach.
    overridden: Vec<usize>,
}

impl Base {
    fn new(
        pack: &RulePack,
        values: Vec<Value>,
        fired_rules: &[usize],
        overridden: Vec<usize>,
    ) -> Self {
        let mut fired = vec![false; pack.rules.len()];
        for &r in fired_rules {
            if let Some(slot) = fired.get_mut(r) {
                *slot = true;
            }
        }
        Base {
            values,
            fired,
            overridden,
        }
    }
}

/// Answers "what would be recommended with field `i` set to `v`" without re-running the
/// whole pack: only the rules that read field `i` are re-evaluated; every other rule keeps the
/// outcome it had on the profile. Scores are then summed over the fired rules in pack order,
/// exactly as a full evaluation sums them, so the answer is the same to the last bit.
struct Flipper<'a> {
    pack: &'a RulePack,
    system: Base,
    components: Vec<Base>,
    tally: Tally,
}

/// Scratch buffers, reused for every candidate so the search does not allocate.
struct Tally {
    values: Vec<Value>,
    fired: Vec<bool>,
    scores: Vec<f64>,
    vetoed: Vec<bool>,
}

impl Tally {
    /// Scores and vetoes for `base` with `field` set to `to` (unless the base overrides it).
    fn run(&mut self, pack: &RulePack, base: &Base, field: usize, to: Value) {
        self.values.clear();
        self.values.extend_from_slice(&base.values);
        self.fired.clear();
        self.fired.extend_from_slice(&base.fired);
        let reaches = !base.overridden.contains(&field);
        if let (true, Some(slot)) = (reaches, self.values.get_mut(field)) {
            *slot = to;
            for &r in pack.rules_reading(field) {
                if let (Some(slot), Some(rule)) = (self.fired.get_mut(r), pack.rules.get(r)) {
                    *slot = rule.when.eval(&self.values);
                }
            }
        }
        self.scores.iter_mut().for_each(|s| *s = 0.0);
        self.vetoed.iter_mut().for_each(|v| *v = false);
        for (rule, _) in pack.rules.iter().zip(&self.fired).filter(|(_, &f)| f) {
            match rule.effect {
                Effect::Score(s) => {
                    if let Some(slot) = self.scores.get_mut(rule.pattern) {
                        *slot += s;
                    }
                }
                Effect::Veto => {
                    if let Some(slot) = self.vetoed.get_mut(rule.pattern) {
                        *slot = true;
                    }
                }
            }
        }
    }

    fn first(&self, exclude: Option<usize>) -> Option<usize> {
        first(&self.scores, &self.vetoed, exclude)
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
                )
            })
            .collect();
        Flipper {
            pack,
            system: Base::new(pack, profile.values.clone(), &system.fired, Vec::new()),
            components: comps,
            tally: Tally {
                values: Vec::with_capacity(profile.values.len()),
                fired: Vec::with_capacity(pack.rules.len()),
                scores: vec![0.0; pack.patterns.len()],
                vetoed: vec![false; pack.patterns.len()],
            },
        }
    }

    /// The recommendation with field `field` set to `to`: the logic of `decide`, on tallies.
    fn recommend_with(&mut self, field: usize, to: Value) -> usize {
        let pack = self.pack;
        let hybrid = pack.hybrid;
        self.tally.run(pack, &self.system, field, to);
        let best = self.tally.first(None).unwrap_or(0);
        let core = match hybrid {
            Some(h) => self.tally.first(Some(h)).unwrap_or(best),
            None => best,
        };
        let hybrid_ok = hybrid.is_some_and(|h| !self.tally.vetoed.get(h).copied().unwrap_or(false));
        // Components only matter when they could make the answer hybrid.
        let Some(h) = hybrid.filter(|&h| hybrid_ok && best != h) else {
            return best;
        };
        let differ = self.components.iter().any(|c| {
            self.tally.run(pack, c, field, to);
            self.tally.first(Some(h)).unwrap_or(0) != core
        });
        if differ {
            h
        } else {
            best
        }
    }
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
