//! `--format text`: the recommendation for a person at a terminal.
//!
//! Order follows the questions a reader asks: what should we do, how sure is it, why, why not
//! the others, what to watch for, what would change it, and what it assumed.

use super::{effect, score, Item, Style};
use crate::engine::Fit;
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::fmt::Write as _;

/// ANSI styling that disappears when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("1;32", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
}

/// Renders one evaluated profile.
pub fn render(item: &Item<'_>, style: Style) -> String {
    let Item {
        pack,
        profile,
        eval,
    } = *item;
    let p = Paint { on: style.color };
    let id = |i: usize| pack.pattern_id(i);
    let rec = eval.recommendation;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    line(format!(
        "{}  {}",
        p.bold(&profile.name),
        p.dim(&format!("({})", profile.source))
    ));
    let title = pack.patterns.get(rec).map_or("", |pat| &*pat.title);
    line(format!(
        "Recommendation: {}  {}",
        p.green(id(rec)),
        p.dim(title)
    ));
    if let Some(pat) = pack.patterns.get(rec) {
        line(format!("  {}", pat.summary));
    }
    if eval.by_components {
        line(format!(
            "  The system as a whole is {} at its core; some components need other patterns.",
            id(eval.core)
        ));
    } else if let Some(r) = eval.runner_up {
        let gap = eval.gap(r);
        let note = if eval.close_call {
            p.yellow(" — a close call: small changes could flip it")
        } else {
            String::new()
        };
        line(format!(
            "Runner-up: {} ({} points behind){note}",
            id(r),
            score(gap)
        ));
    }
    if eval.all_vetoed {
        line(p.red(
            "Warning: every pattern is vetoed for this profile; this is the least bad by score.",
        ));
    }
    if let Some(fit) = eval.fit {
        line(fit_line(pack, item, fit, &p));
    }

    line(String::new());
    line(ranking_table(item));

    line(String::new());
    line(p.bold(&format!("Why {}", id(rec))));
    if eval.by_components {
        if let Some(c) = &pack.meta.components_rule {
            line(format!(
                "  {}  {} {}",
                p.green("   ★"),
                c.because,
                p.dim(&format!("[{}]", c.source))
            ));
        }
    }
    for i in eval.reasons_for(pack, rec) {
        line(reason_line(pack, i, &p));
    }

    if !eval.components.is_empty() {
        line(String::new());
        line(p.bold("Components"));
        line(format!(
            "  {:<20} {}  (the rest of the system)",
            "core",
            id(eval.core)
        ));
        for c in &eval.components {
            let top = c
                .outcome
                .reasons_for(pack, c.recommendation)
                .into_iter()
                .filter_map(|i| pack.rule(i))
                .find(|r| matches!(r.effect, Effect::Score(s) if s > 0.0))
                .map_or(String::new(), |r| format!(" — {}", r.because));
            line(format!("  {:<20} {}{top}", c.name, id(c.recommendation)));
        }
    }

    line(String::new());
    line(p.bold("Why not the others"));
    for &alt in eval.ranking.iter().filter(|&&a| a != rec) {
        let against = eval.system.against(pack, alt);
        if eval.by_components && alt == eval.core {
            line(format!(
                "  {}: right for the core, but the components above need other patterns",
                id(alt)
            ));
            continue;
        }
        let head = if eval.system.is_vetoed(alt) {
            format!("{} (vetoed)", id(alt))
        } else if eval.by_components {
            format!("{} (score {})", id(alt), score(eval.system.score(alt)))
        } else {
            format!("{} ({} points behind)", id(alt), score(eval.gap(alt)))
        };
        match against.first().and_then(|&i| pack.rule(i)) {
            Some(rule) => line(format!(
                "  {}: {} {}",
                head,
                rule.because,
                p.dim(&format!("[{}]", rule.source))
            )),
            None => line(format!(
                "  {head}: fewer of its conditions hold for this profile"
            )),
        }
        for &i in against.iter().skip(1) {
            if let Some(rule) = pack.rule(i) {
                line(format!(
                    "      also: {} {}",
                    rule.because,
                    p.dim(&format!("[{}]", rule.source))
                ));
            }
        }
    }

    if let Some(pat) = pack.patterns.get(rec) {
        if !pat.tradeoffs.is_empty() {
            line(String::new());
            line(p.bold("Trade-offs to watch"));
            for t in &pat.tradeoffs {
                line(format!("  • {t}"));
            }
        }
        if !pat.practices.is_empty() {
            line(String::new());
            line(p.bold("Practices to follow"));
            for t in &pat.practices {
                line(format!("  • {t}"));
            }
        }
    }

    line(String::new());
    line(p.bold("What would change the answer"));
    if eval.what_if.is_empty() {
        line("  No single change to one field flips this recommendation.".to_string());
    }
    for w in &eval.what_if {
        let Some(f) = pack.catalog.fields.get(w.field) else {
            continue;
        };
        line(format!(
            "  • at {} {} (now {}) this becomes {}",
            f.name,
            f.format(w.to),
            f.format(w.from),
            p.bold(id(w.recommendation))
        ));
    }
    if let Some(pat) = pack.patterns.get(rec).filter(|p| !p.revisit.is_empty()) {
        line(String::new());
        line(p.bold("Revisit when"));
        for t in &pat.revisit {
            line(format!("  • {t}"));
        }
    }

    line(String::new());
    if profile.assumed.is_empty() {
        line(format!(
            "{} none: every field was given.",
            p.bold("Assumed:")
        ));
    } else {
        let list: Vec<String> = profile
            .assumed
            .iter()
            .filter_map(|&i| pack.catalog.fields.get(i))
            .filter_map(|f| f.default.map(|d| format!("{} = {}", f.name, f.format(d))))
            .collect();
        line(format!(
            "{} {} {}",
            p.bold("Assumed (not in the profile, defaults used):"),
            list.join(", "),
            p.dim("— set them to be sure")
        ));
    }

    if style.explain {
        line(String::new());
        line(p.bold("Every rule that fired"));
        line(explain_table(pack, item));
    }
    out
}

fn fit_line(pack: &RulePack, item: &Item<'_>, fit: Fit, p: &Paint) -> String {
    let current = item.profile.current.map_or("?", |c| pack.pattern_id(c));
    let verdict = match fit {
        Fit::Same => p.green("fits (it is the recommendation)"),
        Fit::WithinMargin(gap) => p.green(&format!(
            "fits ({} points behind, within the pack's margin of {})",
            score(gap),
            score(pack.meta.close_call_margin)
        )),
        Fit::Vetoed => p.red("does not fit: it is vetoed for this profile"),
        Fit::Behind(gap) => p.red(&format!(
            "does not fit: {} points behind, more than the pack's margin of {}",
            score(gap),
            score(pack.meta.close_call_margin)
        )),
        Fit::NeedsHybrid => p.red("does not fit: some components need other patterns"),
    };
    format!("Current architecture: {current} — {verdict}")
}

fn reason_line(pack: &RulePack, rule: usize, p: &Paint) -> String {
    let Some(r) = pack.rule(rule) else {
        return String::new();
    };
    let e = match r.effect {
        Effect::Score(s) => effect(s),
        Effect::Veto => "veto".to_string(),
    };
    format!(
        "  {:>6}  {} {}",
        e,
        r.because,
        p.dim(&format!("[{}]", r.source))
    )
}

fn ranking_table(item: &Item<'_>) -> String {
    let Item { pack, eval, .. } = *item;
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["#", "pattern", "score", "status"]);
    for (n, &pat) in eval.ranking.iter().enumerate() {
        let status = if pat == eval.recommendation {
            "recommended"
        } else if eval.system.is_vetoed(pat) {
            "vetoed"
        } else if Some(pat) == eval.runner_up {
            "runner-up"
        } else {
            ""
        };
        table.add_row(vec![
            (n + 1).to_string(),
            pack.pattern_id(pat).to_string(),
            score(eval.system.score(pat)),
            status.to_string(),
        ]);
    }
    if let Some(col) = table.column_mut(2) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    table.to_string()
}

fn explain_table(pack: &RulePack, item: &Item<'_>) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["rule", "pattern", "effect", "when"]);
    for &i in &item.eval.system.fired {
        let Some(r) = pack.rule(i) else { continue };
        let e = match r.effect {
            Effect::Score(s) => effect(s),
            Effect::Veto => "veto".to_string(),
        };
        table.add_row(vec![
            r.id.to_string(),
            pack.pattern_id(r.pattern).to_string(),
            e,
            r.when.describe(&pack.catalog),
        ]);
    }
    let mut s = table.to_string();
    if !item.eval.components.is_empty() {
        let _ = write!(s, "\n(components are evaluated with their own overrides; see --format json for their rules)");
    }
    s
}
