//! Calendar dates for decision records: today's date in UTC, and validation of `--date`.
//!
//! A record needs only a day, so a few lines of civil-date arithmetic (Howard Hinnant's
//! `civil_from_days`) replace a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date in UTC as `YYYY-MM-DD`.
pub(crate) fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date `days` days after 1970-01-01 in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Checks a `--date` value: exactly `YYYY-MM-DD`, and a day that exists (2024-02-30 does not).
/// Used as a clap value parser, so a bad date is a usage error (exit 2).
pub(crate) fn parse(text: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "`{}` is not a date: expected YYYY-MM-DD, e.g. 2026-03-14",
            crate::pack::yaml::shorten(text)
        )
    };
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("`{text}` is not a date: there is no month {m}")),
    };
    if d == 0 || d > days_in_month {
        return Err(format!(
            "`{text}` is not a date: month {m} of {y} has {days_in_month} days"
        ));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_map_to_the_right_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
    }

    #[test]
    fn today_has_the_date_shape() {
        assert!(parse(&today_utc()).is_ok());
    }

    #[test]
    fn dates_are_validated() {
        for good in ["2026-03-14", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert_eq!(parse(good).as_deref(), Ok(good));
        }
        for bad in [
            "2026-3-14",
            "2026/03/14",
            "14-03-2026",
            "2026-13-01",
            "2026-00-10",
            "2023-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-04-00",
            "",
            "２０２６-03-14",
            "2026-03-14x",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
