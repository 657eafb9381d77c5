//! What `archfit rules …` prints: the pack's rules, lint findings, test results, the analysis
//! and the comparison of two packs.

pub(crate) mod analyze;
pub(crate) mod diff;
pub(crate) mod lint;
pub(crate) mod list;
pub(crate) mod test;
