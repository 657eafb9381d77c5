//! End-to-end tests of `archfit recommend` on the built binary: exit codes, messages, formats.

mod support;

use predicates::prelude::*;
use support::{archfit, write, VALID};

/// Runs `recommend` on one file holding `text` and returns (exit code, stderr).
fn recommend_text(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "p.yaml", text);
    let out = archfit()
        .arg("recommend")
        .arg(&path)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_valid_profile_gets_a_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "shop.yaml", VALID);
    archfit()
        .arg("recommend")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Recommendation: monolith"))
        .stdout(predicate::str::contains("Why monolith"))
        .stdout(predicate::str::contains("Assumed"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn bad_profiles_are_exit_2_with_file_line_column_and_a_fix() {
    let table: &[(&str, &str)] = &[
        ("team_szie: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n", "p.yaml:1:1: unknown field `team_szie` (did you mean `team_size`?)"),
        ("team_size: eight\nscaling: uniform\ntraffic: steady\ndevops: limited\n", "p.yaml:1:12: `team_size` must be an integer"),
        ("team_size: \"8\"\nscaling: uniform\ntraffic: steady\ndevops: limited\n", "write it without quotes"),
        ("team_size: 0\nscaling: uniform\ntraffic: steady\ndevops: limited\n", "p.yaml:1:12: `team_size` must be between 1 and 100000, found 0"),
        ("team_size: 4\nteams: 5\nscaling: uniform\ntraffic: steady\ndevops: limited\n", "p.yaml:2:8: `teams` (5) cannot be more than `team_size` (4)"),
        ("team_size: 4\nscaling: uniform\ntraffic: bursty\ndevops: limited\n", "p.yaml:3:10: `bursty` is not a valid value for `traffic` (did you mean `spiky`?"),
        ("team_size: 4\nscaling: uniform\ndevops: limited\n", "p.yaml:1:1: missing required field `traffic`"),
        ("team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\nhigh_availability: yes\n", "write `true`"),
        ("team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncurrent: monolit\n", "did you mean `monolith`?"),
        ("", "p.yaml: the file is empty"),
        ("# nothing but a comment\n", "the file is empty"),
        ("team_size: [4\nscaling: uniform\n", "p.yaml:2:8: invalid YAML"),
        ("- 1\n- 2\n", "a profile must be a mapping"),
        ("team_size: 4\nteam_size: 5\n", "p.yaml:2:1: duplicate key `team_size` (first given at line 1)"),
        (
            "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    team_size: 3\n",
            "p.yaml:7:5: `team_size` applies to the whole system and cannot be set per component",
        ),
        (
            "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    traffic: spiky\n  - name: a\n    traffic: variable\n",
            "p.yaml:8:5: duplicate component name `a`",
        ),
        (
            "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - traffic: spiky\n",
            "a component needs a `name`",
        ),
    ];
    for (text, expected) in table {
        let (code, stderr) = recommend_text(text);
        assert_eq!(code, 2, "{text:?} should be invalid; stderr: {stderr}");
        assert!(
            stderr.contains(expected),
            "for {text:?}\nexpected: {expected}\n     got: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn every_problem_in_a_profile_is_reported_at_once() {
    let (code, stderr) =
        recommend_text("team_szie: 4\nscaling: uniformm\ntraffic: bursty\ndevops: limited\n");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("p.yaml:1:1: unknown field `team_szie`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("p.yaml:2:10: `uniformm` is not a valid value for `scaling`"),
        "{stderr}"
    );
    assert!(stderr.contains("p.yaml:3:10: `bursty`"), "{stderr}");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bin.yaml", b"team_size: 4\nname: \xff\xfe\n");
    archfit()
        .arg("recommend")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bin.yaml:2:7: not valid UTF-8"));
}

#[test]
fn one_invalid_profile_among_many_is_reported_and_the_others_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-good.yaml", VALID);
    write(dir.path(), "b-bad.yaml", "team_szie: 4\n");
    write(dir.path(), "c-good.yml", VALID);
    write(dir.path(), "notes.txt", "not a profile");
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is JSON even with errors");
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a-good", "c-good"], "sorted, the bad one skipped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b-bad.yaml:1:1: unknown field `team_szie`"),
        "{stderr}"
    );
}

#[test]
fn json_is_an_array_with_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "acme.yaml",
        "name: acme-shop\ncurrent: microservices\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: none\n",
    );
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = &json[0];
    for key in [
        "profile",
        "source",
        "recommendation",
        "ranking",
        "reasons",
        "assumed",
        "components",
        "what_if",
        "current",
        "fit",
        "schema_version",
        "pack",
    ] {
        assert!(obj.get(key).is_some(), "missing {key}");
    }
    assert_eq!(obj["profile"], "acme-shop");
    assert_eq!(obj["source"], path.display().to_string());
    assert_eq!(obj["ranking"].as_array().unwrap().len(), 5);
    assert_eq!(obj["current"], "microservices");
    assert_eq!(obj["fit"], "mismatch");
    assert_eq!(obj["schema_version"], 2);
    assert_eq!(obj["pack"]["name"], "archfit-default");
    assert_eq!(obj["pack"]["sha256"].as_str().unwrap().len(), 64);
    let reason = &obj["reasons"][0];
    for key in ["rule", "pattern", "effect", "because", "source"] {
        assert!(reason.get(key).is_some(), "reason lacks {key}");
    }
    assert!(obj["assumed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "stage"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    archfit()
        .args(["recommend", "--format", "json", "-"])
        .write_stdin(VALID)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"source\": \"<stdin>\""))
        .stdout(predicate::str::contains("\"profile\": \"stdin\""));
}

#[test]
fn multi_document_streams_give_one_result_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "two.yaml", format!("{VALID}---\n{VALID}"));
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["profile"], "two#2");
}

#[test]
fn missing_paths_and_empty_directories_are_exit_2() {
    archfit()
        .args(["recommend", "does/not/exist.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does/not/exist.yaml: no such file or directory",
        ));
    let dir = tempfile::tempdir().unwrap();
    archfit()
        .arg("recommend")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no *.yaml or *.yml files"));
}

#[test]
fn bad_flags_are_exit_2() {
    archfit()
        .args(["recommend", "--format", "xml", "x.yaml"])
        .assert()
        .code(2);
    archfit().args(["recommend"]).assert().code(2);
    archfit().arg("--help").assert().success();
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    archfit()
        .args(["recommend", "--color", "always", "-"])
        .write_stdin(VALID)
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn explain_lists_every_rule_that_fired() {
    archfit()
        .args(["recommend", "--explain", "-"])
        .write_stdin(VALID)
        .assert()
        .success()
        .stdout(predicate::str::contains("Every rule that fired"))
        .stdout(predicate::str::contains("team_size < 10"));
}

#[test]
fn an_invalid_rules_dir_is_exit_2_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    archfit()
        .arg("--rules")
        .arg(dir.path())
        .args(["recommend", "-"])
        .write_stdin(VALID)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no pack.yaml"));
}

#[test]
fn a_rule_pack_directory_given_as_profiles_points_to_rules() {
    archfit()
        .args(["recommend", "examples/custom-pack"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "examples/custom-pack: this directory is a rule pack, not a set of profiles (to use it, pass `--rules examples/custom-pack`)",
        ));
}
