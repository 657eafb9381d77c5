//! The most a rule pack may hold.
//!
//! A pack given with `--rules` is data from a repository, and archfit's tooling searches over
//! it (`rules lint` proves conditions satisfiable, `rules analyze` walks the whole profile
//! space, every report looks for what would change its answer). These limits keep every one of
//! those searches, and the evaluation of a profile, bounded in time and memory whatever a pack
//! says; each is far above what a real pack needs (the built-in one has 19 fields, 5 patterns
//! and under 100 rules of a few comparisons each). The loader refuses a pack over a limit with
//! an error that names it. `docs/rules.md` lists them for pack authors.

/// Fields in the catalog.
pub const MAX_FIELDS: usize = 256;

/// Values of one enum field (a condition keeps them in a 64-bit mask).
pub const MAX_ENUM_VALUES: usize = 64;

/// Patterns in `patterns.yaml`.
pub const MAX_PATTERNS: usize = 32;

/// Rules in the whole pack.
pub const MAX_RULES: usize = 2_000;

/// Values in one `in:` or `not_in:` list.
pub const MAX_LIST: usize = 1_000;

/// Parts of one rule's condition: every comparison (each value of an `in:` list counts as
/// one) and every `all`, `any` and `not`.
pub const MAX_CONDITION_PARTS: usize = 2_000;

/// Parts of all the pack's conditions together.
pub const MAX_PACK_CONDITION_PARTS: usize = 50_000;

/// Largest score a rule may add or take away, so that no sum of scores can overflow to
/// infinity (or the difference of two to not-a-number).
pub const MAX_SCORE: f64 = 1_000.0;
