//! The field catalog: which profile fields exist, their types, ranges, defaults and questions.
//!
//! Profile fields are data, not a Rust struct, so a pack can add a field (say `compliance`)
//! without a code change: the parser, the questionnaire, the schema and the rules all read it
//! from here.

use super::load::{texts, Text};
use crate::read::Reader;
use crate::suggest;
use crate::yaml::{Node, Pos, Value as Yaml};
use std::collections::HashMap;
use std::fmt;

/// Keys every profile has that are not catalog fields.
pub const BUILTIN_KEYS: [&str; 3] = ["name", "current", "components"];

/// Enum values per field are kept in a 64-bit mask by the rule engine.
pub const MAX_ENUM_VALUES: usize = 64;

/// A validated value of a catalog field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Int(i64),
    Bool(bool),
    /// Index into the field's `values`.
    Enum(u16),
}

impl Value {
    /// The bit this value sets in a condition mask (booleans: false = bit 0, true = bit 1).
    pub fn bit(self) -> u64 {
        match self {
            Value::Bool(b) => 1 << u32::from(b),
            Value::Enum(i) => 1u64.checked_shl(u32::from(i)).unwrap_or(0),
            Value::Int(_) => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: Text,
    pub help: Text,
    /// Words users reach for instead (`bursty` for `spiky`), offered as "did you mean".
    pub synonyms: Vec<Text>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Integer { min: i64, max: i64 },
    Boolean,
    Enum { values: Vec<EnumValue> },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: Text,
    pub kind: Kind,
    pub required: bool,
    pub default: Option<Value>,
    /// Whether a component may override it (team-wide facts such as `team_size` may not).
    pub per_component: bool,
    /// Index of an integer field this one may not exceed (`teams <= team_size`).
    pub at_most: Option<usize>,
    pub question: Text,
    pub help: Text,
    pub pos: Pos,
}

impl Field {
    /// The value's text as a user writes it in a profile.
    pub fn format(&self, value: Value) -> String {
        match (value, &self.kind) {
            (Value::Enum(i), Kind::Enum { values }) => values
                .get(usize::from(i))
                .map_or_else(|| format!("#{i}"), |v| v.value.to_string()),
            (Value::Int(i), _) => i.to_string(),
            (Value::Bool(b), _) => b.to_string(),
            (Value::Enum(i), _) => format!("#{i}"),
        }
    }

    /// The value as JSON (integers stay numbers, booleans booleans, enums strings).
    pub fn to_json(&self, value: Value) -> serde_json::Value {
        match value {
            Value::Int(i) => serde_json::Value::from(i),
            Value::Bool(b) => serde_json::Value::from(b),
            Value::Enum(_) => serde_json::Value::from(self.format(value)),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Integer { .. } => "integer",
            Kind::Boolean => "boolean",
            Kind::Enum { .. } => "enum",
        }
    }

    /// Index of an enum value by name.
    pub fn enum_index(&self, text: &str) -> Option<u16> {
        match &self.kind {
            Kind::Enum { values } => values
                .iter()
                .position(|v| v.value == text)
                .and_then(|i| u16::try_from(i).ok()),
            _ => None,
        }
    }

    /// Every value of a boolean or enum field; `None` for integers.
    pub fn discrete_values(&self) -> Option<Vec<Value>> {
        match &self.kind {
            Kind::Boolean => Some(vec![Value::Bool(false), Value::Bool(true)]),
            Kind::Enum { values } => Some(
                (0..values.len())
                    .filter_map(|i| u16::try_from(i).ok())
                    .map(Value::Enum)
                    .collect(),
            ),
            Kind::Integer { .. } => None,
        }
    }

    /// Converts a YAML node to a value of this field, or says what is wrong and what would fit.
    pub fn parse_value(&self, node: &Node) -> Result<Value, (String, Option<String>)> {
        match (&self.kind, &node.value) {
            (Kind::Integer { min, max }, Yaml::Int(i)) => {
                if (*min..=*max).contains(i) {
                    Ok(Value::Int(*i))
                } else {
                    Err((
                        format!("`{}` must be between {min} and {max}, found {i}", self.name),
                        None,
                    ))
                }
            }
            (Kind::Integer { min, max }, Yaml::Float(f)) if f.fract() == 0.0 => Err((
                format!("`{}` must be between {min} and {max}, found {f}", self.name),
                None,
            )),
            (Kind::Integer { .. }, Yaml::Str { text, .. })
                if text.trim().parse::<i64>().is_ok() =>
            {
                Err((
                    format!(
                        "`{}` must be an integer, found the string \"{text}\"",
                        self.name
                    ),
                    Some(format!(
                        "write it without quotes: {}: {}",
                        self.name,
                        text.trim()
                    )),
                ))
            }
            (Kind::Boolean, Yaml::Bool(b)) => Ok(Value::Bool(*b)),
            (
                Kind::Boolean,
                Yaml::Str {
                    text,
                    quoted: false,
                },
            ) => {
                let hint = match text.to_lowercase().as_str() {
                    "yes" | "y" | "on" => {
                        Some("YAML 1.2 reads `yes` as text; write `true`".to_string())
                    }
                    "no" | "n" | "off" => {
                        Some("YAML 1.2 reads `no` as text; write `false`".to_string())
                    }
                    _ => Some("write `true` or `false`".to_string()),
                };
                Err((
                    format!(
                        "`{}` must be true or false, found {}",
                        self.name,
                        node.describe()
                    ),
                    hint,
                ))
            }
            (Kind::Enum { values }, Yaml::Str { text, .. }) => {
                if let Some(i) = self.enum_index(text) {
                    return Ok(Value::Enum(i));
                }
                Err((
                    format!("`{text}` is not a valid value for `{}`", self.name),
                    Some(self.value_hint(text, values)),
                ))
            }
            (Kind::Enum { values }, _) => Err((
                format!(
                    "`{}` must be one of its values, found {}",
                    self.name,
                    node.describe()
                ),
                Some(format!("expected one of: {}", names(values).join(", "))),
            )),
            _ => Err((
                format!(
                    "`{}` must be {}, found {}",
                    self.name,
                    self.expected(),
                    node.describe()
                ),
                None,
            )),
        }
    }

    fn value_hint(&self, text: &str, values: &[EnumValue]) -> String {
        let lower = text.to_lowercase();
        let by_synonym = values
            .iter()
            .find(|v| v.synonyms.iter().any(|s| s.to_lowercase() == lower))
            .map(|v| &*v.value);
        let near = by_synonym.or_else(|| suggest::closest(text, values.iter().map(|v| &*v.value)));
        let list = names(values).join(", ");
        match near {
            Some(near) => format!("did you mean `{near}`? expected one of: {list}"),
            None => format!("expected one of: {list}"),
        }
    }

    fn expected(&self) -> String {
        match &self.kind {
            Kind::Integer { min, max } => format!("an integer between {min} and {max}"),
            Kind::Boolean => "true or false".to_string(),
            Kind::Enum { values } => format!("one of {}", names(values).join(", ")),
        }
    }
}

fn names(values: &[EnumValue]) -> Vec<&str> {
    values.iter().map(|v| &*v.value).collect()
}

/// The fields of a pack, in the order questions are asked and reports list them.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub fields: Vec<Field>,
    index: HashMap<String, usize>,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Enum(i) => write!(f, "#{i}"),
        }
    }
}

impl Catalog {
    /// A catalog of fields already validated (the built-in pack, compiled at build time).
    pub(crate) fn from_fields(fields: Vec<Field>) -> Catalog {
        let index = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.to_string(), i))
            .collect();
        Catalog { fields, index }
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.index_of(name).and_then(|i| self.fields.get(i))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| &*f.name)
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Reads `catalog.yaml`.
    pub fn read(root: &Node, r: &mut Reader<'_>) -> Catalog {
        let mut catalog = Catalog::default();
        let Some(top) = r.mapping(root, "the catalog", &["fields"]) else {
            return catalog;
        };
        let Some(list) = top.get("fields") else {
            r.error(top.pos, "the catalog has no `fields` list");
            return catalog;
        };
        let Some(items) = list.as_seq() else {
            r.error(list.pos, "`fields` must be a list of field definitions");
            return catalog;
        };
        // Names first, so `at_most` can refer to a field defined later.
        for item in items {
            let name = item
                .as_map()
                .and_then(|_| {
                    item.as_map()?
                        .iter()
                        .find(|(k, _)| k.as_str() == Some("name"))
                })
                .and_then(|(_, v)| v.as_str());
            if let Some(name) = name {
                if catalog.index.contains_key(name) {
                    r.error(item.pos, format!("field `{name}` is defined twice"));
                } else {
                    catalog.index.insert(name.to_string(), catalog.index.len());
                }
            }
        }
        let mut at_most_names = Vec::new();
        for item in items {
            if let Some((field, at_most)) = read_field(item, r) {
                if catalog.fields.iter().any(|f| f.name == field.name) {
                    continue;
                }
                at_most_names.push(at_most);
                catalog.fields.push(field);
            }
        }
        // Rebuild the index so it matches the fields that survived validation.
        catalog = Catalog::from_fields(catalog.fields);
        for (i, at_most) in at_most_names.into_iter().enumerate() {
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

fn read_kind(f: &crate::read::Fields<'_>, name: &str, r: &mut Reader<'_>) -> Option<Kind> {
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
                    synonyms: texts(synonyms),
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
