//! Comparing two packs over a set of profiles: the review step before a team merges a change
//! to its pack. Every profile is evaluated under both packs (each with its own catalog); where
//! the recommendation changes, the rules that were added, removed or changed between the packs
//! and that fired on either side are named as the cause.

use crate::engine::{Engine, Evaluation};
use crate::pack::{Diagnostic, Rule, RulePack};
use crate::profile;
use std::collections::BTreeMap;

/// How a rule differs between the packs. Wording changes (`because`, `source`) are not listed:
/// they cannot change an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// Which of the two packs something holds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Old,
    New,
    Both,
}

impl Side {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
            Side::Both => "both",
        }
    }
}

/// A changed rule that fired for a profile whose recommendation changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cause {
    pub rule: String,
    pub change: Change,
    /// Under which pack it fired.
    pub fired: Side,
}

/// What happened to one profile.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Status {
    /// The same recommendation under both packs.
    Same(String),
    Changed {
        from: String,
        to: String,
        causes: Vec<Cause>,
    },
    /// Valid under one pack only: which one rejects it, and why.
    Invalid {
        under: Side,
        problems: Vec<Diagnostic>,
    },
}

/// One profile of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub name: String,
    pub source: String,
    pub status: Status,
}

/// Two packs, ready to compare profiles under both.
pub(crate) struct PackDiff<'p> {
    pub old: Engine<'p>,
    pub new: Engine<'p>,
    /// Rule id → how it changed, in id order.
    pub changes: BTreeMap<String, Change>,
}

impl<'p> PackDiff<'p> {
    pub(crate) fn new(old: &'p RulePack, new: &'p RulePack) -> Self {
        PackDiff {
            changes: rule_changes(old, new),
            old: Engine::new(old),
            new: Engine::new(new),
        }
    }

    /// Every profile of one file, compared. A document invalid under both packs is not an
    /// entry: its problems are returned instead.
    pub(crate) fn compare(
        &self,
        text: &str,
        shown: &str,
        stem: &str,
    ) -> Vec<Result<Comparison, Vec<Diagnostic>>> {
        let before = profile::parse_stream(text, shown, stem, self.old.pack);
        let after = profile::parse_stream(text, shown, stem, self.new.pack);
        before
            .into_iter()
            .zip(after)
            .map(|pair| {
                let (name, status) = match pair {
                    (Err(problems), Err(_)) => return Err(problems),
                    (Err(problems), Ok(p)) => (
                        p.name,
                        Status::Invalid {
                            under: Side::Old,
                            problems,
                        },
                    ),
                    (Ok(p), Err(problems)) => (
                        p.name,
                        Status::Invalid {
                            under: Side::New,
                            problems,
                        },
                    ),
                    (Ok(a), Ok(b)) => {
                        let status = self.status(&self.old.evaluate(&a), &self.new.evaluate(&b));
                        (a.name, status)
                    }
                };
                Ok(Comparison {
                    name,
                    source: shown.to_string(),
                    status,
                })
            })
            .collect()
    }

    fn status(&self, before: &Evaluation, after: &Evaluation) -> Status {
        let from = self.old.pack.pattern_id(before.recommendation).to_string();
        let to = self.new.pack.pattern_id(after.recommendation).to_string();
        if from == to {
            return Status::Same(from);
        }
        let fa = fired_ids(self.old.pack, before);
        let fb = fired_ids(self.new.pack, after);
        let causes = self
            .changes
            .iter()
            .filter_map(|(id, &change)| {
                let fired = match (fa.contains(id), fb.contains(id)) {
                    (true, true) => Side::Both,
                    (true, false) => Side::Old,
                    (false, true) => Side::New,
                    (false, false) => return None,
                };
                Some(Cause {
                    rule: id.clone(),
                    change,
                    fired,
                })
            })
            .collect();
        Status::Changed { from, to, causes }
    }
}

/// Rule id → how it changed, in id order.
fn rule_changes(old: &RulePack, new: &RulePack) -> BTreeMap<String, Change> {
    // What decides: the pattern, the effect, the condition and what it judges (a new scope
    // changes which components the rule reaches).
    let logic = |pack: &RulePack, r: &Rule| {
        (
            pack.pattern_id(r.pattern).to_string(),
            r.effect.to_string(),
            r.when.describe(&pack.catalog),
            r.scope,
        )
    };
    let mut changes = BTreeMap::new();
    for r in &old.rules {
        match new.rules.iter().find(|n| n.id == r.id) {
            None => {
                changes.insert(r.id.to_string(), Change::Removed);
            }
            Some(n) if logic(old, r) != logic(new, n) => {
                changes.insert(r.id.to_string(), Change::Changed);
            }
            Some(_) => {}
        }
    }
    for n in &new.rules {
        if !old.rules.iter().any(|r| r.id == n.id) {
            changes.insert(n.id.to_string(), Change::Added);
        }
    }
    changes
}

/// The ids of every rule that fired for the system or a component, sorted.
fn fired_ids(pack: &RulePack, eval: &Evaluation) -> Vec<String> {
    let mut ids: Vec<String> = eval
        .system
        .fired
        .iter()
        .chain(eval.components.iter().flat_map(|c| c.outcome.fired.iter()))
        .map(|&i| pack.rules[i].id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
