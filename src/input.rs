//! Turning PATH arguments into the files to read, and reading them safely.
//!
//! Directories are walked in sorted order (so output order is stable), and every file is
//! size-checked before it is read and checked to be UTF-8 after, so no parser ever sees a
//! 100 MB file or binary garbage. Only regular files are read: a named pipe, a device or a
//! socket is refused before anything waits on it, so no input can make archfit hang.
//!
//! Symbolic links (docs/ci.md, "Symbolic links"): a path named on the command line is followed
//! wherever it leads, since the user named it. Inside a walk, a link to a file is read only
//! when the file lies inside the directory given, and a link to a directory is never followed:
//! a directory inside the walk is walked under its own name, once; one outside it is not
//! walked at all. Each link not followed is reported as a note. So a walk visits each
//! directory once, cannot loop, and never leaves the tree it was given (a link to `/` in a
//! pull request reads nothing).

use archfit_pack::printable::into_printable;
use archfit_pack::yaml::MAX_FILE_BYTES;
use archfit_pack::{yaml::Pos, Diagnostic};
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file that marks a directory as a rule pack.
const PACK_MARKER: &str = "pack.yaml";

/// Whether a directory holding a `pack.yaml` is a rule pack (one that loads), asked of the
/// layer that knows packs. A directory that is not one is walked like any other.
pub(crate) type IsPack<'a> = &'a dyn Fn(&Path) -> bool;

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

    /// The name shown in reports and errors, with any control character in a file name shown
    /// escaped (a file name is as much hostile input as the file).
    pub(crate) fn display(&self) -> String {
        match self {
            Source::File(p) => shown(p),
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

/// A path as people are shown it: printable.
fn shown(path: &Path) -> String {
    into_printable(path.display().to_string())
}

/// What the PATH arguments name: the inputs in order (a problem with one argument is reported
/// in its place and does not stop the others), and notes on what was skipped.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    pub sources: Vec<Result<Source, Diagnostic>>,
    pub notes: Vec<Diagnostic>,
}

/// Expands PATH arguments (files, directories, `-`) in order.
pub(crate) fn expand(args: &[String], is_pack: IsPack<'_>) -> Expanded {
    let mut out = Expanded::default();
    for arg in args {
        if arg == "-" {
            out.sources.push(Ok(Source::Stdin));
            continue;
        }
        let path = PathBuf::from(arg);
        let shown_arg = shown(&path);
        match std::fs::metadata(&path) {
            Err(e) => {
                let message = match std::fs::symlink_metadata(&path) {
                    Ok(_) => link_problem(&e),
                    Err(_) => io_reason(&e),
                };
                out.sources
                    .push(Err(Diagnostic::new(&shown_arg, None, message)));
            }
            Ok(meta) if meta.is_dir() && path.join(PACK_MARKER).is_file() && is_pack(&path) => {
                out.sources.push(Err(Diagnostic::new(
                    &shown_arg,
                    None,
                    "this directory is a rule pack, not a set of profiles",
                )
                .with_hint(Some(format!("to use it, pass `--rules {arg}`")))));
            }
            Ok(meta) if meta.is_dir() => {
                let walk = yaml_files(&path, true, is_pack);
                if walk.files.is_empty() && walk.problems.is_empty() {
                    out.sources.push(Err(Diagnostic::new(
                        &shown_arg,
                        None,
                        "no *.yaml or *.yml files found in this directory",
                    )));
                }
                // Broken entries are reported, and the good files beside them still evaluated.
                out.sources.extend(walk.problems.into_iter().map(Err));
                out.sources
                    .extend(walk.files.into_iter().map(|f| Ok(Source::File(f))));
                out.notes.extend(walk.notes);
                out.notes.extend(walk.links);
            }
            Ok(meta) if meta.is_file() => out.sources.push(Ok(Source::File(path))),
            Ok(meta) => out
                .sources
                .push(Err(not_regular(&shown_arg, meta.file_type()))),
        }
    }
    out
}

/// A named path that is not a regular file or a directory.
fn not_regular(shown: &str, kind: FileType) -> Diagnostic {
    Diagnostic::new(
        shown,
        None,
        format!("is {}, not a regular file", kind_name(kind)),
    )
    .with_hint(Some(
        "archfit reads regular files; to read from a pipe, pass `-` and redirect it to standard input".to_string(),
    ))
}

/// "a named pipe", "a character device", … for an error.
fn kind_name(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Every `*.yaml`/`*.yml` file, sorted by path.
    pub files: Vec<PathBuf>,
    /// Entries that should have been read and cannot be: unreadable directories, broken
    /// links named like profiles, pipes and devices named like profiles.
    pub problems: Vec<Diagnostic>,
    /// What was skipped on purpose, and why: rule packs, broken links not named like
    /// profiles.
    pub notes: Vec<Diagnostic>,
    /// Symbolic links not followed (to directories, or to files outside the walk).
    pub links: Vec<Diagnostic>,
}

/// One directory entry, as its listing describes it (no `stat` for plain files and
/// directories).
struct Entry {
    name: std::ffi::OsString,
    path: PathBuf,
    kind: Option<FileType>,
}

/// Every `*.yaml`/`*.yml` file in `dir` (and below it when `deep`), sorted by path, and what
/// was met on the way. Hidden entries (names starting with `.`) and rule-pack directories below
/// `dir` are skipped; symbolic links follow the policy at the top of this module. Callers
/// report the problems and notes and still use the files.
///
/// Each directory costs one listing and each entry at most one `stat` (only links cost a
/// path resolution), so a walk is linear in the entries however deep the tree.
pub(crate) fn yaml_files(dir: &Path, deep: bool, is_pack: IsPack<'_>) -> Walk {
    let mut walk = Walk::default();
    // The real place of the root, to tell links that stay inside it from links that leave:
    // resolved once, and only when a link is met.
    let mut root: Option<Option<PathBuf>> = None;
    // Depth first, in name order: a stack of each open directory's entries still to visit,
    // last first. Explicit, so a tree thousands of levels deep needs no deep call stack.
    let mut stack: Vec<Vec<Entry>> = Vec::new();
    match list(dir) {
        Ok(entries) => stack.push(entries),
        Err(d) => walk.problems.push(d),
    }
    while let Some(top) = stack.last_mut() {
        let Some(entry) = top.pop() else {
            stack.pop();
            continue;
        };
        if entry.name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Entry { path, kind, .. } = entry;
        let kind = match kind {
            Some(kind) => kind,
            // The listing could not say: ask the file system, without following a link.
            None => match std::fs::symlink_metadata(&path) {
                Ok(m) => m.file_type(),
                Err(e) => {
                    walk.problems
                        .push(Diagnostic::new(&shown(&path), None, io_reason(&e)));
                    continue;
                }
            },
        };
        if kind.is_file() {
            if is_yaml(&path) {
                walk.files.push(path);
            }
        } else if kind.is_dir() {
            if !deep {
                continue;
            }
            // A directory holding a rule pack (its `pack.yaml`) is data for `--rules`, not a
            // set of profiles: `archfit recommend examples/` must not trip over
            // `examples/custom-pack/`. One that only holds a file of that name is walked.
            if path.join(PACK_MARKER).is_file() {
                if is_pack(&path) {
                    walk.notes.push(
                        Diagnostic::new(&shown(&path), None, "skipped: a rule pack, not profiles")
                            .with_hint(Some(format!("to use it, pass `--rules {}`", shown(&path)))),
                    );
                    continue;
                }
                walk.notes.push(Diagnostic::new(
                    &shown(&path),
                    None,
                    format!(
                        "holds a {PACK_MARKER} but is not a rule pack that loads; its files are read as profiles"
                    ),
                ));
            }
            match list(&path) {
                Ok(entries) => stack.push(entries),
                Err(d) => walk.problems.push(d),
            }
        } else if kind.is_symlink() {
            let root = root.get_or_insert_with(|| dir.canonicalize().ok());
            link(&path, deep, root.as_deref(), dir, &mut walk);
        } else if is_yaml(&path) {
            // A named pipe, socket or device named like a profile: reading it could block
            // forever or never end.
            walk.problems.push(not_regular(&shown(&path), kind));
        }
    }
    // No sort needed: the walk visits each directory's entries in name order, depth first,
    // which is exactly the order of the paths (they compare component by component).
    debug_assert!(walk.files.is_sorted());
    walk
}

/// A directory's entries, in reverse name order (the walk pops them from the end). Sorted
/// by name, which within one directory is the order of the paths, and cheaper to compare
/// than whole paths.
fn list(dir: &Path) -> Result<Vec<Entry>, Diagnostic> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Diagnostic::new(&shown(dir), None, io_reason(&e)))?;
    let mut out: Vec<Entry> = entries
        .filter_map(Result::ok)
        .map(|e| Entry {
            name: e.file_name(),
            path: e.path(),
            kind: e.file_type().ok(),
        })
        .collect();
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

/// A symbolic link met in a walk of `dir` (whose real place is `root`): read, reported or
/// noted as skipped, by the policy at the top of this module.
fn link(path: &Path, deep: bool, root: Option<&Path>, dir: &Path, walk: &mut Walk) {
    let yaml = is_yaml(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let d = Diagnostic::new(&shown(path), None, link_problem(&e));
            // A broken link named like a profile is a profile that cannot be read; any other
            // is only noted (it could have been a directory, or anything else).
            if yaml {
                walk.problems.push(d);
            } else {
                walk.notes.push(d);
            }
            return;
        }
    };
    let walkable = yaml || (meta.is_dir() && deep);
    if !walkable {
        // Not something a walk reads.
        return;
    }
    let target = path.canonicalize().ok();
    let inside = match (&target, root) {
        (Some(t), Some(r)) => t.starts_with(r),
        _ => false,
    };
    // Where the link itself is, really: the walk follows no link to a directory, so that is
    // the root's real place and the link's path below it.
    let home = root.and_then(|r| {
        let below = path.strip_prefix(dir).ok()?.parent()?;
        Some(r.join(below))
    });
    let note = |message: String| Diagnostic::new(&shown(path), None, message);
    if meta.is_dir() {
        let message = match (&target, &home) {
            (Some(t), Some(h)) if h.starts_with(t) => {
                "not followed: a link to a directory that holds it (a loop)".to_string()
            }
            _ if inside => format!(
                "not followed: a link to a directory inside {}, which is walked under its own name",
                shown(dir)
            ),
            _ => format!("not followed: a link to a directory outside {}", shown(dir)),
        };
        walk.links.push(note(message));
    } else if !meta.is_file() {
        walk.problems
            .push(not_regular(&shown(path), meta.file_type()));
    } else if inside {
        walk.files.push(path.to_path_buf());
    } else {
        walk.links.push(note(format!(
            "not read: a link to a file outside {}",
            shown(dir)
        )));
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Reads a file as UTF-8 text, refusing anything but a regular file, and anything over
/// [`MAX_FILE_BYTES`], before reading it.
pub(crate) fn read_file(path: &Path) -> Result<String, Diagnostic> {
    read_regular(path, Links::Follow).map(|(text, _)| text)
}

/// [`read_file`], with the file's metadata, and following a symbolic link only if `links`
/// says so.
pub(crate) fn read_regular(path: &Path, links: Links) -> Result<(String, Metadata), Diagnostic> {
    let (file, meta) = open_regular(path, links)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(&shown(path), None, too_large(meta.len())));
    }
    let text = read_limited(file, || shown(path), meta.len())?;
    Ok((text, meta))
}

/// Whether [`open_regular`] may follow a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    Follow,
    /// The path itself must be the file: a link is refused (a file archfit rewrites, whose
    /// link could point anywhere).
    Refuse,
}

/// Opens `path` for reading if it is a regular file, with its metadata.
///
/// Opened first and asked after (one path lookup, and no gap between the check and the open
/// in which the file could be swapped): on Unix the open does not wait, so a named pipe with no
/// writer is refused instead of hanging archfit, and with [`Links::Refuse`] it fails on a link.
pub(crate) fn open_regular(path: &Path, links: Links) -> Result<(File, Metadata), Diagnostic> {
    let fail = |m: String| Diagnostic::new(&shown(path), None, m);
    let file = open_nonblocking(path, links).map_err(|e| {
        if links == Links::Refuse && is_link(path) {
            fail("is a symbolic link; archfit only rewrites the file itself".to_string())
        } else if path.is_dir() {
            // Windows refuses to open a directory at all; say what it is there too.
            fail("is a directory, not a file".to_string())
        } else if is_link(path) {
            fail(link_problem(&e))
        } else {
            fail(io_reason(&e))
        }
    })?;
    let meta = file.metadata().map_err(|e| fail(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".to_string()));
    }
    if !meta.is_file() {
        return Err(not_regular(&shown(path), meta.file_type()));
    }
    Ok((file, meta))
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(unix)]
fn open_nonblocking(path: &Path, links: Links) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    if links == Links::Refuse {
        flags |= OFlags::NOFOLLOW;
    }
    // Reading a regular file ignores O_NONBLOCK; it only keeps the open from waiting for a
    // writer at a pipe.
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path, links: Links) -> std::io::Result<File> {
    let meta = if links == Links::Refuse {
        std::fs::symlink_metadata(path)?
    } else {
        std::fs::metadata(path)?
    };
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other("is a symbolic link"));
    }
    File::open(path)
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
        let Walk {
            files, problems, ..
        } = yaml_files(dir.path(), true, &|_| false);
        assert!(problems.is_empty());
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        assert_eq!(files.len(), names.len());
    }
}
