//! `check --format text`: a summary table (profile, current, recommended, fit, deciding
//! reason), then one line per finding, then the one-line summary. `--quiet` leaves out the
//! table and the notes: only errors and warnings, and the summary.

use super::{summary, Format};
use crate::engine::check::{Counts, Entry, Level, Verdict};
use crate::pack::printable::printable;
use crate::report::wrap;
use comfy_table::{presets, ContentArrangement, Table};

/// From this width the table has room for the deciding reason of each profile; narrower, the
/// column goes (the findings below the table give the reason of every misfit and warning).
const WIDE: usize = 120;

/// What the fit column keeps at least: "DOES" and a space either side.
const FIT: usize = 6;

/// `check --format text`.
pub(crate) struct Text {
    /// ANSI colour for the levels of findings.
    pub color: bool,
    /// Only errors, warnings and the summary.
    pub quiet: bool,
    /// Columns the table may take (the terminal's, `COLUMNS`, or 80).
    pub width: usize,
}

impl Format for Text {
    /// Problems in invalid inputs go to standard error, as every command reports them; the
    /// table names each invalid input.
    fn problems_on_stderr(&self) -> bool {
        true
    }

    fn finish(&self, entries: &[Entry]) -> String {
        render(entries, self.color, self.quiet, self.width)
    }
}

fn render(entries: &[Entry], color: bool, quiet: bool, width: usize) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    if !entries.is_empty() && !quiet {
        let with_reason = width >= WIDE;
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(wrap::table_width(width));
        let mut header = vec![
            "profile",
            "current",
            "recommended",
            "fit",
            "deciding reason",
        ];
        let columns = if with_reason { 5 } else { 4 };
        header.truncate(columns);
        table.set_header(header);
        let mut longest = [0; 4];
        for entry in entries {
            let mut cells = row(entry);
            cells.truncate(columns);
            for (l, cell) in longest.iter_mut().zip(&cells) {
                *l = cell.lines().map(wrap::columns).fold(*l, usize::max);
            }
            table.add_row(cells);
        }
        // Pattern ids stay whole, then names and paths as far as the room left allows (half
        // the width at most): the fit and the reason wrap instead. The room is what the
        // borders (one more than the columns), the ids and the fit leave, less the padding.
        let width = width.max(wrap::MIN_WIDTH);
        wrap::keep_whole(&mut table, 1, longest[1], width);
        wrap::keep_whole(&mut table, 2, longest[2], width);
        let taken = columns + 1 + (longest[1] + 2) + (longest[2] + 2) + FIT + 2;
        let room = width.saturating_sub(taken);
        wrap::keep_whole(&mut table, 0, longest[0], room.min(width / 2));
        out.push_str(&table.to_string());
        out.push('\n');
    }
    // Invalid inputs were already reported on standard error, one line per problem; the table
    // names them, so they are not repeated here.
    let findings: Vec<_> = entries
        .iter()
        .filter(|e| matches!(e, Entry::Checked(_)))
        .flat_map(Entry::findings)
        .filter(|f| !quiet || f.level != Level::Note)
        .collect();
    if !findings.is_empty() && !quiet {
        out.push('\n');
    }
    for f in findings {
        let level = match f.level {
            Level::Error => paint("31", "error"),
            Level::Warning => paint("33", "warning"),
            Level::Note => paint("36", "note"),
        };
        let at = f
            .pos
            .map_or_else(String::new, |p| format!(":{}:{}", p.line, p.col));
        // A message quotes the profile's name: shown escaped, like everything from a file.
        out.push_str(&format!(
            "{level}: {}{at}: {}\n",
            f.file,
            printable(&f.message)
        ));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(&Counts::of(entries)));
    out.push('\n');
    out
}

fn row(entry: &Entry) -> Vec<String> {
    match entry {
        Entry::Checked(c) => {
            let warned = c.is_close_call();
            let fit = match (c.verdict, &c.accepted) {
                (Verdict::Fits, _) => "fits".to_string(),
                (Verdict::Misfit, _) => "DOES NOT FIT".to_string(),
                (Verdict::Unsettled, _) => "fits only partly".to_string(),
                (Verdict::Accepted, Some(a)) => format!("accepted until {}", a.until),
                (Verdict::Accepted, None) => "accepted".to_string(),
                (Verdict::ValidatedOnly, _) => "-".to_string(),
            };
            let fit = if warned {
                format!("{fit}, close call")
            } else {
                fit
            };
            vec![
                format!("{}\n{}", printable(&c.name), c.source),
                c.current.clone().unwrap_or_else(|| "-".to_string()),
                c.recommendation.clone(),
                fit,
                c.reason.clone(),
            ]
        }
        Entry::Invalid(i) => {
            let first = i.findings.first();
            let mut reason = first.map_or_else(String::new, |f| match f.pos {
                Some(p) => format!("line {}: {}", p.line, f.message),
                None => f.message.clone(),
            });
            if i.findings.len() > 1 {
                reason.push_str(&format!(" (and {} more)", i.findings.len() - 1));
            }
            vec![
                i.source.clone(),
                "-".to_string(),
                "-".to_string(),
                "INVALID".to_string(),
                reason,
            ]
        }
    }
}
