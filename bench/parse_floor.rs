//! The benchmark's floor: walk a directory like `archfit recommend` does (sorted, recursive,
//! `*.yaml`/`*.yml`), read every file and run the same YAML parser (saphyr-parser) over it to
//! the last event, single-threaded, doing nothing with the result. No YAML-reading tool can be
//! faster than this, so archfit's time is reported as a ratio to it.
//!
//! `cargo build --release --example parse_floor`; run `parse_floor PATH...`.

use saphyr_parser::Parser;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            walk(&path, &mut files)?;
        } else {
            files.push(path);
        }
    }
    let mut events = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        for event in Parser::new_from_str(&text) {
            event?;
            events += 1;
        }
    }
    // Printed so the work cannot be optimised away, and as a sanity check.
    #[allow(clippy::print_stdout)]
    {
        println!("{} files, {events} events", files.len());
    }
    Ok(())
}
