//! The questionnaire behind `archfit ask`, built from the rule pack's field catalog.
//!
//! Every catalog field is asked in catalog order, so a field added to a pack (the default one or
//! a `--rules DIR` pack) is asked without a code change. The questions go through the
//! [`Prompter`] trait rather than straight to `inquire`: the logic here (defaults, bounds,
//! what counts as *assumed*, components) is then testable with a scripted prompter, and
//! [`terminal::Terminal`] is the only code that touches the terminal.
//!
//! *Assumed* stays honest: a field is assumed only when the user let the catalog default stand
//! without stating anything (Enter on an empty input, or the "keep the default" row of a
//! list). Typing or choosing a value, even the default one, states it. A value that came from a
//! `--from` profile where it was stated stays stated when kept.

pub(crate) mod terminal;

use crate::pack::{Field, FieldId, IdVec, Kind, PatternId, Pos, RulePack, Value};
use crate::profile::{Component, Profile};

/// Why the questionnaire stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The user pressed Esc.
    Cancelled,
    /// The user pressed Ctrl-C.
    Interrupted,
    /// The terminal failed (an I/O error, or it went away).
    Failed(String),
}

/// An answer to a question that has a default: either typed, or Enter on an empty input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reply<T> {
    Typed(T),
    /// Enter on an empty input: the question's default.
    Enter,
}

/// Pick one row of a list.
#[derive(Debug, Clone)]
pub(crate) struct SelectQ {
    pub message: String,
    pub help: String,
    /// What each row shows while choosing.
    pub options: Vec<String>,
    /// What is shown as the answer once a row is chosen (shorter than the row).
    pub answers: Vec<String>,
    /// The row the cursor starts on.
    pub start: usize,
}

/// A whole number within bounds.
#[derive(Debug, Clone)]
pub(crate) struct IntQ {
    pub message: String,
    pub help: String,
    pub min: i64,
    pub max: i64,
    /// Why a bound is tighter than the field's own range (`teams` may not exceed `team_size`).
    pub limit: Option<String>,
    /// What Enter alone gives; `None` when an answer must be typed.
    pub default: Option<i64>,
    /// How an Enter answer is shown, e.g. `1 (default, assumed)`.
    pub enter_label: String,
}

impl IntQ {
    /// Whether `v` is an acceptable answer, or the message to show.
    pub(crate) fn check(&self, v: i64) -> Result<(), String> {
        check_int(self.min, self.max, self.limit.as_deref(), v)
    }

    /// The message shown when the input is not a number at all.
    pub(crate) fn parse_error(&self) -> String {
        format!("Type a whole number from {} to {}", self.min, self.max)
    }
}

fn check_int(min: i64, max: i64, limit: Option<&str>, v: i64) -> Result<(), String> {
    if (min..=max).contains(&v) {
        return Ok(());
    }
    let range = format!("{v} is not between {min} and {max}");
    Err(match limit {
        Some(why) => format!("{range}: {why}"),
        None => range,
    })
}

/// Yes or no.
#[derive(Debug, Clone)]
pub(crate) struct BoolQ {
    pub message: String,
    pub help: String,
    /// What Enter alone gives; `None` when y or n must be typed.
    pub default: Option<bool>,
    /// How an Enter answer is shown, e.g. `no (default, assumed)`.
    pub enter_label: String,
}

/// A line of text, such as a name.
#[derive(Debug, Clone)]
pub(crate) struct TextQ {
    pub message: String,
    pub help: String,
    /// What Enter alone gives.
    pub default: Option<String>,
    /// Answers that are already taken (component names must be unique).
    pub taken: Vec<String>,
}

impl TextQ {
    /// The answer for `input` (trimmed, or the default when empty), or the message to show.
    pub(crate) fn check(&self, input: &str) -> Result<String, String> {
        let text = input.trim();
        let text = match (text.is_empty(), &self.default) {
            (false, _) => text,
            (true, Some(d)) => d.as_str(),
            (true, None) => return Err("Type a name".to_string()),
        };
        if self.taken.iter().any(|t| t == text) {
            return Err(format!("`{text}` is already used; names must be unique"));
        }
        Ok(text.to_string())
    }
}

/// Pick one or more rows of a list.
#[derive(Debug, Clone)]
pub(crate) struct MultiQ {
    pub message: String,
    pub help: String,
    pub options: Vec<String>,
    /// What is shown for each chosen row once answered.
    pub answers: Vec<String>,
    /// Rows ticked at the start.
    pub selected: Vec<usize>,
}

impl MultiQ {
    /// At least one row must be picked.
    pub(crate) fn check(&self, picked: &[usize]) -> Result<(), String> {
        if picked.is_empty() {
            Err("Pick at least one: a component differs from the rest in something".to_string())
        } else {
            Ok(())
        }
    }
}

/// The questions the questionnaire can ask. [`terminal::Terminal`] asks them with `inquire`;
/// tests answer them from a script.
pub(crate) trait Prompter {
    /// Shows a line of information (not a question).
    fn note(&mut self, text: &str) -> Result<(), Stop>;
    fn ask_select(&mut self, q: &SelectQ) -> Result<usize, Stop>;
    fn ask_int(&mut self, q: &IntQ) -> Result<Reply<i64>, Stop>;
    fn ask_bool(&mut self, q: &BoolQ) -> Result<Reply<bool>, Stop>;
    fn ask_text(&mut self, q: &TextQ) -> Result<String, Stop>;
    /// Indices of the picked rows, at least one.
    fn ask_multi(&mut self, q: &MultiQ) -> Result<Vec<usize>, Stop>;
}

/// What a question starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prior {
    /// Stated in the `--from` profile (or in the component being revisited): kept as stated.
    Stated(Value),
    /// The catalog default: kept without a word, it is assumed.
    Default(Value),
    /// Required and not known: an answer is needed.
    Unknown,
}

impl Prior {
    fn value(self) -> Option<Value> {
        match self {
            Prior::Stated(v) | Prior::Default(v) => Some(v),
            Prior::Unknown => None,
        }
    }
}

/// The answer to one field: its value, and whether the user stated it.
struct Answer {
    value: Value,
    stated: bool,
}

/// Asks every question and returns the profile the answers describe (`source` left empty for
/// the caller). `start` is a `--from` profile whose answers become the defaults;
/// `default_name` names the project when `start` does not.
pub(crate) fn questionnaire(
    pack: &RulePack,
    start: Option<&Profile>,
    default_name: &str,
    p: &mut dyn Prompter,
) -> Result<Profile, Stop> {
    let catalog = &pack.catalog;
    let name = p.ask_text(&TextQ {
        message: "What is the project called?".to_string(),
        help: "Shown at the top of the report, and saved as `name:`.".to_string(),
        default: Some(start.map_or_else(|| default_name.to_string(), |s| s.name.clone())),
        taken: Vec::new(),
    })?;

    let mut values: IdVec<FieldId, Value> = IdVec::new();
    let mut assumed = Vec::new();
    for (i, field) in catalog.fields.iter_enumerated() {
        let prior = match start {
            Some(s) if !s.assumed.contains(&i) => s
                .values
                .get(i)
                .copied()
                .map_or(Prior::Unknown, Prior::Stated),
            _ => field.default.map_or(Prior::Unknown, Prior::Default),
        };
        let (min, max, limit) = bounds(pack, i, &values);
        let a = ask_field(p, field, prior, None, min, max, limit)?;
        if !a.stated {
            assumed.push(i);
        }
        values.push(a.value);
    }

    let current = ask_current(p, pack, start.and_then(|s| s.current))?;
    let components = ask_components(p, pack, &values, start.map_or(&[][..], |s| &s.components))?;
    Ok(Profile {
        name,
        source: String::new(),
        values,
        uncertain: Vec::new(),
        assumed,
        current,
        current_pos: None,
        components,
        pos: Pos::default(),
    })
}

/// The range an integer answer must fall in, given the answers so far: the field's own range,
/// narrowed by the catalog's links in either direction (`teams` at most `team_size`, and
/// `team_size` at least `teams` when a pack asks `teams` first).
fn bounds(
    pack: &RulePack,
    i: FieldId,
    known: &IdVec<FieldId, Value>,
) -> (i64, i64, Option<String>) {
    let catalog = &pack.catalog;
    let field = &catalog.fields[i];
    let Kind::Integer { min, max } = field.kind else {
        return (i64::MIN, i64::MAX, None);
    };
    let (mut lo, mut hi, mut why) = (min, max, Vec::new());
    let known = |f| crate::pack::catalog::int(known.get(f));
    for link in catalog.links() {
        if link.field == i {
            let other = &catalog.fields[link.limit];
            if let Some(b) = known(link.limit).filter(|&b| b < hi) {
                hi = b;
                why.push(format!(
                    "`{}` cannot be more than `{}` ({b})",
                    field.name, other.name
                ));
            }
        }
    }
    for link in catalog.links() {
        if link.limit == i {
            let other = &catalog.fields[link.field];
            if let Some(a) = known(link.field).filter(|&a| a > lo) {
                lo = a;
                why.push(format!(
                    "`{}` cannot be less than `{}` ({a})",
                    field.name, other.name
                ));
            }
        }
    }
    let why = (!why.is_empty()).then(|| why.join(", and "));
    (lo, hi, why)
}

/// Asks one catalog field. `component` is the component's name when the question is about a
/// part of the system; such answers are always stated (the user chose to set the field).
fn ask_field(
    p: &mut dyn Prompter,
    field: &Field,
    prior: Prior,
    component: Option<(&str, Value)>,
    min: i64,
    max: i64,
    limit: Option<String>,
) -> Result<Answer, Stop> {
    let message = match component {
        Some((name, _)) => format!("[{name}] {}", field.question),
        None => field.question.to_string(),
    };
    let rest = component.map(|(_, v)| shown(field, v));
    let mut help = format!("{}: {}", field.name, field.help);
    if let Some(rest) = &rest {
        help.push_str(&format!(" The rest of the system: {rest}."));
    }
    let keep = |v: Value| match prior {
        Prior::Default(_) => format!("{} (default, assumed)", shown(field, v)),
        _ => shown(field, v),
    };
    match &field.kind {
        Kind::Enum { values } => {
            let width = values
                .iter()
                .map(|v| v.value.chars().count())
                .max()
                .unwrap_or(0);
            let mut options = Vec::new();
            let mut answers = Vec::new();
            // Row 0 is a keep-the-default row for a field with a default, and a "pick one"
            // row for a required field with no answer yet: no value is preselected for it, so
            // Enter alone cannot answer a required question by accident.
            let first = match (prior, component) {
                (Prior::Default(d), _) => Some((
                    format!(
                        "(keep the default, {}: reported as assumed)",
                        field.format(d)
                    ),
                    keep(d),
                )),
                (Prior::Unknown, None) => Some((
                    "(pick one: required, no default)".to_string(),
                    "(none)".to_string(),
                )),
                _ => None,
            };
            let offset = usize::from(first.is_some());
            if let Some((row, answer)) = first {
                options.push(row);
                answers.push(answer);
            }
            for v in values {
                let pad = width.saturating_sub(v.value.chars().count());
                options.push(format!("{}{}  {}", v.value, " ".repeat(pad), v.help));
                answers.push(v.value.to_string());
            }
            let start = match (prior, component) {
                (Prior::Stated(Value::Enum(v)), _) => usize::from(v) + offset,
                // A part that differs: start on the first value that differs from the rest.
                (Prior::Unknown, Some((_, Value::Enum(rest)))) => usize::from(rest == 0),
                _ => 0,
            };
            let q = SelectQ {
                message,
                help,
                options,
                answers,
                start: start.min(values.len().saturating_sub(1) + offset),
            };
            let chosen = loop {
                let chosen = p.ask_select(&q)?;
                match prior {
                    Prior::Default(d) if chosen == 0 => {
                        return Ok(Answer {
                            value: d,
                            stated: false,
                        })
                    }
                    Prior::Unknown if offset == 1 && chosen == 0 => p.note(&format!(
                        "`{}` is required and has no default: pick one of its values.",
                        field.name
                    ))?,
                    _ => break chosen,
                }
            };
            let index = chosen
                .saturating_sub(offset)
                .min(values.len().saturating_sub(1));
            Ok(Answer {
                value: Value::Enum(u16::try_from(index).unwrap_or(0)),
                stated: true,
            })
        }
        Kind::Integer { .. } => {
            let default = match prior.value() {
                Some(Value::Int(v)) => Some(v),
                _ => None,
            };
            let q = IntQ {
                message,
                help,
                min,
                max,
                limit,
                default,
                enter_label: default.map_or_else(String::new, |d| keep(Value::Int(d))),
            };
            match p.ask_int(&q)? {
                Reply::Typed(v) => Ok(Answer {
                    value: Value::Int(v),
                    stated: true,
                }),
                Reply::Enter => match prior {
                    Prior::Stated(v) => Ok(Answer {
                        value: v,
                        stated: true,
                    }),
                    Prior::Default(v) => Ok(Answer {
                        value: v,
                        stated: false,
                    }),
                    Prior::Unknown => Err(Stop::Failed(format!(
                        "no answer for `{}` and no default",
                        field.name
                    ))),
                },
            }
        }
        Kind::Boolean => {
            let default = match (prior.value(), component) {
                (Some(Value::Bool(b)), _) => Some(b),
                // A part that differs on a yes/no question has the other answer.
                (_, Some((_, Value::Bool(rest)))) => Some(!rest),
                _ => None,
            };
            let q = BoolQ {
                message,
                help,
                default,
                enter_label: default.map_or_else(String::new, |d| keep(Value::Bool(d))),
            };
            match p.ask_bool(&q)? {
                Reply::Typed(b) => Ok(Answer {
                    value: Value::Bool(b),
                    stated: true,
                }),
                Reply::Enter => match (prior, default) {
                    (Prior::Default(v), _) => Ok(Answer {
                        value: v,
                        stated: false,
                    }),
                    (_, Some(b)) => Ok(Answer {
                        value: Value::Bool(b),
                        stated: true,
                    }),
                    (_, None) => Err(Stop::Failed(format!(
                        "no answer for `{}` and no default",
                        field.name
                    ))),
                },
            }
        }
    }
}

/// A value as the questions show it: yes/no for booleans (the terminal answers are y and n),
/// the profile's own spelling otherwise.
fn shown(field: &Field, v: Value) -> String {
    match v {
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        _ => field.format(v),
    }
}

/// `current:`, the architecture in use today (optional).
fn ask_current(
    p: &mut dyn Prompter,
    pack: &RulePack,
    start: Option<PatternId>,
) -> Result<Option<PatternId>, Stop> {
    let width = pack
        .patterns
        .iter()
        .map(|pat| pat.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut options = vec!["(not given: nothing built yet, or not saying)".to_string()];
    let mut answers = vec!["not given".to_string()];
    for pat in &pack.patterns {
        let pad = width.saturating_sub(pat.id.chars().count());
        options.push(format!("{}{}  {}", pat.id, " ".repeat(pad), pat.title));
        answers.push(pat.id.to_string());
    }
    let chosen = p.ask_select(&SelectQ {
        message: "Which architecture does the system use today?".to_string(),
        help: "current: optional. With it, the report says whether today's architecture still \
               fits, and `archfit check` can keep watching."
            .to_string(),
        options,
        answers,
        start: start.map_or(0, |c| c.index() + 1).min(pack.patterns.len()),
    })?;
    // Row 0 is "not given"; row k is the k-th pattern.
    Ok(chosen
        .checked_sub(1)
        .and_then(|k| pack.patterns.ids().nth(k)))
}

/// Parts of the system whose needs differ: a name, then only the fields that differ.
fn ask_components(
    p: &mut dyn Prompter,
    pack: &RulePack,
    system: &IdVec<FieldId, Value>,
    start: &[Component],
) -> Result<Vec<Component>, Stop> {
    let catalog = &pack.catalog;
    let fields: Vec<FieldId> = catalog
        .fields
        .iter_enumerated()
        .filter(|(_, f)| f.per_component)
        .map(|(i, _)| i)
        .collect();
    if fields.is_empty() {
        return Ok(Vec::new());
    }
    let differs = ask_yes_no(
        p,
        "Does some part of the system have different needs from the rest?",
        "components: a part (say an image pipeline) that differs in a few answers gets its own \
         recommendation; when parts land on different patterns, the answer is hybrid.",
        !start.is_empty(),
    )?;
    if !differs {
        return Ok(Vec::new());
    }
    let width = fields
        .iter()
        .map(|&i| catalog.fields[i].name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out: Vec<Component> = Vec::new();
    loop {
        let before = start.get(out.len());
        let name = p.ask_text(&TextQ {
            message: format!("Name of component {}?", out.len() + 1),
            help: "A short name for the part, unique in this profile, e.g. image-pipeline."
                .to_string(),
            default: before.map(|c| c.name.clone()),
            taken: out.iter().map(|c| c.name.clone()).collect(),
        })?;
        let mut options = Vec::new();
        let mut answers = Vec::new();
        for &i in &fields {
            let f = &catalog.fields[i];
            let rest = system.get(i).map_or_else(String::new, |&v| shown(f, v));
            let pad = width.saturating_sub(f.name.chars().count());
            options.push(format!(
                "{}{}  {} (rest: {rest})",
                f.name,
                " ".repeat(pad),
                f.question
            ));
            answers.push(f.name.to_string());
        }
        let selected: Vec<usize> = before.map_or_else(Vec::new, |c| {
            fields
                .iter()
                .enumerate()
                .filter(|(_, i)| c.overrides.iter().any(|(j, _)| j == *i))
                .map(|(row, _)| row)
                .collect()
        });
        let picked = p.ask_multi(&MultiQ {
            message: format!("Which answers differ for {name}?"),
            help: "Pick only what differs from the rest of the system.".to_string(),
            options,
            answers,
            selected,
        })?;
        let mut chosen: Vec<FieldId> = picked
            .iter()
            .filter_map(|&r| fields.get(r).copied())
            .collect();
        chosen.sort_unstable();
        chosen.dedup();
        let mut overlay = system.clone();
        let mut overrides = Vec::new();
        for i in chosen {
            let (field, rest) = (&catalog.fields[i], system[i]);
            let prior = before
                .and_then(|c| c.overrides.iter().find(|(j, _)| *j == i))
                .map_or(Prior::Unknown, |&(_, v)| Prior::Stated(v));
            let (min, max, limit) = bounds(pack, i, &overlay);
            let a = ask_field(p, field, prior, Some((&name, rest)), min, max, limit)?;
            overlay[i] = a.value;
            overrides.push((i, a.value));
        }
        out.push(Component {
            name,
            overrides,
            uncertain: Vec::new(),
            pos: Pos::default(),
        });
        let more = ask_yes_no(
            p,
            "Add another component?",
            "Another part of the system with its own needs.",
            start.len() > out.len(),
        )?;
        if !more {
            return Ok(out);
        }
    }
}

fn ask_yes_no(
    p: &mut dyn Prompter,
    message: &str,
    help: &str,
    default: bool,
) -> Result<bool, Stop> {
    let reply = p.ask_bool(&BoolQ {
        message: message.to_string(),
        help: help.to_string(),
        default: Some(default),
        enter_label: if default { "yes" } else { "no" }.to_string(),
    })?;
    Ok(match reply {
        Reply::Typed(b) => b,
        Reply::Enter => default,
    })
}

#[cfg(test)]
pub(crate) mod script;
#[cfg(test)]
mod tests;
