//! Renderers for `archfit check`: one file per format, each from the check's
//! [`Entry`](crate::engine::check::Entry) list (decided in [`crate::engine::check`]) to text.

pub(crate) mod github;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod text;

use super::{plural, Framing, Item};
use crate::engine::check::{Checked, Counts, Entry, Invalid};

/// An output format of `archfit check`. The JSON format streams an object per input as it
/// is checked; the others write everything once every input has been checked.
pub(crate) trait Format: Sync {
    /// The object for one checked profile, rendered on any thread; `None` for formats that
    /// only write a document at the end.
    fn render(&self, _item: &Item<'_>, _checked: &Checked) -> Option<Vec<u8>> {
        None
    }

    /// The object for one invalid input, in its place among the others; `None` for formats
    /// that only write a document at the end.
    fn render_invalid(&self, _invalid: &Invalid) -> Option<Vec<u8>> {
        None
    }

    /// Whether the problems of invalid inputs also go to standard error. The formats CI
    /// systems read carry every problem themselves, so an Actions log shows each one once.
    fn problems_on_stderr(&self) -> bool {
        false
    }

    /// How the objects of [`Format::render`] are joined.
    fn framing(&self) -> Framing {
        Framing::joined_by("")
    }

    /// Takes back the buffer of an object once written.
    fn recycle(&self, _buffer: Vec<u8>) {}

    /// What follows the objects: the summary or the whole document, from every input.
    fn finish(&self, entries: &[Entry]) -> String;
}

/// The one-line summary of a check, e.g. `14 profiles checked: 12 fit, 1 close call, 1
/// misfit, 0 invalid`. Every input is counted in exactly one group; groups that are usually
/// empty (unsettled fits, accepted misfits, profiles without `current:`) are named only when they are not.
pub(crate) fn summary(c: &Counts) -> String {
    let mut parts = vec![
        format!("{} fit", c.fits),
        plural(c.close_calls, "close call"),
        plural(c.misfits, "misfit"),
    ];
    if c.unsettled > 0 {
        parts.push(format!("{} unsettled", c.unsettled));
    }
    if c.accepted > 0 {
        parts.push(format!("{} accepted", c.accepted));
    }
    if c.validated_only > 0 {
        parts.push(format!("{} without `current:`", c.validated_only));
    }
    parts.push(format!("{} invalid", c.invalid));
    format!(
        "{} checked: {}",
        plural(c.total(), "profile"),
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_group_that_is_not_usually_empty() {
        let c = Counts {
            fits: 12,
            close_calls: 1,
            misfits: 1,
            ..Counts::default()
        };
        assert_eq!(
            summary(&c),
            "14 profiles checked: 12 fit, 1 close call, 1 misfit, 0 invalid"
        );
        let c = Counts {
            fits: 1,
            accepted: 2,
            validated_only: 1,
            invalid: 1,
            ..Counts::default()
        };
        assert_eq!(
            summary(&c),
            "5 profiles checked: 1 fit, 0 close calls, 0 misfits, 2 accepted, 1 without `current:`, 1 invalid"
        );
    }
}
