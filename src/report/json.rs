//! `--format json`: one object per profile (CONTRACT §3), for CI scripts.
//!
//! Field names and shapes are a contract: `schema_version` changes when they change in a way
//! that could break a consumer.
//!
//! The object is written by hand, in exactly serde_json's pretty format (the serde description
//! of the same object, kept in the tests, checks that byte for byte). A run over many profiles
//! writes mostly the same rule objects again and again (`reasons`, `alternatives[].against`,
//! `fired`), so a [`Cache`] renders each rule once per depth and every later use is a copy:
//! escaping those long texts through serde was a quarter of `recommend --format json`'s time.

use super::Item;
use crate::engine::Fit;
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

#[cfg(test)]
pub(crate) mod tests;

/// Version of the shape of this output.
pub const SCHEMA_VERSION: u32 = 1;

/// A rule as JSON output shows it (here, and in `diff`'s `started` and `stopped`).
#[derive(Serialize)]
pub struct Reason<'a> {
    pub rule: &'a str,
    pub pattern: &'a str,
    /// Points added; `null` for a veto or for the components rule.
    pub effect: Option<f64>,
    pub veto: bool,
    pub because: &'a str,
    pub source: &'a str,
}

#[derive(Serialize)]
pub struct PackId<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub sha256: &'a str,
}

pub fn reason<'a>(pack: &'a RulePack, rule: usize) -> Option<Reason<'a>> {
    let r = pack.rule(rule)?;
    Some(Reason {
        rule: &r.id,
        pattern: pack.pattern_id(r.pattern),
        effect: match r.effect {
            Effect::Score(s) => Some(s),
            Effect::Veto => None,
        },
        veto: r.effect == Effect::Veto,
        because: &r.because,
        source: &r.source,
    })
}

pub fn fit_name(fit: Fit) -> (&'static str, &'static str) {
    let verdict = if fit.is_match() { "match" } else { "mismatch" };
    let reason = match fit {
        Fit::Same => "same",
        Fit::WithinMargin(_) => "within-margin",
        Fit::Vetoed => "vetoed",
        Fit::Behind(_) => "behind",
        Fit::NeedsHybrid => "needs-hybrid",
    };
    (verdict, reason)
}

/// Where a rule object sits in the report, which decides its indentation.
#[derive(Clone, Copy)]
enum Depth {
    /// An element of `reasons` or `fired`.
    Top,
    /// An element of `alternatives[].against`.
    Against,
}

impl Depth {
    const COUNT: usize = 2;

    /// Nesting level of the object (the report object itself is at level 1).
    fn level(self) -> usize {
        match self {
            Depth::Top => 3,
            Depth::Against => 5,
        }
    }
}

/// Rendered bytes, made on first use.
type Slot = OnceLock<Box<[u8]>>;

/// The pack's rules as JSON, rendered lazily and at most once per depth, shared by the threads
/// that render a run's profiles. Made by the command for its one pack; lazy, so that a run over
/// one profile renders only the rules that profile shows.
pub struct Cache<'p> {
    pack: &'p RulePack,
    /// Per depth, per rule: the rule's object.
    rules: [Box<[Slot]>; Depth::COUNT],
    /// Per rule: its `because` as a JSON string (for `components[].reasons`).
    because: Box<[Slot]>,
}

impl<'p> Cache<'p> {
    pub fn new(pack: &'p RulePack) -> Cache<'p> {
        let slots = || (0..pack.rules.len()).map(|_| Slot::new()).collect();
        Cache {
            pack,
            rules: [slots(), slots()],
            because: slots(),
        }
    }

    /// Rule `i`'s object at `depth`; `None` if the pack has no such rule.
    fn rule(&self, i: usize, depth: Depth) -> Option<&[u8]> {
        let slot = self.rules[depth as usize].get(i)?;
        Some(slot.get_or_init(|| {
            let mut out = Vec::new();
            if let Some(r) = reason(self.pack, i) {
                write_reason(&mut out, depth.level(), &r);
            }
            out.into_boxed_slice()
        }))
    }

    /// Rule `i`'s `because` as a JSON string; `None` if the pack has no such rule.
    fn because(&self, i: usize) -> Option<&[u8]> {
        let slot = self.because.get(i)?;
        Some(slot.get_or_init(|| {
            let mut out = Vec::new();
            if let Some(r) = self.pack.rule(i) {
                string(&mut out, &r.because);
            }
            out.into_boxed_slice()
        }))
    }
}

/// One profile's object, pretty-printed and indented to sit inside the output array.
pub fn render(item: &Item<'_>) -> String {
    let mut out = Vec::new();
    render_into(item, &Cache::new(item.pack), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], appended to `out`, with the rules taken from `cache`: lets a caller reuse one
/// cache (and buffer) for every profile.
pub fn render_into(item: &Item<'_>, cache: &Cache<'_>, out: &mut Vec<u8>) {
    render_with(item, cache, out, |_, _| {});
}

/// [`render_into`], with more members written by `extra` before the object closes (`check`
/// adds its verdict this way).
pub fn render_with(
    item: &Item<'_>,
    cache: &Cache<'_>,
    out: &mut Vec<u8>,
    extra: impl FnOnce(&mut Object, &mut Vec<u8>),
) {
    // A cache made for another pack would show that pack's rules: use a fresh one instead.
    let fresh;
    let cache = if std::ptr::eq(cache.pack, item.pack) {
        cache
    } else {
        fresh = Cache::new(item.pack);
        &fresh
    };
    let Item {
        pack,
        profile,
        eval,
    } = *item;
    let fields = &pack.catalog.fields;
    let rec = eval.recommendation;

    out.extend_from_slice(b"  ");
    let mut o = Object::open(out, 1);
    o.key(out, "profile");
    string(out, &profile.name);
    o.key(out, "source");
    string(out, &profile.source);
    o.key(out, "recommendation");
    string(out, pack.pattern_id(rec));
    o.key(out, "ranking");
    ranking(out, 2, pack, &eval.ranking, &eval.system);

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
            write_reason(out, Depth::Top.level(), &r);
        }
    }
    rules(out, &mut a, cache, eval.reasons_for(pack, rec), Depth::Top);
    a.close(out);

    o.key(out, "alternatives");
    let mut a = Array::open(out, 2);
    for &p in eval.ranking.iter().filter(|&&p| p != rec) {
        a.item(out);
        let mut alt = Object::open(out, 3);
        alt.key(out, "pattern");
        string(out, pack.pattern_id(p));
        alt.key(out, "score");
        number(out, eval.system.score(p));
        alt.key(out, "vetoed");
        boolean(out, eval.system.is_vetoed(p));
        alt.key(out, "behind");
        number(out, eval.gap(p));
        alt.key(out, "against");
        let mut against = Array::open(out, 4);
        let ids = eval.system.against(pack, p);
        rules(out, &mut against, cache, ids, Depth::Against);
        against.close(out);
        alt.close(out);
    }
    a.close(out);

    o.key(out, "assumed");
    let mut a = Array::open(out, 2);
    for f in profile.assumed.iter().filter_map(|&i| fields.get(i)) {
        a.item(out);
        string(out, &f.name);
    }
    a.close(out);

    if !profile.components.is_empty() {
        o.key(out, "core");
        string(out, pack.pattern_id(eval.core));
    }

    o.key(out, "components");
    let mut a = Array::open(out, 2);
    for (c, def) in eval.components.iter().zip(&profile.components) {
        a.item(out);
        let mut obj = Object::open(out, 3);
        obj.key(out, "name");
        string(out, &c.name);
        obj.key(out, "recommendation");
        string(out, pack.pattern_id(c.recommendation));
        obj.key(out, "reasons");
        let mut reasons = Array::open(out, 4);
        for i in c.outcome.reasons_for(pack, c.recommendation) {
            let positive = pack
                .rule(i)
                .is_some_and(|r| matches!(r.effect, Effect::Score(s) if s > 0.0));
            if let (true, Some(because)) = (positive, cache.because(i)) {
                reasons.item(out);
                out.extend_from_slice(because);
            }
        }
        reasons.close(out);
        obj.key(out, "overrides");
        // Sorted by name, the last of a repeated field winning: as serde_json's `Map` was.
        let overrides: BTreeMap<&str, Json> = def
            .overrides
            .iter()
            .filter_map(|&(i, v)| fields.get(i).map(|f| (f.name.as_str(), f.to_json(v))))
            .collect();
        let mut map = Object::open(out, 4);
        for (name, v) in &overrides {
            map.key_escaped(out, name);
            value(out, 5, v);
        }
        map.close(out);
        obj.key(out, "ranking");
        ranking(out, 4, pack, &c.outcome.ranking, &c.outcome);
        obj.close(out);
    }
    a.close(out);

    o.key(out, "what_if");
    let mut a = Array::open(out, 2);
    for w in &eval.what_if {
        let Some(f) = fields.get(w.field) else {
            continue;
        };
        a.item(out);
        let mut obj = Object::open(out, 3);
        obj.key(out, "field");
        string(out, &f.name);
        obj.key(out, "from");
        value(out, 4, &f.to_json(w.from));
        obj.key(out, "to");
        value(out, 4, &f.to_json(w.to));
        obj.key(out, "recommendation");
        string(out, pack.pattern_id(w.recommendation));
        obj.close(out);
    }
    a.close(out);

    o.key(out, "runner_up");
    optional(out, eval.runner_up.map(|p| pack.pattern_id(p)));
    o.key(out, "close_call");
    boolean(out, eval.close_call);
    o.key(out, "all_vetoed");
    boolean(out, eval.all_vetoed);
    o.key(out, "current");
    optional(out, profile.current.map(|p| pack.pattern_id(p)));
    let fit = eval.fit.map(fit_name);
    o.key(out, "fit");
    optional(out, fit.map(|f| f.0));
    o.key(out, "fit_reason");
    optional(out, fit.map(|f| f.1));

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

    o.key(out, "schema_version");
    unsigned(out, SCHEMA_VERSION.into());
    o.key(out, "pack");
    let mut id = Object::open(out, 2);
    id.key(out, "name");
    string(out, &pack.meta.name);
    id.key(out, "version");
    string(out, &pack.meta.version);
    id.key(out, "sha256");
    string(out, pack.sha256());
    id.close(out);

    extra(&mut o, out);
    o.close(out);
}

/// Appends the cached objects of `ids` (skipping any the pack lacks) to array `a`.
fn rules(
    out: &mut Vec<u8>,
    a: &mut Array,
    cache: &Cache<'_>,
    ids: impl IntoIterator<Item = usize>,
    depth: Depth,
) {
    for i in ids {
        if let Some(bytes) = cache.rule(i, depth) {
            a.item(out);
            out.extend_from_slice(bytes);
        }
    }
}

/// Patterns in `order` with their scores, as an array at `level`.
fn ranking(
    out: &mut Vec<u8>,
    level: usize,
    pack: &RulePack,
    order: &[usize],
    o: &crate::engine::Outcome,
) {
    let mut a = Array::open(out, level);
    for &p in order {
        a.item(out);
        let mut r = Object::open(out, level + 1);
        r.key(out, "pattern");
        string(out, pack.pattern_id(p));
        r.key(out, "score");
        number(out, o.score(p));
        r.key(out, "vetoed");
        boolean(out, o.is_vetoed(p));
        r.close(out);
    }
    a.close(out);
}

/// One rule object, as an object at `level`.
fn write_reason(out: &mut Vec<u8>, level: usize, r: &Reason<'_>) {
    let mut o = Object::open(out, level);
    o.key(out, "rule");
    string(out, r.rule);
    o.key(out, "pattern");
    string(out, r.pattern);
    o.key(out, "effect");
    match r.effect {
        Some(e) => number(out, e),
        None => out.extend_from_slice(b"null"),
    }
    o.key(out, "veto");
    boolean(out, r.veto);
    o.key(out, "because");
    string(out, r.because);
    o.key(out, "source");
    string(out, r.source);
    o.close(out);
}

// The pretty writer. serde_json's pretty format: two spaces per level, `"key": value`, a
// member or element per line, and `[]` / `{}` for empty containers. Levels count from the
// output array, so the report object is at level 1.

/// A new line indented to `level`.
fn newline(out: &mut Vec<u8>, level: usize) {
    out.push(b'\n');
    out.resize(out.len() + 2 * level, b' ');
}

/// An open JSON object whose closing brace goes at `level`.
pub struct Object {
    level: usize,
    empty: bool,
}

impl Object {
    pub fn open(out: &mut Vec<u8>, level: usize) -> Object {
        out.push(b'{');
        Object { level, empty: true }
    }

    /// Starts a member named `key`, which must need no escaping (our own field names). Its
    /// value, if a container, is at the returned level.
    pub fn key(&mut self, out: &mut Vec<u8>, key: &str) -> usize {
        debug_assert!(key
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'));
        self.next(out);
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        self.level + 1
    }

    /// Starts a member named by arbitrary text.
    pub fn key_escaped(&mut self, out: &mut Vec<u8>, key: &str) -> usize {
        self.next(out);
        string(out, key);
        out.extend_from_slice(b": ");
        self.level + 1
    }

    fn next(&mut self, out: &mut Vec<u8>) {
        if !self.empty {
            out.push(b',');
        }
        self.empty = false;
        newline(out, self.level + 1);
    }

    pub fn close(self, out: &mut Vec<u8>) {
        if !self.empty {
            newline(out, self.level);
        }
        out.push(b'}');
    }
}

/// An open JSON array whose closing bracket goes at `level`.
pub struct Array {
    level: usize,
    empty: bool,
}

impl Array {
    pub fn open(out: &mut Vec<u8>, level: usize) -> Array {
        out.push(b'[');
        Array { level, empty: true }
    }

    /// Starts an element. Its value, if a container, is at the returned level.
    pub fn item(&mut self, out: &mut Vec<u8>) -> usize {
        if !self.empty {
            out.push(b',');
        }
        self.empty = false;
        newline(out, self.level + 1);
        self.level + 1
    }

    pub fn close(self, out: &mut Vec<u8>) {
        if !self.empty {
            newline(out, self.level);
        }
        out.push(b']');
    }
}

/// A JSON string, escaped as serde_json escapes it.
pub fn string(out: &mut Vec<u8>, s: &str) {
    // serde_json's own escaping (its `format_escaped_str` is private). Writing to a Vec cannot
    // fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// A number as serde_json writes an `f64`: `9.0`, `-2.5`; `null` if not finite.
pub fn number(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        let _ = CompactFormatter.write_f64(out, v);
    } else {
        out.extend_from_slice(b"null");
    }
}

pub fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// A string, or `null`.
pub fn optional(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// An unsigned integer, as serde_json writes it.
pub fn unsigned(out: &mut Vec<u8>, n: u64) {
    let _ = write!(out, "{n}");
}

/// Any JSON value, containers at `level`.
pub fn value(out: &mut Vec<u8>, level: usize, v: &Json) {
    match v {
        Json::Array(items) => {
            let mut a = Array::open(out, level);
            for item in items {
                let l = a.item(out);
                value(out, l, item);
            }
            a.close(out);
        }
        Json::Object(map) => {
            let mut o = Object::open(out, level);
            for (k, item) in map {
                let l = o.key_escaped(out, k);
                value(out, l, item);
            }
            o.close(out);
        }
        // A scalar is the same compact or pretty.
        scalar => {
            let _ = serde_json::to_writer(&mut *out, scalar);
        }
    }
}
