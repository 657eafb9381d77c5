//! A profile for which every pattern is vetoed, on the fixture pack `all-vetoed` (`mode:
//! hostile` vetoes both of its patterns; serverless scores 3, the monolith 1): every format
//! must say the answer is only the least bad by score, and none may present it as a fit.

mod support;

use support::{archfit, run, Run};

const PACK: &str = "tests/fixtures/packs/all-vetoed";
const HOSTILE: &str = "name: nothing-fits\nmode: hostile\n";

fn recommend(format: &str, profile: &str) -> Run {
    let mut cmd = archfit();
    // Wide enough that no line of the report is wrapped.
    cmd.env("COLUMNS", "200");
    cmd.args(["--rules", PACK, "recommend", "--format", format]);
    if format == "markdown" {
        cmd.args(["--date", "2026-03-14"]);
    }
    let r = run(cmd.arg("-").write_stdin(profile));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

#[test]
fn the_text_report_warns_that_nothing_fits() {
    let out = recommend("text", HOSTILE).stdout;
    assert!(
        out.starts_with(
            "nothing-fits  (<stdin>)\nRecommendation: serverless  Serverless\n\
             Warning: every pattern is vetoed for this profile; this is the least bad by score.\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Why not monolith (vetoed): monolith.hostile"),
        "{out}"
    );
    // Not when something fits.
    let out = recommend("text", "mode: normal\n").stdout;
    assert!(!out.contains("every pattern is vetoed"), "{out}");
}

#[test]
fn the_decision_record_says_it_is_not_a_good_fit() {
    let md = recommend("markdown", HOSTILE).stdout;
    assert!(
        md.contains(
            "Chosen: **serverless** (Serverless). Functions.\n\n\
             Every pattern is vetoed for this profile; this is the least bad by score, not a good fit.\n"
        ),
        "{md}"
    );
    // No runner-up to be "points behind": the only other pattern is vetoed too.
    assert!(!md.contains("The runner-up is"), "{md}");
    assert!(md.contains("| 2 | monolith | 1.0 | vetoed |"), "{md}");
    let md = recommend("markdown", "mode: normal\n").stdout;
    assert!(!md.contains("Every pattern is vetoed"), "{md}");
}

#[test]
fn the_json_report_flags_all_vetoed_with_no_runner_up() {
    let json: serde_json::Value = serde_json::from_str(&recommend("json", HOSTILE).stdout).unwrap();
    let r = &json[0];
    assert_eq!(r["recommendation"], "serverless");
    assert_eq!(r["all_vetoed"], true);
    assert_eq!(r["runner_up"], serde_json::Value::Null);
    assert_eq!(r["close_call"], false);
    assert_eq!(
        r["ranking"],
        serde_json::json!([
            { "pattern": "serverless", "score": 3.0, "vetoed": true },
            { "pattern": "monolith", "score": 1.0, "vetoed": true },
        ])
    );
    let json: serde_json::Value =
        serde_json::from_str(&recommend("json", "mode: normal\n").stdout).unwrap();
    assert_eq!(json[0]["all_vetoed"], false);
}

/// A team running the least bad of vetoed patterns is running a vetoed architecture: `check`
/// must not pass it as a fit (the engine calls it `Fit::Vetoed`, not `Fit::Same`).
#[test]
fn check_does_not_pass_a_vetoed_architecture_when_everything_is_vetoed() {
    let r = run(archfit()
        .args(["--rules", PACK, "check", "--format", "json", "-"])
        .write_stdin(format!("{HOSTILE}current: serverless\n")));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json[0]["fit"], "mismatch");
    assert_eq!(json[0]["check"]["verdict"], "misfit");
    assert!(
        json[0]["check"]["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(
                "does not fit; every pattern is vetoed for this profile, and serverless is only \
                 the least bad by score"
            )),
        "{}",
        r.stdout
    );
}
