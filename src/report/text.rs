//! `--format text`: the recommendation for a person at a terminal.
//!
//! Order follows the questions a reader asks: what should we do, how sure is it, why, why not
//! the others, what to watch for, what would change it, and what it assumed.
//!
//! By default the report is short enough to read on one screen: the strongest reasons (at
//! most three), the one rule that decides each alternative, the trade-offs and what would
//! change the answer. `--explain` adds every reason for and against, the pattern's summary,
//! practices and when to revisit, and every rule that fired. Prose is filled to the width the
//! command line found (the terminal's, `COLUMNS`, or 80) with a hanging indent, and tables are
//! told that width.

use super::bars::{self, Bars, Glyphs};
use super::wrap;
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

/// How many reasons for the recommendation the default report gives; `--explain` gives all.
const TOP_REASONS: usize = 3;

/// How many of the changes that would flip the answer the default report lists.
const TOP_CHANGES: usize = 3;

/// A report being written: lines as they are (tables, headings), or prose filled to the width.
struct Out {
    text: String,
    width: usize,
}

impl Out {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// `s` filled to the width, its first line after `first` and the others after `rest`.
    fn para(&mut self, s: &str, first: &str, rest: &str) {
        let filled = wrap::fill(s, self.width, first, rest);
        self.line(&filled);
    }

    /// A bulleted item, its later lines under its text.
    fn bullet(&mut self, s: &str) {
        self.para(s, "  • ", "    ");
    }
}

/// Renders one evaluated profile.
fn render(pack: &RulePack, item: &Item<'_>, style: Style) -> String {
    let Item { profile, eval } = *item;
    let p = Paint { on: style.color };
    let id = |i: PatternId| pack.pattern_id(i);
    let rec = eval.recommendation;
    let explain = style.explain;
    let mut o = Out {
        text: String::new(),
        width: style.width,
    };

    o.para(
        &format!(
            "{}  {}",
            p.bold(&printable(&profile.name)),
            p.dim(&format!("({})", profile.source))
        ),
        "",
        "  ",
    );
    let pattern = &pack.patterns[rec];
    o.para(
        &format!(
            "Recommendation: {}  {}",
            p.green(id(rec)),
            p.dim(&pattern.title)
        ),
        "",
        "  ",
    );
    if explain {
        o.para(&pattern.summary, "  ", "  ");
    }
    if let Some(c) = &eval.certainty {
        o.line("");
        o.line(&p.bold("How sure is this?"));
        certainty(&mut o, pack, profile, c);
    }
    // After the certainty, a blank line before the notes below, if any (the ranking brings
    // its own).
    let notes_at = eval.certainty.is_some().then_some(o.text.len());
    if eval.by_components {
        o.para(
            &format!(
                "The core of the system is {}; the components below need other patterns.",
                id(eval.core)
            ),
            "  ",
            "  ",
        );
    } else if let (Some(r), true) = (eval.runner_up, eval.close_call || explain) {
        // The ranking marks the runner-up and "Why not the others" gives its distance; a
        // close call is worth a line of its own.
        let note = if eval.close_call {
            p.yellow(" — a close call: small changes could flip it")
        } else {
            String::new()
        };
        o.para(
            &format!("Runner-up: {} ({}){note}", id(r), behind(pack, item, r)),
            "",
            "  ",
        );
    }
    if eval.all_vetoed {
        o.para(
            &p.red(
                "Warning: every pattern is vetoed for this profile; this is the least bad by score.",
            ),
            "",
            "  ",
        );
    }
    if let Some(fit) = eval.fit {
        o.para(&fit_line(pack, item, fit, &p), "", "  ");
    }
    if let Some(at) = notes_at.filter(|&at| at < o.text.len()) {
        o.text.insert(at, '\n');
    }

    o.line("");
    let glyphs = if style.ascii {
        Glyphs::Ascii
    } else {
        Glyphs::Unicode
    };
    o.line(&ranking_table(pack, item, glyphs, style.width));
    if eval.by_components {
        o.para(
            &p.dim(&format!(
                "hybrid comes first because components need other patterns than the core ({}); its own score counts only for a profile without components.",
                id(eval.core)
            )),
            "  ",
            "  ",
        );
    }

    o.line("");
    let reasons = eval.reasons_for(pack, eval.leader());
    let shown = if explain {
        reasons.len()
    } else {
        reasons.len().min(TOP_REASONS)
    };
    let more = if shown < reasons.len() {
        p.dim(&format!(
            " (the strongest {shown} of {}; --explain lists every reason)",
            reasons.len()
        ))
    } else {
        String::new()
    };
    o.para(
        &format!("{}{more}", p.bold(&format!("Why {}", id(rec)))),
        "",
        "  ",
    );
    if eval.by_components {
        if let Some(c) = &pack.meta.components_rule {
            let text = format!("{} {}", c.because, p.dim(&format!("[{}]", c.source)));
            o.para(&text, &format!("  {} ", p.green("    ★")), REASON_INDENT);
        }
        o.para(&format!("At the core, {}:", id(eval.core)), "  ", "  ");
    }
    for &i in &reasons[..shown] {
        reason(&mut o, pack, i, &p, "");
    }
    // By default each alternative is one line under the reasons, naming the rule that decides
    // it; `--explain` gives them a section of their own below, with every reason.
    if !explain {
        for &alt in eval.ranking.iter().filter(|&&a| a != rec) {
            why_not(&mut o, pack, item, alt, false, &p);
        }
    }

    if !eval.components.is_empty() {
        o.line("");
        o.line(&p.bold("Components"));
        o.para(
            &format!("{:<20} {}  (the rest of the system)", "core", id(eval.core)),
            "  ",
            "  ",
        );
        for c in &eval.components {
            o.para(
                &format!("{:<20} {}", printable(&c.name), id(c.recommendation)),
                "  ",
                "  ",
            );
            let gains = c.outcome.gains_for(pack, c.recommendation);
            let shown = if explain {
                gains.len()
            } else {
                gains.len().min(1)
            };
            for &i in &gains[..shown] {
                reason(&mut o, pack, i, &p, "  ");
            }
        }
    }

    if explain {
        o.line("");
        o.line(&p.bold("Why not the others"));
        for &alt in eval.ranking.iter().filter(|&&a| a != rec) {
            why_not(&mut o, pack, item, alt, true, &p);
        }
    }

    if !pattern.tradeoffs.is_empty() {
        o.line("");
        o.line(&p.bold("Trade-offs to watch"));
        for t in &pattern.tradeoffs {
            o.bullet(t);
        }
    }
    let core = &pack.patterns[eval.core];
    let core_practices = eval.by_components && !core.practices.is_empty();
    if explain && (!pattern.practices.is_empty() || core_practices) {
        o.line("");
        o.line(&p.bold("Practices to follow"));
        for t in &pattern.practices {
            o.bullet(t);
        }
        if core_practices {
            o.para(&format!("At the core ({}):", id(eval.core)), "  ", "  ");
            for t in &core.practices {
                o.bullet(t);
            }
        }
    }

    o.line("");
    o.line(&p.bold("What would change the answer"));
    if eval.certainty.is_some() {
        o.para(
            "The open answers above (How sure is this?) are what would change it.",
            "  ",
            "  ",
        );
    } else if eval.what_if.is_empty() {
        o.para(
            "No single change to one field flips this recommendation.",
            "  ",
            "  ",
        );
    }
    let shown = if explain {
        eval.what_if.len()
    } else {
        eval.what_if.len().min(TOP_CHANGES)
    };
    for w in &eval.what_if[..shown] {
        let f = &pack.catalog.fields[w.field];
        o.bullet(&format!(
            "at {} {} (now {}) this becomes {}",
            f.name,
            f.format(w.to),
            f.format(w.from),
            p.bold(id(w.recommendation))
        ));
    }
    if shown < eval.what_if.len() {
        o.para(
            &p.dim(&format!(
                "and {} (--explain lists every one)",
                super::plural(eval.what_if.len() - shown, "more single change")
            )),
            "  ",
            "  ",
        );
    }
    if explain && !pattern.revisit.is_empty() {
        o.line("");
        o.line(&p.bold("Revisit when"));
        for t in &pattern.revisit {
            o.bullet(t);
        }
    }

    // A footnote to what would change the answer: what the answer rests on without being told.
    if explain {
        o.line("");
    }
    if profile.assumed.is_empty() {
        o.line(&format!(
            "{} none: every field was given.",
            p.bold("Assumed:")
        ));
    } else {
        o.para(
            &format!(
                "{} {} {}",
                p.bold("Assumed (not in the profile, defaults used):"),
                assumed(pack, profile),
                p.dim("— set them to be sure")
            ),
            "",
            "  ",
        );
    }

    if explain {
        o.line("");
        o.line(&p.bold("Every rule that fired"));
        o.line(&explain_table(pack, item, style.width));
    }
    o.text
}

/// The assumed fields with their defaults, those sharing a default together and in catalog
/// order: `stage = growth; false: stateful, long_running`.
fn assumed(pack: &RulePack, profile: &Profile) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for f in profile.assumed.iter().map(|&i| &pack.catalog.fields[i]) {
        let Some(default) = f.default else { continue };
        let value = f.format(default);
        match groups.iter_mut().find(|(v, _)| *v == value) {
            Some((_, names)) => names.push(&f.name),
            None => groups.push((value, vec![&f.name])),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(value, names)| match names.as_slice() {
            [one] => format!("{one} = {value}"),
            _ => format!("{value}: {}", names.join(", ")),
        })
        .collect();
    parts.join("; ")
}

/// Where the text of a reason starts: after two spaces, its effect and two more.
const REASON_INDENT: &str = "        ";

/// One reason: its effect, then its because-text and source filled under each other, all
/// after `indent`.
fn reason(o: &mut Out, pack: &RulePack, rule: RuleId, p: &Paint, indent: &str) {
    let r = &pack.rules[rule];
    let text = format!("{} {}", r.because, p.dim(&format!("[{}]", r.source)));
    let first = format!("{indent}  {:>5} ", r.effect.to_string());
    o.para(&text, &first, &format!("{indent}{REASON_INDENT}"));
}

/// One alternative under "Why not the others": by default the one rule that decides it (see
/// [`Separation::decisive`]); with `explain`, its worst reason in full, every other reason
/// against it, and every rule that makes up the gap.
fn why_not(
    o: &mut Out,
    pack: &RulePack,
    item: &Item<'_>,
    alt: PatternId,
    explain: bool,
    p: &Paint,
) {
    let eval = item.eval;
    let id = |i: PatternId| pack.pattern_id(i);
    // By default a line of its own, after the reasons for the recommendation; with `explain`,
    // an entry under the heading "Why not the others".
    let (first, rest) = if explain { ("  ", "    ") } else { ("", "  ") };
    let head = format!(
        "{}{} ({})",
        if explain { "" } else { "Why not " },
        id(alt),
        behind(pack, item, alt)
    );
    let separation = eval.separation(pack, alt);
    match &separation {
        Separation::Core => {
            o.para(
                &format!(
                    "{}{}: the core's pattern, but the components need other patterns",
                    if explain { "" } else { "Why not " },
                    id(alt)
                ),
                first,
                rest,
            );
            return;
        }
        Separation::Tie => {
            o.para(
                &format!(
                    "{head}: an exact tie, which goes to the simpler pattern: {} is listed before {} in the pack",
                    id(eval.leader()),
                    id(alt)
                ),
                first,
                rest,
            );
            return;
        }
        Separation::Vetoed(_) | Separation::Behind { .. } if !explain => {
            let Some(decisive) = separation.decisive(pack, alt) else {
                return;
            };
            let r = &pack.rules[decisive];
            let what = if matches!(separation, Separation::Vetoed(_)) {
                r.id.to_string()
            } else {
                format!("{} {}", r.id, r.effect)
            };
            o.para(&format!("{head}: {what}"), first, rest);
            return;
        }
        Separation::Vetoed(_) | Separation::Behind { .. } => {}
    }
    let against = eval.system.against(pack, alt);
    let mut against = against.iter().map(|&i| &pack.rules[i]);
    match against.next() {
        Some(rule) => o.para(
            &format!(
                "{head}: {} {}",
                rule.because,
                p.dim(&format!("[{}]", rule.source))
            ),
            "  ",
            "    ",
        ),
        // No rule against it: the leader's gain that makes the gap decides.
        None => match separation.decisive(pack, alt).map(|i| &pack.rules[i]) {
            Some(r) => o.para(
                &format!(
                    "{head}: nothing counts against it, but {} has more in its favour, above all: {} {}",
                    id(eval.leader()),
                    r.because,
                    p.dim(&format!("[{}]", r.source))
                ),
                "  ",
                "    ",
            ),
            None => o.para(
                &format!(
                    "{head}: nothing counts against it, but {} has more in its favour",
                    id(eval.leader())
                ),
                "  ",
                "    ",
            ),
        },
    }
    for rule in against {
        o.para(
            &format!(
                "also: {} {}",
                rule.because,
                p.dim(&format!("[{}]", rule.source))
            ),
            "      ",
            "            ",
        );
    }
    if let Separation::Behind { rules, .. } = &separation {
        let list = deciding_list(pack, rules, |r| r);
        o.para(&p.dim(&format!("decided by: {list}")), "      ", "        ");
    }
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
fn certainty(o: &mut Out, pack: &RulePack, profile: &Profile, c: &Certainty) {
    let id = |p: PatternId| pack.pattern_id(p);
    let open: Vec<String> = open_answers(pack, profile);
    if c.settled {
        o.para(
            &format!(
                "Settled: {} whatever the open answers turn out to be.",
                c.possible.first().map_or("?", |&(p, _)| id(p)),
            ),
            "  ",
            "    ",
        );
    } else {
        let others: Vec<String> = c
            .possible
            .iter()
            .skip(1)
            .map(|&(p, s)| format!("{} {}", id(p), percent(s)))
            .collect();
        let (first, share) = c.possible[0];
        o.para(
            &format!(
                "Not settled: {} wins {} of everything you might answer ({}).",
                id(first),
                percent(share),
                others.join(", ")
            ),
            "  ",
            "    ",
        );
    }
    o.para(&format!("Open: {}.", open.join(", ")), "  ", "    ");
    if !c.decisive.is_empty() {
        o.line("  Find out first:");
        for d in &c.decisive {
            o.para(
                &format!("{}: {}", d.name(pack, profile), d.describe(pack)),
                "    • ",
                "      ",
            );
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
        o.para(
            &format!(
                "Below, the most likely answers {} wins: {}.",
                id(c.possible[0].0),
                likely.join(", ")
            ),
            "  ",
            "    ",
        );
    }
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

/// The ranking: a row per pattern with its score, a bar and what it is in this report. No
/// borders, so it takes six lines; the bars shrink to leave the other columns their width on a
/// narrow terminal, and go when they would be too short to compare.
fn ranking_table(pack: &RulePack, item: &Item<'_>, glyphs: Glyphs, width: usize) -> String {
    let eval = item.eval;
    let status = |pat: PatternId| {
        if pat == eval.recommendation && eval.by_components {
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
        }
    };
    let rows: Vec<[String; 4]> = eval
        .ranking
        .iter()
        .enumerate()
        .map(|(n, &pat)| {
            [
                (n + 1).to_string(),
                pack.pattern_id(pat).to_string(),
                score(eval.system.score(pat)),
                status(pat).to_string(),
            ]
        })
        .collect();
    // Each column is its widest cell plus a space either side.
    let widest = |k: usize| rows.iter().map(|r| wrap::columns(&r[k])).max().unwrap_or(0) + 2;
    let others: usize = (0..4).map(widest).sum();
    let room = width.max(wrap::MIN_WIDTH).saturating_sub(others + 2);
    let bars = (room >= MIN_BAR).then(|| {
        Bars::over(
            eval.ranking.iter().map(|&p| eval.system.score(p)),
            glyphs,
            room.min(bars::WIDTH),
        )
    });
    // Laid out as it is when everything fits (the usual case, and much cheaper); comfy-table
    // arranges it to the width otherwise.
    let fits = others + bars.map_or(0, |_| room.min(bars::WIDTH) + 2) <= width;
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    if fits {
        table.set_content_arrangement(ContentArrangement::Disabled);
    } else {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(wrap::table_width(width));
    }
    for (row, &pat) in rows.into_iter().zip(&eval.ranking) {
        let [n, id, points, status] = row;
        let mut cells = vec![n, id, points];
        if let Some(bars) = &bars {
            cells.push(bars.draw(eval.system.score(pat), eval.system.is_vetoed(pat)));
        }
        cells.push(status);
        table.add_row(cells);
    }
    if let Some(col) = table.column_mut(2) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    trim_ends(&table.to_string())
}

/// A table without the spaces that pad its last column.
fn trim_ends(table: &str) -> String {
    table
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bars narrower than this cannot show a gap: the column is left out instead.
const MIN_BAR: usize = 6;

/// Every rule that fired, for `--explain`. On a narrow terminal the pattern column goes (a
/// rule's id starts with its pattern), and the condition wraps rather than the id.
fn explain_table(pack: &RulePack, item: &Item<'_>, width: usize) -> String {
    let with_pattern = width >= WIDE;
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(wrap::table_width(width));
    let mut header = vec!["rule", "pattern", "effect", "when"];
    if !with_pattern {
        header.remove(1);
    }
    table.set_header(header);
    let mut longest = 0;
    for &i in &item.eval.system.fired {
        let r = &pack.rules[i];
        longest = longest.max(wrap::columns(&r.id));
        let mut row = vec![
            r.id.to_string(),
            pack.pattern_id(r.pattern).to_string(),
            r.effect.to_string(),
            r.when.describe(&pack.catalog),
        ];
        if !with_pattern {
            row.remove(1);
        }
        table.add_row(row);
    }
    // Ids stay whole while the effect and a narrow condition still fit beside them.
    let room = width.max(wrap::MIN_WIDTH).saturating_sub(BESIDE_ID);
    wrap::keep_whole(&mut table, 0, longest, room);
    let mut s = table.to_string();
    if !item.eval.components.is_empty() {
        let note = "(components are evaluated with their own overrides; see --format json --explain for their rules)";
        let _ = write!(s, "\n{}", wrap::fill(note, width, "", ""));
    }
    s
}

/// Widths from which a table has room for every column.
const WIDE: usize = 100;

/// What a table of rules needs beside their ids at the least: the effect (8 columns), a
/// condition column of 12, and the borders.
pub(crate) const BESIDE_ID: usize = 24;
