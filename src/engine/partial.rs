//! Conditions over a profile whose fields are not all decided yet: the searches over the
//! profile space (`rules analyze`, `rules lint`) and over an uncertain profile's completions
//! bound scores with it.

use crate::pack::{Cond, FieldId, IdVec, Value};

/// Three-valued truth of a condition under a partial profile: `None` when it depends on a
/// field not decided yet.
pub(crate) fn partial_eval(cond: &Cond, values: &IdVec<FieldId, Option<Value>>) -> Option<bool> {
    eval(cond, &|f| values[f])
}

fn eval(cond: &Cond, get: &dyn Fn(FieldId) -> Option<Value>) -> Option<bool> {
    match cond {
        Cond::All(cs) => {
            let mut unknown = false;
            for c in cs {
                match eval(c, get) {
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
                match eval(c, get) {
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
        Cond::Not(c) => eval(c, get).map(|b| !b),
        // A comparison reads only its own field.
        Cond::Int { field, .. } | Cond::Set { field, .. } | Cond::In { field, .. } => {
            get(*field).map(|v| cond.test(v))
        }
    }
}
