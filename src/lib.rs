//! archfit: which backend architecture fits this project, and why.
//!
//! The pipeline: [`pack`] loads a rule pack (the decision framework as data; the model itself is
//! the `archfit-pack` crate), [`profile`] turns YAML into a validated profile using the pack's
//! catalog, [`engine`] evaluates it, and [`report`] renders the evaluation. [`rules`] is the
//! tooling for packs themselves. [`cmd`] runs the commands on top, [`cli`] turns the command
//! line into their configuration, [`run`] is the process. ARCHITECTURE.md is the map.
//!
//! ```
//! use archfit::{engine::Engine, pack, profile, report};
//! use archfit::report::Format as _;
//!
//! let pack = pack::embedded().expect("the built-in pack is valid");
//! let text = "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n";
//! let profile = profile::parse_stream(text, "shop.yaml", "shop", &pack)
//!     .remove(0)
//!     .expect("a valid profile");
//! let eval = Engine::new(&pack).evaluate(&profile);
//! assert_eq!(pack.pattern_id(eval.recommendation), "monolith");
//! // Fields left out took their defaults and are reported as assumed.
//! assert!(!profile.assumed.is_empty());
//! // Every output format renders the same evaluation.
//! let item = report::Item { profile: &profile, eval: &eval };
//! let json = report::Json::new(&pack, false).render(&item);
//! assert!(String::from_utf8(json).unwrap().contains("\"recommendation\": \"monolith\""));
//! ```

// The library's public surface is what the examples above, the fuzz targets and the binary
// use: packs, profiles, the engine, the renderers, and `run::main`.
pub mod engine;
pub mod pack;
pub mod profile;
pub mod report;
pub mod run;

mod ask;
mod cli;
mod cmd;
mod date;
mod input;
mod rules;

#[cfg(test)]
mod test_support;
