//! End-to-end tests of `archfit check` on the built binary: verdicts, exit codes and every
//! output format a CI system reads.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use support::{archfit, run, Run};

/// Four engineers running what fits them.
const FITS: &str = "name: fine\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncurrent: monolith\n";
/// Four engineers with no DevOps running microservices: vetoed, so a misfit at line 6.
const MISFIT: &str = "name: over\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: none\ncurrent: microservices\n";
/// Broken YAML: the error is at line 2.
const INVALID: &str = "team_size: [4\nscaling: uniform\n";
/// Monolith beats serverless by one point (the default margin is two): a close call.
const CLOSE: &str = "name: close\nteam_size: 3\nscaling: uniform\ntraffic: variable\ndevops: moderate\nworkload: event-driven\ncurrent: monolith\n";
const NO_CURRENT: &str =
    "name: plain\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

/// The table has every column from 120 columns on; these tests read its cells (tests/width.rs
/// covers narrower terminals).
const WIDE: &str = "120";

fn check(dir: &Path, args: &[&str]) -> Run {
    run(archfit()
        .env("COLUMNS", WIDE)
        .current_dir(dir)
        .arg("check")
        .args(args))
}

/// A directory `profiles/` holding the given files.
fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("profiles").join(name), text).unwrap();
    }
    dir
}

fn three() -> tempfile::TempDir {
    fixture(&[
        ("fits.yaml", FITS),
        ("misfit.yaml", MISFIT),
        ("broken.yaml", INVALID),
    ])
}

/// The table row that starts with `name`, split into its cells.
fn row<'a>(table: &'a str, name: &str) -> Vec<&'a str> {
    let line = table
        .lines()
        .find(|l| l.trim_start_matches('│').trim().starts_with(name))
        .unwrap_or_else(|| panic!("no row for {name} in\n{table}"));
    line.trim_matches('│').split('┆').map(str::trim).collect()
}

#[test]
fn fitting_misfitting_and_invalid_profiles_give_exit_2_and_each_is_named() {
    let dir = three();
    let r = check(dir.path(), &["profiles"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        row(&r.stdout, "fine")[1..4],
        ["monolith", "monolith", "fits"]
    );
    assert_eq!(
        row(&r.stdout, "over")[1..4],
        ["microservices", "monolith", "DOES NOT FIT"]
    );
    assert!(row(&r.stdout, "over")[4].contains("microservices is vetoed"));
    assert_eq!(row(&r.stdout, "profiles/broken.yaml")[3], "INVALID");
    assert!(
        r.stderr
            .contains("error: profiles/broken.yaml:2:8: invalid YAML"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains(
            "error: profiles/misfit.yaml:6:1: over: `current: microservices` does not fit"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("\n3 profiles checked: 1 fit, 0 close calls, 1 misfit, 1 invalid\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn without_the_invalid_profile_a_misfit_is_exit_1_and_all_fitting_is_exit_0() {
    let dir = fixture(&[("fits.yaml", FITS), ("misfit.yaml", MISFIT)]);
    assert_eq!(check(dir.path(), &["profiles"]).code, 1);
    let dir = fixture(&[("fits.yaml", FITS), ("plain.yaml", NO_CURRENT)]);
    let r = check(dir.path(), &["profiles"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(row(&r.stdout, "plain")[1..4], ["-", "monolith", "-"]);
}

#[test]
fn an_invalid_profile_without_current_still_fails_validation() {
    let dir = fixture(&[(
        "typo.yaml",
        "team_szie: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n",
    )]);
    let r = check(dir.path(), &["profiles"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .contains("profiles/typo.yaml:1:1: unknown field `team_szie`"));
}

#[test]
fn a_near_tie_within_the_margin_still_fits() {
    // Serverless trails monolith by one point, less than the margin of two.
    let dir = fixture(&[(
        "s.yaml",
        &CLOSE.replace("current: monolith", "current: serverless"),
    )]);
    let r = check(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json[0]["fit"], "match");
    assert_eq!(json[0]["fit_reason"], "within-margin");
    assert_eq!(json[0]["check"]["verdict"], "fits");
}

#[test]
fn a_close_call_is_a_warning_and_strict_makes_it_fail() {
    let dir = fixture(&[("close.yaml", CLOSE)]);
    let r = check(dir.path(), &["profiles", "--format", "github"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let warning = r
        .stdout
        .lines()
        .find(|l| l.starts_with("::warning "))
        .unwrap_or_else(|| panic!("no warning in\n{}", r.stdout));
    assert!(warning.contains("close call: monolith leads serverless by only 1.0 points"));
    // The rules that separate them are named, not only the distance.
    assert!(
        warning.contains("decided by monolith.small-team +4.0;"),
        "{warning}"
    );
    assert!(warning.contains("file=profiles/close.yaml,line=7,"));

    let r = check(dir.path(), &["profiles", "--format", "github", "--strict"]);
    assert_eq!(r.code, 1);
    assert!(r
        .stdout
        .lines()
        .any(|l| l.starts_with("::error ") && l.contains("close call")));
    assert!(!r.stdout.contains("::warning"));
}

/// Parses a workflow command `::name key=value,…::message`.
fn workflow_command(line: &str) -> (String, BTreeMap<String, String>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("has a second ::");
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    (name.to_string(), props, message.to_string())
}

#[test]
fn github_lines_are_workflow_commands_pointing_at_file_and_line() {
    let dir = three();
    let r = check(dir.path(), &["profiles", "--format", "github"]);
    assert_eq!(r.code, 2);
    let commands: Vec<_> = r.stdout.lines().map(workflow_command).collect();
    let errors: Vec<_> = commands.iter().filter(|(n, _, _)| n == "error").collect();
    assert_eq!(errors.len(), 2, "{}", r.stdout);
    let at = |file: &str| {
        errors
            .iter()
            .find(|(_, p, _)| p.get("file").map(String::as_str) == Some(file))
            .unwrap_or_else(|| panic!("no annotation for {file} in\n{}", r.stdout))
    };
    // The misfit points at `current:`, the invalid YAML at its own line.
    let (_, props, message) = at("profiles/misfit.yaml");
    assert_eq!(props["line"], "6");
    assert!(message.contains("does not fit"));
    let (_, props, message) = at("profiles/broken.yaml");
    assert_eq!(props["line"], "2");
    assert_eq!(props["col"], "8");
    assert!(message.contains("invalid YAML"));
    for (_, props, message) in &commands {
        assert!(!message.contains('\n'));
        for v in props.values() {
            assert!(!v.contains(':') && !v.contains(','), "unescaped {v}");
        }
    }
    let (name, _, summary) = commands.last().unwrap();
    assert_eq!(name, "notice");
    assert!(summary.contains("rule pack archfit-default"));
}

#[test]
fn github_annotations_for_standard_input_name_no_file() {
    let out = archfit()
        .args(["check", "--format", "github", "-"])
        .write_stdin(MISFIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap();
    let (name, props, message) = workflow_command(first);
    assert_eq!(name, "error");
    assert!(!props.contains_key("file"), "{first}");
    assert!(message.starts_with("<stdin>:6:1: "), "{first}");
}

#[test]
fn json_has_the_report_objects_with_the_verdict_schema_version_and_pack() {
    let dir = three();
    let r = check(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 2);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let objs = json.as_array().unwrap();
    // One object per input, in input order, the invalid one with its problem and position.
    assert_eq!(objs.len(), 3);
    assert_eq!(objs[0]["profile"], Value::Null);
    assert_eq!(objs[0]["source"], "profiles/broken.yaml");
    assert_eq!(objs[0]["check"]["verdict"], "invalid");
    let problem = &objs[0]["check"]["findings"][0];
    assert_eq!(problem["kind"], "invalid-profile");
    assert_eq!(
        (&problem["line"], &problem["column"]),
        (&Value::from(2), &Value::from(8))
    );
    assert!(problem["message"]
        .as_str()
        .unwrap()
        .contains("invalid YAML"));
    assert_eq!(objs[1]["profile"], "fine");
    assert_eq!(objs[1]["fit"], "match");
    assert_eq!(objs[1]["check"]["verdict"], "fits");
    assert_eq!(objs[1]["check"]["accepted"], Value::Null);
    assert_eq!(objs[2]["profile"], "over");
    assert_eq!(objs[2]["fit"], "mismatch");
    assert_eq!(objs[2]["fit_reason"], "vetoed");
    assert_eq!(objs[2]["check"]["verdict"], "misfit");
    assert_eq!(objs[2]["check"]["findings"][0]["kind"], "misfit");
    assert_eq!(objs[2]["check"]["findings"][0]["line"], 6);
    for o in objs {
        assert_eq!(o["schema_version"], 3);
        assert_eq!(o["pack"]["name"], "archfit-default");
        assert_eq!(o["pack"]["sha256"].as_str().unwrap().len(), 64);
    }
    for o in &objs[1..] {
        assert!(o["ranking"].as_array().unwrap().len() == 5);
    }
    // Each problem once: in the output, not also on standard error.
    assert_eq!(r.stderr, "");
}

#[test]
fn sarif_is_2_1_0_with_physical_locations_and_the_pack() {
    let dir = three();
    let r = check(dir.path(), &["profiles", "--format", "sarif"]);
    assert_eq!(r.code, 2);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "archfit");
    assert_eq!(run["properties"]["schema_version"], 3);
    assert_eq!(run["properties"]["pack"]["name"], "archfit-default");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // Every kind of finding, with the level code scanning shows it at by default.
    let levels: Vec<(&str, &str)> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["defaultConfiguration"]["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            ("misfit", "error"),
            ("close-call", "warning"),
            ("invalid-profile", "error"),
            ("unsettled", "warning"),
            ("accepted-misfit", "note"),
            ("unused-acceptance", "warning"),
        ]
    );
    for res in results {
        let rule = res["ruleId"].as_str().unwrap();
        assert_eq!(rules[res["ruleIndex"].as_u64().unwrap() as usize], rule);
        let loc = &res["locations"][0]["physicalLocation"];
        let (uri, line) = match rule {
            "misfit" => ("profiles/misfit.yaml", 6),
            "invalid-profile" => ("profiles/broken.yaml", 2),
            other => panic!("unexpected rule {other}"),
        };
        assert_eq!(loc["artifactLocation"]["uri"], uri);
        assert_eq!(loc["region"]["startLine"], line);
        assert_eq!(res["level"], "error");
    }
}

/// A minimal well-formedness check: every tag closes in order, attributes are quoted, and
/// nothing but entities follows an `&`.
fn assert_well_formed(xml: &str) -> Vec<String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut opened = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;"].contains(&entity),
                "bad entity {entity}"
            );
        }
        let end = start + rest[start..].find('>').expect("tag closes");
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "{tag}");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in {tag}"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            opened.push(name.to_string());
            if !tag.ends_with('/') {
                stack.push(name.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert!(rest.trim().is_empty());
    opened
}

#[test]
fn junit_is_well_formed_with_one_test_case_per_profile() {
    let dir = three();
    let r = check(dir.path(), &["profiles", "--format", "junit"]);
    assert_eq!(r.code, 2);
    let tags = assert_well_formed(&r.stdout);
    assert_eq!(tags.iter().filter(|t| *t == "testcase").count(), 3);
    assert_eq!(tags.iter().filter(|t| *t == "failure").count(), 1);
    assert_eq!(tags.iter().filter(|t| *t == "error").count(), 1);
    assert!(r.stdout.contains("tests=\"3\" failures=\"1\" errors=\"1\""));
    assert!(r
        .stdout
        .contains("<property name=\"archfit.pack.name\" value=\"archfit-default\"/>"));
    assert!(r
        .stdout
        .contains("<testcase name=\"over\" classname=\"profiles/misfit.yaml\""));
}

#[test]
fn junit_escapes_markup_from_user_files() {
    let dir = fixture(&[(
        "x.yaml",
        "name: \"<a & b>\"\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: none\ncurrent: microservices\n",
    )]);
    let r = check(dir.path(), &["profiles", "--format", "junit"]);
    assert_eq!(r.code, 1);
    assert_well_formed(&r.stdout);
    assert!(r.stdout.contains("name=\"&lt;a &amp; b&gt;\""));
}

#[test]
fn the_shipped_mismatch_example_fails_the_check() {
    let r = check(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["examples/current-mismatch.yaml"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("DOES NOT FIT"));
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = archfit().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("archfit") && text.contains("check"),
            "{shell}"
        );
    }
    archfit().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn when_components_make_the_system_hybrid_only_hybrid_fits() {
    let shop = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hybrid-shop.yaml"),
    )
    .unwrap();
    let dir = fixture(&[
        ("as-monolith.yaml", &format!("{shop}current: monolith\n")),
        ("as-hybrid.yaml", &format!("{shop}current: hybrid\n")),
    ]);
    let r = check(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    // Sorted: as-hybrid.yaml first.
    assert_eq!(json[0]["current"], "hybrid");
    assert_eq!(json[0]["check"]["verdict"], "fits");
    assert_eq!(json[1]["current"], "monolith");
    assert_eq!(json[1]["fit_reason"], "needs-hybrid");
    assert!(json[1]["check"]["reason"]
        .as_str()
        .unwrap()
        .contains("only hybrid fits"));
}

#[test]
fn a_missing_path_is_reported_in_every_format_and_the_rest_still_checked() {
    let dir = fixture(&[("misfit.yaml", MISFIT)]);
    let r = check(dir.path(), &["nope.yaml", "profiles", "--format", "sarif"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "", "each problem once, in the SARIF document");
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "invalid-profile");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "nope.yaml"
    );
    assert_eq!(results[1]["ruleId"], "misfit");
}

// ---- accepted misfits, every input once, --quiet ----

/// The small fixture pack (its numbers are the tests', not the default pack's): four engineers
/// score monolith 3 and microservices 0, more than its margin of 1.5 behind.
fn small_pack() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/packs/small")
        .display()
        .to_string()
}

/// Four engineers who keep microservices, accepted through `until`.
fn keeps_microservices(until: &str) -> String {
    format!(
        "name: kept\nteam_size: 4\ncurrent: microservices\naccepted:\n  reason: mid-migration, see ADR 7\n  until: {until}\n"
    )
}

const SMALL_FITS: &str = "name: fine\nteam_size: 4\ncurrent: monolith\n";

fn check_small(dir: &Path, args: &[&str]) -> Run {
    run(archfit()
        .env("COLUMNS", WIDE)
        .current_dir(dir)
        .args(["check", "--rules", &small_pack()])
        .args(args))
}

#[test]
fn an_accepted_misfit_passes_until_its_date_and_fails_after_it_in_every_format() {
    let dir = fixture(&[
        ("a-accepted.yaml", &keeps_microservices("2999-12-31")),
        ("b-expired.yaml", &keeps_microservices("2000-01-01")),
        ("c-fits.yaml", SMALL_FITS),
    ]);
    let r = check_small(dir.path(), &["profiles"]);
    assert_eq!(r.code, 1, "the expired one fails: {}{}", r.stdout, r.stderr);
    let rows: Vec<Vec<&str>> = r
        .stdout
        .lines()
        .filter(|l| l.contains("┆ microservices"))
        .map(|l| l.trim_matches('│').split('┆').map(str::trim).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert_eq!(rows[0][3], "accepted until 2999-12-31");
    assert_eq!(rows[1][3], "DOES NOT FIT");
    assert!(
        r.stdout.contains(
            "note: profiles/a-accepted.yaml:4:1: kept: `current: microservices` does not fit (archfit recommends monolith), accepted until 2999-12-31: mid-migration, see ADR 7"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("error: profiles/b-expired.yaml:6:10: kept: `current: microservices` does not fit; archfit recommends monolith. The acceptance of this misfit ended on 2000-01-01"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with(
        "\n3 profiles checked: 1 fit, 0 close calls, 1 misfit, 1 accepted, 0 invalid\n"
    ));

    // Without the expired one the gate passes, and every format shows the acceptance.
    std::fs::remove_file(dir.path().join("profiles/b-expired.yaml")).unwrap();
    assert_eq!(check_small(dir.path(), &["profiles"]).code, 0);

    let r = check_small(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let c = &json[0]["check"];
    assert_eq!(c["verdict"], "accepted");
    assert_eq!(c["accepted"]["reason"], "mid-migration, see ADR 7");
    assert_eq!(c["accepted"]["until"], "2999-12-31");
    assert_eq!(c["findings"][0]["kind"], "accepted-misfit");
    assert_eq!(c["findings"][0]["level"], "note");
    assert_eq!(c["findings"][0]["line"], 4);
    assert_eq!(
        json[0]["fit"], "mismatch",
        "the recommendation is unchanged"
    );

    let r = check_small(dir.path(), &["profiles", "--format", "github"]);
    assert_eq!(r.code, 0);
    let (name, props, message) = workflow_command(r.stdout.lines().next().unwrap());
    assert_eq!(name, "notice");
    assert_eq!(props["file"], "profiles/a-accepted.yaml");
    assert_eq!(props["line"], "4");
    assert_eq!(props["title"], "archfit%3A accepted-misfit");
    assert!(message.contains("accepted until 2999-12-31"));
    assert!(r
        .stdout
        .contains("1 fit, 0 close calls, 0 misfits, 1 accepted, 0 invalid"));

    let r = check_small(dir.path(), &["profiles", "--format", "junit"]);
    assert_eq!(r.code, 0);
    let tags = assert_well_formed(&r.stdout);
    assert!(!tags.iter().any(|t| t == "failure" || t == "error"));
    assert!(r
        .stdout
        .contains("note: profiles/a-accepted.yaml:4:1: kept:"));
    assert!(r
        .stdout
        .contains("accepted: current microservices, recommended monolith"));

    let r = check_small(dir.path(), &["profiles", "--format", "sarif"]);
    assert_eq!(r.code, 0);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "accepted-misfit");
    assert_eq!(results[0]["level"], "note");

    let r = check_small(dir.path(), &["profiles", "--format", "html"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains(r#"<div data-count="accepted"><dt>accepted misfit</dt><dd>1</dd>"#),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(r#"<span class="tag warn">accepted until 2999-12-31</span>"#),
        "{}",
        r.stdout
    );
}

#[test]
fn an_acceptance_that_is_not_needed_is_a_warning() {
    let dir = fixture(&[(
        "p.yaml",
        &keeps_microservices("2999-12-31").replace("microservices", "monolith"),
    )]);
    let r = check_small(dir.path(), &["profiles"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains(
        "warning: profiles/p.yaml:4:1: kept: `accepted` is no longer needed: `current: monolith` fits the profile; remove it"
    ));
    assert_eq!(check_small(dir.path(), &["profiles", "--strict"]).code, 1);
}

#[test]
fn an_acceptance_without_reason_or_date_is_an_invalid_profile_with_positions() {
    let table: &[(&str, &str)] = &[
        (
            "team_size: 4\ncurrent: microservices\naccepted:\n  until: 2999-12-31\n",
            "p.yaml:3:1: `accepted` needs a `reason`",
        ),
        (
            "team_size: 4\ncurrent: microservices\naccepted:\n  reason: \"  \"\n  until: 2999-12-31\n",
            "p.yaml:4:11: `accepted.reason` must not be empty",
        ),
        (
            "team_size: 4\ncurrent: microservices\naccepted:\n  reason: kept\n",
            "p.yaml:3:1: `accepted` needs `until`",
        ),
        (
            "team_size: 4\ncurrent: microservices\naccepted:\n  reason: kept\n  until: 2026-02-30\n",
            "p.yaml:5:10: `accepted.until`: `2026-02-30` is not a date: month 2 of 2026 has 28 days",
        ),
        (
            "team_size: 4\ncurrent: microservices\naccepted:\n  reason: kept\n  until: 2999-12-31\n  untill: 2999-12-31\n",
            "p.yaml:6:3: unknown key `untill` in `accepted` (did you mean `until`?)",
        ),
        (
            "team_size: 4\ncurrent: microservices\naccepted: until next year\n",
            "p.yaml:3:11: `accepted` must be a mapping with `reason` and `until`, found a string",
        ),
        (
            "team_size: 4\naccepted:\n  reason: kept\n  until: 2999-12-31\n",
            "p.yaml:2:1: `accepted` keeps the architecture named in `current:`, but the profile has no `current:`",
        ),
        (
            "team_size: 4\ncurrent: microservices\ncomponents:\n  - name: a\n    accepted: {reason: r, until: 2999-12-31}\n",
            "p.yaml:5:5: `accepted` belongs to the whole profile and cannot be set in a component",
        ),
    ];
    for (text, expected) in table {
        let dir = fixture(&[("p.yaml", text)]);
        let r = check_small(dir.path(), &["profiles/p.yaml"]);
        assert_eq!(r.code, 2, "{text}");
        assert!(
            r.stderr.contains(&format!("error: profiles/{expected}")),
            "for {text:?}\nexpected: {expected}\n     got: {}",
            r.stderr
        );
        // The same problem, with its position, in the JSON entry for the input.
        let r = check_small(dir.path(), &["profiles/p.yaml", "--format", "json"]);
        let json: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(json[0]["check"]["verdict"], "invalid");
        let (line, col) = {
            let at = expected.split(':').collect::<Vec<_>>();
            (at[1].parse::<u64>().unwrap(), at[2].parse::<u64>().unwrap())
        };
        assert!(
            json[0]["check"]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["line"] == line && f["column"] == col),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn every_input_is_one_entry_and_every_problem_is_shown_once_in_every_format() {
    // Two problems in one file, a misfit, and a fitting profile.
    let two_problems = "team_szie: 4\nteam_size: 4\ntraffic: bursty\n";
    let dir = fixture(&[
        ("a-bad.yaml", two_problems),
        ("b-over.yaml", &keeps_microservices("2000-01-01")),
        ("c-fits.yaml", SMALL_FITS),
    ]);
    let at_bad = |s: &str| s.matches("profiles/a-bad.yaml").count();

    let r = check_small(dir.path(), &["profiles"]);
    assert_eq!(r.code, 2);
    // Text: the problems on standard error (as every command reports them), the table names
    // the input once.
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
    assert_eq!(row(&r.stdout, "profiles/a-bad.yaml")[3], "INVALID");
    assert!(r.stdout.contains("(and 1 more)"));

    let r = check_small(dir.path(), &["profiles", "--format", "github"]);
    assert_eq!(r.stderr, "");
    let errors: Vec<_> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error file=profiles/a-bad.yaml,"))
        .collect();
    assert_eq!(errors.len(), 2, "{}", r.stdout);
    assert!(errors[0].contains("line=1,col=1"));
    assert!(errors[1].contains("line=3,col=10"));

    let r = check_small(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.stderr, "");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let verdicts: Vec<&str> = entries
        .iter()
        .map(|e| e["check"]["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["invalid", "misfit", "fits"]);
    assert_eq!(entries[0]["check"]["findings"].as_array().unwrap().len(), 2);

    let r = check_small(dir.path(), &["profiles", "--format", "junit"]);
    assert_eq!(r.stderr, "");
    let tags = assert_well_formed(&r.stdout);
    assert_eq!(tags.iter().filter(|t| *t == "testcase").count(), 3);
    assert_eq!(tags.iter().filter(|t| *t == "error").count(), 1);

    let r = check_small(dir.path(), &["profiles", "--format", "sarif"]);
    assert_eq!(r.stderr, "");
    assert_eq!(at_bad(&r.stdout), 2, "one result per problem");
}

#[test]
fn quiet_prints_only_errors_warnings_and_the_summary() {
    let dir = fixture(&[
        ("a-accepted.yaml", &keeps_microservices("2999-12-31")),
        ("b-expired.yaml", &keeps_microservices("2000-01-01")),
        ("c-fits.yaml", SMALL_FITS),
        (
            "d-close.yaml",
            "name: close\nteam_size: 4\ntraffic: spiky\ncurrent: serverless\n",
        ),
    ]);
    let r = check_small(dir.path(), &["-q", "profiles"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(lines[0].starts_with("error: profiles/b-expired.yaml:6:10: "));
    assert!(lines[1].starts_with("warning: profiles/d-close.yaml:4:1: close: close call"));
    assert_eq!(lines[2], "");
    assert_eq!(
        lines[3],
        "4 profiles checked: 1 fit, 1 close call, 1 misfit, 1 accepted, 0 invalid"
    );

    let r = check_small(dir.path(), &["--quiet", "--format", "json", "profiles"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .contains("`--quiet` applies to `--format text` only"));
    assert_eq!(r.stdout, "");
}

/// A profile whose open answers leave its fit undecided is counted in every summary, not left
/// out of the total. On the small fixture pack 5 or 30 engineers split the answer between
/// monolith and microservices.
#[test]
fn a_profile_that_fits_only_partly_is_counted_in_every_summary() {
    let dir = fixture(&[
        ("fits.yaml", "name: a\nteam_size: 5\ncurrent: monolith\n"),
        (
            "open.yaml",
            "name: b\nteam_size: [5, 30]\ncurrent: monolith\n",
        ),
    ]);
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/small");
    let summary = |format: &str| {
        let r = run(archfit()
            .current_dir(dir.path())
            .arg("--rules")
            .arg(&pack)
            .args(["check", "--format", format, "profiles"]));
        assert_eq!(r.code, 0, "{format}: {}{}", r.stdout, r.stderr);
        r.stdout
    };
    let text = summary("text");
    assert!(
        text.contains(
            "2 profiles checked: 1 fit, 0 close calls, 0 misfits, 1 unsettled, 0 invalid"
        ),
        "{text}"
    );
    let github = summary("github");
    assert!(
        github.contains(
            "2 profiles checked: 1 fit, 0 close calls, 0 misfits, 1 unsettled, 0 invalid"
        ),
        "{github}"
    );
    let junit = summary("junit");
    assert!(junit.contains("tests=\"2\" failures=\"0\""), "{junit}");
    let html = summary("html");
    assert!(html.contains("<title>archfit check: 2 profiles"), "{html}");
}
