//! The compiled pack in a compact binary form.
//!
//! The build of the archfit binary compiles the default pack in `rules/` and embeds the result
//! in this form (see [`crate::embed`]), so starting archfit neither parses YAML nor validates
//! rules: it slices strings out of the binary. Loading the pack is most of what a run over one
//! profile would otherwise pay.
//!
//! Decoding is total: damaged or truncated bytes, or an id outside its table, give `None`,
//! never a panic.

use crate::catalog::{Catalog, EnumValue, Field, Kind, Value};
use crate::id::{FieldId, Id, IdVec, PatternId, RuleId};
use crate::model::{Compiled, ComponentsRule, Direction, Meta, Pattern};
use crate::rule::{Cond, Effect, Op, Rule, Scope};
use crate::yaml::Pos;
use crate::Text;
use std::collections::HashMap;

/// Starts every encoded pack; a blob without it (say, an empty one) is not a pack.
const MAGIC: &[u8] = b"archfit-pack-1\0";

/// How deeply conditions may nest in an encoded pack (the YAML reader allows far less).
const MAX_DEPTH: u32 = 256;

/// The encoded pack: its structure, and one text holding all its strings (each once), which
/// the binary embeds with `include_str!` so the compiler has checked it is UTF-8 and start-up
/// only slices it.
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub strings: String,
}

pub fn encode(pack: &Compiled) -> Encoded {
    let mut out = Encoder {
        bytes: MAGIC.to_vec(),
        strings: String::new(),
        seen: HashMap::new(),
    };
    pack.put(&mut out);
    Encoded {
        bytes: out.bytes,
        strings: out.strings,
    }
}

/// Decodes a pack whose texts borrow from `strings`: nothing is copied.
pub fn decode(bytes: &'static [u8], strings: &'static str) -> Option<Compiled> {
    let mut r = Cursor {
        bytes: bytes.strip_prefix(MAGIC)?,
        strings,
        depth: 0,
    };
    let pack = Compiled::get(&mut r)?;
    (r.bytes.is_empty() && ids_in_range(&pack)).then_some(pack)
}

/// Whether every id the pack holds names an entry of its table (the rest of archfit indexes
/// with them), and there is a pattern to recommend, as loading insists.
fn ids_in_range(pack: &Compiled) -> bool {
    let fields = &pack.catalog.fields;
    let field_ok = |f: FieldId| fields.contains(f);
    let pattern_ok = |p: &PatternId| pack.patterns.contains(*p);
    !pack.patterns.is_empty()
        && fields.iter().all(|f| f.at_most.is_none_or(field_ok))
        && pack.rules.iter().all(|r| {
            let mut ok = pack.patterns.contains(r.pattern);
            r.when.visit_fields(&mut |f| ok &= field_ok(f));
            ok
        })
        && pack
            .meta
            .directions
            .iter()
            .all(|d| field_ok(d.field) && d.never_down.iter().chain(&d.never_up).all(pattern_ok))
}

struct Encoder {
    bytes: Vec<u8>,
    strings: String,
    /// Where each string already written starts in `strings`.
    seen: HashMap<String, usize>,
}

/// The unread rest of the bytes.
struct Cursor {
    bytes: &'static [u8],
    strings: &'static str,
    /// Conditions entered and not yet left.
    depth: u32,
}

impl Cursor {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    /// A length, which can never exceed the bytes left: every item takes at least one.
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(u32::from_le_bytes(self.array()?)).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }
}

trait Codec: Sized {
    fn put(&self, out: &mut Encoder);
    fn get(r: &mut Cursor) -> Option<Self>;
}

fn put_len(out: &mut Encoder, n: usize) {
    out.bytes
        .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

impl Codec for u8 {
    fn put(&self, out: &mut Encoder) {
        out.bytes.push(*self);
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        r.array::<1>().map(|[b]| b)
    }
}

impl Codec for bool {
    fn put(&self, out: &mut Encoder) {
        out.bytes.push(u8::from(*self));
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        match u8::get(r)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

/// Integers travel as little-endian bytes of their own width.
macro_rules! integer {
    ($($ty:ty),*) => {$(
        impl Codec for $ty {
            fn put(&self, out: &mut Encoder) {
                out.bytes.extend_from_slice(&self.to_le_bytes());
            }
            fn get(r: &mut Cursor) -> Option<Self> {
                r.array().map(<$ty>::from_le_bytes)
            }
        }
    )*};
}
integer!(i64, u64, u32, u16);

impl Codec for usize {
    fn put(&self, out: &mut Encoder) {
        u64::try_from(*self).unwrap_or(u64::MAX).put(out);
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        usize::try_from(u64::get(r)?).ok()
    }
}

/// Ids travel as their index; [`decode`] checks them against their tables.
macro_rules! ids {
    ($($ty:ty),*) => {$(
        impl Codec for $ty {
            fn put(&self, out: &mut Encoder) {
                self.index().put(out);
            }
            fn get(r: &mut Cursor) -> Option<Self> {
                usize::get(r).map(<$ty>::from_index)
            }
        }
    )*};
}
ids!(PatternId, RuleId, FieldId);

impl Codec for f64 {
    fn put(&self, out: &mut Encoder) {
        out.bytes.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        Some(f64::from_bits(u64::from_le_bytes(r.array()?)))
    }
}

/// A text is where it starts in the string table and its length.
impl Codec for Text {
    fn put(&self, out: &mut Encoder) {
        let start = match out.seen.get(&**self) {
            Some(&start) => start,
            None => {
                let start = out.strings.len();
                out.strings.push_str(self);
                out.seen.insert(self.to_string(), start);
                start
            }
        };
        start.put(out);
        self.len().put(out);
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        let start = usize::get(r)?;
        let end = start.checked_add(usize::get(r)?)?;
        r.strings.get(start..end).map(Text::Borrowed)
    }
}

impl<I: Id, T: Codec> Codec for IdVec<I, T> {
    fn put(&self, out: &mut Encoder) {
        put_len(out, self.len());
        self.iter().for_each(|item| item.put(out));
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        Vec::get(r).map(IdVec::from)
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, out: &mut Encoder) {
        put_len(out, self.len());
        self.iter().for_each(|item| item.put(out));
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        let n = r.len()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(T::get(r)?);
        }
        Some(items)
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, out: &mut Encoder) {
        match self {
            None => out.bytes.push(0),
            Some(v) => {
                out.bytes.push(1);
                v.put(out);
            }
        }
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        match u8::get(r)? {
            0 => Some(None),
            1 => T::get(r).map(Some),
            _ => None,
        }
    }
}

/// A struct is its fields in order (struct expressions evaluate their fields in the order
/// written, so `get` reads them in the order `put` wrote them).
macro_rules! record {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Codec for $ty {
            fn put(&self, out: &mut Encoder) {
                $(self.$field.put(out);)*
            }
            fn get(r: &mut Cursor) -> Option<Self> {
                Some($ty { $($field: Codec::get(r)?,)* })
            }
        }
    };
}

record!(Compiled {
    meta,
    catalog,
    patterns,
    rules
});
record!(Meta {
    name,
    version,
    description,
    source,
    close_call_margin,
    components_rule,
    sections,
    directions,
});
record!(Direction {
    field,
    order,
    never_down,
    never_up,
    pos,
});
record!(ComponentsRule {
    id,
    because,
    source
});
record!(Pattern {
    id,
    title,
    summary,
    tradeoffs,
    practices,
    revisit,
    source,
    pos,
});
record!(Field {
    name,
    kind,
    required,
    default,
    per_component,
    at_most,
    question,
    help,
    pos,
});
record!(EnumValue {
    value,
    help,
    synonyms
});
record!(Rule {
    id,
    pattern,
    scope,
    when,
    effect,
    because,
    source,
    file,
    pos,
});
record!(Pos { line, col });

impl Codec for Catalog {
    fn put(&self, out: &mut Encoder) {
        self.fields.put(out);
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        <IdVec<FieldId, Field> as Codec>::get(r).map(Catalog::from_fields)
    }
}

impl Codec for Value {
    fn put(&self, out: &mut Encoder) {
        match self {
            Value::Int(i) => {
                out.bytes.push(0);
                i.put(out);
            }
            Value::Bool(b) => {
                out.bytes.push(1);
                b.put(out);
            }
            Value::Enum(i) => {
                out.bytes.push(2);
                i.put(out);
            }
        }
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        match u8::get(r)? {
            0 => i64::get(r).map(Value::Int),
            1 => bool::get(r).map(Value::Bool),
            2 => u16::get(r).map(Value::Enum),
            _ => None,
        }
    }
}

impl Codec for Kind {
    fn put(&self, out: &mut Encoder) {
        match self {
            Kind::Integer { min, max } => {
                out.bytes.push(0);
                min.put(out);
                max.put(out);
            }
            Kind::Boolean => out.bytes.push(1),
            Kind::Enum { values } => {
                out.bytes.push(2);
                values.put(out);
            }
        }
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        match u8::get(r)? {
            0 => Some(Kind::Integer {
                min: i64::get(r)?,
                max: i64::get(r)?,
            }),
            1 => Some(Kind::Boolean),
            2 => Vec::get(r).map(|values| Kind::Enum { values }),
            _ => None,
        }
    }
}

impl Codec for Effect {
    fn put(&self, out: &mut Encoder) {
        match self {
            Effect::Score(s) => {
                out.bytes.push(0);
                s.put(out);
            }
            Effect::Veto => out.bytes.push(1),
        }
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        match u8::get(r)? {
            0 => f64::get(r).map(Effect::Score),
            1 => Some(Effect::Veto),
            _ => None,
        }
    }
}

impl Codec for Scope {
    fn put(&self, out: &mut Encoder) {
        let code = Scope::ALL
            .iter()
            .position(|s| s == self)
            .unwrap_or(usize::MAX);
        out.bytes.push(u8::try_from(code).unwrap_or(u8::MAX));
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        Scope::ALL.get(usize::from(u8::get(r)?)).copied()
    }
}

/// The comparison operators, in the order their codes are assigned.
const OPS: [Op; 6] = [Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq, Op::Ne];

impl Codec for Op {
    fn put(&self, out: &mut Encoder) {
        let code = OPS.iter().position(|op| op == self).unwrap_or(usize::MAX);
        out.bytes.push(u8::try_from(code).unwrap_or(u8::MAX));
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        OPS.get(usize::from(u8::get(r)?)).copied()
    }
}

impl Codec for Cond {
    fn put(&self, out: &mut Encoder) {
        match self {
            Cond::All(cs) => {
                out.bytes.push(0);
                cs.put(out);
            }
            Cond::Any(cs) => {
                out.bytes.push(1);
                cs.put(out);
            }
            Cond::Not(c) => {
                out.bytes.push(2);
                c.put(out);
            }
            Cond::Int { field, op, value } => {
                out.bytes.push(3);
                field.put(out);
                op.put(out);
                value.put(out);
            }
            Cond::Set { field, mask } => {
                out.bytes.push(4);
                field.put(out);
                mask.put(out);
            }
            Cond::In { field, values } => {
                out.bytes.push(5);
                field.put(out);
                put_len(out, values.len());
                values.iter().for_each(|v| v.put(out));
            }
        }
    }
    fn get(r: &mut Cursor) -> Option<Self> {
        if r.depth >= MAX_DEPTH {
            return None;
        }
        r.depth += 1;
        let cond = match u8::get(r)? {
            0 => Vec::get(r).map(Cond::All),
            1 => Vec::get(r).map(Cond::Any),
            2 => Cond::get(r).map(|c| Cond::Not(Box::new(c))),
            3 => Some(Cond::Int {
                field: FieldId::get(r)?,
                op: Op::get(r)?,
                value: i64::get(r)?,
            }),
            4 => Some(Cond::Set {
                field: FieldId::get(r)?,
                mask: u64::get(r)?,
            }),
            5 => Some(Cond::In {
                field: FieldId::get(r)?,
                values: Vec::<i64>::get(r)?.into_boxed_slice(),
            }),
            _ => None,
        };
        r.depth -= 1;
        cond
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled() -> Compiled {
        crate::load::compile(&crate::fixture::default_pack_files(), "test").unwrap()
    }

    /// The encoded pack, kept for the rest of the test run as the binary keeps its own.
    fn encoded() -> (&'static [u8], &'static str) {
        let Encoded { bytes, strings } = encode(&compiled());
        (bytes.leak(), strings.leak())
    }

    #[test]
    fn the_pack_round_trips() {
        let pack = compiled();
        let (bytes, strings) = encoded();
        let back = decode(bytes, strings).unwrap();
        assert_eq!(pack, back);
        // Every text is stored once: rules share their sources.
        let sources: usize = pack.rules.iter().map(|r| r.source.len()).sum();
        assert!(
            strings.len() < sources + pack.rules.iter().map(|r| r.because.len()).sum::<usize>() * 2
        );
        assert!(matches!(
            back.rules[RuleId::from_index(0)].because,
            Text::Borrowed(_)
        ));
    }

    #[test]
    fn damaged_bytes_decode_to_nothing() {
        let (bytes, strings) = encoded();
        assert!(decode(&[], strings).is_none());
        assert!(decode(&bytes[MAGIC.len()..], strings).is_none());
        assert!(decode(bytes, "").is_none(), "texts outside the table");
        // Every truncation fails, and so does trailing garbage.
        for cut in (0..bytes.len()).step_by(7) {
            assert!(decode(&bytes[..cut], strings).is_none(), "cut at {cut}");
        }
        let longer: &'static [u8] = [bytes, &[0]].concat().leak();
        assert!(decode(longer, strings).is_none());
        // Flipping bytes never panics (it may or may not still decode).
        for at in (MAGIC.len()..bytes.len()).step_by(13) {
            let mut bad = bytes.to_vec();
            bad[at] ^= 0xa5;
            let _ = decode(bad.leak(), strings);
        }
    }

    #[test]
    fn an_id_outside_its_table_decodes_to_nothing() {
        let mut pack = compiled();
        let last = pack.patterns.ids().last().unwrap();
        pack.rules[RuleId::from_index(0)].pattern = PatternId::from_index(last.index() + 1);
        let Encoded { bytes, strings } = encode(&pack);
        assert!(decode(bytes.leak(), strings.leak()).is_none());
    }

    #[test]
    fn deeply_nested_conditions_are_refused_not_overflowed() {
        let mut r = Cursor {
            bytes: vec![2u8; 100_000].leak(), // Cond::Not, Cond::Not, …
            strings: "",
            depth: 0,
        };
        assert!(Cond::get(&mut r).is_none());
    }
}
