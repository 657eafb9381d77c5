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
use crate::pack::catalog::{Field, Kind, Value};
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
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

/// Rendered JSON text.
type Rendered = Box<[u8]>;

/// Rendered JSON text, made on first use.
type Slot = OnceLock<Rendered>;

/// The pack's texts as JSON, shared by the threads that render a run's profiles. Made by the
/// command for its one pack. Rules are rendered lazily, at most once per depth, so that a run
/// over one profile renders only the rules that profile shows; names are a few dozen short
/// strings, made at once.
pub struct Cache<'p> {
    pack: &'p RulePack,
    /// Per depth, per rule: the rule's object.
    rules: [Box<[Slot]>; Depth::COUNT],
    /// Per rule: its `because` as a JSON string (for `components[].reasons`).
    because: Box<[Slot]>,
    /// Per pattern: its id as a JSON string.
    patterns: Box<[Rendered]>,
    /// Per catalog field: its name, and its enum values, as JSON strings.
    fields: Box<[(Rendered, Box<[Rendered]>)]>,
}

impl<'p> Cache<'p> {
    pub fn new(pack: &'p RulePack) -> Cache<'p> {
        let slots = || (0..pack.rules.len()).map(|_| Slot::new()).collect();
        let field = |f: &Field| {
            let values = match &f.kind {
                Kind::Enum { values } => values.iter().map(|v| quoted(&v.value)).collect(),
                _ => Box::default(),
            };
            (quoted(&f.name), values)
        };
        Cache {
            pack,
            rules: [slots(), slots()],
            because: slots(),
            patterns: pack.patterns.iter().map(|p| quoted(&p.id)).collect(),
            fields: pack.catalog.fields.iter().map(field).collect(),
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
            self.pack
                .rule(i)
                .map_or_else(Box::default, |r| quoted(&r.because))
        }))
    }

    /// Appends pattern `p`'s id as a JSON string.
    fn pattern(&self, out: &mut Vec<u8>, p: usize) {
        match self.patterns.get(p) {
            Some(id) => out.extend_from_slice(id),
            None => string(out, self.pack.pattern_id(p)),
        }
    }

    /// Appends pattern `p`'s id as a JSON string, or `null`.
    fn optional_pattern(&self, out: &mut Vec<u8>, p: Option<usize>) {
        match p {
            Some(p) => self.pattern(out, p),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// Catalog field `i`'s name as a JSON string; `None` if the catalog has no such field.
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.fields.get(i).map(|(name, _)| &name[..])
    }

    /// Appends value `v` of catalog field `i` as [`Field::to_json`] makes it: integers and
    /// booleans as such, enum values as strings.
    fn value(&self, out: &mut Vec<u8>, i: usize, v: Value) {
        match v {
            Value::Int(n) => integer(out, n),
            Value::Bool(b) => boolean(out, b),
            Value::Enum(k) => {
                let cached = self.fields.get(i).and_then(|f| f.1.get(usize::from(k)));
                match (cached, self.pack.catalog.fields.get(i)) {
                    (Some(text), _) => out.extend_from_slice(text),
                    (None, Some(f)) => string(out, &f.format(v)),
                    (None, None) => string(out, &format!("#{k}")),
                }
            }
        }
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
    let rec = eval.recommendation;

    // Members in contract order. Levels count from the output array: the object is at 1, its
    // members' containers at 2, and so on.
    out.extend_from_slice(b"  ");
    let mut o = Object::open(out, 1);
    o.key(out, "profile");
    string(out, &profile.name);
    o.key(out, "source");
    string(out, &profile.source);
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
        cache.pattern(out, p);
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
    for name in profile.assumed.iter().filter_map(|&i| cache.field(i)) {
        a.item(out);
        out.extend_from_slice(name);
    }
    a.close(out);

    if !profile.components.is_empty() {
        o.key(out, "core");
        cache.pattern(out, eval.core);
    }

    o.key(out, "components");
    let mut a = Array::open(out, 2);
    for (c, def) in eval.components.iter().zip(&profile.components) {
        a.item(out);
        let mut obj = Object::open(out, 3);
        obj.key(out, "name");
        string(out, &c.name);
        obj.key(out, "recommendation");
        cache.pattern(out, c.recommendation);
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
        // In name order, the last of a repeated field winning: as serde_json's `Map` had them.
        let mut overrides: Vec<(&[u8], usize, Value)> = def
            .overrides
            .iter()
            .filter_map(|&(i, v)| Some((cache.field(i)?, i, v)))
            .collect();
        overrides.sort_by_key(|o| o.0);
        let mut map = Object::open(out, 4);
        for (k, &(name, i, v)) in overrides.iter().enumerate() {
            if overrides.get(k + 1).is_some_and(|next| next.0 == name) {
                continue;
            }
            map.key_quoted(out, name);
            cache.value(out, i, v);
        }
        map.close(out);
        obj.key(out, "ranking");
        ranking(out, 4, cache, &c.outcome.ranking, &c.outcome);
        obj.close(out);
    }
    a.close(out);

    o.key(out, "what_if");
    let mut a = Array::open(out, 2);
    for w in &eval.what_if {
        let Some(name) = cache.field(w.field) else {
            continue;
        };
        a.item(out);
        let mut obj = Object::open(out, 3);
        obj.key(out, "field");
        out.extend_from_slice(name);
        obj.key(out, "from");
        cache.value(out, w.field, w.from);
        obj.key(out, "to");
        cache.value(out, w.field, w.to);
        obj.key(out, "recommendation");
        cache.pattern(out, w.recommendation);
        obj.close(out);
    }
    a.close(out);

    o.key(out, "runner_up");
    cache.optional_pattern(out, eval.runner_up);
    o.key(out, "close_call");
    boolean(out, eval.close_call);
    o.key(out, "all_vetoed");
    boolean(out, eval.all_vetoed);
    o.key(out, "current");
    cache.optional_pattern(out, profile.current);
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
    integer(out, SCHEMA_VERSION.into());
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
    cache: &Cache<'_>,
    order: &[usize],
    o: &crate::engine::Outcome,
) {
    let mut a = Array::open(out, level);
    for &p in order {
        a.item(out);
        let mut r = Object::open(out, level + 1);
        r.key(out, "pattern");
        cache.pattern(out, p);
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
    const LINE: &[u8] = b"\n                                ";
    match LINE.get(..1 + 2 * level) {
        Some(line) => out.extend_from_slice(line),
        None => {
            out.push(b'\n');
            out.resize(out.len() + 2 * level, b' ');
        }
    }
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

    /// Starts a member whose name is already a JSON string.
    fn key_quoted(&mut self, out: &mut Vec<u8>, key: &[u8]) -> usize {
        self.next(out);
        out.extend_from_slice(key);
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
    // serde_json escapes only control characters, `"` and `\`; most strings have none, and then
    // are simply quoted.
    // (No early exit: the whole scan vectorises, which is faster for texts this short.)
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // serde_json's own escaping (its `format_escaped_str` is private). Writing to a Vec
        // cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// `s` as a JSON string.
fn quoted(s: &str) -> Rendered {
    let mut out = Vec::with_capacity(s.len() + 2);
    string(&mut out, s);
    out.into_boxed_slice()
}

/// A number as serde_json writes an `f64`: `9.0`, `-2.5`; `null` if not finite.
pub fn number(out: &mut Vec<u8>, v: f64) {
    // Nearly every score is a small whole number: its digits and `.0`, as serde_json writes it,
    // cost a fraction of the general algorithm. (Below 1e9 the conversion is exact.)
    if v.abs() < 1e9 && v == (v as i64) as f64 && !(v == 0.0 && v.is_sign_negative()) {
        integer(out, v as i64);
        out.extend_from_slice(b".0");
    } else if v.is_finite() {
        let _ = CompactFormatter.write_f64(out, v);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// An integer, as serde_json writes it.
pub fn integer(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut u = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
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
