//! `rules list` and `rules show`: the rules of a pack in readable form, fitted to the width
//! of the terminal.

use crate::pack::{ComponentsRule, PatternId, Rule, RulePack, HYBRID, META_FILE};
use crate::report::text::BESIDE_ID;
use crate::report::wrap;
use comfy_table::{presets, ContentArrangement, Table};
use std::fmt::Write as _;

/// Widths from which `rules list` has room for each rule's source, and then for its pattern
/// too (an id starts with its pattern by convention; `rules show` gives both).
const WITH_SOURCE: usize = 100;
const WITH_PATTERN: usize = 140;

/// A table of the rules (only `pattern`'s, if given), then their count. Conditions and sources
/// wrap within their columns; ids stay whole.
pub(crate) fn list(pack: &RulePack, pattern: Option<PatternId>, width: usize) -> String {
    let (with_pattern, with_source) = (width >= WITH_PATTERN, width >= WITH_SOURCE);
    let keep = |mut cells: Vec<String>| {
        if !with_source {
            cells.remove(4);
        }
        if !with_pattern {
            cells.remove(1);
        }
        cells
    };
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(wrap::table_width(width))
        .set_header(keep(
            ["id", "pattern", "effect", "when", "source"]
                .map(String::from)
                .to_vec(),
        ));
    let mut count = 0;
    let mut longest = 0;
    for rule in pack
        .rules
        .iter()
        .filter(|r| pattern.is_none_or(|p| r.pattern == p))
    {
        longest = longest.max(wrap::columns(&rule.id));
        table.add_row(keep(vec![
            rule.id.to_string(),
            pack.pattern_id(rule.pattern).to_string(),
            rule.effect.to_string(),
            rule.when.describe(&pack.catalog),
            rule.source.to_string(),
        ]));
        count += 1;
    }
    // Ids stay whole while the effect and a narrow condition still fit beside them.
    let room = width.max(wrap::MIN_WIDTH).saturating_sub(BESIDE_ID);
    wrap::keep_whole(&mut table, 0, longest, room);
    format!(
        "{table}\n{count} rules in {} {}\n",
        pack.meta.name, pack.meta.version
    )
}

/// `  label:  text`, the text filled to `width` under itself.
fn field(out: &mut String, label: &str, text: &str, width: usize) {
    let first = format!("  {label:<9}");
    let _ = writeln!(out, "{}", wrap::fill(text, width, &first, "           "));
}

/// One rule in full: condition, effect, because-text, source and where it is defined.
pub(crate) fn show(pack: &RulePack, rule: &Rule, width: usize) -> String {
    let file = pack
        .files
        .iter()
        .find(|f| f.path == rule.file)
        .map_or(&*rule.file, |f| &*f.display);
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    field(&mut out, "pattern:", pack.pattern_id(rule.pattern), width);
    field(&mut out, "effect:", &rule.effect.to_string(), width);
    field(&mut out, "when:", &rule.when.describe(&pack.catalog), width);
    field(&mut out, "because:", &rule.because, width);
    field(&mut out, "source:", &rule.source, width);
    field(
        &mut out,
        "defined:",
        &format!("{file}:{}", rule.pos.line),
        width,
    );
    out
}

/// The pack's components rule, shown as a rule: it is what reports cite when components need
/// other patterns than the core and make the system hybrid.
pub(crate) fn show_components_rule(pack: &RulePack, rule: &ComponentsRule, width: usize) -> String {
    let file = pack
        .files
        .iter()
        .find(|f| &*f.path == META_FILE)
        .map_or(META_FILE, |f| &*f.display);
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    field(&mut out, "pattern:", HYBRID, width);
    field(
        &mut out,
        "effect:",
        &format!("makes the system {HYBRID} (no points: it decides, it does not score)"),
        width,
    );
    field(
        &mut out,
        "when:",
        "components land on other patterns than the core (the rest of the system)",
        width,
    );
    field(&mut out, "because:", &rule.because, width);
    field(&mut out, "source:", &rule.source, width);
    field(
        &mut out,
        "defined:",
        &format!("{file}, as `components_rule`"),
        width,
    );
    out
}
