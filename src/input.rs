//! Turning PATH arguments into the files to read, and reading them safely.
//!
//! Directories are walked in sorted order (so output order is stable), symbolic links are
//! followed with loop detection, and every file is size-checked before it is read and checked to
//! be UTF-8 after, so no parser ever sees a 100 MB file or binary garbage.

use archfit_pack::yaml::MAX_FILE_BYTES;
use archfit_pack::{yaml::Pos, Diagnostic};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file that marks a directory as a rule pack.
const PACK_MARKER: &str = "pack.yaml";

/// Where one profile stream comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// A PATH argument that names one file, or `-` for standard input.
    pub(crate) fn named(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(arg.into())
        }
    }

    /// The name shown in reports and errors.
    pub(crate) fn display(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".to_string(),
        }
    }

    /// The default profile name: the file's stem, or `stdin`.
    pub(crate) fn stem(&self) -> String {
        match self {
            Source::File(p) => p.file_stem().map_or_else(
                || "profile".to_string(),
                |s| s.to_string_lossy().into_owned(),
            ),
            Source::Stdin => "stdin".to_string(),
        }
    }

    pub(crate) fn read(&self) -> Result<String, Diagnostic> {
        match self {
            Source::File(p) => read_file(p),
            Source::Stdin => read_limited(std::io::stdin().lock(), || "<stdin>".to_string(), 0),
        }
    }
}

/// Expands PATH arguments (files, directories, `-`) in order. A problem with one argument is
/// reported in its place and does not stop the others.
pub(crate) fn expand(args: &[String]) -> Vec<Result<Source, Diagnostic>> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Ok(Source::Stdin));
            continue;
        }
        let path = PathBuf::from(arg);
        match std::fs::metadata(&path) {
            Err(e) => {
                let message = match std::fs::symlink_metadata(&path) {
                    Ok(_) => link_problem(&e),
                    Err(_) => io_reason(&e),
                };
                out.push(Err(Diagnostic::new(arg, None, message)));
            }
            Ok(meta) if meta.is_dir() && path.join(PACK_MARKER).is_file() => {
                out.push(Err(Diagnostic::new(
                    arg,
                    None,
                    "this directory is a rule pack, not a set of profiles",
                )
                .with_hint(Some(format!("to use it, pass `--rules {arg}`")))));
            }
            Ok(meta) if meta.is_dir() => {
                let (files, problems) = yaml_files(&path, true);
                if files.is_empty() && problems.is_empty() {
                    out.push(Err(Diagnostic::new(
                        arg,
                        None,
                        "no *.yaml or *.yml files found in this directory",
                    )));
                }
                // Broken entries are reported, and the good files beside them still evaluated.
                out.extend(problems.into_iter().map(Err));
                out.extend(files.into_iter().map(|f| Ok(Source::File(f))));
            }
            Ok(_) => out.push(Ok(Source::File(path))),
        }
    }
    out
}

/// Every `*.yaml`/`*.yml` file in `dir` (and below it when `deep`), sorted by path, and the
/// problems met on the way (unreadable directories, broken or looping links). Hidden entries
/// (names starting with `.`) and rule-pack directories below `dir` (those holding a
/// `pack.yaml`) are skipped. Callers report the problems and still use the files.
pub(crate) fn yaml_files(dir: &Path, deep: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    if let Ok(real) = dir.canonicalize() {
        visited.insert(real);
    }
    walk(dir, deep, &mut visited, &mut files, &mut problems);
    // No sort needed: the walk visits each directory's entries in name order, depth first,
    // which is exactly the order of the paths (they compare component by component).
    debug_assert!(files.is_sorted());
    (files, problems)
}

fn walk(
    dir: &Path,
    deep: bool,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Diagnostic::new(
                &dir.display().to_string(),
                None,
                io_reason(&e),
            ));
            return;
        }
    };
    // The entry's type comes with the directory listing on most systems, so plain files and
    // directories cost no `stat` call; only symbolic links (and unknown types) are followed.
    // Sorted by name, which within one directory is the order of the paths, and cheaper to
    // compare than whole paths.
    let mut paths: Vec<(std::ffi::OsString, PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e.path(), e.file_type().ok()))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path, kind) in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if kind.is_some_and(|k| k.is_file()) {
            if is_yaml(&path) {
                files.push(path);
            }
            continue;
        }
        let shown = path.display().to_string();
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                let message = if is_link {
                    link_problem(&e)
                } else {
                    io_reason(&e)
                };
                problems.push(Diagnostic::new(&shown, None, message));
                continue;
            }
        };
        if meta.is_dir() {
            // A directory holding a rule pack (its `pack.yaml`) is data for `--rules`, not a
            // set of profiles: `archfit recommend examples/` must not trip over
            // `examples/custom-pack/`.
            if !deep || path.join(PACK_MARKER).is_file() {
                continue;
            }
            match path.canonicalize() {
                Ok(real) if visited.insert(real.clone()) => {
                    walk(&path, deep, visited, files, problems)
                }
                Ok(_) => problems.push(Diagnostic::new(
                    &shown,
                    None,
                    "symbolic link loop: this directory was already visited",
                )),
                Err(e) => problems.push(Diagnostic::new(&shown, None, io_reason(&e))),
            }
        } else if is_yaml(&path) {
            files.push(path);
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Reads a file as UTF-8 text, refusing directories and anything over [`MAX_FILE_BYTES`]
/// before reading it.
pub(crate) fn read_file(path: &Path) -> Result<String, Diagnostic> {
    // The path as shown is only needed for a problem: made then, not for every file read.
    let shown = || path.display().to_string();
    let fail = |m: String| Diagnostic::new(&shown(), None, m);
    // Open, then ask the open file for its type and size: one path lookup per file instead of
    // two (a directory opens for reading on Unix, and is refused here before any read).
    let file = std::fs::File::open(path).map_err(|e| {
        // Windows refuses to open a directory at all; say what it is there too.
        if path.is_dir() {
            fail("is a directory, not a file".to_string())
        } else {
            fail(io_reason(&e))
        }
    })?;
    let meta = file.metadata().map_err(|e| fail(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".to_string()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(too_large(meta.len())));
    }
    read_limited(file, shown, meta.len())
}

fn too_large(len: u64) -> String {
    format!(
        "file is {len} bytes, over the {} KiB limit for profiles and rule files",
        MAX_FILE_BYTES / 1024
    )
}

/// Reads at most [`MAX_FILE_BYTES`] (a pipe or special file can be longer than its metadata says).
/// `expected` (the size the metadata gave, already checked against the limit) sizes the buffer.
fn read_limited(
    reader: impl Read,
    shown: impl Fn() -> String,
    expected: u64,
) -> Result<String, Diagnostic> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected.saturating_add(1)).unwrap_or(0));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::new(&shown(), None, io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            &shown(),
            None,
            format!(
                "input is over the {} KiB limit for profiles and rule files",
                MAX_FILE_BYTES / 1024
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]);
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let pos = Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        };
        Diagnostic::at(
            &shown(),
            pos,
            "not valid UTF-8 text (is this a binary file?)",
        )
    })
}

/// Why following a symbolic link failed: a loop (`a -> b -> a`, or a link to itself) is told
/// apart from a link whose target is missing, because the fixes differ.
fn link_problem(e: &std::io::Error) -> String {
    // ELOOP. `ErrorKind::FilesystemLoop` cannot be named on stable Rust yet, but its name shows.
    if format!("{:?}", e.kind()) == "FilesystemLoop" {
        "symbolic link loop: the link leads back to itself".to_string()
    } else {
        format!("broken symbolic link ({})", io_reason(e))
    }
}

/// An I/O error as a short phrase, without Rust's `(os error 2)` noise.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_lists_files_in_path_order_without_sorting_them() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a.yaml",
            "a/x.yaml",
            "a-b/y.yaml",
            "a/b/z.yaml",
            "b.yml",
            "B.yaml",
            "a/a.yaml",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "team_size: 1\n").unwrap();
        }
        let (files, problems) = yaml_files(dir.path(), true);
        assert!(problems.is_empty());
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        assert_eq!(files.len(), names.len());
    }
}
