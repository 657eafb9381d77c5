//! Rule packs: the decision framework as data.
//!
//! A pack is a directory of YAML files: `pack.yaml` (name, version, settings), `catalog.yaml`
//! (profile fields), `patterns.yaml` (the architectures, simplest first), any number of rule
//! files (every other `*.yaml` at the top level) and `tests/` (cases the pack must pass). The
//! default pack is `rules/` in this repository, embedded into the binary by `build.rs`.
//!
//! Loading is validation: a rule naming an unknown field, value or pattern is an error naming the
//! rule file, line and rule id, and every such problem is reported at once.

pub mod catalog;
pub mod rule;
pub mod sat;

use crate::diag::{Diagnostic, Diagnostics};
use crate::input;
use crate::read::{Fields, Reader};
use crate::yaml::{self, Node, Pos};
use catalog::Catalog;
use rule::Rule;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));
}

/// One architecture pattern and what the pack says about living with it.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub tradeoffs: Vec<String>,
    pub practices: Vec<String>,
    pub revisit: Vec<String>,
    pub source: String,
}

/// The reason given when components make a system hybrid.
#[derive(Debug, Clone)]
pub struct ComponentsRule {
    pub id: String,
    pub because: String,
    pub source: String,
}

/// Name, version and settings from `pack.yaml`.
#[derive(Debug, Clone)]
pub struct Meta {
    pub name: String,
    pub version: String,
    pub description: String,
    pub source: String,
    /// A runner-up this close is a "close call", and a current architecture this close still fits.
    pub close_call_margin: f64,
    pub components_rule: Option<ComponentsRule>,
}

/// A file of the pack, kept for hashing and for the test cases read on demand.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// Path relative to the pack directory, with `/` separators.
    pub path: String,
    /// Path as shown in messages.
    pub display: String,
    pub text: Cow<'static, str>,
}

/// A loaded, validated rule pack.
#[derive(Debug)]
pub struct RulePack {
    pub meta: Meta,
    pub catalog: Catalog,
    /// Simplest first: a tie in score goes to the earlier pattern.
    pub patterns: Vec<Pattern>,
    pub rules: Vec<Rule>,
    /// Index of the `hybrid` pattern, which components can make the system's answer.
    pub hybrid: Option<usize>,
    /// Where the pack came from: `embedded` or the directory.
    pub origin: String,
    pub files: Vec<PackFile>,
    sha256: OnceLock<String>,
    thresholds: OnceLock<Vec<Vec<i64>>>,
    readers: OnceLock<Vec<Vec<usize>>>,
}

/// The id of the pattern components make a system into.
pub const HYBRID: &str = "hybrid";

const META_FILE: &str = "pack.yaml";
const CATALOG_FILE: &str = "catalog.yaml";
const PATTERNS_FILE: &str = "patterns.yaml";

impl RulePack {
    /// The default pack compiled into the binary.
    pub fn embedded() -> Result<RulePack, Diagnostics> {
        let files = embedded::EMBEDDED_PACK
            .iter()
            .map(|(path, text)| PackFile {
                path: (*path).to_string(),
                display: format!("rules/{path}"),
                text: Cow::Borrowed(*text),
            })
            .collect();
        let pack = Self::from_files_with(files, "embedded", |file| {
            let parsed = embedded::EMBEDDED_PARSED
                .iter()
                .find(|(path, _)| *path == file.path)
                .and_then(|(_, bytes)| yaml::compact::decode(bytes));
            match parsed {
                Some(docs) => Ok(docs),
                None => yaml::parse(&file.text),
            }
        })?;
        let _ = pack.sha256.set(embedded::EMBEDDED_SHA256.to_string());
        Ok(pack)
    }

    /// A pack from a directory of the same layout as `rules/`.
    pub fn from_dir(dir: &Path) -> Result<RulePack, Diagnostics> {
        let shown = dir.display().to_string();
        let fail = |message: String| Diagnostics(vec![Diagnostic::new(&shown, None, message)]);
        if !dir.is_dir() {
            return Err(fail(if dir.exists() {
                "the rule pack must be a directory".to_string()
            } else {
                "rule pack directory not found".to_string()
            }));
        }
        let mut paths = Vec::new();
        let mut problems = Vec::new();
        for (sub, deep) in [("", false), ("tests", true)] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            let (found, trouble) = input::yaml_files(&base, deep);
            paths.extend(found);
            problems.extend(trouble);
        }
        let mut files = Vec::new();
        for path in paths {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match input::read_file(&path) {
                Ok(text) => files.push(PackFile {
                    path: rel,
                    display: path.display().to_string(),
                    text: Cow::Owned(text),
                }),
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        Self::from_files(files, &shown)
    }

    /// Validates a pack from its files. Every problem in every file is reported.
    pub fn from_files(files: Vec<PackFile>, origin: &str) -> Result<RulePack, Diagnostics> {
        Self::from_files_with(files, origin, |file| yaml::parse(&file.text))
    }

    /// [`RulePack::from_files`], with the YAML of each file parsed by `parse` (the built-in
    /// pack comes parsed at build time).
    fn from_files_with(
        files: Vec<PackFile>,
        origin: &str,
        parse: impl Fn(&PackFile) -> Result<Vec<Node>, yaml::YamlError>,
    ) -> Result<RulePack, Diagnostics> {
        let mut diags = Vec::new();
        let doc = |name: &str, diags: &mut Vec<Diagnostic>| -> Option<(String, Node)> {
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
            let ids: Vec<String> = patterns.iter().map(|p| p.id.clone()).collect();
            let mut first_seen: std::collections::HashMap<String, (String, Pos)> =
                Default::default();
            for file in files.iter().filter(|f| is_rule_file(&f.path)) {
                let Some(node) = single_doc(file, &parse, &mut diags) else {
                    continue;
                };
                let mut r = Reader::new(&file.display);
                for item in rule_items(&node, &mut r) {
                    let Some(rule) = rule::read_rule(item, &file.path, catalog, &ids, &mut r)
                    else {
                        continue;
                    };
                    if let Some((other, pos)) = first_seen.get(&rule.id) {
                        r.rule = Some(rule.id.clone());
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
            (Some(meta), Some(catalog), Some(patterns)) if diags.is_empty() => {
                let hybrid = patterns.iter().position(|p| p.id == HYBRID);
                Ok(RulePack {
                    meta,
                    catalog,
                    patterns,
                    rules,
                    hybrid,
                    origin: origin.to_string(),
                    files,
                    sha256: OnceLock::new(),
                    thresholds: OnceLock::new(),
                    readers: OnceLock::new(),
                })
            }
            _ => Err(Diagnostics(diags)),
        }
    }

    /// Index of a pattern by id.
    pub fn pattern_index(&self, id: &str) -> Option<usize> {
        self.patterns.iter().position(|p| p.id == id)
    }

    /// The id of pattern `i` (an index the engine produced).
    pub fn pattern_id(&self, i: usize) -> &str {
        self.patterns.get(i).map_or("?", |p| p.id.as_str())
    }

    pub fn rule(&self, i: usize) -> Option<&Rule> {
        self.rules.get(i)
    }

    /// SHA-256 over every file of the pack (path and content, in path order), so a result can be
    /// traced to the exact rules that produced it. Computed once, on first use (for the
    /// built-in pack, at build time).
    pub fn sha256(&self) -> &str {
        self.sha256.get_or_init(|| self.compute_sha256())
    }

    fn compute_sha256(&self) -> String {
        {
            let mut files: Vec<&PackFile> = self.files.iter().collect();
            files.sort_by(|a, b| a.path.cmp(&b.path));
            let mut hasher = Sha256::new();
            for f in files {
                hasher.update(f.path.as_bytes());
                hasher.update([0]);
                hasher.update(f.text.as_bytes());
                hasher.update([0]);
            }
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        }
    }

    /// For integer field `field`: the values on both sides of every constant the rules compare
    /// it with, sorted and unique. The decision can only change at these values, so the what-if
    /// search tries nothing else.
    pub fn thresholds(&self, field: usize) -> &[i64] {
        let all = self.thresholds.get_or_init(|| {
            let mut per_field = vec![Vec::new(); self.catalog.len()];
            for rule in &self.rules {
                rule.when.visit_thresholds(&mut |f, c| {
                    if let Some(list) = per_field.get_mut(f) {
                        list.extend([c.saturating_sub(1), c, c.saturating_add(1)]);
                    }
                });
            }
            for list in &mut per_field {
                list.sort_unstable();
                list.dedup();
            }
            per_field
        });
        all.get(field).map_or(&[], Vec::as_slice)
    }

    /// Indices (in pack order) of the rules whose condition reads field `field`. Changing one
    /// field can only change these rules' outcome, so the what-if search re-evaluates only them.
    pub fn rules_reading(&self, field: usize) -> &[usize] {
        let all = self.readers.get_or_init(|| {
            let mut per_field: Vec<Vec<usize>> = vec![Vec::new(); self.catalog.len()];
            for (i, rule) in self.rules.iter().enumerate() {
                rule.when.visit_fields(&mut |f| {
                    if let Some(list) = per_field.get_mut(f) {
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                });
            }
            per_field
        });
        all.get(field).map_or(&[], Vec::as_slice)
    }

    /// The test-case files (`tests/*.yaml`), read on demand so `recommend` never pays for them.
    pub fn test_files(&self) -> impl Iterator<Item = &PackFile> {
        self.files.iter().filter(|f| f.path.starts_with("tests/"))
    }
}

fn is_rule_file(path: &str) -> bool {
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
        name: name?,
        version: version?,
        description,
        source,
        close_call_margin: margin.max(0.0),
        components_rule,
    })
}

fn read_components_rule(node: &Node, r: &mut Reader<'_>) -> Option<ComponentsRule> {
    let f = r.mapping(node, "components_rule", &["id", "because", "source"])?;
    Some(ComponentsRule {
        id: r.req_str(&f, "id", "components_rule")?,
        because: r.req_str(&f, "because", "components_rule")?,
        source: r.req_str(&f, "source", "components_rule")?,
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
        title: r.req_str(f, "title", &what)?,
        summary: r.req_str(f, "summary", &what)?,
        tradeoffs: r.str_list(f, "tradeoffs"),
        practices: r.str_list(f, "practices"),
        revisit: r.str_list(f, "revisit"),
        source: r.req_str(f, "source", &what)?,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_pack_parsed_at_build_time_is_the_pack_parsed_now() {
        let pack = RulePack::embedded().unwrap();
        assert_eq!(pack.sha256(), pack.compute_sha256());
        let files = pack.files.clone();
        let fresh = RulePack::from_files(files, "embedded").unwrap();
        assert_eq!(format!("{:?}", pack.rules), format!("{:?}", fresh.rules));
        assert_eq!(
            format!("{:?}", pack.catalog.fields),
            format!("{:?}", fresh.catalog.fields)
        );
        assert_eq!(
            format!("{:?}", pack.patterns),
            format!("{:?}", fresh.patterns)
        );
        assert_eq!(format!("{:?}", pack.meta), format!("{:?}", fresh.meta));
        assert_eq!(
            embedded::EMBEDDED_PARSED.len(),
            8,
            "every top-level pack file"
        );
    }
}
