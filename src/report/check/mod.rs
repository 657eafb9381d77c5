//! Renderers for `archfit check`: one file per format, each from the check's
//! [`Entry`](crate::engine::check::Entry) list (decided in [`crate::engine::check`]) to text.

pub(crate) mod github;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod text;

use super::{Framing, Item};
use crate::engine::check::{Checked, Entry};

/// An output format of `archfit check`. The JSON format streams an object per profile as it
/// is checked; the others write everything once every input has been checked.
pub(crate) trait Format: Sync {
    /// The object for one checked profile, rendered on any thread; `None` for formats that
    /// only write a document at the end.
    fn render(&self, _item: &Item<'_>, _checked: &Checked) -> Option<Vec<u8>> {
        None
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
