//! Where rule packs come from: the built-in one, compiled into the binary when archfit is
//! built, or a directory given with `--rules`. What a pack is lives in the `archfit-pack`
//! crate, re-exported here.

pub use archfit_pack::yaml::Pos;
pub use archfit_pack::*;

use crate::input;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_pack.rs"));
}

/// The default pack, compiled into the binary by `build.rs` (which refuses to build a pack
/// that does not load), so starting archfit only decodes it.
pub fn embedded() -> Result<RulePack, Diagnostics> {
    let files: Vec<PackFile> = embedded::EMBEDDED_PACK
        .iter()
        .map(|&(path, display, text)| PackFile {
            path: path.into(),
            display: display.into(),
            text: text.into(),
        })
        .collect();
    match codec::decode(embedded::EMBEDDED_COMPILED, embedded::EMBEDDED_STRINGS) {
        Some(compiled) => Ok(RulePack::from_compiled(compiled, files, "embedded")
            .with_sha256(embedded::EMBEDDED_SHA256.to_string())),
        None => Err(Diagnostics(vec![Diagnostic::new(
            "rules",
            None,
            "the compiled form embedded at build time does not decode",
        )])),
    }
}

/// The built-in pack's name, version and sha256, known without decoding it.
pub(crate) fn embedded_identity() -> (&'static str, &'static str, &'static str) {
    (
        embedded::EMBEDDED_NAME,
        embedded::EMBEDDED_VERSION,
        embedded::EMBEDDED_SHA256,
    )
}

/// A pack from a directory of the same layout as `rules/`. Every problem of every file is
/// reported.
pub fn from_dir(dir: &Path) -> Result<RulePack, Diagnostics> {
    let shown = dir.display().to_string();
    let fail = |message: String| Diagnostics(vec![Diagnostic::new(&shown, None, message)]);
    if !dir.is_dir() {
        return Err(fail(if dir.exists() {
            "the rule pack must be a directory".to_string()
        } else {
            "rule pack directory not found".to_string()
        }));
    }
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    for (sub, deep) in [("", false), ("tests", true)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        let (found, trouble) = input::yaml_files(&base, deep);
        paths.extend(found);
        problems.extend(trouble);
    }
    let mut files = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        match input::read_file(&path) {
            Ok(text) => files.push(PackFile {
                path: rel.into(),
                display: path.display().to_string().into(),
                text: text.into(),
            }),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    RulePack::from_files(files, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_pack_compiled_at_build_time_is_the_pack_loaded_now() {
        let decoded = codec::decode(embedded::EMBEDDED_COMPILED, embedded::EMBEDDED_STRINGS)
            .expect("build.rs compiled rules/");
        let pack = embedded().unwrap();
        assert_eq!(pack.sha256(), sha256(&pack.files));
        assert_eq!(decoded, compile(&pack.files, "embedded").unwrap());
    }
}
