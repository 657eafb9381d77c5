//! Custom rule packs and profiles with one mistake each, as data: every directory of
//! `tests/fixtures/bad-packs/` and every file of `tests/fixtures/bad-profiles/`, with the
//! messages a user must get (see the README in each). Each must be exit 2 with exactly those
//! messages, every one naming its file, line and column.

mod support;

use std::path::{Path, PathBuf};
use support::{archfit, archfit_args, run};

const SMALL: &str = "tests/fixtures/packs/small";

fn sorted_entries(dir: &str) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

/// The small pack with `case`'s files laid over it, in a new directory.
fn pack_with(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for from in [Path::new(SMALL), case] {
        for file in sorted_entries(from.to_str().unwrap()) {
            let name = file.file_name().unwrap();
            if file.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&file, dir.path().join(name)).unwrap();
            }
        }
    }
    dir
}

#[test]
fn each_bad_pack_gets_exactly_its_errors() {
    let cases: Vec<PathBuf> = sorted_entries("tests/fixtures/bad-packs")
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    assert!(cases.len() >= 30, "{cases:?}");
    let mut wrong = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(case.join("expected"))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let pack = pack_with(case);
        let shown = pack.path().to_str().unwrap();
        let (code, _, err) = archfit_args(&["rules", "lint", shown]);
        let got: Vec<String> = err
            .lines()
            .filter_map(|l| l.strip_prefix("error: "))
            .map(|l| l.replace(shown, "{pack}"))
            .collect();
        let want: Vec<&str> = expected.lines().collect();
        if code != 2 || got != want || err.contains("panicked") {
            wrong.push(format!(
                "{}: exit {code}\n  got:  {got:#?}\n  want: {want:#?}\n{err}",
                case.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A broken pack is refused wherever it is used, not only by `rules lint`.
#[test]
fn a_bad_pack_is_refused_by_recommend_too() {
    let pack = pack_with(Path::new("tests/fixtures/bad-packs/score-and-veto"));
    let r = run(archfit()
        .arg("--rules")
        .arg(pack.path())
        .args(["recommend", "-"])
        .write_stdin("team_size: 5\n"));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("/rules.yaml:9:5: rule `s.both`: a rule either scores or vetoes, not both"),
        "{}",
        r.stderr
    );
}

/// Every bad profile of the directory is reported, in file order, in one run.
#[test]
fn each_bad_profile_gets_exactly_its_error() {
    let dir = "tests/fixtures/bad-profiles";
    let expected = std::fs::read_to_string(format!("{dir}/expected")).unwrap();
    let profiles = sorted_entries(dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .count();
    assert_eq!(
        expected.lines().count(),
        profiles,
        "one message per profile"
    );
    let (code, out, err) = archfit_args(&["--rules", SMALL, "recommend", dir]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    let got: Vec<String> = err
        .lines()
        .map(|l| {
            l.strip_prefix("error: ")
                .unwrap_or(l)
                .replace(&format!("{dir}/"), "{dir}/")
        })
        .collect();
    let want: Vec<String> = expected.lines().map(str::to_string).collect();
    assert_eq!(got, want);
}

/// Linked open numbers are weighed exactly only when every link among them shares one field.
/// In the star-links pack the front and the back are at most the hub and the tail at most the
/// back: the back, the hub and the tail open together are a chain of two links through the
/// back, which is weighed; the front open as well adds a link the others do not share, and the
/// profile is refused, each field named once.
#[test]
fn linked_open_numbers_are_refused_only_when_no_field_joins_every_link() {
    let recommend = |text: &str| {
        run(archfit()
            .args([
                "--rules",
                "tests/fixtures/packs/star-links",
                "recommend",
                "-",
            ])
            .write_stdin(text.to_string()))
    };
    let chain = recommend("hub: 7..9\nfront: 1\nback: unknown\ntail: unknown\n");
    assert_eq!(chain.code, 0, "{}", chain.stderr);
    let refused = recommend("hub: 7..9\nfront: unknown\nback: unknown\ntail: unknown\n");
    assert_eq!(refused.code, 2);
    assert_eq!(refused.stdout, "");
    assert_eq!(
        refused.stderr,
        "error: <stdin>:1:1: `tail`, `back`, `hub`, `front` are all open and linked together; \
         archfit weighs linked open numbers exactly only when every link shares one of them \
         (give one of them a single value)\n"
    );
}
