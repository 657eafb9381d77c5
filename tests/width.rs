//! Reports for people fit the terminal: prose filled to its width with a hanging indent, tables
//! told the width (leaving out their least useful columns when narrow), at 60, 80 and 200
//! columns; the width is the terminal's, `COLUMNS`, or 80 off a terminal. And the default
//! report for a profile without components fits one 80×40 screen, `--explain` giving the rest.

mod support;

use support::{archfit, run, write};

const EXAMPLE: &str = "examples/growing-team-band.yaml";
const WIDTHS: [usize; 3] = [60, 80, 200];

/// Standard output of archfit with `args`, `COLUMNS` set to `width` (or unset).
fn at(width: Option<usize>, args: &[&str]) -> String {
    let mut cmd = archfit();
    if let Some(w) = width {
        cmd.env("COLUMNS", w.to_string());
    }
    let r = run(cmd.env("LC_ALL", "C.UTF-8").args(args));
    assert!(matches!(r.code, 0 | 1), "{args:?}: {}", r.stderr);
    r.stdout
}

/// Columns a line takes (every character archfit prints here is one column wide).
fn columns(line: &str) -> usize {
    line.chars().count()
}

fn assert_fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert!(
            columns(line) <= width,
            "{what} at {width} columns: {} columns in {line:?}\n{out}",
            columns(line)
        );
    }
}

/// The text of a rule as `rules show` gives it on a wide terminal: one line.
fn because(rule: &str) -> String {
    let out = at(Some(1000), &["rules", "show", rule]);
    out.lines()
        .find_map(|l| l.strip_prefix("  because: "))
        .unwrap_or_else(|| panic!("no because in {out}"))
        .to_string()
}

/// `text` with every run of white space made one space, so wrapped prose reads as written.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_is_filled_to_the_width_with_a_hanging_indent() {
    let reason = because("microservices.independent-deploys");
    for width in WIDTHS {
        let out = at(Some(width), &["recommend", EXAMPLE]);
        assert_fits(&out, width, "recommend");
        // No word is broken: the reason reads whole once the line breaks are undone.
        assert!(flat(&out).contains(&reason), "{width}:\n{out}");
        // Its lines after the first start under its text, past the effect.
        let lines: Vec<&str> = out.lines().collect();
        let first = lines
            .iter()
            .position(|l| l.starts_with("   +3.0 When teams need"))
            .unwrap_or_else(|| panic!("{width}:\n{out}"));
        let next = lines[first + 1];
        if width < 200 {
            assert!(
                next.starts_with("        ") && !next.starts_with("         "),
                "{width}: {next:?}"
            );
        } else {
            assert!(lines[first].contains("[Pattern 2 ›"), "one line at 200");
        }
    }
    // Narrower: more lines, never fewer.
    let lines = |w| at(Some(w), &["recommend", EXAMPLE]).lines().count();
    assert!(lines(60) > lines(80) && lines(80) > lines(200));
}

#[test]
fn explain_tables_fit_and_keep_rule_ids_whole() {
    for width in WIDTHS {
        let out = at(Some(width), &["recommend", "--explain", EXAMPLE]);
        assert_fits(&out, width, "recommend --explain");
        let table = out.split("Every rule that fired\n").nth(1).unwrap();
        assert!(
            table.contains("│ microservices.heterogeneous-scaling "),
            "{width}:\n{table}"
        );
        // The pattern column is the first to go: an id starts with its pattern.
        assert_eq!(table.contains(" pattern "), width >= 100, "{width}");
    }
}

#[test]
fn the_width_is_columns_then_80_off_a_terminal() {
    let plain = at(None, &["recommend", EXAMPLE]);
    assert_eq!(plain, at(Some(80), &["recommend", EXAMPLE]));
    // A COLUMNS that is no width is ignored.
    let r = run(archfit()
        .env("COLUMNS", "wide")
        .env("LC_ALL", "C.UTF-8")
        .args(["recommend", EXAMPLE]));
    assert_eq!(r.stdout, plain);
    // Narrower than 40 columns, reports are laid out for 40 and the terminal wraps the rest.
    assert_eq!(
        at(Some(10), &["recommend", EXAMPLE]),
        at(Some(40), &["recommend", EXAMPLE])
    );
}

#[cfg(unix)]
#[test]
fn on_a_terminal_the_width_is_the_terminals() {
    use expectrl::{Eof, Expect, Session};
    // The size is set inside the terminal before archfit starts (setting it from outside
    // after the spawn would race archfit reading it).
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "stty cols 100 rows 40 && exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("archfit"))
        .args(["recommend", EXAMPLE])
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("COLUMNS");
    let mut p = Session::spawn(cmd).expect("spawn archfit in a PTY");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let out = p.expect(Eof).expect("the report ends");
    let out = String::from_utf8_lossy(out.as_bytes()).replace('\r', "");
    assert_fits(&out, 100, "a 100-column terminal");
    assert!(
        out.lines().any(|l| columns(l) > 80),
        "the terminal's 100 columns are used:\n{out}"
    );
}

#[test]
fn check_fits_its_table_and_keeps_paths_and_patterns_whole() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("team-profiles");
    std::fs::create_dir(&profiles).unwrap();
    write(
        &profiles,
        "payments-platform.yaml",
        "name: payments\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: none\ncurrent: microservices\n",
    );
    write(
        &profiles,
        "fine.yaml",
        "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncurrent: monolith\n",
    );
    for width in WIDTHS {
        let r = run(archfit()
            .current_dir(dir.path())
            .env("COLUMNS", width.to_string())
            .args(["check", "team-profiles"]));
        assert_eq!(r.code, 1, "{}", r.stderr);
        let table: Vec<&str> = r.stdout.lines().take_while(|l| !l.is_empty()).collect();
        for line in &table {
            assert!(columns(line) <= width, "{width}: {line:?}");
        }
        let table = table.join("\n");
        assert!(table.contains(" microservices "), "{width}:\n{table}");
        if width >= 80 {
            assert!(
                table.contains(" team-profiles/payments-platform.yaml "),
                "{width}:\n{table}"
            );
        }
        // The deciding reason needs room; narrower, the findings below give it.
        assert_eq!(table.contains("deciding reason"), width >= 120, "{width}");
        assert!(
            r.stdout
                .contains("does not fit; archfit recommends monolith"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn rules_list_and_show_fit() {
    for width in WIDTHS {
        let out = at(Some(width), &["rules", "list"]);
        assert_fits(&out, width, "rules list");
        assert!(
            out.contains("│ microservices.heterogeneous-scaling "),
            "{out}"
        );
        assert_eq!(out.contains(" source "), width >= 100, "{width}");
        assert_eq!(out.contains(" pattern "), width >= 140, "{width}");

        let out = at(Some(width), &["rules", "show", "monolith.within-band"]);
        assert_fits(&out, width, "rules show");
        let lines: Vec<&str> = out.lines().collect();
        let at_because = lines
            .iter()
            .position(|l| l.starts_with("  because: "))
            .unwrap();
        // The text wraps under itself, using the width.
        let next = lines[at_because + 1];
        assert!(
            next.starts_with("           ") && !next.starts_with("            "),
            "{width}: {next:?}"
        );
        assert!(columns(lines[at_because]) > width - 15, "{width}: {out}");
        assert!(flat(&out).contains(&because("monolith.within-band")));
    }
}

#[test]
fn diff_fits() {
    for width in WIDTHS {
        let out = at(
            Some(width),
            &[
                "diff",
                "examples/monolith-startup.yaml",
                "examples/growing-team-band.yaml",
            ],
        );
        assert_fits(&out, width, "diff");
        assert!(flat(&out).contains(&because("microservices.independent-deploys")));
    }
}

#[test]
fn the_default_report_fits_one_screen_and_explain_gives_the_rest() {
    let out = at(None, &["recommend", EXAMPLE]);
    assert!(
        out.lines().count() <= 40,
        "{} lines:\n{out}",
        out.lines().count()
    );
    assert_fits(&out, 80, "the README example");
    // The decision, the ranking, at most three reasons for, one line per alternative naming
    // the rule that decides it, the trade-offs, what would change it, what was assumed.
    assert!(out.contains("Recommendation: microservices"));
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with(' ') && l.trim_start().starts_with(char::is_numeric))
            .count(),
        5,
        "a ranking row per pattern:\n{out}"
    );
    let reasons = out
        .lines()
        .filter(|l| l.starts_with("   +") || l.starts_with("   -"))
        .count();
    assert_eq!(reasons, 3, "{out}");
    let alternatives: Vec<&str> = out.lines().filter(|l| l.starts_with("Why not ")).collect();
    assert_eq!(alternatives.len(), 4, "{out}");
    for a in alternatives {
        let rule = a.rsplit(": ").next().unwrap();
        assert!(rule.contains('.'), "names a rule: {a}");
    }
    for section in [
        "Trade-offs to watch",
        "What would change the answer",
        "Assumed",
    ] {
        assert!(out.contains(section), "{section}:\n{out}");
    }
    for later in [
        "Practices to follow",
        "Revisit when",
        "Every rule that fired",
    ] {
        assert!(!out.contains(later), "{later} waits for --explain");
    }

    let full = at(None, &["recommend", "--explain", EXAMPLE]);
    for section in [
        "Why not the others",
        "also: ",
        "decided by: ",
        "Practices to follow",
        "Revisit when",
        "Every rule that fired",
    ] {
        assert!(full.contains(section), "{section}:\n{full}");
    }
    // Every reason for the recommendation, where the default gave three.
    let all = full
        .split("Why microservices\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("   +"))
        .count();
    assert!(all > reasons, "{full}");
}

#[test]
fn every_example_fits_every_width_with_and_without_explain() {
    for width in WIDTHS {
        for explain in [false, true] {
            let mut args = vec!["recommend", "examples"];
            if explain {
                args.push("--explain");
            }
            let out = at(Some(width), &args);
            assert_fits(&out, width, &format!("{args:?}"));
        }
    }
}
