//! archfit's output on a terminal (a pseudo-terminal made by each test) and off one: colour by
//! default on a terminal, none with `NO_COLOR` set or `--color never`, and the options every
//! command shares (`--version`).
#![cfg(unix)]

mod support;

use assert_cmd::cargo::cargo_bin;
use expectrl::{Eof, Expect, Session};
use std::process::Command;
use std::time::Duration;
use support::{archfit, archfit_args, VALID};

/// Everything `archfit recommend` prints for a valid profile on a terminal, with `env` set.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let profile = support::write(dir.path(), "p.yaml", VALID);
    let mut cmd = Command::new(cargo_bin("archfit"));
    cmd.args(args).arg("recommend").arg(&profile);
    cmd.env_remove("NO_COLOR").env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut p = Session::spawn(cmd).expect("spawn archfit in a PTY");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    let all = p.expect(Eof).expect("archfit ends");
    String::from_utf8_lossy(all.as_bytes()).into_owned()
}

const ESC: &str = "\u{1b}[";

#[test]
fn colour_on_a_terminal_unless_no_color_is_set_or_never_is_asked() {
    let coloured = on_a_terminal(&[], &[]);
    assert!(coloured.contains("Recommendation: "), "{coloured}");
    assert!(
        coloured.contains(ESC),
        "a terminal gets colour: {coloured:?}"
    );
    let plain = on_a_terminal(&[], &[("NO_COLOR", "1")]);
    assert!(plain.contains("Recommendation: "), "{plain}");
    assert!(!plain.contains(ESC), "NO_COLOR: {plain:?}");
    // An empty NO_COLOR is as good as unset (no-color.org).
    assert!(on_a_terminal(&[], &[("NO_COLOR", "")]).contains(ESC));
    let never = on_a_terminal(&["--color", "never"], &[]);
    assert!(
        never.contains("Recommendation: ") && !never.contains(ESC),
        "{never:?}"
    );
    // Asked for explicitly, colour wins over NO_COLOR.
    assert!(on_a_terminal(&["--color", "always"], &[("NO_COLOR", "1")]).contains(ESC));
}

#[test]
fn no_colour_off_a_terminal_unless_asked() {
    let (code, out, _) = archfit_args(&["recommend", "examples/monolith-startup.yaml"]);
    assert_eq!(code, 0);
    assert!(!out.contains(ESC));
    let (code, out, _) = archfit_args(&[
        "--color",
        "never",
        "recommend",
        "examples/monolith-startup.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(!out.contains(ESC));
    archfit()
        .args(["recommend", "--color", "sometimes", "-"])
        .write_stdin(VALID)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'sometimes'"));
}

#[test]
fn version_prints_the_package_version_and_the_built_in_pack() {
    let version = format!("archfit {}", env!("CARGO_PKG_VERSION"));
    // -V is the short form: the version alone.
    let (code, out, err) = archfit_args(&["-V"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{version}\n"));
    // --version adds the rule pack built in, which decides every answer.
    let (code, out, err) = archfit_args(&["--version"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(version.as_str()));
    let pack = lines.next().unwrap_or_default();
    assert!(
        pack.starts_with("built-in rule pack: archfit-default ") && pack.contains("(sha256 "),
        "{out}"
    );
}
