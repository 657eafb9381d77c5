//! How wide the reports for people may be.

use crate::report::wrap::DEFAULT_WIDTH;

/// The width reports are filled to: `COLUMNS` when it holds a positive number (set by the user,
/// or by a script or test that wants a layout), else the terminal's width when standard output
/// is one, else 80, so a file or a pipe gets the same layout everywhere. The order is Python's
/// `shutil.get_terminal_size` and GNU `ls`'s.
pub(super) fn report_width(stdout_is_terminal: bool) -> usize {
    let terminal = stdout_is_terminal
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    choose(std::env::var("COLUMNS").ok().as_deref(), terminal)
}

fn choose(columns: Option<&str>, terminal: Option<usize>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or(terminal.filter(|&n| n > 0))
        .unwrap_or(DEFAULT_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn columns_then_the_terminal_then_eighty() {
        assert_eq!(choose(Some("132"), Some(100)), 132);
        assert_eq!(choose(Some(" 60 "), None), 60);
        assert_eq!(choose(None, Some(100)), 100);
        assert_eq!(choose(None, None), 80);
        // A value that is not a width is ignored, as if unset.
        for junk in ["", "0", "-5", "wide", "1e3"] {
            assert_eq!(choose(Some(junk), Some(100)), 100, "{junk:?}");
            assert_eq!(choose(Some(junk), None), 80, "{junk:?}");
        }
    }
}
