//! `accepted:`, a team's recorded decision to keep a `current:` architecture that archfit
//! disagrees with: why, and until when. `archfit check` passes such a misfit as accepted until
//! the date and fails it again after, so an exception is reviewed instead of forgotten (as
//! cargo-deny's ignore entries carry a reason, or Conftest's exceptions an end date).
//!
//! ```yaml
//! current: microservices
//! accepted:
//!   reason: Split for the 2025 reorganisation; merging back is planned for Q3.
//!   until: 2026-09-30
//! ```
//!
//! Both keys are required: an acceptance without a reason cannot be reviewed, and one without a
//! date would never be.

use super::Validator;
use crate::pack::yaml::{shorten, Node};
use crate::pack::{suggest, Pos};

/// A misfit the team keeps knowingly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// Why the team keeps the architecture.
    pub reason: String,
    /// The last day the acceptance holds, as `YYYY-MM-DD`.
    pub until: String,
    /// Where the `accepted:` key is.
    pub pos: Pos,
    /// Where the `until:` value is, for the error once it has passed.
    pub until_pos: Pos,
}

impl Acceptance {
    /// Whether the acceptance still holds on `today` (`YYYY-MM-DD`): through its last day.
    pub fn holds_on(&self, today: &str) -> bool {
        // Dates of the same fixed shape compare as text.
        today <= self.until.as_str()
    }
}

/// The keys of `accepted:`.
const KEYS: [&str; 2] = ["reason", "until"];

/// What an `accepted:` looks like, for hints.
const EXAMPLE: &str =
    "accepted: { reason: \"why the team keeps it\", until: 2026-12-31 } (the last day it holds)";

impl Validator<'_> {
    /// Validates the value of `accepted:` (the key at `key`), reporting every problem.
    pub(super) fn accepted(&mut self, key: &Node, node: &Node) -> Option<Acceptance> {
        let Some(entries) = node.as_map() else {
            self.error(
                node.pos,
                format!(
                    "`accepted` must be a mapping with `reason` and `until`, found {}",
                    node.kind_name()
                ),
                Some(EXAMPLE.to_string()),
            );
            return None;
        };
        let mut reason = None;
        let mut until = None;
        for (k, v) in entries {
            match k.key_str().as_ref() {
                "reason" => match v.as_str().map(str::trim) {
                    Some(text) if !text.is_empty() => reason = Some(text.to_string()),
                    Some(_) => {
                        self.error(
                            v.pos,
                            "`accepted.reason` must not be empty: say why the team keeps this architecture",
                            None,
                        );
                    }
                    None => {
                        self.error(
                            v.pos,
                            format!("`accepted.reason` must be text, found {}", v.kind_name()),
                            Some("quote it: reason: \"…\"".to_string()),
                        );
                    }
                },
                "until" => {
                    let checked = v
                        .as_str()
                        .ok_or_else(|| {
                            format!(
                                "`accepted.until` must be a date (YYYY-MM-DD), found {}",
                                v.kind_name()
                            )
                        })
                        .and_then(|text| {
                            crate::date::parse(text).map_err(|e| format!("`accepted.until`: {e}"))
                        });
                    match checked {
                        Ok(date) => until = Some((date, v.pos)),
                        Err(message) => {
                            self.error(v.pos, message, None);
                        }
                    }
                }
                other => {
                    let hint = suggest::did_you_mean(other, KEYS).unwrap_or_else(|| {
                        format!(
                            "`accepted` takes only {}",
                            KEYS.map(|k| format!("`{k}`")).join(" and ")
                        )
                    });
                    self.error(
                        k.pos,
                        format!("unknown key `{}` in `accepted`", shorten(other)),
                        Some(hint),
                    );
                }
            }
        }
        // A key that was given but invalid has been reported already.
        let given = |name: &str| entries.iter().any(|(k, _)| k.key_str() == name);
        if !given("reason") {
            self.error(
                key.pos,
                "`accepted` needs a `reason`: why the team keeps an architecture archfit disagrees with",
                Some(EXAMPLE.to_string()),
            );
        }
        if !given("until") {
            self.error(
                key.pos,
                "`accepted` needs `until`: the last day (YYYY-MM-DD) it holds, so the decision is reviewed",
                Some(EXAMPLE.to_string()),
            );
        }
        // Whatever else is wrong has been reported, and the profile is refused with it.
        let (reason, (until, until_pos)) = (reason?, until?);
        Some(Acceptance {
            reason,
            until,
            pos: key.pos,
            until_pos,
        })
    }
}
