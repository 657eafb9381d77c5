//! Scoring rules and vetoes, and the small condition language they are written in.
//!
//! A condition is compiled once, when the pack loads, into field indices and bit masks, so
//! evaluating a rule against a profile is a few integer comparisons.

use crate::catalog::{Catalog, Kind, Value};
use crate::id::{FieldId, IdVec, PatternId};
use crate::yaml::Pos;
use crate::Text;
use std::fmt;

/// What a rule does when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// Adds this many points (possibly negative) to the pattern.
    Score(f64),
    /// The pattern cannot be recommended ("avoid … when").
    Veto,
}

/// As people read it, everywhere a rule is shown: `+3.0`, `-1.5` or `veto`.
impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Score(s) => write!(f, "{s:+.1}"),
            Effect::Veto => f.write_str("veto"),
        }
    }
}

/// What a rule judges, which decides where it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The organisation, the system as a whole (headcount, teams, stage): applied to the
    /// system's profile only, never to a component.
    Organisation,
    /// The nature of the work (scaling, traffic, coupling, …): applied to the system and to
    /// every component, each with its own values.
    Part,
    /// A limit of the organisation that binds every part (no DevOps capacity, too few people to
    /// own a service): applied to the system and to every component.
    Capacity,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Organisation, Scope::Part, Scope::Capacity];

    /// As written in a rule file.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Organisation => "organisation",
            Scope::Part => "part",
            Scope::Capacity => "capacity",
        }
    }

    /// Whether rules of this scope judge components too.
    pub fn applies_to_parts(self) -> bool {
        !matches!(self, Scope::Organisation)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Text,
    pub pattern: PatternId,
    /// What it judges (`part` when the rule does not say).
    pub scope: Scope,
    pub when: Cond,
    pub effect: Effect,
    pub because: Text,
    pub source: Text,
    /// The rule file, relative to the pack.
    pub file: Text,
    pub pos: Pos,
}

/// Integer comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    /// Whether `a op b` holds.
    pub fn apply(self, a: i64, b: i64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
            Op::Ne => "!=",
        }
    }
}

/// A compiled condition over a profile's values (indexed like the catalog).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// An integer field compared with a constant.
    Int {
        field: FieldId,
        op: Op,
        value: i64,
    },
    /// An enum or boolean field whose value's bit is in `mask`.
    Set {
        field: FieldId,
        mask: u64,
    },
    /// An integer field whose value is one of `values`: an `in:` list, as the set it is
    /// (sorted, without repeats), so testing a value costs a binary search however long the
    /// list. (A boxed slice, not a `Vec`: a `Vec` here would move the enum's tag into its
    /// capacity, and every evaluation would pay to decode it.)
    In {
        field: FieldId,
        values: Box<[i64]>,
    },
}

impl Cond {
    /// Whether the condition holds for these values (one per catalog field).
    pub fn eval(&self, values: &IdVec<FieldId, Value>) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval(values)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(values)),
            Cond::Not(c) => !c.eval(values),
            Cond::Int { field, op, value } => {
                matches!(values.get(*field), Some(&Value::Int(v)) if op.apply(v, *value))
            }
            Cond::Set { field, mask } => values.get(*field).is_some_and(|v| v.bit() & mask != 0),
            Cond::In { field, values: set } => in_set(values.get(*field), set),
        }
    }

    /// For a comparison (`Int`, `Set` or `In`): whether it holds when its field has value
    /// `v`. A comparison of the wrong kind (an integer test of an enum) is false. `All`, `Any`
    /// and `Not` are not comparisons: false.
    pub fn test(&self, v: Value) -> bool {
        match (self, v) {
            (Cond::Int { op, value, .. }, Value::Int(x)) => op.apply(x, *value),
            (Cond::Set { mask, .. }, v) => v.bit() & mask != 0,
            (Cond::In { values, .. }, Value::Int(x)) => values.binary_search(&x).is_ok(),
            _ => false,
        }
    }

    /// How many parts the condition has: every comparison and every `all`, `any` and `not`
    /// (what [`crate::limits::MAX_CONDITION_PARTS`] bounds).
    pub fn parts(&self) -> usize {
        match self {
            Cond::All(cs) | Cond::Any(cs) => 1 + cs.iter().map(Cond::parts).sum::<usize>(),
            Cond::Not(c) => 1 + c.parts(),
            Cond::Int { .. } | Cond::Set { .. } => 1,
            Cond::In { values, .. } => values.len(),
        }
    }

    /// Calls `f` for every field the condition reads.
    pub fn visit_fields(&self, f: &mut impl FnMut(FieldId)) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.visit_fields(f)),
            Cond::Not(c) => c.visit_fields(f),
            Cond::Int { field, .. } | Cond::Set { field, .. } | Cond::In { field, .. } => f(*field),
        }
    }

    /// Calls `f(field, constant)` for every integer comparison, for what-if thresholds.
    pub fn visit_thresholds(&self, f: &mut impl FnMut(FieldId, i64)) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.visit_thresholds(f)),
            Cond::Not(c) => c.visit_thresholds(f),
            Cond::Int { field, value, .. } => f(*field, *value),
            Cond::In { field, values } => values.iter().for_each(|&v| f(*field, v)),
            Cond::Set { .. } => {}
        }
    }

    /// The condition in readable form: `team_size < 10 and traffic in {variable, spiky}`.
    pub fn describe(&self, catalog: &Catalog) -> String {
        match self {
            Cond::All(cs) => join(cs, " and ", catalog),
            Cond::Any(cs) => join(cs, " or ", catalog),
            Cond::Not(c) => format!("not ({})", c.describe(catalog)),
            Cond::Int { field, op, value } => {
                format!("{} {} {value}", catalog.fields[*field].name, op.symbol())
            }
            Cond::In { field, values } => {
                let list: Vec<String> = values.iter().map(i64::to_string).collect();
                match list.as_slice() {
                    [one] => format!("{} = {one}", catalog.fields[*field].name),
                    _ => format!("{} in {{{}}}", catalog.fields[*field].name, list.join(", ")),
                }
            }
            Cond::Set { field, mask } => {
                let f = &catalog.fields[*field];
                let all = f.discrete_values().unwrap_or_default();
                let chosen: Vec<String> = all
                    .iter()
                    .filter(|v| v.bit() & mask != 0)
                    .map(|v| f.format(*v))
                    .collect();
                match (&f.kind, chosen.as_slice()) {
                    (Kind::Boolean, [one]) if one == "true" => f.name.to_string(),
                    // The other boolean value.
                    (Kind::Boolean, [_]) => format!("not {}", f.name),
                    (_, [one]) => format!("{} is {one}", f.name),
                    _ => format!("{} in {{{}}}", f.name, chosen.join(", ")),
                }
            }
        }
    }
}

/// Whether `value` is an integer in `set`.
fn in_set(value: Option<&Value>, set: &[i64]) -> bool {
    matches!(value, Some(&Value::Int(v)) if set.binary_search(&v).is_ok())
}

fn join(cs: &[Cond], sep: &str, catalog: &Catalog) -> String {
    let parts: Vec<String> = cs
        .iter()
        .map(|c| match c {
            Cond::All(_) | Cond::Any(_) if cs.len() > 1 => format!("({})", c.describe(catalog)),
            _ => c.describe(catalog),
        })
        .collect();
    parts.join(sep)
}

#[cfg(test)]
mod tests;
