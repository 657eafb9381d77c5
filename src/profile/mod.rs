//! Profiles: YAML text plus the pack's catalog in, a validated [`Profile`] out.
//!
//! Fields are data (the catalog), so the profile is a vector of values in catalog order rather
//! than a struct. Every problem in a document is collected, each with its line and column:
//! a CI user fixes a file in one go instead of one error per run.

mod accepted;
pub(crate) mod open;
pub(crate) mod write;

pub use accepted::Acceptance;
pub use open::{Open, Uncertain};

use crate::pack::catalog::{int, Field, Kind, BUILTIN_KEYS};
use crate::pack::diag::{self, MAX_PER_FILE};
use crate::pack::yaml::{self, shorten, Node};
use crate::pack::{suggest, Diagnostic, FieldId, IdVec, PatternId, Pos, RulePack, Value};
use open::Answer;
use std::collections::HashMap;

/// A validated project profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The file it came from, as the user named it.
    pub source: String,
    /// One value per catalog field. For a field in `uncertain` it is only a stand-in (see
    /// [`Open::placeholder`]); the engine weighs every value the open answer allows.
    pub values: IdVec<FieldId, Value>,
    /// The fields the profile is not sure of (`unknown`, a list, a range), in catalog order.
    pub uncertain: Vec<Uncertain>,
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
    /// Fields this component sets differently, with their values, in the order written (an
    /// open answer's stand-in value for a field in `uncertain`).
    pub overrides: Vec<(FieldId, Value)>,
    /// The fields this component sets to an open answer, in the order written.
    pub uncertain: Vec<Uncertain>,
    pub pos: Pos,
}

impl Profile {
    /// Whether every answer, the system's and every component's, is a single value.
    pub fn is_certain(&self) -> bool {
        self.uncertain.is_empty() && self.components.iter().all(|c| c.uncertain.is_empty())
    }

    /// The system's open answer for `field`, if it is not sure of it.
    pub fn open(&self, field: FieldId) -> Option<&Open> {
        open_of(&self.uncertain, field)
    }
}

/// The open answer for `field` in a list of them.
pub(crate) fn open_of(list: &[Uncertain], field: FieldId) -> Option<&Open> {
    list.iter().find(|u| u.field == field).map(|u| &u.open)
}

impl Component {
    /// This component's open answer for `field`, if it sets one.
    pub fn open(&self, field: FieldId) -> Option<&Open> {
        open_of(&self.uncertain, field)
    }

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

/// Parses every document of a profile stream. An empty stream is one error. After
/// [`MAX_PER_FILE`] problems the rest of the stream is not read, so a hostile file cannot
/// make the error output grow without bound.
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
    let mut problems = 0;
    let mut out = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        let name = if many {
            format!("{stem}#{}", i + 1)
        } else {
            stem.to_string()
        };
        let mut result = from_node(doc, file, &name, pack);
        if let Err(diags) = &mut result {
            problems += diags.len();
            diag::cap(diags);
            if problems >= MAX_PER_FILE && i + 1 < docs.len() {
                diags.push(Diagnostic::new(
                    file,
                    None,
                    format!(
                        "{} more documents not read after {MAX_PER_FILE} problems in this file",
                        docs.len() - i - 1
                    ),
                ));
                out.push(result);
                break;
            }
        }
        out.push(result);
    }
    out
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

/// The open answers archfit cannot weigh together: for each group of `edges` (links between
/// two open answers) joined through shared answers, unless one answer is in every link of it
/// (two numbers at most a third, or a chain of two links), its answers, each once, in the order
/// the links name them.
pub(crate) fn unweighable<V: Copy + PartialEq>(edges: Vec<(V, V)>) -> Vec<Vec<V>> {
    let mut groups: Vec<Vec<(V, V)>> = Vec::new();
    for e in edges {
        let touching: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.iter()
                    .any(|o| [o.0, o.1].iter().any(|v| *v == e.0 || *v == e.1))
            })
            .map(|(i, _)| i)
            .collect();
        let mut merged = vec![e];
        for &i in touching.iter().rev() {
            merged.extend(groups.remove(i));
        }
        groups.push(merged);
    }
    groups
        .into_iter()
        .filter(|g| {
            ![g[0].0, g[0].1]
                .into_iter()
                .any(|v| g.iter().all(|e| e.0 == v || e.1 == v))
        })
        .map(|g| {
            let mut vars: Vec<V> = Vec::new();
            for v in g.iter().flat_map(|e| [e.0, e.1]) {
                if !vars.contains(&v) {
                    vars.push(v);
                }
            }
            vars
        })
        .collect()
}

/// The refusal of open answers archfit cannot weigh together (named, quoted), and its hint.
pub(crate) fn unweighable_message(names: &[String]) -> (String, String) {
    (
        format!(
            "{} are all open and linked together; archfit weighs linked open numbers exactly only when every link shares one of them",
            names.join(", ")
        ),
        "give one of them a single value".to_string(),
    )
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
        let mut uncertain: Vec<Uncertain> = Vec::new();
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
                    Some(i) => match self.answer(i, value) {
                        Some(Answer::Known(v)) => given[i] = Some((v, value.pos)),
                        Some(Answer::Open(open)) => {
                            given[i] = Some((open.placeholder(&catalog.fields[i]), value.pos));
                            uncertain.push(Uncertain {
                                field: i,
                                open,
                                pos: value.pos,
                            });
                        }
                        None => {}
                    },
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
        uncertain.sort_by_key(|u| u.field);
        // (`curent:` for `current:` is one mistake, reported with its suggestion.)
        let current_misspelled = misspelled.contains(&"current");
        if let (Some(pos), None, false) = (accepted_pos, current_pos, current_misspelled) {
            self.error(
                pos,
                "`accepted` keeps the architecture named in `current:`, but the profile has no `current:`",
                Some("add `current:` with the architecture in use, or remove `accepted`".to_string()),
            );
        }
        if complete {
            self.check_at_most(&values, &uncertain, &given, node.pos, None);
        }
        let components = match components_node {
            Some(list) if complete => self.components(list, &values, &uncertain),
            _ => Vec::new(),
        };
        if complete {
            self.check_weighable(&uncertain, &components, node.pos);
        }
        if !complete {
            return None;
        }
        Some(Profile {
            name: name.unwrap_or_else(|| default_name.to_string()),
            source: self.file.to_string(),
            values,
            uncertain,
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
                format!(
                    "`{}` is not a known architecture for `current`",
                    shorten(text)
                ),
                Some(hint),
            );
        }
        found
    }

    /// A field's answer: a value, or an open one (`unknown`, a list, a range).
    fn answer(&mut self, field: FieldId, node: &Node) -> Option<Answer> {
        match open::read(&self.pack.catalog.fields[field], node) {
            Ok(a) => Some(a),
            Err((pos, message, hint)) => {
                self.error(pos, message, hint);
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
        self.error(
            key.pos,
            format!("unknown field `{}`{where_}", shorten(text)),
            hint,
        );
        closest
    }

    /// `teams` may not exceed `team_size`, and likewise for any `at_most` in the catalog. With
    /// open answers, every value a list or range names must be possible with some value of the
    /// other field (an `unknown` takes only the values that are).
    fn check_at_most(
        &mut self,
        values: &IdVec<FieldId, Value>,
        uncertain: &[Uncertain],
        given: &IdVec<FieldId, Option<(Value, Pos)>>,
        fallback: Pos,
        component: Option<&str>,
    ) {
        let catalog = &self.pack.catalog;
        for link in catalog.links() {
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
            let pos = pos.map_or(fallback, |(_, p)| p);
            let within = component.map_or(String::new(), |c| format!(" in component `{c}`"));
            let (a_open, b_open) = (
                open_of(uncertain, link.field),
                open_of(uncertain, link.limit),
            );
            if a_open.is_none() && b_open.is_none() {
                if let Some((a, b)) = link.broken(|f| int(values.get(f))) {
                    self.error(
                        pos,
                        format!("`{field}` ({a}) cannot be more than `{other}` ({b}){within}"),
                        Some(format!("lower `{field}` or raise `{other}`")),
                    );
                }
                continue;
            }
            let span = |f| open::span(catalog, values, uncertain, f);
            let (Some((a_lo, a_hi)), Some((b_lo, b_hi))) = (span(link.field), span(link.limit))
            else {
                continue;
            };
            let say = |f: FieldId| match open_of(uncertain, f) {
                Some(o) => o.describe(&catalog.fields[f]),
                None => catalog.fields[f].format(values[f]),
            };
            let explicit = |o: Option<&Open>| matches!(o, Some(Open::OneOf(_) | Open::Range(..)));
            let message = if a_lo > b_hi {
                Some(format!(
                    "`{field}` ({}) cannot be more than `{other}` ({}){within}: no value of one fits the other",
                    say(link.field),
                    say(link.limit)
                ))
            } else if explicit(a_open) && a_hi > b_hi {
                Some(format!(
                    "`{field}` ({}) allows {a_hi}, more than `{other}` can be ({}){within}",
                    say(link.field),
                    say(link.limit)
                ))
            } else if explicit(b_open) && b_lo < a_lo {
                Some(format!(
                    "`{other}` ({}) allows {b_lo}, less than `{field}` can be ({}){within}",
                    say(link.limit),
                    say(link.field)
                ))
            } else {
                None
            };
            if let Some(message) = message {
                self.error(
                    pos,
                    message,
                    Some(format!(
                        "`{field}` may not exceed `{other}`: narrow the list or range"
                    )),
                );
            }
        }
    }

    /// Linked open integers are weighed together, which archfit does exactly when every link
    /// among them shares one field (`teams` and `team_size` both open is fine, and so are two
    /// links through one field, a star or a chain of two); links that do not all share one
    /// field, such as a chain of three, are refused with a clear message.
    fn check_weighable(&mut self, system: &[Uncertain], components: &[Component], pos: Pos) {
        let catalog = &self.pack.catalog;
        // An open answer: (component that owns it, or none for the system's; field).
        type Var = (Option<usize>, FieldId);
        let mut edges: Vec<(Var, Var)> = Vec::new();
        let scopes = std::iter::once(None).chain((0..components.len()).map(Some));
        for scope in scopes {
            let owner = |f: FieldId| -> Option<Var> {
                match scope.map(|k| &components[k]) {
                    Some(c) if c.overrides.iter().any(|&(g, _)| g == f) => {
                        c.open(f).map(|_| (scope, f))
                    }
                    _ => open_of(system, f).map(|_| (None, f)),
                }
            };
            for link in catalog.links() {
                if let (Some(a), Some(b)) = (owner(link.field), owner(link.limit)) {
                    if !edges.contains(&(a, b)) {
                        edges.push((a, b));
                    }
                }
            }
        }
        for group in unweighable(edges) {
            let names: Vec<String> = group
                .iter()
                .map(|&(c, f)| {
                    let name = &catalog.fields[f].name;
                    match c {
                        Some(k) => format!("`{}` of component `{}`", name, components[k].name),
                        None => format!("`{name}`"),
                    }
                })
                .collect();
            let (message, hint) = unweighable_message(&names);
            self.error(pos, message, Some(hint));
        }
    }

    fn components(
        &mut self,
        list: &Node,
        system: &IdVec<FieldId, Value>,
        system_open: &[Uncertain],
    ) -> Vec<Component> {
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
        // Where each name was first used. A profile has a handful of components, compared one
        // by one; a hostile one may have tens of thousands, looked up by hash instead.
        let mut first_use: Option<HashMap<String, Pos>> =
            (items.len() > 32).then(|| HashMap::with_capacity(items.len()));
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
            let mut uncertain: Vec<Uncertain> = Vec::new();
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
                match self.answer(i, value) {
                    Some(Answer::Known(v)) => {
                        overrides.push((i, v));
                        given[i] = Some((v, value.pos));
                    }
                    Some(Answer::Open(open)) => {
                        let v = open.placeholder(&self.pack.catalog.fields[i]);
                        overrides.push((i, v));
                        given[i] = Some((v, value.pos));
                        uncertain.push(Uncertain {
                            field: i,
                            open,
                            pos: value.pos,
                        });
                    }
                    None => {}
                }
            }
            let Some(name) = name else {
                if !entries.iter().any(|(k, _)| k.key_text() == "name") {
                    self.error(item.pos, "a component needs a `name`", None);
                }
                continue;
            };
            let first = match &first_use {
                Some(map) => map.get(&name).copied(),
                None => out.iter().find(|c| c.name == name).map(|c| c.pos),
            };
            if let Some(first) = first {
                let line = first.line;
                self.error(
                    item.pos,
                    format!(
                        "duplicate component name `{}` (first used at line {line})",
                        shorten(&name)
                    ),
                    Some("component names must be unique within a profile".to_string()),
                );
                continue;
            }
            if let Some(map) = &mut first_use {
                map.insert(name.clone(), item.pos);
            }
            let component = Component {
                name,
                overrides,
                uncertain,
                pos: item.pos,
            };
            let values = component.overlay(system);
            // The answers in force for this part: its own, else the system's.
            let mut open: Vec<Uncertain> = component.uncertain.clone();
            open.extend(
                system_open
                    .iter()
                    .filter(|u| !component.overrides.iter().any(|&(f, _)| f == u.field))
                    .cloned(),
            );
            self.check_at_most(&values, &open, &given, component.pos, Some(&component.name));
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
