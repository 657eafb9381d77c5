//! Proving a pack keeps the directions it promises (`directions:` in `pack.yaml`): as a field
//! moves along its order, a `never_down` pattern never loses standing and a `never_up` one
//! never gains it. Standing ([`standing_order`]): a vetoed pattern is below every score and
//! vetoed patterns are equal (none of them can be recommended); otherwise the score.
//!
//! Exact, not sampled: a pattern's standing changes with the field only through the pattern's
//! own rules that read the field, and those read only a few other fields. So for each promise
//! it is enough to try every combination of those few fields (integers cut at the rules' own
//! thresholds, as `rules analyze` does) and every step between neighbouring values of the
//! field. A veto among the pattern's other rules can only make both sides equal.

use crate::pack::catalog::int;
use crate::pack::{
    Cond, Direction, Effect, FieldId, IdVec, Kind, PatternId, Rule, RuleId, RulePack, Value,
};
use std::cmp::Ordering;

/// How a pattern's standing after a step compares with before: vetoed below every score,
/// vetoed and vetoed equal, otherwise by score. `(vetoed, score)` each.
pub(crate) fn standing_order(before: (bool, f64), after: (bool, f64)) -> Ordering {
    match (before.0, after.0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => after.1.total_cmp(&before.1),
    }
}

/// Combinations of the other fields one promise may try before it gives up and says so.
const BUDGET: usize = 1_000_000;

/// A step along a direction that moves a pattern the wrong way.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Breach {
    pub direction: usize,
    pub pattern: PatternId,
    /// The pattern promised not to fall (`true`) or not to rise (`false`).
    pub never_down: bool,
    pub from: Value,
    pub to: Value,
    /// The values of the other fields the rules read, where it happens.
    pub with: Vec<(FieldId, Value)>,
    /// The pattern's rules whose firing changes with the step.
    pub rules: Vec<RuleId>,
    /// Standing before and after: (vetoed, score).
    pub before: (bool, f64),
    pub after: (bool, f64),
}

/// What checking one promise found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Finding {
    Breach(Breach),
    /// Too many combinations to try within the budget: not proved either way.
    Unknown {
        direction: usize,
        pattern: PatternId,
    },
}

/// Every promise of the pack checked: at most one finding per direction and pattern.
pub(crate) fn check(pack: &RulePack) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (k, d) in pack.meta.directions.iter().enumerate() {
        let promises = d
            .never_down
            .iter()
            .map(|&p| (p, true))
            .chain(d.never_up.iter().map(|&p| (p, false)));
        for (pattern, never_down) in promises {
            findings.extend(check_one(pack, k, d, pattern, never_down));
        }
    }
    findings
}

fn check_one(
    pack: &RulePack,
    k: usize,
    d: &Direction,
    pattern: PatternId,
    never_down: bool,
) -> Option<Finding> {
    let reads = |r: &Rule, f: FieldId| {
        let mut found = false;
        r.when.visit_fields(&mut |g| found |= g == f);
        found
    };
    // The pattern's rules that read the field, and whether any of its vetoes does not.
    let rules: Vec<RuleId> = pack
        .rules
        .iter_enumerated()
        .filter(|(_, r)| r.pattern == pattern && reads(r, d.field))
        .map(|(i, _)| i)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let mut others: Vec<FieldId> = Vec::new();
    for &r in &rules {
        pack.rules[r].when.visit_fields(&mut |g| {
            if g != d.field && !others.contains(&g) {
                others.push(g);
            }
        });
    }
    let conds: Vec<&Cond> = rules.iter().map(|&r| &pack.rules[r].when).collect();
    let steps = values_along(pack, d, &conds);
    let choices: Vec<Vec<Value>> = others
        .iter()
        .map(|&g| representatives(pack, g, &conds))
        .collect();
    let combinations = choices
        .iter()
        .fold(1usize, |n, c| n.saturating_mul(c.len().max(1)));
    if combinations.saturating_mul(steps.len()) > BUDGET {
        return Some(Finding::Unknown {
            direction: k,
            pattern,
        });
    }
    // A profile's values for the fields in play; the rest are never read by these rules.
    let mut values: IdVec<FieldId, Value> = pack
        .catalog
        .fields
        .iter()
        .map(|f| f.default.unwrap_or(Value::Int(0)))
        .collect();
    let mut index = vec![0usize; choices.len()];
    loop {
        for (&g, (c, &i)) in others.iter().zip(choices.iter().zip(&index)) {
            if let Some(&v) = c.get(i) {
                values[g] = v;
            }
        }
        for pair in steps.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            if let Some(breach) = step(pack, &rules, &others, &mut values, d, from, to, never_down)
            {
                return Some(Finding::Breach(Breach {
                    direction: k,
                    pattern,
                    ..breach
                }));
            }
        }
        // Odometer over the other fields' choices.
        let mut advanced = false;
        for (i, c) in index.iter_mut().zip(&choices).rev() {
            *i += 1;
            if *i < c.len() {
                advanced = true;
                break;
            }
            *i = 0;
        }
        if !advanced {
            return None;
        }
    }
}

/// One step of the field from `from` to `to`, the other fields as in `values`.
#[allow(clippy::too_many_arguments)]
fn step(
    pack: &RulePack,
    rules: &[RuleId],
    others: &[FieldId],
    values: &mut IdVec<FieldId, Value>,
    d: &Direction,
    from: Value,
    to: Value,
    never_down: bool,
) -> Option<Breach> {
    let in_play = |f: FieldId| f == d.field || others.contains(&f);
    let standing = |values: &IdVec<FieldId, Value>| {
        let links = pack
            .catalog
            .links_hold(|f| if in_play(f) { int(values.get(f)) } else { None });
        let mut vetoed = false;
        let mut score = 0.0;
        let mut fired = Vec::new();
        for &r in rules {
            let rule = &pack.rules[r];
            if rule.when.eval(values) {
                fired.push(r);
                match rule.effect {
                    Effect::Veto => vetoed = true,
                    Effect::Score(s) => score += s,
                }
            }
        }
        links.then_some((vetoed, score, fired))
    };
    values[d.field] = from;
    let before = standing(values)?;
    values[d.field] = to;
    let after = standing(values)?;
    let order = standing_order((before.0, before.1), (after.0, after.1));
    let wrong = if never_down {
        Ordering::Less
    } else {
        Ordering::Greater
    };
    if order != wrong {
        return None;
    }
    let mut changed: Vec<RuleId> = before
        .2
        .iter()
        .filter(|r| !after.2.contains(r))
        .chain(after.2.iter().filter(|r| !before.2.contains(r)))
        .copied()
        .collect();
    changed.sort_unstable();
    Some(Breach {
        direction: 0,
        pattern: pack.rules[rules[0]].pattern,
        never_down,
        from,
        to,
        with: others.iter().map(|&g| (g, values[g])).collect(),
        rules: changed,
        before: (before.0, before.1),
        after: (after.0, after.1),
    })
}

/// The values of the direction's field in its order: for an integer, one value in each piece
/// its rules cut the range into, ascending.
fn values_along(pack: &RulePack, d: &Direction, conds: &[&Cond]) -> Vec<Value> {
    if d.order.is_empty() {
        representatives(pack, d.field, conds)
    } else {
        d.order.clone()
    }
}

/// One value in each piece the conditions cut field `f`'s range into (every value for a
/// boolean or an enum).
fn representatives(pack: &RulePack, f: FieldId, conds: &[&Cond]) -> Vec<Value> {
    let field = &pack.catalog.fields[f];
    match &field.kind {
        Kind::Integer { min, max } => {
            let mut cuts = vec![*min, *max];
            for c in conds {
                c.visit_thresholds(&mut |g, v| {
                    if g == f {
                        cuts.extend([v.saturating_sub(1), v, v.saturating_add(1)]);
                    }
                });
            }
            cuts.retain(|v| (*min..=*max).contains(v));
            cuts.sort_unstable();
            cuts.dedup();
            cuts.into_iter().map(Value::Int).collect()
        }
        _ => field.discrete_values().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackFile;

    /// The small fixture pack with `directions` and `rules` added.
    fn pack(directions: &str, rules: &str) -> RulePack {
        let small = crate::test_support::small_pack();
        let mut files: Vec<PackFile> = small.files.clone();
        for f in &mut files {
            if f.path == "pack.yaml" {
                f.text = format!("{}directions:\n{directions}", f.text).into();
            }
        }
        files.push(PackFile {
            path: "more.yaml".into(),
            display: "more.yaml".into(),
            text: format!("rules:\n{rules}").into(),
        });
        RulePack::from_files(files, "small").unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn a_pack_that_keeps_its_directions_has_no_finding() {
        let p = pack(
            "  - { field: team_size, never_down: [microservices], never_up: [monolith] }\n  - { field: traffic, never_down: [serverless] }\n",
            "  - { id: x.ok, pattern: microservices, when: { team_size: { ge: 30 }, teams: { ge: 2 } }, score: 1, because: b, source: s }\n",
        );
        assert_eq!(check(&p), []);
    }

    #[test]
    fn a_rule_that_moves_a_pattern_the_wrong_way_is_found_with_where_and_why() {
        // Monolith gains points from 12 engineers up, but only with two teams or more.
        let p = pack(
            "  - { field: team_size, never_up: [monolith] }\n",
            "  - { id: m.wrong, pattern: monolith, when: { team_size: { ge: 12 }, teams: { ge: 2 } }, score: 5, because: b, source: s }\n",
        );
        let found = check(&p);
        let [Finding::Breach(b)] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(p.pattern_id(b.pattern), "monolith");
        assert!(!b.never_down);
        assert_eq!((b.from, b.to), (Value::Int(11), Value::Int(12)));
        let teams = p.catalog.index_of("teams").unwrap();
        assert!(b
            .with
            .iter()
            .any(|&(f, v)| f == teams && v >= Value::Int(2)));
        let ids: Vec<&str> = b.rules.iter().map(|&r| &*p.rules[r].id).collect();
        assert_eq!(ids, ["m.wrong"]);
    }

    #[test]
    fn a_veto_that_lifts_counts_as_rising_and_an_enum_follows_the_declared_order() {
        // Serverless is vetoed for steady traffic only: along steady -> spiky it rises, which
        // breaks a promise that it never rises; along the reverse order it never rises.
        let rising = pack(
            "  - { field: traffic, never_up: [serverless] }\n",
            "  - { id: s.avoid.steady, pattern: serverless, when: { traffic: steady }, veto: true, because: b, source: s }\n",
        );
        assert!(matches!(check(&rising).as_slice(), [Finding::Breach(_)]));
        let reversed = pack(
            "  - { field: traffic, order: [spiky, variable, steady], never_up: [serverless] }\n",
            "  - { id: s.avoid.steady, pattern: serverless, when: { traffic: steady }, veto: true, because: b, source: s }\n",
        );
        // s.spiky (+4 for spiky) now falls along the order too: nothing rises.
        assert_eq!(check(&reversed), []);
    }

    #[test]
    fn the_default_pack_keeps_its_promises_and_a_rule_against_one_is_found() {
        let default = crate::test_support::default_pack();
        assert_eq!(check(&default), []);
        // The engine's property test catches the same rule: `engine::properties`.
        let broken = crate::test_support::default_pack_against_a_direction();
        let found = check(&broken);
        let [Finding::Breach(b)] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(broken.pattern_id(b.pattern), "monolith");
        let ids: Vec<&str> = b.rules.iter().map(|&r| &*broken.rules[r].id).collect();
        // Every rule whose firing changes with the step is named, the added one among them.
        assert!(
            ids.contains(&"monolith.answer-splits-with-modules"),
            "{ids:?}"
        );
        assert_eq!(
            &*broken.catalog.fields[broken.meta.directions[b.direction].field].name,
            "independent_deploys"
        );
    }
}
