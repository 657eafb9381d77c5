//! Text from input files made safe to show to a person.
//!
//! archfit prints names, keys and paths taken from files that anyone who can open a pull
//! request controls, to terminals and to CI logs. A control character there can move the
//! cursor, clear the screen or write to the clipboard (ESC and OSC sequences); a line break can
//! forge a line of CI output (GitHub runs any line that starts with `::error` as a workflow
//! command); a bidirectional override (U+202E) can make text read backwards. [`printable`]
//! shows each such character as a visible escape instead, and [`unsafe_char`] finds the first
//! one, for the loaders that refuse them outright.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal or a log as it is: the C0 and C1 control characters
/// (line breaks, tab, ESC, DEL, NEL), the Unicode line and paragraph separators, and the
/// bidirectional embeddings, overrides and isolates (the characters `rustc` refuses in
/// literals for the same reason).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [`is_unsafe`] character shown as an escape: `\n`, `\r`, `\t`, or
/// `\u{1b}` for the others. Borrowed, without a copy, when there is nothing to escape (the
/// usual case).
pub fn printable(text: &str) -> Cow<'_, str> {
    // Every unsafe character is either an ASCII control byte or a non-ASCII character, so
    // printable ASCII (most paths and keys) is settled by a byte scan.
    // (A fold, not `all`, so the scan has no early exit and runs many bytes at a time.)
    let printable_ascii = text
        .bytes()
        .fold(true, |ok, b| ok & (b.wrapping_sub(0x20) < 0x5f));
    let clean = printable_ascii || !text.chars().any(is_unsafe);
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`printable`], owned, reusing `text`'s allocation when nothing needs escaping.
pub fn into_printable(text: String) -> String {
    match printable(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// The first [`is_unsafe`] character of `text` and its 1-based column, for an error that
/// refuses it.
pub fn unsafe_char(text: &str) -> Option<(char, usize)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| is_unsafe(*c))
        .map(|(i, c)| (c, i + 1))
}

/// How a refused character is named in an error: its escape and its Unicode name where it
/// has a well-known one.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\n' => "a line break",
        '\r' => "a carriage return",
        '\t' => "a tab",
        '\u{1b}' => "an escape character (terminal control)",
        '\u{2028}' | '\u{2029}' | '\u{85}' => "a Unicode line break",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a bidirectional text control",
        _ => "a control character",
    };
    format!("{name} ({})", printable(c.encode_utf8(&mut [0; 4])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_line_breaks_and_bidi_overrides_are_escaped() {
        assert_eq!(printable("plain/path.yaml"), "plain/path.yaml");
        assert_eq!(printable("café ☕"), "café ☕");
        assert_eq!(printable("a\n::error file=x::y"), "a\\n::error file=x::y");
        assert_eq!(
            printable("\u{1b}[2J\u{1b}]52;c;eA==\u{7}"),
            "\\u{1b}[2J\\u{1b}]52;c;eA==\\u{7}"
        );
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(
            printable("x\u{85}y\u{2028}z\r\t"),
            "x\\u{85}y\\u{2028}z\\r\\t"
        );
        assert_eq!(printable("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn the_first_unsafe_character_is_found_with_its_column() {
        assert_eq!(unsafe_char("fine"), None);
        assert_eq!(unsafe_char("ab\rc"), Some(('\r', 3)));
        assert_eq!(unsafe_char("é\u{2066}"), Some(('\u{2066}', 2)));
        assert_eq!(describe_char('\r'), "a carriage return (\\r)");
    }
}
