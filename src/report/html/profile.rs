//! One profile's part of the page. Its order follows the questions a reader asks: what should
//! we do and how clear is it (the decision, the ranking chart), why, where each part goes, why
//! not the others, what would change it, what to watch for, and what the answer rests on.

use super::{charts, colour, pattern_name, uncertainty};
use crate::engine::{Evaluation, Fit, Separation};
use crate::pack::{Effect, PatternId, Rule, RuleId, RulePack};
use crate::report::{score, Item, Style};
use maud::{html, Markup};

/// The contents of one profile's section; the caller chooses the element around it (an
/// `article` in a report, a `section` with an anchor in `check`'s portfolio).
pub(crate) fn body(pack: &RulePack, item: &Item<'_>, style: Style) -> Markup {
    let Item { profile, eval } = *item;
    let rec = eval.recommendation;
    let pattern = &pack.patterns[rec];
    let core = &pack.patterns[eval.core];
    html! {
        header {
            h2 { (profile.name) }
            p.source {
                "Profile " code { (profile.source) } " · rule pack " code { (pack.meta.name) } " "
                (pack.meta.version) " (sha256 " code { (pack.sha256().get(..12).unwrap_or_default()) } ")"
            }
        }
        (decision(pack, item))

        section {
            h3 { "Ranking" }
            (charts::ranking(pack, eval))
        }

        @if let Some(sure) = uncertainty::section(pack, item) {
            (sure)
        }

        section {
            h3 { "Why " (pack.pattern_id(rec)) }
            @if eval.by_components {
                @if let Some(c) = &pack.meta.components_rule {
                    ul.reasons {
                        li data-rule=(c.id) {
                            span.effect { "parts" }
                            span { (c.because) " " span.source { "(" (c.source) ")" } }
                        }
                    }
                }
                p { "At the core, " (pattern_name(pack, eval.core)) ":" }
            }
            (reasons(pack, &eval.reasons_for(pack, eval.leader())))
        }

        @if let Some(map) = charts::component_map(pack, profile, eval) {
            section {
                h3 { "Components" }
                (map)
            }
        }

        section {
            h3 { "Why not the others" }
            (alternatives(pack, eval))
        }

        section {
            h3 { "What would change the answer" }
            @match charts::flips(pack, profile, eval) {
                Some(chart) => (chart),
                None => p { "No single change to one field flips this recommendation." },
            }
            @if !pattern.revisit.is_empty() {
                h4 { "Revisit when" }
                ul { @for t in &pattern.revisit { li { (t) } } }
            }
        }

        @if !pattern.tradeoffs.is_empty() {
            section {
                h3 { "Trade-offs to watch" }
                ul { @for t in &pattern.tradeoffs { li { (t) } } }
            }
        }
        @if !pattern.practices.is_empty() || (eval.by_components && !core.practices.is_empty()) {
            section {
                h3 { "Practices to follow" }
                ul { @for t in &pattern.practices { li { (t) } } }
                @if eval.by_components && !core.practices.is_empty() {
                    h4 { "At the core (" (pack.pattern_id(eval.core)) ")" }
                    ul { @for t in &core.practices { li { (t) } } }
                }
            }
        }

        section {
            h3 { "The profile" }
            (profile_table(pack, item))
        }

        @if style.explain {
            section {
                h3 { "Every rule that fired" }
                (explain(pack, eval))
            }
        }
    }
}

/// The decision in a panel: the pattern and its one-sentence summary, then how clear it is,
/// then whether the architecture in use today fits.
fn decision(pack: &RulePack, item: &Item<'_>) -> Markup {
    let Item { profile, eval } = *item;
    let rec = eval.recommendation;
    let pattern = &pack.patterns[rec];
    let differing = eval
        .components
        .iter()
        .filter(|c| c.recommendation != eval.core)
        .count();
    html! {
        div.decision.(colour(rec)) data-recommendation=(pack.pattern_id(rec)) {
            p.verdict { "Recommended: " (pattern_name(pack, rec)) " — " (pattern.title) }
            p { (pattern.summary) }
            @if eval.all_vetoed {
                p { span.tag.bad { "all vetoed" } " Every pattern is vetoed for this profile; this is the least bad by score, not a good fit." }
            }
            @if eval.by_components {
                p {
                    "The core of the system is " (pattern_name(pack, eval.core)) "; "
                    (differing) " of " (eval.components.len()) " component"
                    @if eval.components.len() != 1 { "s" }
                    " need" @if differing == 1 { "s" } " another pattern."
                }
            } @else if let Some(r) = eval.runner_up {
                p {
                    "Runner-up: " (pattern_name(pack, r)) ", " (behind(pack, eval, r)) "."
                    @if eval.close_call {
                        " " span.tag.warn { "close call" } " Small changes to the profile could flip it."
                    }
                }
            }
            @if let (Some(current), Some(fit)) = (profile.current, eval.fit) {
                p {
                    "Current architecture: " (pattern_name(pack, current)) " "
                    @if fit.is_match() {
                        span.tag.good { "fits" }
                    } @else {
                        span.tag.bad { "does not fit" }
                    }
                    " " (fit_phrase(pack, fit))
                }
            }
        }
    }
}

/// Rules as a list of reasons: effect, because-text, the source's section.
fn reasons(pack: &RulePack, rules: &[RuleId]) -> Markup {
    html! {
        ul.reasons {
            @for &i in rules {
                @let r = &pack.rules[i];
                li data-rule=(r.id) {
                    span.effect.minus[is_penalty(r)] { (r.effect) }
                    span { (r.because) " " span.source { "(" (r.source) ")" } }
                }
            }
        }
    }
}

fn is_penalty(rule: &Rule) -> bool {
    match rule.effect {
        Effect::Veto => true,
        Effect::Score(s) => s < 0.0,
    }
}

/// Why each alternative lost: its vetoes or penalties, and the rules that make the gap.
fn alternatives(pack: &RulePack, eval: &Evaluation) -> Markup {
    let leader = pack.pattern_id(eval.leader());
    html! {
        ul.alternatives {
            @for &alt in eval.ranking.iter().filter(|&&a| a != eval.recommendation) {
                @let against = eval.system.against(pack, alt);
                @let separation = eval.separation(pack, alt);
                li data-pattern=(pack.pattern_id(alt)) {
                    (pattern_name(pack, alt)) " (" (behind(pack, eval, alt)) "): "
                    @match &separation {
                        Separation::Core => {
                            "the core's pattern, but the components need other patterns."
                        }
                        Separation::Tie => {
                            "an exact tie, which goes to the simpler pattern: " strong { (leader) }
                            " is listed before " strong { (pack.pattern_id(alt)) } " in the pack."
                        }
                        Separation::Vetoed(_) | Separation::Behind { .. } => {
                            @match against.first().map(|&i| &pack.rules[i]) {
                                Some(r) => { (r.because) " " span.source { "(" (r.source) "; " (r.effect) ")" } }
                                None => "nothing counts against it; it has fewer points in its favour.",
                            }
                        }
                    }
                    @if !matches!(separation, Separation::Core) {
                        ul {
                            @for r in against.iter().skip(1).map(|&i| &pack.rules[i]) {
                                li { "Also: " (r.because) " " span.source { "(" (r.source) "; " (r.effect) ")" } }
                            }
                            @if let Separation::Behind { rules, .. } = &separation {
                                li.muted {
                                    "Decided by "
                                    @for (n, &i) in rules.iter().enumerate() {
                                        @if n > 0 { ", " }
                                        code { (pack.rules[i].id) } " " (pack.rules[i].effect)
                                    }
                                    "."
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How far `alt` is from the leader: "3.0 points behind", "tied at 4.0 points", "vetoed";
/// measured against the core when components made the system hybrid.
fn behind(pack: &RulePack, eval: &Evaluation, alt: PatternId) -> String {
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

fn fit_phrase(pack: &RulePack, fit: Fit) -> String {
    let margin = score(pack.meta.close_call_margin);
    match fit {
        Fit::Same => "it is the recommendation.".to_string(),
        Fit::WithinMargin(gap) => format!(
            "{} points behind, within the pack's margin of {margin}.",
            score(gap)
        ),
        Fit::Vetoed => "it is vetoed for this profile.".to_string(),
        Fit::Behind(gap) => format!(
            "{} points behind, more than the pack's margin of {margin}.",
            score(gap)
        ),
        Fit::NeedsHybrid => "some components need other patterns.".to_string(),
        Fit::Partly(share) => format!(
            "it fits only {} of what the profile leaves open (see How sure is this?).",
            crate::engine::percent(share)
        ),
    }
}

/// Every field's value, assumed ones marked, then what each component changes.
fn profile_table(pack: &RulePack, item: &Item<'_>) -> Markup {
    let profile = item.profile;
    html! {
        @if profile.assumed.is_empty() {
            p { "Every field was given in the profile; nothing was assumed." }
        } @else {
            p {
                "Fields marked " span.tag.assumed { "assumed" } " were not in the profile, so their defaults were used: set them to be sure the decision rests on facts."
            }
        }
        table {
            thead { tr { th scope="col" { "Field" } th scope="col" { "Value" } th scope="col" { "Given or assumed" } } }
            tbody {
                @for (i, f) in pack.catalog.fields.iter_enumerated() {
                    @let assumed = profile.assumed.contains(&i);
                    tr data-field=(f.name) data-assumed=[assumed.then_some("true")] {
                        th scope="row" { code { (f.name) } }
                        td { @if let Some(&v) = profile.values.get(i) { code { (f.format(v)) } } }
                        td { @if assumed { span.tag.assumed { "assumed" } " default" } @else { "given" } }
                    }
                }
                @if let Some(current) = profile.current {
                    tr data-field="current" {
                        th scope="row" { code { "current" } }
                        td { code { (pack.pattern_id(current)) } }
                        td { "given" }
                    }
                }
            }
        }
        @if !profile.components.is_empty() {
            h4 { "Components" }
            table {
                thead { tr { th scope="col" { "Component" } th scope="col" { "Differs from the system in" } } }
                tbody {
                    @for c in &profile.components {
                        tr {
                            th scope="row" { (c.name) }
                            td {
                                @for (n, &(field, value)) in c.overrides.iter().enumerate() {
                                    @if n > 0 { ", " }
                                    @let f = &pack.catalog.fields[field];
                                    code { (f.name) ": " (f.format(value)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `--explain`: every rule that fired on the system profile.
fn explain(pack: &RulePack, eval: &Evaluation) -> Markup {
    html! {
        table.stack {
            thead {
                tr {
                    th.w-name scope="col" { "Rule" }
                    th.w-pattern scope="col" { "Pattern" }
                    th.num.w-effect scope="col" { "Effect" }
                    th scope="col" { "When" }
                }
            }
            tbody {
                @for &i in &eval.system.fired {
                    @let r = &pack.rules[i];
                    tr {
                        td data-label="Rule" { code { (r.id) } }
                        td data-label="Pattern" { (pack.pattern_id(r.pattern)) }
                        td.num data-label="Effect" { (r.effect) }
                        td data-label="When" { (r.when.describe(&pack.catalog)) }
                    }
                }
            }
        }
        @if !eval.components.is_empty() {
            p.muted { "Components are evaluated with their own overrides; --format json lists their rules." }
        }
    }
}
