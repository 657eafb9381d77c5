//! Property tests over the default pack: for any valid profile the catalog allows, evaluation
//! never panics, gives exactly one recommendation, is deterministic, every what-if it reports
//! really flips the answer, and one step in a direction the article names (the pack's
//! `directions:`) never moves a pattern the wrong way; and no input at all makes the parser
//! panic.
//!
//! Profiles are generated from the catalog (the pack's data), written as YAML and parsed, so
//! the generator follows the catalog when a field is added. Case counts are modest so
//! `cargo test` stays fast; raise `PROPTEST_CASES` for a longer run.

use super::whatif::{candidates_mask, values_mask};
use super::Engine;
use crate::pack::{Field, FieldId, IdVec, Kind, PatternId, RulePack, Value};
use crate::profile::{self, Profile};
use proptest::prelude::*;
use std::cmp::Ordering;
use std::sync::OnceLock;

fn pack() -> &'static RulePack {
    static PACK: OnceLock<RulePack> = OnceLock::new();
    PACK.get_or_init(crate::test_support::default_pack)
}

fn engine() -> &'static Engine<'static> {
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(pack()))
}

/// Draws numbers from a fixed list of random words, so one proptest value drives a whole
/// profile whatever the catalog holds.
struct Entropy<'a> {
    words: &'a [u64],
    at: usize,
}

impl Entropy<'_> {
    fn next(&mut self) -> u64 {
        let w = self.words[self.at % self.words.len()];
        self.at += 1;
        // Mix in the position so a short list still gives varied draws.
        w.rotate_left((self.at % 64) as u32) ^ (self.at as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// An integer in `min..=max`, usually near one of the rules' thresholds (where decisions turn).
fn int_value(e: &mut Entropy<'_>, field: FieldId, min: i64, max: i64) -> i64 {
    let thresholds = engine().thresholds(field);
    let pick = if !thresholds.is_empty() && e.chance(70) {
        thresholds[e.below(thresholds.len() as u64) as usize]
    } else if e.chance(50) {
        min + e.below(30) as i64
    } else {
        min + e.below((max - min + 1) as u64) as i64
    };
    pick.clamp(min, max)
}

fn discrete_text(e: &mut Entropy<'_>, f: &Field) -> String {
    let values = f.discrete_values().unwrap_or_default();
    let v = values[e.below(values.len() as u64) as usize];
    f.format(v)
}

/// A valid profile as YAML: every required field, a random subset of the optional ones, an
/// optional `current:`, and zero to three components overriding per-component fields.
fn profile_yaml(words: &[u64]) -> String {
    let pack = pack();
    let mut e = Entropy { words, at: 0 };
    let mut text = String::new();
    let mut ints: IdVec<FieldId, Option<i64>> = IdVec::filled(pack.catalog.len(), None);
    for (i, f) in pack.catalog.fields.iter_enumerated() {
        if !f.required && !e.chance(60) {
            continue;
        }
        let value = match &f.kind {
            Kind::Integer { min, max } => {
                // `at_most` links (teams <= team_size): stay within the other field's value.
                let limit = f
                    .at_most
                    .and_then(|j| ints[j])
                    .map_or(*max, |b| b.min(*max));
                if limit < *min {
                    continue;
                }
                let n = int_value(&mut e, i, *min, limit);
                ints[i] = Some(n);
                n.to_string()
            }
            _ => discrete_text(&mut e, f),
        };
        text.push_str(&format!("{}: {value}\n", f.name));
    }
    if e.chance(40) {
        let p = &pack.patterns.as_slice()[e.below(pack.patterns.len() as u64) as usize];
        text.push_str(&format!("current: {}\n", p.id));
    }
    let components = e.below(4);
    if components > 0 {
        text.push_str("components:\n");
        let per: Vec<&Field> = pack
            .catalog
            .fields
            .iter()
            .filter(|f| f.per_component)
            .collect();
        for c in 0..components {
            text.push_str(&format!("  - name: part-{c}\n"));
            for f in &per {
                if e.chance(20) {
                    let value = match &f.kind {
                        // Integer per-component fields have no `at_most` in the default pack.
                        Kind::Integer { min, max } => {
                            (min + e.below((max - min + 1) as u64) as i64).to_string()
                        }
                        _ => discrete_text(&mut e, f),
                    };
                    text.push_str(&format!("    {}: {value}\n", f.name));
                }
            }
        }
    }
    text
}

fn parse(text: &str) -> Profile {
    let mut docs = profile::parse_stream(text, "gen.yaml", "gen", pack());
    assert_eq!(docs.len(), 1);
    match docs.remove(0) {
        Ok(p) => p,
        Err(diags) => panic!("generated profile is invalid: {diags:?}\n{text}"),
    }
}

/// Whether setting field `i` to `to` keeps the catalog's `at_most` links (written out here,
/// independently of the engine's own check).
fn allowed(values: &IdVec<FieldId, Value>, i: FieldId, to: Value) -> bool {
    pack().catalog.fields.iter_enumerated().all(|(a, f)| {
        let Some(b) = f.at_most else { return true };
        let get = |k: FieldId| match if k == i {
            Some(to)
        } else {
            values.get(k).copied()
        } {
            Some(Value::Int(n)) => Some(n),
            _ => None,
        };
        match (get(a), get(b)) {
            (Some(x), Some(y)) => x <= y,
            _ => true,
        }
    })
}

/// The recommendation for `profile` with field `i` set to `to`, by a full evaluation.
fn recommend_with(profile: &Profile, i: FieldId, to: Value) -> PatternId {
    let mut changed = profile.clone();
    changed.values[i] = to;
    engine().evaluate(&changed).recommendation
}

/// The what-if list by brute force: for each field, full evaluations of the candidates in
/// order of nearness, the first that flips the answer (integers: nearest above and below).
fn what_if_by_brute_force(
    profile: &Profile,
    current: PatternId,
) -> Vec<(FieldId, Value, PatternId)> {
    let pack = pack();
    let mut found = Vec::new();
    for (i, f) in pack.catalog.fields.iter_enumerated() {
        let from = profile.values[i];
        let first_flip = |candidates: &mut dyn Iterator<Item = Value>| {
            candidates
                .filter(|&to| allowed(&profile.values, i, to))
                .map(|to| (i, to, recommend_with(profile, i, to)))
                .find(|&(_, _, rec)| rec != current)
        };
        match (&f.kind, from) {
            (Kind::Integer { min, max }, Value::Int(cur)) => {
                let t = engine().thresholds(i);
                let up = first_flip(
                    &mut t
                        .iter()
                        .copied()
                        .filter(|&c| c > cur && c <= *max)
                        .map(Value::Int),
                );
                let down = first_flip(
                    &mut t
                        .iter()
                        .rev()
                        .copied()
                        .filter(|&c| c < cur && c >= *min)
                        .map(Value::Int),
                );
                found.extend(up);
                found.extend(down);
            }
            _ => {
                let mut others = f.discrete_values().unwrap_or_default();
                others.retain(|&v| v != from);
                let distance = |v: Value| match (from, v) {
                    (Value::Enum(x), Value::Enum(y)) => (i64::from(x) - i64::from(y)).abs(),
                    _ => 1,
                };
                others.sort_by_key(|&v| (distance(v), v));
                found.extend(first_flip(&mut others.into_iter()));
            }
        }
    }
    found
}

/// Each step up from `profile` along each of the pack's directions (the next value in the
/// direction's order, or one more for an integer), evaluated in full: the first step that moves
/// a promised pattern the wrong way, told, or `None`. Standing is the engine's own: a vetoed
/// pattern below every score, vetoed patterns level.
fn direction_breach(engine: &Engine<'_>, profile: &Profile) -> Option<String> {
    let pack = engine.pack;
    let standing = |values: &IdVec<FieldId, Value>, p: PatternId| {
        let (tally, _) = engine.tally(values);
        (tally.is_vetoed(p), tally.score(p))
    };
    for d in &pack.meta.directions {
        let field = &pack.catalog.fields[d.field];
        let from = profile.values[d.field];
        let to = match (&field.kind, from) {
            (Kind::Integer { max, .. }, Value::Int(n)) if n < *max => Value::Int(n + 1),
            (Kind::Integer { .. }, _) => continue,
            _ => match d.order.iter().position(|&v| v == from) {
                Some(i) if i + 1 < d.order.len() => d.order[i + 1],
                _ => continue,
            },
        };
        if !allowed(&profile.values, d.field, to) {
            continue;
        }
        let mut after = profile.values.clone();
        after[d.field] = to;
        let promises = d
            .never_down
            .iter()
            .map(|&p| (p, Ordering::Less, "fell"))
            .chain(d.never_up.iter().map(|&p| (p, Ordering::Greater, "rose")));
        for (p, wrong, moved) in promises {
            let (b, a) = (standing(&profile.values, p), standing(&after, p));
            // Written out here, independently of lint's own comparison.
            let change = match (b.0, a.0) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => a.1.total_cmp(&b.1),
            };
            if change == wrong {
                return Some(format!(
                    "{} {moved} from {b:?} to {a:?} (vetoed, score) when {} went from {} to {}",
                    pack.pattern_id(p),
                    field.name,
                    field.format(from),
                    field.format(to)
                ));
            }
        }
    }
    None
}

/// A fixed stream of words for deterministic sampling outside proptest.
fn words(seed: u64, n: usize) -> Vec<u64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x
        })
        .collect()
}

#[test]
fn the_default_pack_promises_the_articles_directions() {
    // The promises the property below proves come from the pack; this pins that the default
    // pack keeps making every one the article names.
    let pack = pack();
    let id = |p: PatternId| pack.pattern_id(p).to_string();
    let mut got: Vec<String> = pack
        .meta
        .directions
        .iter()
        .map(|d| {
            let list = |ps: &[PatternId]| ps.iter().map(|&p| id(p)).collect::<Vec<_>>().join(",");
            format!(
                "{} down:{} up:{}",
                pack.catalog.fields[d.field].name,
                list(&d.never_down),
                list(&d.never_up)
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        "team_size down:microservices up:monolith",
        "teams down:microservices up:monolith",
        "independent_deploys down:microservices up:monolith",
        "scaling down:microservices up:monolith",
        "multiple_stacks down:microservices up:monolith",
        "high_availability down: up:monolith",
        "devops down:microservices up:",
        "traffic down:serverless up:",
        "minimize_ops down:serverless up:",
        "long_running down: up:serverless",
        "stateful down: up:serverless",
        "latency_sensitive down: up:serverless",
        "avoid_lock_in down: up:serverless",
        "coupling down:event-driven up:",
    ];
    want.sort_unstable();
    assert_eq!(got, want);
    let coupling = pack.catalog.index_of("coupling").unwrap();
    let d = pack
        .meta
        .directions
        .iter()
        .find(|d| d.field == coupling)
        .unwrap();
    let order: Vec<String> = d
        .order
        .iter()
        .map(|&v| pack.catalog.fields[coupling].format(v))
        .collect();
    assert_eq!(order, ["tight", "mixed", "loose"]);
}

#[test]
fn a_rule_against_a_direction_fails_the_property() {
    // Lint catches the same rule: `rules::directions`' tests.
    let broken = crate::test_support::default_pack_against_a_direction();
    let with_it = Engine::new(&broken);
    let found = (0..400u64)
        .map(|seed| parse(&profile_yaml(&words(seed, 24))))
        .find_map(|profile| direction_breach(&with_it, &profile));
    let found = found.expect("the property finds a profile where the monolith rises");
    assert!(found.starts_with("monolith rose"), "{found}");
    // And the default pack, over the same profiles, keeps every promise.
    for seed in 0..400u64 {
        let profile = parse(&profile_yaml(&words(seed, 24)));
        assert_eq!(direction_breach(engine(), &profile), None, "{profile:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn one_step_in_the_articles_direction_never_moves_a_pattern_the_wrong_way(
        words in prop::collection::vec(any::<u64>(), 8..40)
    ) {
        let profile = parse(&profile_yaml(&words));
        if let Some(breach) = direction_breach(engine(), &profile) {
            prop_assert!(false, "{}", breach);
        }
    }

    #[test]
    fn evaluation_gives_one_recommendation_deterministically(
        words in prop::collection::vec(any::<u64>(), 8..40)
    ) {
        let text = profile_yaml(&words);
        let profile = parse(&text);
        let eval = engine().evaluate(&profile);
        // The ranking lists every pattern once, the recommendation first.
        let mut ranking = eval.ranking.clone();
        prop_assert_eq!(ranking.first().copied(), Some(eval.recommendation));
        ranking.sort_unstable();
        prop_assert_eq!(ranking, pack().patterns.ids().collect::<Vec<_>>());
        // The same evaluation again, and from a fresh parse of the same text.
        prop_assert_eq!(&eval, &engine().evaluate(&profile));
        let reparsed = parse(&text);
        prop_assert_eq!(&eval, &engine().evaluate(&reparsed));
        prop_assert!(!eval.system.is_vetoed(eval.recommendation) || eval.all_vetoed);
    }

    #[test]
    fn a_rule_over_all_values_of_a_field_at_once_agrees_with_each_value(
        words in prop::collection::vec(any::<u64>(), 8..40)
    ) {
        // The what-if search asks `values_mask` / `candidates_mask` once per field instead of
        // `eval` once per candidate value.
        let profile = parse(&profile_yaml(&words));
        for (i, field) in pack().catalog.fields.iter_enumerated() {
            let thresholds = engine().thresholds(i);
            let options: Vec<(Value, u64)> = match field.discrete_values() {
                Some(values) => values.into_iter().map(|v| (v, v.bit())).collect(),
                None => thresholds.iter().enumerate().map(|(j, &x)| (Value::Int(x), 1 << j)).collect(),
            };
            for rule in &pack().rules {
                let mask = match field.kind {
                    Kind::Integer { .. } => candidates_mask(&rule.when, &profile.values, i, thresholds),
                    _ => values_mask(&rule.when, &profile.values, i),
                };
                for &(v, bit) in &options {
                    let mut values = profile.values.clone();
                    values[i] = v;
                    prop_assert_eq!(
                        mask & bit != 0,
                        rule.when.eval(&values),
                        "rule {} with {} = {:?}", rule.id, field.name, v
                    );
                }
            }
        }
    }

    #[test]
    fn every_what_if_applied_gives_the_pattern_it_names(
        words in prop::collection::vec(any::<u64>(), 8..40)
    ) {
        let profile = parse(&profile_yaml(&words));
        let eval = engine().evaluate(&profile);
        for w in &eval.what_if {
            prop_assert_eq!(profile.values[w.field], w.from);
            prop_assert!(allowed(&profile.values, w.field, w.to));
            let rec = recommend_with(&profile, w.field, w.to);
            prop_assert_eq!(
                rec, w.recommendation,
                "setting {} to {:?} gives {}, the what-if says {}",
                pack().catalog.fields[w.field].name, w.to,
                pack().pattern_id(rec), pack().pattern_id(w.recommendation)
            );
            prop_assert_ne!(rec, eval.recommendation);
        }
        // And none is missing: the list is exactly what full re-evaluation finds.
        let reported: Vec<(FieldId, Value, PatternId)> =
            eval.what_if.iter().map(|w| (w.field, w.to, w.recommendation)).collect();
        prop_assert_eq!(reported, what_if_by_brute_force(&profile, eval.recommendation));
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = profile::parse_stream(&text, "x.yaml", "x", pack());
    }

    #[test]
    fn arbitrary_strings_never_panic_the_parser(text in any::<String>()) {
        let _ = profile::parse_stream(&text, "x.yaml", "x", pack());
    }

    #[test]
    fn yaml_shaped_noise_never_panics_the_parser(
        parts in prop::collection::vec(prop::sample::select(vec![
            "[", "]", "{", "}", ": ", ":", "- ", ", ", "&a ", "*a", "&b ", "*b", "\n", "  ", "\t",
            "team_size", "teams", "traffic", "components", "name", "current", "1", "0x10",
            "-3", "1e3", ".inf", "~", "true", "spiky", "!!str ", "!!int ", "!x ", "'", "\"",
            "#", "---\n", "...\n", "? ", "|\n", ">\n", "%YAML 1.2\n", "\\", "\u{feff}",
        ]), 0..80)
    ) {
        let text: String = parts.concat();
        let _ = profile::parse_stream(&text, "x.yaml", "x", pack());
    }
}
