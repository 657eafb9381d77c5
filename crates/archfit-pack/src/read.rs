//! Reading YAML trees into typed values while collecting every problem with its position.
//!
//! Shared by the rule-pack loader and the profile parser: both parse first, then validate into
//! their own types, and neither stops at the first mistake.

use crate::diag::Diagnostic;
use crate::printable::{describe_char, unsafe_char};
use crate::suggest;
use crate::yaml::{Content, Node, Pos};

/// Where problems are collected while reading one file.
pub struct Reader<'f> {
    pub file: &'f str,
    pub diags: Vec<Diagnostic>,
    /// The rule being read, so its problems name it.
    pub rule: Option<String>,
}

/// The entries of a mapping, looked up by key.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: &'n [(Node, Node)],
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node for `key`.
    pub fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        self.entries.iter().find(|(k, _)| k.as_str() == Some(key))
    }

    pub fn entries(&self) -> &'n [(Node, Node)] {
        self.entries
    }
}

impl<'f> Reader<'f> {
    pub fn new(file: &'f str) -> Self {
        Reader {
            file,
            diags: Vec::new(),
            rule: None,
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.error_hint(pos, message, None);
    }

    pub fn error_hint(&mut self, pos: Pos, message: impl Into<String>, hint: Option<String>) {
        let diag = Diagnostic::at(self.file, pos, message)
            .with_hint(hint)
            .with_rule(self.rule.as_deref());
        self.diags.push(diag);
    }

    /// A mapping whose keys must all be in `allowed`; unknown keys are reported with the nearest
    /// allowed key, and the known ones returned.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Some(entries) = node.as_map() else {
            self.error(
                node.pos,
                format!("{what} must be a mapping, found {}", node.kind_name()),
            );
            return None;
        };
        for (key, _) in entries {
            let name = key.key_text();
            if !allowed.contains(&name.as_str()) {
                let hint = suggest::did_you_mean(&name, allowed.iter().copied())
                    .or_else(|| Some(format!("expected one of: {}", allowed.join(", "))));
                self.error_hint(
                    key.pos,
                    format!("unknown key `{}` in {what}", crate::yaml::shorten(&name)),
                    hint,
                );
            }
        }
        Some(Fields {
            pos: node.pos,
            entries,
        })
    }

    /// A required, non-empty string.
    pub fn req_str(&mut self, fields: &Fields<'_>, key: &str, what: &str) -> Option<String> {
        match fields.get(key) {
            None => {
                self.error(fields.pos, format!("{what} is missing `{key}`"));
                None
            }
            Some(node) => self.string(node, key),
        }
    }

    /// An optional string (absent gives `None` without a problem).
    pub fn opt_str(&mut self, fields: &Fields<'_>, key: &str) -> Option<String> {
        fields.get(key).and_then(|node| self.string(node, key))
    }

    /// A non-empty text of one line. Pack texts are printed to terminals and CI logs and
    /// written into the comments of saved profiles, so a control character, a line break or a
    /// bidirectional override in one is refused (the line break a block scalar ends with is
    /// dropped).
    fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = node.as_str().map(|t| t.trim_end_matches('\n'));
        if let Some((c, col)) = text.and_then(unsafe_char) {
            self.error(
                node.pos,
                format!(
                    "`{key}` contains {} at character {col}; texts of a rule pack are single lines of printable text",
                    describe_char(c)
                ),
            );
            return None;
        }
        match text {
            Some(text) if !text.trim().is_empty() => Some(text.to_string()),
            Some(_) => {
                self.error(node.pos, format!("`{key}` must not be empty"));
                None
            }
            None => {
                self.error(
                    node.pos,
                    format!("`{key}` must be text, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    /// An optional list of non-empty strings.
    pub fn str_list(&mut self, fields: &Fields<'_>, key: &str) -> Vec<String> {
        let Some(node) = fields.get(key) else {
            return Vec::new();
        };
        let Some(items) = node.as_seq() else {
            self.error(
                node.pos,
                format!("`{key}` must be a list, found {}", node.kind_name()),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(item, key))
            .collect()
    }

    pub fn opt_bool(&mut self, fields: &Fields<'_>, key: &str) -> Option<bool> {
        let node = fields.get(key)?;
        match node.value {
            Content::Bool(b) => Some(b),
            _ => {
                self.error(
                    node.pos,
                    format!("`{key}` must be true or false, found {}", node.describe()),
                );
                None
            }
        }
    }

    pub fn opt_int(&mut self, fields: &Fields<'_>, key: &str) -> Option<i64> {
        let node = fields.get(key)?;
        match node.value {
            Content::Int(i) => Some(i),
            _ => {
                self.error(
                    node.pos,
                    format!("`{key}` must be an integer, found {}", node.describe()),
                );
                None
            }
        }
    }

    pub fn opt_number(&mut self, fields: &Fields<'_>, key: &str) -> Option<f64> {
        let node = fields.get(key)?;
        number(node).or_else(|| {
            self.error(
                node.pos,
                format!("`{key}` must be a number, found {}", node.describe()),
            );
            None
        })
    }
}

/// A finite number, integer or not.
pub fn number(node: &Node) -> Option<f64> {
    match node.value {
        // Scores and margins are small; i64 -> f64 is exact for them.
        #[allow(clippy::cast_precision_loss)]
        Content::Int(i) => Some(i as f64),
        Content::Float(f) if f.is_finite() => Some(f),
        _ => None,
    }
}
