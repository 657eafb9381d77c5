//! Reading a pack's YAML files into the compiled form the engine uses.
//!
//! Loading is validation: a rule naming an unknown field, value or pattern is an error naming the
//! rule file, line and rule id, and every such problem is reported at once. `build.rs` runs this
//! same code over `rules/` (it includes this module), so the built-in pack is compiled once, when
//! archfit is built, and a start-up only decodes it (see [`super::codec`]).

use super::catalog::Catalog;
use super::rule::{self, Rule};
use crate::diag::Diagnostic;
use crate::read::{Fields, Reader};
use crate::yaml::{self, Node, Pos};
use std::borrow::Cow;

/// A text of a pack. The built-in pack's texts borrow from the binary (no copy at start-up);
/// a pack read from a directory owns them.
pub type Text = Cow<'static, str>;

/// Owned strings as texts.
pub fn texts(list: Vec<String>) -> Vec<Text> {
    list.into_iter().map(Text::from).collect()
}

/// One architecture pattern and what the pack says about living with it.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: Text,
    pub title: Text,
    pub summary: Text,
    pub tradeoffs: Vec<Text>,
    pub practices: Vec<Text>,
    pub revisit: Vec<Text>,
    pub source: Text,
}

/// The reason given when components make a system hybrid.
#[derive(Debug, Clone)]
pub struct ComponentsRule {
    pub id: Text,
    pub because: Text,
    pub source: Text,
}

/// Name, version and settings from `pack.yaml`.
#[derive(Debug, Clone)]
pub struct Meta {
    pub name: Text,
    pub version: Text,
    pub description: Text,
    pub source: Text,
    /// A runner-up this close is a "close call", and a current architecture this close still fits.
    pub close_call_margin: f64,
    pub components_rule: Option<ComponentsRule>,
}

/// A file of the pack, kept for hashing and for the test cases read on demand.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// Path relative to the pack directory, with `/` separators.
    pub path: Text,
    /// Path as shown in messages.
    pub display: Text,
    pub text: Text,
}

/// Everything a pack says, validated and compiled: what [`compile`] returns and what the
/// built-in pack embeds.
#[derive(Debug)]
pub struct Compiled {
    pub meta: Meta,
    pub catalog: Catalog,
    /// Simplest first: a tie in score goes to the earlier pattern.
    pub patterns: Vec<Pattern>,
    pub rules: Vec<Rule>,
}

pub const META_FILE: &str = "pack.yaml";
pub const CATALOG_FILE: &str = "catalog.yaml";
pub const PATTERNS_FILE: &str = "patterns.yaml";

/// Validates and compiles a pack from its files, the YAML of each parsed by `parse`. Every
/// problem in every file is reported.
pub fn compile(
    files: &[PackFile],
    origin: &str,
    parse: impl Fn(&PackFile) -> Result<Vec<Node>, yaml::YamlError>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let doc = |name: &str, diags: &mut Vec<Diagnostic>| -> Option<(Text, Node)> {
        let Some(file) = files.iter().find(|f| f.path == name) else {
            diags.push(Diagnostic::new(
                &format!("{origin}/{name}"),
                None,
                format!("the rule pack has no {name}"),
            ));
            return None;
        };
        single_doc(file, &parse, diags).map(|n| (file.display.clone(), n))
    };
    let meta_doc = doc(META_FILE, &mut diags);
    let catalog_doc = doc(CATALOG_FILE, &mut diags);
    let patterns_doc = doc(PATTERNS_FILE, &mut diags);

    let catalog = catalog_doc.map(|(file, node)| {
        let mut r = Reader::new(&file);
        let c = Catalog::read(&node, &mut r);
        diags.append(&mut r.diags);
        c
    });
    let patterns = patterns_doc.map(|(file, node)| {
        let mut r = Reader::new(&file);
        let p = read_patterns(&node, &mut r);
        diags.append(&mut r.diags);
        p
    });
    let meta = meta_doc.and_then(|(file, node)| {
        let mut r = Reader::new(&file);
        let m = read_meta(&node, &mut r);
        diags.append(&mut r.diags);
        m
    });

    let mut rules: Vec<Rule> = Vec::new();
    if let (Some(catalog), Some(patterns)) = (&catalog, &patterns) {
        let ids: Vec<String> = patterns.iter().map(|p| p.id.to_string()).collect();
        let mut first_seen: std::collections::HashMap<Text, (Text, Pos)> = Default::default();
        for file in files.iter().filter(|f| is_rule_file(&f.path)) {
            let Some(node) = single_doc(file, &parse, &mut diags) else {
                continue;
            };
            let mut r = Reader::new(&file.display);
            for item in rule_items(&node, &mut r) {
                let Some(rule) = rule::read_rule(item, &file.path, catalog, &ids, &mut r) else {
                    continue;
                };
                if let Some((other, pos)) = first_seen.get(&rule.id) {
                    r.rule = Some(rule.id.to_string());
                    r.error(
                        rule.pos,
                        format!(
                            "duplicate rule id (first defined in {other} at line {})",
                            pos.line
                        ),
                    );
                    r.rule = None;
                    continue;
                }
                first_seen.insert(rule.id.clone(), (file.display.clone(), rule.pos));
                rules.push(rule);
            }
            diags.append(&mut r.diags);
        }
    }
    match (meta, catalog, patterns) {
        (Some(meta), Some(catalog), Some(patterns)) if diags.is_empty() => Ok(Compiled {
            meta,
            catalog,
            patterns,
            rules,
        }),
        _ => Err(diags),
    }
}

/// Whether a pack file holds rules (any top-level file but the three named ones).
pub fn is_rule_file(path: &str) -> bool {
    !path.contains('/') && ![META_FILE, CATALOG_FILE, PATTERNS_FILE].contains(&path)
}

/// A pack file must hold exactly one YAML document.
fn single_doc(
    file: &PackFile,
    parse: impl Fn(&PackFile) -> Result<Vec<Node>, yaml::YamlError>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    match parse(file) {
        Err(e) => {
            diags.push(Diagnostic::at(&file.display, e.pos, e.message));
            None
        }
        Ok(mut docs) if docs.len() == 1 => docs.pop(),
        Ok(docs) => {
            let message = if docs.is_empty() {
                "the file is empty".to_string()
            } else {
                format!("expected one YAML document, found {}", docs.len())
            };
            diags.push(Diagnostic::new(&file.display, None, message));
            None
        }
    }
}

/// The items of a rule file's `rules:` list.
fn rule_items<'n>(node: &'n Node, r: &mut Reader<'_>) -> &'n [Node] {
    let Some(top) = r.mapping(node, "a rule file", &["rules"]) else {
        return &[];
    };
    match top.get("rules") {
        None => {
            r.error(top.pos, "a rule file needs a `rules:` list");
            &[]
        }
        Some(list) => list.as_seq().unwrap_or_else(|| {
            r.error(list.pos, "`rules` must be a list");
            &[]
        }),
    }
}

fn read_meta(node: &Node, r: &mut Reader<'_>) -> Option<Meta> {
    const KEYS: [&str; 6] = [
        "name",
        "version",
        "description",
        "source",
        "close_call_margin",
        "components_rule",
    ];
    let f = r.mapping(node, "pack.yaml", &KEYS)?;
    let name = r.req_str(&f, "name", "pack.yaml");
    let version = r.req_str(&f, "version", "pack.yaml");
    let description = r.opt_str(&f, "description").unwrap_or_default();
    let source = r.opt_str(&f, "source").unwrap_or_default();
    let margin = r.opt_number(&f, "close_call_margin").unwrap_or(0.0);
    if margin < 0.0 {
        r.error(f.pos, "`close_call_margin` must not be negative");
    }
    let components_rule = f
        .get("components_rule")
        .and_then(|n| read_components_rule(n, r));
    Some(Meta {
        name: name?.into(),
        version: version?.into(),
        description: description.into(),
        source: source.into(),
        close_call_margin: margin.max(0.0),
        components_rule,
    })
}

fn read_components_rule(node: &Node, r: &mut Reader<'_>) -> Option<ComponentsRule> {
    let f = r.mapping(node, "components_rule", &["id", "because", "source"])?;
    Some(ComponentsRule {
        id: r.req_str(&f, "id", "components_rule")?.into(),
        because: r.req_str(&f, "because", "components_rule")?.into(),
        source: r.req_str(&f, "source", "components_rule")?.into(),
    })
}

fn read_patterns(node: &Node, r: &mut Reader<'_>) -> Vec<Pattern> {
    let Some(top) = r.mapping(node, "patterns.yaml", &["patterns"]) else {
        return Vec::new();
    };
    let Some(items) = top.get("patterns").and_then(Node::as_seq) else {
        r.error(top.pos, "patterns.yaml needs a `patterns:` list");
        return Vec::new();
    };
    let mut patterns: Vec<Pattern> = Vec::new();
    for item in items {
        const KEYS: [&str; 7] = [
            "id",
            "title",
            "summary",
            "tradeoffs",
            "practices",
            "revisit",
            "source",
        ];
        let Some(f) = r.mapping(item, "a pattern", &KEYS) else {
            continue;
        };
        if let Some(p) = read_pattern(&f, r) {
            if patterns.iter().any(|q| q.id == p.id) {
                r.error(f.pos, format!("pattern `{}` is defined twice", p.id));
            } else {
                patterns.push(p);
            }
        }
    }
    if patterns.is_empty() {
        r.error(top.pos, "the pack defines no patterns");
    }
    patterns
}

fn read_pattern(f: &Fields<'_>, r: &mut Reader<'_>) -> Option<Pattern> {
    let id = r.req_str(f, "id", "a pattern")?;
    let what = format!("pattern `{id}`");
    Some(Pattern {
        title: r.req_str(f, "title", &what)?.into(),
        summary: r.req_str(f, "summary", &what)?.into(),
        tradeoffs: texts(r.str_list(f, "tradeoffs")),
        practices: texts(r.str_list(f, "practices")),
        revisit: texts(r.str_list(f, "revisit")),
        source: r.req_str(f, "source", &what)?.into(),
        id: id.into(),
    })
}
