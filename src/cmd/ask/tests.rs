//! `archfit ask` sessions driven by a scripted prompter: saving, replacing, cancelling, --from.

use super::*;
use crate::ask::script::{Script, Step};
use crate::ask::Reply;
use crate::cmd::ReportFormat as Format;
use crate::test_support::default_pack;
use std::path::Path;

const PROFILE: &str =
    "name: shop\nteam_size: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

fn args(save: Option<&Path>, from: Option<&Path>, format: Format) -> Config {
    Config {
        rules: None,
        save: save.map(Path::to_path_buf),
        from: from.map(Path::to_path_buf),
        format,
        style: Style::default(),
        prompt_color: false,
        date: "2026-03-14".to_string(),
        // These sessions script every question in catalog order.
        all: true,
    }
}

/// Runs a session; returns (exit, stdout, stderr), the error printed as the process would.
fn run(args: &Config, script: &mut Script) -> (Exit, String, String) {
    run_with(&default_pack(), args, script)
}

/// [`run`] with another pack.
fn run_with(pack: &RulePack, args: &Config, script: &mut Script) -> (Exit, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = session(pack, args, &mut out, &mut err, script);
    let exit = crate::cmd::conclude(result, &mut err);
    (
        exit,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// A script that keeps every answer of a `--from` profile: Enter to every question.
fn enter_everywhere() -> Script {
    let mut s = Script::new([]);
    s.then_enter = true;
    s
}

#[test]
fn a_save_path_in_a_missing_directory_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nope").join("p.yaml");
    let mut s = enter_everywhere();
    let (exit, out, err) = run(&args(Some(&target), None, Format::Text), &mut s);
    assert_eq!(exit, Exit::Invalid);
    assert!(out.is_empty());
    assert!(err.contains("does not exist (create it first)"), "{err}");
    assert!(s.asked.is_empty());
}

#[test]
fn an_invalid_from_profile_is_reported_with_its_position_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, "team_size: 6\ntrafic: steady\n").unwrap();
    let mut s = enter_everywhere();
    let (exit, _, err) = run(&args(None, Some(&from), Format::Text), &mut s);
    assert_eq!(exit, Exit::Invalid);
    assert!(
        err.contains("old.yaml:2:1: unknown field `trafic` (did you mean `traffic`?)"),
        "{err}"
    );
    assert!(s.asked.is_empty());
}

#[test]
fn saving_writes_the_commented_profile_and_json_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, PROFILE).unwrap();
    let target = dir.path().join("new.yaml");
    let (exit, out, err) = run(
        &args(Some(&target), Some(&from), Format::Json),
        &mut enter_everywhere(),
    );
    assert_eq!(exit, Exit::Success, "{err}");
    let saved = std::fs::read_to_string(&target).unwrap();
    let pack = default_pack();
    let again = crate::profile::parse_stream(&saved, "x", "x", &pack)
        .remove(0)
        .unwrap();
    assert_eq!(saved, profile::write::write(&again, &pack));
    assert!(
        saved.contains("\nteam_size: 6\n") && saved.contains("\n# teams: 1\n"),
        "{saved}"
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["profile"], "shop");
    assert_eq!(json[0]["source"], target.display().to_string());
    assert_eq!(json[0]["recommendation"], "monolith");
    assert!(err.contains("Saved the answers to"), "{err}");
}

#[test]
fn cancelling_at_the_replace_question_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(&path, PROFILE).unwrap();
    let mut s = Script::new([]);
    s.then_enter = false;
    // Everything kept, then Esc at "already exists. Replace it?".
    let questions = 1 + default_pack().catalog.len() + 2;
    s.steps = std::iter::repeat_n(Step::Enter, questions)
        .chain([Step::Stop(Stop::Cancelled)])
        .collect();
    let (exit, out, err) = run(&args(Some(&path), Some(&path), Format::Text), &mut s);
    assert_eq!(exit, Exit::Interrupted);
    assert!(out.is_empty());
    assert_eq!(err, "archfit ask: cancelled; nothing was saved\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PROFILE);
    assert!(s
        .messages()
        .last()
        .unwrap()
        .ends_with("already exists. Replace it with these answers?"));
}

#[test]
fn declining_to_replace_offers_another_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(&path, PROFILE).unwrap();
    let other = dir.path().join("q.yaml");
    let questions = 1 + default_pack().catalog.len() + 2;
    let mut s = Script::new(std::iter::repeat_n(Step::Enter, questions).chain([
        Step::Bool(Reply::Typed(false)),
        Step::Text(path.display().to_string()), // exists too: asked again
        Step::Text(other.display().to_string()),
    ]));
    let (exit, _, err) = run(&args(Some(&path), Some(&path), Format::Text), &mut s);
    assert_eq!(exit, Exit::Success, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PROFILE);
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .contains("\nteam_size: 6\n"));
    assert!(
        s.notes.iter().any(|n| n.ends_with("p.yaml exists too.")),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_from_file_with_several_profiles_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("two.yaml");
    std::fs::write(&from, format!("{PROFILE}---\n{PROFILE}")).unwrap();
    let (exit, _, err) = run(
        &args(None, Some(&from), Format::Text),
        &mut enter_everywhere(),
    );
    assert_eq!(exit, Exit::Invalid);
    assert!(err.contains("holds 2 profiles"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_new_profile_gets_the_mode_of_any_new_file_not_the_temp_files_0600() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, PROFILE).unwrap();
    let target = dir.path().join("new.yaml");
    run(
        &args(Some(&target), Some(&from), Format::Text),
        &mut enter_everywhere(),
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // `from` was made by std::fs::write: 0666 less the umask, like any new file.
    assert_eq!(format!("{:o}", mode(&target)), format!("{:o}", mode(&from)));
}

#[test]
fn markdown_output_is_the_decision_record_with_the_given_date() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, PROFILE).unwrap();
    let (exit, out, err) = run(
        &args(None, Some(&from), Format::Markdown),
        &mut enter_everywhere(),
    );
    assert_eq!(exit, Exit::Success, "{err}");
    assert!(out.starts_with("# Architecture for shop"), "{out}");
    assert!(out.contains("2026-03-14"), "{out}");
    assert!(out.contains("## Decision"), "{out}");
}

/// The saved file and the report written out by hand for the small fixture pack, so a wrong
/// file fails even when writing and reading agree with each other (the test above compares
/// the file with what the writer itself makes of it). Enter everywhere keeps what `--from`
/// gave, the component included; what it left out stays assumed, commented out.
#[test]
fn the_saved_profile_and_the_report_are_what_a_person_expects() {
    let pack = crate::test_support::small_pack();
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(
        &from,
        "name: shop\nteam_size: 6\ntraffic: spiky\ncomponents:\n  - name: batch\n    long_running: true\n",
    )
    .unwrap();
    let target = dir.path().join("new.yaml");
    let (exit, out, err) = run_with(
        &pack,
        &args(Some(&target), Some(&from), Format::Json),
        &mut enter_everywhere(),
    );
    assert_eq!(exit, Exit::Success, "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "\
# archfit profile, written by `archfit ask` (rule pack small 1).
# Check it with `archfit recommend FILE`. A field written as a comment was not answered:
# archfit assumes the value shown and lists it as assumed. Uncomment it to state it.

name: shop

# q (1 to 1000)
team_size: 6

# q (1 to 100, at most team_size)
# teams: 1

# q (steady | variable | spiky)
traffic: spiky

# q (true | false)
# long_running: false

# Which architecture does the system use today? `archfit check` compares it with the
# recommendation. (monolith | serverless | microservices | hybrid)
# current: (not given)

# Parts of the system whose needs differ from the rest: each sets only the fields that differ.
components:
  - name: batch
    # q (true | false)
    long_running: true
"
    );
    // 6 engineers give monolith 3, spiky traffic serverless 4: the system's core is
    // serverless. Long jobs veto serverless for `batch`, which gets monolith: so hybrid.
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["recommendation"], "hybrid");
    assert_eq!(json[0]["core"], "serverless");
    assert_eq!(json[0]["components"][0]["name"], "batch");
    assert_eq!(json[0]["components"][0]["recommendation"], "monolith");
    assert_eq!(
        json[0]["assumed"],
        serde_json::json!(["teams", "long_running"])
    );
}

/// `ask --explain` ends its report with the table of every rule that fired, as `recommend
/// --explain` does; without it there is no table. Written by hand from the small fixture pack:
/// 5 engineers fire `m.small`, spiky traffic `s.spiky`.
#[test]
fn explain_lists_every_rule_that_fired_after_the_answers() {
    let pack = crate::test_support::small_pack();
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, "name: p\nteam_size: 5\ntraffic: spiky\n").unwrap();
    let mut config = args(None, Some(&from), Format::Text);
    let (exit, plain, err) = run_with(&pack, &config, &mut enter_everywhere());
    assert_eq!(exit, Exit::Success, "{err}");
    assert!(!plain.contains("Every rule that fired"), "{plain}");
    config.style.explain = true;
    // Wide enough for the table's every column.
    config.style.width = 120;
    let (exit, out, err) = run_with(&pack, &config, &mut enter_everywhere());
    assert_eq!(exit, Exit::Success, "{err}");
    assert!(
        out.ends_with(
            "\
Every rule that fired
┌─────────┬────────────┬────────┬──────────────────┐
│ rule    ┆ pattern    ┆ effect ┆ when             │
╞═════════╪════════════╪════════╪══════════════════╡
│ m.small ┆ monolith   ┆ +3.0   ┆ team_size < 10   │
│ s.spiky ┆ serverless ┆ +4.0   ┆ traffic is spiky │
└─────────┴────────────┴────────┴──────────────────┘
"
        ),
        "{out}"
    );
    // The same report, with more in it: the same first lines, every reason.
    let head: Vec<&str> = plain.lines().take(2).collect();
    assert!(out.starts_with(&head.join("\n")), "{plain}\n---\n{out}");
    assert!(out.len() > plain.len(), "{plain}\n---\n{out}");
}

#[test]
fn html_shows_the_answers_as_one_whole_page() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("old.yaml");
    std::fs::write(&from, PROFILE).unwrap();
    let (exit, out, err) = run(
        &args(None, Some(&from), Format::Html),
        &mut enter_everywhere(),
    );
    assert_eq!(exit, Exit::Success, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert!(out.trim_end().ends_with("</html>"), "{out}");
    assert_eq!(out.matches("<article class=\"profile\">").count(), 1);
    assert!(out.contains("<h2>shop</h2>"), "{out}");
}
