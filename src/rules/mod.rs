//! Rule-pack tooling, behind `archfit rules`: a pack is data teams change, checked like code.
//! Lint (with its satisfiability check), the pack's own test cases, the analysis of the whole
//! profile space, and the comparison of two packs over a set of profiles.

pub mod analyze;
pub mod diff;
pub mod lint;
mod sat;
pub mod test;

#[cfg(test)]
mod default_pack_tests;
#[cfg(test)]
mod doc_examples;
