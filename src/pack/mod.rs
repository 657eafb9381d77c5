//! Rule packs: the decision framework as data.
//!
//! A pack is a directory of YAML files: `pack.yaml` (name, version, settings), `catalog.yaml`
//! (profile fields), `patterns.yaml` (the architectures, simplest first), any number of rule
//! files (every other `*.yaml` at the top level) and `tests/` (cases the pack must pass). The
//! default pack is `rules/` in this repository, embedded into the binary by `build.rs`.
//!
//! Loading is validation (see [`load`]); the default pack is validated and compiled when archfit
//! is built, so starting archfit only decodes it (see [`codec`]).

pub mod catalog;
pub mod codec;
pub mod load;
pub mod rule;
pub mod sat;

use crate::diag::{Diagnostic, Diagnostics};
use crate::input;
use crate::yaml;
use catalog::Catalog;
pub use load::{Compiled, ComponentsRule, Meta, PackFile, Pattern};
use rule::Rule;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));
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

impl RulePack {
    /// The default pack compiled into the binary. `build.rs` validated and compiled it; if the
    /// pack in `rules/` did not compile then, it is loaded from its text here, so its problems
    /// are reported like those of any pack.
    pub fn embedded() -> Result<RulePack, Diagnostics> {
        let files: Vec<PackFile> = embedded::EMBEDDED_PACK
            .iter()
            .map(|&(path, display, text)| PackFile {
                path: path.into(),
                display: display.into(),
                text: text.into(),
            })
            .collect();
        let pack = match codec::decode(embedded::EMBEDDED_COMPILED, embedded::EMBEDDED_STRINGS) {
            Some(compiled) => Self::new(compiled, files, "embedded"),
            None => Self::from_files(files, "embedded")?,
        };
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
                    path: rel.into(),
                    display: path.display().to_string().into(),
                    text: text.into(),
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
        match load::compile(&files, origin, |file| yaml::parse(&file.text)) {
            Ok(compiled) => Ok(Self::new(compiled, files, origin)),
            Err(diags) => Err(Diagnostics(diags)),
        }
    }

    /// Builds the pack from its compiled form and its files.
    fn new(compiled: Compiled, files: Vec<PackFile>, origin: &str) -> RulePack {
        let Compiled {
            meta,
            catalog,
            patterns,
            rules,
        } = compiled;
        let hybrid = patterns.iter().position(|p| p.id == HYBRID);
        RulePack {
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
        }
    }

    /// Index of a pattern by id.
    pub fn pattern_index(&self, id: &str) -> Option<usize> {
        self.patterns.iter().position(|p| p.id == id)
    }

    /// The id of pattern `i` (an index the engine produced).
    pub fn pattern_id(&self, i: usize) -> &str {
        self.patterns.get(i).map_or("?", |p| &*p.id)
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pack's contents, as compared by [`assert_same_contents`].
    pub(crate) type Contents<'a> = (&'a Meta, &'a Catalog, &'a [Pattern], &'a [Rule]);

    /// Two packs say the same, field by field (the catalog's name index is a HashMap, whose
    /// Debug order varies, so it is compared by lookups instead).
    pub(crate) fn assert_same_contents(a: Contents<'_>, b: Contents<'_>) {
        assert_eq!(format!("{:?}", a.0), format!("{:?}", b.0));
        assert_eq!(format!("{:?}", a.1.fields), format!("{:?}", b.1.fields));
        assert_eq!(format!("{:?}", a.2), format!("{:?}", b.2));
        assert_eq!(format!("{:?}", a.3), format!("{:?}", b.3));
        for (i, name) in a.1.names().enumerate() {
            assert_eq!(b.1.index_of(name), Some(i));
        }
    }

    #[test]
    fn the_built_in_pack_compiled_at_build_time_is_the_pack_loaded_now() {
        assert!(
            codec::decode(embedded::EMBEDDED_COMPILED, embedded::EMBEDDED_STRINGS).is_some(),
            "build.rs compiled rules/"
        );
        let pack = RulePack::embedded().unwrap();
        assert_eq!(pack.sha256(), pack.compute_sha256());
        let fresh = RulePack::from_files(pack.files.clone(), "embedded").unwrap();
        assert_same_contents(
            (&pack.meta, &pack.catalog, &pack.patterns, &pack.rules),
            (&fresh.meta, &fresh.catalog, &fresh.patterns, &fresh.rules),
        );
        assert_eq!(pack.hybrid, fresh.hybrid);
    }
}
