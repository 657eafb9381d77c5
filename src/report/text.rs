//! `--format text`: the recommendation for a person at a terminal.
//!
//! Order follows the questions a reader asks: what should we do, how sure is it, why, why not
//! the others, what to watch for, what would change it, and what it assumed.

use super::{score, Format, Framing, Item, Style};
use crate::engine::Fit;
use crate::pack::printable::printable;
use crate::pack::{PatternId, RuleId, RulePack};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::fmt::Write as _;

/// `--format text`, for a person at a terminal.
pub struct Text<'p> {
    pack: &'p RulePack,
    style: Style,
}

impl<'p> Text<'p> {
    pub fn new(pack: &'p RulePack, style: Style) -> Self {
        Text { pack, style }
    }
}

impl Format for Text<'_> {
    fn render(&self, item: &Item<'_>) -> Vec<u8> {
        render(self.pack, item, self.style).into_bytes()
    }

    /// A blank line between two profiles' reports.
    fn framing(&self) -> Framing {
        Framing::joined_by("\n")
    }
}

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
fn render(pack: &RulePack, item: &Item<'_>, style: Style) -> String {
    let Item { profile, eval } = *item;
    let p = Paint { on: style.color };
    let id = |i: PatternId| pack.pattern_id(i);
    let rec = eval.recommendation;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    line(format!(
        "{}  {}",
        p.bold(&printable(&profile.name)),
        p.dim(&format!("({})", profile.source))
    ));
    let pattern = &pack.patterns[rec];
    line(format!(
        "Recommendation: {}  {}",
        p.green(id(rec)),
        p.dim(&pattern.title)
    ));
    line(format!("  {}", pattern.summary));
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
    line(ranking_table(pack, item));

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
                .gains_for(pack, c.recommendation)
                .first()
                .map_or(String::new(), |&r| format!(" — {}", pack.rules[r].because));
            line(format!(
                "  {:<20} {}{top}",
                printable(&c.name),
                id(c.recommendation)
            ));
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
        match against.first().map(|&i| &pack.rules[i]) {
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
            let rule = &pack.rules[i];
            line(format!(
                "      also: {} {}",
                rule.because,
                p.dim(&format!("[{}]", rule.source))
            ));
        }
    }

    if !pattern.tradeoffs.is_empty() {
        line(String::new());
        line(p.bold("Trade-offs to watch"));
        for t in &pattern.tradeoffs {
            line(format!("  • {t}"));
        }
    }
    if !pattern.practices.is_empty() {
        line(String::new());
        line(p.bold("Practices to follow"));
        for t in &pattern.practices {
            line(format!("  • {t}"));
        }
    }

    line(String::new());
    line(p.bold("What would change the answer"));
    if eval.what_if.is_empty() {
        line("  No single change to one field flips this recommendation.".to_string());
    }
    for w in &eval.what_if {
        let f = &pack.catalog.fields[w.field];
        line(format!(
            "  • at {} {} (now {}) this becomes {}",
            f.name,
            f.format(w.to),
            f.format(w.from),
            p.bold(id(w.recommendation))
        ));
    }
    if !pattern.revisit.is_empty() {
        line(String::new());
        line(p.bold("Revisit when"));
        for t in &pattern.revisit {
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
            .map(|&i| &pack.catalog.fields[i])
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

fn reason_line(pack: &RulePack, rule: RuleId, p: &Paint) -> String {
    let r = &pack.rules[rule];
    format!(
        "  {:>6}  {} {}",
        r.effect.to_string(),
        r.because,
        p.dim(&format!("[{}]", r.source))
    )
}

fn ranking_table(pack: &RulePack, item: &Item<'_>) -> String {
    let eval = item.eval;
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
        let r = &pack.rules[i];
        table.add_row(vec![
            r.id.to_string(),
            pack.pattern_id(r.pattern).to_string(),
            r.effect.to_string(),
            r.when.describe(&pack.catalog),
        ]);
    }
    let mut s = table.to_string();
    if !item.eval.components.is_empty() {
        let _ = write!(s, "\n(components are evaluated with their own overrides; see --format json for their rules)");
    }
    s
}
