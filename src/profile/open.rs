//! Answers a profile is not sure of: `unknown`, a list of possible values, or for integers a
//! range `lo..hi`. The engine weighs every completion of them (`engine::uncertain`); here they
//! are read, validated and written back.

use crate::pack::catalog::{Field, Kind};
use crate::pack::yaml::{Content as Yaml, Node};
use crate::pack::{Catalog, FieldId, IdVec, Pos, Value};

/// The word a profile writes for "not sure": any value the field allows.
pub(crate) const UNKNOWN: &str = "unknown";

/// What a profile says about a field it is not sure of.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    /// `unknown`: any value the field allows.
    Unknown,
    /// A list: one of these values (at least two, each once, in the order written).
    OneOf(Vec<Value>),
    /// `lo..hi`, integers only: any whole number from `lo` to `hi`, both included (`lo < hi`).
    Range(i64, i64),
}

/// A field the profile (or one component) is not sure of.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    pub field: FieldId,
    pub open: Open,
    pub pos: Pos,
}

/// A field's answer as written: a value, or an open one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    Known(Value),
    Open(Open),
}

impl Open {
    /// The values it allows for `field`, before any link to another field: integers as their
    /// inclusive bounds `(lo, hi)`, other fields as a list.
    pub fn bounds(&self, field: &Field) -> Option<(i64, i64)> {
        match (self, &field.kind) {
            (Open::Range(lo, hi), _) => Some((*lo, *hi)),
            (Open::Unknown, Kind::Integer { min, max }) => Some((*min, *max)),
            (Open::OneOf(vs), Kind::Integer { .. }) => {
                let ints = vs.iter().filter_map(|v| match v {
                    Value::Int(i) => Some(*i),
                    _ => None,
                });
                let (lo, hi) = ints.fold((i64::MAX, i64::MIN), |(l, h), i| (l.min(i), h.max(i)));
                (lo <= hi).then_some((lo, hi))
            }
            _ => None,
        }
    }

    /// Whether `v` is one of the values it allows.
    pub fn allows(&self, v: Value) -> bool {
        match (self, v) {
            (Open::Unknown, _) => true,
            (Open::OneOf(vs), v) => vs.contains(&v),
            (Open::Range(lo, hi), Value::Int(i)) => (*lo..=*hi).contains(&i),
            (Open::Range(..), _) => false,
        }
    }

    /// The form a user writes: `unknown`, `[limited, moderate]`, `8..20`.
    pub fn describe(&self, field: &Field) -> String {
        match self {
            Open::Unknown => UNKNOWN.to_string(),
            Open::OneOf(vs) => {
                let items: Vec<String> = vs.iter().map(|&v| field.format(v)).collect();
                format!("[{}]", items.join(", "))
            }
            Open::Range(lo, hi) => format!("{lo}..{hi}"),
        }
    }

    /// The value that stands in for the open answer where one value is needed before the
    /// engine has weighed it: the field's default when allowed, else the first value allowed.
    pub(crate) fn placeholder(&self, field: &Field) -> Value {
        if let Some(d) = field.default.filter(|&d| self.allows(d)) {
            return d;
        }
        match (self, &field.kind) {
            (Open::OneOf(vs), _) => vs[0],
            (Open::Range(lo, _), _) => Value::Int(*lo),
            (Open::Unknown, Kind::Integer { min, .. }) => Value::Int(*min),
            (Open::Unknown, Kind::Boolean) => Value::Bool(false),
            (Open::Unknown, Kind::Enum { .. }) => Value::Enum(0),
        }
    }
}

/// What is wrong with an answer: where (an item of a list has its own position), the
/// message, and a hint.
pub(crate) type Problem = (Pos, String, Option<String>);

/// Reads a field's answer: `unknown`, a list, `lo..hi` for an integer, or a plain value
/// (`Field::parse_value`). A list of one value, or a range of one number, is that value.
pub(crate) fn read(field: &Field, node: &Node) -> Result<Answer, Problem> {
    let name = &field.name;
    let at = |(m, h): (String, Option<String>)| (node.pos, m, h);
    match &node.value {
        Yaml::Str { text, .. } if text.trim() == UNKNOWN => Ok(Answer::Open(Open::Unknown)),
        Yaml::Str { text, .. } if text.contains("..") => match &field.kind {
            Kind::Integer { min, max } => range(name, text, *min, *max).map_err(at),
            _ => Err(at((
                format!("`{name}` is not a number, so it takes no range `{text}`"),
                Some(format!(
                    "list the possible values instead, e.g. `{name}: [a, b]`, or write `{name}: unknown`"
                )),
            ))),
        },
        Yaml::Seq(items) => one_of(field, node, items),
        _ => field.parse_value(node).map(Answer::Known).map_err(|(m, hint)| {
            let hint = hint.or_else(|| {
                Some(format!(
                    "not sure? write `{name}: {UNKNOWN}`, or the possible values as a list"
                ))
            });
            (node.pos, m, hint)
        }),
    }
}

/// The two ends of `lo..hi` as written or typed (spaces around them allowed), if both are whole
/// numbers.
pub(crate) fn range_ends(text: &str) -> Option<(i64, i64)> {
    let (a, b) = text.split_once("..")?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// A range to show as an example for a number from `min` to `max`: from `min`, ten wide at most.
pub(crate) fn example_range(min: i64, max: i64) -> String {
    format!("{min}..{}", max.min(min.saturating_add(10)))
}

fn range(name: &str, text: &str, min: i64, max: i64) -> Result<Answer, (String, Option<String>)> {
    let Some((lo, hi)) = range_ends(text) else {
        return Err((
            format!("`{name}`: `{text}` is not a range"),
            Some(format!(
                "write a range as two whole numbers, e.g. `{name}: {}`",
                example_range(min, max)
            )),
        ));
    };
    if lo > hi {
        return Err((
            format!("`{name}`: the range {lo}..{hi} runs backwards"),
            Some(format!("write the smaller number first: {hi}..{lo}")),
        ));
    }
    if lo < min || hi > max {
        return Err((
            format!("`{name}` must be between {min} and {max}, and {lo}..{hi} is not"),
            None,
        ));
    }
    Ok(if lo == hi {
        Answer::Known(Value::Int(lo))
    } else {
        Answer::Open(Open::Range(lo, hi))
    })
}

fn one_of(field: &Field, list: &Node, items: &[Node]) -> Result<Answer, Problem> {
    let name = &field.name;
    if items.is_empty() {
        return Err((
            list.pos,
            format!("`{name}`: an empty list allows no value"),
            Some(format!(
                "list the possible values, or write `{name}: {UNKNOWN}`"
            )),
        ));
    }
    let mut values: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        let v = field
            .parse_value(item)
            .map_err(|(m, hint)| (item.pos, m, hint))?;
        if values.contains(&v) {
            return Err((
                item.pos,
                format!("`{name}`: `{}` is listed twice", field.format(v)),
                None,
            ));
        }
        values.push(v);
    }
    Ok(match values.as_slice() {
        [one] => Answer::Known(*one),
        _ => Answer::Open(Open::OneOf(values)),
    })
}

/// The smallest and largest value a field can take: its value, or its open answer's bounds
/// (`None` for an integer field with neither, which cannot happen in a parsed profile).
pub(crate) fn span(
    catalog: &Catalog,
    values: &IdVec<FieldId, Value>,
    open: &[Uncertain],
    f: FieldId,
) -> Option<(i64, i64)> {
    match open.iter().find(|u| u.field == f) {
        Some(u) => u.open.bounds(&catalog.fields[f]),
        None => match values.get(f) {
            Some(Value::Int(i)) => Some((*i, *i)),
            _ => None,
        },
    }
}
