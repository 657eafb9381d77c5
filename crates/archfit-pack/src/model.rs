//! The parts of a pack that are plain data: its patterns, its settings, its files, and all of
//! it validated and compiled.

use crate::catalog::{Catalog, Value};
use crate::id::{FieldId, IdVec, PatternId, RuleId};
use crate::rule::Rule;
use crate::yaml::Pos;
use crate::Text;

/// The id of the pattern components make a system into.
pub const HYBRID: &str = "hybrid";

/// One architecture pattern and what the pack says about living with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: Text,
    pub title: Text,
    pub summary: Text,
    pub tradeoffs: Vec<Text>,
    pub practices: Vec<Text>,
    pub revisit: Vec<Text>,
    pub source: Text,
    /// Where `patterns.yaml` defines it.
    pub pos: Pos,
}

/// The reason given when components make a system hybrid.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentsRule {
    pub id: Text,
    pub because: Text,
    pub source: Text,
}

/// Name, version and settings from `pack.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub name: Text,
    pub version: Text,
    pub description: Text,
    pub source: Text,
    /// A runner-up this close is a "close call", and a current architecture this close still fits.
    pub close_call_margin: f64,
    pub components_rule: Option<ComponentsRule>,
    /// The sections of the source a rule may cite; empty when the pack does not list them.
    pub sections: Vec<Text>,
    /// How patterns must move as a field moves, which `rules lint` proves over the whole
    /// profile space.
    pub directions: Vec<Direction>,
}

/// A direction the pack promises: as `field` moves along `order`, each pattern of `never_down`
/// never loses standing and each of `never_up` never gains it (standing: not vetoed above
/// vetoed, then the score).
#[derive(Debug, Clone, PartialEq)]
pub struct Direction {
    pub field: FieldId,
    /// The values in the direction's order, for booleans and enums (false then true, or the
    /// catalog's order unless the pack gives another); empty for integers, which rise.
    pub order: Vec<Value>,
    pub never_down: Vec<PatternId>,
    pub never_up: Vec<PatternId>,
    /// Where `pack.yaml` states it.
    pub pos: Pos,
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

/// Everything a pack says, validated: what loading the YAML gives and what the built-in pack
/// embeds in compiled form (see [`crate::codec`]).
#[derive(Debug, PartialEq)]
pub struct Compiled {
    pub meta: Meta,
    pub catalog: Catalog,
    /// Simplest first: a tie in score goes to the earlier pattern.
    pub patterns: IdVec<PatternId, Pattern>,
    pub rules: IdVec<RuleId, Rule>,
}
