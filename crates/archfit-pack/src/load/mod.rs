//! Reading a pack's YAML files into its compiled form.
//!
//! Loading is validation: a rule naming an unknown field, value or pattern is an error naming the
//! rule file, line and rule id, and every such problem is reported at once. The build of the
//! archfit binary runs this same code over `rules/`, so the built-in pack is compiled once,
//! when archfit is built (see [`crate::codec`]).

pub(crate) mod catalog;
mod directions;
mod rule;

use crate::diag::{self, Diagnostic};
use crate::id::IdVec;
use crate::limits::{MAX_PACK_CONDITION_PARTS, MAX_PATTERNS, MAX_RULES};
use crate::model::{Compiled, ComponentsRule, Meta, PackFile, Pattern};
use crate::read::{Fields, Reader};
use crate::rule::Rule;
use crate::yaml::{self, Node, Pos};
use crate::{RuleId, Text};
use std::collections::HashMap;

pub const META_FILE: &str = "pack.yaml";
pub const CATALOG_FILE: &str = "catalog.yaml";
pub const PATTERNS_FILE: &str = "patterns.yaml";

/// Validates and compiles a pack from its files. Every problem in every file is reported.
pub fn compile(files: &[PackFile], origin: &str) -> Result<Compiled, Vec<Diagnostic>> {
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
        single_doc(file, diags).map(|n| (file.display.clone(), n))
    };
    let meta_doc = doc(META_FILE, &mut diags);
    let catalog_doc = doc(CATALOG_FILE, &mut diags);
    let patterns_doc = doc(PATTERNS_FILE, &mut diags);

    let catalog = catalog_doc.map(|(file, node)| {
        let mut r = Reader::new(&file);
        let c = catalog::read(&node, &mut r);
        diag::cap(&mut r.diags);
        diags.append(&mut r.diags);
        c
    });
    let patterns = patterns_doc.map(|(file, node)| {
        let mut r = Reader::new(&file);
        let p = read_patterns(&node, &mut r);
        diag::cap(&mut r.diags);
        diags.append(&mut r.diags);
        p
    });
    let meta = meta_doc.and_then(|(file, node)| {
        let mut r = Reader::new(&file);
        let mut m = read_meta(&node, &mut r);
        // Directions name fields and patterns, so they are read once those are known.
        if let (Some(m), Some(catalog), Some(patterns)) = (&mut m, &catalog, &patterns) {
            m.directions = directions::read(&node, catalog, patterns, &mut r);
        }
        diags.append(&mut r.diags);
        m
    });

    let mut rules: IdVec<RuleId, Rule> = IdVec::new();
    if let (Some(catalog), Some(patterns)) = (&catalog, &patterns) {
        let ids: Vec<&str> = patterns.iter().map(|p| &*p.id).collect();
        let mut first_seen: HashMap<Text, (Text, Pos)> = HashMap::new();
        let mut parts = 0usize;
        for file in files.iter().filter(|f| is_rule_file(&f.path)) {
            let Some(node) = single_doc(file, &mut diags) else {
                continue;
            };
            let mut r = Reader::new(&file.display);
            for item in rule_items(&node, &mut r) {
                let Some(rule) = rule::read_rule(item, &file.path, catalog, &ids, &mut r) else {
                    continue;
                };
                // The limits bound what every search over the pack may cost; past one, the
                // rest of the pack is not read.
                if rules.len() == MAX_RULES {
                    r.error(
                        rule.pos,
                        format!(
                            "the pack has more than {MAX_RULES} rules, the most a pack may have"
                        ),
                    );
                    break;
                }
                parts += rule.when.parts();
                if parts > MAX_PACK_CONDITION_PARTS {
                    r.error(
                        rule.pos,
                        format!(
                            "the pack's conditions have more than {MAX_PACK_CONDITION_PARTS} parts together, the most a pack may have"
                        ),
                    );
                    break;
                }
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
            diag::cap(&mut r.diags);
            diags.append(&mut r.diags);
            if rules.len() == MAX_RULES || parts > MAX_PACK_CONDITION_PARTS {
                break;
            }
        }
    }
    match (meta, catalog, patterns) {
        (Some(meta), Some(catalog), Some(patterns)) if diags.is_empty() => Ok(Compiled {
            meta,
            catalog,
            patterns: patterns.into(),
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
fn single_doc(file: &PackFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    match yaml::parse(&file.text) {
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
    const KEYS: [&str; 8] = [
        "name",
        "version",
        "description",
        "source",
        "close_call_margin",
        "components_rule",
        "sections",
        "directions",
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
    let sections = texts(r.str_list(&f, "sections"));
    Some(Meta {
        name: name?.into(),
        version: version?.into(),
        description: description.into(),
        source: source.into(),
        close_call_margin: margin.max(0.0),
        components_rule,
        sections,
        directions: Vec::new(),
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
            } else if patterns.len() == MAX_PATTERNS {
                r.error(
                    f.pos,
                    format!(
                        "the pack has more than {MAX_PATTERNS} patterns, the most a pack may have"
                    ),
                );
                break;
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
        pos: f.pos,
    })
}

/// Owned strings as texts.
fn texts(list: Vec<String>) -> Vec<Text> {
    list.into_iter().map(Text::from).collect()
}
