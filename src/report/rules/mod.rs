//! What `archfit rules …` prints: the pack's rules, lint findings, test results, the analysis
//! and the comparison of two packs.

pub mod analyze;
pub mod diff;
pub mod lint;
pub mod list;
pub mod test;
