//! The questionnaire behind `archfit ask`, built from the rule pack's field catalog.
//!
//! The questions come from the catalog, so a field added to a pack (the default one or a
//! `--rules DIR` pack) is asked without a code change. By default the order is adaptive: the
//! next question is the one whose answer would settle the most, given the answers so far
//! (the engine's exact weighing of every answer still open), and the questions stop when
//! nothing left to ask could change the recommendation; `--all` asks every field in catalog
//! order. Every catalog question takes "not sure" (and a number a range `8..20`), and Esc goes
//! back one question with its answer preselected. The questions go through the
//! [`Prompter`] trait rather than straight to `inquire`: the logic here (defaults, bounds,
//! what counts as *assumed*, components) is then testable with a scripted prompter, and
//! [`terminal::Terminal`] is the only code that touches the terminal.
//!
//! *Assumed* stays honest: a field is assumed only when the user let the catalog default stand
//! without stating anything (Enter on an empty input, or the "keep the default" row of a
//! list). Typing or choosing a value, even the default one, states it. A value that came from a
//! `--from` profile where it was stated stays stated when kept.

pub(crate) mod terminal;

use crate::engine::Engine;
use crate::pack::{Field, FieldId, IdVec, Kind, PatternId, Pos, RulePack, Value};
use crate::profile::{Component, Open, Profile, Uncertain};

/// Why a question was left, or the questionnaire stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The user pressed Esc: back one question (at the first question, stop).
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
    /// Why "not sure" (`?`) and a range (`8..20`) are not answers here, when they are not.
    pub closed: Option<String>,
}

/// A typed answer to a number question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntReply {
    Value(i64),
    /// `lo..hi`, both included.
    Range(i64, i64),
    /// `?`: not sure.
    NotSure,
}

impl IntReply {
    /// Reads typed input: a whole number, `lo..hi`, or `?` (also `not sure`, `unknown`).
    pub(crate) fn parse(input: &str) -> Option<IntReply> {
        let text = input.trim();
        if not_sure(text) {
            return Some(IntReply::NotSure);
        }
        if text.contains("..") {
            let (lo, hi) = crate::profile::open::range_ends(text)?;
            return Some(if lo == hi {
                IntReply::Value(lo)
            } else {
                IntReply::Range(lo, hi)
            });
        }
        text.parse().ok().map(IntReply::Value)
    }
}

/// Whether typed text says "not sure": `?`, `not sure`, `unsure` or `unknown`, in any case.
fn not_sure(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "?" | "not sure" | "unsure" | "unknown"
    )
}

impl std::str::FromStr for IntReply {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        IntReply::parse(s).ok_or(())
    }
}

impl std::fmt::Display for IntReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntReply::Value(v) => write!(f, "{v}"),
            IntReply::Range(lo, hi) => write!(f, "{lo}..{hi}"),
            IntReply::NotSure => f.write_str("not sure"),
        }
    }
}

impl IntQ {
    /// Whether `v` is an acceptable answer, or the message to show.
    pub(crate) fn check(&self, v: i64) -> Result<(), String> {
        check_int(self.min, self.max, self.limit.as_deref(), v)
    }

    /// Whether a typed answer is acceptable: a number within bounds, or (for an open
    /// question) a range whose ends both are, or "not sure".
    pub(crate) fn check_reply(&self, r: IntReply) -> Result<(), String> {
        match r {
            IntReply::Value(v) => self.check(v),
            _ if self.closed.is_some() => Err(self.parse_error()),
            IntReply::NotSure => Ok(()),
            IntReply::Range(lo, hi) if lo > hi => Err(format!(
                "{lo}..{hi} runs backwards: write the smaller number first"
            )),
            IntReply::Range(lo, hi) => self.check(lo).and_then(|()| self.check(hi)),
        }
    }

    /// The message shown when the input is not an answer at all.
    pub(crate) fn parse_error(&self) -> String {
        match &self.closed {
            None => format!(
                "Type a whole number from {} to {}, a range such as {}, or ? if not sure",
                self.min,
                self.max,
                crate::profile::open::example_range(self.min, self.max)
            ),
            Some(why) => format!(
                "Type a whole number from {} to {} ({why})",
                self.min, self.max
            ),
        }
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

/// Yes or no (or, for an open question, not sure).
#[derive(Debug, Clone)]
pub(crate) struct BoolQ {
    pub message: String,
    pub help: String,
    /// What Enter alone gives; `None` when y or n must be typed.
    pub default: Option<bool>,
    /// How an Enter answer is shown, e.g. `no (default, assumed)`.
    pub enter_label: String,
    /// Whether `?` (not sure) is an answer too.
    pub open: bool,
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
    fn ask_int(&mut self, q: &IntQ) -> Result<Reply<IntReply>, Stop>;
    /// `Typed(None)`: not sure (only when the question is open).
    fn ask_bool(&mut self, q: &BoolQ) -> Result<Reply<Option<bool>>, Stop>;
    fn ask_text(&mut self, q: &TextQ) -> Result<String, Stop>;
    /// Indices of the picked rows, at least one.
    fn ask_multi(&mut self, q: &MultiQ) -> Result<Vec<usize>, Stop>;
}

/// What a question starts from.
#[derive(Debug, Clone, PartialEq)]
enum Prior {
    /// Stated before (in the `--from` profile, in the component being revisited, or in an
    /// answer taken back with Esc): kept as stated.
    Stated(Given),
    /// The catalog default: kept without a word, it is assumed.
    Default(Value),
    /// Required and not known: an answer is needed.
    Unknown,
}

impl Prior {
    fn value(&self) -> Option<Value> {
        match self {
            Prior::Stated(Given::Value { value, .. }) | Prior::Default(value) => Some(*value),
            _ => None,
        }
    }
}

/// The answer to one field: a value (stated, or a default kept and so assumed), or an open
/// answer ("not sure", a range).
#[derive(Debug, Clone, PartialEq)]
enum Given {
    Value { value: Value, stated: bool },
    Open(Open),
}

/// The order of the catalog questions.
#[derive(Clone, Copy)]
pub(crate) enum Order<'e> {
    /// Every field, in catalog order (`--all`).
    Catalog,
    /// The most decisive question next, until nothing left could change the answer.
    Adaptive(&'e Engine<'e>),
}

/// Where the questionnaire is; Esc goes back one stage or question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Name,
    Fields,
    Current,
    Components,
}

/// Asks the questions and returns the profile the answers describe (`source` left empty for
/// the caller). `start` is a `--from` profile whose answers become the defaults;
/// `default_name` names the project when `start` does not. A field never asked keeps what
/// `start` said of it, or else its default (assumed), or, when required, `unknown`.
pub(crate) fn questionnaire(
    pack: &RulePack,
    start: Option<&Profile>,
    default_name: &str,
    order: Order<'_>,
    p: &mut dyn Prompter,
) -> Result<Profile, Stop> {
    let catalog = &pack.catalog;
    let mut name = start.map_or_else(|| default_name.to_string(), |s| s.name.clone());
    let mut answers: IdVec<FieldId, Option<Given>> = IdVec::filled(catalog.len(), None);
    // The last answer to each field, preselected when it is asked again after Esc.
    let mut earlier: IdVec<FieldId, Option<Given>> = IdVec::filled(catalog.len(), None);
    let mut asked: Vec<FieldId> = Vec::new();
    let mut current = start.and_then(|s| s.current);
    let mut components: Vec<Component> = start.map_or_else(Vec::new, |s| s.components.clone());
    // What `start` says of each field (none where it assumed the default): the answer a field
    // keeps when it is not asked, and the one preselected when it is.
    let kept: IdVec<FieldId, Option<Given>> = catalog
        .fields
        .ids()
        .map(|i| start.and_then(|s| given_in(s, i)))
        .collect();
    let mut stage = Stage::Name;
    // Said once per pass through the fields: why the questions stopped.
    let mut told = false;
    loop {
        let step = match stage {
            Stage::Name => p
                .ask_text(&TextQ {
                    message: "What is the project called?".to_string(),
                    help: "Shown at the top of the report, and saved as `name:`.".to_string(),
                    default: Some(name.clone()),
                    taken: Vec::new(),
                })
                .map(|n| name = n),
            Stage::Fields => {
                let next = match order {
                    Order::Catalog => catalog
                        .fields
                        .ids()
                        .find(|&i| answers[i].is_none())
                        .map(|i| (i, None)),
                    Order::Adaptive(engine) => match adaptive(engine, &answers) {
                        Next::Ask(i, left) => Some((i, Some(left))),
                        Next::Done(reason) => {
                            if !told {
                                p.note(&reason)?;
                                told = true;
                            }
                            None
                        }
                    },
                };
                match next {
                    None => {
                        stage = Stage::Current;
                        continue;
                    }
                    Some((i, left)) => {
                        told = false;
                        let prior = match earlier[i].as_ref().or(kept[i].as_ref()) {
                            // A default kept earlier is still only assumed.
                            Some(&Given::Value {
                                value,
                                stated: false,
                            }) => Prior::Default(value),
                            Some(g) => Prior::Stated(g.clone()),
                            None => catalog.fields[i]
                                .default
                                .map_or(Prior::Unknown, Prior::Default),
                        };
                        let field = &catalog.fields[i];
                        let b = bounds(pack, i, &answers);
                        ask_field(p, field, prior, None, left, b).map(|g| {
                            answers[i] = Some(g.clone());
                            earlier[i] = Some(g);
                            asked.push(i);
                        })
                    }
                }
            }
            Stage::Current => ask_current(p, pack, current).map(|c| current = c),
            Stage::Components => {
                let system = placeholders(pack, &with_kept(&answers, &kept));
                ask_components(p, pack, &system, &components).map(|c| components = c)
            }
        };
        match step {
            Ok(()) => {
                stage = match stage {
                    Stage::Name => Stage::Fields,
                    Stage::Fields => Stage::Fields,
                    Stage::Current => Stage::Components,
                    Stage::Components => break,
                }
            }
            // Esc: back one question; at the first, the questionnaire stops.
            Err(Stop::Cancelled) => match stage {
                Stage::Name => return Err(Stop::Cancelled),
                Stage::Fields | Stage::Current => match asked.pop() {
                    Some(i) => {
                        answers[i] = None;
                        stage = Stage::Fields;
                        told = false;
                    }
                    None => stage = Stage::Name,
                },
                Stage::Components => stage = Stage::Current,
            },
            Err(other) => return Err(other),
        }
    }
    let mut profile = profile_of(pack, name, &with_kept(&answers, &kept), current, components);
    // A recorded acceptance of a misfit stays with the architecture it accepts.
    profile.accepted = start
        .filter(|s| s.current.is_some() && s.current == profile.current)
        .and_then(|s| s.accepted.clone());
    Ok(profile)
}

/// What `profile` says of field `i`: its value or open answer, or nothing where it assumed
/// the default.
fn given_in(profile: &Profile, i: FieldId) -> Option<Given> {
    if profile.assumed.contains(&i) {
        return None;
    }
    Some(match profile.open(i) {
        Some(o) => Given::Open(o.clone()),
        None => Given::Value {
            value: profile.values[i],
            stated: true,
        },
    })
}

/// The answers given, and for a field not asked what `kept` has of it.
fn with_kept(
    answers: &IdVec<FieldId, Option<Given>>,
    kept: &IdVec<FieldId, Option<Given>>,
) -> IdVec<FieldId, Option<Given>> {
    answers
        .iter()
        .zip(kept.iter())
        .map(|(a, k)| a.clone().or_else(|| k.clone()))
        .collect()
}

/// The profile the answers describe: a field never asked keeps its default (assumed), or is
/// `unknown` when it is required.
fn profile_of(
    pack: &RulePack,
    name: String,
    answers: &IdVec<FieldId, Option<Given>>,
    current: Option<PatternId>,
    components: Vec<Component>,
) -> Profile {
    let mut values = IdVec::with_capacity(pack.catalog.len());
    let mut assumed = Vec::new();
    let mut uncertain = Vec::new();
    for (i, field) in pack.catalog.fields.iter_enumerated() {
        let given = answers[i].clone().unwrap_or(match field.default {
            Some(d) => Given::Value {
                value: d,
                stated: false,
            },
            None => Given::Open(Open::Unknown),
        });
        match given {
            Given::Value { value, stated } => {
                values.push(value);
                if !stated {
                    assumed.push(i);
                }
            }
            Given::Open(open) => {
                values.push(open.placeholder(field));
                uncertain.push(Uncertain {
                    field: i,
                    open,
                    pos: Pos::default(),
                });
            }
        }
    }
    Profile {
        name,
        source: String::new(),
        values,
        uncertain,
        assumed,
        accepted: None,
        current,
        current_pos: None,
        components,
        pos: Pos::default(),
    }
}

/// The answers as values, open ones by their stand-in: what a component's questions show as
/// "the rest of the system".
fn placeholders(pack: &RulePack, answers: &IdVec<FieldId, Option<Given>>) -> IdVec<FieldId, Value> {
    pack.catalog
        .fields
        .iter_enumerated()
        .map(|(i, f)| match &answers[i] {
            Some(Given::Value { value, .. }) => *value,
            Some(Given::Open(o)) => o.placeholder(f),
            None => f.default.unwrap_or_else(|| Open::Unknown.placeholder(f)),
        })
        .collect()
}

/// What the adaptive order does next.
enum Next {
    /// Ask this field; at most this many questions could still change the answer.
    Ask(FieldId, usize),
    /// Stop asking about the fields, saying why.
    Done(String),
}

/// The most decisive question, or why there is none: every field not asked yet is weighed as
/// open, the answers given "not sure" too, and the engine says whether anything not asked could
/// still change the recommendation (for any value of what the user is not sure of).
fn adaptive(engine: &Engine<'_>, answers: &IdVec<FieldId, Option<Given>>) -> Next {
    let pack = engine.pack;
    let mut unsure: Vec<FieldId> = Vec::new();
    let open_answers: IdVec<FieldId, Option<Given>> = answers
        .iter_enumerated()
        .map(|(i, a)| match a {
            Some(Given::Open(o)) => {
                unsure.push(i);
                Some(Given::Open(o.clone()))
            }
            Some(g) => Some(g.clone()),
            None => Some(Given::Open(Open::Unknown)),
        })
        .collect();
    let profile = profile_of(pack, String::new(), &open_answers, None, Vec::new());
    let look = engine.look_ahead(&profile, &unsure);
    let rec = pack.pattern_id(look.recommendation);
    if !look.later_matter {
        let reason = if look.settled {
            format!("Nothing else you could answer changes the answer: {rec}.")
        } else {
            let names: Vec<&str> = unsure
                .iter()
                .map(|&i| &*pack.catalog.fields[i].name)
                .collect();
            format!(
                "Nothing else you could answer changes the answer: {rec}, as far as it can be \
                 told without knowing {}.",
                names.join(", ")
            )
        };
        return Next::Done(reason);
    }
    // The unasked field knowing which would settle most; the first in catalog order of equals
    // (over the pack's own cases, breaking ties by how much the answers would then agree
    // asked more questions, 14.2 on average against 13.3).
    // (`settles` lists only open fields outside `unsure`: those not asked yet.)
    let mut best: Option<(FieldId, f64)> = None;
    for &(field, settles) in &look.settles {
        if best.is_none_or(|(_, b)| settles > b + 1e-9) {
            best = Some((field, settles));
        }
    }
    match best {
        Some((field, _)) => Next::Ask(field, look.could_matter),
        None => Next::Done(format!(
            "Every question that could change the answer is answered: {rec}."
        )),
    }
}

/// The range an integer answer must fall in, given the answers so far: the field's own range,
/// narrowed by the catalog's links in either direction (`teams` at most `team_size`, and
/// `team_size` at least `teams` when `teams` was answered first). An open answer narrows it
/// so that every value it names stays possible: a range or list limits the other field by its
/// nearer end, "not sure" not at all. An open answer is refused where, with the open answers
/// so far, it would link open numbers archfit cannot weigh together (the profile reader's rule).
fn bounds(pack: &RulePack, i: FieldId, answers: &IdVec<FieldId, Option<Given>>) -> Bounds {
    let catalog = &pack.catalog;
    let field = &catalog.fields[i];
    let Kind::Integer { min, max } = field.kind else {
        return Bounds {
            min: i64::MIN,
            max: i64::MAX,
            limit: None,
            closed: None,
        };
    };
    let (mut lo, mut hi, mut why) = (min, max, Vec::new());
    // The smallest and largest value an answer allows (`None`: not answered, or not sure).
    let span = |f: FieldId| -> Option<(i64, i64, String)> {
        let other = &catalog.fields[f];
        match &answers[f] {
            Some(Given::Value {
                value: Value::Int(v),
                ..
            }) => Some((*v, *v, v.to_string())),
            Some(Given::Open(o)) if !matches!(o, Open::Unknown) => {
                o.bounds(other).map(|(a, b)| (a, b, o.describe(other)))
            }
            _ => None,
        }
    };
    for link in catalog.links() {
        if link.field == i {
            let other = &catalog.fields[link.limit];
            if let Some((b, _, text)) = span(link.limit).filter(|&(b, _, _)| b < hi) {
                hi = b;
                why.push(format!(
                    "`{}` cannot be more than `{}` ({text})",
                    field.name, other.name
                ));
            }
        }
    }
    for link in catalog.links() {
        if link.limit == i {
            let other = &catalog.fields[link.field];
            if let Some((_, a, text)) = span(link.field).filter(|&(_, a, _)| a > lo) {
                lo = a;
                why.push(format!(
                    "`{}` cannot be less than `{}` ({text})",
                    field.name, other.name
                ));
            }
        }
    }
    let open = |f: FieldId| f == i || matches!(answers[f], Some(Given::Open(_)));
    let edges: Vec<(FieldId, FieldId)> = catalog
        .links()
        .filter(|l| open(l.field) && open(l.limit))
        .map(|l| (l.field, l.limit))
        .collect();
    let closed = crate::profile::unweighable(edges).first().map(|group| {
        let names: Vec<String> = group
            .iter()
            .map(|&f| format!("`{}`", catalog.fields[f].name))
            .collect();
        let (message, hint) = crate::profile::unweighable_message(&names);
        format!("not sure or a range here: {message}; {hint}")
    });
    Bounds {
        min: lo,
        max: hi,
        limit: (!why.is_empty()).then(|| why.join(", and ")),
        closed,
    }
}

/// What an integer answer may be, given the answers so far.
struct Bounds {
    min: i64,
    max: i64,
    /// Why the bounds are tighter than the field's own range.
    limit: Option<String>,
    /// Why "not sure" and a range are refused, when they are.
    closed: Option<String>,
}

/// The row a list question offers for "not sure".
const NOT_SURE_ROW: &str = "(not sure)";

/// Asks one catalog field. `component` is the component's name when the question is about a
/// part of the system; such answers are always stated (the user chose to set the field).
/// `left`, in the adaptive order, is how many questions at most could still change the answer.
#[allow(clippy::too_many_arguments)]
fn ask_field(
    p: &mut dyn Prompter,
    field: &Field,
    prior: Prior,
    component: Option<(&str, Value)>,
    left: Option<usize>,
    bounds: Bounds,
) -> Result<Given, Stop> {
    let message = match component {
        Some((name, _)) => format!("[{name}] {}", field.question),
        None => field.question.to_string(),
    };
    let rest = component.map(|(_, v)| shown(field, v));
    let mut help = format!("{}: {}", field.name, field.help);
    if let Some(rest) = &rest {
        help.push_str(&format!(" The rest of the system: {rest}."));
    }
    if let Some(n) = left {
        help.push_str(&format!(
            " (At most {n} question{} left that could change the answer.)",
            if n == 1 { "" } else { "s" }
        ));
    }
    let keep = |v: Value| match prior {
        Prior::Default(_) => format!("{} (default, assumed)", shown(field, v)),
        _ => shown(field, v),
    };
    let stated_open = match &prior {
        Prior::Stated(Given::Open(o)) => Some(o.clone()),
        _ => None,
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
            let first = match (&prior, component) {
                (Prior::Default(d), _) => Some((
                    format!(
                        "(keep the default, {}: reported as assumed)",
                        field.format(*d)
                    ),
                    keep(*d),
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
            let not_sure = options.len();
            options.push(format!(
                "{NOT_SURE_ROW}  archfit weighs every value and says how much it matters"
            ));
            answers.push("not sure".to_string());
            let start = match (&prior, component) {
                (
                    Prior::Stated(Given::Value {
                        value: Value::Enum(v),
                        ..
                    }),
                    _,
                ) => usize::from(*v) + offset,
                (Prior::Stated(Given::Open(_)), _) => not_sure,
                // A part that differs: start on the first value that differs from the rest.
                (Prior::Unknown, Some((_, Value::Enum(rest)))) => usize::from(rest == 0),
                _ => 0,
            };
            let q = SelectQ {
                message,
                help,
                options,
                answers,
                start: start.min(not_sure),
            };
            let chosen = loop {
                let chosen = p.ask_select(&q)?;
                match &prior {
                    Prior::Default(d) if chosen == 0 => {
                        return Ok(Given::Value {
                            value: *d,
                            stated: false,
                        })
                    }
                    Prior::Unknown if offset == 1 && chosen == 0 => p.note(&format!(
                        "`{}` is required and has no default: pick one of its values, or {NOT_SURE_ROW}.",
                        field.name
                    ))?,
                    _ => break chosen,
                }
            };
            if chosen >= not_sure {
                return Ok(Given::Open(stated_open.unwrap_or(Open::Unknown)));
            }
            let index = chosen
                .saturating_sub(offset)
                .min(values.len().saturating_sub(1));
            Ok(Given::Value {
                value: Value::Enum(u16::try_from(index).unwrap_or(0)),
                stated: true,
            })
        }
        Kind::Integer { .. } => {
            let default = match prior.value() {
                Some(Value::Int(v)) => Some(v),
                _ => None,
            };
            let enter_label = match (&stated_open, default) {
                (Some(o), _) => o.describe(field),
                (None, Some(d)) => keep(Value::Int(d)),
                (None, None) => String::new(),
            };
            let q = IntQ {
                message,
                help: format!("{help} A range such as 8..20, or ? if not sure."),
                min: bounds.min,
                max: bounds.max,
                limit: bounds.limit,
                default,
                enter_label,
                closed: bounds.closed,
            };
            match p.ask_int(&q)? {
                Reply::Typed(IntReply::Value(v)) => Ok(Given::Value {
                    value: Value::Int(v),
                    stated: true,
                }),
                Reply::Typed(IntReply::Range(lo, hi)) => Ok(Given::Open(Open::Range(lo, hi))),
                Reply::Typed(IntReply::NotSure) => Ok(Given::Open(Open::Unknown)),
                Reply::Enter => match prior {
                    Prior::Stated(g) => Ok(g),
                    Prior::Default(v) => Ok(Given::Value {
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
            let enter_label = match (&stated_open, default) {
                (Some(_), _) => "not sure".to_string(),
                (None, Some(d)) => keep(Value::Bool(d)),
                (None, None) => String::new(),
            };
            let q = BoolQ {
                message,
                help: format!("{help} ? if not sure."),
                default,
                enter_label,
                open: true,
            };
            match p.ask_bool(&q)? {
                Reply::Typed(Some(b)) => Ok(Given::Value {
                    value: Value::Bool(b),
                    stated: true,
                }),
                Reply::Typed(None) => Ok(Given::Open(Open::Unknown)),
                Reply::Enter => match (prior, default) {
                    (Prior::Stated(g @ Given::Open(_)), _) => Ok(g),
                    (Prior::Default(v), _) => Ok(Given::Value {
                        value: v,
                        stated: false,
                    }),
                    (_, Some(b)) => Ok(Given::Value {
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
        let mut given: IdVec<FieldId, Option<Given>> = system
            .iter()
            .map(|&v| {
                Some(Given::Value {
                    value: v,
                    stated: true,
                })
            })
            .collect();
        let mut overrides = Vec::new();
        let mut uncertain = Vec::new();
        for i in chosen {
            let (field, rest) = (&catalog.fields[i], system[i]);
            let prior = before.and_then(|c| {
                let open = c.open(i).map(|o| Given::Open(o.clone()));
                let value = c
                    .overrides
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|&(_, v)| Given::Value {
                        value: v,
                        stated: true,
                    });
                open.or(value)
            });
            let prior = prior.map_or(Prior::Unknown, Prior::Stated);
            let b = bounds(pack, i, &given);
            let a = ask_field(p, field, prior, Some((&name, rest)), None, b)?;
            match &a {
                Given::Value { value, .. } => overrides.push((i, *value)),
                Given::Open(open) => {
                    overrides.push((i, open.placeholder(field)));
                    uncertain.push(Uncertain {
                        field: i,
                        open: open.clone(),
                        pos: Pos::default(),
                    });
                }
            }
            given[i] = Some(a);
        }
        out.push(Component {
            name,
            overrides,
            uncertain,
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
        open: false,
    })?;
    Ok(match reply {
        Reply::Typed(b) => b.unwrap_or(default),
        Reply::Enter => default,
    })
}

#[cfg(test)]
pub(crate) mod script;
#[cfg(test)]
mod tests;
