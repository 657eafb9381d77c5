//! `check --format text`: a summary table (profile, current, recommended, fit, deciding
//! reason), then one line per finding, then the totals.

use super::Format;
use crate::engine::check::{Category, Counts, Entry, Level, Verdict};
use crate::pack::printable::printable;
use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, Width};

/// The table's width is fixed, not the terminal's, so the output is the same everywhere.
const WIDTH: u16 = 120;

/// `check --format text`.
pub(crate) struct Text {
    /// ANSI colour for the levels of findings.
    pub color: bool,
}

impl Format for Text {
    fn finish(&self, entries: &[Entry]) -> String {
        render(entries, self.color)
    }
}

fn render(entries: &[Entry], color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    if !entries.is_empty() {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(WIDTH)
            .set_header(vec![
                "profile",
                "current",
                "recommended",
                "fit",
                "deciding reason",
            ]);
        for entry in entries {
            table.add_row(row(entry));
        }
        // Long paths wrap, so the deciding reason keeps most of the width.
        if let Some(col) = table.column_mut(0) {
            col.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(32)));
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    // Invalid inputs were already reported on standard error, one line per problem; the table
    // names them, so they are not repeated here.
    let findings: Vec<_> = entries
        .iter()
        .filter(|e| matches!(e, Entry::Checked(_)))
        .flat_map(Entry::findings)
        .collect();
    if !findings.is_empty() {
        out.push('\n');
    }
    for f in findings {
        let level = match f.level {
            Level::Error => paint("31", "error"),
            Level::Warning => paint("33", "warning"),
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
    let c = Counts::of(entries);
    // Open answers are rare: their count shows only when there are some.
    let partly = if c.unsettled > 0 {
        format!(", {} fit only partly", c.unsettled)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "\n{} checked: {} fit, {} do not fit{partly}, {} without `current:` (validated only), {} invalid; {} {}, {} {}\n",
        plural(c.total(), "profile"),
        c.fits,
        c.misfits,
        c.validated_only,
        c.invalid,
        c.errors,
        if c.errors == 1 { "error" } else { "errors" },
        c.warnings,
        if c.warnings == 1 { "warning" } else { "warnings" },
    ));
    out
}

fn row(entry: &Entry) -> Vec<String> {
    match entry {
        Entry::Checked(c) => {
            let warned = c.findings.iter().any(|f| f.category == Category::CloseCall);
            let fit = match c.verdict {
                Verdict::Fits => "fits",
                Verdict::Misfit => "DOES NOT FIT",
                Verdict::Unsettled => "fits only partly",
                Verdict::ValidatedOnly => "-",
            };
            let fit = if warned {
                format!("{fit}, close call")
            } else {
                fit.to_string()
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
