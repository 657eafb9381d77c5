//! Renderers: one per output format, each a function from evaluations to text.
//!
//! Renderers look names and because-texts up in the pack but decide nothing: everything about
//! the decision is already in the [`Evaluation`](crate::engine::Evaluation).

pub mod check;
pub mod diff;
pub mod json;
pub mod markdown;
pub mod text;

use crate::engine::Evaluation;
use crate::pack::RulePack;
use crate::profile::Profile;

/// One evaluated profile, with what it was evaluated against.
pub struct Item<'a> {
    pub pack: &'a RulePack,
    pub profile: &'a Profile,
    pub eval: &'a Evaluation,
}

/// Choices that change how a report looks, not what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colour (only for a terminal, and never with `NO_COLOR`).
    pub color: bool,
    /// List every rule that fired, with its effect.
    pub explain: bool,
}

/// A score as reports print it: one decimal.
pub fn score(s: f64) -> String {
    format!("{s:.1}")
}

/// A rule effect with its sign: `+3.0`, `-1.5`.
pub fn effect(s: f64) -> String {
    format!("{s:+.1}")
}
