//! `archfit diff OLD NEW`: the comparison of two profiles as text (for people) and JSON.

use super::json::write::{boolean, integer, number, string, Array, Object};
use super::json::{field_value, pack_id, Reason, SCHEMA_VERSION};
use super::{delta, score};
use crate::engine::diff::Diff;
use crate::pack::{FieldId, PatternId, RuleId, RulePack, Value};
use crate::profile::Profile;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

/// The two profiles compared, with their diff.
pub(crate) struct DiffItem<'a> {
    pub pack: &'a RulePack,
    pub old: &'a Profile,
    pub new: &'a Profile,
    pub diff: &'a Diff,
}

fn value_text(pack: &RulePack, field: FieldId, v: Value, assumed: bool) -> String {
    let text = pack.catalog.fields[field].format(v);
    if assumed {
        format!("{text} (assumed)")
    } else {
        text
    }
}

fn pattern_or_none(pack: &RulePack, p: Option<PatternId>) -> String {
    p.map_or_else(|| "(none)".to_string(), |p| pack.pattern_id(p).to_string())
}

/// The comparison for a person.
pub(crate) fn text(item: &DiffItem<'_>) -> String {
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
        let name = &pack.catalog.fields[c.field].name;
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

/// The comparison as one JSON object.
pub(crate) fn json(item: &DiffItem<'_>) -> String {
    let DiffItem {
        pack,
        old,
        new,
        diff,
    } = *item;
    let mut out = Vec::new();
    let mut o = Object::open(&mut out, 0);
    let side = |out: &mut Vec<u8>, p: &Profile, rec: PatternId| {
        let mut s = Object::open(out, 1);
        s.key(out, "profile");
        string(out, &p.name);
        s.key(out, "source");
        string(out, &p.source);
        s.key(out, "recommendation");
        string(out, pack.pattern_id(rec));
        s.key(out, "current");
        super::json::write::optional(out, p.current.map(|c| pack.pattern_id(c)));
        s.close(out);
    };
    o.key(&mut out, "old");
    side(&mut out, old, diff.old_recommendation);
    o.key(&mut out, "new");
    side(&mut out, new, diff.new_recommendation);
    o.key(&mut out, "recommendation_changed");
    boolean(&mut out, diff.recommendation_changed());

    o.key(&mut out, "fields");
    let mut a = Array::open(&mut out, 1);
    for c in &diff.fields {
        a.item(&mut out);
        let mut f = Object::open(&mut out, 2);
        f.key(&mut out, "field");
        string(&mut out, &pack.catalog.fields[c.field].name);
        f.key(&mut out, "old");
        field_value(&mut out, pack, c.field, c.old);
        f.key(&mut out, "new");
        field_value(&mut out, pack, c.field, c.new);
        f.key(&mut out, "old_assumed");
        boolean(&mut out, c.old_assumed);
        f.key(&mut out, "new_assumed");
        boolean(&mut out, c.new_assumed);
        f.close(&mut out);
    }
    a.close(&mut out);

    o.key(&mut out, "components");
    let mut a = Array::open(&mut out, 1);
    for c in &diff.components {
        a.item(&mut out);
        let mut obj = Object::open(&mut out, 2);
        obj.key(&mut out, "name");
        string(&mut out, &c.name);
        // `null` where the component does not exist.
        obj.key(&mut out, "old_recommendation");
        super::json::write::optional(&mut out, c.old.map(|p| pack.pattern_id(p)));
        obj.key(&mut out, "new_recommendation");
        super::json::write::optional(&mut out, c.new.map(|p| pack.pattern_id(p)));
        obj.key(&mut out, "overrides_changed");
        boolean(&mut out, c.overrides_changed);
        obj.close(&mut out);
    }
    a.close(&mut out);

    o.key(&mut out, "ranking");
    let mut a = Array::open(&mut out, 1);
    for m in &diff.ranking {
        a.item(&mut out);
        let mut r = Object::open(&mut out, 2);
        r.key(&mut out, "pattern");
        string(&mut out, pack.pattern_id(m.pattern));
        r.key(&mut out, "old_score");
        number(&mut out, m.old_score);
        r.key(&mut out, "new_score");
        number(&mut out, m.new_score);
        r.key(&mut out, "delta");
        number(&mut out, m.delta());
        r.key(&mut out, "old_rank");
        integer(&mut out, rank(m.old_rank));
        r.key(&mut out, "new_rank");
        integer(&mut out, rank(m.new_rank));
        r.key(&mut out, "old_vetoed");
        boolean(&mut out, m.old_vetoed);
        r.key(&mut out, "new_vetoed");
        boolean(&mut out, m.new_vetoed);
        r.close(&mut out);
    }
    a.close(&mut out);

    // Rules that fire for the new profile only, then those that fired for the old one only.
    for (key, rules) in [("started", &diff.started), ("stopped", &diff.stopped)] {
        o.key(&mut out, key);
        let mut a = Array::open(&mut out, 1);
        for &i in rules {
            a.item(&mut out);
            Reason::of(pack, &pack.rules[i]).write(&mut out, 2, |o, out| {
                // It acts on the old or the new recommendation, and the recommendation changed.
                o.key(out, "moved_recommendation");
                boolean(out, diff.moved_recommendation(pack, i));
            });
        }
        a.close(&mut out);
    }

    o.key(&mut out, "schema_version");
    integer(&mut out, SCHEMA_VERSION.into());
    o.key(&mut out, "pack");
    pack_id(&mut out, 1, pack);
    o.close(&mut out);
    out.push(b'\n');
    // Only whole UTF-8 strings are written.
    String::from_utf8(out).unwrap_or_default()
}

/// A 0-based place in a ranking as people count it.
fn rank(place: usize) -> i64 {
    i64::try_from(place).map_or(i64::MAX, |p| p.saturating_add(1))
}
