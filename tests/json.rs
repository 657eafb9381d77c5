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
