//! `rules diff`: which recommendations change between two packs, for people and as JSON.

use crate::pack::printable::printable;
use crate::pack::RulePack;
use crate::report::json::{write, SCHEMA_VERSION};
use crate::rules::diff::{Change, Comparison, Status};
use serde_json::json;
use std::collections::BTreeMap;

/// The comparison for people: a headline, then one line per profile whose recommendation
/// changed (with its causes) or that only one pack accepts, then the unchanged ones.
pub(crate) fn text(
    old: &RulePack,
    new: &RulePack,
    changes: &BTreeMap<String, Change>,
    entries: &[Comparison],
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
            Status::Same(p) => same.push(format!("{} ({p})", printable(&e.name))),
            Status::Changed { from, to, causes } => {
                line(format!(
                    "changed  {} ({}): {from} -> {to}",
                    printable(&e.name),
                    e.source
                ));
                if causes.is_empty() {
                    line("         no changed rule fired: the catalog or pack settings made the difference".to_string());
                }
                for c in causes {
                    line(format!(
                        "         {} {} (fired in {})",
                        c.change.name(),
                        c.rule,
                        c.fired.name()
                    ));
                }
            }
            Status::Invalid { under, problems } => {
                line(format!(
                    "invalid  {} ({}) under the {} pack:",
                    printable(&e.name),
                    e.source,
                    under.name()
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

/// The comparison as one JSON document.
pub(crate) fn json(
    old: &RulePack,
    new: &RulePack,
    changes: &BTreeMap<String, Change>,
    entries: &[Comparison],
) -> String {
    write::document(&to_json(old, new, changes, entries))
}

fn to_json(
    old: &RulePack,
    new: &RulePack,
    changes: &BTreeMap<String, Change>,
    entries: &[Comparison],
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
                    "rule": c.rule, "change": c.change.name(), "fired": c.fired.name(),
                })).collect::<Vec<_>>(),
            }),
            Status::Invalid { under, problems } => json!({
                "profile": e.name, "source": e.source, "invalid_under": under.name(),
                "problems": problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }),
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "old": pack(old),
        "new": pack(new),
        "rule_changes": changes.iter().map(|(id, c)| json!({"rule": id, "change": c.name()})).collect::<Vec<_>>(),
        "profiles": profiles,
    })
}
