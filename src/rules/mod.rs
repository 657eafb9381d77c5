//! Rule-pack tooling, behind `archfit rules`: a pack is data teams change, checked like code.
//! Lint (with its satisfiability check), the pack's own test cases, the analysis of the whole
//! profile space, and the comparison of two packs over a set of profiles.

pub(crate) mod analyze;
pub(crate) mod diff;
mod directions;
pub(crate) mod lint;
mod sat;
pub(crate) mod test;

#[cfg(test)]
mod default_pack_tests;
#[cfg(test)]
mod doc_examples;
