//! A rule pack analysed over its whole profile space, not just over the profiles someone wrote.
//!
//! Rules only compare integers with constants, so an integer field only matters up to which
//! side of each constant it falls on: cutting it at the rules' own thresholds
//! ([`RulePack::thresholds`]) and keeping one value per piece makes the space finite without
//! losing any decision. Booleans and enums are finite already. Components are ignored here (a
//! component is an overlay of the same fields, so it adds no decision the system-level space
//! does not already contain); the answer analysed is the system's own recommendation.
//!
//! Small spaces are enumerated; large ones (the default pack's is in the hundreds of millions)
//! are sampled with a fixed seed, stratified so that every value of every field is drawn equally
//! often. Whether a pattern can win at all is then settled exactly by [`reachable`], a
//! branch-and-bound search over partial profiles, because a sample cannot prove a negative.

use crate::pack::catalog::{Kind, Value};
use crate::pack::rule::Effect;
use crate::pack::RulePack;

/// Spaces up to this many profiles are enumerated; larger ones are sampled.
pub const EXHAUSTIVE_LIMIT: u128 = 200_000;
/// Profiles drawn from a space too large to enumerate.
pub const SAMPLES: usize = 50_000;
/// The sample's seed: the same pack always gives the same report.
pub const SEED: u64 = 0x00a2_c4f1_7e55_0001;
/// Partial profiles [`reachable`] may visit per pattern before it answers "unknown".
pub const SEARCH_BUDGET: usize = 2_000_000;

/// One representative value per piece of each field's range, in catalog order.
pub fn representatives(pack: &RulePack) -> Vec<Vec<Value>> {
    let catalog = &pack.catalog;
    catalog
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| match &f.kind {
            Kind::Integer { min, max } => {
                let mut vals = vec![*min, *max];
                vals.extend_from_slice(pack.thresholds(i));
                // A field bounded by this one (`teams <= team_size`): its cut points are kept
                // here too, so every piece of the bounded field has a partner that allows it.
                for (j, g) in catalog.fields.iter().enumerate() {
                    if g.at_most == Some(i) {
                        vals.extend_from_slice(pack.thresholds(j));
                    }
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

/// Scores and veto counts for one profile: the engine's decision, kept in a form where one rule
/// can be taken out cheaply.
struct Tally {
    scores: Vec<f64>,
    vetoes: Vec<u32>,
    fired: Vec<usize>,
}

fn tally(pack: &RulePack, values: &[Value]) -> Tally {
    let n = pack.patterns.len();
    let mut t = Tally {
        scores: vec![0.0; n],
        vetoes: vec![0; n],
        fired: Vec::new(),
    };
    for (i, rule) in pack.rules.iter().enumerate() {
        if rule.when.eval(values) {
            t.fired.push(i);
            apply(&mut t, pack, i, true);
        }
    }
    t
}

fn apply(t: &mut Tally, pack: &RulePack, rule: usize, add: bool) {
    let Some(r) = pack.rules.get(rule) else {
        return;
    };
    match r.effect {
        Effect::Score(s) => {
            if let Some(slot) = t.scores.get_mut(r.pattern) {
                *slot += if add { s } else { -s };
            }
        }
        Effect::Veto => {
            if let Some(slot) = t.vetoes.get_mut(r.pattern) {
                *slot = if add {
                    *slot + 1
                } else {
                    slot.saturating_sub(1)
                };
            }
        }
    }
}

/// The engine's ranking rule: eligible patterns by score, ties to the simpler; if every pattern
/// is vetoed, the best by score. Returns (best, runner-up if eligible).
fn best_two(scores: &[f64], vetoes: &[u32]) -> (usize, Option<usize>) {
    let better = |a: usize, b: usize| -> bool {
        let (va, vb) = (vetoes[a] > 0, vetoes[b] > 0);
        if va != vb {
            return !va;
        }
        scores[a] > scores[b]
    };
    let mut best: Option<usize> = None;
    let mut second: Option<usize> = None;
    for p in 0..scores.len() {
        match best {
            None => best = Some(p),
            Some(b) if better(p, b) => {
                second = best;
                best = Some(p);
            }
            Some(_) => {
                if second.is_none_or(|s| better(p, s)) {
                    second = Some(p);
                }
            }
        }
    }
    let second = second.filter(|&s| vetoes[s] == 0);
    (best.unwrap_or(0), second)
}

fn winner(t: &Tally) -> usize {
    best_two(&t.scores, &t.vetoes).0
}

/// Whether `values` satisfy the catalog's `at_most` links.
fn links_hold(pack: &RulePack, values: &[Value]) -> bool {
    pack.catalog.fields.iter().enumerate().all(|(i, f)| {
        f.at_most
            .is_none_or(|j| match (values.get(i), values.get(j)) {
                (Some(Value::Int(a)), Some(Value::Int(b))) => a <= b,
                _ => true,
            })
    })
}

/// Moves a sampled value that breaks an `at_most` link (`teams` above `team_size`) down to the
/// largest representative the link allows, rather than dropping the profile.
fn repair(pack: &RulePack, reps: &[Vec<Value>], values: &mut [Value]) {
    for (i, f) in pack.catalog.fields.iter().enumerate() {
        let Some(j) = f.at_most else { continue };
        if let (Some(Value::Int(a)), Some(&Value::Int(b))) = (values.get(i), values.get(j)) {
            if *a > b {
                let fit = reps.get(i).and_then(|r| {
                    r.iter()
                        .rev()
                        .find(|v| matches!(v, Value::Int(x) if *x <= b))
                });
                if let (Some(&v), Some(slot)) = (fit, values.get_mut(i)) {
                    *slot = v;
                }
            }
        }
    }
}

/// How the profiles were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Exhaustive,
    /// Stratified random sample with a fixed seed.
    Sampled {
        seed: u64,
    },
}

/// Whether a pattern can win at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Some profile gets it as the recommendation without a veto.
    Yes,
    /// Proved impossible.
    Never,
    /// The search ran out of budget without an answer.
    Unknown,
}

/// The result of `rules analyze`.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub method: Method,
    /// Size of the cut space (all representative combinations, before the `at_most` links).
    pub space: u128,
    /// Profiles analysed (valid under the links).
    pub profiles: usize,
    /// Per pattern: how many analysed profiles it wins.
    pub wins: Vec<usize>,
    pub reach: Vec<Reach>,
    /// Rules (pack order) whose removal never changed the recommendation of an analysed profile.
    pub inert_rules: Vec<usize>,
    /// Rules that never fired on an analysed profile (a subset of the inert ones).
    pub unfired_rules: Vec<usize>,
    pub all_vetoed: usize,
    pub close_calls: usize,
    /// Catalog fields whose value never changed the recommendation of an analysed profile.
    pub inert_fields: Vec<usize>,
    /// Representative values per field (what the space is made of).
    pub representatives: Vec<Vec<Value>>,
}

/// Analyses the pack over its profile space.
pub fn analyze(pack: &RulePack) -> Analysis {
    let reps = representatives(pack);
    let space = reps
        .iter()
        .fold(1u128, |acc, r| acc.saturating_mul(r.len().max(1) as u128));
    let (method, profiles) = if space <= EXHAUSTIVE_LIMIT {
        (Method::Exhaustive, enumerate(&reps))
    } else {
        (Method::Sampled { seed: SEED }, sample(&reps, SAMPLES, SEED))
    };
    let n = pack.patterns.len();
    let mut wins = vec![0usize; n];
    // Wins without a veto: a witness that the pattern is reachable, sparing the exact search.
    let mut eligible_wins = vec![0usize; n];
    let mut rule_matters = vec![false; pack.rules.len()];
    let mut rule_fired = vec![false; pack.rules.len()];
    let mut field_matters = vec![false; pack.catalog.len()];
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
        let mut t = tally(pack, &values);
        let (best, second) = best_two(&t.scores, &t.vetoes);
        if let Some(w) = wins.get_mut(best) {
            *w += 1;
        }
        let vetoed = t.vetoes.get(best).is_some_and(|&v| v > 0);
        if vetoed {
            all_vetoed += 1;
        } else if let Some(w) = eligible_wins.get_mut(best) {
            *w += 1;
        }
        if !vetoed && second.is_some_and(|s| t.scores[best] - t.scores[s] < margin) {
            close_calls += 1;
        }
        let fired = std::mem::take(&mut t.fired);
        for &r in &fired {
            rule_fired[r] = true;
            if rule_matters[r] {
                continue;
            }
            apply(&mut t, pack, r, false);
            if winner(&t) != best {
                rule_matters[r] = true;
            }
            apply(&mut t, pack, r, true);
        }
        for (f, alternatives) in reps.iter().enumerate() {
            if field_matters[f] {
                continue;
            }
            let original = values[f];
            for &v in alternatives {
                if v == original {
                    continue;
                }
                values[f] = v;
                if links_hold(pack, &values) && winner(&tally(pack, &values)) != best {
                    field_matters[f] = true;
                    break;
                }
            }
            values[f] = original;
        }
    }
    let reach = (0..n)
        .map(|p| {
            if eligible_wins.get(p).is_some_and(|&w| w > 0) {
                Reach::Yes
            } else {
                reachable(pack, &reps, p)
            }
        })
        .collect();
    Analysis {
        method,
        space,
        profiles: count,
        wins,
        reach,
        inert_rules: (0..pack.rules.len())
            .filter(|&r| !rule_matters[r])
            .collect(),
        unfired_rules: (0..pack.rules.len()).filter(|&r| !rule_fired[r]).collect(),
        all_vetoed,
        close_calls,
        inert_fields: (0..pack.catalog.len())
            .filter(|&f| !field_matters[f])
            .collect(),
        representatives: reps,
    }
}

fn enumerate(reps: &[Vec<Value>]) -> Box<dyn Iterator<Item = Vec<Value>> + '_> {
    if reps.iter().any(Vec::is_empty) {
        return Box::new(std::iter::empty());
    }
    let mut index = vec![0usize; reps.len()];
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let values: Vec<Value> = index.iter().zip(reps).map(|(&i, r)| r[i]).collect();
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
fn sample(reps: &[Vec<Value>], count: usize, seed: u64) -> Box<dyn Iterator<Item = Vec<Value>>> {
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

/// Three-valued truth of a condition under a partial profile: `known[f]` says whether field `f`
/// is decided, and then `filled[f]` is its value.
fn partial_eval(cond: &crate::pack::rule::Cond, known: &[bool], filled: &[Value]) -> Option<bool> {
    use crate::pack::rule::Cond;
    match cond {
        Cond::All(cs) => {
            let mut unknown = false;
            for c in cs {
                match partial_eval(c, known, filled) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        Cond::Any(cs) => {
            let mut unknown = false;
            for c in cs {
                match partial_eval(c, known, filled) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        Cond::Not(c) => partial_eval(c, known, filled).map(|b| !b),
        Cond::Int { field, .. } | Cond::Set { field, .. } => {
            if known.get(*field).copied().unwrap_or(false) {
                // A comparison reads only its own field.
                Some(cond.eval(filled))
            } else {
                None
            }
        }
    }
}

/// Exactly whether pattern `p` can be the recommendation, without being vetoed, for some profile
/// of the cut space. A depth-first search over partial profiles that abandons a branch as soon as
/// `p` is surely vetoed there, or some other pattern is surely eligible and surely ahead of it
/// whatever the remaining fields are (scores of undecided rules bound each side).
pub fn reachable(pack: &RulePack, reps: &[Vec<Value>], p: usize) -> Reach {
    let mut values: Vec<Option<Value>> = vec![None; reps.len()];
    let mut budget = SEARCH_BUDGET;
    match search(pack, reps, p, 0, &mut values, &mut budget) {
        Some(true) => Reach::Yes,
        Some(false) => Reach::Never,
        None => Reach::Unknown,
    }
}

/// `Some(found)`, or `None` when the budget ran out.
fn search(
    pack: &RulePack,
    reps: &[Vec<Value>],
    p: usize,
    depth: usize,
    values: &mut Vec<Option<Value>>,
    budget: &mut usize,
) -> Option<bool> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let n = pack.patterns.len();
    let mut max = vec![0.0f64; n];
    let mut min = vec![0.0f64; n];
    let mut surely_vetoed = vec![false; n];
    let mut maybe_vetoed = vec![false; n];
    let known: Vec<bool> = values.iter().map(Option::is_some).collect();
    let filled: Vec<Value> = values.iter().map(|v| v.unwrap_or(Value::Int(0))).collect();
    for rule in &pack.rules {
        let state = partial_eval(&rule.when, &known, &filled);
        let q = rule.pattern;
        if q >= n {
            continue;
        }
        match (rule.effect, state) {
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
    for q in (0..n).filter(|&q| q != p && !maybe_vetoed[q]) {
        // q is eligible whatever comes; p loses to it if q's worst beats p's best (a tie goes to
        // the earlier pattern).
        if min[q] > max[p] || (min[q] == max[p] && q < p) {
            return Some(false);
        }
    }
    if depth == reps.len() {
        // Everything is decided: min == max for every pattern.
        let vetoes: Vec<u32> = surely_vetoed.iter().map(|&v| u32::from(v)).collect();
        let ok = links_hold_partial(pack, values);
        return Some(ok && best_two(&min, &vetoes).0 == p);
    }
    let mut unknown = false;
    for &v in reps.get(depth).map_or(&[][..], Vec::as_slice) {
        values[depth] = Some(v);
        if links_hold_partial(pack, values) {
            match search(pack, reps, p, depth + 1, values, budget) {
                Some(true) => {
                    values[depth] = None;
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
    values[depth] = None;
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn links_hold_partial(pack: &RulePack, values: &[Option<Value>]) -> bool {
    pack.catalog.fields.iter().enumerate().all(|(i, f)| {
        f.at_most.is_none_or(|j| {
            match (
                values.get(i).copied().flatten(),
                values.get(j).copied().flatten(),
            ) {
                (Some(Value::Int(a)), Some(Value::Int(b))) => a <= b,
                _ => true,
            }
        })
    })
}

/// The recommendation for a full profile, as the analysis computes it (for tests against the
/// engine).
pub fn recommend(pack: &RulePack, values: &[Value]) -> usize {
    winner(&tally(pack, values))
}
