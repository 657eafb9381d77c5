//! `archfit ask` driven end to end through a pseudo-terminal (the real binary, the real
//! `inquire` prompts). Each test makes its own PTY, so they run in CI with no terminal at all.
//!
//! Keys go only once the question's prompt is drawn and waiting for them, the terminal's size
//! is fixed before archfit starts (see [`spawn`]), every wait has a timeout so a broken prompt
//! fails instead of hanging, and the assertions look at the saved file, the exit status and
//! the final report rather than at intermediate redraws.
#![cfg(unix)]

use assert_cmd::cargo::cargo_bin;
use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const CTRL_C: &str = "\x03";

/// A session and everything it printed so far.
struct Pty {
    session: expectrl::session::OsSession,
    log: String,
}

/// Starts archfit in a new PTY of 250 columns (long questions stay on one line).
///
/// The size is set before archfit starts, by a shell that waits for the go-ahead and runs
/// `stty`: resizing a running archfit sends it SIGWINCH, and crossterm, reading keys through
/// edge-triggered epoll, can drop the readiness of a key that arrives together with that
/// signal, so the key would sit unread and the prompt wait for ever (seen under load as a
/// hang at the first question). The PTY library sets its own size once the shell has
/// started, so the shell waits for the test's line before setting the real one.
fn spawn(dir: &Path, args: &[&str]) -> Pty {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"read -r _ && stty cols 250 rows 60 && exec "$0" "$@""#)
        .arg(cargo_bin("archfit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        // The report's width, the window's below: archfit may read the size before it is set.
        .env("COLUMNS", "250");
    let mut p = Session::spawn(cmd).expect("spawn archfit in a PTY");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.send("\n").expect("start archfit");
    Pty {
        session: p,
        log: String::new(),
    }
}

/// Shows the cursor: the last thing a prompt draws before it reads keys.
const CURSOR_SHOWN: &str = "\x1b[?25h";

/// Waits for `question` and for its prompt to be drawn whole and ready for keys, then types
/// `keys`.
fn answer(p: &mut Pty, question: &str, keys: &str) {
    for (needle, what) in [(question, "the question"), (CURSOR_SHOWN, "its prompt")] {
        match p.session.expect(needle) {
            Ok(seen) => p.log.push_str(&String::from_utf8_lossy(seen.as_bytes())),
            Err(e) => panic!("waiting for {what} {question:?}: {e}\n{}", p.log),
        }
    }
    p.session.send(keys).expect("send keys");
}

/// Everything the session printed, once the program has ended, and its exit code.
fn finish(p: &mut Pty) -> (String, i32) {
    let rest = p.session.expect(Eof).expect("the program ends");
    p.log.push_str(&String::from_utf8_lossy(rest.as_bytes()));
    let text = std::mem::take(&mut p.log);
    let code = match p.session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ended by {other:?}"),
    };
    (text, code)
}

/// Answers every catalog question (the questions come from the pack, as the command's do):
/// `keys` for the fields named there, Enter for the rest.
fn answer_catalog(p: &mut Pty, keys: &[(&str, &str)]) {
    let pack = archfit::pack::embedded().unwrap();
    for field in &pack.catalog.fields {
        let k = keys
            .iter()
            .find(|(name, _)| *name == field.name)
            .map_or(ENTER, |(_, k)| *k);
        answer(p, &field.question, k);
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn answering_everything_with_a_component_saves_a_profile_recommend_agrees_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--all", "--save", "shop.yaml"]);
    answer(&mut p, "What is the project called?", ENTER); // the default: shop
    let down2 = format!("{DOWN}{DOWN}{ENTER}");
    let down1 = format!("{DOWN}{ENTER}");
    answer_catalog(
        &mut p,
        &[
            ("team_size", "8\r"),
            ("teams", "2\r"),
            ("stage", &down2),   // keep-default row, idea, mvp
            ("scaling", &down1), // pick-one row, uniform
            ("traffic", &down1),
            ("devops", &down2), // pick-one row, none, limited
            ("long_running", "y\r"),
            ("minimize_ops", "n\r"), // typed: stated even though it is the default
        ],
    );
    answer(
        &mut p,
        "Which architecture does the system use today?",
        &down1,
    );
    answer(&mut p, "different needs from the rest?", "y\r");
    answer(&mut p, "Name of component 1?", "images\r");
    // requirements, complexity, scaling, traffic, devops, workload, ...
    let pick = format!("{DOWN}{DOWN}{DOWN} {DOWN}{DOWN} {ENTER}");
    answer(&mut p, "Which answers differ for images?", &pick);
    // Starts on the first value that differs from the rest (variable); one more: spiky.
    answer(&mut p, "[images] How much does the load fluctuate?", &down1);
    answer(&mut p, "[images] What triggers most of the work?", ENTER); // event-driven
    answer(&mut p, "Add another component?", ENTER);
    let (transcript, code) = finish(&mut p);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("Saved the answers to shop.yaml."),
        "{transcript}"
    );

    let saved = std::fs::read_to_string(dir.path().join("shop.yaml")).unwrap();
    for line in [
        "# archfit profile, written by `archfit ask`",
        "name: shop\n",
        "# How many engineers work on the system? (1 to 100000)\nteam_size: 8\n",
        "teams: 2\n",
        "stage: mvp\n",
        "# requirements: stable\n",
        "scaling: uniform\n",
        "traffic: steady\n",
        "devops: limited\n",
        "# workload: request-response\n",
        "long_running: true\n",
        "# stateful: false\n",
        "minimize_ops: false\n",
        "current: monolith\n",
        "components:\n  - name: images\n",
        "    traffic: spiky\n",
        "    workload: event-driven\n",
    ] {
        assert!(saved.contains(line), "{line:?} missing from\n{saved}");
    }
    assert_eq!(files(dir.path()), ["shop.yaml"], "no temporary file left");

    let recommend = assert_cmd::Command::cargo_bin("archfit")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "250")
        .args(["recommend", "shop.yaml"])
        .output()
        .unwrap();
    assert!(recommend.status.success());
    let report = String::from_utf8(recommend.stdout).unwrap();
    assert!(report.contains("Recommendation: "));
    assert!(
        report.contains("Assumed (not in the profile, defaults used): requirements = stable"),
        "{report}"
    );
    assert!(
        !report.contains("minimize_ops = false"),
        "typed answers are not assumed"
    );
    // The terminal turns \n into \r\n; otherwise ask printed exactly what recommend prints.
    assert!(
        transcript.contains(&report.replace('\n', "\r\n")),
        "ask's report differs from recommend's:\n{transcript}\n---\n{report}"
    );
}

#[test]
fn an_existing_file_is_not_replaced_without_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let original = "# ours\nteam_size: 5\nscaling: uniform\ntraffic: steady\ndevops: limited\n";
    std::fs::write(dir.path().join("p.yaml"), original).unwrap();
    let mut p = spawn(
        dir.path(),
        &["ask", "--all", "--from", "p.yaml", "--save", "p.yaml"],
    );
    answer(&mut p, "What is the project called?", ENTER);
    answer_catalog(&mut p, &[]);
    answer(
        &mut p,
        "Which architecture does the system use today?",
        ENTER,
    );
    answer(&mut p, "different needs from the rest?", ENTER);
    answer(
        &mut p,
        "p.yaml already exists. Replace it with these answers?",
        ENTER,
    ); // default: no
    answer(&mut p, "Save to another file instead?", ENTER); // no
    let (transcript, code) = finish(&mut p);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("Not saved: p.yaml was left as it was."),
        "{transcript}"
    );
    assert!(
        transcript.contains("Recommendation: "),
        "the answers still get their report"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.yaml")).unwrap(),
        original
    );
    assert_eq!(files(dir.path()), ["p.yaml"]);
}

#[test]
fn a_confirmed_replacement_rewrites_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let original = "team_size: 5\nscaling: uniform\ntraffic: steady\ndevops: limited\n";
    std::fs::write(dir.path().join("p.yaml"), original).unwrap();
    let mut p = spawn(
        dir.path(),
        &["ask", "--all", "--from", "p.yaml", "--save", "p.yaml"],
    );
    answer(&mut p, "What is the project called?", ENTER);
    answer_catalog(&mut p, &[("team_size", "7\r")]); // the input starts empty, the default 5 aside
    answer(
        &mut p,
        "Which architecture does the system use today?",
        ENTER,
    );
    answer(&mut p, "different needs from the rest?", ENTER);
    answer(
        &mut p,
        "p.yaml already exists. Replace it with these answers?",
        "y\r",
    );
    let (transcript, code) = finish(&mut p);
    assert_eq!(code, 0, "{transcript}");
    let saved = std::fs::read_to_string(dir.path().join("p.yaml")).unwrap();
    assert!(saved.contains("\nteam_size: 7\n"), "{saved}");
    assert!(saved.contains("\nname: p\n"), "{saved}");
    assert_eq!(files(dir.path()), ["p.yaml"]);
}

/// Ctrl-C stops wherever it is pressed (Esc goes back a question: `tests/ask_adaptive_pty.rs`).
#[test]
fn ctrl_c_mid_way_stops_with_130_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--all", "--save", "new.yaml"]);
    answer(&mut p, "What is the project called?", ENTER);
    answer(&mut p, "How many engineers work on the system?", "8\r");
    answer(&mut p, "How many teams", ENTER);
    answer(&mut p, "What stage is the product at?", CTRL_C);
    let (transcript, code) = finish(&mut p);
    assert_eq!(code, 130, "{transcript}");
    assert!(
        transcript.contains("archfit ask: cancelled; nothing was saved"),
        "{transcript}"
    );
    assert!(!transcript.contains("panicked"), "{transcript}");
    assert!(
        files(dir.path()).is_empty(),
        "Ctrl-C left {:?}",
        files(dir.path())
    );
}
