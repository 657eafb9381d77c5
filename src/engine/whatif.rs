//! What would change the answer: the nearest single-field changes that flip the recommendation.
//!
//! The decision only changes where some rule's condition changes truth, so it is enough to try
//! the values at the rules' own thresholds (for numbers) or every other value (for enums and
//! booleans), nearest first.
//!
//! Each candidate is decided by [`score::decide`](super::score::decide) like a full evaluation,
//! but from the profile's own tally: only the rules that read the changed field are looked at,
//! each once per field for all candidate values together (as bit masks), and a candidate for
//! which none of them changes its outcome is the profile's own answer at once.

use super::score::{component_best, decide, Standing, Tally};
use super::{ComponentResult, Engine, Judged, Outcome};
use crate::pack::{Cond, FieldId, IdVec, Kind, PatternId, RuleId, RulePack, Value};
use crate::profile::Profile;

/// One change to one field, and the recommendation it leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhatIf {
    pub field: FieldId,
    pub from: Value,
    pub to: Value,
    /// The pattern recommended after the change.
    pub recommendation: PatternId,
}

/// For every field: the nearest value that flips the recommendation (for integers, the nearest
/// one above and the nearest one below). In catalog order. `system` and `components` are the
/// profile's own outcomes, whose fired rules the search starts from.
pub(super) fn find(
    engine: &Engine<'_>,
    profile: &Profile,
    current: PatternId,
    system: &Outcome,
    components: &[ComponentResult],
) -> Vec<WhatIf> {
    let pack = engine.pack;
    let mut found = Vec::new();
    let mut flipper = Flipper::new(engine, profile, system, components);
    for (i, field) in pack.catalog.fields.iter_enumerated() {
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
                let candidates = engine.thresholds(i);
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

/// Whether setting field `i` to `to` keeps the profile valid (the catalog's `at_most` links).
fn allowed(pack: &RulePack, values: &IdVec<FieldId, Value>, i: FieldId, to: Value) -> bool {
    let Value::Int(to) = to else { return true };
    pack.catalog.links_hold(|k| {
        if k == i {
            Some(to)
        } else {
            crate::pack::catalog::int(values.get(k))
        }
    })
}

/// How far apart two values of one field are: enum values are ordered from simplest.
fn distance(a: Value, b: Value) -> i64 {
    match (a, b) {
        (Value::Enum(x), Value::Enum(y)) => (i64::from(x) - i64::from(y)).abs(),
        _ => 1,
    }
}

/// One set of values (the system's, or a component's overlay), which rules fire on it, and
/// its tally.
struct Base {
    /// Which rules judge these values.
    judged: Judged,
    values: IdVec<FieldId, Value>,
    fired: IdVec<RuleId, bool>,
    tally: Tally,
    /// For a component: the fields it overrides, which a system-level change does not reach.
    overridden: Vec<FieldId>,
    /// For a component: its recommendation.
    best: PatternId,
    /// The rules reading the field being tried, over all its candidate values at once.
    masks: Masks,
}

/// For field `field`: per rule reading it (in the order of `rules_reading`), the values of
/// the field for which the rule fires, as bits: a boolean or enum value's own bit, or an
/// integer's place among the field's thresholds. Computed on the field's first candidate,
/// reused for the rest.
#[derive(Default)]
struct Masks {
    field: Option<FieldId>,
    per_rule: Vec<u64>,
    /// The candidates for which at least one of those rules changes its outcome: any other
    /// candidate leaves the decision as it is, without a look at the rules.
    moved: u64,
}

impl Base {
    fn new(
        pack: &RulePack,
        judged: Judged,
        values: IdVec<FieldId, Value>,
        outcome: &Outcome,
        overridden: Vec<FieldId>,
        best: PatternId,
    ) -> Self {
        let mut fired = IdVec::filled(pack.rules.len(), false);
        for &r in &outcome.fired {
            fired[r] = true;
        }
        Base {
            judged,
            values,
            fired,
            tally: outcome.tally.clone(),
            overridden,
            best,
            masks: Masks::default(),
        }
    }
}

/// Answers "what would be recommended with field `i` set to `v`" without re-running the
/// whole pack.
struct Flipper<'e, 'p> {
    engine: &'e Engine<'p>,
    system: Base,
    /// What the profile's own system tally says.
    standing: Standing,
    components: Vec<Base>,
    /// The system's tally for the candidate under consideration.
    scratch: Scratch,
    /// A component's tally for the candidate under consideration.
    component_scratch: Scratch,
}

impl<'e, 'p> Flipper<'e, 'p> {
    fn new(
        engine: &'e Engine<'p>,
        profile: &Profile,
        system: &Outcome,
        components: &[ComponentResult],
    ) -> Self {
        let pack = engine.pack;
        let comps = profile
            .components
            .iter()
            .zip(components)
            .map(|(c, r)| {
                Base::new(
                    pack,
                    Judged::Part,
                    c.overlay(&profile.values),
                    &r.outcome,
                    c.overrides.iter().map(|&(f, _)| f).collect(),
                    r.recommendation,
                )
            })
            .collect();
        Flipper {
            engine,
            standing: Standing::of(pack, &system.tally),
            system: Base::new(
                pack,
                Judged::System,
                profile.values.clone(),
                system,
                Vec::new(),
                pack.simplest(),
            ),
            components: comps,
            scratch: Scratch::new(),
            component_scratch: Scratch::new(),
        }
    }

    /// The recommendation with field `field` set to `to`.
    fn recommend_with(&mut self, field: FieldId, to: Value) -> PatternId {
        let engine = self.engine;
        let system = if self.scratch.run(engine, &mut self.system, field, to) {
            Standing::of(engine.pack, &self.scratch.tally)
        } else {
            self.standing
        };
        let scratch = &mut self.component_scratch;
        let components = self.components.iter_mut().map(|c| {
            if scratch.run(engine, c, field, to) {
                component_best(engine.pack, &scratch.tally)
            } else {
                c.best
            }
        });
        decide(engine.pack, system, components).recommendation
    }
}

/// Buffers reused for every candidate, so the search does not allocate. They take their
/// size from the first candidate that needs them (most profiles never need some of them).
struct Scratch {
    changed: Vec<RuleId>,
    fired: IdVec<RuleId, bool>,
    tally: Tally,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            changed: Vec::new(),
            fired: IdVec::new(),
            tally: Tally::empty(),
        }
    }

    /// The tally for `base` with `field` set to `to` (unless the base overrides it). Returns
    /// false, leaving the tally untouched, when no rule's outcome changes.
    fn run(&mut self, engine: &Engine<'_>, base: &mut Base, field: FieldId, to: Value) -> bool {
        if base.overridden.contains(&field) {
            return false;
        }
        let Some(from) = base.values.get(field).copied() else {
            return false;
        };
        let pack = engine.pack;
        self.changed.clear();
        let readers = engine.rules_reading(field, base.judged);
        // Which candidate `to` is, as a bit of the masks (see `Masks`).
        let bit = match to {
            Value::Int(x) => {
                let candidates = engine.thresholds(field);
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
                let masks = &mut base.masks;
                if masks.field != Some(field) {
                    let values = &base.values;
                    let candidates = engine.thresholds(field);
                    masks.per_rule.clear();
                    masks.per_rule.extend(readers.iter().map(|&r| {
                        let when = &pack.rules[r].when;
                        match to {
                            Value::Int(_) => candidates_mask(when, values, field, candidates),
                            _ => values_mask(when, values, field),
                        }
                    }));
                    masks.field = Some(field);
                    masks.moved = readers
                        .iter()
                        .zip(&masks.per_rule)
                        .map(|(&r, &mask)| if base.fired[r] { !mask } else { mask })
                        .fold(0, |m, changed| m | changed);
                }
                if masks.moved & bit == 0 {
                    return false;
                }
                for (&r, &mask) in readers.iter().zip(&masks.per_rule) {
                    if (mask & bit != 0) != base.fired[r] {
                        self.changed.push(r);
                    }
                }
            }
            // A value that is no threshold (or a pack with very many): evaluate the rules.
            None => {
                base.values[field] = to;
                for &r in readers {
                    if pack.rules[r].when.eval(&base.values) != base.fired[r] {
                        self.changed.push(r);
                    }
                }
                base.values[field] = from;
            }
        }
        if self.changed.is_empty() {
            return false;
        }
        if engine.exact {
            // Every partial sum is exact, so order does not matter: adjust the base tally.
            self.tally.clone_from(&base.tally);
            for &r in &self.changed {
                let rule = &pack.rules[r];
                if base.fired[r] {
                    self.tally.remove(rule);
                } else {
                    self.tally.add(rule);
                }
            }
        } else {
            // Add up the fired rules in pack order, exactly as a full evaluation does.
            self.fired.clone_from(&base.fired);
            for &r in &self.changed {
                self.fired[r] = !self.fired[r];
            }
            self.tally.clone_from(&base.tally);
            self.tally.clear();
            for (rule, _) in pack.rules.iter().zip(&self.fired).filter(|(_, &f)| f) {
                self.tally.add(rule);
            }
        }
        true
    }
}

/// The condition for every value of boolean or enum field `field` at once: bit `b` is set when
/// it holds with `field` set to the value whose bit is `b` and every other field as in
/// `values`. One call answers what [`Cond::eval`] would for each candidate value.
pub(crate) fn values_mask(cond: &Cond, values: &IdVec<FieldId, Value>, field: FieldId) -> u64 {
    eval_over(cond, values, field, &|c| match c {
        Cond::Set { mask, .. } => *mask,
        // An integer comparison on a boolean or enum field is false, as in `eval`.
        _ => 0,
    })
}

/// The condition for up to 64 candidate values of integer field `field` at once: bit `j` is
/// set when it holds with `field` set to `candidates[j]` and every other field as in `values`.
pub(crate) fn candidates_mask(
    cond: &Cond,
    values: &IdVec<FieldId, Value>,
    field: FieldId,
    candidates: &[i64],
) -> u64 {
    eval_over(cond, values, field, &|c| match c {
        Cond::Int { op, value, .. } => candidates
            .iter()
            .take(64)
            .enumerate()
            .filter(|&(_, &x)| op.apply(x, *value))
            .fold(0, |m, (j, _)| m | 1 << j),
        Cond::In { values: set, .. } => set_mask(set, candidates),
        // A set test on an integer field is false, as in `eval`.
        _ => 0,
    })
}

/// [`candidates_mask`] of an `in:` set, out of line so the common comparisons stay small.
#[inline(never)]
fn set_mask(set: &[i64], candidates: &[i64]) -> u64 {
    candidates
        .iter()
        .take(64)
        .enumerate()
        .filter(|&(_, x)| set.binary_search(x).is_ok())
        .fold(0, |m, (j, _)| m | 1 << j)
}

/// Evaluates for many values of `field` at once, as bits: `own` gives the bits of a test of
/// `field` itself; a test of any other field holds for all of them or for none.
fn eval_over(
    cond: &Cond,
    values: &IdVec<FieldId, Value>,
    field: FieldId,
    own: &impl Fn(&Cond) -> u64,
) -> u64 {
    match cond {
        Cond::All(cs) => cs.iter().fold(u64::MAX, |m, c| {
            if m == 0 {
                0
            } else {
                m & eval_over(c, values, field, own)
            }
        }),
        Cond::Any(cs) => cs.iter().fold(0, |m, c| {
            if m == u64::MAX {
                m
            } else {
                m | eval_over(c, values, field, own)
            }
        }),
        Cond::Not(c) => !eval_over(c, values, field, own),
        Cond::Int { field: f, .. } | Cond::Set { field: f, .. } if *f == field => own(cond),
        Cond::In { field: f, .. } if *f == field => own(cond),
        _ => {
            if cond.eval(values) {
                u64::MAX
            } else {
                0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{condition, small_pack};

    #[test]
    fn an_in_list_over_all_candidates_agrees_with_each_value() {
        // The property tests check the masks against `eval` on the default pack, which has no
        // list of integers; a list is a set of its own kind of condition.
        let pack = small_pack();
        let team = pack
            .catalog
            .index_of("team_size")
            .expect("the small pack has team_size");
        let values: IdVec<FieldId, Value> = IdVec::from(vec![
            Value::Int(5),
            Value::Int(1),
            Value::Enum(0),
            Value::Bool(false),
        ]);
        let candidates: Vec<i64> = (1..=64).map(|x| x * 3).collect();
        for text in [
            "team_size: {in: [3, 9, 30, 31, 90, 9]}",
            "team_size: {not_in: [3, 9, 30]}",
            "any: [{team_size: {in: [6, 12]}}, {traffic: spiky}]",
            "{team_size: {in: [3, 6]}, long_running: false}",
        ] {
            let cond = condition(&pack, text);
            let mask = candidates_mask(&cond, &values, team, &candidates);
            for (j, &x) in candidates.iter().enumerate() {
                let mut with = values.clone();
                with[team] = Value::Int(x);
                assert_eq!(mask >> j & 1 == 1, cond.eval(&with), "{text} at {x}");
            }
        }
    }
}
