//! Reading `directions:` in `pack.yaml`: how patterns must move as a field moves.

use crate::catalog::{Catalog, Kind, Value};
use crate::id::{Id, PatternId};
use crate::model::{Direction, Pattern};
use crate::read::{Fields, Reader};
use crate::suggest;
use crate::yaml::Node;

const KEYS: [&str; 4] = ["field", "order", "never_down", "never_up"];

/// Every direction of `pack.yaml` (the document `meta`); problems go to `r`.
pub(crate) fn read(
    meta: &Node,
    catalog: &Catalog,
    patterns: &[Pattern],
    r: &mut Reader<'_>,
) -> Vec<Direction> {
    let Some(list) = meta
        .as_map()
        .and_then(|entries| {
            entries
                .iter()
                .find(|(k, _)| k.as_str() == Some("directions"))
        })
        .map(|(_, v)| v)
    else {
        return Vec::new();
    };
    let Some(items) = list.as_seq() else {
        r.error(list.pos, "`directions` must be a list");
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let f = r.mapping(item, "a direction", &KEYS)?;
            read_one(&f, catalog, patterns, r)
        })
        .collect()
}

fn read_one(
    f: &Fields<'_>,
    catalog: &Catalog,
    patterns: &[Pattern],
    r: &mut Reader<'_>,
) -> Option<Direction> {
    let name = r.req_str(f, "field", "a direction")?;
    let Some(field) = catalog.index_of(&name) else {
        let hint = suggest::did_you_mean(&name, catalog.names());
        let pos = f.get("field").map_or(f.pos, |n| n.pos);
        r.error_hint(
            pos,
            format!("a direction names unknown field `{name}`"),
            hint,
        );
        return None;
    };
    let def = &catalog.fields[field];
    let order = match (&def.kind, f.get("order")) {
        (Kind::Integer { .. }, None) => Vec::new(),
        (Kind::Integer { .. } | Kind::Boolean, Some(node)) => {
            r.error(
                node.pos,
                format!("`order` is for enum fields; `{name}` rises from false to true or with its number"),
            );
            return None;
        }
        (Kind::Boolean, None) => vec![Value::Bool(false), Value::Bool(true)],
        (Kind::Enum { .. }, None) => def.discrete_values().unwrap_or_default(),
        (Kind::Enum { values }, Some(node)) => {
            let words = r.str_list(f, "order");
            let mut order = Vec::new();
            for word in &words {
                match def.enum_index(word) {
                    Some(i) if !order.contains(&Value::Enum(i)) => order.push(Value::Enum(i)),
                    Some(_) => r.error(node.pos, format!("`order` lists `{word}` twice")),
                    None => r.error_hint(
                        node.pos,
                        format!("`{word}` is not a value of `{name}`"),
                        suggest::did_you_mean(word, values.iter().map(|v| &*v.value)),
                    ),
                }
            }
            if order.len() != values.len() {
                r.error(
                    node.pos,
                    format!("`order` must list every value of `{name}` once"),
                );
                return None;
            }
            order
        }
    };
    let pattern_list = |key: &str, r: &mut Reader<'_>| -> Vec<PatternId> {
        let pos = f.get(key).map_or(f.pos, |n| n.pos);
        r.str_list(f, key)
            .into_iter()
            .filter_map(|id| {
                let found = patterns
                    .iter()
                    .position(|p| p.id == id)
                    .map(PatternId::from_index);
                if found.is_none() {
                    let hint = suggest::did_you_mean(&id, patterns.iter().map(|p| &*p.id));
                    r.error_hint(pos, format!("unknown pattern `{id}`"), hint);
                }
                found
            })
            .collect()
    };
    let never_down = pattern_list("never_down", r);
    let never_up = pattern_list("never_up", r);
    if never_down.is_empty() && never_up.is_empty() {
        r.error(
            f.pos,
            format!("the direction of `{name}` names no pattern in `never_down` or `never_up`"),
        );
        return None;
    }
    if let Some(p) = never_down.iter().find(|p| never_up.contains(p)) {
        r.error(
            f.pos,
            format!(
                "pattern `{}` is both `never_down` and `never_up` for `{name}`: say it never moves with a rule that does not read `{name}` instead",
                patterns[p.index()].id
            ),
        );
        return None;
    }
    Some(Direction {
        field,
        order,
        never_down,
        never_up,
        pos: f.pos,
    })
}
