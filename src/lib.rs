//! archfit: which backend architecture fits this project, and why.
//!
//! The pipeline: [`pack`] loads a rule pack (the decision framework as data), [`profile`] turns
//! YAML into a validated profile using the pack's catalog, [`engine`] evaluates it, and
//! [`report`] renders the evaluation. [`cli`] sits on top.

pub mod ask;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod engine;
pub mod input;
pub mod pack;
pub mod packtest;
pub mod profile;
pub mod profile_writer;
pub mod read;
pub mod report;
pub mod suggest;
pub mod yaml;
