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
    assert_eq!(obj["schema_version"], 3);
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

/// The report names three single changes that would flip the answer and counts the rest, in
/// the singular when one is left (the hybrid integration example has four in all).
#[test]
fn the_single_changes_left_out_are_counted_in_words_that_agree() {
    for (example, rest) in [
        (
            "examples/hybrid-integration.yaml",
            "and 1 more single change (",
        ),
        ("examples/serverless-api.yaml", "more single changes ("),
    ] {
        let r = support::run(archfit().args(["recommend", example]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains(rest), "{example}\n{}", r.stdout);
    }
}

#[test]
fn an_alternative_nothing_counts_against_is_given_the_rule_that_beats_it() {
    // The small fixture pack: 30 engineers in 3 teams give microservices 4 + 1 and the monolith
    // nothing, for or against. Its entry names what decides: microservices' largest gain.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.yaml", "team_size: 30\nteams: 3\n");
    let report = |format: &str, explain: bool| {
        let mut cmd = archfit();
        cmd.args([
            "--rules",
            "tests/fixtures/packs/small",
            "recommend",
            "--format",
            format,
        ]);
        if explain {
            cmd.arg("--explain");
        }
        let r = support::run(cmd.arg(&path));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let text = report("text", false);
    assert!(
        text.contains("Why not monolith (5.0 points behind): x.big +4.0"),
        "{text}"
    );
    // Its lines joined again, as it is filled to the width.
    let text = report("text", true)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(
            "monolith (5.0 points behind): nothing counts against it, but microservices has more in its favour, above all: b [s]"
        ),
        "{text}"
    );
    let md = report("markdown", false);
    assert!(
        md.contains("nothing counts against it, but **microservices** has more in its favour, above all: b (+4.0; s)"),
        "{md}"
    );
    let html = report("html", false);
    assert!(html.contains("above all: b "), "{html}");
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

// ---- messages a user meets, options where they apply, version, help, colour, man page ----

/// Standard error's `error:` lines, from the file name `p.yaml` on (the directory is temporary).
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(|l| l.find("p.yaml").map_or(l, |at| &l[at..]))
        .collect()
}

#[test]
fn a_misspelled_required_field_is_one_error_with_its_suggestion() {
    let (code, stderr) =
        recommend_text("team_szie: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n");
    assert_eq!(code, 2);
    assert_eq!(
        error_lines(&stderr),
        ["p.yaml:1:1: unknown field `team_szie` (did you mean `team_size`?)"],
        "{stderr}"
    );
    // A required field that is simply absent is still reported.
    let (_, stderr) = recommend_text("team_szie: 6\nscaling: uniform\ndevops: limited\n");
    assert_eq!(error_lines(&stderr).len(), 2, "{stderr}");
    assert!(stderr.contains("missing required field `traffic`"));
}

#[test]
fn teams_above_team_size_is_one_error_however_many_components() {
    let (code, stderr) = recommend_text(
        "team_size: 4\nteams: 5\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    traffic: spiky\n  - name: b\n    traffic: variable\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        error_lines(&stderr),
        ["p.yaml:2:8: `teams` (5) cannot be more than `team_size` (4) (lower `teams` or raise `team_size`)"],
        "{stderr}"
    );
}

#[test]
fn a_component_field_equal_to_the_system_value_is_not_an_override() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.yaml",
        "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    traffic: steady\n    workload: event-driven\n",
    );
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json[0]["components"][0]["overrides"],
        serde_json::json!({"workload": "event-driven"})
    );
    let out = archfit()
        .args(["recommend", "--format", "markdown", "--date", "2026-01-01"])
        .arg(&path)
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    let row = md
        .lines()
        .find(|l| l.starts_with("| a |"))
        .expect("a row for a");
    assert!(
        row.contains("`workload: event-driven`") && !row.contains("traffic"),
        "{row}"
    );
}

#[test]
fn options_that_do_nothing_for_a_command_are_refused_with_the_reason() {
    let refused: &[(&[&str], &str)] = &[
        (
            &["--color", "never", "schema"],
            "`--color` does nothing for `archfit schema`",
        ),
        (
            &["--color", "always", "completions", "bash"],
            "`--color` does nothing for `archfit completions`",
        ),
        (
            &["--rules", "rules", "completions", "bash"],
            "`--rules` does nothing for `archfit completions`",
        ),
        (
            &["--rules", "rules", "man"],
            "`--rules` does nothing for `archfit man`",
        ),
        (
            &["--rules", "examples/custom-pack", "rules", "lint", "rules"],
            "`archfit rules lint` was given a pack twice",
        ),
        (
            &["rules", "lint", "rules", "--rules", "examples/custom-pack"],
            "the argument '[DIR]' cannot be used with '--rules <DIR>'",
        ),
        // Every command that reads a pack: once, before its name or after it.
        (
            &[
                "--rules",
                "/nonexistent",
                "recommend",
                "--rules",
                "examples/custom-pack",
                "examples/monolith-startup.yaml",
            ],
            "`archfit recommend` was given a pack twice",
        ),
        (
            &[
                "--rules",
                "rules",
                "rules",
                "list",
                "--rules",
                "examples/custom-pack",
            ],
            "`archfit rules list` was given a pack twice",
        ),
        (
            &[
                "--rules", "rules", "rules", "diff", "rules", "rules", "examples",
            ],
            "`--rules` does nothing for `archfit rules diff`",
        ),
        (
            &[
                "recommend",
                "--date",
                "2026-01-01",
                "examples/monolith-startup.yaml",
            ],
            "`--date` dates decision records: it applies with `--format markdown` only",
        ),
    ];
    for (args, message) in refused {
        let r = support::run(archfit().args(*args));
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    // Commands they do nothing for do not offer them.
    for command in [
        &["completions", "--help"][..],
        &["man", "--help"],
        &["rules", "diff", "--help"],
    ] {
        let r = support::run(archfit().args(command));
        assert!(
            !r.stdout.contains("--rules") && !r.stdout.contains("--color"),
            "{command:?}\n{}",
            r.stdout
        );
    }
    let r = support::run(archfit().args(["schema", "--help"]));
    assert!(
        r.stdout.contains("--rules") && !r.stdout.contains("--color"),
        "{}",
        r.stdout
    );
    // Where they apply, they work before or after the command's name.
    for args in [
        &["--rules", "examples/custom-pack", "schema"][..],
        &["schema", "--rules", "examples/custom-pack"],
        &["--rules", "examples/custom-pack", "rules", "list"],
        &["rules", "list", "--rules", "examples/custom-pack"],
        &[
            "rules",
            "show",
            "--rules",
            "examples/custom-pack",
            "serverless.avoid.hipaa",
        ],
    ] {
        let r = support::run(archfit().args(args));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("compliance") && r.stdout.contains("hipaa"),
            "{args:?}"
        );
    }
}

#[test]
fn version_names_the_built_in_rule_pack() {
    let r = support::run(archfit().arg("--version"));
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], concat!("archfit ", env!("CARGO_PKG_VERSION")));
    let pack = lines[1]
        .strip_prefix("built-in rule pack: archfit-default ")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    // The same identity every JSON report carries.
    let json = support::run(archfit().args([
        "recommend",
        "--format",
        "json",
        "examples/monolith-startup.yaml",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        pack,
        format!(
            "{} (sha256 {})",
            json[0]["pack"]["version"].as_str().unwrap(),
            json[0]["pack"]["sha256"].as_str().unwrap()
        )
    );
}

#[test]
fn help_lists_ask_first_and_every_exit_code() {
    let r = support::run(archfit().arg("--help"));
    let commands: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(commands.first(), Some(&"ask"), "{}", r.stdout);
    assert!(commands.contains(&"man"), "{commands:?}");
    let exit = r.stdout.replace('\n', " ");
    for code in [
        "0 success",
        "1 a check or test failed",
        "2 invalid input or usage",
        "130 `ask` stopped by the user",
    ] {
        assert!(exit.contains(code), "{code}: {}", r.stdout);
    }
}

#[test]
fn force_color_and_clicolor_force_colour_output_that_is_not_a_terminal() {
    let coloured = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = archfit();
        cmd.args(["recommend"])
            .args(args)
            .arg("-")
            .write_stdin(VALID);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).contains("\u{1b}[")
    };
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color", "never"]));
}

#[test]
fn man_prints_a_manual_page_or_writes_one_per_command() {
    let r = support::run(archfit().arg("man"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert!(r.stdout.contains(".TH archfit 1"), "roff title");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(r.stdout.contains(section), "{section}");
    }
    assert!(
        r.stdout.contains("archfit\\-check(1)"),
        "subcommands point to their pages"
    );
    assert!(r.stdout.contains("130"), "the exit codes are in the page");

    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let r = support::run(archfit().arg("man").arg("--dir").arg(&pages));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "archfit.1",
        "archfit-check.1",
        "archfit-ask.1",
        "archfit-rules-lint.1",
    ] {
        let text =
            std::fs::read_to_string(pages.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".SH NAME"), "{page}");
    }
    let check = std::fs::read_to_string(pages.join("archfit-check.1")).unwrap();
    assert!(
        check.contains("\\-\\-quiet"),
        "the check page has its options"
    );

    // A directory that cannot be made (a file is in the way): exit 2, saying where.
    let file = dir.path().join("taken");
    std::fs::write(&file, "").unwrap();
    let r = support::run(archfit().arg("man").arg("--dir").arg(&file));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "error: cannot write the manual pages into {}:",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn every_rule_id_a_report_cites_can_be_shown() {
    let out = archfit()
        .args([
            "recommend",
            "--format",
            "json",
            "--explain",
            "examples/hybrid-shop.yaml",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alternatives = json[0]["alternatives"].as_array().unwrap();
    let mut ids: Vec<String> = json[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json[0]["fired"].as_array().unwrap())
        .chain(alternatives.iter().map(|a| &a["reason"]))
        .filter(|r| !r.is_null())
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert!(
        ids.iter()
            .any(|i| !i.contains('.') || i.starts_with("hybrid.")),
        "{ids:?}"
    );
    for id in &ids {
        let r = support::run(archfit().args(["rules", "show", id]));
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert!(r.stdout.starts_with(&format!("{id}\n")), "{id}");
    }
    let r = support::run(archfit().args(["rules", "show", "hybrid.components-differ"]));
    assert!(r.stdout.contains("  pattern: hybrid\n"), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("defined: rules/pack.yaml, as `components_rule`"));
}
