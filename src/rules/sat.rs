//! Can a condition ever be true? A small, exact satisfiability check over compiled conditions.
//!
//! `rules lint` uses it to catch rules that can never fire (`team_size: {lt: 5, gt: 10}`, an enum
//! equal to two values, `x: true` and `x: false` together): such a rule is a typo that silently
//! does nothing. Integers are tracked as intervals, enums and booleans as bit masks; `not` is
//! pushed down to the comparisons, `any` branches. Real conditions are a handful of comparisons,
//! so the search is tiny; but a pack is input, and a condition of a thousand `any`s has more
//! branches than atoms in the universe. The search therefore runs on a budget of work (every
//! goal taken up, every copy of the domain a branch makes) and answers [`Sat::Unknown`] when
//! it runs out, so the check never reports a rule it has not proved dead, and never claims
//! one alive it has not seen satisfied. Its memory is bounded by the same budget.

use crate::pack::{Catalog, Cond, FieldId, IdVec, Kind, Op};
use std::rc::Rc;

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
        // A set of values: equal to one of them, or (negated) to none.
        (Cond::In { field, values }, false) => Nnf::Any(
            values
                .iter()
                .map(|&v| {
                    Nnf::Lit(Lit::Range {
                        field: *field,
                        lo: v,
                        hi: v,
                    })
                })
                .collect(),
        ),
        (Cond::In { field, values }, true) => Nnf::All(
            values
                .iter()
                .map(|&v| {
                    Nnf::Lit(Lit::NotEq {
                        field: *field,
                        value: v,
                    })
                })
                .collect(),
        ),
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
    /// strictly inside an interval leaves its neighbours. The exclusions of a field are sorted
    /// once and each end walks past the run of excluded values it meets, so the cost is
    /// `n log n` in their number, whatever order they came in.
    fn apply_exclusions(&mut self) -> bool {
        self.excluded.sort_unstable();
        self.excluded.dedup();
        let mut start = 0;
        while start < self.excluded.len() {
            let field = self.excluded[start].0;
            let end = start
                + self.excluded[start..]
                    .iter()
                    .take_while(|(f, _)| *f == field)
                    .count();
            let values: Vec<i64> = self.excluded[start..end].iter().map(|&(_, v)| v).collect();
            start = end;
            let Some(r) = self.ints.get_mut(field) else {
                return false;
            };
            // Raise the low end past excluded values at it, in ascending order…
            let mut i = values.partition_point(|&v| v < r.0);
            while i < values.len() && values[i] == r.0 {
                if r.0 == i64::MAX {
                    return false;
                }
                r.0 += 1;
                i += 1;
            }
            // …and lower the high end past those at it, in descending order.
            let mut j = values.partition_point(|&v| v <= r.1);
            while j > 0 && values[j - 1] == r.1 {
                if r.1 == i64::MIN {
                    return false;
                }
                r.1 -= 1;
                j -= 1;
            }
            if r.0 > r.1 {
                return false;
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

/// Whether a condition can be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sat {
    /// Some profile the catalog allows makes it true.
    Yes,
    /// No profile does: proved.
    No,
    /// The search ran out of its budget before it could tell.
    Unknown,
}

/// Work one search may do before it answers [`Sat::Unknown`]: one unit per goal taken up, and
/// per field and exclusion copied when a branch is opened. A condition of a real pack needs a
/// few dozen; this allows conditions a hundred times the size of any real one while keeping
/// each search to milliseconds and a few megabytes.
pub(super) const SEARCH_BUDGET: usize = 1_000_000;

/// Work all the searches over one pack may do together: a pack of thousands of hard
/// conditions gets [`Sat::Unknown`] for the later ones rather than taking minutes.
pub(super) const PACK_BUDGET: usize = 20_000_000;

/// Whether some profile allowed by the catalog makes `cond` true, searching with at most
/// [`SEARCH_BUDGET`] of the work left in `budget` (and taking what it used from it).
pub(super) fn satisfiable(cond: &Cond, catalog: &Catalog, budget: &mut usize) -> Sat {
    let allowed = (*budget).min(SEARCH_BUDGET);
    let (answer, left) = satisfiable_within(cond, catalog, allowed);
    *budget -= allowed - left;
    answer
}

/// The goals still to meet on one branch: a list shared with the branches it was copied from
/// (a new goal is put in front), so opening a branch copies nothing of it.
type Goals<'c> = Option<Rc<Cell<'c>>>;

struct Cell<'c> {
    goal: &'c Nnf,
    rest: Goals<'c>,
}

/// `goals` with `goal` in front.
fn with<'c>(goals: &Goals<'c>, goal: &'c Nnf) -> Goals<'c> {
    Some(Rc::new(Cell {
        goal,
        rest: goals.clone(),
    }))
}

/// A list as long as a condition is large would be dropped one nested call per cell; this
/// drops it in a loop instead.
impl Drop for Cell<'_> {
    fn drop(&mut self) {
        let mut next = self.rest.take();
        while let Some(cell) = next {
            next = Rc::try_unwrap(cell).ok().and_then(|mut c| c.rest.take());
        }
    }
}

/// A branch not taken yet: the alternatives of an `any` after the one being tried, with the
/// goals and domain as they were where it branched.
struct Choice<'c> {
    rest: std::slice::Iter<'c, Nnf>,
    goals: Goals<'c>,
    dom: Domain,
}

/// [`satisfiable`] with a given budget. A depth-first search over the branches of the `any`s,
/// kept on an explicit stack of the choices not yet tried, so neither a deep condition nor a
/// long one can overflow the call stack.
fn satisfiable_within(cond: &Cond, catalog: &Catalog, mut budget: usize) -> (Sat, usize) {
    let answer = search(cond, catalog, &mut budget);
    (answer, budget)
}

fn search(cond: &Cond, catalog: &Catalog, budget: &mut usize) -> Sat {
    let root = nnf(cond, false, catalog);
    let branch_cost = catalog.len() + 1;
    let mut choices: Vec<Choice<'_>> = Vec::new();
    let mut goals = with(&None, &root);
    let mut dom = Domain::full(catalog);
    loop {
        // Follow one branch to its end: every goal met (a solution), or a contradiction.
        let consistent = loop {
            let Some(cell) = goals.take() else {
                break true;
            };
            let goal = cell.goal;
            goals = cell.rest.clone();
            drop(cell);
            if *budget == 0 {
                return Sat::Unknown;
            }
            *budget -= 1;
            match goal {
                Nnf::Lit(lit) => {
                    if !dom.narrow(lit) {
                        break false;
                    }
                }
                Nnf::All(cs) => {
                    for c in cs.iter().rev() {
                        goals = with(&goals, c);
                    }
                }
                Nnf::Any(cs) => {
                    let mut alternatives = cs.iter();
                    let Some(first) = alternatives.next() else {
                        // `any` of nothing is false.
                        break false;
                    };
                    let cost = branch_cost + dom.excluded.len();
                    if *budget < cost {
                        return Sat::Unknown;
                    }
                    *budget -= cost;
                    choices.push(Choice {
                        rest: alternatives,
                        goals: goals.clone(),
                        dom: dom.clone(),
                    });
                    goals = with(&goals, first);
                }
            }
        };
        if consistent {
            let cost = dom.excluded.len() + 1;
            if *budget < cost {
                return Sat::Unknown;
            }
            *budget -= cost;
            if dom.apply_exclusions() && dom.links_hold(catalog) {
                return Sat::Yes;
            }
        }
        // Back to the latest choice with an alternative left.
        loop {
            let Some(choice) = choices.last_mut() else {
                return Sat::No;
            };
            if let Some(alternative) = choice.rest.next() {
                let cost = branch_cost + choice.dom.excluded.len();
                if *budget < cost {
                    return Sat::Unknown;
                }
                *budget -= cost;
                goals = with(&choice.goals, alternative);
                dom = choice.dom.clone();
                break;
            }
            choices.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::small_pack;

    fn sat(text: &str) -> bool {
        let pack = small_pack();
        let mut budget = SEARCH_BUDGET;
        match satisfiable(
            &crate::test_support::condition(&pack, text),
            &pack.catalog,
            &mut budget,
        ) {
            Sat::Yes => true,
            Sat::No => false,
            Sat::Unknown => panic!("{text}: out of budget"),
        }
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
            ("team_size: {in: [3, 5, 3], gt: 5}", false),
            ("team_size: {in: [7, 3, 5], gt: 5}", true),
            ("team_size: {ge: 3, le: 5, not_in: [5, 3, 4, 4]}", false),
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
