//! How sure the answer is, for profiles with open answers (`unknown`, lists, ranges): the share
//! of completions each pattern wins as a chart, the open answers to settle first with what each
//! value leads to, and which answers the rest of the page's reasons are for.

use super::charts;
use crate::pack::RulePack;
use crate::report::Item;
use maud::{html, Markup};

/// The "How sure is this?" section of one profile's page, or `None` when every answer is known
/// (then the answer is settled and the ranking says it all).
pub(super) fn section(pack: &RulePack, item: &Item<'_>) -> Option<Markup> {
    let Item { profile, eval } = *item;
    let c = eval.certainty.as_ref()?;
    let field = |f| &pack.catalog.fields[f];
    let mut open: Vec<String> = profile
        .uncertain
        .iter()
        .map(|u| {
            format!(
                "{}: {}",
                field(u.field).name,
                u.open.describe(field(u.field))
            )
        })
        .collect();
    for comp in &profile.components {
        open.extend(comp.uncertain.iter().map(|u| {
            format!(
                "{}: {}: {}",
                comp.name,
                field(u.field).name,
                u.open.describe(field(u.field))
            )
        }));
    }
    let likely: Vec<String> = c
        .likely
        .iter()
        .map(|l| {
            let f = field(l.field);
            match l.component.and_then(|k| profile.components.get(k)) {
                Some(comp) => format!("{}: {}: {}", comp.name, f.name, l.cell.describe(f)),
                None => format!("{}: {}", f.name, l.cell.describe(f)),
            }
        })
        .collect();
    let (first, share) = c.possible[0];
    Some(html! {
        section.sure data-section="certainty" {
            h3 { "How sure is this?" }
            p {
                @if c.settled {
                    strong { "Settled: " } (pack.pattern_id(first)) " whatever the open answers turn out to be."
                } @else {
                    strong { "Not settled: " } (pack.pattern_id(first)) " wins "
                    (crate::engine::percent(share)) " of everything the open answers allow."
                }
            }
            p { "Open: " @for (i, o) in open.iter().enumerate() { @if i > 0 { ", " } code { (o) } } "." }
            @if !c.settled {
                (charts::shares(pack, &c.possible))
            }
            @if !c.decisive.is_empty() {
                h4 { "Find out first" }
                ul.decisive {
                    @for d in &c.decisive {
                        li data-field=(d.name(pack, profile)) {
                            code { (d.name(pack, profile)) } ": " (d.describe(pack))
                        }
                    }
                }
            }
            @if !likely.is_empty() {
                p.muted {
                    "The ranking and reasons on this page are for the most likely answers "
                    (pack.pattern_id(first)) " wins: "
                    @for (i, l) in likely.iter().enumerate() { @if i > 0 { ", " } code { (l) } }
                    "."
                }
            }
        }
    })
}
