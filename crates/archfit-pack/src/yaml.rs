//! The one module that talks to the YAML parser.
//!
//! Everything else sees a small tree of [`Node`]s that carry their line and column, so every
//! problem found later (an unknown key, a value out of range, a rule naming a missing field) can
//! point at the exact place in the file. The tree is built from the parser's event stream under
//! hard limits on depth, node count and text size, so hostile input (alias bombs, deep nesting,
//! a long scalar repeated by aliases) is refused in bounded time and memory. See `docs/decisions/0001-yaml-parser.md` for why this parser.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Largest input file archfit reads (profiles and rule-pack files alike). Profiles are a few
/// hundred bytes; the cap exists so a stray 100 MB file is refused before anything parses it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Deepest nesting accepted. A profile is three levels deep; a rule condition perhaps ten.
pub const MAX_DEPTH: usize = 64;

/// Most nodes one input may expand to, counting every alias expansion.
pub const MAX_NODES: usize = 200_000;

/// Most text (the bytes of every scalar, keys included) the aliases of one input may expand to.
/// A node count alone does not bound memory: `x: &s <500 KB>` and then a list of a thousand
/// `*s` is only a thousand nodes. The text written out is bounded by [`MAX_FILE_BYTES`]
/// already, so only copies made by aliases are charged; this leaves room for aliases used as
/// intended.
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// How much of a name or value from the input an error message quotes.
const QUOTE_CHARS: usize = 40;

/// A position in a YAML text: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One node of a YAML document, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Content,
    pub pos: Pos,
}

/// A node's content, with plain scalars resolved by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; `quoted` is false for plain scalars (so `yes` can be recognised as a likely
    /// attempt at a boolean, while `"yes"` is clearly meant as text).
    Str {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    /// Entries in document order; keys are scalars and unique (checked while building).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a string scalar, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Content::Str { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The entries of a mapping, if this is one.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Content::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence, if this is one.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Content::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The key text of a mapping key (keys are always scalars here).
    pub fn key_text(&self) -> String {
        self.key_str().into_owned()
    }

    /// [`Node::key_text`], borrowed when the key is a string.
    pub fn key_str(&self) -> Cow<'_, str> {
        match &self.value {
            Content::Str { text, .. } => Cow::Borrowed(text),
            other => Cow::Owned(scalar_text(other)),
        }
    }

    /// "a mapping", "an integer", … for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Content::Null => "nothing (null)",
            Content::Bool(_) => "a boolean",
            Content::Int(_) => "an integer",
            Content::Float(_) => "a number with a fraction",
            Content::Str { .. } => "a string",
            Content::Seq(_) => "a list",
            Content::Map(_) => "a mapping",
        }
    }

    /// A short rendering of the node for error messages: the scalar itself, or its kind.
    pub fn describe(&self) -> String {
        match &self.value {
            Content::Seq(_) | Content::Map(_) => self.kind_name().to_string(),
            Content::Str { text, .. } => format!("`{}`", shorten(text)),
            // `8.0`, not `8`: the fraction is what makes it not an integer.
            Content::Float(f) if f.is_finite() => format!("`{f:?}`"),
            other => format!("`{}`", scalar_text(other)),
        }
    }

    /// Nodes and bytes of text in this subtree, what an alias of it is charged against the
    /// budgets.
    fn weight(&self) -> Weight {
        match &self.value {
            Content::Seq(items) => items.iter().fold(Weight::ONE, |w, n| w.plus(n.weight())),
            Content::Map(entries) => entries
                .iter()
                .fold(Weight::ONE, |w, (k, v)| w.plus(k.weight()).plus(v.weight())),
            Content::Str { text, .. } => Weight {
                nodes: 1,
                bytes: text.len(),
            },
            _ => Weight::ONE,
        }
    }
}

fn scalar_text(value: &Content) -> String {
    match value {
        Content::Null => "null".to_string(),
        Content::Bool(b) => b.to_string(),
        Content::Int(i) => i.to_string(),
        Content::Float(f) => f.to_string(),
        Content::Str { text, .. } => text.clone(),
        Content::Seq(_) => "[…]".to_string(),
        Content::Map(_) => "{…}".to_string(),
    }
}

/// A name or value from the input as an error message quotes it: at most a few dozen
/// characters, so a 500 KB key makes a short message.
pub fn shorten(text: &str) -> String {
    truncate(text, QUOTE_CHARS)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A YAML syntax error or a broken limit, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// Parses every document of a YAML stream into trees.
///
/// A stream with no documents at all (an empty file, or only comments) gives an empty list; the
/// caller decides whether that is an error.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(scan_error)?;
        builder.event(event, span)?;
    }
    Ok(builder.documents)
}

fn scan_error(err: ScanError) -> YamlError {
    let marker = err.marker();
    YamlError {
        pos: Pos {
            line: to_u32(marker.line()),
            col: to_u32(marker.col() + 1),
        },
        message: if err.info().contains("recursion limit") {
            // The scanner's own guard against deep flow nesting (`[[[[…`, `{a: {a: …`).
            "invalid YAML: nesting is too deep (the parser's recursion limit)".to_string()
        } else {
            format!("invalid YAML: {}", err.info())
        },
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: to_u32(span.start.line()),
        col: to_u32(span.start.col() + 1),
    }
}

/// A collection being built: its start, anchor, and what it holds so far.
enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// What a subtree costs: its nodes and the bytes of its text.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    nodes: usize,
    bytes: usize,
}

impl Weight {
    const ONE: Weight = Weight { nodes: 1, bytes: 0 };

    /// The sum. It cannot overflow: a subtree weighs at most what the budgets allow, and the
    /// budgets are checked after every addition.
    fn plus(self, other: Weight) -> Weight {
        Weight {
            nodes: self.nodes + other.nodes,
            bytes: self.bytes + other.bytes,
        }
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes by anchor id, with their weight, for alias expansion.
    anchors: HashMap<usize, (Node, Weight)>,
    /// What the stream has expanded to so far.
    spent: Weight,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let pos = pos_of(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                // Its text is in the file, which is bounded: only an alias's copy costs bytes.
                self.charge_node(pos)?;
                let value = match tag {
                    Some(tag) => tagged_scalar(&tag.handle, &tag.suffix, &text, style, pos)?,
                    None if style == ScalarStyle::Plain => resolve_plain(&text),
                    None => Content::Str {
                        text: text.into_owned(),
                        quoted: true,
                    },
                };
                self.finish_node(Node { value, pos }, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq", pos)?;
                self.open(pos)?;
                self.stack.push(Frame::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map", pos)?;
                self.open(pos)?;
                self.stack.push(Frame::Map {
                    pos,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { pos, anchor, items }) => (
                        Node {
                            value: Content::Seq(items),
                            pos,
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => {
                        check_duplicate_keys(&entries)?;
                        (
                            Node {
                                value: Content::Map(entries),
                                pos,
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.finish_node(node, anchor)
            }
            Event::Alias(id) => {
                let Some(&(_, weight)) = self.anchors.get(&id) else {
                    return Err(YamlError {
                        pos,
                        message: "alias refers to an unknown anchor".to_string(),
                    });
                };
                // Charged before the copy is made, so a refused alias costs nothing.
                self.charge(weight, pos)?;
                let Some((node, _)) = self.anchors.get(&id) else {
                    return Ok(());
                };
                let mut node = node.clone();
                node.pos = pos;
                self.finish_node(node, 0)
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => Ok(()),
        }
    }

    fn open(&mut self, pos: Pos) -> Result<(), YamlError> {
        self.charge_node(pos)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                pos,
                message: format!("nesting deeper than {MAX_DEPTH} levels is not accepted"),
            });
        }
        Ok(())
    }

    /// One node written out in the file (its text costs nothing: the file is bounded).
    #[inline]
    fn charge_node(&mut self, pos: Pos) -> Result<(), YamlError> {
        self.spent.nodes += 1;
        if self.spent.nodes > MAX_NODES {
            return Err(self.over_budget(pos));
        }
        Ok(())
    }

    /// A copy made by an alias.
    #[inline]
    fn charge(&mut self, weight: Weight, pos: Pos) -> Result<(), YamlError> {
        self.spent = self.spent.plus(weight);
        if self.spent.nodes > MAX_NODES || self.spent.bytes > MAX_EXPANDED_BYTES {
            return Err(self.over_budget(pos));
        }
        Ok(())
    }

    /// Which budget ran out, as an error at `pos`.
    #[cold]
    fn over_budget(&self, pos: Pos) -> YamlError {
        let message = if self.spent.nodes > MAX_NODES {
            format!(
                "the document expands to more than {MAX_NODES} nodes (an alias bomb?); refusing to go on"
            )
        } else {
            format!(
                "the document's aliases copy more than {} MiB of text (an alias bomb?); refusing to go on",
                MAX_EXPANDED_BYTES / (1024 * 1024)
            )
        };
        YamlError { pos, message }
    }

    /// Places a finished node in its parent (or as a document root) and records its anchor.
    fn finish_node(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            let weight = node.weight();
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    if matches!(node.value, Content::Seq(_) | Content::Map(_)) {
                        return Err(YamlError {
                            pos: node.pos,
                            message: "a mapping key must be a plain value, not a list or mapping"
                                .to_string(),
                        });
                    }
                    *key = Some(node);
                }
            },
        }
        Ok(())
    }
}

/// YAML requires keys to be unique; a repeated key is almost always a copy-paste slip, and which
/// value wins is not something a decision should silently depend on.
fn check_duplicate_keys(entries: &[(Node, Node)]) -> Result<(), YamlError> {
    let duplicate = |key: &Node, first: Pos| YamlError {
        pos: key.pos,
        message: format!(
            "duplicate key `{}` (first given at line {})",
            shorten(&key.key_str()),
            first.line
        ),
    };
    // A profile's mappings are small: comparing each key with the ones before it allocates
    // nothing. A large mapping (hostile input can hold 100,000 keys) gets a hash set instead,
    // so the check stays linear.
    if entries.len() <= 32 {
        for (i, (key, _)) in entries.iter().enumerate() {
            let text = key.key_str();
            if let Some((first, _)) = entries[..i].iter().find(|(k, _)| k.key_str() == text) {
                return Err(duplicate(key, first.pos));
            }
        }
        return Ok(());
    }
    let mut seen: HashMap<Cow<'_, str>, Pos> = HashMap::with_capacity(entries.len());
    for (key, _) in entries {
        if let Some(&first) = seen.get(&key.key_str()) {
            return Err(duplicate(key, first));
        }
        seen.insert(key.key_str(), key.pos);
    }
    Ok(())
}

const CORE_TAG: &str = "tag:yaml.org,2002:";

fn is_core(handle: &str) -> bool {
    handle == CORE_TAG || handle == "!!"
}

fn tagged_scalar(
    handle: &str,
    suffix: &str,
    text: &str,
    style: ScalarStyle,
    pos: Pos,
) -> Result<Content, YamlError> {
    if is_core(handle) {
        match suffix {
            "str" => {
                return Ok(Content::Str {
                    text: text.to_string(),
                    quoted: true,
                })
            }
            "int" | "bool" | "null" | "float" if style == ScalarStyle::Plain => {
                return Ok(resolve_plain(text))
            }
            _ => {}
        }
    }
    Err(YamlError {
        pos,
        message: format!("the YAML tag `{handle}{suffix}` is not supported here; remove it"),
    })
}

fn check_collection_tag(
    tag: Option<&saphyr_parser::Tag>,
    expected: &str,
    pos: Pos,
) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(tag) if is_core(&tag.handle) && tag.suffix == expected => Ok(()),
        Some(tag) => Err(YamlError {
            pos,
            message: format!(
                "the YAML tag `{}{}` is not supported here; remove it",
                tag.handle, tag.suffix
            ),
        }),
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema: null, booleans, integers, floats;
/// anything else is a string. (`yes`/`no` are strings in YAML 1.2; callers that expect a
/// boolean say so in their error.)
fn resolve_plain(text: &str) -> Content {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Content::Null,
        "true" | "True" | "TRUE" => return Content::Bool(true),
        "false" | "False" | "FALSE" => return Content::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Content::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Content::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Content::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(text) {
        return int;
    }
    if looks_like_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return Content::Float(f);
        }
    }
    Content::Str {
        text: text.to_string(),
        quoted: false,
    }
}

/// Integers in decimal, `0o` octal or `0x` hex. One too large for i64 becomes a float, so the
/// caller reports it as out of range rather than as text.
fn parse_int(text: &str) -> Option<Content> {
    let (digits, radix) = if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = text.strip_prefix("0o") {
        (oct, 8)
    } else {
        (text, 10)
    };
    let unsigned = if radix == 10 {
        digits.strip_prefix(['-', '+']).unwrap_or(digits)
    } else {
        digits
    };
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    match i64::from_str_radix(digits, radix) {
        Ok(n) => Some(Content::Int(n)),
        Err(_) => digits.parse::<f64>().ok().map(Content::Float),
    }
}

fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut seen_digit = false;
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' => seen_digit = true,
            '.' => {}
            'e' | 'E' => {
                let exp = &body[i + 1..];
                let exp = exp.strip_prefix(['-', '+']).unwrap_or(exp);
                return seen_digit && !exp.is_empty() && exp.chars().all(|c| c.is_ascii_digit());
            }
            _ => return false,
        }
    }
    seen_digit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse(text).unwrap();
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    #[test]
    fn resolves_plain_scalars_by_the_core_schema() {
        let cases = [
            ("8", Content::Int(8)),
            ("-3", Content::Int(-3)),
            ("0x1f", Content::Int(31)),
            ("true", Content::Bool(true)),
            ("False", Content::Bool(false)),
            ("~", Content::Null),
            ("1.5", Content::Float(1.5)),
            ("1e3", Content::Float(1000.0)),
            (
                "yes",
                Content::Str {
                    text: "yes".into(),
                    quoted: false,
                },
            ),
            (
                "12abc",
                Content::Str {
                    text: "12abc".into(),
                    quoted: false,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                one(&format!("k: {text}")).as_map().unwrap()[0].1.value,
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let node = one("k: \"8\"");
        assert_eq!(
            node.as_map().unwrap()[0].1.value,
            Content::Str {
                text: "8".into(),
                quoted: true
            }
        );
    }

    #[test]
    fn positions_are_one_based() {
        let node = one("a: 1\nbb:\n  - x\n");
        let entries = node.as_map().unwrap();
        assert_eq!(entries[1].0.pos, Pos { line: 2, col: 1 });
        let item = &entries[1].1.as_seq().unwrap()[0];
        assert_eq!(item.pos, Pos { line: 3, col: 5 });
    }

    #[test]
    fn duplicate_keys_are_an_error_naming_both_lines() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos.line, 3);
        assert!(
            err.message.contains("first given at line 1"),
            "{}",
            err.message
        );
    }

    #[test]
    fn aliases_expand_but_a_bomb_is_refused() {
        let node = one("a: &x [1, 2]\nb: *x\n");
        assert_eq!(node.as_map().unwrap()[1].1.as_seq().unwrap().len(), 2);

        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn aliases_are_charged_by_their_text_too() {
        // Few nodes, a great deal of text: 2,000 copies of a 10 KB scalar.
        let wide = format!(
            "x: &s {}\nl: [{}]\n",
            "a".repeat(10_000),
            vec!["*s"; 2_000].join(", ")
        );
        let err = parse(&wide).unwrap_err();
        assert!(
            err.message.contains("MiB of text (an alias bomb?)"),
            "{}",
            err.message
        );
        // Within the budget, aliases expand as before.
        let fine = format!(
            "x: &s {}\nl: [{}]\n",
            "a".repeat(10_000),
            vec!["*s"; 100].join(", ")
        );
        let node = one(&fine);
        assert_eq!(node.as_map().unwrap()[1].1.as_seq().unwrap().len(), 100);
    }

    #[test]
    fn deep_nesting_of_every_kind_is_refused() {
        let n = 10_000;
        let flow_seq = "[".repeat(n) + &"]".repeat(n);
        let flow_map = "{a: ".repeat(n) + "1" + &"}".repeat(n);
        let block: String = (0..n).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        for text in [flow_seq, flow_map, block] {
            assert!(parse(&text).is_err());
        }
    }

    #[test]
    fn multi_document_streams_give_one_node_each() {
        assert_eq!(parse("a: 1\n---\nb: 2\n").unwrap().len(), 2);
        assert!(parse("# only a comment\n").unwrap().is_empty());
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
        assert!(err.message.starts_with("invalid YAML"));
    }

    #[test]
    fn duplicate_keys_are_found_in_small_and_large_mappings() {
        for n in [3, 32, 33, 500] {
            let mut text: String = (0..n).map(|i| format!("k{i}: {i}\n")).collect();
            assert!(parse(&text).is_ok(), "{n} distinct keys");
            text.push_str("k1: again\n");
            let err = parse(&text).unwrap_err();
            assert_eq!(
                err.message, "duplicate key `k1` (first given at line 2)",
                "{n} keys"
            );
            assert_eq!(err.pos.line, u32::try_from(n).unwrap() + 1);
        }
        // Keys are compared as the text they resolve to: `1` and `"1"` are the same key.
        assert!(parse("1: a\n\"1\": b\n").is_err());
    }

    #[test]
    fn unknown_tags_are_refused() {
        assert!(parse("a: !custom 1").is_err());
        assert_eq!(one("a: !!str 1").as_map().unwrap()[0].1.as_str(), Some("1"));
    }
}
