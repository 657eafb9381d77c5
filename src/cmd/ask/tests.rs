//! `archfit ask` sessions driven by a scripted prompter.
