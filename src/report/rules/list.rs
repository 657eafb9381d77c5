//! `rules list` and `rules show`: the rules of a pack in readable form.

use crate::pack::{ComponentsRule, PatternId, Rule, RulePack, HYBRID, META_FILE};
use comfy_table::{presets, ContentArrangement, Table};
use std::fmt::Write as _;

/// A table of the rules (only `pattern`'s, if given), then their count.
pub(crate) fn list(pack: &RulePack, pattern: Option<PatternId>) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["id", "pattern", "effect", "when", "source"]);
    let mut count = 0;
    for rule in pack
        .rules
        .iter()
        .filter(|r| pattern.is_none_or(|p| r.pattern == p))
    {
        table.add_row(vec![
            rule.id.to_string(),
            pack.pattern_id(rule.pattern).to_string(),
            rule.effect.to_string(),
            rule.when.describe(&pack.catalog),
            rule.source.to_string(),
        ]);
        count += 1;
    }
    format!(
        "{table}\n{count} rules in {} {}\n",
        pack.meta.name, pack.meta.version
    )
}

/// One rule in full: condition, effect, because-text, source and where it is defined.
pub(crate) fn show(pack: &RulePack, rule: &Rule) -> String {
    let file = pack
        .files
        .iter()
        .find(|f| f.path == rule.file)
        .map_or(&*rule.file, |f| &*f.display);
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    let _ = writeln!(out, "  pattern: {}", pack.pattern_id(rule.pattern));
    let _ = writeln!(out, "  effect:  {}", rule.effect);
    let _ = writeln!(out, "  when:    {}", rule.when.describe(&pack.catalog));
    let _ = writeln!(out, "  because: {}", rule.because);
    let _ = writeln!(out, "  source:  {}", rule.source);
    let _ = writeln!(out, "  defined: {file}:{}", rule.pos.line);
    out
}

/// The pack's components rule, shown as a rule: it is what reports cite when components need
/// other patterns than the core and make the system hybrid.
pub(crate) fn show_components_rule(pack: &RulePack, rule: &ComponentsRule) -> String {
    let file = pack
        .files
        .iter()
        .find(|f| &*f.path == META_FILE)
        .map_or(META_FILE, |f| &*f.display);
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    let _ = writeln!(out, "  pattern: {HYBRID}");
    let _ = writeln!(
        out,
        "  effect:  makes the system {HYBRID} (no points: it decides, it does not score)"
    );
    let _ = writeln!(
        out,
        "  when:    components land on other patterns than the core (the rest of the system)"
    );
    let _ = writeln!(out, "  because: {}", rule.because);
    let _ = writeln!(out, "  source:  {}", rule.source);
    let _ = writeln!(out, "  defined: {file}, as `components_rule`");
    out
}
