//! What would change the answer: the nearest single-field changes that flip the recommendation.
//!
//! The decision only changes where some rule's condition changes truth, so it is enough to try
//! the values at the rules' own thresholds (for numbers) or every other value (for enums and
//! booleans), nearest first.

use super::recommend_only;
use crate::pack::catalog::{Kind, Value};
use crate::pack::RulePack;
use crate::profile::Profile;

/// One change to one field, and the recommendation it leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhatIf {
    /// Catalog index of the field.
    pub field: usize,
    pub from: Value,
    pub to: Value,
    /// The pattern recommended after the change.
    pub recommendation: usize,
}

/// For every field: the nearest value that flips the recommendation (for integers, the nearest
/// one above and the nearest one below). In catalog order.
pub fn find(pack: &RulePack, profile: &Profile, current: usize) -> Vec<WhatIf> {
    let mut found = Vec::new();
    let mut values = profile.values.clone();
    for (i, field) in pack.catalog.fields.iter().enumerate() {
        let Some(&from) = profile.values.get(i) else {
            continue;
        };
        let try_value = |to: Value, values: &mut Vec<Value>| -> Option<WhatIf> {
            if !allowed(pack, &profile.values, i, to) {
                return None;
            }
            values[i] = to;
            let rec = recommend_only(pack, values, &profile.components);
            values[i] = from;
            (rec != current).then_some(WhatIf {
                field: i,
                from,
                to,
                recommendation: rec,
            })
        };
        match (&field.kind, from) {
            (Kind::Integer { min, max }, Value::Int(cur)) => {
                let candidates = pack.thresholds(i);
                let up = candidates
                    .iter()
                    .copied()
                    .filter(|&c| c > cur && c <= *max)
                    .find_map(|c| try_value(Value::Int(c), &mut values));
                let down = candidates
                    .iter()
                    .rev()
                    .copied()
                    .filter(|&c| c < cur && c >= *min)
                    .find_map(|c| try_value(Value::Int(c), &mut values));
                found.extend(up);
                found.extend(down);
            }
            _ => {
                let mut others = field.discrete_values().unwrap_or_default();
                others.retain(|&v| v != from);
                others.sort_by_key(|&v| (distance(from, v), v));
                found.extend(others.into_iter().find_map(|v| try_value(v, &mut values)));
            }
        }
    }
    found
}

/// How far apart two values of one field are: enum values are ordered from simplest.
fn distance(a: Value, b: Value) -> i64 {
    match (a, b) {
        (Value::Enum(x), Value::Enum(y)) => (i64::from(x) - i64::from(y)).abs(),
        _ => 1,
    }
}

/// Whether setting field `i` to `to` keeps the profile valid (the catalog's `at_most` links).
fn allowed(pack: &RulePack, values: &[Value], i: usize, to: Value) -> bool {
    let fields = &pack.catalog.fields;
    let Value::Int(to) = to else { return true };
    fields.iter().enumerate().all(|(a, f)| {
        let Some(b) = f.at_most else { return true };
        let get = |k: usize| if k == i { Some(to) } else { int(values.get(k)) };
        match (get(a), get(b)) {
            (Some(x), Some(y)) => x <= y,
            _ => true,
        }
    })
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}
