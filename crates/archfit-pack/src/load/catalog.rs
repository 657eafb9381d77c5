//! Reading `catalog.yaml` into a [`Catalog`].

use crate::catalog::{Catalog, EnumValue, Field, Kind, BUILTIN_KEYS};
use crate::id::{FieldId, IdVec};
use crate::limits::{MAX_ENUM_VALUES, MAX_FIELDS};
use crate::read::{Fields, Reader};
use crate::suggest;
use crate::yaml::{Node, Pos};
use crate::Text;
use std::collections::HashSet;

/// Reads `catalog.yaml`. Every problem goes to `r`; the fields that are valid are kept.
pub(crate) fn read(root: &Node, r: &mut Reader<'_>) -> Catalog {
    let Some(top) = r.mapping(root, "the catalog", &["fields"]) else {
        return Catalog::default();
    };
    let Some(list) = top.get("fields") else {
        r.error(top.pos, "the catalog has no `fields` list");
        return Catalog::default();
    };
    let Some(items) = list.as_seq() else {
        r.error(list.pos, "`fields` must be a list of field definitions");
        return Catalog::default();
    };
    if items.len() > MAX_FIELDS {
        r.error(
            list.pos,
            format!(
                "the catalog defines {} fields; a pack may have at most {MAX_FIELDS}",
                items.len()
            ),
        );
        return Catalog::default();
    }
    // Names first, so a field defined twice is reported at its second definition.
    let mut names = HashSet::new();
    for item in items {
        let name = item
            .as_map()
            .and_then(|entries| entries.iter().find(|(k, _)| k.as_str() == Some("name")))
            .and_then(|(_, v)| v.as_str());
        if let Some(name) = name {
            if !names.insert(name) {
                r.error(item.pos, format!("field `{name}` is defined twice"));
            }
        }
    }
    let mut fields: IdVec<FieldId, Field> = IdVec::new();
    let mut at_most_names = Vec::new();
    let mut kept = HashSet::new();
    for item in items {
        if let Some((field, at_most)) = read_field(item, r) {
            if !kept.insert(field.name.clone()) {
                continue;
            }
            at_most_names.push(at_most);
            fields.push(field);
        }
    }
    // `at_most` may name a field defined later, so links are resolved once all are read.
    let mut catalog = Catalog::from_fields(fields);
    for (i, at_most) in catalog.fields.ids().zip(at_most_names).collect::<Vec<_>>() {
        let Some((other, pos)) = at_most else {
            continue;
        };
        match catalog.index_of(&other) {
            Some(j) if j != i && matches!(catalog.fields[j].kind, Kind::Integer { .. }) => {
                catalog.fields[i].at_most = Some(j);
            }
            Some(_) => r.error(
                pos,
                format!("`at_most: {other}` must name another integer field"),
            ),
            None => {
                let hint = suggest::did_you_mean(&other, catalog.names());
                r.error_hint(
                    pos,
                    format!("`at_most` names unknown field `{other}`"),
                    hint,
                );
            }
        }
    }
    catalog
}

const FIELD_KEYS: [&str; 11] = [
    "name",
    "type",
    "min",
    "max",
    "values",
    "default",
    "required",
    "per_component",
    "at_most",
    "question",
    "help",
];

type AtMost = Option<(String, Pos)>;

fn read_field(node: &Node, r: &mut Reader<'_>) -> Option<(Field, AtMost)> {
    let f = r.mapping(node, "a catalog field", &FIELD_KEYS)?;
    let name = r.req_str(&f, "name", "a catalog field")?;
    let ok_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !ok_name {
        r.error(
            f.pos,
            format!("field name `{name}` must be snake_case (a-z, 0-9, _)"),
        );
    }
    if BUILTIN_KEYS.contains(&name.as_str()) {
        r.error(
            f.pos,
            format!("`{name}` is built into every profile and cannot be a catalog field"),
        );
    }
    let question = r.req_str(&f, "question", &format!("field `{name}`"));
    let help = r.req_str(&f, "help", &format!("field `{name}`"));
    let kind = read_kind(&f, &name, r)?;
    let required = r.opt_bool(&f, "required").unwrap_or(false);
    let per_component = r.opt_bool(&f, "per_component").unwrap_or(true);
    let at_most = match f.get("at_most") {
        None => None,
        Some(node) => match node.as_str() {
            Some(other) => Some((other.to_string(), node.pos)),
            None => {
                r.error(node.pos, "`at_most` must name another field");
                None
            }
        },
    };
    let mut field = Field {
        name: name.clone().into(),
        kind,
        required,
        default: None,
        per_component,
        at_most: None,
        question: question.unwrap_or_default().into(),
        help: help.unwrap_or_default().into(),
        pos: f.pos,
    };
    if let Some(node) = f.get("default") {
        match field.parse_value(node) {
            Ok(v) => field.default = Some(v),
            Err((msg, hint)) => r.error_hint(node.pos, format!("default of `{name}`: {msg}"), hint),
        }
    }
    match (
        field.required,
        field.default.is_some(),
        f.get("default").is_some(),
    ) {
        (true, _, true) => r.error(
            f.pos,
            format!("field `{name}` is required and so cannot have a default"),
        ),
        (false, false, false) => r.error(
            f.pos,
            format!("field `{name}` needs either `required: true` or a `default`"),
        ),
        _ => {}
    }
    Some((field, at_most))
}

fn read_kind(f: &Fields<'_>, name: &str, r: &mut Reader<'_>) -> Option<Kind> {
    let ty = r.req_str(f, "type", &format!("field `{name}`"))?;
    let has_range = f.get("min").is_some() || f.get("max").is_some();
    match ty.as_str() {
        "integer" => {
            let min = r.opt_int(f, "min");
            let max = r.opt_int(f, "max");
            let (Some(min), Some(max)) = (min, max) else {
                r.error(
                    f.pos,
                    format!("integer field `{name}` needs both `min` and `max`"),
                );
                return None;
            };
            if min > max {
                r.error(
                    f.pos,
                    format!("field `{name}` has min {min} above max {max}"),
                );
                return None;
            }
            if f.get("values").is_some() {
                r.error(
                    f.pos,
                    format!("integer field `{name}` cannot have `values`"),
                );
            }
            Some(Kind::Integer { min, max })
        }
        "boolean" => {
            if has_range || f.get("values").is_some() {
                r.error(
                    f.pos,
                    format!("boolean field `{name}` takes no `min`, `max` or `values`"),
                );
            }
            Some(Kind::Boolean)
        }
        "enum" => {
            if has_range {
                r.error(
                    f.pos,
                    format!("enum field `{name}` takes no `min` or `max`"),
                );
            }
            let Some(list) = f.get("values") else {
                r.error(f.pos, format!("enum field `{name}` needs a `values` list"));
                return None;
            };
            let Some(items) = list.as_seq().filter(|s| !s.is_empty()) else {
                r.error(
                    list.pos,
                    format!("`values` of `{name}` must be a non-empty list"),
                );
                return None;
            };
            if items.len() > MAX_ENUM_VALUES {
                r.error(
                    list.pos,
                    format!("`{name}` has more than {MAX_ENUM_VALUES} values"),
                );
                return None;
            }
            let mut values: Vec<EnumValue> = Vec::new();
            for item in items {
                let Some(v) = r.mapping(item, "an enum value", &["value", "help", "synonyms"])
                else {
                    continue;
                };
                let Some(value) = r.req_str(&v, "value", "an enum value") else {
                    continue;
                };
                let help = r
                    .req_str(&v, "help", &format!("value `{value}`"))
                    .unwrap_or_default();
                let synonyms = r.str_list(&v, "synonyms");
                // Profiles write `unknown` for an answer they are not sure of.
                if value == "unknown" || synonyms.iter().any(|s| s == "unknown") {
                    r.error(
                        v.pos,
                        format!("`unknown` is reserved for answers a profile is not sure of; `{name}` cannot use it as a value"),
                    );
                    continue;
                }
                if values.iter().any(|e| e.value == value) {
                    r.error(
                        v.pos,
                        format!("value `{value}` of `{name}` is listed twice"),
                    );
                    continue;
                }
                values.push(EnumValue {
                    value: value.into(),
                    help: help.into(),
                    synonyms: synonyms.into_iter().map(Text::from).collect(),
                });
            }
            Some(Kind::Enum { values })
        }
        other => {
            let hint = suggest::did_you_mean(other, ["integer", "boolean", "enum"]);
            r.error_hint(
                f.get("type").map_or(f.pos, |n| n.pos),
                format!("unknown field type `{other}`; expected integer, boolean or enum"),
                hint,
            );
            None
        }
    }
}
