//! `archfit check` at the pack's close-call margin, on the fixture pack `margin` (margin 1.5;
//! serverless trails the monolith by 1, exactly 1.5 or 2 points for `lead: under`, `at`,
//! `past`), and `--strict` in every format: a close call is a warning, and an error under
//! `--strict`, in each format as in the exit code.

mod support;

use support::{archfit, run, Run};

const PACK: &str = "tests/fixtures/packs/margin";

/// `archfit check` of one profile from standard input with the margin pack.
fn check(profile: &str, args: &[&str]) -> Run {
    run(archfit()
        .args(["--rules", PACK, "check"])
        .args(args)
        .arg("-")
        .write_stdin(profile))
}

/// Up to and including the margin a current architecture fits; one step past, it does not.
#[test]
fn a_current_architecture_fits_at_the_margin_and_fails_one_step_past_it() {
    let r = check("lead: under\ncurrent: serverless\n", &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let r = check("lead: at\ncurrent: serverless\n", &["--format", "github"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("1 fit, 0 close calls, 0 misfits") && !r.stdout.contains("::warning"),
        "exactly at the margin: fits, and no close call\n{}",
        r.stdout
    );

    let r = check("lead: past\ncurrent: serverless\n", &["--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "::error title=archfit%3A misfit::<stdin>:2:1: stdin: `current: serverless` does not fit; \
             archfit recommends monolith. serverless trails monolith by 2.0 points, more than the \
             pack's margin of 1.5: The monolith always scores 3. [monolith.base]"
        ),
        "{}",
        r.stdout
    );
}

/// The close-call warning comes under the margin, not at it, and the JSON says so too.
#[test]
fn a_close_call_is_flagged_under_the_margin_and_not_at_it() {
    let json = |lead: &str| {
        let r = check(
            &format!("lead: {lead}\ncurrent: monolith\n"),
            &["--format", "json"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        (
            v[0]["close_call"].clone(),
            v[0]["check"]["findings"].clone(),
        )
    };
    let (close, findings) = json("under");
    assert_eq!(close, true);
    assert_eq!(findings[0]["kind"], "close-call");
    assert_eq!(findings[0]["level"], "warning");
    assert_eq!(json("at"), (false.into(), serde_json::json!([])));
    assert_eq!(json("past"), (false.into(), serde_json::json!([])));
}

/// `--strict` turns the close-call warning into an error in every format, and the exit code
/// follows: what a CI system shows agrees with whether the build failed.
#[test]
fn strict_makes_a_close_call_an_error_in_every_format() {
    const CLOSE: &str = "lead: under\ncurrent: monolith\n";
    const MESSAGE: &str = "stdin: close call: monolith leads serverless by only 1.0 points \
                           (the pack's margin is 1.5), decided by monolith.base +3.0; a small \
                           change to the profile could flip the recommendation";
    for strict in [false, true] {
        let (code, level) = if strict { (1, "error") } else { (0, "warning") };
        let flags: &[&str] = if strict { &["--strict"] } else { &[] };
        let with = |format: &str| {
            let r = check(CLOSE, &[flags, &["--format", format]].concat());
            assert_eq!(
                r.code, code,
                "{format} strict={strict}: {}{}",
                r.stdout, r.stderr
            );
            r
        };

        let text = with("text");
        let all = text.stdout + &text.stderr;
        assert!(
            all.contains(&format!("{level}: <stdin>:2:1: {MESSAGE}")),
            "text strict={strict}: {all}"
        );
        assert!(
            all.contains("1 profile checked: 0 fit, 1 close call, 0 misfits, 0 invalid"),
            "text strict={strict}: {all}"
        );

        let json: serde_json::Value = serde_json::from_str(&with("json").stdout).unwrap();
        let finding = &json[0]["check"]["findings"][0];
        assert_eq!(finding["level"], level, "json strict={strict}");
        assert_eq!(finding["message"], MESSAGE);

        let sarif: serde_json::Value = serde_json::from_str(&with("sarif").stdout).unwrap();
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["level"], level, "sarif strict={strict}");
        assert_eq!(result["ruleId"], "close-call");

        let junit = with("junit").stdout;
        let failures = if strict {
            "failures=\"1\""
        } else {
            "failures=\"0\""
        };
        assert!(
            junit.contains(&format!(
                "<testsuite name=\"archfit check\" tests=\"1\" {failures}"
            )),
            "junit strict={strict}: {junit}"
        );
        assert_eq!(
            junit.contains("<failure type=\"close-call\""),
            strict,
            "junit strict={strict}: {junit}"
        );

        let github = with("github").stdout;
        assert!(
            github.contains(&format!(
                "::{level} title=archfit%3A close-call::<stdin>:2:1: {MESSAGE}"
            )),
            "github strict={strict}: {github}"
        );
    }
}

/// The JSON report says the same: a match within the margin at it, a mismatch one step past.
#[test]
fn the_json_report_gives_the_fit_at_and_past_the_margin() {
    let fit = |lead: &str| {
        let r = run(archfit()
            .args(["--rules", PACK, "recommend", "--format", "json", "-"])
            .write_stdin(format!("lead: {lead}\ncurrent: serverless\n")));
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        (
            v[0]["fit"].as_str().unwrap().to_string(),
            v[0]["fit_reason"].as_str().unwrap().to_string(),
        )
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(fit("under"), pair("match", "within-margin"));
    assert_eq!(fit("at"), pair("match", "within-margin"));
    assert_eq!(fit("past"), pair("mismatch", "behind"));
    assert_eq!(fit("ahead"), pair("match", "same"));
}
