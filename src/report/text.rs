//! `--format text`: the recommendation for a person at a terminal.
//!
//! Order follows the questions a reader asks: what should we do, how sure is it, why, why not
//! the others, what to watch for, what would change it, and what it assumed.

use super::bars::{Bars, Glyphs};
use super::{deciding_list, score, Format, Framing, Item, Style};
use crate::engine::{percent, Certainty, Fit, Separation};
use crate::pack::printable::printable;
use crate::pack::FieldId;
use crate::pack::{PatternId, RuleId, RulePack};
use crate::profile::Profile;
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
    if let Some(c) = &eval.certainty {
        line(String::new());
        line(p.bold("How sure is this?"));
        for l in certainty_lines(pack, profile, c) {
            line(l);
        }
        line(String::new());
    }
    if eval.by_components {
        line(format!(
            "  The core of the system is {}; the components below need other patterns.",
            id(eval.core)
        ));
    } else if let Some(r) = eval.runner_up {
        let note = if eval.close_call {
            p.yellow(" — a close call: small changes could flip it")
        } else {
            String::new()
        };
        line(format!(
            "Runner-up: {} ({}){note}",
            id(r),
            behind(pack, item, r)
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
    let glyphs = if style.ascii {
        Glyphs::Ascii
    } else {
        Glyphs::Unicode
    };
    line(ranking_table(pack, item, glyphs));
    if eval.by_components {
        line(p.dim(&format!(
            "  hybrid comes first because components need other patterns than the core ({}); its own score counts only for a profile without components.",
            id(eval.core)
        )));
    }

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
    if eval.by_components {
        line(format!("  At the core, {}:", id(eval.core)));
    }
    for i in eval.reasons_for(pack, eval.leader()) {
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
            line(format!(
                "  {:<20} {}",
                printable(&c.name),
                id(c.recommendation)
            ));
            for i in c.outcome.gains_for(pack, c.recommendation) {
                line(format!("  {}", reason_line(pack, i, &p)));
            }
        }
    }

    line(String::new());
    line(p.bold("Why not the others"));
    for &alt in eval.ranking.iter().filter(|&&a| a != rec) {
        let head = format!("{} ({})", id(alt), behind(pack, item, alt));
        let against = eval.system.against(pack, alt);
        let mut against = against.iter().map(|&i| &pack.rules[i]);
        match eval.separation(pack, alt) {
            Separation::Core => {
                line(format!(
                    "  {}: the core's pattern, but the components above need other patterns",
                    id(alt)
                ));
                continue;
            }
            Separation::Vetoed(_) | Separation::Behind { .. } => match against.next() {
                Some(rule) => line(format!(
                    "  {head}: {} {}",
                    rule.because,
                    p.dim(&format!("[{}]", rule.source))
                )),
                None => line(format!(
                    "  {head}: nothing counts against it; it has fewer points in its favour"
                )),
            },
            Separation::Tie => line(format!(
                "  {head}: an exact tie, which goes to the simpler pattern: {} is listed before {} in the pack",
                id(eval.leader()),
                id(alt)
            )),
        }
        for rule in against {
            line(format!(
                "      also: {} {}",
                rule.because,
                p.dim(&format!("[{}]", rule.source))
            ));
        }
        if let Separation::Behind { rules, .. } = eval.separation(pack, alt) {
            let list = deciding_list(pack, &rules, |r| r);
            line(p.dim(&format!("      decided by: {list}")));
        }
    }

    if !pattern.tradeoffs.is_empty() {
        line(String::new());
        line(p.bold("Trade-offs to watch"));
        for t in &pattern.tradeoffs {
            line(format!("  • {t}"));
        }
    }
    let core = &pack.patterns[eval.core];
    if !pattern.practices.is_empty() || (eval.by_components && !core.practices.is_empty()) {
        line(String::new());
        line(p.bold("Practices to follow"));
        for t in &pattern.practices {
            line(format!("  • {t}"));
        }
        if eval.by_components && !core.practices.is_empty() {
            line(format!("  At the core ({}):", id(eval.core)));
            for t in &core.practices {
                line(format!("  • {t}"));
            }
        }
    }

    line(String::new());
    line(p.bold("What would change the answer"));
    if eval.certainty.is_some() {
        line("  The open answers above (How sure is this?) are what would change it.".to_string());
    } else if eval.what_if.is_empty() {
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
        Fit::Partly(share) => p.yellow(&format!(
            "fits only {} of what the profile leaves open (see How sure is this?)",
            percent(share)
        )),
    };
    format!("Current architecture: {current} — {verdict}")
}

/// "How sure is this?": settled or not, the share each pattern wins, and what to find out
/// first, for a profile with open answers.
fn certainty_lines(pack: &RulePack, profile: &Profile, c: &Certainty) -> Vec<String> {
    let id = |p: PatternId| pack.pattern_id(p);
    let open: Vec<String> = open_answers(pack, profile);
    let mut out = Vec::new();
    if c.settled {
        out.push(format!(
            "  Settled: {} whatever the open answers turn out to be.",
            c.possible.first().map_or("?", |&(p, _)| id(p)),
        ));
    } else {
        let others: Vec<String> = c
            .possible
            .iter()
            .skip(1)
            .map(|&(p, s)| format!("{} {}", id(p), percent(s)))
            .collect();
        let (first, share) = c.possible[0];
        out.push(format!(
            "  Not settled: {} wins {} of everything you might answer ({}).",
            id(first),
            percent(share),
            others.join(", ")
        ));
    }
    out.push(format!("  Open: {}.", open.join(", ")));
    if !c.decisive.is_empty() {
        out.push("  Find out first:".to_string());
        for d in &c.decisive {
            out.push(format!(
                "    • {}: {}",
                d.name(pack, profile),
                d.describe(pack)
            ));
        }
    }
    if !c.likely.is_empty() {
        let likely: Vec<String> = c
            .likely
            .iter()
            .map(|l| {
                let f = &pack.catalog.fields[l.field];
                let name = match l.component.and_then(|k| profile.components.get(k)) {
                    Some(comp) => format!("{}: {}", printable(&comp.name), f.name),
                    None => f.name.to_string(),
                };
                format!("{name} {}", l.cell.describe(f))
            })
            .collect();
        out.push(format!(
            "  Below, the most likely answers {} wins: {}.",
            id(c.possible[0].0),
            likely.join(", ")
        ));
    }
    out
}

/// Every open answer as written: `traffic: unknown`, `image-pipeline: devops: [limited, moderate]`.
fn open_answers(pack: &RulePack, profile: &Profile) -> Vec<String> {
    let field = |f: FieldId| &pack.catalog.fields[f];
    let mut out: Vec<String> = profile
        .uncertain
        .iter()
        .map(|u| {
            format!(
                "{} {}",
                field(u.field).name,
                u.open.describe(field(u.field))
            )
        })
        .collect();
    for c in &profile.components {
        out.extend(c.uncertain.iter().map(|u| {
            format!(
                "{}: {} {}",
                printable(&c.name),
                field(u.field).name,
                u.open.describe(field(u.field))
            )
        }));
    }
    out
}

/// How far `alt` is from the leader, for a heading: "3.0 points behind", "tied at 4.0 points",
/// "vetoed"; measured against the core when components made the system hybrid.
fn behind(pack: &RulePack, item: &Item<'_>, alt: PatternId) -> String {
    let eval = item.eval;
    match eval.separation(pack, alt) {
        Separation::Vetoed(_) => "vetoed".to_string(),
        Separation::Core => "the core".to_string(),
        Separation::Tie => format!("tied at {} points", score(eval.system.score(alt))),
        Separation::Behind { gap, .. } if eval.by_components => {
            format!("{} points behind the core", score(gap))
        }
        Separation::Behind { gap, .. } => format!("{} points behind", score(gap)),
    }
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

fn ranking_table(pack: &RulePack, item: &Item<'_>, glyphs: Glyphs) -> String {
    let eval = item.eval;
    let bars = Bars::over(eval.ranking.iter().map(|&p| eval.system.score(p)), glyphs);
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["#", "pattern", "score", "", "status"]);
    for (n, &pat) in eval.ranking.iter().enumerate() {
        let status = if pat == eval.recommendation && eval.by_components {
            "recommended: parts differ"
        } else if pat == eval.recommendation {
            "recommended"
        } else if eval.system.is_vetoed(pat) {
            "vetoed"
        } else if eval.by_components && pat == eval.core {
            "core"
        } else if Some(pat) == eval.runner_up {
            "runner-up"
        } else {
            ""
        };
        table.add_row(vec![
            (n + 1).to_string(),
            pack.pattern_id(pat).to_string(),
            score(eval.system.score(pat)),
            bars.draw(eval.system.score(pat), eval.system.is_vetoed(pat)),
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
