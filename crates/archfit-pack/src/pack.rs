//! A rule pack: the decision framework as data, validated.

use crate::catalog::Catalog;
use crate::diag::Diagnostics;
use crate::id::{Id, IdVec, PatternId, RuleId};
use crate::model::{Compiled, Meta, PackFile, Pattern, HYBRID};
use crate::rule::Rule;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A loaded, validated rule pack.
#[derive(Debug)]
pub struct RulePack {
    pub meta: Meta,
    pub catalog: Catalog,
    /// Simplest first: a tie in score goes to the earlier pattern.
    pub patterns: IdVec<PatternId, Pattern>,
    pub rules: IdVec<RuleId, Rule>,
    /// Where the pack came from: `embedded` or the directory.
    pub origin: String,
    pub files: Vec<PackFile>,
    hybrid: Option<PatternId>,
    sha256: OnceLock<String>,
}

impl RulePack {
    /// Validates a pack from its files. Every problem in every file is reported.
    pub fn from_files(files: Vec<PackFile>, origin: &str) -> Result<RulePack, Diagnostics> {
        match crate::load::compile(&files, origin) {
            Ok(compiled) => Ok(Self::from_compiled(compiled, files, origin)),
            Err(diags) => Err(Diagnostics(diags)),
        }
    }

    /// A pack from its compiled form (validated already) and its files.
    pub fn from_compiled(compiled: Compiled, files: Vec<PackFile>, origin: &str) -> RulePack {
        let Compiled {
            meta,
            catalog,
            patterns,
            rules,
        } = compiled;
        RulePack {
            hybrid: patterns.position(|p| p.id == HYBRID),
            meta,
            catalog,
            patterns,
            rules,
            origin: origin.to_string(),
            files,
            sha256: OnceLock::new(),
        }
    }

    /// The same pack, with its hash already known (the built-in pack's is computed when
    /// archfit is built, by [`sha256`]).
    pub fn with_sha256(self, hex: String) -> RulePack {
        let _ = self.sha256.set(hex);
        self
    }

    /// A pattern by id.
    pub fn pattern_index(&self, id: &str) -> Option<PatternId> {
        self.patterns.position(|p| p.id == id)
    }

    /// The id text of a pattern (`monolith`).
    pub fn pattern_id(&self, p: PatternId) -> &str {
        &self.patterns[p].id
    }

    /// The simplest pattern, the first of the pack. Every pack has one: loading and decoding
    /// both refuse a pack without patterns.
    pub fn simplest(&self) -> PatternId {
        PatternId::from_index(0)
    }

    /// The `hybrid` pattern, which components can make the system's answer.
    pub fn hybrid(&self) -> Option<PatternId> {
        self.hybrid
    }

    /// SHA-256 over every file of the pack, so a result can be traced to the exact rules that
    /// produced it. Computed once, on first use.
    pub fn sha256(&self) -> &str {
        self.sha256.get_or_init(|| sha256(&self.files))
    }

    /// The test-case files (`tests/*.yaml`), read on demand so `recommend` never pays for them.
    pub fn test_files(&self) -> impl Iterator<Item = &PackFile> {
        self.files.iter().filter(|f| f.path.starts_with("tests/"))
    }

    /// The file a rule or diagnostic names by its path in the pack, as shown to people.
    pub fn shown_path(&self, path: &str) -> String {
        self.files.iter().find(|f| f.path == path).map_or_else(
            || format!("{}/{path}", self.origin),
            |f| f.display.to_string(),
        )
    }
}

/// The content hash of a pack: SHA-256 over each file's path, a NUL, its text and a NUL, in
/// path order. The only definition of a pack's hash, used at run time and by the build.
pub fn sha256(files: &[PackFile]) -> String {
    let mut files: Vec<&PackFile> = files.iter().collect();
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
