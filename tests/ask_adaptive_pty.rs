//! The adaptive `archfit ask` through a pseudo-terminal: the most decisive question first, a
//! stop as soon as nothing left could change the answer, "not sure" and ranges as answers, and
//! Esc going back one question. The questions come in an order the answers decide, so a session
//! here answers whichever known question appears next rather than following a fixed list.
//!
//! Keys go only once a question's prompt is drawn and waiting (the cursor shown is the last
//! thing a prompt draws), and every wait has a timeout so a broken prompt fails, not hangs.
#![cfg(unix)]

use assert_cmd::cargo::cargo_bin;
use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Regex, Session};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
/// Shows the cursor: the last thing a prompt draws before it reads keys.
const CURSOR_SHOWN: &str = "\x1b[?25h";

struct Pty {
    session: expectrl::session::OsSession,
    log: String,
}

/// archfit in a new PTY of 250 columns, its size set by a shell before archfit starts (a
/// resize of a running prompt can lose a key that arrives with the signal).
fn spawn(dir: &Path, args: &[&str]) -> Pty {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"read -r _ && stty cols 250 rows 60 && exec "$0" "$@""#)
        .arg(cargo_bin("archfit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("COLUMNS");
    let mut p = Session::spawn(cmd).expect("spawn archfit in a PTY");
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p.send("\n").expect("start archfit");
    Pty {
        session: p,
        log: String::new(),
    }
}

impl Pty {
    /// Waits for `needle` (a regular expression); what was printed up to it goes to the log.
    fn wait(&mut self, needle: &str) -> String {
        match self.session.expect(Regex(needle)) {
            Ok(seen) => {
                self.log.push_str(&String::from_utf8_lossy(seen.before()));
                let found = seen.get(0).map(String::from_utf8_lossy).unwrap_or_default();
                self.log.push_str(&found);
                found.into_owned()
            }
            Err(e) => panic!("waiting for {needle:?}: {e}\n{}", self.log),
        }
    }

    /// Waits for `question` and its prompt, then types `keys`.
    fn answer(&mut self, question: &str, keys: &str) {
        self.wait(&regex_escape(question));
        self.wait(&regex_escape(CURSOR_SHOWN));
        self.session.send(keys).expect("send keys");
    }

    /// Answers the questions as they come, from `answers` (question text, keys), until
    /// `end` appears; returns the questions asked, in order.
    fn answer_as_asked(&mut self, answers: &[(String, String)], end: &str) -> Vec<String> {
        let mut asked = Vec::new();
        loop {
            let pending: Vec<String> = answers
                .iter()
                .filter(|(q, _)| !asked.iter().any(|a| a == q))
                .map(|(q, _)| regex_escape(q))
                .chain([regex_escape(end)])
                .collect();
            let found = self.wait(&format!("(?:{})", pending.join("|")));
            if found == end {
                return asked;
            }
            let Some((question, keys)) = answers.iter().find(|(q, _)| *q == found) else {
                panic!("not a question of this session: {found}\n{}", self.log);
            };
            self.wait(&regex_escape(CURSOR_SHOWN));
            self.session.send(keys).expect("send keys");
            asked.push(question.to_string());
        }
    }

    /// Everything printed, once the program has ended, and its exit code.
    fn finish(mut self) -> (String, i32) {
        let rest = self.session.expect(Eof).expect("the program ends");
        self.log.push_str(&String::from_utf8_lossy(rest.as_bytes()));
        let code = match self.session.get_process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("ended by {other:?}"),
        };
        (self.log, code)
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// The keys that pick `value` of an enum question at the system's level: the first row keeps
/// the default (or asks to pick one), then the values in catalog order, then "(not sure)".
fn pick(field: &str, value: &str) -> String {
    let pack = archfit::pack::embedded().unwrap();
    let field = pack
        .catalog
        .fields
        .iter()
        .find(|f| *f.name == *field)
        .unwrap();
    let archfit::pack::Kind::Enum { values } = &field.kind else {
        panic!("{} is not a list question", field.name);
    };
    let values: Vec<String> = values.iter().map(|v| v.value.to_string()).collect();
    let row = if value == "not sure" {
        values.len() + 1
    } else {
        1 + values.iter().position(|v| v == value).unwrap()
    };
    format!("{}{ENTER}", DOWN.repeat(row))
}

fn question(field: &str) -> String {
    let pack = archfit::pack::embedded().unwrap();
    let field = pack
        .catalog
        .fields
        .iter()
        .find(|f| *f.name == *field)
        .unwrap();
    field.question.to_string()
}

fn recommend(dir: &Path, file: &str) -> String {
    let out = assert_cmd::Command::cargo_bin("archfit")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["recommend", "--format", "json", file])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The keys of a small team not sure how spiky its traffic will be, with `team_size` keys.
fn corner_shop(team_size: &str) -> Vec<(String, String)> {
    vec![
        (question("team_size"), format!("{team_size}\r")),
        (question("teams"), "2\r".to_string()),
        (question("scaling"), pick("scaling", "uniform")),
        (question("traffic"), pick("traffic", "steady")),
        (question("devops"), pick("devops", "limited")),
        (question("workload"), pick("workload", "request-response")),
        (question("coupling"), pick("coupling", "tight")),
        (question("strong_consistency"), "y\r".to_string()),
        (question("independent_deploys"), "n\r".to_string()),
        (question("high_availability"), "?\r".to_string()),
        (question("long_running"), "n\r".to_string()),
        (question("minimize_ops"), "y\r".to_string()),
        (question("stage"), ENTER.to_string()),
        (question("requirements"), ENTER.to_string()),
        (question("complexity"), ENTER.to_string()),
        (question("multiple_stacks"), "n\r".to_string()),
        (question("stateful"), "n\r".to_string()),
        (question("latency_sensitive"), "n\r".to_string()),
        (question("avoid_lock_in"), "n\r".to_string()),
        (
            "Which architecture does the system use today?".to_string(),
            ENTER.to_string(),
        ),
        (
            "Does some part of the system have different needs from the rest?".to_string(),
            ENTER.to_string(),
        ),
    ]
}

/// The session the README shows: it stops early, prints the README's transcript, and saves a
/// file that gives the same answer.
#[test]
fn an_adaptive_session_stops_early_and_its_saved_file_gives_the_same_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save", "corner-shop.yaml"]);
    p.answer("What is the project called?", "corner-shop\r");
    let asked = p.answer_as_asked(&corner_shop("6"), "Saved the answers to corner-shop.yaml.");
    let (transcript, code) = p.finish();
    assert_eq!(code, 0, "{transcript}");
    let pack = archfit::pack::embedded().unwrap();
    let fields = asked
        .iter()
        .filter(|q| pack.catalog.fields.iter().any(|f| *f.question == ***q))
        .count();
    assert!(
        fields < pack.catalog.len(),
        "asked {fields} questions about the project: {asked:?}\n{transcript}"
    );
    assert!(
        transcript.contains("Nothing else you could answer changes the answer"),
        "the session says why it stopped:\n{transcript}"
    );

    // The saved file holds the range and the "not sure" answers, and gives the same report.
    let saved = std::fs::read_to_string(dir.path().join("corner-shop.yaml")).unwrap();
    for field in &pack.catalog.fields {
        if field.required && !asked.iter().any(|q| *q == *field.question) {
            let line = format!("\n{}: unknown", field.name);
            assert!(saved.contains(&line), "{} not asked:\n{saved}", field.name);
        }
    }
    let from_file = recommend(dir.path(), "corner-shop.yaml");
    let json: serde_json::Value = serde_json::from_str(&from_file).unwrap();
    let report = &json[0];
    let recommendation = report["recommendation"].as_str().unwrap();
    assert!(
        transcript.contains(&format!("Recommendation: {recommendation}")),
        "recommend on the saved file says {recommendation}:\n{transcript}"
    );
    // The whole text report too, line by line (certainty included).
    let text = assert_cmd::Command::cargo_bin("archfit")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "250")
        .args(["recommend", "corner-shop.yaml"])
        .output()
        .unwrap();
    for line in String::from_utf8(text.stdout).unwrap().lines() {
        assert!(
            transcript.contains(line),
            "recommend's line {line:?} is not in the session:\n{transcript}"
        );
    }
    if report["settled"] == serde_json::Value::Bool(false) {
        assert!(transcript.contains("How sure is this?"), "{transcript}");
    }

    // The README's transcript is this session: each of its lines is among what a person
    // sees, each prompt's last drawing without the terminal's control codes.
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "$ archfit ask --save corner-shop.yaml\n";
    let start = readme.find(marker).expect("README shows a session") + marker.len();
    let end = start + readme[start..].find("```").unwrap();
    let seen = strip_controls(&transcript);
    for line in readme[start..end]
        .lines()
        .filter(|l| *l != "…" && !l.is_empty())
    {
        assert!(
            seen.contains(line),
            "README line {line:?} is not in the session:\n{seen}"
        );
    }
}

#[test]
fn esc_goes_back_one_question_with_its_answer_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--all", "--save", "back.yaml"]);
    p.answer("What is the project called?", "back\r");
    p.answer(&question("team_size"), "8\r");
    p.answer(&question("teams"), "2\r");
    // Esc at the stage question: back at the number of teams, 2 already typed in.
    p.answer(&question("stage"), ESC);
    p.answer(&question("teams"), ENTER);
    p.answer(&question("stage"), ENTER);
    let rest: Vec<(String, String)> = corner_shop("8")
        .into_iter()
        .filter(|(q, _)| ![question("team_size"), question("teams"), question("stage")].contains(q))
        .collect();
    p.answer_as_asked(&rest, "Saved the answers to back.yaml.");
    let (transcript, code) = p.finish();
    assert_eq!(code, 0, "{transcript}");
    let saved = std::fs::read_to_string(dir.path().join("back.yaml")).unwrap();
    assert!(saved.contains("team_size: 8\n"), "{saved}");
    assert!(
        saved.contains("teams: 2\n"),
        "the answer kept going back:\n{saved}"
    );
    assert!(
        transcript.matches(&question("teams")).count() >= 2,
        "the teams question asked again:\n{transcript}"
    );
}

#[test]
fn esc_at_the_first_question_stops_with_130() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save", "new.yaml"]);
    p.answer("What is the project called?", ESC);
    let (transcript, code) = p.finish();
    assert_eq!(code, 130, "{transcript}");
    assert!(transcript.contains("nothing was saved"), "{transcript}");
    assert!(!dir.path().join("new.yaml").exists());
}

/// `text` without ANSI control sequences and carriage returns.
fn strip_controls(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    // Parameters, then one final letter (or `~`).
                    for d in chars.by_ref() {
                        if d.is_ascii_alphabetic() || d == '~' {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}
