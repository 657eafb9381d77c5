//! What the build of the archfit binary embeds: the default pack's files, the pack compiled
//! (see [`crate::codec`]) and its hash, so the binary alone works anywhere and starting it
//! costs no YAML parsing. `build.rs` calls [`embed`]; a pack that does not load fails the build
//! with the loader's own diagnostics, as `archfit rules lint` would print them.

use crate::model::PackFile;
use crate::pack::sha256;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The name of the Rust file [`embed`] writes in the output directory, for `include!`.
pub const RUST_FILE: &str = "embedded_pack.rs";

/// Compiles the pack in `rules` and writes into `out` the Rust file that embeds it
/// ([`RUST_FILE`]: `EMBEDDED_PACK` with every file as `(path in the pack, path as shown,
/// text)`, `EMBEDDED_COMPILED` and `EMBEDDED_STRINGS` for [`crate::codec::decode`],
/// `EMBEDDED_SHA256`, `EMBEDDED_NAME` and `EMBEDDED_VERSION`), plus the two files it includes. Returns the files read, for the build to
/// watch; or every problem, one line each.
pub fn embed(rules: &Path, out: &Path) -> Result<Vec<PathBuf>, Vec<String>> {
    let one = |e: std::io::Error, what: &Path| vec![format!("{}: {e}", what.display())];
    let mut paths = Vec::new();
    collect(rules, &mut paths).map_err(|e| one(e, rules))?;
    paths.sort();
    let mut files = Vec::new();
    for path in &paths {
        let rel = path
            .strip_prefix(rules)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|e| one(e, path))?;
        files.push(PackFile {
            display: format!("rules/{rel}").into(),
            path: rel.into(),
            text: text.into(),
        });
    }
    let compiled = crate::load::compile(&files, "rules")
        .map_err(|diags| diags.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let encoded = crate::codec::encode(&compiled);

    let bin = out.join("pack.bin");
    let strings = out.join("pack-strings.txt");
    std::fs::write(&bin, encoded.bytes).map_err(|e| one(e, &bin))?;
    std::fs::write(&strings, encoded.strings).map_err(|e| one(e, &strings))?;
    let mut code = String::from(
        "/// The default rule pack: (path relative to `rules/`, path as shown, contents).\n\
         pub(crate) static EMBEDDED_PACK: &[(&str, &str, &str)] = &[\n",
    );
    for (file, path) in files.iter().zip(&paths) {
        let _ = writeln!(
            code,
            "    ({:?}, {:?}, include_str!({:?})),",
            file.path,
            file.display,
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// The pack compiled at build time (`archfit_pack::codec`).\n\
         pub(crate) static EMBEDDED_COMPILED: &[u8] = include_bytes!({:?});\n\
         /// Its texts.\npub(crate) static EMBEDDED_STRINGS: &str = include_str!({:?});\n\
         /// SHA-256 of the embedded pack (`archfit_pack::sha256`).\n\
         pub(crate) const EMBEDDED_SHA256: &str = {:?};\n\
         /// Its name and version, for `--version` without decoding the pack.\n\
         pub(crate) const EMBEDDED_NAME: &str = {:?};\n\
         pub(crate) const EMBEDDED_VERSION: &str = {:?};",
        bin.display().to_string(),
        strings.display().to_string(),
        sha256(&files),
        compiled.meta.name.to_string(),
        compiled.meta.version.to_string(),
    );
    let rust = out.join(RUST_FILE);
    std::fs::write(&rust, code).map_err(|e| one(e, &rust))?;
    Ok(paths)
}

/// Every `*.yaml`/`*.yml` file below `dir`.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/packs")
            .join(name)
    }

    #[test]
    fn a_valid_pack_is_embedded_in_a_form_that_decodes() {
        let out = tempfile::tempdir().unwrap();
        let read = embed(&fixture("valid"), out.path()).unwrap();
        assert!(read.iter().any(|p| p.ends_with("tests/cases.yaml")));
        let rust = std::fs::read_to_string(out.path().join(RUST_FILE)).unwrap();
        assert!(rust.contains("(\"catalog.yaml\", \"rules/catalog.yaml\", include_str!("));
        let bytes = std::fs::read(out.path().join("pack.bin")).unwrap();
        let strings = std::fs::read_to_string(out.path().join("pack-strings.txt")).unwrap();
        assert!(crate::codec::decode(bytes.leak(), strings.leak()).is_some());
    }

    #[test]
    fn a_broken_pack_fails_with_the_loaders_diagnostics() {
        let out = tempfile::tempdir().unwrap();
        let problems = embed(&fixture("unknown-field"), out.path()).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("rules/rules.yaml:") && p.contains("unknown field")),
            "{problems:?}"
        );
        assert!(!out.path().join(RUST_FILE).exists());
    }
}
