//! The text report's ranking draws each score as a bar: Unicode blocks in a UTF-8 locale,
//! ASCII in any other or with `--ascii`. On a fixture pack, so the bars' lengths are known.

mod support;

use support::{archfit, write};

const PACK: &str = "tests/fixtures/packs/small";

/// The ranking table's rows of `recommend` for `profile`, run with `locale` and `args`.
fn rows(locale: Option<&str>, args: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    // The small pack: monolith 3 points, microservices 1, serverless -1 (team_size 7 is its
    // penalty).
    let profile = write(dir.path(), "p.yaml", "team_size: 7\nteams: 3\n");
    let mut cmd = archfit();
    cmd.env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env_remove("LANG");
    if let Some(l) = locale {
        cmd.env("LC_ALL", l);
    }
    let out = cmd
        .args(["--rules", PACK, "recommend"])
        .args(args)
        .arg(&profile)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("│ ") && !l.contains(" pattern "))
        .map(str::to_string)
        .collect()
}

/// The bar cell of a row: the fourth column.
fn bar(row: &str) -> String {
    row.split('┆').nth(3).unwrap_or_default().to_string()
}

#[test]
fn a_utf8_locale_draws_blocks_on_one_scale() {
    let rows = rows(Some("en_GB.UTF-8"), &[]);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    let (winner, runner_up) = (bar(&rows[0]), bar(&rows[1]));
    assert!(rows[0].contains("monolith"), "{rows:#?}");
    // 3 points against 1 on one scale: the winner's bar is three times the runner-up's.
    let solid = |s: &str| s.chars().filter(|&c| c == '█').count();
    assert_eq!(solid(&winner), 3 * solid(&runner_up), "{rows:#?}");
    assert!(solid(&runner_up) > 0, "{rows:#?}");
    let serverless = rows.iter().find(|r| r.contains("serverless")).unwrap();
    // Serverless's penalty grows left of zero: its bar ends before the others start.
    let left_end = bar(serverless).trim_end().chars().count();
    let right_start = winner.chars().take_while(|&c| c == ' ').count();
    assert!(left_end <= right_start, "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains('#')), "{rows:#?}");
}

#[test]
fn other_locales_and_ascii_draw_with_ascii() {
    for (locale, args) in [
        (None, &[][..]),
        (Some("C"), &[][..]),
        (Some("en_US.ISO-8859-1"), &[][..]),
        (Some("C.UTF-8"), &["--ascii"][..]),
    ] {
        let rows = rows(locale, args);
        let bars: String = rows.iter().map(|r| bar(r)).collect();
        assert!(bars.contains('#'), "{locale:?} {args:?}: {rows:#?}");
        assert!(
            !bars.chars().any(|c| ('▏'..='█').contains(&c) || c == '▐'),
            "{locale:?} {args:?}: {rows:#?}"
        );
    }
}
