//! `archfit ask` without a terminal: it must stop at once, not wait for keys that never come.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::time::Duration;

fn ask() -> Command {
    let mut cmd = support::archfit();
    cmd.arg("ask").timeout(Duration::from_secs(10));
    cmd
}

#[test]
fn without_a_terminal_ask_exits_2_and_points_to_recommend() {
    let dir = tempfile::tempdir().unwrap();
    // assert_cmd gives the program an empty, non-terminal standard input.
    ask()
        .current_dir(dir.path())
        .args(["--save", "p.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: `archfit ask` asks its questions on a terminal, and standard input is not one",
        ))
        .stderr(predicate::str::contains("archfit recommend FILE"));
    assert!(!dir.path().join("p.yaml").exists());
}

#[test]
fn a_profile_piped_into_ask_is_refused_with_the_command_that_reads_it() {
    ask()
        .write_stdin("team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`archfit recommend -`"));
}
