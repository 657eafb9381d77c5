//! A rule pack analysed over its whole profile space, not just over the profiles someone wrote.
//!
//! Rules only compare integers with constants, so an integer field only matters up to which
//! side of each constant it falls on: cutting it at the rules' own thresholds
//! ([`Engine::thresholds`]) and keeping one value per piece makes the space finite without
//! losing any decision. Booleans and enums are finite already. Components are ignored here (a
//! component is an overlay of the same fields, so it adds no decision the system-level space
//! does not already contain); the answer analysed is the system's own recommendation.
//!
//! Small spaces are enumerated; large ones (the default pack's is in the hundreds of millions)
//! are sampled with a fixed seed, stratified so that every value of every field is drawn equally
//! often. Whether a pattern can win at all is then settled exactly by [`reachable`], a
//! branch-and-bound search over partial profiles, because a sample cannot prove a negative.

use crate::engine::partial::partial_eval;
use crate::engine::{ranks_before, Engine, Tally};
use crate::pack::catalog::int;
use crate::pack::{Effect, FieldId, IdVec, Kind, PatternId, RuleId, RulePack, Value};

/// Spaces up to this many profiles are enumerated; larger ones are sampled.
pub(crate) const EXHAUSTIVE_LIMIT: u128 = 200_000;
/// Profiles drawn from a space too large to enumerate.
pub(crate) const SAMPLES: usize = 50_000;
/// The sample's seed: the same pack always gives the same report.
pub(crate) const SEED: u64 = 0x00a2_c4f1_7e55_0001;
/// Partial profiles [`reachable`] may visit per pattern before it answers "unknown".
pub(crate) const SEARCH_BUDGET: usize = 2_000_000;

/// One representative value per piece of each field's range, in catalog order.
pub(crate) fn representatives(engine: &Engine<'_>) -> IdVec<FieldId, Vec<Value>> {
    let catalog = &engine.pack.catalog;
    catalog
        .fields
        .iter_enumerated()
        .map(|(i, f)| match &f.kind {
            Kind::Integer { min, max } => {
                let mut vals = vec![*min, *max];
                vals.extend_from_slice(engine.thresholds(i));
                // A field bounded by this one (`teams <= team_size`): its cut points are kept
                // here too, so every piece of the bounded field has a partner that allows it.
                for link in catalog.links().filter(|l| l.limit == i) {
                    vals.extend_from_slice(engine.thresholds(link.field));
                }
                vals.retain(|v| (*min..=*max).contains(v));
                vals.sort_unstable();
                vals.dedup();
                vals.into_iter().map(Value::Int).collect()
            }
            _ => f.discrete_values().unwrap_or_default(),
        })
        .collect()
}

/// The best pattern and, if it is eligible, the runner-up: the first two of the ranking.
fn best_two(pack: &RulePack, tally: &Tally) -> (PatternId, Option<PatternId>) {
    let ranking = tally.ranking(None);
    let best = ranking.first().copied().unwrap_or(pack.simplest());
    let second = ranking.get(1).copied().filter(|&s| !tally.is_vetoed(s));
    (best, second)
}

/// The recommendation for a full profile (components aside).
fn winner(pack: &RulePack, tally: &Tally) -> PatternId {
    tally.best(None).unwrap_or(pack.simplest())
}

/// Whether `values` respect the catalog's `at_most` links.
fn links_hold(pack: &RulePack, values: &IdVec<FieldId, Value>) -> bool {
    pack.catalog.links_hold(|f| int(values.get(f)))
}

/// Moves a sampled value that breaks an `at_most` link (`teams` above `team_size`) down to the
/// largest representative the link allows, rather than dropping the profile.
fn repair(pack: &RulePack, reps: &IdVec<FieldId, Vec<Value>>, values: &mut IdVec<FieldId, Value>) {
    for link in pack.catalog.links() {
        if let Some((_, limit)) = link.broken(|f| int(values.get(f))) {
            let fit = reps[link.field]
                .iter()
                .rev()
                .find(|v| matches!(v, Value::Int(x) if *x <= limit));
            if let Some(&v) = fit {
                values[link.field] = v;
            }
        }
    }
}

/// How the profiles were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Exhaustive,
    /// Stratified random sample with a fixed seed.
    Sampled {
        seed: u64,
    },
}

/// Whether a pattern can win at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Some profile gets it as the recommendation without a veto.
    Yes,
    /// Proved impossible.
    Never,
    /// The search ran out of budget without an answer.
    Unknown,
}

/// The result of `rules analyze`.
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    pub method: Method,
    /// Size of the cut space (all representative combinations, before the `at_most` links).
    pub space: u128,
    /// Profiles analysed (valid under the links).
    pub profiles: usize,
    /// Per pattern: how many analysed profiles it wins.
    pub wins: IdVec<PatternId, usize>,
    pub reach: IdVec<PatternId, Reach>,
    /// Rules (pack order) whose removal never changed the recommendation of an analysed profile.
    pub inert_rules: Vec<RuleId>,
    /// Rules that never fired on an analysed profile (a subset of the inert ones).
    pub unfired_rules: Vec<RuleId>,
    pub all_vetoed: usize,
    pub close_calls: usize,
    /// Catalog fields whose value never changed the recommendation of an analysed profile.
    pub inert_fields: Vec<FieldId>,
}

/// Analyses the pack over its profile space.
pub(crate) fn analyze(pack: &RulePack) -> Analysis {
    let engine = Engine::new(pack);
    let reps = representatives(&engine);
    let space = reps
        .iter()
        .fold(1u128, |acc, r| acc.saturating_mul(r.len().max(1) as u128));
    let (method, profiles) = if space <= EXHAUSTIVE_LIMIT {
        (Method::Exhaustive, enumerate(&reps))
    } else {
        (Method::Sampled { seed: SEED }, sample(&reps, SAMPLES, SEED))
    };
    let mut wins = IdVec::filled(pack.patterns.len(), 0usize);
    // Wins without a veto: a witness that the pattern is reachable, sparing the exact search.
    let mut eligible_wins = IdVec::filled(pack.patterns.len(), 0usize);
    let mut rule_matters: IdVec<RuleId, bool> = IdVec::filled(pack.rules.len(), false);
    let mut rule_fired: IdVec<RuleId, bool> = IdVec::filled(pack.rules.len(), false);
    let mut field_matters: IdVec<FieldId, bool> = IdVec::filled(pack.catalog.len(), false);
    let mut all_vetoed = 0;
    let mut close_calls = 0;
    let mut count = 0;
    let margin = pack.meta.close_call_margin;
    for mut values in profiles {
        if method != Method::Exhaustive {
            repair(pack, &reps, &mut values);
        }
        if !links_hold(pack, &values) {
            continue;
        }
        count += 1;
        let (mut tally, fired) = engine.tally(&values);
        let (best, second) = best_two(pack, &tally);
        wins[best] += 1;
        let vetoed = tally.is_vetoed(best);
        if vetoed {
            all_vetoed += 1;
        } else {
            eligible_wins[best] += 1;
        }
        if !vetoed && second.is_some_and(|s| tally.score(best) - tally.score(s) < margin) {
            close_calls += 1;
        }
        // A rule matters if taking it out changes the answer for some profile.
        for &r in &fired {
            rule_fired[r] = true;
            if rule_matters[r] {
                continue;
            }
            let rule = &pack.rules[r];
            tally.remove(rule);
            if winner(pack, &tally) != best {
                rule_matters[r] = true;
            }
            tally.add(rule);
        }
        // A field matters if another of its values changes the answer for some profile.
        for (f, alternatives) in reps.iter_enumerated() {
            if field_matters[f] {
                continue;
            }
            let original = values[f];
            for &v in alternatives {
                if v == original {
                    continue;
                }
                values[f] = v;
                if links_hold(pack, &values) && winner(pack, &engine.tally(&values).0) != best {
                    field_matters[f] = true;
                    break;
                }
            }
            values[f] = original;
        }
    }
    let reach = pack
        .patterns
        .ids()
        .map(|p| {
            if eligible_wins[p] > 0 {
                Reach::Yes
            } else {
                reachable(&engine, &reps, p)
            }
        })
        .collect();
    Analysis {
        method,
        space,
        profiles: count,
        wins,
        reach,
        inert_rules: pack.rules.ids().filter(|&r| !rule_matters[r]).collect(),
        unfired_rules: pack.rules.ids().filter(|&r| !rule_fired[r]).collect(),
        all_vetoed,
        close_calls,
        inert_fields: pack
            .catalog
            .fields
            .ids()
            .filter(|&f| !field_matters[f])
            .collect(),
    }
}

/// Every combination of the representatives, the last field advancing first.
fn enumerate(
    reps: &IdVec<FieldId, Vec<Value>>,
) -> Box<dyn Iterator<Item = IdVec<FieldId, Value>> + '_> {
    if reps.iter().any(Vec::is_empty) {
        return Box::new(std::iter::empty());
    }
    let reps = reps.as_slice();
    let mut index = vec![0usize; reps.len()];
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let values: IdVec<FieldId, Value> = index.iter().zip(reps).map(|(&i, r)| r[i]).collect();
        // Odometer: advance the last field first.
        done = true;
        for f in (0..reps.len()).rev() {
            index[f] += 1;
            if index[f] < reps[f].len() {
                done = false;
                break;
            }
            index[f] = 0;
        }
        Some(values)
    }))
}

/// SplitMix64: a tiny, well-known generator; enough for sampling and fully reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        // n is small (a field's representatives), so the modulo bias is negligible.
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// `count` profiles in which each field's representatives appear equally often (each field's
/// column is its values repeated and shuffled independently), so rare values are not starved.
fn sample(
    reps: &IdVec<FieldId, Vec<Value>>,
    count: usize,
    seed: u64,
) -> Box<dyn Iterator<Item = IdVec<FieldId, Value>>> {
    let mut rng = Rng(seed);
    let columns: Vec<Vec<Value>> = reps
        .iter()
        .map(|r| {
            if r.is_empty() {
                return Vec::new();
            }
            let mut col: Vec<Value> = (0..count).map(|i| r[i % r.len()]).collect();
            for i in (1..col.len()).rev() {
                let j = rng.below(i + 1);
                col.swap(i, j);
            }
            col
        })
        .collect();
    if columns.iter().any(Vec::is_empty) {
        return Box::new(std::iter::empty());
    }
    Box::new((0..count).map(move |i| columns.iter().map(|c| c[i]).collect()))
}

/// Exactly whether pattern `p` can be the recommendation, without being vetoed, for some profile
/// of the cut space. A depth-first search over partial profiles that abandons a branch as soon as
/// `p` is surely vetoed there, or some other pattern is surely eligible and surely ahead of it
/// whatever the remaining fields are (scores of undecided rules bound each side).
pub(crate) fn reachable(
    engine: &Engine<'_>,
    reps: &IdVec<FieldId, Vec<Value>>,
    p: PatternId,
) -> Reach {
    let mut values: IdVec<FieldId, Option<Value>> = IdVec::filled(reps.len(), None);
    let mut budget = SEARCH_BUDGET;
    let fields: Vec<FieldId> = reps.ids().collect();
    match search(engine, reps, p, &fields, &mut values, &mut budget) {
        Some(true) => Reach::Yes,
        Some(false) => Reach::Never,
        None => Reach::Unknown,
    }
}

/// `Some(found)`, or `None` when the budget ran out. `rest` are the fields still to decide.
fn search(
    engine: &Engine<'_>,
    reps: &IdVec<FieldId, Vec<Value>>,
    p: PatternId,
    rest: &[FieldId],
    values: &mut IdVec<FieldId, Option<Value>>,
    budget: &mut usize,
) -> Option<bool> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let pack = engine.pack;
    let n = pack.patterns.len();
    let mut max: IdVec<PatternId, f64> = IdVec::filled(n, 0.0);
    let mut min: IdVec<PatternId, f64> = IdVec::filled(n, 0.0);
    let mut surely_vetoed: IdVec<PatternId, bool> = IdVec::filled(n, false);
    let mut maybe_vetoed: IdVec<PatternId, bool> = IdVec::filled(n, false);
    for rule in &pack.rules {
        let q = rule.pattern;
        match (rule.effect, partial_eval(&rule.when, values)) {
            (Effect::Veto, Some(true)) => {
                surely_vetoed[q] = true;
                maybe_vetoed[q] = true;
            }
            (Effect::Veto, None) => maybe_vetoed[q] = true,
            (Effect::Score(s), Some(true)) => {
                max[q] += s;
                min[q] += s;
            }
            (Effect::Score(s), None) => {
                if s > 0.0 {
                    max[q] += s;
                } else {
                    min[q] += s;
                }
            }
            (_, Some(false)) => {}
        }
    }
    if surely_vetoed[p] {
        return Some(false);
    }
    // Another pattern eligible whatever comes, whose worst ranks before p's best, wins.
    let beaten = pack.patterns.ids().any(|q| {
        q != p && !maybe_vetoed[q] && ranks_before((false, min[q], q), (false, max[p], p)).is_lt()
    });
    if beaten {
        return Some(false);
    }
    let Some((&field, rest)) = rest.split_first() else {
        // Everything is decided: the profile's own answer.
        let filled: IdVec<FieldId, Value> =
            values.iter().map(|v| v.unwrap_or(Value::Int(0))).collect();
        let ok = links_hold_partial(pack, values);
        return Some(ok && winner(pack, &engine.tally(&filled).0) == p);
    };
    let mut unknown = false;
    for &v in &reps[field] {
        values[field] = Some(v);
        if links_hold_partial(pack, values) {
            match search(engine, reps, p, rest, values, budget) {
                Some(true) => {
                    values[field] = None;
                    return Some(true);
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
        if *budget == 0 {
            unknown = true;
            break;
        }
    }
    values[field] = None;
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// The links hold among the fields decided so far.
fn links_hold_partial(pack: &RulePack, values: &IdVec<FieldId, Option<Value>>) -> bool {
    pack.catalog.links_hold(|f| int(values[f].as_ref()))
}
