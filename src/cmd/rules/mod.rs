//! `archfit rules …`: inspect, lint, test, analyse and compare rule packs.

mod analyze;
mod diff;
mod lint;
mod test;

use crate::cli::{Exit, RulesCommand};
use crate::diag::Diagnostics;
use crate::pack::rule::{Effect, Rule};
use crate::pack::RulePack;
use crate::suggest;
use anyhow::Context as _;
use comfy_table::{presets, ContentArrangement, Table};
use std::io::Write;
use std::path::Path;

pub fn run(
    command: &RulesCommand,
    rules: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    match command {
        RulesCommand::List { pattern } => {
            let pack = crate::cli::load_pack(rules)?;
            list(pack, pattern.as_deref(), out, err)
        }
        RulesCommand::Show { id } => {
            let pack = crate::cli::load_pack(rules)?;
            show(pack, id, out, err)
        }
        RulesCommand::Lint { dir, deny_warnings } => {
            lint::run(dir.as_deref().or(rules), *deny_warnings, out, err)
        }
        RulesCommand::Test {
            dir,
            coverage,
            min_coverage,
        } => {
            let pack = crate::cli::load_pack(dir.as_deref().or(rules))?;
            test::run(pack, *coverage, *min_coverage, out, err)
        }
        RulesCommand::Analyze { dir, format } => {
            let pack = crate::cli::load_pack(dir.as_deref().or(rules))?;
            analyze::run(pack, *format, out)
        }
        RulesCommand::Diff {
            old,
            new,
            paths,
            format,
        } => {
            let load = |dir: &Path| {
                RulePack::from_dir(dir)
                    .map_err(|d: Diagnostics| anyhow::Error::new(d))
                    .with_context(|| format!("invalid rule pack {}", dir.display()))
            };
            let (old_pack, new_pack) = (load(old)?, load(new)?);
            diff::run(&old_pack, &new_pack, paths, *format, out, err)
        }
    }
}

/// A rule's effect as people read it: `+3.0` or `veto`.
pub fn effect_text(rule: &Rule) -> String {
    match rule.effect {
        Effect::Score(s) => crate::report::effect(s),
        Effect::Veto => "veto".to_string(),
    }
}

fn list(
    pack: &RulePack,
    pattern: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let only = match pattern {
        None => None,
        Some(id) => match pack.pattern_index(id) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = pack.patterns.iter().map(|p| &*p.id).collect();
                let hint = suggest::did_you_mean(id, ids.iter().copied())
                    .unwrap_or_else(|| format!("patterns are {}", ids.join(", ")));
                writeln!(err, "error: unknown pattern `{id}` ({hint})")?;
                return Ok(Exit::Invalid);
            }
        },
    };
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["id", "pattern", "effect", "when", "source"]);
    let mut count = 0;
    for rule in pack
        .rules
        .iter()
        .filter(|r| only.is_none_or(|p| r.pattern == p))
    {
        table.add_row(vec![
            rule.id.to_string(),
            pack.pattern_id(rule.pattern).to_string(),
            effect_text(rule),
            rule.when.describe(&pack.catalog),
            rule.source.to_string(),
        ]);
        count += 1;
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{count} rules in {} {}",
        pack.meta.name, pack.meta.version
    )?;
    Ok(Exit::Success)
}

fn show(
    pack: &RulePack,
    id: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let Some(rule) = pack.rules.iter().find(|r| r.id == id) else {
        let hint = suggest::did_you_mean(id, pack.rules.iter().map(|r| &*r.id))
            .unwrap_or_else(|| "`archfit rules list` shows every rule".to_string());
        writeln!(err, "error: no rule `{id}` in {} ({hint})", pack.meta.name)?;
        return Ok(Exit::Invalid);
    };
    let file = pack
        .files
        .iter()
        .find(|f| f.path == rule.file)
        .map_or(&*rule.file, |f| &*f.display);
    writeln!(out, "{}", rule.id)?;
    writeln!(out, "  pattern: {}", pack.pattern_id(rule.pattern))?;
    writeln!(out, "  effect:  {}", effect_text(rule))?;
    writeln!(out, "  when:    {}", rule.when.describe(&pack.catalog))?;
    writeln!(out, "  because: {}", rule.because)?;
    writeln!(out, "  source:  {}", rule.source)?;
    writeln!(out, "  defined: {file}:{}", rule.pos.line)?;
    Ok(Exit::Success)
}
