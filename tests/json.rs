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
