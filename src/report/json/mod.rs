//! `--format json`: one object per profile (CONTRACT §3), for CI scripts, in an array.
//!
//! Field names and shapes are a contract: `schema_version` changes when they change in a way
//! that could break a consumer. This module is the only definition of the object: it is
//! written member by member with [`write`], in contract order.
//!
//! An object holds what decides (the reasons for the recommendation, the one rule that decides
//! each alternative); `--explain` adds every rule that fired and every rule against each
//! alternative, which made a report three times as large. A run over many profiles writes the
//! same rule objects again and again, so the format keeps a cache of the pack's texts as JSON:
//! each rule object is rendered once per depth and every later use is a copy.

pub(crate) mod write;

use super::{Format, Framing, Item};
use crate::engine::{Cell, Fit, Outcome, Separation};
use crate::pack::{
    Effect, FieldId, IdVec, Kind, Pattern, PatternId, Rule, RuleId, RulePack, Value,
};
use crate::profile::Uncertain;
use std::sync::{Mutex, OnceLock};
use write::{boolean, integer, number, objects, quoted, string, Array, Object};

/// Version of the shape of this output (docs/ci.md lists what changed in each).
///
/// 2: `settled`, `possible`, `decisive`, `open` and `likely` for profiles with open answers
/// (`unknown`, lists, ranges); `fit` may be `partly`; `alternatives[].deciding` and `tie`.
/// 3: `alternatives[].reason`, the rule that decides each alternative; `fired`,
/// `alternatives[].against` and `alternatives[].deciding` only with `--explain`.
pub(crate) const SCHEMA_VERSION: u32 = 3;

/// Room for nearly every report at once, so a buffer rarely grows (and copies what it holds).
const REPORT_CAPACITY: usize = 32 * 1024;

/// `--format json`: the reports of a run as one array.
pub struct Json<'p> {
    cache: Cache<'p>,
    /// `--explain`: `fired` and every reason against each alternative too.
    explain: bool,
    /// Buffers of reports already written, to render the next ones into.
    spare: Mutex<Vec<Vec<u8>>>,
}

impl<'p> Json<'p> {
    pub fn new(pack: &'p RulePack, explain: bool) -> Self {
        Json {
            cache: Cache::new(pack),
            explain,
            spare: Mutex::new(Vec::new()),
        }
    }

    /// One profile's object with more members written by `extra` before it closes (`check`
    /// adds its verdict this way), indented to sit in the output array.
    pub(crate) fn render_with(
        &self,
        item: &Item<'_>,
        extra: impl FnOnce(&mut Object, &mut Vec<u8>),
    ) -> Vec<u8> {
        let reused = self.spare.lock().ok().and_then(|mut s| s.pop());
        let mut out = reused.unwrap_or_else(|| Vec::with_capacity(REPORT_CAPACITY));
        report(&self.cache, item, self.explain, &mut out, extra);
        out
    }
}

impl Format for Json<'_> {
    fn render(&self, item: &Item<'_>) -> Vec<u8> {
        self.render_with(item, |_, _| {})
    }

    /// An array, one object per line group: `[`, the objects separated by `,`, `]`.
    fn framing(&self) -> Framing {
        FRAMING
    }

    fn recycle(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut spare) = self.spare.lock() {
            spare.push(buffer);
        }
    }
}

/// The output array around the objects.
pub(crate) const FRAMING: Framing = Framing {
    open: "[",
    first: "\n",
    between: ",\n",
    close: "\n]\n",
    close_empty: "]\n",
};

/// A rule as JSON shows it, in reports and in `diff`'s `started` and `stopped`.
pub(crate) struct Reason<'a> {
    pub rule: &'a str,
    pub pattern: &'a str,
    /// Points added; `null` for a veto or for the components rule.
    pub effect: Option<f64>,
    pub veto: bool,
    pub because: &'a str,
    pub source: &'a str,
}

impl<'a> Reason<'a> {
    pub(crate) fn of(pack: &'a RulePack, rule: &'a Rule) -> Reason<'a> {
        Reason {
            rule: &rule.id,
            pattern: pack.pattern_id(rule.pattern),
            effect: match rule.effect {
                Effect::Score(s) => Some(s),
                Effect::Veto => None,
            },
            veto: rule.effect == Effect::Veto,
            because: &rule.because,
            source: &rule.source,
        }
    }

    /// The object at `level`; `extra` adds members at its end.
    pub(crate) fn write(
        &self,
        out: &mut Vec<u8>,
        level: usize,
        extra: impl FnOnce(&mut Object, &mut Vec<u8>),
    ) {
        let mut o = Object::open(out, level);
        o.string(out, "rule", self.rule);
        o.string(out, "pattern", self.pattern);
        o.key(out, "effect");
        match self.effect {
            Some(e) => number(out, e),
            None => write::null(out),
        }
        o.boolean(out, "veto", self.veto);
        o.string(out, "because", self.because);
        o.string(out, "source", self.source);
        extra(&mut o, out);
        o.close(out);
    }
}

/// `{"name", "version", "sha256"}` of a pack, as every machine-readable output names it.
pub(crate) fn pack_id(out: &mut Vec<u8>, level: usize, pack: &RulePack) {
    let mut id = Object::open(out, level);
    id.string(out, "name", &pack.meta.name);
    id.string(out, "version", &pack.meta.version);
    id.string(out, "sha256", pack.sha256());
    id.close(out);
}

/// How sure the recommendation is: `settled`, `possible`, `decisive`, and for a profile with
/// open answers what it left `open` and the `likely` completion the report's reasons are for.
fn certainty(o: &mut Object, out: &mut Vec<u8>, cache: &Cache<'_>, item: &Item<'_>) {
    let pack = cache.pack;
    let Item { profile, eval } = *item;
    let Some(c) = &eval.certainty else {
        o.boolean(out, "settled", true);
        let level = o.key(out, "possible");
        let mut a = Array::open(out, level);
        let at = a.item(out);
        let mut x = Object::open(out, at);
        x.key(out, "pattern");
        cache.pattern(out, eval.recommendation);
        x.number(out, "share", 1.0);
        x.close(out);
        a.close(out);
        for key in ["decisive", "open", "likely"] {
            let level = o.key(out, key);
            Array::open(out, level).close(out);
        }
        return;
    };
    let component = |k: Option<usize>| {
        k.and_then(|k| profile.components.get(k))
            .map(|c| c.name.as_str())
    };
    let cell = |out: &mut Vec<u8>, field: FieldId, c: Cell| match c {
        Cell::Value(v) => cache.value(out, field, v),
        Cell::Range(..) => string(out, &c.describe(&pack.catalog.fields[field])),
    };
    o.boolean(out, "settled", c.settled);
    objects(o, out, "possible", &c.possible, |x, out, &(p, share)| {
        x.key(out, "pattern");
        cache.pattern(out, p);
        x.number(out, "share", share);
    });
    objects(o, out, "decisive", &c.decisive, |x, out, d| {
        x.key(out, "field");
        out.extend_from_slice(cache.field(d.field));
        x.optional(out, "component", component(d.component));
        x.number(out, "settles", d.settles);
        objects(x, out, "outcomes", &d.branches, |y, out, b| {
            let level = y.key(out, "values");
            let mut values = Array::open(out, level);
            for &v in &b.values {
                values.item(out);
                cell(out, d.field, v);
            }
            values.close(out);
            y.key(out, "recommendation");
            cache.pattern(out, b.recommendation);
            y.number(out, "share", b.share);
        });
    });
    let opens: Vec<(Option<usize>, &Uncertain)> = profile
        .uncertain
        .iter()
        .map(|u| (None, u))
        .chain(
            profile
                .components
                .iter()
                .enumerate()
                .flat_map(|(k, comp)| comp.uncertain.iter().map(move |u| (Some(k), u))),
        )
        .collect();
    objects(o, out, "open", &opens, |x, out, &(k, u)| {
        x.key(out, "field");
        out.extend_from_slice(cache.field(u.field));
        x.optional(out, "component", component(k));
        x.string(
            out,
            "answer",
            &u.open.describe(&pack.catalog.fields[u.field]),
        );
    });
    objects(o, out, "likely", &c.likely, |x, out, l| {
        x.key(out, "field");
        out.extend_from_slice(cache.field(l.field));
        x.optional(out, "component", component(l.component));
        x.key(out, "value");
        cell(out, l.field, l.cell);
    });
}

/// `fit` and `fit_reason`.
pub(crate) fn fit_name(fit: Fit) -> (&'static str, &'static str) {
    let verdict = match fit {
        Fit::Partly(_) => "partly",
        _ if fit.is_match() => "match",
        _ => "mismatch",
    };
    let reason = match fit {
        Fit::Same => "same",
        Fit::WithinMargin(_) => "within-margin",
        Fit::Vetoed => "vetoed",
        Fit::Behind(_) => "behind",
        Fit::NeedsHybrid => "needs-hybrid",
        Fit::Partly(_) => "unsettled",
    };
    (verdict, reason)
}

/// A value of a catalog field: integers and booleans as such, enum values as strings.
pub(crate) fn field_value(out: &mut Vec<u8>, pack: &RulePack, field: FieldId, v: Value) {
    match v {
        Value::Int(n) => integer(out, n),
        Value::Bool(b) => boolean(out, b),
        Value::Enum(_) => string(out, &pack.catalog.fields[field].format(v)),
    }
}

/// Where a rule object sits in the report, which decides its indentation.
#[derive(Clone, Copy)]
enum Depth {
    /// An element of `reasons` or `fired`.
    Top,
    /// `alternatives[].reason`.
    Reason,
    /// An element of `alternatives[].against` or `alternatives[].deciding`.
    Against,
}

impl Depth {
    const COUNT: usize = 3;

    /// Nesting level of the object (the report object itself is at level 1).
    fn level(self) -> usize {
        match self {
            Depth::Top => 3,
            Depth::Reason => 4,
            Depth::Against => 5,
        }
    }
}

/// Rendered JSON text.
type Rendered = Box<[u8]>;

/// Rendered JSON text, made on first use.
type Slot = OnceLock<Rendered>;

/// The pack's texts as JSON, shared by the threads that render a run's profiles. Rules are
/// rendered lazily, at most once per depth, so a run over one profile renders only the rules
/// that profile shows; names are a few dozen short strings, made at once.
struct Cache<'p> {
    pack: &'p RulePack,
    /// Per depth, per rule: the rule's object.
    rules: [IdVec<RuleId, Slot>; Depth::COUNT],
    /// Per rule: its `because` as a JSON string (for `components[].reasons`).
    because: IdVec<RuleId, Slot>,
    /// Per pattern: its id as a JSON string.
    patterns: IdVec<PatternId, Rendered>,
    /// Per catalog field: its name, and its enum values, as JSON strings.
    fields: IdVec<FieldId, (Rendered, Box<[Rendered]>)>,
}

impl<'p> Cache<'p> {
    fn new(pack: &'p RulePack) -> Cache<'p> {
        let slots = || pack.rules.iter().map(|_| Slot::new()).collect();
        Cache {
            pack,
            rules: [slots(), slots(), slots()],
            because: slots(),
            patterns: pack
                .patterns
                .iter()
                .map(|p: &Pattern| quoted(&p.id))
                .collect(),
            fields: pack
                .catalog
                .fields
                .iter()
                .map(|f| {
                    let values = match &f.kind {
                        Kind::Enum { values } => values.iter().map(|v| quoted(&v.value)).collect(),
                        _ => Box::default(),
                    };
                    (quoted(&f.name), values)
                })
                .collect(),
        }
    }

    /// Rule `i`'s object at `depth`.
    fn rule(&self, i: RuleId, depth: Depth) -> &[u8] {
        self.rules[depth as usize][i].get_or_init(|| {
            let mut out = Vec::new();
            Reason::of(self.pack, &self.pack.rules[i]).write(&mut out, depth.level(), |_, _| {});
            out.into_boxed_slice()
        })
    }

    /// Rule `i`'s `because` as a JSON string.
    fn because(&self, i: RuleId) -> &[u8] {
        self.because[i].get_or_init(|| quoted(&self.pack.rules[i].because))
    }

    /// Appends pattern `p`'s id as a JSON string.
    fn pattern(&self, out: &mut Vec<u8>, p: PatternId) {
        out.extend_from_slice(&self.patterns[p]);
    }

    /// Appends pattern `p`'s id as a JSON string, or `null`.
    fn optional_pattern(&self, out: &mut Vec<u8>, p: Option<PatternId>) {
        match p {
            Some(p) => self.pattern(out, p),
            None => write::null(out),
        }
    }

    /// Field `i`'s name as a JSON string.
    fn field(&self, i: FieldId) -> &[u8] {
        &self.fields[i].0
    }

    /// Appends value `v` of field `i` as [`field_value`] writes it.
    fn value(&self, out: &mut Vec<u8>, i: FieldId, v: Value) {
        match (v, self.fields[i].1.get(enum_index(v))) {
            (Value::Enum(_), Some(text)) => out.extend_from_slice(text),
            _ => field_value(out, self.pack, i, v),
        }
    }
}

fn enum_index(v: Value) -> usize {
    match v {
        Value::Enum(k) => usize::from(k),
        _ => usize::MAX,
    }
}

/// One profile's object, indented to sit inside the output array, appended to `out`.
fn report(
    cache: &Cache<'_>,
    item: &Item<'_>,
    explain: bool,
    out: &mut Vec<u8>,
    extra: impl FnOnce(&mut Object, &mut Vec<u8>),
) {
    let pack = cache.pack;
    let Item { profile, eval } = *item;
    let rec = eval.recommendation;

    // Members in contract order. Levels count from the output array: the object is at 1, its
    // members' containers at 2, and so on.
    out.extend_from_slice(b"  ");
    let mut o = Object::open(out, 1);
    o.string(out, "profile", &profile.name);
    o.string(out, "source", &profile.source);
    o.key(out, "recommendation");
    cache.pattern(out, rec);
    o.key(out, "ranking");
    ranking(out, 2, cache, &eval.ranking, &eval.system);

    o.key(out, "reasons");
    let mut a = Array::open(out, 2);
    if eval.by_components {
        if let Some(c) = &pack.meta.components_rule {
            a.item(out);
            let r = Reason {
                rule: &c.id,
                pattern: pack.pattern_id(rec),
                effect: None,
                veto: false,
                because: &c.because,
                source: &c.source,
            };
            r.write(out, Depth::Top.level(), |_, _| {});
        }
    }
    // With components deciding, the rest of the reasons are the core's: hybrid's own rules
    // judge a profile without components (they stay in `fired`).
    rules(
        out,
        &mut a,
        cache,
        eval.reasons_for(pack, eval.leader()),
        Depth::Top,
    );
    a.close(out);

    let alternatives = eval.ranking.iter().copied().filter(|&p| p != rec);
    objects(&mut o, out, "alternatives", alternatives, |alt, out, p| {
        alt.key(out, "pattern");
        cache.pattern(out, p);
        alt.number(out, "score", eval.system.score(p));
        alt.boolean(out, "vetoed", eval.system.is_vetoed(p));
        alt.number(out, "behind", eval.gap(p));
        let separation = eval.separation(pack, p);
        let level = alt.key(out, "reason");
        debug_assert_eq!(level, Depth::Reason.level());
        match separation.decisive(pack, p) {
            Some(r) => out.extend_from_slice(cache.rule(r, Depth::Reason)),
            None => write::null(out),
        }
        if explain {
            let level = alt.key(out, "against");
            let mut against = Array::open(out, level);
            rules(
                out,
                &mut against,
                cache,
                eval.system.against(pack, p),
                Depth::Against,
            );
            against.close(out);
            let deciding: &[RuleId] = match &separation {
                Separation::Vetoed(r) | Separation::Behind { rules: r, .. } => r,
                Separation::Tie | Separation::Core => &[],
            };
            let level = alt.key(out, "deciding");
            let mut list = Array::open(out, level);
            rules(
                out,
                &mut list,
                cache,
                deciding.iter().copied(),
                Depth::Against,
            );
            list.close(out);
        }
        alt.boolean(out, "tie", separation == Separation::Tie);
    });

    o.key(out, "assumed");
    let mut a = Array::open(out, 2);
    for &i in &profile.assumed {
        a.item(out);
        out.extend_from_slice(cache.field(i));
    }
    a.close(out);

    if !profile.components.is_empty() {
        o.key(out, "core");
        cache.pattern(out, eval.core);
    }

    let components = eval.components.iter().zip(&profile.components);
    objects(
        &mut o,
        out,
        "components",
        components,
        |obj, out, (c, def)| {
            obj.string(out, "name", &c.name);
            obj.key(out, "recommendation");
            cache.pattern(out, c.recommendation);
            let level = obj.key(out, "reasons");
            let mut reasons = Array::open(out, level);
            for i in c.outcome.gains_for(pack, c.recommendation) {
                reasons.item(out);
                out.extend_from_slice(cache.because(i));
            }
            reasons.close(out);
            // In name order (`differences` names each field once): the contract's map of fields.
            let mut overrides: Vec<(&[u8], FieldId, Value)> = def
                .differences(&profile.values)
                .iter()
                .map(|&(i, v)| (cache.field(i), i, v))
                .collect();
            overrides.sort_by_key(|o| o.0);
            let level = obj.key(out, "overrides");
            let mut map = Object::open(out, level);
            for &(name, i, v) in &overrides {
                map.key_quoted(out, name);
                cache.value(out, i, v);
            }
            map.close(out);
            let level = obj.key(out, "ranking");
            ranking(out, level, cache, &c.outcome.ranking, &c.outcome);
        },
    );

    objects(&mut o, out, "what_if", &eval.what_if, |obj, out, w| {
        obj.key(out, "field");
        out.extend_from_slice(cache.field(w.field));
        obj.key(out, "from");
        cache.value(out, w.field, w.from);
        obj.key(out, "to");
        cache.value(out, w.field, w.to);
        obj.key(out, "recommendation");
        cache.pattern(out, w.recommendation);
    });

    certainty(&mut o, out, cache, item);

    o.key(out, "runner_up");
    cache.optional_pattern(out, eval.runner_up);
    o.boolean(out, "close_call", eval.close_call);
    o.boolean(out, "all_vetoed", eval.all_vetoed);
    o.key(out, "current");
    cache.optional_pattern(out, profile.current);
    let fit = eval.fit.map(fit_name);
    o.optional(out, "fit", fit.map(|f| f.0));
    o.optional(out, "fit_reason", fit.map(|f| f.1));

    if explain {
        o.key(out, "fired");
        let mut a = Array::open(out, 2);
        rules(
            out,
            &mut a,
            cache,
            eval.system.fired.iter().copied(),
            Depth::Top,
        );
        a.close(out);
    }

    o.integer(out, "schema_version", SCHEMA_VERSION.into());
    let level = o.key(out, "pack");
    pack_id(out, level, pack);

    extra(&mut o, out);
    o.close(out);
}

/// Appends the cached objects of `ids` to array `a`.
fn rules(
    out: &mut Vec<u8>,
    a: &mut Array,
    cache: &Cache<'_>,
    ids: impl IntoIterator<Item = RuleId>,
    depth: Depth,
) {
    for i in ids {
        a.item(out);
        out.extend_from_slice(cache.rule(i, depth));
    }
}

/// Patterns in `order` with their scores, as an array at `level`.
fn ranking(out: &mut Vec<u8>, level: usize, cache: &Cache<'_>, order: &[PatternId], o: &Outcome) {
    let mut a = Array::open(out, level);
    for &p in order {
        let level = a.item(out);
        let mut r = Object::open(out, level);
        r.key(out, "pattern");
        cache.pattern(out, p);
        r.number(out, "score", o.score(p));
        r.boolean(out, "vetoed", o.is_vetoed(p));
        r.close(out);
    }
    a.close(out);
}

#[cfg(test)]
pub(crate) mod tests;
