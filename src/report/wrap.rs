//! Fitting reports for people to the reader's terminal: prose filled to its width with a
//! hanging indent, tables told how wide they may be.
//!
//! Reasons run to nearly 300 characters; left to the terminal they break mid-word and lose
//! their indent. Lines break at spaces only (because-texts are English prose, and hyphenated
//! terms such as `request-response` stay whole); a word longer than a line, such as a long
//! path, is split where it must be.

use comfy_table::{ColumnConstraint, Table, Width};
use textwrap::{Options, WordSplitter};

/// Columns when the width is not known (output that is not a terminal, no `COLUMNS`): what
/// terminals open with, and what the README's examples show.
pub(crate) const DEFAULT_WIDTH: usize = 80;

/// Narrower than this, hanging indents leave too few columns for words: reports are laid out
/// for this width and the terminal wraps the rest.
pub(crate) const MIN_WIDTH: usize = 40;

/// `text` filled to `width` columns, its first line after `first`, the others after `rest`
/// (both count towards the width). No newline at the end.
pub(crate) fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let width = width.max(MIN_WIDTH);
    // Most lines of a report fit as they are: no character takes more columns than it has
    // bytes, so bytes within the width settle it without measuring (a tenth of the cost of a
    // report for people is otherwise spent measuring lines that fit).
    if first.len() + text.len() <= width && !text.contains('\n') {
        // As textwrap does, without the spaces a line ends with.
        return format!("{first}{}", text.trim_end_matches(' '));
    }
    filled(text, width, first, rest)
}

/// [`fill`] without the short cut, by textwrap.
fn filled(text: &str, width: usize, first: &str, rest: &str) -> String {
    // Hyphenated words stay whole: `request-response` and rule ids are single terms.
    let options = Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// The width to give a table: the report's, within what comfy-table takes.
pub(crate) fn table_width(width: usize) -> u16 {
    u16::try_from(width.max(MIN_WIDTH)).unwrap_or(u16::MAX)
}

/// How many columns `text` takes on a terminal (colour codes take none).
pub(crate) fn columns(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// Asks `table` to keep column `col`, whose longest cell is `longest` columns wide, unbroken
/// (a pattern id, a rule id or a path split in two reads as two words), as far as `room`
/// columns allow.
pub(crate) fn keep_whole(table: &mut Table, col: usize, longest: usize, room: usize) {
    // The constraint counts the cell's padding, a space either side.
    let keep = u16::try_from(longest.min(room) + 2).unwrap_or(u16::MAX);
    if let Some(c) = table.column_mut(col) {
        c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(keep)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_filled_with_a_hanging_indent_and_never_past_the_width() {
        let text = "Several teams that must work autonomously are on the article's list of reasons to avoid a monolith; in one codebase they step on each other's toes.";
        for width in [40, 60, 80] {
            let filled = fill(text, width, "  +3.0  ", "        ");
            let lines: Vec<&str> = filled.lines().collect();
            assert!(lines[0].starts_with("  +3.0  Several"), "{filled}");
            assert!(lines.len() > 1, "{filled}");
            for l in &lines {
                assert!(l.chars().count() <= width, "{width}: {l:?}");
            }
            for l in &lines[1..] {
                assert!(l.starts_with("        ") && !l.starts_with("         "));
            }
            // Words are whole: joined again, the lines give the text back.
            let words: Vec<&str> = filled.split_whitespace().collect();
            assert_eq!(words[1..].join(" "), text);
        }
    }

    #[test]
    fn the_short_cut_gives_what_textwrap_gives() {
        let texts = [
            "",
            "Trade-offs to watch",
            "  team_size: 6 → 13",
            "ends with spaces   ",
            "  ",
            "a\u{1b}[2mdim\u{1b}[0m text",
            "日本語のチーム名 and more",
            "exactly forty columns of text in a line",
        ];
        for text in texts {
            for first in ["", "  • "] {
                assert_eq!(
                    fill(text, 40, first, "    "),
                    filled(text, 40, first, "    "),
                    "{text:?} after {first:?}"
                );
            }
        }
    }

    #[test]
    fn a_tiny_width_is_raised_to_the_minimum() {
        let filled = fill(
            "one two three four five six seven eight nine ten",
            5,
            "",
            "",
        );
        assert_eq!(filled, "one two three four five six seven eight\nnine ten");
        assert_eq!(table_width(3), 40);
        assert_eq!(table_width(1_000_000), u16::MAX);
    }

    #[test]
    fn colour_codes_take_no_columns() {
        let dim = "\u{1b}[2m[Pattern 1 › When Monoliths Make Sense]\u{1b}[0m";
        let text = format!("A monolith must be scaled as a whole. {dim}");
        let filled = fill(&text, 80, "", "");
        assert_eq!(
            filled, text,
            "fits in 80 columns once the codes are not counted"
        );
    }
}
