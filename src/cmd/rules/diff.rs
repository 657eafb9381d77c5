//! `archfit rules diff OLD NEW PATH...`: the review step before a team merges a change to its
//! pack. Every profile is evaluated under both packs (each with its own catalog); where the
//! recommendation changes, the rules that were added, removed or changed between the packs and
//! that fired on either side are named as the cause.

use crate::cli::{DataFormat, Exit};
use crate::diag::Diagnostic;
use crate::engine::{self, Evaluation};
use crate::input;
use crate::pack::RulePack;
use crate::profile;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

/// How a rule differs between the packs. Wording changes (`because`, `source`) are not listed:
/// they cannot change an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// Rule id → how it changed, in id order.
fn rule_changes(old: &RulePack, new: &RulePack) -> BTreeMap<String, Change> {
    let logic = |pack: &RulePack, r: &crate::pack::rule::Rule| {
        (
            pack.pattern_id(r.pattern).to_string(),
            super::effect_text(r),
            r.when.describe(&pack.catalog),
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

fn fired_ids(pack: &RulePack, eval: &Evaluation) -> Vec<String> {
    let mut ids: Vec<String> = eval
        .system
        .fired
        .iter()
        .chain(eval.components.iter().flat_map(|c| c.outcome.fired.iter()))
        .filter_map(|&i| pack.rule(i))
        .map(|r| r.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

struct Cause {
    rule: String,
    change: Change,
    /// `old`, `new` or `both`.
    fired: &'static str,
}

enum Status {
    Same(String),
    Changed {
        from: String,
        to: String,
        causes: Vec<Cause>,
    },
    /// Valid under one pack only: which one rejects it, and why.
    Invalid {
        under: &'static str,
        problems: Vec<Diagnostic>,
    },
}

struct Entry {
    name: String,
    source: String,
    status: Status,
}

pub fn run(
    old: &RulePack,
    new: &RulePack,
    paths: &[String],
    format: DataFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let changes = rule_changes(old, new);
    let mut entries = Vec::new();
    let mut invalid = false;
    for source in input::expand(paths) {
        let (source, text) = match source.and_then(|s| s.read().map(|t| (s, t))) {
            Ok(st) => st,
            Err(d) => {
                invalid = true;
                super::super::print_problem(err, &d)?;
                continue;
            }
        };
        let shown = source.display();
        let stem = source.stem();
        let before = profile::parse_stream(&text, &shown, &stem, old);
        let after = profile::parse_stream(&text, &shown, &stem, new);
        for (a, b) in before.into_iter().zip(after) {
            let status = match (a, b) {
                (Err(da), Err(_)) => {
                    invalid = true;
                    for d in &da {
                        super::super::print_problem(err, d)?;
                    }
                    continue;
                }
                (Err(problems), Ok(p)) => (
                    p.name.clone(),
                    Status::Invalid {
                        under: "old",
                        problems,
                    },
                ),
                (Ok(p), Err(problems)) => (
                    p.name.clone(),
                    Status::Invalid {
                        under: "new",
                        problems,
                    },
                ),
                (Ok(pa), Ok(pb)) => {
                    let ea = engine::evaluate(old, &pa);
                    let eb = engine::evaluate(new, &pb);
                    let from = old.pattern_id(ea.recommendation).to_string();
                    let to = new.pattern_id(eb.recommendation).to_string();
                    if from == to {
                        (pa.name.clone(), Status::Same(from))
                    } else {
                        let fa = fired_ids(old, &ea);
                        let fb = fired_ids(new, &eb);
                        let causes = changes
                            .iter()
                            .filter_map(|(id, &change)| {
                                let fired = match (fa.contains(id), fb.contains(id)) {
                                    (true, true) => "both",
                                    (true, false) => "old",
                                    (false, true) => "new",
                                    (false, false) => return None,
                                };
                                Some(Cause {
                                    rule: id.clone(),
                                    change,
                                    fired,
                                })
                            })
                            .collect();
                        (pa.name.clone(), Status::Changed { from, to, causes })
                    }
                }
            };
            entries.push(Entry {
                name: status.0,
                source: shown.clone(),
                status: status.1,
            });
        }
    }
    let rendered = match format {
        DataFormat::Text => text(old, new, &changes, &entries),
        DataFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(old, new, &changes, &entries))?;
            s.push('\n');
            s
        }
    };
    out.write_all(rendered.as_bytes())?;
    Ok(if invalid {
        Exit::Invalid
    } else {
        Exit::Success
    })
}

fn text(
    old: &RulePack,
    new: &RulePack,
    changes: &BTreeMap<String, Change>,
    entries: &[Entry],
) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    let changed = entries
        .iter()
        .filter(|e| matches!(e.status, Status::Changed { .. }))
        .count();
    line(format!(
        "{} {} -> {} {}: {changed} of {} profiles change recommendation",
        old.meta.name,
        old.meta.version,
        new.meta.name,
        new.meta.version,
        entries.len()
    ));
    let count = |c: Change| changes.values().filter(|&&x| x == c).count();
    line(format!(
        "rules: {} added, {} removed, {} changed",
        count(Change::Added),
        count(Change::Removed),
        count(Change::Changed)
    ));
    let mut same = Vec::new();
    for e in entries {
        match &e.status {
            Status::Same(p) => same.push(format!("{} ({p})", e.name)),
            Status::Changed { from, to, causes } => {
                line(format!(
                    "changed  {} ({}): {from} -> {to}",
                    e.name, e.source
                ));
                if causes.is_empty() {
                    line("         no changed rule fired: the catalog or pack settings made the difference".to_string());
                }
                for c in causes {
                    line(format!(
                        "         {} {} (fired in {})",
                        c.change.name(),
                        c.rule,
                        c.fired
                    ));
                }
            }
            Status::Invalid { under, problems } => {
                line(format!(
                    "invalid  {} ({}) under the {under} pack:",
                    e.name, e.source
                ));
                for d in problems {
                    line(format!("         {d}"));
                }
            }
        }
    }
    if !same.is_empty() {
        line(format!("unchanged: {}", same.join(", ")));
    }
    s
}

fn to_json(
    old: &RulePack,
    new: &RulePack,
    changes: &BTreeMap<String, Change>,
    entries: &[Entry],
) -> serde_json::Value {
    let pack = |p: &RulePack| json!({"name": p.meta.name, "version": p.meta.version, "sha256": p.sha256()});
    let profiles: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| match &e.status {
            Status::Same(p) => json!({
                "profile": e.name, "source": e.source, "old": p, "new": p, "changed": false,
            }),
            Status::Changed { from, to, causes } => json!({
                "profile": e.name, "source": e.source, "old": from, "new": to, "changed": true,
                "causes": causes.iter().map(|c| json!({
                    "rule": c.rule, "change": c.change.name(), "fired": c.fired,
                })).collect::<Vec<_>>(),
            }),
            Status::Invalid { under, problems } => json!({
                "profile": e.name, "source": e.source, "invalid_under": under,
                "problems": problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }),
        })
        .collect();
    json!({
        "schema_version": crate::report::json::SCHEMA_VERSION,
        "old": pack(old),
        "new": pack(new),
        "rule_changes": changes.iter().map(|(id, c)| json!({"rule": id, "change": c.name()})).collect::<Vec<_>>(),
        "profiles": profiles,
    })
}
