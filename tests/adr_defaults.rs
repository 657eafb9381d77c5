//! `archfit adr` with its defaults: the profile from standard input, the records in
//! `docs/adr` under the current directory, dated today (UTC). On the margin fixture pack, so
//! the records' titles do not depend on the default pack.

mod support;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use support::{archfit, run};

const PACK: &str = "tests/fixtures/packs/margin";

/// `archfit --rules PACK adr ARGS` run in `cwd` with `stdin`.
fn adr(cwd: &Path, args: &[&str], stdin: &str) -> support::Run {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join(PACK);
    run(archfit()
        .current_dir(cwd)
        .arg("--rules")
        .arg(pack)
        .arg("adr")
        .args(args)
        .write_stdin(stdin))
}

/// Today's date in UTC, `YYYY-MM-DD` (days since 1970 to a civil date, as in H. Hinnant's
/// `civil_from_days`).
fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let z = i64::try_from(secs / 86_400).unwrap() + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[test]
fn a_profile_from_standard_input_goes_to_docs_adr_dated_today() {
    let cwd = tempfile::tempdir().unwrap();
    let before = today_utc();
    let r = adr(cwd.path(), &["-"], "name: Piped In\nlead: under\n");
    let after = today_utc();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = Path::new("docs/adr").join("0001-architecture-for-piped-in.md");
    assert_eq!(r.stdout, format!("{}\n", path.display()));
    let text = std::fs::read_to_string(cwd.path().join(&path)).unwrap();
    assert!(
        text.starts_with("# 1. Architecture for Piped In: Monolith\n\n- Status: proposed\n"),
        "{text}"
    );
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("- Date: "))
        .unwrap();
    assert!(date == before || date == after, "{date}, today is {before}");
    assert!(text.contains("- Profile: `<stdin>`\n"), "{text}");

    // A profile without a name is named after standard input; the numbering goes on.
    let r = adr(cwd.path(), &["-", "--date", "2026-03-14"], "lead: past\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let second = cwd.path().join("docs/adr/0002-architecture-for-stdin.md");
    let text = std::fs::read_to_string(&second).unwrap();
    assert!(
        text.starts_with("# 2. Architecture for stdin: Monolith\n"),
        "{text}"
    );
    assert!(text.contains("- Date: 2026-03-14\n"), "{text}");
}

#[test]
fn standard_input_that_is_not_one_valid_profile_writes_nothing() {
    let cwd = tempfile::tempdir().unwrap();
    let r = adr(cwd.path(), &["-"], "lead: sideways\n");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("<stdin>:1:7: `sideways` is not a valid value for `lead`"),
        "{}",
        r.stderr
    );
    let r = adr(cwd.path(), &["-"], "lead: under\n---\nlead: past\n");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("holds 2 profiles"), "{}", r.stderr);
    assert!(!cwd.path().join("docs").exists(), "nothing written");
}
