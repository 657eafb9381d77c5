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
    /// `check`'s verdict and findings; absent from `recommend`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Json>,
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
                .map(|r| &*r.because)
                .collect(),
            overrides: def
                .overrides
                .iter()
                .filter_map(|&(i, v)| {
                    catalog
                        .fields
                        .get(i)
                        .map(|f| (f.name.to_string(), f.to_json(v)))
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
            .filter_map(|&i| catalog.fields.get(i).map(|f| &*f.name))
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
        check: None,
    }
}

/// One profile's object, pretty-printed and indented to sit inside the output array.
pub fn render(item: &Item<'_>) -> String {
    let mut out = Vec::new();
    render_into(item, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], appended to `out`: lets a caller reuse one buffer for every profile.
pub fn render_into(item: &Item<'_>, out: &mut Vec<u8>) {
    write_report(&report(item), out);
}

/// Writes a report object pretty-printed and indented to sit inside the output array.
pub fn write_report(report: &Report<'_>, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested::default());
    if let Err(e) = report.serialize(&mut ser) {
        // Writing to a Vec cannot fail, and every field serializes; kept total all the same.
        out.truncate(start);
        out.extend_from_slice(format!("  {{\"error\": \"{e}\"}}").as_bytes());
    }
}

/// serde_json's pretty format (two-space indent), one level deep from the start: the object
/// sits inside the output array. Writing the indentation directly saves re-indenting every
/// line of a 16 kB object afterwards, which was a tenth of `recommend --format json`'s time.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Self {
        Nested {
            level: 1,
            has_value: false,
        }
    }
}

impl Nested {
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
