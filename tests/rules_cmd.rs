//! `archfit rules …` on the built binary: lint, test, analyze, diff, list and show.

mod support;

use predicates::prelude::*;
use serde_json::Value;
use support::{archfit, archfit_args as run};

const FIXTURES: &str = "tests/fixtures/packs";

#[test]
fn the_default_pack_lints_clean() {
    archfit()
        .args(["rules", "lint", "--deny-warnings"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    archfit()
        .args(["rules", "lint", "rules"])
        .assert()
        .success();
}

#[test]
fn every_case_of_the_default_pack_passes_through_the_binary() {
    let (code, out, _) = run(&["rules", "test", "--coverage", "--min-coverage", "100"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines().any(|l| l.ends_with("passed, 0 failed")),
        "{out}"
    );
    assert!(out.contains("(100.0%)"), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
}

/// Each broken pack has one problem; lint names it with the file, line and rule id.
#[test]
fn each_broken_pack_gets_its_own_lint_error() {
    let table = [
        (
            "unknown-field",
            "rules.yaml:29:13: rule `serverless.typo-field`: condition names unknown field `trafic` (did you mean `traffic`?)",
        ),
        (
            "unknown-enum-value",
            "rules.yaml:29:22: rule `serverless.bad-value`: `bursty` is not a valid value for `traffic`",
        ),
        (
            "unknown-pattern",
            "rules.yaml:28:14: rule `serverless.bad-pattern`: unknown pattern `servrless` (did you mean `serverless`?)",
        ),
        (
            "duplicate-id",
            "rules.yaml:27:5: rule `monolith.small-team`: duplicate rule id",
        ),
        (
            "out-of-range",
            "rules.yaml:29:30: rule `monolith.huge-team`: 5000 is outside the range of `team_size` (1..=1000)",
        ),
        (
            "missing-because",
            "rules.yaml:27:5: rule `serverless.no-reason`: the rule is missing `because`",
        ),
        (
            "never-true",
            "rules.yaml:27:5: rule `monolith.impossible`: the condition can never be true: team_size < 5 and team_size > 10",
        ),
        (
            "unreachable-pattern",
            "patterns.yaml:10:5: pattern `microservices` can never be recommended",
        ),
    ];
    for (name, expected) in table {
        let dir = format!("{FIXTURES}/{name}");
        let (code, _, err) = run(&["rules", "lint", &dir]);
        assert_eq!(code, 2, "{name}: {err}");
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
        assert_eq!(
            errors.len(),
            1,
            "{name}: exactly one problem expected:\n{err}"
        );
        assert!(
            errors[0].contains(&format!("{dir}/{expected}")),
            "{name}: {}",
            errors[0]
        );
    }
}

#[test]
fn lint_reports_every_problem_of_every_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["pack.yaml", "catalog.yaml", "patterns.yaml", "rules.yaml"] {
        std::fs::copy(format!("{FIXTURES}/unknown-field/{f}"), dir.path().join(f)).unwrap();
    }
    std::fs::copy(
        format!("{FIXTURES}/unknown-pattern/rules.yaml"),
        dir.path().join("more.yaml"),
    )
    .unwrap();
    let (code, _, err) = run(&["rules", "lint", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("rules.yaml:29:13"), "{err}");
    assert!(err.contains("more.yaml:28:14"), "{err}");
    // more.yaml repeats the base rules, so their ids are duplicates too.
    assert!(err.contains("duplicate rule id"), "{err}");
}

#[test]
fn an_unread_field_is_a_warning_that_fails_only_when_denied() {
    let dir = format!("{FIXTURES}/unused-field");
    let (code, out, err) = run(&["rules", "lint", &dir]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: "), "{err}");
    assert!(
        err.contains("catalog.yaml:30:5: no rule reads field `stateful`"),
        "{err}"
    );
    assert!(out.contains("0 errors, 1 warning"), "{out}");
    let (code, _, _) = run(&["rules", "lint", &dir, "--deny-warnings"]);
    assert_eq!(code, 2);
}

#[test]
fn a_failing_case_exits_1_and_shows_expected_and_actual() {
    let (code, out, _) = run(&["rules", "test", &format!("{FIXTURES}/failing-test")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL  a deliberately wrong expectation"),
        "{out}"
    );
    assert!(out.contains("expected: recommendation monolith"), "{out}");
    assert!(
        out.contains("actual:   serverless 3.0, monolith 1.0"),
        "{out}"
    );
    assert!(
        out.contains("fired:    monolith.one-team (+1.0), serverless.spiky (+3.0)"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("3 passed, 1 failed"), "{out}");
}

/// Every kind of expectation can fail, each with its own line, and the report shows what the
/// pack decided instead. The fixture's numbers are its own, so this is the whole output.
#[test]
fn failing_not_vetoed_and_component_cases_each_say_what_did_not_hold() {
    let dir = format!("{FIXTURES}/failing-cases");
    let (code, out, err) = run(&["rules", "test", &dir, "--coverage"]);
    assert_eq!(code, 1, "{err}");
    let file = format!("{dir}/tests/cases.yaml");
    assert_eq!(
        out,
        format!(
            "\
ok    a small team gets a monolith ({file}:4)
FAIL  not the monolith ({file}:7)
      must not recommend monolith, but did
      expected: not serverless, monolith
      actual:   monolith 3.0, serverless 0.0
      fired:    monolith.small-team (+2.0), monolith.one-team (+1.0)
FAIL  serverless vetoed without long jobs ({file}:10)
      expected serverless to be vetoed, it was not
      expected: vetoed serverless
      actual:   serverless 3.0, monolith 1.0
      fired:    monolith.one-team (+1.0), serverless.spiky (+3.0)
FAIL  the burst component on a monolith ({file}:13)
      component `burst`: expected monolith, got serverless
      expected: component burst monolith
      actual:   monolith 1.0, serverless 0.0
      fired:    monolith.one-team (+1.0)
      component burst: serverless
FAIL  a component the profile does not have ({file}:16)
      no component named `bursts` in the profile
      expected: component bursts serverless
      actual:   monolith 1.0, serverless 0.0
      fired:    monolith.one-team (+1.0)
      component burst: serverless
coverage: 3 of 4 rules fired in some case (75.0%)
  not fired: serverless.avoid.long-running (rules.yaml:21)
1 passed, 4 failed
"
        )
    );
}

/// Mistakes in case files are invalid input: every one is reported, and no case runs.
#[test]
fn broken_case_files_are_exit_2_with_every_problem() {
    let dir = format!("{FIXTURES}/broken-cases");
    let (code, out, err) = run(&["rules", "test", &dir]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(out, "", "no case runs");
    let cases = format!("{dir}/tests/cases.yaml");
    let expected = [
        format!("error: {cases}:3:5: case `no profile` has no `profile`"),
        format!("error: {cases}:5:5: case `no expectation` has no `expect`"),
        format!("error: {cases}:9:13: case `an empty expectation` expects nothing"),
        format!("error: {cases}:12:31: unknown pattern `monolit` (did you mean `monolith`?)"),
        format!("error: {cases}:15:15: unknown key `vetod` in `expect` (did you mean `vetoed`?)"),
        format!("error: {cases}:17:30: unknown field `trafic` (did you mean `traffic`?)"),
        format!("error: {cases}:19:5: a test case is missing `name`"),
        format!(
            "error: {dir}/tests/no-cases.yaml:2:1: a test file must be a mapping, found a list"
        ),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), expected);
}

/// Case files whose `cases:` lists are empty check nothing: the run says the pack has no test
/// cases, and `--require-cases` fails it, as for a pack without case files.
#[test]
fn empty_case_lists_are_a_pack_without_cases() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(format!("{FIXTURES}/small")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::write(dir.path().join("tests/a.yaml"), "cases: []\n").unwrap();
    std::fs::write(dir.path().join("tests/b.yaml"), "cases: []\n").unwrap();
    let pack = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["rules", "test", pack]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 passed, 0 failed"), "{out}");
    assert!(err.contains("has no test cases"), "{err}");
    let (code, _, err) = run(&["rules", "test", "--require-cases", pack]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--require-cases"), "{err}");
}

#[test]
fn min_coverage_fails_below_the_threshold() {
    // The valid fixture's three cases fire all four of its rules.
    let dir = format!("{FIXTURES}/valid");
    let (code, out, _) = run(&["rules", "test", &dir, "--coverage"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("coverage: 4 of 4 rules"), "{out}");
    let (code, out, err) = run(&[
        "rules",
        "test",
        &format!("{FIXTURES}/unused-field"),
        "--min-coverage",
        "50",
    ]);
    // No tests/ there: nothing fires, so coverage is 0%.
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("rule coverage 0.0% is below the required 50%"),
        "{err}"
    );
}

#[test]
fn analyze_finds_every_default_pattern_reachable() {
    // How fast the analysis is belongs to the benchmark; here a hang is only stopped, with a
    // limit far above any real run (a debug build takes about a second on the default pack).
    let analyze = || {
        support::run(
            archfit()
                .args(["rules", "analyze", "--format", "json"])
                .timeout(std::time::Duration::from_secs(300)),
        )
    };
    let support::Run {
        code,
        stdout: out,
        stderr: err,
    } = analyze();
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["method"], "sampled");
    let patterns = json["patterns"].as_array().unwrap();
    assert_eq!(patterns.len(), 5);
    for p in patterns {
        assert_eq!(p["reachable"], "reachable", "{p}");
        assert!(p["wins"].as_u64().unwrap() > 0, "{p}");
    }
    assert_eq!(json["never_win"], serde_json::json!([]));
    // Same pack, same report.
    assert_eq!(out, analyze().stdout);
}

#[test]
fn analyze_proves_a_pattern_unreachable_and_enumerates_a_small_space() {
    let (code, out, _) = run(&[
        "rules",
        "analyze",
        &format!("{FIXTURES}/unreachable-pattern"),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("profiles: exhaustive"), "{out}");
    assert!(
        out.contains("patterns that can never win: microservices"),
        "{out}"
    );
    assert!(out.contains("microservices.always-behind"), "{out}");
}

#[test]
fn list_and_show_describe_rules() {
    let (code, out, _) = run(&["rules", "list", "--pattern", "serverless"]);
    assert_eq!(code, 0);
    assert!(out.contains("serverless.avoid.long-running"), "{out}");
    assert!(out.contains("veto"), "{out}");
    assert!(!out.contains("monolith.small-team"), "{out}");
    let (code, out, _) = run(&["rules", "show", "monolith.small-team"]);
    assert_eq!(code, 0);
    assert!(out.contains("when:    team_size < 10"), "{out}");
    assert!(out.contains("because: "), "{out}");
    assert!(out.contains("source:  Pattern 1"), "{out}");
    let (code, _, err) = run(&["rules", "show", "monolith.small-tem"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `monolith.small-team`?"), "{err}");
    let (code, _, err) = run(&["rules", "list", "--pattern", "serverles"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `serverless`?"), "{err}");
}

const CUSTOM: &str = "examples/custom-pack";

#[test]
fn the_custom_pack_lints_clean_and_passes_its_cases() {
    archfit()
        .args(["rules", "lint", CUSTOM, "--deny-warnings"])
        .assert()
        .success();
    let (code, out, _) = run(&["rules", "test", CUSTOM, "--min-coverage", "100"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok    under hipaa the same relay cannot be serverless"),
        "{out}"
    );
    assert!(
        out.lines().last().unwrap().ends_with("passed, 0 failed"),
        "{out}"
    );
}

fn recommend_custom(profile: &str) -> (i32, String, String) {
    let out = archfit()
        .args(["--rules", CUSTOM, "recommend", "--format", "json", "-"])
        .write_stdin(profile)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_custom_pack_honours_its_new_field() {
    let relay = "team_size: 4\nstage: mvp\ncomplexity: simple\nscaling: uniform\ntraffic: spiky\n\
                 devops: limited\nworkload: event-driven\ncoupling: loose\nminimize_ops: true\n";
    let (code, plain, err) = recommend_custom(relay);
    assert_eq!(code, 0, "{err}");
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(plain[0]["recommendation"], "serverless");
    assert!(plain[0]["assumed"]
        .as_array()
        .unwrap()
        .contains(&Value::from("compliance")));

    let (code, hipaa, err) = recommend_custom(&format!("{relay}compliance: hipaa\n"));
    assert_eq!(code, 0, "{err}");
    let hipaa: Value = serde_json::from_str(&hipaa).unwrap();
    assert_ne!(hipaa[0]["recommendation"], "serverless");
    let serverless = hipaa[0]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pattern"] == "serverless")
        .unwrap();
    assert_eq!(serverless["vetoed"], true);

    let (code, _, err) = recommend_custom(&format!("{relay}compliance: hippa\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "<stdin>:10:13: `hippa` is not a valid value for `compliance` (did you mean `hipaa`?"
        ),
        "{err}"
    );
    // The default pack does not know the field at all.
    archfit()
        .args(["recommend", "-"])
        .write_stdin(format!("{relay}compliance: hipaa\n"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `compliance`"));
}

#[test]
fn diff_names_the_profiles_that_change_and_the_rules_responsible() {
    let (code, out, err) = run(&[
        "rules",
        "diff",
        "rules",
        CUSTOM,
        "examples/custom-pack/profiles",
        "examples/serverless-api.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 of 3 profiles change"), "{out}");
    assert!(
        out.contains("rules: 6 added, 0 removed, 1 changed"),
        "{out}"
    );
    assert!(
        out.contains("changed  payments-band (examples/custom-pack/profiles/payments-band.yaml): microservices -> monolith\n         changed microservices.avoid.thin-devops (fired in new)"),
        "{out}"
    );
    assert!(out.contains("invalid  clinic-intake"), "{out}");
    assert!(out.contains("unknown field `compliance`"), "{out}");
    assert!(
        out.contains("unchanged: webhook-relay (serverless)"),
        "{out}"
    );

    let (code, out, _) = run(&[
        "rules",
        "diff",
        "rules",
        CUSTOM,
        "examples/custom-pack/profiles",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).unwrap();
    let changed: Vec<&Value> = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["changed"] == true)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["profile"], "payments-band");
    assert_eq!(
        changed[0]["causes"][0]["rule"],
        "microservices.avoid.thin-devops"
    );
    assert_eq!(changed[0]["causes"][0]["change"], "changed");
    assert_eq!(json["profiles"][0]["invalid_under"], "old");
}

#[test]
fn diff_with_a_missing_pack_is_a_usage_error() {
    let (code, _, err) = run(&["rules", "diff", "rules", "no-such-pack", "examples"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-pack"), "{err}");
}

/// Every `archfit rules …` command the README shows runs and succeeds.
#[test]
fn the_readme_rules_commands_succeed() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| l.starts_with("archfit rules "))
        .map(|l| {
            l.split('#')
                .next()
                .unwrap()
                .split_whitespace()
                .skip(1)
                .collect()
        })
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for args in commands {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
}

/// Hybrid that no rule makes win is still reachable: components make a system hybrid.
#[test]
fn hybrid_reached_only_through_components_is_not_a_lint_error() {
    let dir = format!("{FIXTURES}/hybrid-by-components");
    let (code, out, err) = run(&["rules", "lint", &dir]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = run(&["rules", "analyze", &dir]);
    assert!(out.contains("patterns that can never win: hybrid"), "{out}");
    let profile = "team_size: 20\ncomponents:\n  - { name: burst, traffic: spiky }\n";
    let out = archfit()
        .args(["--rules", &dir, "recommend", "--format", "json", "-"])
        .write_stdin(profile)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["recommendation"], "hybrid");
}

/// A pack too large to search whole gets a warning, never a wrong "can never be recommended".
#[test]
fn a_pattern_lint_cannot_settle_within_its_search_budget_is_a_warning() {
    let dir = format!("{FIXTURES}/search-budget");
    let (code, out, err) = run(&["rules", "lint", &dir]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        err,
        format!(
            "warning: {dir}/patterns.yaml:3:5: could not prove that pattern `serverless` can be \
             recommended within the search budget\n"
        )
    );
    assert!(out.contains("0 errors, 1 warning"), "{out}");
    let (code, _, _) = run(&["rules", "lint", &dir, "--deny-warnings"]);
    assert_eq!(code, 2);
}

/// Two packs with the same rules can still answer differently: here only the order of the
/// patterns (which breaks ties) differs, and the report says no changed rule was the cause.
#[test]
fn diff_says_when_no_changed_rule_explains_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let new = tmp.path().join("reordered");
    std::fs::create_dir(&new).unwrap();
    for f in ["pack.yaml", "catalog.yaml", "rules.yaml"] {
        std::fs::copy(format!("{FIXTURES}/small/{f}"), new.join(f)).unwrap();
    }
    support::write(
        &new,
        "patterns.yaml",
        "patterns:\n  - { id: serverless, title: S, summary: s, source: s }\n  \
         - { id: monolith, title: M, summary: s, source: s }\n  \
         - { id: microservices, title: X, summary: s, source: s }\n  \
         - { id: hybrid, title: H, summary: s, source: s }\n",
    );
    // Nothing fires for 15 engineers: every pattern has 0 points, and the first listed wins.
    let profile = support::write(tmp.path(), "tie.yaml", "name: tie\nteam_size: 15\n");
    let (old, new, profile) = (
        format!("{FIXTURES}/small"),
        new.display().to_string(),
        profile.display().to_string(),
    );
    let (code, out, err) = run(&["rules", "diff", &old, &new, &profile]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "small 1 -> small 1: 1 of 1 profiles change recommendation\n\
             rules: 0 added, 0 removed, 0 changed\n\
             changed  tie ({profile}): monolith -> serverless\n         \
             no changed rule fired: the catalog or pack settings made the difference\n"
        )
    );
    let (_, out, _) = run(&["rules", "diff", &old, &new, &profile, "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["profiles"][0]["changed"], true);
    assert_eq!(json["profiles"][0]["causes"], serde_json::json!([]));
}
