//! The JSON outputs as golden files: what every member holds, for profiles that exercise every
//! part of the report (components and a hybrid, a current architecture that does not fit, a
//! vetoed pattern), for `check` and for `diff`. A change shows as a snapshot diff to review
//! (`cargo insta review`). That the layout is exactly serde_json's is tested in
//! `src/report/json/tests.rs`; the contract's shape in `tests/cli.rs`.

mod support;

use support::{archfit, run};

/// The output of `args`, with the pack's hash (which changes with every rule edit) masked.
fn json(args: &[&str], code: i32) -> String {
    let r = run(archfit().args(args));
    assert_eq!(r.code, code, "{}", r.stderr);
    let parsed: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert!(!parsed.is_null());
    r.stdout
        .lines()
        .map(|l| match l.find("\"sha256\": \"") {
            Some(i) => format!("{}\"sha256\": \"…\"", &l[..i]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn recommend_a_hybrid_with_components() {
    let out = json(
        &["recommend", "--format", "json", "examples/hybrid-shop.yaml"],
        0,
    );
    insta::assert_snapshot!(out);
}

#[test]
fn recommend_with_a_current_architecture_that_does_not_fit() {
    let out = json(
        &[
            "recommend",
            "--format",
            "json",
            "examples/current-mismatch.yaml",
        ],
        0,
    );
    insta::assert_snapshot!(out);
}

#[test]
fn check_with_findings() {
    let out = json(
        &[
            "check",
            "--format",
            "json",
            "examples/current-mismatch.yaml",
            "examples/serverless-api.yaml",
        ],
        1,
    );
    insta::assert_snapshot!(out);
}

#[test]
fn diff_of_a_growing_team() {
    let out = json(
        &[
            "diff",
            "--format",
            "json",
            "examples/monolith-startup.yaml",
            "examples/growing-team-band.yaml",
        ],
        0,
    );
    insta::assert_snapshot!(out);
}

/// `reason` names one rule per alternative; `--explain` adds `fired` and the full lists, and
/// `reason` is always one of the rules that decide (the alternative's own when one of them is).
#[test]
fn explain_adds_fired_and_every_reason_against_each_alternative() {
    let args = |explain: bool| {
        let mut a = vec!["recommend", "--format", "json"];
        if explain {
            a.push("--explain");
        }
        a.extend([
            "examples/current-mismatch.yaml",
            "examples/hybrid-shop.yaml",
        ]);
        a
    };
    let parse = |out: &str| -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let slim = parse(&json(&args(false), 0));
    let full = parse(&json(&args(true), 0));
    for (s, f) in slim.iter().zip(&full) {
        assert!(s.get("fired").is_none(), "{s}");
        assert!(!f["fired"].as_array().unwrap().is_empty());
        for key in ["reasons", "ranking", "what_if", "components", "assumed"] {
            assert_eq!(s[key], f[key], "{key}");
        }
        let (sa, fa) = (
            s["alternatives"].as_array().unwrap(),
            f["alternatives"].as_array().unwrap(),
        );
        assert_eq!(sa.len(), 4);
        for (a, b) in sa.iter().zip(fa) {
            assert!(
                a.get("against").is_none() && a.get("deciding").is_none(),
                "{a}"
            );
            assert_eq!(a["reason"], b["reason"]);
            let deciding = b["deciding"].as_array().unwrap();
            if a["reason"].is_null() {
                // A tie, or the core of a hybrid: no rule decides.
                assert!(deciding.is_empty() || b["tie"] == true, "{b}");
                continue;
            }
            assert!(deciding.contains(&a["reason"]), "{b}");
            let own = deciding.iter().find(|r| r["pattern"] == a["pattern"]);
            if let Some(own) = own {
                assert_eq!(&a["reason"], own, "{b}");
            }
        }
    }
    // Less than half the size, for these two.
    let (s, f) = (json(&args(false), 0).len(), json(&args(true), 0).len());
    assert!(s * 2 < f, "{s} bytes against {f}");
}

/// The golden files above were accepted from archfit's own output; this expectation is written
/// by hand from the fixture pack's rules (tests/fixtures/packs/small), so it also catches a
/// wrong answer, not only a changed one. A 12-engineer system with spiky traffic and long jobs:
/// serverless scores 4 but is vetoed, every other pattern scores 0, and the tie goes to the
/// simplest, monolith; its one component, with steady traffic, agrees, so no hybrid.
#[test]
fn a_report_written_by_hand_from_the_small_packs_rules() {
    let profile = "name: guarded\nteam_size: 12\ntraffic: spiky\nlong_running: true\n\
                   components:\n  - { name: api, traffic: steady }\n";
    let r = run(archfit()
        .args(["--rules", "tests/fixtures/packs/small"])
        .args(["recommend", "--format", "json", "-"])
        .write_stdin(profile));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut got: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let sha = got[0]["pack"]["sha256"].take();
    assert_eq!(sha.as_str().map(str::len), Some(64), "{sha}");

    let rule = |id: &str, pattern: &str, effect: Option<f64>| {
        serde_json::json!({
            "rule": id, "pattern": pattern, "effect": effect, "veto": effect.is_none(),
            "because": "b", "source": "s"
        })
    };
    let long = rule("s.long", "serverless", None);
    let rank = |pattern: &str, score: f64, vetoed: bool| serde_json::json!({ "pattern": pattern, "score": score, "vetoed": vetoed });
    let expected = serde_json::json!([{
        "profile": "guarded",
        "source": "<stdin>",
        "recommendation": "monolith",
        // Eligible patterns by score, ties in pack order; the vetoed one last.
        "ranking": [
            rank("monolith", 0.0, false),
            rank("microservices", 0.0, false),
            rank("hybrid", 0.0, false),
            rank("serverless", 4.0, true),
        ],
        // No rule scores for monolith: it wins the tie of zeros.
        "reasons": [],
        // The two at 0 tie exactly, so no rule decided them (they lost the tie to the simpler
        // monolith); the vetoed one is decided by its veto.
        "alternatives": [
            { "pattern": "microservices", "score": 0.0, "vetoed": false, "behind": 0.0, "reason": null, "tie": true },
            { "pattern": "hybrid", "score": 0.0, "vetoed": false, "behind": 0.0, "reason": null, "tie": true },
            { "pattern": "serverless", "score": 4.0, "vetoed": true, "behind": -4.0, "reason": long, "tie": false },
        ],
        "assumed": ["teams"],
        // With components, what the parts without one get.
        "core": "monolith",
        "components": [{
            "name": "api",
            "recommendation": "monolith",
            "reasons": [],
            "overrides": { "traffic": "steady" },
            // Hybrid is never a component's pattern; long jobs still veto serverless.
            "ranking": [
                rank("monolith", 0.0, false),
                rank("microservices", 0.0, false),
                rank("serverless", 0.0, true),
            ],
        }],
        // At 21 engineers x.big gives microservices 4; at 3 teams x.teams gives it 1; without
        // long jobs serverless wins the system, but `api` (steady traffic) stays monolith, so
        // the system becomes hybrid.
        "what_if": [
            { "field": "team_size", "from": 12, "to": 21, "recommendation": "microservices" },
            { "field": "teams", "from": 1, "to": 3, "recommendation": "microservices" },
            { "field": "long_running", "from": true, "to": false, "recommendation": "hybrid" },
        ],
        // Every answer is given: the answer is settled, monolith in every case, and nothing is
        // open.
        "settled": true,
        "possible": [{ "pattern": "monolith", "share": 1.0 }],
        "decisive": [],
        "open": [],
        "likely": [],
        // Microservices ties monolith at 0: a lead of 0 is under the margin of 1.5.
        "runner_up": "microservices",
        "close_call": true,
        "all_vetoed": false,
        "current": null,
        "fit": null,
        "fit_reason": null,
        // `fired` and the full lists against each alternative come with --explain only.
        "schema_version": 3,
        "pack": { "name": "small", "version": "1", "sha256": null },
    }]);
    assert_eq!(got, expected, "{}", r.stdout);
}
