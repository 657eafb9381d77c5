//! The JSON report is laid out exactly as serde_json pretty-prints it: each output is printed
//! again through serde_json (which keeps the members' order) and must come back byte for byte.
//! What the members hold is pinned by the golden files of `tests/json.rs`.

use super::*;
use crate::engine::Engine;
use crate::profile::{self, Profile};
use crate::report::Stream;
use crate::test_support::default_pack;
use std::path::Path;

/// `json` as serde_json pretty-prints it, with the final newline every output ends with.
pub(crate) fn pretty(json: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(json);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(Vec::new(), formatter);
    serde_transcode::transcode(&mut de, &mut ser).expect("valid JSON");
    String::from_utf8(ser.into_inner()).unwrap() + "\n"
}

/// The whole `--format json` output for `profiles` (with `--explain` or not), through one
/// renderer (and its cache).
fn output(pack: &RulePack, profiles: &[Profile], explain: bool) -> String {
    let engine = Engine::new(pack);
    let json = Json::new(pack, explain);
    let mut out = Vec::new();
    let mut stream = Stream::open(&mut out, json.framing()).unwrap();
    for profile in profiles {
        let eval = engine.evaluate(profile);
        let report = json.render(&Item {
            profile,
            eval: &eval,
        });
        stream.write(&report).unwrap();
        json.recycle(report);
    }
    stream.close().unwrap();
    String::from_utf8(out).unwrap()
}

/// Every document of every `*.yaml` file in `dir`, parsed for `pack`.
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
            profile::parse_stream(&text, &p.display().to_string(), "p", pack)
                .into_iter()
                .map(|p| p.unwrap_or_else(|e| panic!("{e:?}")))
        })
        .collect()
}

/// Varied profiles for the default pack (like bench/gen_profiles.py), some with components, and
/// names and sources that need escaping.
pub(crate) fn generated(pack: &RulePack, n: usize) -> Vec<Profile> {
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
fn generated_profiles_are_laid_out_as_serde_json_lays_them_out() {
    let pack = default_pack();
    let profiles = generated(&pack, 400);
    assert!(profiles.len() >= 300, "{}", profiles.len());
    assert!(profiles.iter().any(|p| !p.components.is_empty()));
    assert!(profiles.iter().any(|p| p.name.contains('"')));
    assert!(profiles.iter().any(|p| p.name.contains('\u{1}')));
    for explain in [false, true] {
        let out = output(&pack, &profiles, explain);
        assert_eq!(out, pretty(out.as_bytes()));
    }
}

#[test]
fn the_examples_and_the_custom_packs_profiles_are_laid_out_as_serde_json_lays_them_out() {
    let pack = default_pack();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/custom-pack");
    let custom = crate::pack::from_dir(&dir).unwrap();
    for explain in [false, true] {
        let out = output(&pack, &examples(&pack, "examples"), explain);
        assert_eq!(out, pretty(out.as_bytes()));
        let profiles = examples(&custom, "examples/custom-pack/profiles");
        let out = output(&custom, &profiles, explain);
        assert_eq!(out, pretty(out.as_bytes()));
    }
}

#[test]
fn no_profile_is_an_empty_array() {
    let pack = default_pack();
    assert_eq!(output(&pack, &[], false), "[]\n");
}
