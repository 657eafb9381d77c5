//! The one JSON writer of archfit: every JSON output goes through it, in serde_json's pretty
//! layout (two spaces per level, `"key": value`, one member or element per line, `[]` and `{}`
//! for empty containers).
//!
//! Reports are written member by member ([`Object`], [`Array`] and the value functions), so
//! their members come in the order the contract gives and nothing is built in between.
//! Documents assembled as a [`serde_json::Value`] (the JSON Schema, SARIF) are written with
//! [`value`]; their members come in name order, as serde_json's map keeps them. Levels count
//! from the outermost container at 0.

use serde_json::ser::{CompactFormatter, Formatter};

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
pub(crate) struct Object {
    level: usize,
    empty: bool,
}

impl Object {
    pub(crate) fn open(out: &mut Vec<u8>, level: usize) -> Object {
        out.push(b'{');
        Object { level, empty: true }
    }

    /// Starts a member named `key`, which must need no escaping (our own field names). Its
    /// value, if a container, is at the returned level.
    pub(crate) fn key(&mut self, out: &mut Vec<u8>, key: &str) -> usize {
        debug_assert!(key
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'));
        self.next(out);
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        self.level + 1
    }

    /// A member whose value is a string.
    pub(crate) fn string(&mut self, out: &mut Vec<u8>, key: &str, value: &str) {
        self.key(out, key);
        string(out, value);
    }

    /// A member whose value is a string or `null`.
    pub(crate) fn optional(&mut self, out: &mut Vec<u8>, key: &str, value: Option<&str>) {
        self.key(out, key);
        optional(out, value);
    }

    /// A member whose value is a number (an `f64`).
    pub(crate) fn number(&mut self, out: &mut Vec<u8>, key: &str, value: f64) {
        self.key(out, key);
        number(out, value);
    }

    /// A member whose value is an integer.
    pub(crate) fn integer(&mut self, out: &mut Vec<u8>, key: &str, value: i64) {
        self.key(out, key);
        integer(out, value);
    }

    /// A member whose value is `true` or `false`.
    pub(crate) fn boolean(&mut self, out: &mut Vec<u8>, key: &str, value: bool) {
        self.key(out, key);
        boolean(out, value);
    }

    /// Starts a member whose name is already a JSON string.
    pub(crate) fn key_quoted(&mut self, out: &mut Vec<u8>, key: &[u8]) -> usize {
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

    pub(crate) fn close(self, out: &mut Vec<u8>) {
        if !self.empty {
            newline(out, self.level);
        }
        out.push(b'}');
    }
}

/// An open JSON array whose closing bracket goes at `level`.
pub(crate) struct Array {
    level: usize,
    empty: bool,
}

impl Array {
    pub(crate) fn open(out: &mut Vec<u8>, level: usize) -> Array {
        out.push(b'[');
        Array { level, empty: true }
    }

    /// Starts an element. Its value, if a container, is at the returned level.
    pub(crate) fn item(&mut self, out: &mut Vec<u8>) -> usize {
        if !self.empty {
            out.push(b',');
        }
        self.empty = false;
        newline(out, self.level + 1);
        self.level + 1
    }

    pub(crate) fn close(self, out: &mut Vec<u8>) {
        if !self.empty {
            newline(out, self.level);
        }
        out.push(b']');
    }
}

/// Member `key` of `o`: an array with an object for each item, its members written by `each`.
pub(crate) fn objects<T>(
    o: &mut Object,
    out: &mut Vec<u8>,
    key: &str,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut Object, &mut Vec<u8>, T),
) {
    let level = o.key(out, key);
    let mut a = Array::open(out, level);
    for item in items {
        let level = a.item(out);
        let mut obj = Object::open(out, level);
        each(&mut obj, out, item);
        obj.close(out);
    }
    a.close(out);
}

/// A JSON string, escaped as serde_json escapes it.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    // serde_json escapes only control characters, `"` and `\`; most strings have none, and then
    // are simply quoted. (No early exit: the whole scan vectorises, which is faster for texts
    // this short.)
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
pub(crate) fn quoted(s: &str) -> Box<[u8]> {
    let mut out = Vec::with_capacity(s.len() + 2);
    string(&mut out, s);
    out.into_boxed_slice()
}

/// A number as serde_json writes an `f64`: `9.0`, `-2.5`; `null` if not finite.
pub(crate) fn number(out: &mut Vec<u8>, v: f64) {
    // Nearly every score is a small whole number: its digits and `.0`, as serde_json writes it.
    // (Below 1e9 the conversion is exact.)
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
pub(crate) fn integer(out: &mut Vec<u8>, n: i64) {
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

pub(crate) fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// A string, or `null`.
pub(crate) fn optional(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `null`.
pub(crate) fn null(out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}

/// A whole document or part of one, at `level`.
pub(crate) fn value(out: &mut Vec<u8>, level: usize, v: &serde_json::Value) {
    use serde_json::Value as V;
    match v {
        V::Null => null(out),
        V::Bool(b) => boolean(out, *b),
        V::Number(n) => {
            // Written as serde_json writes it (integers stay integers).
            let _ = serde_json::to_writer(&mut *out, n);
        }
        V::String(s) => string(out, s),
        V::Array(items) => {
            let mut a = Array::open(out, level);
            for item in items {
                let level = a.item(out);
                value(out, level, item);
            }
            a.close(out);
        }
        V::Object(members) => {
            let mut o = Object::open(out, level);
            for (k, item) in members {
                let level = o.key_quoted(out, &quoted(k));
                value(out, level, item);
            }
            o.close(out);
        }
    }
}

/// A document as text, with the final newline every JSON output ends with.
pub(crate) fn document(v: &serde_json::Value) -> String {
    let mut out = Vec::new();
    value(&mut out, 0, v);
    out.push(b'\n');
    // Only whole UTF-8 strings are written.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_serde_writes_f64() {
        let halves = (-40_000..40_000).map(|n| f64::from(n) / 2.0);
        let large = (0..64).flat_map(|e| [2f64.powi(e), -(2f64.powi(e)) + 1.0, 10f64.powi(e / 4)]);
        let edges = [
            999_999_999.0,
            1e9,
            -1e9,
            1e9 - 0.5,
            -0.0,
            0.0,
            0.1,
            1e21,
            1e-7,
            123_456_789.125,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for v in halves.chain(large).chain(edges) {
            let mut got = Vec::new();
            number(&mut got, v);
            assert_eq!(got, serde_json::to_vec(&v).unwrap(), "{v}");
        }
    }

    #[test]
    fn integers_are_written_as_serde_writes_them() {
        for n in [0, 1, -1, 9, 10, -10, 1 << 40, i64::MAX, i64::MIN] {
            let mut got = Vec::new();
            integer(&mut got, n);
            assert_eq!(got, serde_json::to_vec(&n).unwrap(), "{n}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_escapes_them() {
        for c in (0..=0x7f)
            .filter_map(char::from_u32)
            .chain(['é', '\u{2028}', '😀', '\u{7f}'])
        {
            let s = format!("a{c}b");
            let mut got = Vec::new();
            string(&mut got, &s);
            assert_eq!(got, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn documents_are_laid_out_as_serde_json_pretty_prints_them() {
        let doc = serde_json::json!({
            "b": [1, 2.5, {"x": null, "y": []}],
            "a": {"nested": {"deep": [true, false, "s\"q"]}, "empty": {}},
            "n": -3,
        });
        let expected = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        assert_eq!(document(&doc), expected);
    }
}
