//! `archfit diff OLD NEW`: the comparison of two profiles as text (for people) and JSON.

use super::json::write::{objects, string, Array, Object};
use super::json::{field_value, pack_id, Reason, SCHEMA_VERSION};
use super::{delta, score};
use crate::engine::diff::Diff;
use crate::pack::printable::printable;
use crate::pack::{FieldId, PatternId, RuleId, RulePack, Value};
use crate::profile::{Open, Profile};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

/// The two profiles compared, with their diff.
pub(crate) struct DiffItem<'a> {
    pub pack: &'a RulePack,
    pub old: &'a Profile,
    pub new: &'a Profile,
    pub diff: &'a Diff,
}

fn value_text(
    pack: &RulePack,
    field: FieldId,
    v: Value,
    open: Option<&Open>,
    assumed: bool,
) -> String {
    let f = &pack.catalog.fields[field];
    let text = open.map_or_else(|| f.format(v), |o| o.describe(f));
    if assumed {
        format!("{text} (assumed)")
    } else {
        text
    }
}

fn pattern_or_none(pack: &RulePack, p: Option<PatternId>) -> String {
    p.map_or_else(|| "(none)".to_string(), |p| pack.pattern_id(p).to_string())
}

impl DiffItem<'_> {
    /// The comparison for a person.
    pub(crate) fn text(&self) -> String {
        text(self)
    }

    /// The comparison as one JSON object.
    pub(crate) fn json(&self) -> String {
        json(self)
    }
}

fn text(item: &DiffItem<'_>) -> String {
    let (pack, old, new, diff) = (item.pack, item.old, item.new, item.diff);
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "{} ({})  →  {} ({})",
        printable(&old.name),
        old.source,
        printable(&new.name),
        new.source
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
        let name = &pack.catalog.fields[c.field].name;
        line(format!(
            "  {name}: {} → {}",
            value_text(pack, c.field, c.old, c.old_open.as_ref(), c.old_assumed),
            value_text(pack, c.field, c.new, c.new_open.as_ref(), c.new_assumed)
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
        line(format!(
            "  component {}: {what}{edited}",
            printable(&c.name)
        ));
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
            delta(m.delta()),
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
    let labelled: Vec<(&str, RuleId)> = diff
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
        let rules: Vec<(&str, RuleId)> = labelled
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
            let r = &pack.rules[i];
            let e = format!("{} {}", r.effect, pack.pattern_id(r.pattern));
            line(format!(
                "  {label}: {} ({e}): {} [{}]",
                r.id, r.because, r.source
            ));
        }
    }
    out
}

fn json(item: &DiffItem<'_>) -> String {
    let (pack, old, new, diff) = (item.pack, item.old, item.new, item.diff);
    let pattern = |p: Option<PatternId>| p.map(|p| pack.pattern_id(p));
    let mut out = Vec::new();
    let mut o = Object::open(&mut out, 0);
    for (key, p, rec) in [
        ("old", old, diff.old_recommendation),
        ("new", new, diff.new_recommendation),
    ] {
        let level = o.key(&mut out, key);
        let mut s = Object::open(&mut out, level);
        s.string(&mut out, "profile", &p.name);
        s.string(&mut out, "source", &p.source);
        s.string(&mut out, "recommendation", pack.pattern_id(rec));
        s.optional(&mut out, "current", pattern(p.current));
        s.close(&mut out);
    }
    o.boolean(
        &mut out,
        "recommendation_changed",
        diff.recommendation_changed(),
    );
    objects(&mut o, &mut out, "fields", &diff.fields, |f, out, c| {
        f.string(out, "field", &pack.catalog.fields[c.field].name);
        let field = &pack.catalog.fields[c.field];
        f.key(out, "old");
        match &c.old_open {
            Some(open) => string(out, &open.describe(field)),
            None => field_value(out, pack, c.field, c.old),
        }
        f.key(out, "new");
        match &c.new_open {
            Some(open) => string(out, &open.describe(field)),
            None => field_value(out, pack, c.field, c.new),
        }
        f.boolean(out, "old_assumed", c.old_assumed);
        f.boolean(out, "new_assumed", c.new_assumed);
    });
    objects(
        &mut o,
        &mut out,
        "components",
        &diff.components,
        |c, out, change| {
            c.string(out, "name", &change.name);
            // `null` where the component does not exist.
            c.optional(out, "old_recommendation", pattern(change.old));
            c.optional(out, "new_recommendation", pattern(change.new));
            c.boolean(out, "overrides_changed", change.overrides_changed);
        },
    );
    objects(&mut o, &mut out, "ranking", &diff.ranking, |r, out, m| {
        r.string(out, "pattern", pack.pattern_id(m.pattern));
        r.number(out, "old_score", m.old_score);
        r.number(out, "new_score", m.new_score);
        r.number(out, "delta", m.delta());
        r.integer(out, "old_rank", rank(m.old_rank));
        r.integer(out, "new_rank", rank(m.new_rank));
        r.boolean(out, "old_vetoed", m.old_vetoed);
        r.boolean(out, "new_vetoed", m.new_vetoed);
    });
    // Rules that fire for the new profile only, then those that fired for the old one only.
    for (key, rules) in [("started", &diff.started), ("stopped", &diff.stopped)] {
        let level = o.key(&mut out, key);
        let mut a = Array::open(&mut out, level);
        for &i in rules {
            let level = a.item(&mut out);
            Reason::of(pack, &pack.rules[i]).write(&mut out, level, |o, out| {
                // It acts on the old or the new recommendation, and the recommendation changed.
                o.boolean(
                    out,
                    "moved_recommendation",
                    diff.moved_recommendation(pack, i),
                );
            });
        }
        a.close(&mut out);
    }
    o.integer(&mut out, "schema_version", SCHEMA_VERSION.into());
    let level = o.key(&mut out, "pack");
    pack_id(&mut out, level, pack);
    o.close(&mut out);
    out.push(b'\n');
    // Only whole UTF-8 strings are written.
    String::from_utf8(out).unwrap_or_default()
}

/// A 0-based place in a ranking as people count it.
fn rank(place: usize) -> i64 {
    i64::try_from(place).map_or(i64::MAX, |p| p.saturating_add(1))
}
