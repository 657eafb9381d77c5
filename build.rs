//! Embeds the default rule pack (`rules/`) into the binary, so the binary alone works anywhere.
//!
//! Every `*.yaml` file below `rules/` is listed; adding a rule file or a test case is a data
//! change that needs no edit to Rust code.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The same YAML module the crate uses, so the pack is parsed here exactly as at run time.
#[allow(dead_code)]
#[path = "src/yaml.rs"]
mod yaml;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files)?;
    files.sort();
    let mut code = String::from("/// The default rule pack: (path relative to `rules/`, contents).\npub static EMBEDDED_PACK: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&rules).expect("file is below rules/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");

    // The pack's own files (not its tests) parsed now, in compact form: loading the built-in
    // pack then costs no YAML parsing. A file that does not parse is left out and parsed at
    // run time, where its error is reported as for any pack.
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    code.push_str("/// The pack's files parsed at build time (`yaml::compact`).\npub static EMBEDDED_PARSED: &[(&str, &[u8])] = &[\n");
    for (n, file) in files.iter().enumerate() {
        let rel = file.strip_prefix(&rules).expect("file is below rules/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.contains('/') {
            continue;
        }
        let Ok(docs) = yaml::parse(&std::fs::read_to_string(file)?) else {
            continue;
        };
        let bin = out_dir.join(format!("pack-{n}.bin"));
        std::fs::write(&bin, yaml::compact::encode(&docs))?;
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            bin.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    // The pack's content hash (as `RulePack::sha256` computes it: path, NUL, text, NUL, in path
    // order), so no run spends time hashing the built-in pack.
    let mut by_rel: Vec<(String, &PathBuf)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&rules).expect("file is below rules/");
            (rel.to_string_lossy().replace('\\', "/"), f)
        })
        .collect();
    by_rel.sort();
    let mut hasher = Sha256::new();
    for (rel, file) in by_rel {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(file)?);
        hasher.update([0]);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    writeln!(
        code,
        "/// SHA-256 of the embedded pack.\npub const EMBEDDED_SHA256: &str = {hex:?};"
    )
    .expect("write to String");
    std::fs::write(out_dir.join("embedded_pack.rs"), code)
}
