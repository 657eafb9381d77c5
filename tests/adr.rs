//! `archfit adr PROFILE`: numbering, never overwriting, and `--supersedes`.

mod support;

use std::path::Path;
use support::{archfit, run, write};

const PROFILE: &str =
    "name: Acme Shop\nteam_size: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

/// Runs `archfit adr` with `extra` arguments; returns (exit code, stdout, stderr).
fn adr(profile: &Path, dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let r = run(archfit()
        .arg("adr")
        .arg(profile)
        .arg("--dir")
        .arg(dir)
        .args(["--date", "2026-03-14"])
        .args(extra));
    (r.code, r.stdout, r.stderr)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_first_record_creates_the_directory_and_is_0001() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("docs/adr");
    let (code, out, err) = adr(&profile, &dir, &[]);
    assert_eq!(code, 0, "{err}");
    let path = dir.join("0001-architecture-for-acme-shop.md");
    assert_eq!(out, format!("{}\n", path.display()));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# 1. Architecture for Acme Shop: Monolith (modular)\n"),
        "{text}"
    );
    assert!(text.contains("- Status: proposed\n- Date: 2026-03-14\n"));
}

#[test]
fn numbering_follows_the_records_already_there() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "0001-record-architecture-decisions.md",
        "# 1. Record\n",
    );
    write(&dir, "0005-use-postgres.md", "# 5. Postgres\n");
    write(&dir, "README.md", "not a record\n");
    write(&dir, "template.md", "not a record\n");
    let (code, out, err) = adr(&profile, &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.trim_end()
            .ends_with("0006-architecture-for-acme-shop.md"),
        "{out}"
    );
    assert!(dir.join("0006-architecture-for-acme-shop.md").is_file());
}

#[test]
fn a_second_run_never_overwrites_the_first_record() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    assert_eq!(adr(&profile, &dir, &[]).0, 0);
    let first = dir.join("0001-architecture-for-acme-shop.md");
    // A hand edit to the first record must survive the second run.
    std::fs::write(&first, "# 1. Edited by hand\n\n- Status: accepted\n").unwrap();
    let (code, out, _) = adr(&profile, &dir, &[]);
    assert_eq!(code, 0);
    assert!(out
        .trim_end()
        .ends_with("0002-architecture-for-acme-shop.md"));
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        "# 1. Edited by hand\n\n- Status: accepted\n"
    );
    assert_eq!(
        listing(&dir),
        [
            "0001-architecture-for-acme-shop.md",
            "0002-architecture-for-acme-shop.md"
        ]
    );
}

#[test]
fn supersedes_marks_the_old_record_and_links_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    assert_eq!(adr(&profile, &dir, &[]).0, 0);
    let grown = write(
        tmp.path(),
        "grown.yaml",
        "name: Acme Shop\nteam_size: 40\nteams: 5\nscaling: heterogeneous\ntraffic: steady\n\
         devops: strong\nindependent_deploys: true\n",
    );
    let (code, out, err) = adr(&grown, &dir, &["--supersedes", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out
        .trim_end()
        .ends_with("0002-architecture-for-acme-shop.md"));
    let old = std::fs::read_to_string(dir.join("0001-architecture-for-acme-shop.md")).unwrap();
    let new = std::fs::read_to_string(dir.join("0002-architecture-for-acme-shop.md")).unwrap();
    assert!(
        old.contains("\n- Status: superseded by [0002](0002-architecture-for-acme-shop.md)\n"),
        "{old}"
    );
    assert!(!old.contains("- Status: proposed"));
    assert!(new.contains("\n- Status: proposed\n"), "{new}");
    assert!(
        new.contains("\n- Supersedes: [0001](0001-architecture-for-acme-shop.md)\n"),
        "{new}"
    );
    assert!(
        new.starts_with("# 2. Architecture for Acme Shop: Microservices"),
        "{new}"
    );
    assert_eq!(listing(&dir).len(), 2, "no temporary files left behind");
}

#[test]
fn supersedes_edits_an_adr_tools_record_too() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    let old =
        "# 3. Use microservices\n\nDate: 2025-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n";
    write(&dir, "0003-use-microservices.md", old);
    let (code, _, err) = adr(&profile, &dir, &["--supersedes", "3"]);
    assert_eq!(code, 0, "{err}");
    let edited = std::fs::read_to_string(dir.join("0003-use-microservices.md")).unwrap();
    assert_eq!(
        edited,
        old.replace(
            "Accepted",
            "Superseded by [0004](0004-architecture-for-acme-shop.md)"
        )
    );
    let new = std::fs::read_to_string(dir.join("0004-architecture-for-acme-shop.md")).unwrap();
    assert!(new.contains("- Supersedes: [0003](0003-use-microservices.md)"));
}

#[test]
fn an_unknown_record_to_supersede_is_exit_2_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    assert_eq!(adr(&profile, &dir, &[]).0, 0);
    let (code, out, err) = adr(&profile, &dir, &["--supersedes", "7"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no record 0007 to supersede (records there: 0001)"),
        "{err}"
    );
    assert_eq!(listing(&dir), ["0001-architecture-for-acme-shop.md"]);

    // A record without a recognisable status line is refused before writing, too.
    write(&dir, "0002-free-form.md", "# Notes\n\nno status here\n");
    let (code, _, err) = adr(&profile, &dir, &["--supersedes", "2"]);
    assert_eq!(code, 2);
    assert!(err.contains("0002-free-form.md: no status line"), "{err}");
    assert_eq!(listing(&dir).len(), 2);

    // Without a directory at all, nothing is created.
    let missing = tmp.path().join("nowhere");
    let (code, _, err) = adr(&profile, &missing, &["--supersedes", "1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the directory holds no numbered records"),
        "{err}"
    );
    assert!(!missing.exists());
}

#[test]
fn bad_inputs_are_exit_2_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("adr");
    let bad = write(tmp.path(), "bad.yaml", "team_size: 6\n");
    let (code, _, err) = adr(&bad, &dir, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.yaml:1:1: missing required field"),
        "{err}"
    );
    assert!(!dir.exists());

    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let out = archfit()
        .arg("adr")
        .arg(&profile)
        .arg("--dir")
        .arg(&dir)
        .args(["--date", "2026-02-30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("month 2 of 2026 has 28 days"));
    assert!(!dir.exists());

    let file = write(tmp.path(), "file", "");
    let (code, _, err) = adr(&profile, &file, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("not a directory"), "{err}");
}

#[test]
fn the_highest_possible_number_is_refused_not_wrapped() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "4294967295-last.md", "- Status: accepted\n");
    let (code, _, err) = adr(&profile, &dir, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no next number"), "{err}");
    assert_eq!(listing(&dir).len(), 1);
}

/// Run again on an unchanged profile, `adr` says the latest record already holds the decision
/// and writes nothing; `--force` writes it anyway, and a changed profile gets its record.
#[test]
fn an_unchanged_profile_is_not_recorded_twice_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = write(tmp.path(), "p.yaml", PROFILE);
    let dir = tmp.path().join("adr");
    assert_eq!(adr(&profile, &dir, &[]).0, 0);
    let first = dir.join("0001-architecture-for-acme-shop.md");

    // Another day, the same profile: nothing new to record.
    let r = run(archfit()
        .arg("adr")
        .arg(&profile)
        .arg("--dir")
        .arg(&dir)
        .args(["--date", "2026-04-01"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        format!(
            "warning: {} already records this decision for an unchanged profile; nothing \
             written (--force writes a new record anyway)\n",
            first.display()
        )
    );
    assert_eq!(listing(&dir), ["0001-architecture-for-acme-shop.md"]);

    let (code, out, err) = adr(&profile, &dir, &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(out
        .trim_end()
        .ends_with("0002-architecture-for-acme-shop.md"));
    assert_eq!(err, "");

    // The team grew: a different decision record.
    write(
        tmp.path(),
        "p.yaml",
        PROFILE.replace("team_size: 6", "team_size: 40\nteams: 5"),
    );
    let (code, out, err) = adr(&profile, &dir, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out
        .trim_end()
        .ends_with("0003-architecture-for-acme-shop.md"));
}
