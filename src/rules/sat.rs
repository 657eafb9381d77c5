//! Can a condition ever be true? A small, exact satisfiability check over compiled conditions.
//!
//! `rules lint` uses it to catch rules that can never fire (`team_size: {lt: 5, gt: 10}`, an enum
//! equal to two values, `x: true` and `x: false` together): such a rule is a typo that silently
//! does nothing. Integers are tracked as intervals, enums and booleans as bit masks; `not` is
//! pushed down to the comparisons, `any` branches. Conditions are a handful of comparisons, so
//! the search is tiny; a step budget still bounds it, and an exhausted budget answers "can be
//! true" so the check never reports a rule it has not proved dead.

use crate::pack::{Catalog, Cond, FieldId, IdVec, Kind, Op};

/// A comparison after `not` has been pushed inwards.
#[derive(Debug, Clone)]
enum Lit {
    /// `field` within `lo..=hi`.
    Range {
        field: FieldId,
        lo: i64,
        hi: i64,
    },
    /// `field` != value: splits an interval in two.
    NotEq {
        field: FieldId,
        value: i64,
    },
    Set {
        field: FieldId,
        mask: u64,
    },
}

#[derive(Debug, Clone)]
enum Nnf {
    All(Vec<Nnf>),
    Any(Vec<Nnf>),
    Lit(Lit),
}

fn nnf(c: &Cond, negate: bool, catalog: &Catalog) -> Nnf {
    match (c, negate) {
        (Cond::All(cs), false) | (Cond::Any(cs), true) => {
            Nnf::All(cs.iter().map(|c| nnf(c, negate, catalog)).collect())
        }
        (Cond::Any(cs), false) | (Cond::All(cs), true) => {
            Nnf::Any(cs.iter().map(|c| nnf(c, negate, catalog)).collect())
        }
        (Cond::Not(inner), _) => nnf(inner, !negate, catalog),
        (Cond::Set { field, mask }, _) => {
            let full = catalog.fields[*field]
                .discrete_values()
                .unwrap_or_default()
                .iter()
                .fold(0u64, |m, v| m | v.bit());
            let mask = if negate { full & !mask } else { *mask };
            Nnf::Lit(Lit::Set {
                field: *field,
                mask,
            })
        }
        (Cond::Int { field, op, value }, _) => {
            let field = *field;
            let v = *value;
            let op = if negate { negated(*op) } else { *op };
            Nnf::Lit(match op {
                Op::Lt => Lit::Range {
                    field,
                    lo: i64::MIN,
                    hi: v.saturating_sub(1),
                },
                Op::Le => Lit::Range {
                    field,
                    lo: i64::MIN,
                    hi: v,
                },
                Op::Gt => Lit::Range {
                    field,
                    lo: v.saturating_add(1),
                    hi: i64::MAX,
                },
                Op::Ge => Lit::Range {
                    field,
                    lo: v,
                    hi: i64::MAX,
                },
                Op::Eq => Lit::Range {
                    field,
                    lo: v,
                    hi: v,
                },
                Op::Ne => Lit::NotEq { field, value: v },
            })
        }
    }
}

fn negated(op: Op) -> Op {
    match op {
        Op::Lt => Op::Ge,
        Op::Le => Op::Gt,
        Op::Gt => Op::Le,
        Op::Ge => Op::Lt,
        Op::Eq => Op::Ne,
        Op::Ne => Op::Eq,
    }
}

/// What each field may still be: an interval for integers, a mask for the others.
#[derive(Debug, Clone)]
struct Domain {
    ints: IdVec<FieldId, (i64, i64)>,
    masks: IdVec<FieldId, u64>,
    /// `field != value` constraints, checked once the intervals are final.
    excluded: Vec<(FieldId, i64)>,
}

impl Domain {
    fn full(catalog: &Catalog) -> Domain {
        let mut ints = IdVec::new();
        let mut masks = IdVec::new();
        for f in &catalog.fields {
            match &f.kind {
                Kind::Integer { min, max } => {
                    ints.push((*min, *max));
                    masks.push(0);
                }
                _ => {
                    ints.push((0, 0));
                    masks.push(
                        f.discrete_values()
                            .unwrap_or_default()
                            .iter()
                            .fold(0u64, |m, v| m | v.bit()),
                    );
                }
            }
        }
        Domain {
            ints,
            masks,
            excluded: Vec::new(),
        }
    }

    /// Narrows by one comparison; false when nothing is left.
    fn narrow(&mut self, lit: &Lit) -> bool {
        match *lit {
            Lit::Range { field, lo, hi } => match self.ints.get_mut(field) {
                Some(r) => {
                    r.0 = r.0.max(lo);
                    r.1 = r.1.min(hi);
                    r.0 <= r.1
                }
                None => false,
            },
            Lit::NotEq { field, value } => {
                self.excluded.push((field, value));
                true
            }
            Lit::Set { field, mask } => match self.masks.get_mut(field) {
                Some(m) => {
                    *m &= mask;
                    *m != 0
                }
                None => false,
            },
        }
    }

    /// Shrinks each interval past excluded end points; false when one empties. Exact: a value
    /// strictly inside an interval leaves its neighbours.
    fn apply_exclusions(&mut self) -> bool {
        let mut changed = true;
        while changed {
            changed = false;
            for &(field, value) in &self.excluded {
                let Some(r) = self.ints.get_mut(field) else {
                    return false;
                };
                if r.0 == value {
                    if value == i64::MAX {
                        return false;
                    }
                    r.0 = value + 1;
                    changed = true;
                } else if r.1 == value {
                    if value == i64::MIN {
                        return false;
                    }
                    r.1 = value - 1;
                    changed = true;
                }
                if r.0 > r.1 {
                    return false;
                }
            }
        }
        true
    }

    /// The catalog's `at_most` links (`teams <= team_size`) still have a solution: each
    /// field's smallest value is within its limit's largest.
    fn links_hold(&self, catalog: &Catalog) -> bool {
        catalog
            .links()
            .all(|l| self.ints[l.field].0 <= self.ints[l.limit].1)
    }
}

/// Steps the search may take before it gives up and answers "satisfiable".
const BUDGET: usize = 100_000;

/// Whether some profile allowed by the catalog makes `cond` true.
///
pub(super) fn satisfiable(cond: &Cond, catalog: &Catalog) -> bool {
    let goal = nnf(cond, false, catalog);
    let mut budget = BUDGET;
    solve(vec![goal], Domain::full(catalog), catalog, &mut budget)
}

fn solve(mut goals: Vec<Nnf>, mut dom: Domain, catalog: &Catalog, budget: &mut usize) -> bool {
    while let Some(goal) = goals.pop() {
        if *budget == 0 {
            return true;
        }
        *budget -= 1;
        match goal {
            Nnf::Lit(lit) => {
                if !dom.narrow(&lit) {
                    return false;
                }
            }
            Nnf::All(cs) => goals.extend(cs),
            Nnf::Any(cs) => {
                return cs.into_iter().any(|c| {
                    let mut next = goals.clone();
                    next.push(c);
                    solve(next, dom.clone(), catalog, budget)
                });
            }
        }
    }
    dom.apply_exclusions() && dom.links_hold(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::small_pack;

    fn sat(text: &str) -> bool {
        let pack = small_pack();
        satisfiable(&crate::test_support::condition(&pack, text), &pack.catalog)
    }

    #[test]
    fn contradictions_are_found_and_real_conditions_pass() {
        let table = [
            ("team_size: {lt: 5, gt: 10}", false),
            ("team_size: {ge: 5, le: 10}", true),
            ("team_size: {lt: 1}", false),
            ("team_size: {eq: 7, ne: 7}", false),
            ("team_size: {ne: 7}", true),
            ("team_size: {ge: 5, le: 6, not_in: [5, 6]}", false),
            ("team_size: {ge: 5, le: 7, not_in: [5, 7]}", true),
            ("all: [{traffic: spiky}, {traffic: steady}]", false),
            (
                "all: [{traffic: spiky}, {traffic: {in: [steady, spiky]}}]",
                true,
            ),
            ("{long_running: true, not: {long_running: false}}", true),
            ("all: [{long_running: true}, {long_running: false}]", false),
            ("not: {traffic: {in: [steady, variable, spiky]}}", false),
            (
                "any: [{team_size: {lt: 5, gt: 10}}, {traffic: spiky}]",
                true,
            ),
            (
                "any: [{team_size: {lt: 5, gt: 10}}, {all: [{traffic: spiky}, {traffic: steady}]}]",
                false,
            ),
            (
                "not: {any: [{long_running: true}, {long_running: false}]}",
                false,
            ),
            ("{teams: {ge: 50}, team_size: {lt: 10}}", false),
            ("{teams: {ge: 5}, team_size: {lt: 10}}", true),
        ];
        for (text, expected) in table {
            assert_eq!(sat(text), expected, "{text}");
        }
    }
}
