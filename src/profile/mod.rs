//! Profiles: YAML text plus the pack's catalog in, a validated [`Profile`] out.
//!
//! Fields are data (the catalog), so the profile is a vector of values in catalog order rather
//! than a struct. Every problem in a document is collected, each with its line and column:
//! a CI user fixes a file in one go instead of one error per run.

mod accepted;
pub(crate) mod write;

pub use accepted::Acceptance;

use crate::pack::catalog::{int, Field, Kind, BUILTIN_KEYS};
use crate::pack::yaml::{self, Node};
use crate::pack::{suggest, Diagnostic, FieldId, IdVec, PatternId, Pos, RulePack, Value};

/// A validated project profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The file it came from, as the user named it.
    pub source: String,
    /// One value per catalog field.
    pub values: IdVec<FieldId, Value>,
    /// The fields that were not given and took their default, in catalog order.
    pub assumed: Vec<FieldId>,
    /// The architecture in use today, if given.
    pub current: Option<PatternId>,
    /// Where `current:` is, so CI annotations can point at it.
    pub current_pos: Option<Pos>,
    /// The team's decision to keep `current:` although it does not fit, until a date.
    pub accepted: Option<Acceptance>,
    pub components: Vec<Component>,
    /// Where the profile's mapping starts.
    pub pos: Pos,
}

/// A part of the system whose needs differ from the whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: String,
    /// Fields this component sets differently, with their values, in the order written.
    pub overrides: Vec<(FieldId, Value)>,
    pub pos: Pos,
}

impl Component {
    /// The fields in which this component differs from `system`, in the order written (the
    /// last of a repeated field winning): what a report lists as its overrides. A field set to
    /// the system's own value is not a difference.
    pub fn differences(&self, system: &IdVec<FieldId, Value>) -> Vec<(FieldId, Value)> {
        let mut out: Vec<(FieldId, Value)> = Vec::new();
        for &(i, v) in &self.overrides {
            out.retain(|&(j, _)| j != i);
            if system.get(i) != Some(&v) {
                out.push((i, v));
            }
        }
        out
    }

    /// The system's values with this component's overrides applied.
    pub fn overlay(&self, system: &IdVec<FieldId, Value>) -> IdVec<FieldId, Value> {
        let mut values = system.clone();
        for &(i, v) in &self.overrides {
            if let Some(slot) = values.get_mut(i) {
                *slot = v;
            }
        }
        values
    }
}

/// Parses every document of a profile stream. An empty stream is one error.
pub fn parse_stream(
    text: &str,
    file: &str,
    stem: &str,
    pack: &RulePack,
) -> Vec<Result<Profile, Vec<Diagnostic>>> {
    let docs = match yaml::parse(text) {
        Ok(docs) => docs,
        Err(e) => return vec![Err(vec![Diagnostic::at(file, e.pos, e.message)])],
    };
    if docs.is_empty() {
        let required: Vec<&str> = pack
            .catalog
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| &*f.name)
            .collect();
        return vec![Err(vec![Diagnostic::new(
            file,
            None,
            "the file is empty: no profile found",
        )
        .with_hint(Some(format!(
            "a profile needs at least {}",
            required.join(", ")
        )))])];
    }
    let many = docs.len() > 1;
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let name = if many {
                format!("{stem}#{}", i + 1)
            } else {
                stem.to_string()
            };
            from_node(doc, file, &name, pack)
        })
        .collect()
}

/// Validates one YAML document as a profile.
pub fn from_node(
    node: &Node,
    file: &str,
    default_name: &str,
    pack: &RulePack,
) -> Result<Profile, Vec<Diagnostic>> {
    let mut v = Validator {
        file,
        pack,
        diags: Vec::new(),
    };
    let profile = v.profile(node, default_name);
    match profile {
        Some(p) if v.diags.is_empty() => Ok(p),
        _ => Err(v.diags),
    }
}

struct Validator<'a> {
    file: &'a str,
    pack: &'a RulePack,
    diags: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    fn error(&mut self, pos: Pos, message: impl Into<String>, hint: Option<String>) {
        self.diags
            .push(Diagnostic::at(self.file, pos, message).with_hint(hint));
    }

    fn profile(&mut self, node: &Node, default_name: &str) -> Option<Profile> {
        let Some(entries) = node.as_map() else {
            let what = if matches!(node.value, yaml::Content::Null) {
                "the document is empty: expected a profile mapping".to_string()
            } else {
                format!(
                    "a profile must be a mapping of fields, found {}",
                    node.kind_name()
                )
            };
            self.error(node.pos, what, None);
            return None;
        };
        let catalog = &self.pack.catalog;
        let mut given: IdVec<FieldId, Option<(Value, Pos)>> = IdVec::filled(catalog.len(), None);
        let mut name = None;
        let mut current = None;
        let mut current_pos = None;
        let mut accepted = None;
        let mut accepted_pos = None;
        let mut components_node = None;
        // The fields unknown keys were taken for: a misspelled required field is one problem
        // (the unknown key, with its suggestion), not also a missing field.
        let mut misspelled: Vec<&str> = Vec::new();

        for (key, value) in entries {
            let key_text = key.key_text();
            match key_text.as_str() {
                "name" => name = self.text(value, "name"),
                "current" => {
                    current_pos = Some(key.pos);
                    current = self.pattern(value);
                }
                "components" => components_node = Some(value),
                "accepted" => {
                    accepted_pos = Some(key.pos);
                    accepted = self.accepted(key, value);
                }
                _ => match catalog.index_of(&key_text) {
                    Some(i) => {
                        if let Some(v) = self.value(i, value) {
                            given[i] = Some((v, value.pos));
                        }
                    }
                    None => misspelled.extend(self.unknown_key(key, &key_text, false)),
                },
            }
        }

        let mut values: IdVec<FieldId, Value> = IdVec::with_capacity(catalog.len());
        let mut assumed = Vec::new();
        let mut complete = true;
        for (i, field) in catalog.fields.iter_enumerated() {
            match (given[i], field.default) {
                (Some((v, _)), _) => {
                    values.push(v);
                }
                (None, Some(d)) => {
                    values.push(d);
                    assumed.push(i);
                }
                (None, None) => {
                    complete = false;
                    let already_reported = entries.iter().any(|(k, _)| k.key_text() == field.name)
                        || misspelled.contains(&&*field.name);
                    if !already_reported {
                        self.error(
                            node.pos,
                            format!("missing required field `{}`", field.name),
                            Some(format!(
                                "{} — e.g. `{}: {}`",
                                field.question,
                                field.name,
                                example(field)
                            )),
                        );
                    }
                }
            }
        }
        if let (Some(pos), None) = (accepted_pos, current_pos) {
            self.error(
                pos,
                "`accepted` keeps the architecture named in `current:`, but the profile has no `current:`",
                Some("add `current:` with the architecture in use, or remove `accepted`".to_string()),
            );
        }
        if complete {
            self.check_at_most(&values, &given, node.pos, None);
        }
        let components = match components_node {
            Some(list) if complete => self.components(list, &values),
            _ => Vec::new(),
        };
        if !complete {
            return None;
        }
        Some(Profile {
            name: name.unwrap_or_else(|| default_name.to_string()),
            source: self.file.to_string(),
            values,
            assumed,
            current,
            current_pos,
            accepted,
            components,
            pos: node.pos,
        })
    }

    fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match node.as_str() {
            Some(t) if !t.trim().is_empty() => Some(t.to_string()),
            Some(_) => {
                self.error(node.pos, format!("`{key}` must not be empty"), None);
                None
            }
            None => {
                self.error(
                    node.pos,
                    format!("`{key}` must be text, found {}", node.kind_name()),
                    Some(format!("quote it: {key}: \"…\"")),
                );
                None
            }
        }
    }

    fn pattern(&mut self, node: &Node) -> Option<PatternId> {
        let ids: Vec<&str> = self.pack.patterns.iter().map(|p| &*p.id).collect();
        let Some(text) = node.as_str() else {
            self.error(
                node.pos,
                format!("`current` must be a pattern id, found {}", node.kind_name()),
                Some(format!("expected one of: {}", ids.join(", "))),
            );
            return None;
        };
        let found = self.pack.pattern_index(text);
        if found.is_none() {
            let hint = suggest::closest(text, ids.iter().copied()).map_or_else(
                || format!("expected one of: {}", ids.join(", ")),
                |c| format!("did you mean `{c}`? expected one of: {}", ids.join(", ")),
            );
            self.error(
                node.pos,
                format!("`{text}` is not a known architecture for `current`"),
                Some(hint),
            );
        }
        found
    }

    fn value(&mut self, field: FieldId, node: &Node) -> Option<Value> {
        match self.pack.catalog.fields[field].parse_value(node) {
            Ok(v) => Some(v),
            Err((message, hint)) => {
                self.error(node.pos, message, hint);
                None
            }
        }
    }

    /// Reports an unknown key, suggesting the closest known one; returns that suggestion.
    fn unknown_key(&mut self, key: &Node, text: &str, in_component: bool) -> Option<&'a str> {
        let pack: &'a RulePack = self.pack;
        let catalog = &pack.catalog;
        let builtin: &[&'static str] = if in_component {
            &["name"]
        } else {
            &BUILTIN_KEYS
        };
        let closest = suggest::closest(text, catalog.names().chain(builtin.iter().copied()));
        let hint = closest.map(|c| format!("did you mean `{c}`?"));
        let where_ = if in_component { " in a component" } else { "" };
        self.error(key.pos, format!("unknown field `{text}`{where_}"), hint);
        closest
    }

    /// `teams` may not exceed `team_size`, and likewise for any `at_most` in the catalog.
    fn check_at_most(
        &mut self,
        values: &IdVec<FieldId, Value>,
        given: &IdVec<FieldId, Option<(Value, Pos)>>,
        fallback: Pos,
        component: Option<&str>,
    ) {
        let catalog = &self.pack.catalog;
        for link in catalog.links() {
            let Some((a, b)) = link.broken(|f| int(values.get(f))) else {
                continue;
            };
            let (field, other) = (
                &catalog.fields[link.field].name,
                &catalog.fields[link.limit].name,
            );
            let pos = given[link.field].or(given[link.limit]);
            // A component that sets neither field breaks the link only through the system's
            // values, which were reported once for the whole profile.
            if component.is_some() && pos.is_none() {
                continue;
            }
            let within = component.map_or(String::new(), |c| format!(" in component `{c}`"));
            self.error(
                pos.map_or(fallback, |(_, p)| p),
                format!("`{field}` ({a}) cannot be more than `{other}` ({b}){within}"),
                Some(format!("lower `{field}` or raise `{other}`")),
            );
        }
    }

    fn components(&mut self, list: &Node, system: &IdVec<FieldId, Value>) -> Vec<Component> {
        let Some(items) = list.as_seq() else {
            self.error(
                list.pos,
                format!("`components` must be a list, found {}", list.kind_name()),
                Some(
                    "write each component as `- name: …` followed by the fields that differ"
                        .to_string(),
                ),
            );
            return Vec::new();
        };
        let mut out: Vec<Component> = Vec::new();
        for item in items {
            let Some(entries) = item.as_map() else {
                self.error(
                    item.pos,
                    format!("a component must be a mapping, found {}", item.kind_name()),
                    None,
                );
                continue;
            };
            let mut name = None;
            let mut overrides = Vec::new();
            let mut given: IdVec<FieldId, Option<(Value, Pos)>> =
                IdVec::filled(self.pack.catalog.len(), None);
            for (key, value) in entries {
                let key_text = key.key_text();
                if key_text == "name" {
                    name = self.text(value, "name");
                    continue;
                }
                let Some(i) = self.pack.catalog.index_of(&key_text) else {
                    if BUILTIN_KEYS.contains(&key_text.as_str()) {
                        self.error(
                            key.pos,
                            format!("`{key_text}` belongs to the whole profile and cannot be set in a component"),
                            None,
                        );
                    } else {
                        self.unknown_key(key, &key_text, true);
                    }
                    continue;
                };
                if !self.pack.catalog.fields[i].per_component {
                    self.error(
                        key.pos,
                        format!("`{key_text}` applies to the whole system and cannot be set per component"),
                        Some("set it at the top level of the profile".to_string()),
                    );
                    continue;
                }
                if let Some(v) = self.value(i, value) {
                    overrides.push((i, v));
                    given[i] = Some((v, value.pos));
                }
            }
            let Some(name) = name else {
                if !entries.iter().any(|(k, _)| k.key_text() == "name") {
                    self.error(item.pos, "a component needs a `name`", None);
                }
                continue;
            };
            if let Some(first) = out.iter().find(|c| c.name == name) {
                let line = first.pos.line;
                self.error(
                    item.pos,
                    format!("duplicate component name `{name}` (first used at line {line})"),
                    Some("component names must be unique within a profile".to_string()),
                );
                continue;
            }
            let component = Component {
                name,
                overrides,
                pos: item.pos,
            };
            let values = component.overlay(system);
            self.check_at_most(&values, &given, component.pos, Some(&component.name));
            out.push(component);
        }
        out
    }
}

/// An example value for a missing-field hint.
fn example(field: &Field) -> String {
    match &field.kind {
        Kind::Integer { min, max } => (*min).max(1).saturating_mul(8).min(*max).to_string(),
        Kind::Boolean => "false".to_string(),
        Kind::Enum { values } => values
            .first()
            .map_or_else(String::new, |v| v.value.to_string()),
    }
}
