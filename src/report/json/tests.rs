//! The JSON object described with serde, as it was written before the hand-written writer, and
//! tests that the writer gives the same bytes for many profiles.

use super::*;
use crate::engine::{self, Outcome};
use crate::profile::{self, Profile};
use serde_json::Value as Json;
use std::path::Path;

#[derive(Serialize)]
pub struct Report<'a> {
    pub profile: &'a str,
    pub source: &'a str,
    pub recommendation: &'a str,
    pub ranking: Vec<Rank<'a>>,
    pub reasons: Vec<Reason<'a>>,
    pub alternatives: Vec<Alternative<'a>>,
    pub assumed: Vec<&'a str>,
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
pub struct Alternative<'a> {
    pub pattern: &'a str,
    pub score: f64,
    pub vetoed: bool,
    pub behind: f64,
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
    Report {
        profile: &profile.name,
        source: &profile.source,
        recommendation: pack.pattern_id(rec),
        ranking: ranking(pack, &eval.ranking, &eval.system),
        reasons,
        alternatives: eval
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
            .collect(),
        assumed: profile
            .assumed
            .iter()
            .filter_map(|&i| catalog.fields.get(i).map(|f| &*f.name))
            .collect(),
        core: (!profile.components.is_empty()).then(|| pack.pattern_id(eval.core)),
        components: eval
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
            .collect(),
        what_if: eval
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
            .collect(),
        runner_up: eval.runner_up.map(|p| pack.pattern_id(p)),
        close_call: eval.close_call,
        all_vetoed: eval.all_vetoed,
        current: profile.current.map(|p| pack.pattern_id(p)),
        fit: eval.fit.map(|f| fit_name(f).0),
        fit_reason: eval.fit.map(|f| fit_name(f).1),
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

/// serde_json's pretty format, one level deep: the object sits inside the output array.
pub fn write_report(report: &Report<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"  ");
    let pretty = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(Vec::new(), pretty);
    report.serialize(&mut ser).unwrap();
    // Re-indented afterwards: slow, but plainly serde_json's own format.
    let text = ser.into_inner();
    for (k, line) in text.split(|&b| b == b'\n').enumerate() {
        if k > 0 {
            out.extend_from_slice(b"\n  ");
        }
        out.extend_from_slice(line);
    }
}

/// Every document of `text`, parsed for `pack`.
fn profiles(pack: &RulePack, text: &str, file: &str) -> Vec<Profile> {
    profile::parse_stream(text, file, "p", pack)
        .into_iter()
        .map(|p| p.unwrap_or_else(|e| panic!("{file}: {e:?}")))
        .collect()
}

/// Compares the writer with serde for each profile, all through one cache.
pub fn assert_same(pack: &RulePack, profiles: &[Profile]) {
    let cache = Cache::new(pack);
    for profile in profiles {
        let eval = engine::evaluate(pack, profile);
        let item = Item {
            pack,
            profile,
            eval: &eval,
        };
        let mut expected = Vec::new();
        write_report(&report(&item), &mut expected);
        let mut got = Vec::new();
        render_into(&item, &cache, &mut got);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap(),
            "{}",
            profile.name
        );
    }
}

/// The example profiles in `dir`.
fn examples(pack: &RulePack, dir: &str) -> Vec<Profile> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            profiles(pack, &text, &p.display().to_string())
        })
        .collect()
}

/// Varied profiles for the default pack (like bench/gen_profiles.py), some with components, and
/// names and sources that need escaping.
pub fn generated(pack: &RulePack, n: usize) -> Vec<Profile> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    const BOOL: &[&str] = &["true", "false"];
    // Fields with their values: the first three are required, the last (`stage`) is not per
    // component.
    let fields: [(&str, &[&str]); 17] = [
        ("scaling", &["uniform", "heterogeneous"]),
        ("traffic", &["steady", "variable", "spiky"]),
        ("devops", &["none", "limited", "moderate", "strong"]),
        ("requirements", &["evolving", "stable"]),
        ("complexity", &["simple", "moderate", "complex"]),
        ("workload", &["request-response", "event-driven", "mixed"]),
        ("coupling", &["tight", "loose", "mixed"]),
        ("independent_deploys", BOOL),
        ("multiple_stacks", BOOL),
        ("high_availability", BOOL),
        ("strong_consistency", BOOL),
        ("long_running", BOOL),
        ("stateful", BOOL),
        ("latency_sensitive", BOOL),
        ("avoid_lock_in", BOOL),
        ("minimize_ops", BOOL),
        ("stage", &["idea", "mvp", "growth", "mature"]),
    ];
    let names = [
        "plain",
        "quote \\\" and \\\\ and tab\\t",
        "ctl \\u0001 \\u001f é ☃ \\U0001F600",
    ];
    let patterns = [
        "monolith",
        "serverless",
        "event-driven",
        "microservices",
        "hybrid",
    ];
    let mut out = Vec::new();
    for i in 0..n {
        let team = [next(9) + 1, next(11) + 10, next(380) + 21][next(3)];
        let name = names[next(names.len())];
        let mut text = format!("name: \"{name} {i}\"\nteam_size: {team}\n");
        for (k, (field, values)) in fields.iter().enumerate() {
            if k < 3 || next(10) < 5 {
                text.push_str(&format!("{field}: {}\n", values[next(values.len())]));
            }
        }
        if next(2) == 0 {
            text.push_str(&format!("current: {}\n", patterns[next(patterns.len())]));
        }
        if next(3) == 0 {
            text.push_str("components:\n");
            for c in 0..next(3) + 1 {
                text.push_str(&format!("  - name: part-{c}\n"));
                for (field, values) in &fields[..fields.len() - 1] {
                    if next(6) == 0 {
                        text.push_str(&format!("    {field}: {}\n", values[next(values.len())]));
                    }
                }
            }
        }
        let file = format!("dir/\"odd\"\\{i}.yaml");
        out.extend(
            profile::parse_stream(&text, &file, "p", pack)
                .into_iter()
                .flatten(),
        );
    }
    out
}

#[test]
fn the_examples_are_written_as_serde_wrote_them() {
    let pack = RulePack::embedded().unwrap();
    let profiles = examples(&pack, "examples");
    assert!(profiles.len() >= 8);
    assert_same(&pack, &profiles);
}

#[test]
fn the_custom_pack_profiles_are_written_as_serde_wrote_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/custom-pack");
    let pack = RulePack::from_dir(&dir).unwrap();
    assert_same(&pack, &examples(&pack, "examples/custom-pack/profiles"));
}

#[test]
fn generated_profiles_are_written_as_serde_wrote_them() {
    let pack = RulePack::embedded().unwrap();
    let profiles = generated(&pack, 400);
    assert!(profiles.len() >= 300, "{}", profiles.len());
    assert!(profiles.iter().any(|p| !p.components.is_empty()));
    assert!(profiles.iter().any(|p| p.name.contains('"')));
    assert!(profiles.iter().any(|p| p.name.contains('\u{1}')));
    assert_same(&pack, &profiles);
}

#[test]
fn a_cache_for_another_pack_is_not_used() {
    let pack = RulePack::embedded().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/custom-pack");
    let other = RulePack::from_dir(&dir).unwrap();
    let wrong = Cache::new(&other);
    for profile in &examples(&pack, "examples") {
        let eval = engine::evaluate(&pack, profile);
        let item = Item {
            pack: &pack,
            profile,
            eval: &eval,
        };
        let mut got = Vec::new();
        render_into(&item, &wrong, &mut got);
        assert_eq!(got, render(&item).into_bytes());
    }
}

#[test]
fn numbers_are_written_as_serde_writes_f64() {
    for v in [
        0.0,
        -0.0,
        9.0,
        -2.5,
        0.1,
        1e21,
        1e-7,
        123456789.125,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let mut got = Vec::new();
        number(&mut got, v);
        assert_eq!(got, serde_json::to_vec(&v).unwrap(), "{v}");
    }
}

#[test]
fn integers_are_written_as_serde_writes_them() {
    for n in [0, 1, -1, 9, 10, -10, 1 << 40, i64::MAX, i64::MIN] {
        let mut got = Vec::new();
        integer(&mut got, n);
        assert_eq!(got, serde_json::to_vec(&n).unwrap(), "{n}");
    }
}

#[test]
fn strings_are_escaped_as_serde_escapes_them() {
    for c in (0..=0x7f)
        .filter_map(char::from_u32)
        .chain(['é', '\u{2028}', '😀', '\u{7f}'])
    {
        let s = format!("a{c}b");
        let mut got = Vec::new();
        string(&mut got, &s);
        assert_eq!(got, serde_json::to_vec(&s).unwrap(), "{s:?}");
    }
}

#[test]
fn whole_numbers_are_written_as_serde_writes_f64() {
    let halves = (-40_000..40_000).map(|n| f64::from(n) / 2.0);
    let large = (0..64).flat_map(|e| [2f64.powi(e), -(2f64.powi(e)) + 1.0, 10f64.powi(e / 4)]);
    let edges = [999_999_999.0, 1e9, -1e9, 1e9 - 0.5, -0.0, 0.0];
    for v in halves.chain(large).chain(edges) {
        let mut got = Vec::new();
        number(&mut got, v);
        assert_eq!(got, serde_json::to_vec(&v).unwrap(), "{v}");
    }
}
