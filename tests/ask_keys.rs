//! The keys `archfit ask` says edit a typed answer do so, on a real pseudo-terminal: the intro
//! names them (the prompts have no shell keys such as Ctrl-U), and an answer typed with them
//! comes out as edited.
#![cfg(unix)]

use assert_cmd::cargo::cargo_bin;
use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};
use std::process::Command;
use std::time::Duration;

const HOME: &str = "\x1b[H";
const END: &str = "\x1b[F";
const LEFT: &str = "\x1b[D";
const RIGHT: &str = "\x1b[C";
const CTRL_LEFT: &str = "\x1b[1;5D";
const DELETE: &str = "\x1b[3~";
const CTRL_DELETE: &str = "\x1b[3;5~";
const BACKSPACE: &str = "\x7f";
const CTRL_C: &str = "\x03";

#[test]
fn the_intro_names_the_editing_keys_and_they_edit_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(cargo_bin("archfit"));
    cmd.args(["ask", "--all", "--save", "k.yaml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).expect("spawn archfit in a PTY");
    p.get_process_mut().set_window_size(200, 50).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut log = String::new();
    let mut wait = |p: &mut expectrl::session::OsSession, what: &str| match p.expect(what) {
        Ok(seen) => log.push_str(&String::from_utf8_lossy(seen.as_bytes())),
        Err(e) => panic!("waiting for {what:?}: {e}\n{log}"),
    };

    wait(&mut p, "What is the project called?");
    // "corner shop" → before "shop" add "big-" → at the start erase the word "corner" and the
    // space → at the end type x, erase it, add s: "big-shops".
    let keys = [
        "corner shop",
        CTRL_LEFT,
        "big-",
        HOME,
        CTRL_DELETE,
        DELETE,
        END,
        LEFT,
        RIGHT,
        "x",
        BACKSPACE,
        "s",
        "\r",
    ]
    .concat();
    p.send(keys).unwrap();
    wait(&mut p, "How many engineers work on the system?");
    p.send(CTRL_C).unwrap();
    let rest = p.expect(Eof).expect("the program ends");
    let log = format!("{log}{}", String::from_utf8_lossy(rest.as_bytes()));
    let code = match p.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ended by {other:?}"),
    };
    assert_eq!(code, 130, "{log}");
    assert!(
        log.contains(
            "Editing an answer: Left/Right and Home/End move, Ctrl-Left/Right move by word,"
        ),
        "{log}"
    );
    assert!(log.contains("(Ctrl-U/W/A/E do not edit)"), "{log}");
    assert!(
        log.contains("What is the project called? big-shops"),
        "the answer as edited:\n{log}"
    );
}
