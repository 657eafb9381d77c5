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

/// A pack from a directory of the same layout as `rules/`. Every problem of every file is
/// reported.
///
/// A pack is read whole or not at all: a file of it that cannot be read, and a symbolic link
/// that would take a file from outside the pack (or a directory of cases from anywhere), is a
/// problem, not something skipped, because a rule file left out silently changes decisions.
pub fn from_dir(dir: &Path) -> Result<RulePack, Diagnostics> {
    let (files, problems) = read_dir(dir, true)?;
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    RulePack::from_files(files, &dir.display().to_string())
}

/// Whether `dir` holds a rule pack whose files load (its cases in `tests/` aside): what makes a
/// directory met in a walk of profiles a pack to skip rather than a directory to walk.
pub(crate) fn is_pack_dir(dir: &Path) -> bool {
    match read_dir(dir, false) {
        Ok((files, problems)) => {
            problems.is_empty() && compile(&files, &dir.display().to_string()).is_ok()
        }
        Err(_) => false,
    }
}

/// The files of the pack in `dir` (with its `tests/` when `tests`), and the problems met.
fn read_dir(dir: &Path, tests: bool) -> Result<(Vec<PackFile>, Vec<Diagnostic>), Diagnostics> {
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
    let parts: &[(&str, bool)] = if tests {
        &[("", false), ("tests", true)]
    } else {
        &[("", false)]
    };
    for &(sub, deep) in parts {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        let walk = input::yaml_files(&base, deep, &is_pack_dir);
        paths.extend(walk.files);
        problems.extend(walk.problems);
        problems.extend(walk.links.into_iter().map(|d| {
            d.with_hint(Some(
                "a rule pack's files must be inside it: copy the file or directory in".to_string(),
            ))
        }));
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
    Ok((files, problems))
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
