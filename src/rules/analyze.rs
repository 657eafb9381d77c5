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
//!
//! A pack is input, and its space can be as large as its limits allow: the analysis runs on a
//! [`Budget`] of work (every part of a condition it evaluates), stops where it runs out and
//! says so, and answers "unknown" for a pattern whose search did not finish.

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
/// Cells of profile values a sample may hold (profiles times fields), so a catalog of hundreds
/// of fields gets fewer profiles rather than gigabytes of them.
const SAMPLE_CELLS: usize = 2_500_000;
/// Work the analysis of the profiles may do: the default pack needs a fifteenth of it.
pub(crate) const ANALYSIS_BUDGET: u64 = 100_000_000;
/// Work one [`reachable`] search may do before it answers "unknown" (the default pack's
/// searches need a few hundred thousand)…
pub(crate) const SEARCH_BUDGET: u64 = 50_000_000;
/// …and all of them together, for one pack.
pub(crate) const SEARCHES_BUDGET: u64 = 100_000_000;

/// Work left, counted in parts of conditions evaluated (what the time of an analysis is
/// proportional to). Each budget here is a few seconds of work at most.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new(units: u64) -> Budget {
        Budget { left: units }
    }

    /// Takes `units` of work; false (and nothing left) when there is not that much.
    fn spend(&mut self, units: u64) -> bool {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.left = 0;
                false
            }
        }
    }

    /// What one search may have: up to `most`, taken from this budget.
    fn share(&mut self, most: u64) -> Budget {
        let share = self.left.min(most);
        self.left -= share;
        Budget { left: share }
    }

    /// Gives back what a share did not use.
    fn refund(&mut self, share: Budget) {
        self.left += share.left;
    }
}

/// The work of one full evaluation of the pack's rules: every part of every condition.
pub(crate) fn tally_cost(pack: &RulePack) -> u64 {
    let parts: usize = pack.rules.iter().map(|r| r.when.parts()).sum();
    u64::try_from(parts + pack.patterns.len()).unwrap_or(u64::MAX)
}

/// Whether each pattern can win, searching within the budgets (for `rules lint` and the
/// analysis alike). `known` says which are already known to win.
pub(crate) fn reach_all(
    engine: &Engine<'_>,
    reps: &IdVec<FieldId, Vec<Value>>,
    known: impl Fn(PatternId) -> bool,
) -> IdVec<PatternId, Reach> {
    let mut searches = Budget::new(SEARCHES_BUDGET);
    engine
        .pack
        .patterns
        .ids()
        .map(|p| {
            if known(p) {
                return Reach::Yes;
            }
            let mut share = searches.share(SEARCH_BUDGET);
            let reach = reachable(engine, reps, p, &mut share);
            searches.refund(share);
            reach
        })
        .collect()
}

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
    /// Whether every profile meant to be analysed was: false when the work budget ran out
    /// first, and the counts are over the profiles analysed until then.
    pub complete: bool,
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
        let count = SAMPLES.min(SAMPLE_CELLS / reps.len().max(1)).max(1);
        (Method::Sampled { seed: SEED }, sample(&reps, count, SEED))
    };
    let cost = tally_cost(pack);
    let mut budget = Budget::new(ANALYSIS_BUDGET);
    let mut complete = true;
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
    'profiles: for mut values in profiles {
        if method != Method::Exhaustive {
            repair(pack, &reps, &mut values);
        }
        if !links_hold(pack, &values) {
            continue;
        }
        if !budget.spend(cost) {
            complete = false;
            break;
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
            if !budget.spend(1) {
                complete = false;
                break 'profiles;
            }
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
                if !budget.spend(cost) {
                    complete = false;
                    break 'profiles;
                }
                if links_hold(pack, &values) && winner(pack, &engine.tally(&values).0) != best {
                    field_matters[f] = true;
                    break;
                }
            }
            values[f] = original;
        }
    }
    let reach = reach_all(&engine, &reps, |p| eligible_wins[p] > 0);
    Analysis {
        method,
        space,
        profiles: count,
        complete,
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
fn reachable(
    engine: &Engine<'_>,
    reps: &IdVec<FieldId, Vec<Value>>,
    p: PatternId,
    budget: &mut Budget,
) -> Reach {
    let mut values: IdVec<FieldId, Option<Value>> = IdVec::filled(reps.len(), None);
    let fields: Vec<FieldId> = reps.ids().collect();
    let cost = tally_cost(engine.pack);
    match search(engine, reps, p, &fields, &mut values, cost, budget) {
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
    cost: u64,
    budget: &mut Budget,
) -> Option<bool> {
    // Each visit evaluates every rule on the partial profile (and a leaf, once more in full).
    if !budget.spend(cost) {
        return None;
    }
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
            match search(engine, reps, p, rest, values, cost, budget) {
                Some(true) => {
                    values[field] = None;
                    return Some(true);
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
        if budget.left == 0 {
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
