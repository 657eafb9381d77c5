//! Renderers for `archfit check`: one file per format, each from the check's
//! [`Entry`](crate::check::Entry) list (decided in [`crate::check`]) to text.

pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
