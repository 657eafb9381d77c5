//! `--format json`: one object per profile (CONTRACT §3), for CI scripts.
//!
//! Field names and shapes are a contract: `schema_version` changes when they change in a way
//! that could break a consumer.

use super::Item;
use crate::engine::{Fit, Outcome};
use crate::pack::rule::Effect;
use crate::pack::RulePack;
use serde::Serialize;
use serde_json::Value as Json;

/// Version of the shape of this output.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report<'a> {
    pub profile: &'a str,
    pub source: &'a str,
    pub recommendation: &'a str,
    pub ranking: Vec<Rank<'a>>,
    pub reasons: Vec<Reason<'a>>,
    pub alternatives: Vec<Alternative<'a>>,
    pub assumed: Vec<&'a str>,
    /// The system's pattern apart from its components (present when it has components).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core: Option<&'a str>,
    pub components: Vec<Component<'a>>,
    pub what_if: Vec<WhatIf<'a>>,
    pub runner_up: Option<&'a str>,
    pub close_call: bool,
    pub all_vetoed: bool,
    pub current: Option<&'a str>,
    pub fit: Option<&'static str>,
    pub fit_reason: Option<&'static str>,
    pub fired: Vec<Reason<'a>>,
    pub schema_version: u32,
    pub pack: PackId<'a>,
}

#[derive(Serialize)]
pub struct Rank<'a> {
    pub pattern: &'a str,
    pub score: f64,
    pub vetoed: bool,
}

#[derive(Serialize)]
pub struct Reason<'a> {
    pub rule: &'a str,
    pub pattern: &'a str,
    /// Points added; `null` for a veto or for the components rule.
    pub effect: Option<f64>,
    pub veto: bool,
    pub because: &'a str,
    pub source: &'a str,
}

#[derive(Serialize)]
pub struct Alternative<'a> {
    pub pattern: &'a str,
    pub score: f64,
    pub vetoed: bool,
    /// Points behind the recommendation.
    pub behind: f64,
    /// Its vetoes and penalties, worst first.
    pub against: Vec<Reason<'a>>,
}

#[derive(Serialize)]
pub struct Component<'a> {
    pub name: &'a str,
    pub recommendation: &'a str,
    pub reasons: Vec<&'a str>,
    pub overrides: serde_json::Map<String, Json>,
    pub ranking: Vec<Rank<'a>>,
}

#[derive(Serialize)]
pub struct WhatIf<'a> {
    pub field: &'a str,
    pub from: Json,
    pub to: Json,
    pub recommendation: &'a str,
}

#[derive(Serialize)]
pub struct PackId<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub sha256: &'a str,
}

pub fn reason<'a>(pack: &'a RulePack, rule: usize) -> Option<Reason<'a>> {
    let r = pack.rule(rule)?;
    Some(Reason {
        rule: &r.id,
        pattern: pack.pattern_id(r.pattern),
        effect: match r.effect {
            Effect::Score(s) => Some(s),
            Effect::Veto => None,
        },
        veto: r.effect == Effect::Veto,
        because: &r.because,
        source: &r.source,
    })
}

fn ranking<'a>(pack: &'a RulePack, order: &[usize], o: &Outcome) -> Vec<Rank<'a>> {
    order
        .iter()
        .map(|&p| Rank {
            pattern: pack.pattern_id(p),
            score: o.score(p),
            vetoed: o.is_vetoed(p),
        })
        .collect()
}

pub fn fit_name(fit: Fit) -> (&'static str, &'static str) {
    let verdict = if fit.is_match() { "match" } else { "mismatch" };
    let reason = match fit {
        Fit::Same => "same",
        Fit::WithinMargin(_) => "within-margin",
        Fit::Vetoed => "vetoed",
        Fit::Behind(_) => "behind",
        Fit::NeedsHybrid => "needs-hybrid",
    };
    (verdict, reason)
}

/// Builds the report object for one evaluated profile.
pub fn report<'a>(item: &Item<'a>) -> Report<'a> {
    let Item {
        pack,
        profile,
        eval,
    } = *item;
    let catalog = &pack.catalog;
    let rec = eval.recommendation;
    let mut reasons = Vec::new();
    if eval.by_components {
        if let Some(c) = &pack.meta.components_rule {
            reasons.push(Reason {
                rule: &c.id,
                pattern: pack.pattern_id(rec),
                effect: None,
                veto: false,
                because: &c.because,
                source: &c.source,
            });
        }
    }
    reasons.extend(
        eval.reasons_for(pack, rec)
            .into_iter()
            .filter_map(|i| reason(pack, i)),
    );
    let alternatives = eval
        .ranking
        .iter()
        .filter(|&&p| p != rec)
        .map(|&p| Alternative {
            pattern: pack.pattern_id(p),
            score: eval.system.score(p),
            vetoed: eval.system.is_vetoed(p),
            behind: eval.gap(p),
            against: eval
                .system
                .against(pack, p)
                .into_iter()
                .filter_map(|i| reason(pack, i))
                .collect(),
        })
        .collect();
    let components = eval
        .components
        .iter()
        .zip(&profile.components)
        .map(|(c, def)| Component {
            name: &c.name,
            recommendation: pack.pattern_id(c.recommendation),
            reasons: c
                .outcome
                .reasons_for(pack, c.recommendation)
                .into_iter()
                .filter_map(|i| pack.rule(i))
                .filter(|r| matches!(r.effect, Effect::Score(s) if s > 0.0))
                .map(|r| r.because.as_str())
                .collect(),
            overrides: def
                .overrides
                .iter()
                .filter_map(|&(i, v)| {
                    catalog
                        .fields
                        .get(i)
                        .map(|f| (f.name.clone(), f.to_json(v)))
                })
                .collect(),
            ranking: ranking(pack, &c.outcome.ranking, &c.outcome),
        })
        .collect();
    let what_if = eval
        .what_if
        .iter()
        .filter_map(|w| {
            let f = catalog.fields.get(w.field)?;
            Some(WhatIf {
                field: &f.name,
                from: f.to_json(w.from),
                to: f.to_json(w.to),
                recommendation: pack.pattern_id(w.recommendation),
            })
        })
        .collect();
    let (fit, fit_reason) = match eval.fit.map(fit_name) {
        Some((f, r)) => (Some(f), Some(r)),
        None => (None, None),
    };
    Report {
        profile: &profile.name,
        source: &profile.source,
        recommendation: pack.pattern_id(rec),
        ranking: ranking(pack, &eval.ranking, &eval.system),
        reasons,
        alternatives,
        assumed: profile
            .assumed
            .iter()
            .filter_map(|&i| catalog.fields.get(i).map(|f| f.name.as_str()))
            .collect(),
        core: (!profile.components.is_empty()).then(|| pack.pattern_id(eval.core)),
        components,
        what_if,
        runner_up: eval.runner_up.map(|p| pack.pattern_id(p)),
        close_call: eval.close_call,
        all_vetoed: eval.all_vetoed,
        current: profile.current.map(|p| pack.pattern_id(p)),
        fit,
        fit_reason,
        fired: eval
            .system
            .fired
            .iter()
            .filter_map(|&i| reason(pack, i))
            .collect(),
        schema_version: SCHEMA_VERSION,
        pack: PackId {
            name: &pack.meta.name,
            version: &pack.meta.version,
            sha256: pack.sha256(),
        },
    }
}

/// One profile's object, pretty-printed and indented to sit inside the output array.
pub fn render(item: &Item<'_>) -> String {
    let text = serde_json::to_string_pretty(&report(item))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
    out
}
