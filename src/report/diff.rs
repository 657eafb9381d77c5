//! `archfit diff OLD NEW`: the comparison of two profiles as text (for people) and JSON.

use super::json::{reason, PackId, Reason, SCHEMA_VERSION};
use super::{effect, score};
use crate::engine::diff::Diff;
use crate::pack::catalog::Value;
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use crate::profile::Profile;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use serde::Serialize;
use serde_json::Value as Json;

/// The two profiles compared, with their diff.
pub struct DiffItem<'a> {
    pub pack: &'a RulePack,
    pub old: &'a Profile,
    pub new: &'a Profile,
    pub diff: &'a Diff,
}

fn value_text(pack: &RulePack, field: usize, v: Value, assumed: bool) -> String {
    let text = pack
        .catalog
        .fields
        .get(field)
        .map_or_else(String::new, |f| f.format(v));
    if assumed {
        format!("{text} (assumed)")
    } else {
        text
    }
}

fn pattern_or_none(pack: &RulePack, p: Option<usize>) -> String {
    p.map_or_else(|| "(none)".to_string(), |p| pack.pattern_id(p).to_string())
}

/// The comparison for a person.
pub fn text(item: &DiffItem<'_>) -> String {
    let DiffItem {
        pack,
        old,
        new,
        diff,
    } = *item;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "{} ({})  →  {} ({})",
        old.name, old.source, new.name, new.source
    ));
    let (o, n) = (
        pack.pattern_id(diff.old_recommendation),
        pack.pattern_id(diff.new_recommendation),
    );
    if diff.recommendation_changed() {
        line(format!("Recommendation changed: {o} → {n}"));
    } else {
        line(format!("Recommendation unchanged: {n}"));
    }

    line(String::new());
    line("Changed fields".to_string());
    if diff.fields.is_empty() && diff.current.is_none() && diff.components.is_empty() {
        line("  none".to_string());
    }
    for c in &diff.fields {
        let name = pack.catalog.fields.get(c.field).map_or("?", |f| &*f.name);
        line(format!(
            "  {name}: {} → {}",
            value_text(pack, c.field, c.old, c.old_assumed),
            value_text(pack, c.field, c.new, c.new_assumed)
        ));
    }
    if let Some((a, b)) = diff.current {
        line(format!(
            "  current: {} → {}",
            pattern_or_none(pack, a),
            pattern_or_none(pack, b)
        ));
    }
    for c in &diff.components {
        let what = match (c.old, c.new) {
            (None, Some(n)) => format!("added ({})", pack.pattern_id(n)),
            (Some(o), None) => format!("removed (was {})", pack.pattern_id(o)),
            (Some(o), Some(n)) if o != n => {
                format!("{} → {}", pack.pattern_id(o), pack.pattern_id(n))
            }
            (Some(o), _) => format!("{} (unchanged)", pack.pattern_id(o)),
            (None, None) => continue,
        };
        let edited = if c.overrides_changed {
            ", its overrides changed"
        } else {
            ""
        };
        line(format!("  component {}: {what}{edited}", c.name));
    }

    line(String::new());
    line("Ranking".to_string());
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["pattern", "old", "new", "change", "rank"]);
    for m in &diff.ranking {
        let mark = |s: f64, vetoed: bool| {
            if vetoed {
                format!("{} vetoed", score(s))
            } else {
                score(s)
            }
        };
        table.add_row(vec![
            pack.pattern_id(m.pattern).to_string(),
            mark(m.old_score, m.old_vetoed),
            mark(m.new_score, m.new_vetoed),
            effect(m.delta()),
            format!("{} → {}", m.old_rank + 1, m.new_rank + 1),
        ]);
    }
    for col in 1..=3 {
        if let Some(c) = table.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    line(table.to_string());

    // First the rules on the old and new recommendation (they moved it), then the rest.
    let labelled: Vec<(&str, usize)> = diff
        .started
        .iter()
        .map(|&i| ("now fires", i))
        .chain(diff.stopped.iter().map(|&i| ("no longer fires", i)))
        .collect();
    if labelled.is_empty() {
        line(String::new());
        line("Rules that made the difference".to_string());
        line("  none: the same rules fired for both profiles".to_string());
    }
    for decisive in [true, false] {
        let rules: Vec<(&str, usize)> = labelled
            .iter()
            .copied()
            .filter(|&(_, i)| diff.moved_recommendation(pack, i) == decisive)
            .collect();
        if rules.is_empty() {
            continue;
        }
        line(String::new());
        line(if decisive {
            format!(
                "Rules that moved the recommendation from {} to {}",
                pack.pattern_id(diff.old_recommendation),
                pack.pattern_id(diff.new_recommendation)
            )
        } else if diff.recommendation_changed() {
            "Other rules that changed".to_string()
        } else {
            "Rules that changed (the recommendation held)".to_string()
        });
        for (label, i) in rules {
            let Some(r) = pack.rule(i) else { continue };
            let e = match r.effect {
                Effect::Score(s) => format!("{} {}", effect(s), pack.pattern_id(r.pattern)),
                Effect::Veto => format!("veto {}", pack.pattern_id(r.pattern)),
            };
            line(format!(
                "  {label}: {} ({e}): {} [{}]",
                r.id, r.because, r.source
            ));
        }
    }
    out
}

#[derive(Serialize)]
pub struct Report<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub recommendation_changed: bool,
    pub fields: Vec<FieldJson<'a>>,
    pub components: Vec<ComponentJson<'a>>,
    pub ranking: Vec<RankJson<'a>>,
    /// Rules that fire for the new profile only.
    pub started: Vec<RuleChange<'a>>,
    /// Rules that fired for the old profile only.
    pub stopped: Vec<RuleChange<'a>>,
    pub schema_version: u32,
    pub pack: PackId<'a>,
}

#[derive(Serialize)]
pub struct RuleChange<'a> {
    #[serde(flatten)]
    pub reason: Reason<'a>,
    /// It acts on the old or the new recommendation, and the recommendation changed.
    pub moved_recommendation: bool,
}

#[derive(Serialize)]
pub struct Side<'a> {
    pub profile: &'a str,
    pub source: &'a str,
    pub recommendation: &'a str,
    pub current: Option<&'a str>,
}

#[derive(Serialize)]
pub struct FieldJson<'a> {
    pub field: &'a str,
    pub old: Json,
    pub new: Json,
    pub old_assumed: bool,
    pub new_assumed: bool,
}

#[derive(Serialize)]
pub struct ComponentJson<'a> {
    pub name: &'a str,
    /// `null` where the component does not exist.
    pub old_recommendation: Option<&'a str>,
    pub new_recommendation: Option<&'a str>,
    pub overrides_changed: bool,
}

#[derive(Serialize)]
pub struct RankJson<'a> {
    pub pattern: &'a str,
    pub old_score: f64,
    pub new_score: f64,
    pub delta: f64,
    pub old_rank: usize,
    pub new_rank: usize,
    pub old_vetoed: bool,
    pub new_vetoed: bool,
}

/// The comparison as one pretty-printed JSON object.
pub fn json<'a>(item: &DiffItem<'a>) -> String {
    let DiffItem {
        pack,
        old,
        new,
        diff,
    } = *item;
    let side = |p: &'a Profile, rec: usize| Side {
        profile: &p.name,
        source: &p.source,
        recommendation: pack.pattern_id(rec),
        current: p.current.map(|c| pack.pattern_id(c)),
    };
    let report = Report {
        old: side(old, diff.old_recommendation),
        new: side(new, diff.new_recommendation),
        recommendation_changed: diff.recommendation_changed(),
        fields: diff
            .fields
            .iter()
            .filter_map(|c| {
                let f = pack.catalog.fields.get(c.field)?;
                Some(FieldJson {
                    field: &f.name,
                    old: f.to_json(c.old),
                    new: f.to_json(c.new),
                    old_assumed: c.old_assumed,
                    new_assumed: c.new_assumed,
                })
            })
            .collect(),
        components: diff
            .components
            .iter()
            .map(|c| ComponentJson {
                name: &c.name,
                old_recommendation: c.old.map(|p| pack.pattern_id(p)),
                new_recommendation: c.new.map(|p| pack.pattern_id(p)),
                overrides_changed: c.overrides_changed,
            })
            .collect(),
        ranking: diff
            .ranking
            .iter()
            .map(|m| RankJson {
                pattern: pack.pattern_id(m.pattern),
                old_score: m.old_score,
                new_score: m.new_score,
                delta: m.delta(),
                old_rank: m.old_rank + 1,
                new_rank: m.new_rank + 1,
                old_vetoed: m.old_vetoed,
                new_vetoed: m.new_vetoed,
            })
            .collect(),
        started: changes(pack, diff, &diff.started),
        stopped: changes(pack, diff, &diff.stopped),
        schema_version: SCHEMA_VERSION,
        pack: PackId {
            name: &pack.meta.name,
            version: &pack.meta.version,
            sha256: pack.sha256(),
        },
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn changes<'a>(pack: &'a RulePack, diff: &Diff, rules: &[usize]) -> Vec<RuleChange<'a>> {
    rules
        .iter()
        .filter_map(|&i| {
            Some(RuleChange {
                reason: reason(pack, i)?,
                moved_recommendation: diff.moved_recommendation(pack, i),
            })
        })
        .collect()
}
