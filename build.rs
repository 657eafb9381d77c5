//! Embeds the default rule pack (`rules/`) into the binary, so the binary alone works anywhere.
//!
//! Every `*.yaml` file below `rules/` is listed; adding a rule file or a test case is a data
//! change that needs no edit to Rust code.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The crate's own loader, so the pack is validated and compiled here exactly as at run time:
// these modules name each other by `crate::…` and `super::…` paths, which hold here as well.
#[allow(dead_code)]
#[path = "src/diag.rs"]
mod diag;
#[allow(dead_code)]
#[path = "src/read.rs"]
mod read;
#[allow(dead_code)]
#[path = "src/suggest.rs"]
mod suggest;
#[allow(dead_code)]
#[path = "src/yaml.rs"]
mod yaml;
#[allow(dead_code)]
#[path = "src/pack"]
mod pack {
    #[path = "catalog.rs"]
    pub mod catalog;
    #[path = "codec.rs"]
    pub mod codec;
    #[path = "load.rs"]
    pub mod load;
    #[path = "rule.rs"]
    pub mod rule;
}

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
    let mut code = String::from("/// The default rule pack: (path relative to `rules/`, path as shown, contents).\npub static EMBEDDED_PACK: &[(&str, &str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&rules).expect("file is below rules/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, {:?}, include_str!({:?})),",
            format!("rules/{rel}"),
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");

    // The pack's own files (not its tests) validated and compiled now: starting archfit then
    // costs no YAML parsing and no validation. A pack that does not compile is embedded as an
    // empty blob and loaded from its text at run time, where its problems are reported as for
    // any pack (so `archfit rules lint rules/` still works on a broken pack).
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut pack_files = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&rules).expect("file is below rules/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.contains('/') {
            pack_files.push(pack::load::PackFile {
                display: format!("rules/{rel}").into(),
                path: rel.into(),
                text: std::fs::read_to_string(file)?.into(),
            });
        }
    }
    let encoded = pack::load::compile(&pack_files, "rules", |f| yaml::parse(&f.text))
        .map(|c| pack::codec::encode(&c))
        .unwrap_or(pack::codec::Encoded {
            bytes: Vec::new(),
            strings: String::new(),
        });
    let bin = out_dir.join("pack.bin");
    let strings = out_dir.join("pack-strings.txt");
    std::fs::write(&bin, encoded.bytes)?;
    std::fs::write(&strings, encoded.strings)?;
    writeln!(
        code,
        "/// The pack compiled at build time (`pack::codec`), or nothing if it did not compile.\n\
         pub static EMBEDDED_COMPILED: &[u8] = include_bytes!({:?});\n\
         /// Its texts.\npub static EMBEDDED_STRINGS: &str = include_str!({:?});",
        bin.display().to_string(),
        strings.display().to_string()
    )
    .expect("write to String");
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
