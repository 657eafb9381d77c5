//! archfit: which backend architecture fits this project, and why.
//!
//! The pipeline: [`pack`] loads a rule pack (the decision framework as data), [`profile`] turns
//! YAML into a validated profile using the pack's catalog, [`engine`] evaluates it, and
//! [`report`] renders the evaluation. [`cli`] sits on top.
//!
//! ```
//! use archfit::{engine, pack::RulePack, profile};
//!
//! let pack = RulePack::embedded().expect("the built-in pack is valid");
//! let text = "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n";
//! let profile = profile::parse_stream(text, "shop.yaml", "shop", &pack)
//!     .remove(0)
//!     .expect("a valid profile");
//! let eval = engine::evaluate(&pack, &profile);
//! assert_eq!(pack.pattern_id(eval.recommendation), "monolith");
//! // Fields left out took their defaults and are reported as assumed.
//! assert!(!profile.assumed.is_empty());
//! ```

pub mod analysis;
pub mod ask;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod date;
pub mod diag;
pub mod engine;
pub mod input;
pub mod lint;
pub mod pack;
pub mod packtest;
pub mod profile;
pub mod profile_writer;
pub mod read;
pub mod report;
pub mod schema;
pub mod suggest;
pub mod yaml;
