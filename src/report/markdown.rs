//! `--format markdown`: an Architecture Decision Record (MADR / adr-tools style) per profile.
//!
//! Plain functions with no CLI types, so `recommend`, `ask` and `adr` share one renderer.
//! Everything that comes from data (profile names, because-texts, pattern titles) goes through
//! [`escape`], so a `|` in a reason cannot break a table and a `*` cannot start emphasis.

use super::{deciding_list, mermaid, score, Format, Framing, Item};
use crate::engine::{percent, Certainty, Evaluation, Fit, Separation};
use crate::pack::printable::is_unsafe;
use crate::pack::{FieldId, Kind, PatternId, Rule, RulePack, Value};
use std::fmt::Write as _;

/// `--format markdown`: one decision record per profile.
pub struct Markdown<'p> {
    pack: &'p RulePack,
    /// `YYYY-MM-DD`.
    date: String,
}

impl<'p> Markdown<'p> {
    pub fn new(pack: &'p RulePack, date: String) -> Self {
        Markdown { pack, date }
    }

    /// One profile's decision record with the numbering and links of an ADR directory.
    pub(crate) fn record(&self, item: &Item<'_>, record: &Record) -> String {
        render_record(self.pack, &self.date, item, record)
    }
}

impl Format for Markdown<'_> {
    fn render(&self, item: &Item<'_>) -> Vec<u8> {
        self.record(item, &Record::default()).into_bytes()
    }

    /// A thematic break between records; the blank line keeps it from being read as a
    /// heading underline.
    fn framing(&self) -> Framing {
        Framing::joined_by("\n---\n\n")
    }
}

/// A link from one record to another: `[0003](0003-architecture-for-acme-shop.md)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub number: u32,
    pub file: String,
}

impl Link {
    /// The link as Markdown (the file name is percent-encoded where needed).
    pub(crate) fn markdown(&self) -> String {
        format!("[{:04}]({})", self.number, url(&self.file))
    }
}

/// What a numbered record adds to the plain report.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    /// The record's number in its directory, shown in the title.
    pub number: Option<u32>,
    /// The earlier record this one replaces.
    pub supersedes: Option<Link>,
}

/// One profile's decision record, dated `date`.
fn render_record(pack: &RulePack, date: &str, item: &Item<'_>, record: &Record) -> String {
    let Item { profile, eval } = *item;
    let rec = eval.recommendation;
    let id = |i: PatternId| pack.pattern_id(i);
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };

    let pattern = &pack.patterns[rec];
    let title = &*pattern.title;
    let number = record.number.map_or(String::new(), |n| format!("{n}. "));
    line(&format!(
        "# {number}Architecture for {}: {}",
        escape(&profile.name),
        escape(title)
    ));
    line("");
    line("- Status: proposed");
    line(&format!("- Date: {}", escape(date)));
    if let Some(link) = &record.supersedes {
        line(&format!("- Supersedes: {}", link.markdown()));
    }
    line(&format!("- Profile: {}", code(&profile.source)));
    line(&format!(
        "- Rule pack: {} {} (sha256 {})",
        code(&pack.meta.name),
        escape(&pack.meta.version),
        code(pack.sha256().get(..12).unwrap_or_default())
    ));

    line("");
    line("## Context and problem statement");
    line("");
    line(&format!(
        "Which backend architecture fits **{}** now: monolith, microservices, serverless, \
         event-driven or a hybrid of them? The profile describes the project as follows.",
        escape(&profile.name)
    ));
    line("");
    for bullet in context_bullets(pack, item) {
        line(&format!("- {bullet}"));
    }
    line("");
    if profile.assumed.is_empty() {
        line("Every field was given in the profile; nothing was assumed.");
    } else {
        let names: Vec<String> = profile
            .assumed
            .iter()
            .map(|&i| code(&pack.catalog.fields[i].name))
            .collect();
        line(&format!(
            "Assumed (not in the profile, so the defaults were used): {}. Set them to be sure \
             the decision rests on facts.",
            names.join(", ")
        ));
    }
    line("");
    line("| Field | Value | Given or assumed |");
    line("| --- | --- | --- |");
    for (i, f) in pack.catalog.fields.iter_enumerated() {
        let v = profile.values[i];
        let (value, how) = match profile.open(i) {
            Some(open) => (open.describe(f), "open (see *Open questions*)"),
            None if profile.assumed.contains(&i) => (f.format(v), "assumed (default)"),
            None => (f.format(v), "given"),
        };
        line(&format!("| {} | {} | {how} |", code(&f.name), code(&value)));
    }
    if let (Some(current), Some(fit)) = (profile.current, eval.fit) {
        line("");
        line(&format!(
            "The architecture in use today is **{}**; it {}.",
            escape(id(current)),
            fit_phrase(pack, fit)
        ));
    }

    line("");
    line("## Decision");
    line("");
    line(&format!(
        "Chosen: **{}** ({}). {}",
        escape(id(rec)),
        escape(title),
        escape(&pattern.summary)
    ));
    line("");
    if eval.all_vetoed {
        line("Every pattern is vetoed for this profile; this is the least bad by score, not a good fit.");
        line("");
    }
    if eval.by_components {
        line(&format!(
            "The core of the system is **{}**; the components below need other patterns. The deciding reasons are the core's; each component's own are under *Per-component decisions*.",
            escape(id(eval.core))
        ));
        line("");
    } else if let Some(r) = eval.runner_up {
        let close = if eval.close_call {
            " This is a close call: small changes to the profile could flip it."
        } else {
            ""
        };
        line(&format!(
            "The runner-up is **{}**, {}.{close}",
            escape(id(r)),
            behind(pack, eval, r)
        ));
        line("");
    }
    line("### Deciding reasons");
    line("");
    line("| Effect | Reason | Source |");
    line("| ---: | --- | --- |");
    if eval.by_components {
        if let Some(c) = &pack.meta.components_rule {
            line(&format!(
                "| components | {} | {} |",
                escape(&c.because),
                escape(&c.source)
            ));
        }
    }
    for i in eval.reasons_for(pack, eval.leader()) {
        let r = &pack.rules[i];
        line(&format!(
            "| {} | {} | {} |",
            r.effect,
            escape(&r.because),
            escape(&r.source)
        ));
    }

    if !eval.components.is_empty() {
        line("");
        line("### Per-component decisions");
        line("");
        line("| Part | Pattern | Differs from the system in | Why |");
        line("| --- | --- | --- | --- |");
        line(&format!(
            "| core (the rest of the system) | **{}** | | The system profile's best pattern apart from hybrid. |",
            escape(id(eval.core))
        ));
        for (c, def) in eval.components.iter().zip(&profile.components) {
            // Only what really differs (a component may restate the system's own values).
            let overrides: Vec<String> = def
                .differences(&profile.values)
                .iter()
                .map(|&(i, v)| {
                    let f = &pack.catalog.fields[i];
                    code(&format!("{}: {}", f.name, f.format(v)))
                })
                .collect();
            let why: Vec<String> = c
                .outcome
                .gains_for(pack, c.recommendation)
                .into_iter()
                .take(3)
                .map(|i| {
                    let r = &pack.rules[i];
                    format!("{} ({})", escape(&r.because), escape(&r.source))
                })
                .collect();
            line(&format!(
                "| {} | **{}** | {} | {} |",
                escape(&c.name),
                escape(id(c.recommendation)),
                overrides.join(", "),
                if why.is_empty() {
                    "Fewer reasons count against it than against the others.".to_string()
                } else {
                    why.join(" ")
                }
            ));
        }
        if let Some(map) = mermaid::component_map(pack, item) {
            line("");
            line(map.trim_end());
        }
    }

    if let Some(c) = &eval.certainty {
        line("");
        for l in open_questions(pack, item, c) {
            line(&l);
        }
    }

    line("");
    line("## Alternatives considered");
    line("");
    line("| Rank | Pattern | Score | Outcome |");
    line("| ---: | --- | ---: | --- |");
    for (n, &pat) in eval.ranking.iter().enumerate() {
        let outcome = if pat == rec && eval.by_components {
            "chosen: the parts need different patterns".to_string()
        } else if pat == rec {
            "chosen".to_string()
        } else {
            behind(pack, eval, pat)
        };
        line(&format!(
            "| {} | {} | {} | {outcome} |",
            n + 1,
            escape(id(pat)),
            score(eval.system.score(pat))
        ));
    }
    line("");
    if eval.by_components {
        line(&format!(
            "Hybrid comes first because components need other patterns than the core (**{}**); its own score counts only for a profile without components.",
            escape(id(eval.core))
        ));
        line("");
    }
    for &alt in eval.ranking.iter().filter(|&&a| a != rec) {
        let head = format!("**{}** ({})", escape(id(alt)), behind(pack, eval, alt));
        let against = eval.system.against(pack, alt);
        let mut rules = against.iter().map(|&i| &pack.rules[i]);
        let separation = eval.separation(pack, alt);
        match separation {
            Separation::Core => {
                line(&format!(
                    "- **{}**: the core's pattern, but the components above need other patterns.",
                    escape(id(alt))
                ));
                continue;
            }
            Separation::Tie => line(&format!(
                "- {head}: an exact tie, which goes to the simpler pattern: **{}** is listed before **{}** in the pack.",
                escape(id(eval.leader())),
                escape(id(alt))
            )),
            Separation::Vetoed(_) | Separation::Behind { .. } => match rules.next() {
                Some(r) => line(&format!("- {head}: {}", reason(r))),
                // No rule against it: what decides is the leader's gain that makes the gap.
                None => match separation.decisive(pack, alt).map(|i| &pack.rules[i]) {
                    Some(r) => line(&format!(
                        "- {head}: nothing counts against it, but **{}** has more in its favour, above all: {}",
                        escape(id(eval.leader())),
                        reason(r)
                    )),
                    None => line(&format!(
                        "- {head}: nothing counts against it, but **{}** has more in its favour.",
                        escape(id(eval.leader()))
                    )),
                },
            },
        }
        for r in rules {
            line(&format!("  - also: {}", reason(r)));
        }
        if let Separation::Behind { rules, .. } = separation {
            let list = deciding_list(pack, &rules, |r| code(&r));
            line(&format!("  - decided by: {list}"));
        }
    }

    line("");
    line("## Consequences");
    if !pattern.tradeoffs.is_empty() {
        line("");
        line("Trade-offs to accept and watch:");
        line("");
        for t in &pattern.tradeoffs {
            line(&format!("- {}", escape(t)));
        }
    }
    if !pattern.practices.is_empty() {
        line("");
        line("Practices to follow:");
        line("");
        for t in &pattern.practices {
            line(&format!("- {}", escape(t)));
        }
    }
    let core = &pack.patterns[eval.core];
    if eval.by_components && !core.practices.is_empty() {
        line("");
        line(&format!(
            "Practices for the core (**{}**):",
            escape(id(eval.core))
        ));
        line("");
        for t in &core.practices {
            line(&format!("- {}", escape(t)));
        }
    }

    line("");
    line("## Revisit when");
    line("");
    if eval.what_if.is_empty() {
        line("- No single change to one field of the profile flips this decision.");
    }
    for w in &eval.what_if {
        let f = &pack.catalog.fields[w.field];
        line(&format!(
            "- {} becomes {} (now {}): the recommendation changes to **{}**.",
            code(&f.name),
            code(&f.format(w.to)),
            code(&f.format(w.from)),
            escape(id(w.recommendation))
        ));
    }
    for t in &pattern.revisit {
        line(&format!("- {}", escape(t)));
    }
    out
}

/// "Open questions": what the profile leaves open, how much that leaves of the decision, and
/// which answers to settle first.
fn open_questions(pack: &RulePack, item: &Item<'_>, c: &Certainty) -> Vec<String> {
    let Item { profile, .. } = *item;
    let id = |p: PatternId| pack.pattern_id(p);
    let field = |f: FieldId| &pack.catalog.fields[f];
    let mut open: Vec<String> = profile
        .uncertain
        .iter()
        .map(|u| {
            code(&format!(
                "{}: {}",
                field(u.field).name,
                u.open.describe(field(u.field))
            ))
        })
        .collect();
    for comp in &profile.components {
        open.extend(comp.uncertain.iter().map(|u| {
            code(&format!(
                "{}: {}: {}",
                comp.name,
                field(u.field).name,
                u.open.describe(field(u.field))
            ))
        }));
    }
    let mut out = vec!["## Open questions".to_string(), String::new()];
    out.push(format!("The profile leaves open: {}.", open.join(", ")));
    out.push(String::new());
    let (first, share) = c.possible[0];
    if c.settled {
        out.push(format!(
            "Settled: **{}** whatever these turn out to be.",
            escape(id(first))
        ));
    } else {
        let others: Vec<String> = c
            .possible
            .iter()
            .skip(1)
            .map(|&(p, s)| format!("{} {}", escape(id(p)), percent(s)))
            .collect();
        out.push(format!(
            "Not settled: over every way they could turn out, **{}** wins {} ({}).",
            escape(id(first)),
            percent(share),
            others.join(", ")
        ));
    }
    if !c.decisive.is_empty() {
        out.push(String::new());
        out.push("Settle these first:".to_string());
        out.push(String::new());
        for d in &c.decisive {
            out.push(format!(
                "- {}: {}",
                code(&d.name(pack, profile)),
                escape(&d.describe(pack))
            ));
        }
    }
    if !c.likely.is_empty() {
        let likely: Vec<String> = c
            .likely
            .iter()
            .map(|l| {
                let f = field(l.field);
                let name = match l.component.and_then(|k| profile.components.get(k)) {
                    Some(comp) => format!("{}: {}", comp.name, f.name),
                    None => f.name.to_string(),
                };
                code(&format!("{name}: {}", l.cell.describe(f)))
            })
            .collect();
        out.push(String::new());
        out.push(format!(
            "The reasons in this record are for the most likely answers **{}** wins: {}.",
            escape(id(first)),
            likely.join(", ")
        ));
    }
    out
}

/// The profile in prose, one bullet per field group: team, then each enum field with what its
/// value means (from the catalog's help), then the constraints that hold.
fn context_bullets(pack: &RulePack, item: &Item<'_>) -> Vec<String> {
    let profile = item.profile;
    let fields = &pack.catalog.fields;
    // Open answers are listed apart, not described as if they were known.
    let value = |name: &str| {
        let i = pack.catalog.index_of(name)?;
        if profile.open(i).is_some() {
            return None;
        }
        Some((i, *profile.values.get(i)?))
    };
    let assumed = |i| {
        if profile.assumed.contains(&i) {
            " (assumed)"
        } else {
            ""
        }
    };
    let mut out = Vec::new();
    let mut team_fields = Vec::new();
    if let Some((i, Value::Int(n))) = value("team_size") {
        team_fields.push(i);
        let mut s = format!(
            "**Team:** {n} engineer{}{}",
            if n == 1 { "" } else { "s" },
            assumed(i)
        );
        if let Some((j, Value::Int(t))) = value("teams") {
            team_fields.push(j);
            if t == 1 {
                let _ = write!(s, " in one team{}", assumed(j));
            } else {
                let _ = write!(s, " in {t} independent teams{}", assumed(j));
            }
        }
        s.push('.');
        out.push(s);
    }
    let mut constraints = Vec::new();
    for (i, f) in fields.iter_enumerated() {
        if team_fields.contains(&i) || profile.open(i).is_some() {
            continue;
        }
        let v = profile.values[i];
        match (&f.kind, v) {
            (Kind::Enum { values }, Value::Enum(e)) => {
                let help = values
                    .get(usize::from(e))
                    .map_or(String::new(), |ev| format!(": {}", escape(&ev.help)));
                out.push(format!(
                    "**{}:** {}{}{help}",
                    escape(&capitalise(&f.name)),
                    code(&f.format(v)),
                    assumed(i)
                ));
            }
            (Kind::Boolean, Value::Bool(true)) => {
                constraints.push(format!("{}{}", code(&f.name), assumed(i)));
            }
            (Kind::Integer { .. }, Value::Int(_)) => out.push(format!(
                "**{}:** {}{}",
                escape(&capitalise(&f.name)),
                code(&f.format(v)),
                assumed(i)
            )),
            _ => {}
        }
    }
    if constraints.is_empty() {
        out.push("**Constraints:** none of the yes/no constraints holds.".to_string());
    } else {
        out.push(format!("**Constraints:** {}.", constraints.join(", ")));
    }
    if !profile.uncertain.is_empty() {
        let open: Vec<String> = profile
            .uncertain
            .iter()
            .map(|u| {
                let f = &fields[u.field];
                code(&format!("{}: {}", f.name, u.open.describe(f)))
            })
            .collect();
        out.push(format!(
            "**Not yet known:** {} (see *Open questions*).",
            open.join(", ")
        ));
    }
    out
}

fn capitalise(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn reason(r: &Rule) -> String {
    format!(
        "{} ({}; {})",
        escape(&r.because),
        r.effect,
        escape(&r.source)
    )
}

fn fit_phrase(pack: &RulePack, fit: Fit) -> String {
    match fit {
        Fit::Same => "fits: it is the recommendation".to_string(),
        Fit::WithinMargin(gap) => format!(
            "still fits: {} points behind, within the pack's margin of {}",
            score(gap),
            score(pack.meta.close_call_margin)
        ),
        Fit::Vetoed => "does not fit: it is vetoed for this profile".to_string(),
        Fit::Behind(gap) => format!(
            "does not fit: {} points behind, more than the pack's margin of {}",
            score(gap),
            score(pack.meta.close_call_margin)
        ),
        Fit::NeedsHybrid => "does not fit: some components need other patterns".to_string(),
        Fit::Partly(share) => format!(
            "fits only {} of what the profile leaves open (see *Open questions*)",
            percent(share)
        ),
    }
}

/// Escapes text from data for use inline in Markdown (also inside table cells): every character
/// CommonMark could read as syntax is backslash-escaped, and line breaks become spaces so a
/// value can never end a table row or start a block.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            // Other control and bidirectional characters (from a profile's name) are shown,
            // not passed on to whatever renders the record.
            c if is_unsafe(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    // A line that starts with `-`, `+`, `=` or `1.` could become a list or a heading underline.
    // (An ordered list marker is one to nine digits, `.` or `)`, then a space or the end.)
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else if (1..=9).contains(&digits)
        && matches!(
            out.as_bytes().get(digits..),
            Some([b'.' | b')']) | Some([b'.' | b')', b' ' | b'\t', ..])
        )
    {
        out.insert(digits, '\\');
    }
    out
}

/// Text as inline code; falls back to escaped text when it holds a backtick or a line break
/// (which inline code cannot carry safely) or a `|` (a table splits cells on `|` even inside
/// code spans, and `\|` would show its backslash outside a table).
fn code(text: &str) -> String {
    if text.contains(['`', '\n', '\r', '|']) || text.is_empty() || text.chars().any(is_unsafe) {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

/// A file name as a link target: spaces and parentheses would end the destination.
fn url(file: &str) -> String {
    let mut out = String::new();
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// How far `alt` is from the leader: "3.0 points behind", "tied at 4.0 points", "vetoed";
/// measured against the core when components made the system hybrid.
fn behind(pack: &RulePack, eval: &Evaluation, alt: PatternId) -> String {
    match eval.separation(pack, alt) {
        Separation::Vetoed(_) => "vetoed".to_string(),
        Separation::Core => "core of the hybrid".to_string(),
        Separation::Tie => format!(
            "tied at {} points, the tie going to the simpler pattern",
            score(eval.system.score(alt))
        ),
        Separation::Behind { gap, .. } if eval.by_components => {
            format!("{} points behind the core", score(gap))
        }
        Separation::Behind { gap, .. } => format!("{} points behind", score(gap)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markdown_syntax() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(
            escape("*x* _y_ [z](u) <b>"),
            "\\*x\\* \\_y\\_ \\[z\\](u) \\<b\\>"
        );
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("plain text, e.g. this."), "plain text, e.g. this.");
        // A backslash is escaped too, or `\*x\*` would read as emphasis.
        assert_eq!(escape(r"\*x\*"), r"\\\*x\\\*");
        assert_eq!(escape(r"a\"), r"a\\");
        // An ordered list marker at the start, and only that.
        assert_eq!(escape("1. x"), r"1\. x");
        assert_eq!(escape("12) x"), r"12\) x");
        assert_eq!(escape("3."), r"3\.");
        assert_eq!(escape("1.0.0"), "1.0.0");
        assert_eq!(escape("1234567890. x"), "1234567890. x");
    }

    #[test]
    fn code_spans_fall_back_to_escaping() {
        assert_eq!(code("team_size"), "`team_size`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("a|b"), "a\\|b");
    }

    #[test]
    fn links_encode_awkward_file_names() {
        let l = Link {
            number: 3,
            file: "0003-a (b).md".to_string(),
        };
        assert_eq!(l.markdown(), "[0003](0003-a%20%28b%29.md)");
    }
}
