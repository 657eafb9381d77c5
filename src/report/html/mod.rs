//! `--format html`: a self-contained page to share, with charts.
//!
//! One file with its stylesheet inline and its charts drawn in inline SVG: no script, no font,
//! no image and no request, so it reads the same opened from disk, attached to a CI run or
//! printed. A Content-Security-Policy forbids everything else, so a page that tried to load
//! anything would fail loudly in a browser rather than quietly on someone's network.
//!
//! Markup is written with `maud`, which escapes every value it interpolates: a profile named
//! `<script>` shows as text. Like every renderer this one decides nothing; the charts draw
//! what the [`Evaluation`](crate::engine::Evaluation) says.

pub(crate) mod charts;
pub(crate) mod profile;
mod uncertainty;

use super::{Format, Framing, Item, Style};
use crate::pack::{PatternId, RulePack};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::sync::OnceLock;

/// The stylesheet of every page.
pub(crate) const STYLE: &str = include_str!("style.css");

/// Nothing but the page's own inline styles; no script, no request of any kind.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// `--format html`: one page, a section per profile.
pub struct Html<'p> {
    pack: &'p RulePack,
    style: Style,
}

impl<'p> Html<'p> {
    pub fn new(pack: &'p RulePack, style: Style) -> Self {
        Html { pack, style }
    }
}

impl Format for Html<'_> {
    fn render(&self, item: &Item<'_>) -> Vec<u8> {
        let body = profile::body(self.pack, item, self.style);
        html! { article.profile { (body) } }
            .into_string()
            .into_bytes()
    }

    /// The page around the profiles' sections. Reports stream one by one, so the page's
    /// head cannot name them: it is the same for every run.
    fn framing(&self) -> Framing {
        let (open, close, close_empty) = page();
        Framing {
            open,
            first: "",
            between: "\n",
            close,
            close_empty,
        }
    }
}

/// The page around the reports of `recommend` and `ask`, made once per process.
static PAGE: OnceLock<(String, String, String)> = OnceLock::new();

fn page() -> &'static (String, String, String) {
    PAGE.get_or_init(|| {
        let intro = html! {
            p { "archfit's recommendation for each profile: the decision, its reasons and what would change it." }
        };
        let open = head("archfit: which architecture fits", "Which architecture fits", intro);
        let open = format!("{}<main>\n", open.into_string());
        let close = format!("\n</main>{}", foot().into_string());
        let empty = html! {
            p { "No valid profile to report on: the problems were written to standard error." }
        };
        let close_empty = format!("{}{close}", empty.into_string());
        (open, close, close_empty)
    })
}

/// The head of a page and the start of its body, for pages whose title is known when they
/// are written (`check`'s portfolio page).
pub(crate) fn head(title: &str, heading: &str, intro: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en";
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta http-equiv="Content-Security-Policy" content=(POLICY);
            meta name="generator" content={ "archfit " (env!("CARGO_PKG_VERSION")) };
            title { (title) }
            style { (PreEscaped(STYLE)) }
        }
        body;
        header.page-head {
            h1 { (heading) }
            (intro)
        }
    }
}

/// The end of a page made with [`head`].
pub(crate) fn foot() -> Markup {
    html! {
        footer.page-foot {
            p { "Made by archfit " (env!("CARGO_PKG_VERSION")) ". Every reason cites the section of the pack's source it comes from." }
        }
        (PreEscaped("</body></html>\n"))
    }
}

/// The class that gives a pattern its colour (`--c`), the same on every chart of a page.
pub(crate) fn colour(pattern: PatternId) -> String {
    format!("pat-{}", pattern.index() % 8)
}

/// A pattern's name with its colour swatch: the colour helps, the name says it.
pub(crate) fn pattern_name(pack: &RulePack, pattern: PatternId) -> Markup {
    html! {
        span class=(colour(pattern)) {
            span.swatch aria-hidden="true" {}
            strong { (pack.pattern_id(pattern)) }
        }
    }
}

#[cfg(test)]
mod tests;
