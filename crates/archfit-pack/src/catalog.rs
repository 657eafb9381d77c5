//! The field catalog: which profile fields exist, their types, ranges, defaults and questions.
//!
//! Profile fields are data, not a Rust struct, so a pack can add a field (say `compliance`)
//! without a code change: the parser, the questionnaire, the schema and the rules all read it
//! from here.

use crate::id::{FieldId, IdVec};
use crate::suggest;
use crate::yaml::{Content as Yaml, Node, Pos};
use crate::Text;
use std::collections::HashMap;
use std::fmt;

/// Keys every profile has that are not catalog fields.
pub const BUILTIN_KEYS: [&str; 3] = ["name", "current", "components"];

/// Enum values per field are kept in a 64-bit mask by the rule engine.
pub use crate::limits::MAX_ENUM_VALUES;

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

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub value: Text,
    pub help: Text,
    /// Words users reach for instead (`bursty` for `spiky`), offered as "did you mean".
    pub synonyms: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Integer { min: i64, max: i64 },
    Boolean,
    Enum { values: Vec<EnumValue> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Text,
    pub kind: Kind,
    pub required: bool,
    pub default: Option<Value>,
    /// Whether a component may override it (team-wide facts such as `team_size` may not).
    pub per_component: bool,
    /// An integer field this one may not exceed (`teams <= team_size`).
    pub at_most: Option<FieldId>,
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
            // `team_size: 8.0` is a number with a fraction to YAML, not an integer: say what
            // is wrong with it (its range is not).
            (Kind::Integer { .. }, Yaml::Float(f)) if f.is_finite() && f.fract() == 0.0 => Err((
                format!("`{}` must be a whole number, found {f:?}", self.name),
                (f.abs() < 1e15)
                    .then(|| format!("write it without the fraction: {}: {f:.0}", self.name)),
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
                    format!(
                        "`{}` is not a valid value for `{}`",
                        crate::yaml::shorten(text),
                        self.name
                    ),
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    pub fields: IdVec<FieldId, Field>,
    index: HashMap<String, FieldId>,
}

/// A limit one integer field puts on another: `field` may not exceed `limit` (the catalog's
/// `at_most`, as in `teams <= team_size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub field: FieldId,
    pub limit: FieldId,
}

impl Link {
    /// The two values, when these values break the link: `get` gives an integer field's value
    /// where it is known, and a link with an unknown end holds. The one place that says what
    /// respecting a link means, for profiles, what-if changes, the questionnaire's bounds and
    /// the analysis of the whole profile space.
    pub fn broken(self, get: impl Fn(FieldId) -> Option<i64>) -> Option<(i64, i64)> {
        let (a, b) = (get(self.field)?, get(self.limit)?);
        (a > b).then_some((a, b))
    }
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
    /// A catalog of validated fields (read from YAML, or decoded from the built-in pack).
    pub(crate) fn from_fields(fields: IdVec<FieldId, Field>) -> Catalog {
        let index = fields
            .iter_enumerated()
            .map(|(i, f)| (f.name.to_string(), i))
            .collect();
        Catalog { fields, index }
    }

    pub fn index_of(&self, name: &str) -> Option<FieldId> {
        self.index.get(name).copied()
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.index_of(name).map(|i| &self.fields[i])
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

    /// Every `at_most` link between two integer fields, in catalog order.
    pub fn links(&self) -> impl Iterator<Item = Link> + '_ {
        self.fields
            .iter_enumerated()
            .filter_map(|(field, f)| f.at_most.map(|limit| Link { field, limit }))
    }

    /// Whether the values respect every link (see [`Link::broken`]).
    pub fn links_hold(&self, get: impl Fn(FieldId) -> Option<i64>) -> bool {
        self.links().all(|link| link.broken(&get).is_none())
    }
}

/// An integer value, for [`Link::broken`]: `None` for any other value.
pub fn int(value: Option<&Value>) -> Option<i64> {
    match value {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}
