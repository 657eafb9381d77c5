//! The checker behind `archfit rules test`, on the small fixture pack: every kind of expectation
//! must be able to fail, with its own message, and a broken case file must be refused with every
//! problem in it. A checker that passed everything would let a whole pack go unchecked.

use super::*;
use crate::test_support::small_pack;

/// The small pack with `cases` as its one test file, `tests/cases.yaml`.
fn pack_with(cases: &str) -> RulePack {
    pack_with_files(&[("tests/cases.yaml", cases)])
}

fn pack_with_files(extra: &[(&str, &str)]) -> RulePack {
    let mut files = small_pack().files.clone();
    for &(path, text) in extra {
        files.push(PackFile {
            path: path.to_string().into(),
            display: path.to_string().into(),
            text: text.to_string().into(),
        });
    }
    RulePack::from_files(files, "small").unwrap_or_else(|d| panic!("{d}"))
}

/// The cases of `text`, each run: (name, failures).
fn outcomes(text: &str) -> Vec<(String, Vec<String>)> {
    let pack = pack_with(text);
    let cases = read_cases(&pack).unwrap_or_else(|d| panic!("{d:?}"));
    let engine = Engine::new(&pack);
    run_all(&engine, &cases)
        .outcomes
        .into_iter()
        .map(|o| (o.case.name, o.failures))
        .collect()
}

/// The problems `read_cases` reports for `text`, as a user reads them.
fn problems(text: &str) -> Vec<String> {
    let pack = pack_with(text);
    match read_cases(&pack) {
        Ok(cases) => panic!("expected problems, read {} cases", cases.len()),
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
    }
}

// On the small pack: 5 engineers give monolith 3 points and nothing else; 12 engineers with
// spiky traffic and long jobs give serverless 4 points but a veto, so monolith wins the tie of
// zeros; a spiky component of a 5-engineer system gets serverless, which makes the system hybrid.

#[test]
fn expectations_that_hold_pass() {
    let got = outcomes(
        "cases:
  - name: rec
    profile: { team_size: 5 }
    expect: { recommendation: monolith }
  - name: not
    profile: { team_size: 5 }
    expect: { not: [serverless, microservices] }
  - name: vetoed
    profile: { team_size: 12, traffic: spiky, long_running: true }
    expect: { recommendation: monolith, vetoed: [serverless] }
  - name: components
    profile: { team_size: 5, components: [{ name: pipeline, traffic: spiky }] }
    expect: { recommendation: hybrid, components: { pipeline: serverless } }
",
    );
    let none: Vec<String> = Vec::new();
    assert_eq!(
        got,
        [
            ("rec".to_string(), none.clone()),
            ("not".to_string(), none.clone()),
            ("vetoed".to_string(), none.clone()),
            ("components".to_string(), none),
        ]
    );
}

#[test]
fn each_kind_of_expectation_fails_with_its_own_message() {
    let got = outcomes(
        "cases:
  - name: rec
    profile: { team_size: 5 }
    expect: { recommendation: serverless }
  - name: not
    profile: { team_size: 5 }
    expect: { not: [microservices, monolith] }
  - name: vetoed
    profile: { team_size: 12, traffic: spiky }
    expect: { vetoed: [serverless] }
  - name: component with another pattern
    profile: { team_size: 5, components: [{ name: pipeline, traffic: spiky }] }
    expect: { components: { pipeline: monolith } }
  - name: component not in the profile
    profile: { team_size: 5, components: [{ name: pipeline, traffic: spiky }] }
    expect: { components: { pipline: serverless } }
",
    );
    let want = |name: &str, failures: &[&str]| {
        (
            name.to_string(),
            failures.iter().map(ToString::to_string).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        got,
        [
            want("rec", &["expected serverless, got monolith"]),
            want("not", &["must not recommend monolith, but did"]),
            want("vetoed", &["expected serverless to be vetoed, it was not"]),
            want(
                "component with another pattern",
                &["component `pipeline`: expected monolith, got serverless"]
            ),
            want(
                "component not in the profile",
                &["no component named `pipline` in the profile"]
            ),
        ]
    );
}

/// A case is checked on every expectation, not only until the first that fails.
#[test]
fn every_failed_expectation_of_a_case_is_reported() {
    let got = outcomes(
        "cases:
  - name: all wrong
    profile: { team_size: 5, components: [{ name: a, traffic: spiky }, { name: b }] }
    expect:
      recommendation: microservices
      not: [hybrid]
      vetoed: [serverless, monolith]
      components: { a: monolith, b: monolith, c: serverless }
",
    );
    assert_eq!(
        got[0].1,
        [
            "expected microservices, got hybrid",
            "must not recommend hybrid, but did",
            "expected serverless to be vetoed, it was not",
            "expected monolith to be vetoed, it was not",
            "component `a`: expected monolith, got serverless",
            "no component named `c` in the profile",
        ]
    );
}

/// A veto on a component does not satisfy `vetoed:`, which is about the system.
#[test]
fn vetoed_is_checked_on_the_system_not_on_components() {
    let got = outcomes(
        "cases:
  - name: veto in a component only
    profile: { team_size: 5, components: [{ name: batch, long_running: true }] }
    expect: { vetoed: [serverless] }
",
    );
    assert_eq!(
        got[0].1,
        ["expected serverless to be vetoed, it was not"],
        "{got:?}"
    );
}

#[test]
fn results_count_passes_failures_and_the_rules_fired_in_system_or_component() {
    let pack = pack_with(
        "cases:
  - name: passes
    profile: { team_size: 5 }
    expect: { recommendation: monolith }
  - name: fails
    profile: { team_size: 5 }
    expect: { recommendation: microservices }
  - name: a rule that fires only in a component
    profile: { team_size: 5, components: [{ name: burst, traffic: spiky }] }
    expect: { recommendation: hybrid }
",
    );
    let engine = Engine::new(&pack);
    let results = run_all(&engine, &read_cases(&pack).unwrap());
    assert_eq!((results.passed(), results.failed()), (2, 1));
    let fired: Vec<&str> = pack
        .rules
        .iter_enumerated()
        .filter(|&(i, _)| results.fired[i])
        .map(|(_, r)| &*r.id)
        .collect();
    // m.small in every case; s.spiky only in the component `burst`.
    assert_eq!(fired, ["m.small", "s.spiky"]);
    assert_eq!(results.covered(), 2);
    assert_eq!(results.coverage(), 2.0 * 100.0 / 7.0);
}

#[test]
fn coverage_is_full_for_a_pack_without_rules_and_zero_without_cases() {
    let pack = small_pack();
    let engine = Engine::new(&pack);
    let results = run_all(&engine, &[]);
    assert_eq!(
        (results.passed(), results.failed(), results.covered()),
        (0, 0, 0)
    );
    assert_eq!(results.coverage(), 0.0);
    let empty = Results {
        outcomes: Vec::new(),
        fired: IdVec::new(),
    };
    assert_eq!(empty.coverage(), 100.0);
}

#[test]
fn cases_keep_their_file_position_and_order_across_files() {
    let pack = pack_with_files(&[
        (
            "tests/a.yaml",
            "cases:\n  - name: first\n    profile: { team_size: 5 }\n    expect: { not: [hybrid] }\n",
        ),
        (
            "tests/b.yaml",
            "# second file\ncases:\n  - name: second\n    profile: { team_size: 5 }\n    expect: { not: [hybrid] }\n  - name: third\n    profile: { team_size: 5 }\n    expect: { not: [hybrid] }\n",
        ),
    ]);
    let cases = read_cases(&pack).unwrap();
    let got: Vec<(&str, &str, u32)> = cases
        .iter()
        .map(|c| (&*c.name, &*c.file, c.pos.line))
        .collect();
    assert_eq!(
        got,
        [
            ("first", "tests/a.yaml", 2),
            ("second", "tests/b.yaml", 3),
            ("third", "tests/b.yaml", 6)
        ]
    );
    assert_eq!(
        cases[0].expect,
        Expect {
            not: vec!["hybrid".to_string()],
            ..Expect::default()
        }
    );
}

/// Each broken case file, and every problem reported for it, with its position. A mistake in
/// an expectation is reported alone, not again as "expects nothing".
#[test]
fn broken_case_files_are_refused_with_what_is_wrong() {
    const CASE: &str = "cases:\n  - name: x\n    profile: { team_size: 5 }\n";
    let table: &[(String, &[&str])] = &[
        (
            "other: 1\n".to_string(),
            &[
                "tests/cases.yaml:1:1: unknown key `other` in a test file (expected one of: cases)",
                "tests/cases.yaml:1:1: a test file needs a `cases:` list",
            ],
        ),
        (
            "{}\n".to_string(),
            &["tests/cases.yaml:1:1: a test file needs a `cases:` list"],
        ),
        (
            "cases: {a: 1}\n".to_string(),
            &["tests/cases.yaml:1:1: a test file needs a `cases:` list"],
        ),
        (
            "- 1\n".to_string(),
            &["tests/cases.yaml:1:1: a test file must be a mapping, found a list"],
        ),
        (
            "cases:\n  - 1\n".to_string(),
            &["tests/cases.yaml:2:5: a test case must be a mapping, found an integer"],
        ),
        (
            "cases:\n  - profile: { team_size: 5 }\n    expect: { recommendation: monolith }\n"
                .to_string(),
            &["tests/cases.yaml:2:5: a test case is missing `name`"],
        ),
        (
            "cases:\n  - name: x\n    expect: { recommendation: monolith }\n".to_string(),
            &["tests/cases.yaml:2:5: case `x` has no `profile`"],
        ),
        (
            CASE.to_string(),
            &["tests/cases.yaml:2:5: case `x` has no `expect`"],
        ),
        (
            format!("{CASE}    expect: {{}}\n"),
            &["tests/cases.yaml:4:13: case `x` expects nothing"],
        ),
        (
            format!("{CASE}    expect: {{ not: [] }}\n"),
            &["tests/cases.yaml:4:13: case `x` expects nothing"],
        ),
        (
            format!("{CASE}    expect: monolith\n"),
            &["tests/cases.yaml:4:13: `expect` must be a mapping, found a string"],
        ),
        (
            format!("{CASE}    expect: {{ recomendation: monolith }}\n"),
            &["tests/cases.yaml:4:15: unknown key `recomendation` in `expect` (did you mean `recommendation`?)"],
        ),
        (
            format!("{CASE}    expect: {{ recommendation: servrless }}\n"),
            &["tests/cases.yaml:4:31: unknown pattern `servrless` (did you mean `serverless`?)"],
        ),
        (
            format!("{CASE}    expect: {{ not: monolith }}\n"),
            &["tests/cases.yaml:4:20: `not` must be a list, found a string"],
        ),
        (
            format!("{CASE}    expect: {{ not: [monolit] }}\n"),
            &["tests/cases.yaml:4:21: unknown pattern `monolit` (did you mean `monolith`?)"],
        ),
        (
            format!("{CASE}    expect: {{ vetoed: [hybird] }}\n"),
            &["tests/cases.yaml:4:24: unknown pattern `hybird` (did you mean `hybrid`?)"],
        ),
        (
            format!("{CASE}    expect: {{ components: {{ a: microservice }} }}\n"),
            &["tests/cases.yaml:4:32: unknown pattern `microservice` (did you mean `microservices`?)"],
        ),
        (
            format!("{CASE}    expect: {{ components: [a] }}\n"),
            &["tests/cases.yaml:4:27: `components` maps component names to patterns"],
        ),
        (
            format!("{CASE}    expect: {{ components: {{ a: [monolith] }} }}\n"),
            &["tests/cases.yaml:4:32: expected a pattern id"],
        ),
        (
            "cases:\n  - name: x\n    profile: { team_size: five }\n    expect: { recommendation: monolith }\n"
                .to_string(),
            &["tests/cases.yaml:3:27: `team_size` must be an integer between 1 and 1000, found `five` \
               (not sure? write `team_size: unknown`, or the possible values as a list)"],
        ),
        (
            "cases: [\n".to_string(),
            &["tests/cases.yaml:2:1: invalid YAML: while parsing a node, did not find expected node content"],
        ),
    ];
    for (text, want) in table {
        assert_eq!(problems(text), *want, "{text:?}");
    }
    // An empty list is no mistake in its file: it holds no case, and a pack whose files hold
    // none is what `rules test` warns about (and `--require-cases` fails, tests/rules_cmd.rs).
    let pack = pack_with("cases: []\n");
    assert_eq!(read_cases(&pack).map(|c| c.len()).ok(), Some(0));
}

/// A user fixes a pack's cases in one round: every problem of every file is reported, and a
/// broken case does not hide the valid ones' problems.
#[test]
fn every_problem_of_every_case_file_is_reported_at_once() {
    let pack = pack_with_files(&[
        (
            "tests/a.yaml",
            "cases:\n  - name: x\n    profile: { team_size: 5 }\n  - name: y\n    profile: { team_size: 5 }\n    expect: {}\n",
        ),
        ("tests/b.yaml", "nothing: here\n"),
    ]);
    let got: Vec<String> = read_cases(&pack)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        [
            "tests/a.yaml:2:5: case `x` has no `expect`",
            "tests/a.yaml:6:13: case `y` expects nothing",
            "tests/b.yaml:1:1: unknown key `nothing` in a test file (expected one of: cases)",
            "tests/b.yaml:1:1: a test file needs a `cases:` list",
        ]
    );
}
