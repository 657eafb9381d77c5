//! The charts of the HTML report, each a `<figure>` whose text says what its marks show.
//!
//! Bars are drawn as one small SVG per row, stretched over its table cell, so the words around
//! them stay HTML that wraps on a phone and reads aloud, while the marks keep one scale per
//! chart. Colours are the patterns' (see `style.css`); every mark also names what it shows.
//! Each mark carries `data-` attributes naming what it stands for, which the browser test
//! reads.

use super::{colour, pattern_name};
use crate::engine::{Evaluation, Separation};
use crate::pack::{FieldId, Kind, PatternId, RulePack, Value};
use crate::profile::Profile;
use crate::report::score;
use maud::{html, Markup};

/// The width and height of a bar's drawing, in SVG units; only proportions matter, since the
/// drawing is stretched over its cell.
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 20.0;

/// Points to x coordinates (0 to [`WIDTH`]) over a domain that always holds zero, so every bar
/// grows from the same axis, to the right for points and to the left for penalties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    /// The smallest domain holding zero and every finite value.
    pub(crate) fn covering(values: impl IntoIterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        Scale { lo, hi }
    }

    pub(crate) fn x(self, value: f64) -> f64 {
        (value.clamp(self.lo, self.hi) - self.lo) / (self.hi - self.lo) * WIDTH
    }
}

/// An SVG coordinate, short and exact enough.
fn at(x: f64) -> String {
    format!("{x:.2}")
}

/// One bar on `scale`, with the shaded band from `band.0` to `band.1` behind it.
fn bar(scale: Scale, value: f64, vetoed: bool, band: Option<(f64, f64)>, mark: &str) -> Markup {
    let zero = scale.x(0.0);
    let end = scale.x(value);
    let (x, width) = (zero.min(end), (end - zero).abs());
    let band = band.map(|(from, to)| {
        let (a, b) = (scale.x(from), scale.x(to));
        (a.min(b), (b - a).abs())
    });
    html! {
        svg.bar viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } preserveAspectRatio="none"
            aria-hidden="true" focusable="false" {
            @if let Some((bx, bw)) = band {
                rect.band x=(at(bx)) y="0" width=(at(bw)) height=(HEIGHT) {}
            }
            rect class=(if vetoed { "vetoed" } else { "fill" }) data-bar=(mark) data-value=(value)
                x=(at(x)) y="3" width=(at(width)) height="14" vector-effect="non-scaling-stroke" {}
            line.axis x1=(at(zero)) x2=(at(zero)) y1="0" y2=(HEIGHT) vector-effect="non-scaling-stroke" {}
        }
    }
}

/// The ranking: every pattern's points as a bar, in the ranking's order; vetoed patterns
/// dashed, with the veto's reason; the pack's close-call margin shaded below the leader.
pub(crate) fn ranking(pack: &RulePack, eval: &Evaluation) -> Markup {
    let margin = pack.meta.close_call_margin;
    let leader = eval.system.score(eval.leader());
    // Hybrid chosen by its components did not win on points, and when everything is vetoed
    // nothing is close to winning: no margin to show then.
    let band = (!eval.by_components && !eval.all_vetoed && margin > 0.0)
        .then_some((leader - margin, leader));
    let scale = Scale::covering(eval.ranking.iter().map(|&p| eval.system.score(p)));
    html! {
        figure.chart data-chart="ranking" {
            figcaption {
                "Points each pattern scores for this profile, in the ranking's order. "
                "Bars grow right for points and left for penalties. "
                @if band.is_some() {
                    "The shaded band is the pack's close-call margin ("
                    (score(margin)) " points) below the leader: a pattern whose bar ends inside it is a close call. "
                }
                "Dashed bars are vetoed: ruled out whatever their points."
            }
            table.bars {
                thead {
                    tr {
                        th scope="col" { "#" }
                        th scope="col" { "Pattern" }
                        th.num scope="col" { "Points" }
                        th scope="col" { span.muted { "Bar" } }
                        th.status scope="col" { "Status" }
                    }
                }
                tbody {
                    @for (n, &pattern) in eval.ranking.iter().enumerate() {
                        @let points = eval.system.score(pattern);
                        @let vetoed = eval.system.is_vetoed(pattern);
                        @let leads = pattern == eval.recommendation;
                        tr.row.(colour(pattern)).leader[leads] data-pattern=(pack.pattern_id(pattern)) {
                            td.num { (n + 1) }
                            th scope="row" { (pattern_name(pack, pattern)) }
                            td.num { (score(points)) }
                            td.bar { (bar(scale, points, vetoed, band, pack.pattern_id(pattern))) }
                            td.status { (status(eval, pattern)) }
                        }
                        @if let Some(note) = note(pack, eval, pattern) {
                            tr.note { td {} td colspan="4" { (note) } }
                        }
                    }
                }
            }
        }
    }
}

/// A pattern's place in the ranking, in a word or two.
fn status(eval: &Evaluation, pattern: PatternId) -> Markup {
    html! {
        @if pattern == eval.recommendation && eval.by_components {
            span.tag.good { "recommended: parts differ" }
        } @else if pattern == eval.recommendation && eval.all_vetoed {
            span.tag.bad { "least bad: all vetoed" }
        } @else if pattern == eval.recommendation {
            span.tag.good { "recommended" }
        } @else if eval.system.is_vetoed(pattern) {
            span.tag.bad { "vetoed" }
        } @else if eval.by_components && pattern == eval.core {
            span.tag { "core" }
        } @else if Some(pattern) == eval.runner_up && eval.close_call {
            span.tag.warn { "runner-up: close call" }
        } @else if Some(pattern) == eval.runner_up {
            span.tag { "runner-up" }
        }
    }
}

/// What a row needs said under it: why a vetoed pattern is out, why hybrid leads with fewer
/// points.
fn note(pack: &RulePack, eval: &Evaluation, pattern: PatternId) -> Option<Markup> {
    if pattern == eval.recommendation && eval.by_components {
        return Some(html! {
            "First because components need other patterns than the core ("
            (pack.pattern_id(eval.core))
            "); hybrid's own points count only for a profile without components."
        });
    }
    if !eval.system.is_vetoed(pattern) {
        return None;
    }
    let Separation::Vetoed(vetoes) = eval.separation(pack, pattern) else {
        return None;
    };
    let first = vetoes.first().map(|&r| &pack.rules[r])?;
    Some(html! {
        "Vetoed: " (first.because) " "
        span.source { "(" (first.source) ")" }
        @if vetoes.len() > 1 {
            " And " (vetoes.len() - 1) " more veto" @if vetoes.len() > 2 { "es" } "."
        }
    })
}

/// One stop on a field's track: a value, and what happens there.
struct Stop {
    value: Value,
    now: bool,
    flips_to: Option<PatternId>,
}

/// What would flip it: each field that alone can change the answer, as a track of its values
/// in order, with the profile's value and the nearest values at which the recommendation
/// changes, and to what. `None` when no single change flips it.
pub(crate) fn flips(pack: &RulePack, profile: &Profile, eval: &Evaluation) -> Option<Markup> {
    let mut fields: Vec<FieldId> = Vec::new();
    for w in &eval.what_if {
        if !fields.contains(&w.field) {
            fields.push(w.field);
        }
    }
    if fields.is_empty() {
        return None;
    }
    Some(html! {
        figure.chart data-chart="what-if" {
            figcaption {
                "Each row is a field that alone can change the answer. "
                "Its values run left to right (for numbers, only the ones that matter, not to scale): "
                "the ring is the profile's value, a coloured diamond the nearest value at which "
                "the recommendation changes, labelled with the pattern it changes to."
            }
            ul.flip {
                @for &field in &fields {
                    (flip_row(pack, profile, eval, field))
                }
            }
        }
    })
}

fn flip_row(pack: &RulePack, profile: &Profile, eval: &Evaluation, field: FieldId) -> Markup {
    let f = &pack.catalog.fields[field];
    let changes: Vec<_> = eval.what_if.iter().filter(|w| w.field == field).collect();
    let now = profile
        .values
        .get(field)
        .copied()
        .or_else(|| changes.first().map(|w| w.from));
    let mut values: Vec<Value> = match &f.kind {
        Kind::Integer { .. } => {
            let mut v: Vec<Value> = now
                .into_iter()
                .chain(changes.iter().map(|w| w.to))
                .collect();
            v.sort_by_key(|v| match v {
                Value::Int(i) => *i,
                _ => 0,
            });
            v
        }
        _ => f.discrete_values().unwrap_or_default(),
    };
    values.dedup();
    let stops: Vec<Stop> = values
        .into_iter()
        .map(|value| Stop {
            value,
            now: Some(value) == now,
            flips_to: changes
                .iter()
                .find(|w| w.to == value)
                .map(|w| w.recommendation),
        })
        .collect();
    html! {
        li data-field=(f.name) {
            span.field { (f.name) }
            @if let Some(now) = now {
                " " span.muted { "now " code { (f.format(now)) } }
            }
            div.track style={ "--n:" (stops.len().max(1)) } aria-hidden="true" {
                @for stop in &stops {
                    @let class = match stop.flips_to {
                        Some(p) => format!("stop flips {}", colour(p)),
                        None if stop.now => "stop now".to_string(),
                        None => "stop".to_string(),
                    };
                    div class=(class) data-value=(f.format(stop.value))
                        data-flip-to=[stop.flips_to.map(|p| pack.pattern_id(p))] {
                        svg viewBox="0 0 20 20" {
                            @if stop.flips_to.is_some() {
                                polygon.flip-to points="10,1 19,10 10,19 1,10" {}
                            } @else if stop.now {
                                circle.now cx="10" cy="10" r="7" {}
                            } @else {
                                circle.tick cx="10" cy="10" r="3.5" {}
                            }
                        }
                        span.value { (f.format(stop.value)) }
                        @if let Some(p) = stop.flips_to {
                            span.label { "→ " (pack.pattern_id(p)) }
                        } @else if stop.now {
                            span.label { "now" }
                        }
                    }
                }
            }
            ul {
                @for w in &changes {
                    li {
                        "At " code { (f.name) " " (f.format(w.to)) } " (now " code { (f.format(w.from)) } ") "
                        "this becomes " (pattern_name(pack, w.recommendation)) "."
                    }
                }
            }
        }
    }
}

/// The component map: which part of the system goes where. One lane per pattern (the core's
/// first), one card per part with its own strongest reason. `None` without components.
pub(crate) fn component_map(
    pack: &RulePack,
    profile: &Profile,
    eval: &Evaluation,
) -> Option<Markup> {
    if eval.components.is_empty() {
        return None;
    }
    let mut lanes = vec![eval.core];
    for c in &eval.components {
        if !lanes.contains(&c.recommendation) {
            lanes.push(c.recommendation);
        }
    }
    let core_reason = eval.system.gains_for(pack, eval.core).first().copied();
    Some(html! {
        figure.chart data-chart="components" {
            figcaption {
                "Which part goes where. The core is the rest of the system: the profile's best pattern apart from hybrid. "
                "Each component is judged on its own needs, within the organisation's capacity; "
                "each card gives the part's strongest reason."
            }
            div.map {
                @for &lane in &lanes {
                    section.lane.(colour(lane)) data-lane=(pack.pattern_id(lane)) {
                        h4 { (pattern_name(pack, lane)) " " span.muted { (pack.patterns[lane].title) } }
                        @if lane == eval.core {
                            div.card data-part="core" data-pattern=(pack.pattern_id(lane)) {
                                span.part { "core" }
                                p.muted { "the rest of the system" }
                                @if let Some(r) = core_reason.map(|r| &pack.rules[r]) {
                                    p { (r.because) " " span.source { "(" (r.source) ")" } }
                                }
                            }
                        }
                        @for (c, def) in eval.components.iter().zip(&profile.components) {
                            @if c.recommendation == lane {
                                div.card data-part=(c.name) data-pattern=(pack.pattern_id(lane)) {
                                    span.part { (c.name) }
                                    @if !def.overrides.is_empty() {
                                        p.muted {
                                            "differs in "
                                            @for (n, &(field, value)) in def.overrides.iter().enumerate() {
                                                @if n > 0 { ", " }
                                                @let f = &pack.catalog.fields[field];
                                                code { (f.name) ": " (f.format(value)) }
                                            }
                                        }
                                    }
                                    @match c.outcome.gains_for(pack, c.recommendation).first().map(|&r| &pack.rules[r]) {
                                        Some(r) => p { (r.because) " " span.source { "(" (r.source) ")" } },
                                        None => p { "Fewer reasons count against it than against the others." },
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// How many profiles each pattern is recommended for, most first (ties in the pack's order,
/// simplest first); patterns no profile got are left out.
pub(crate) fn pattern_counts(pack: &RulePack, counts: &[(PatternId, usize)]) -> Markup {
    let mut rows: Vec<(PatternId, usize)> =
        counts.iter().copied().filter(|&(_, n)| n > 0).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let scale = Scale::covering(rows.iter().map(|&(_, n)| n as f64));
    html! {
        figure.chart data-chart="portfolio" {
            figcaption { "How many profiles each pattern is recommended for, most first." }
            table.bars {
                thead {
                    tr {
                        th scope="col" { "Pattern" }
                        th.num scope="col" { "Profiles" }
                        th scope="col" { span.muted { "Bar" } }
                    }
                }
                tbody {
                    @for &(pattern, n) in &rows {
                        tr.row.(colour(pattern)) data-pattern=(pack.pattern_id(pattern)) {
                            th scope="row" { (pattern_name(pack, pattern)) }
                            td.num { (n) }
                            td.bar { (bar(scale, n as f64, false, None, pack.pattern_id(pattern))) }
                        }
                    }
                }
            }
        }
    }
}

/// The share of everything the open answers allow that each pattern wins, most first.
pub(crate) fn shares(pack: &RulePack, possible: &[(PatternId, f64)]) -> Markup {
    let scale = Scale::covering([1.0]);
    html! {
        figure.chart data-chart="shares" {
            figcaption {
                "The share of everything the open answers could turn out to be that each pattern wins, most first. "
                "Patterns missing here win none of it."
            }
            table.bars {
                thead {
                    tr {
                        th scope="col" { "Pattern" }
                        th.num scope="col" { "Share" }
                        th scope="col" { span.muted { "Bar" } }
                    }
                }
                tbody {
                    @for &(pattern, share) in possible {
                        tr.row.(colour(pattern)) data-pattern=(pack.pattern_id(pattern)) {
                            th scope="row" { (pattern_name(pack, pattern)) }
                            td.num { (crate::engine::percent(share)) }
                            td.bar { (bar(scale, share, false, None, pack.pattern_id(pattern))) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_always_holds_zero_and_every_value() {
        let s = Scale::covering([3.0, 8.0]);
        assert_eq!((s.x(0.0), s.x(8.0)), (0.0, WIDTH));
        let s = Scale::covering([-4.0, 4.0, f64::NEG_INFINITY]);
        assert_eq!((s.x(-4.0), s.x(0.0), s.x(4.0)), (0.0, WIDTH / 2.0, WIDTH));
        // Nothing but zero still makes a scale, with the axis at the left.
        let s = Scale::covering([0.0]);
        assert_eq!(s.x(0.0), 0.0);
        // Values beyond the domain (a band below the lowest score) are drawn at its edge.
        assert_eq!(Scale::covering([2.0]).x(-5.0), 0.0);
    }
}
