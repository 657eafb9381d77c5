//! The rule-pack model of archfit: what a pack is (catalog, patterns, rules, with typed ids),
//! how one is read from YAML and validated, and its compiled form.
//!
//! A pack is a directory of YAML files: `pack.yaml` (name, version, settings), `catalog.yaml`
//! (profile fields), `patterns.yaml` (the architectures, simplest first), any number of rule
//! files (every other `*.yaml` at the top level) and `tests/` (cases the pack must pass).
//! Loading is validation: every problem in every file is reported with its file, line and
//! column ([`RulePack::from_files`]).
//!
//! It is its own crate because the build of the archfit binary needs it: `build.rs` compiles
//! the default pack with this loader ([`embed`]), so a broken `rules/` fails the build and the
//! binary starts without parsing any YAML ([`codec`]).
//!
//! The YAML reading the loader rests on ([`yaml`], [`read`], [`diag`], [`suggest`]) lives here
//! too, and archfit's profile parser uses it as well.

pub mod catalog;
pub mod codec;
pub mod diag;
pub mod embed;
mod id;
pub mod limits;
mod load;
mod model;
mod pack;
pub mod printable;
pub mod read;
pub mod rule;
pub mod suggest;
pub mod yaml;

pub use catalog::{Catalog, Field, Kind, Link, Value};
pub use diag::{Diagnostic, Diagnostics};
pub use id::{FieldId, Id, IdVec, PatternId, RuleId};
pub use load::{compile, is_rule_file, CATALOG_FILE, META_FILE, PATTERNS_FILE};
pub use model::{Compiled, ComponentsRule, Direction, Meta, PackFile, Pattern, HYBRID};
pub use pack::{sha256, RulePack};
pub use rule::{Cond, Effect, Op, Rule, Scope};

/// A text of a pack. The built-in pack's texts borrow from the binary (no copy at start-up);
/// a pack read from a directory owns them.
pub type Text = std::borrow::Cow<'static, str>;

#[cfg(test)]
pub(crate) mod fixture;
