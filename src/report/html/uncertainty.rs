//! How sure the answer is, for profiles with uncertain fields: the place on the page for the
//! chart of the share of completions each pattern wins and the unknowns that decide it.
//!
//! Profiles cannot hold uncertain answers yet (`unknown`, sets and ranges come with
//! `schema_version` 2, see the contract), so the evaluation carries nothing to draw and this
//! section is empty. When the evaluation says how sure it is, this is the one function to
//! fill: `profile::body` already calls it right after the ranking, and `charts` has the bar
//! helpers (`Scale`, and the table-of-bars layout `ranking` uses) to draw the shares with.

use crate::pack::RulePack;
use crate::report::Item;
use maud::Markup;

/// The "how sure is this" section of one profile's page, or `None` when the profile has no
/// uncertain field (today, always).
pub(super) fn section(_pack: &RulePack, _item: &Item<'_>) -> Option<Markup> {
    None
}
