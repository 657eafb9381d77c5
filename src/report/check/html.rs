//! `check --format html`: the portfolio page. A summary first (how many profiles fit, how
//! many do not, which patterns the portfolio is recommended), then one row per input linking
//! to its section, the invalid inputs with their errors, and each profile's own section (the
//! same as `recommend --format html` shows).
//!
//! The summary comes first but needs every input, so the profiles' sections, rendered on any
//! thread as they are checked, are kept until the end and placed in input order then.

use super::Format;
use crate::engine::check::{Category, Checked, Counts, Entry, Verdict};
use crate::pack::{PatternId, Pos, RulePack};
use crate::report::html::{charts, foot, head, pattern_name, profile};
use crate::report::{Item, Style};
use maud::{html, Markup, PreEscaped};
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

/// `check --format html`.
pub(crate) struct Html<'p> {
    pack: &'p RulePack,
    /// Each checked profile's section, by where the profile starts. The same file given twice
    /// gives the same section twice, so each place keeps a queue.
    sections: Mutex<HashMap<(String, Pos), VecDeque<String>>>,
}

impl<'p> Html<'p> {
    pub(crate) fn new(pack: &'p RulePack) -> Self {
        Html {
            pack,
            sections: Mutex::new(HashMap::new()),
        }
    }

    /// The section kept for `checked`, taken out.
    fn section(&self, checked: &Checked) -> Option<String> {
        let mut sections = self.sections.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (checked.source.clone(), checked.pos);
        sections.get_mut(&key).and_then(VecDeque::pop_front)
    }
}

impl Format for Html<'_> {
    /// Renders the profile's section now, on the checking thread, and keeps it for the page.
    fn render(&self, item: &Item<'_>, checked: &Checked) -> Option<Vec<u8>> {
        let body = profile::body(self.pack, item, Style::default()).into_string();
        let mut sections = self.sections.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (checked.source.clone(), checked.pos);
        sections.entry(key).or_default().push_back(body);
        None
    }

    fn finish(&self, entries: &[Entry]) -> String {
        let pack = self.pack;
        let counts = Counts::of(entries);
        let close_calls = entries
            .iter()
            .filter(|e| {
                e.findings()
                    .iter()
                    .any(|f| f.category == Category::CloseCall)
            })
            .count();
        let mut per_pattern: Vec<(PatternId, usize)> =
            pack.patterns.ids().map(|p| (p, 0)).collect();
        for entry in entries {
            if let Entry::Checked(c) = entry {
                if let Some(slot) = per_pattern
                    .iter_mut()
                    .find(|(p, _)| pack.pattern_id(*p) == c.recommendation)
                {
                    slot.1 += 1;
                }
            }
        }
        let total = counts.total();
        let title = format!(
            "archfit check: {total} profile{}",
            if total == 1 { "" } else { "s" }
        );
        let intro = html! {
            p {
                (total) " input" @if total != 1 { "s" } " checked with rule pack "
                code { (pack.meta.name) } " " (pack.meta.version)
                ": does the architecture each team runs (" code { "current:" } ") still fit its profile?"
            }
        };
        let page = html! {
            (head(&title, "Architecture check", intro))
            main {
                section id="summary" {
                    h2 { "Summary" }
                    dl.tiles {
                        div data-count="fits" { dt { "fit" } dd { (counts.fits) } }
                        div data-count="close-calls" { dt { "close call" } dd { (close_calls) } }
                        div data-count="misfits" { dt { "do not fit" } dd { (counts.misfits) } }
                        div data-count="unsettled" { dt { "fit only partly" } dd { (counts.unsettled) } }
                        div data-count="validated-only" { dt { "no " code { "current:" } } dd { (counts.validated_only) } }
                        div data-count="invalid" { dt { "invalid" } dd { (counts.invalid) } }
                    }
                    @if per_pattern.iter().any(|&(_, n)| n > 0) {
                        (charts::pattern_counts(pack, &per_pattern))
                    }
                }
                section id="profiles" {
                    h2 { "Profiles" }
                    @if entries.is_empty() {
                        p { "No profile was found in the paths given." }
                    } @else {
                        (rows(pack, entries))
                    }
                }
                @if counts.invalid > 0 {
                    section id="invalid" {
                        h2 { "Invalid inputs" }
                        @for (n, entry) in entries.iter().enumerate() {
                            @if let Entry::Invalid(i) = entry {
                                div.invalid id={ "input-" (n + 1) } {
                                    h3 { code { (i.source) } }
                                    ul.errors {
                                        @for f in &i.findings {
                                            li {
                                                @if let Some(p) = f.pos { "line " (p.line) ", column " (p.col) ": " }
                                                (f.message)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @for (n, entry) in entries.iter().enumerate() {
                    @if let Entry::Checked(c) = entry {
                        @if let Some(body) = self.section(c) {
                            section.profile id={ "input-" (n + 1) } data-verdict=(c.verdict.name()) {
                                (PreEscaped(body))
                            }
                        }
                    }
                }
            }
            (foot())
        };
        page.into_string()
    }
}

/// One row per input, in input order, each linking to its section.
fn rows(pack: &RulePack, entries: &[Entry]) -> Markup {
    html! {
        table.stack {
            thead {
                tr {
                    th.w-name scope="col" { "Profile" }
                    th.w-pattern scope="col" { "Current" }
                    th.w-pattern scope="col" { "Recommended" }
                    th.w-fit scope="col" { "Fit" }
                    th scope="col" { "Deciding reason" }
                }
            }
            tbody {
                @for (n, entry) in entries.iter().enumerate() {
                    @let anchor = format!("#input-{}", n + 1);
                    @match entry {
                        Entry::Checked(c) => {
                            tr data-verdict=(c.verdict.name()) {
                                td data-label="Profile" {
                                    a href=(anchor) { (c.name) } br;
                                    span.source { (c.source) }
                                }
                                td data-label="Current" { (pattern(pack, c.current.as_deref())) }
                                td data-label="Recommended" { (pattern(pack, Some(&c.recommendation))) }
                                td data-label="Fit" {
                                    @match c.verdict {
                                        Verdict::Fits => span.tag.good { "fits" },
                                        Verdict::Misfit => span.tag.bad { "does not fit" },
                                        Verdict::Unsettled => span.tag.warn { "fits only partly" },
                                        Verdict::ValidatedOnly => span.muted { "not compared" },
                                    }
                                    @if c.findings.iter().any(|f| f.category == Category::CloseCall) {
                                        " " span.tag.warn { "close call" }
                                    }
                                }
                                td data-label="Deciding reason" { (c.reason) }
                            }
                        }
                        Entry::Invalid(i) => {
                            tr data-verdict="invalid" {
                                td data-label="Profile" { a href=(anchor) { code { (i.source) } } }
                                td data-label="Current" { "—" }
                                td data-label="Recommended" { "—" }
                                td data-label="Fit" { span.tag.bad { "invalid" } }
                                td data-label="Deciding reason" {
                                    @if let Some(f) = i.findings.first() { (f.message) }
                                    @if i.findings.len() > 1 {
                                        " (and " (i.findings.len() - 1) " more)"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A pattern named in a check's entry, with its colour when the pack knows it.
fn pattern(pack: &RulePack, id: Option<&str>) -> Markup {
    match id {
        Some(id) => match pack.pattern_index(id) {
            Some(p) => pattern_name(pack, p),
            None => html! { (id) },
        },
        None => html! { span.muted { "—" } },
    }
}
