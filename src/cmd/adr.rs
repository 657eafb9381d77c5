//! `archfit adr PROFILE`: write the decision as the next numbered Architecture Decision Record.
//!
//! Records are append-only history, and a records directory is shared by everyone who writes
//! to it. So:
//! - a new record never overwrites a file, and appears whole or not at all: it is written to a
//!   temporary file beside it (a random name, created exclusively, never through a link),
//!   flushed to disk, then renamed into place without replacing anything;
//! - runs in the same directory take turns (a lock on the directory, released when the process
//!   ends however it ends), so parallel runs take distinct numbers and one record is superseded
//!   once;
//! - `--supersedes N` rewrites only the status line of record N, the same way, keeping its line
//!   endings and permissions; record N must be a regular file (not a link), and if it cannot be
//!   updated the new record is removed again, so the history never links one way only.

use super::{load_pack, read_one, Error, Exit, Result, TAKES_ONE};
use crate::engine::Engine;
use crate::input::{self, Links, Source};
use crate::pack::Diagnostic;
use crate::report::markdown::{Link, Markdown, Record};
use crate::report::Item;
use anyhow::Context as _;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which profile to record, where, and what it replaces.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--rules DIR`, or the built-in pack.
    pub rules: Option<PathBuf>,
    /// A file, or `-` for standard input.
    pub profile: String,
    /// The directory of the records.
    pub dir: PathBuf,
    pub date: String,
    /// The number of the record the new one supersedes.
    pub supersedes: Option<u32>,
    /// `--force`: write a new record even when the latest one for this profile already says
    /// the same.
    pub force: bool,
}

/// A problem with the records directory or one of its records.
fn refuse(path: &Path, message: String, hint: Option<String>) -> Error {
    Error::Invalid(vec![Diagnostic::new(
        &path.display().to_string(),
        None,
        message,
    )
    .with_hint(hint)])
}

/// The record being superseded, as read.
struct Old {
    number: u32,
    file: String,
    path: PathBuf,
    text: String,
    #[cfg(unix)]
    mode: u32,
}

pub(crate) fn run(config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> Result {
    let pack = load_pack(config.rules.as_deref())?;
    let profile = read_one(&Source::named(&config.profile), pack, &TAKES_ONE)?;
    let dir = &config.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(refuse(dir, "not a directory".to_string(), None));
    }
    if let (Some(n), false) = (config.supersedes, dir.is_dir()) {
        // Nothing to supersede, and nothing is created.
        return Err(refuse(
            dir,
            format!("no record {n:04} to supersede"),
            Some("the directory holds no numbered records".to_string()),
        ));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // From here to the end, other `archfit adr` runs in this directory wait.
    let _turn = lock(dir).with_context(|| format!("cannot lock {}", dir.display()))?;
    let records = numbered(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    // Everything that can be refused is checked before anything is written.
    let old = match config.supersedes {
        None => None,
        Some(n) => Some(read_old(dir, &records, n)?),
    };
    let last = records.iter().map(|(k, _)| *k).max().unwrap_or(0);
    let Some(number) = last.checked_add(1) else {
        return Err(refuse(
            dir,
            format!("record {last} is the highest number there is; no next number"),
            None,
        ));
    };
    let file = format!("{number:04}-architecture-for-{}.md", slug(&profile.name));
    let new_link = Link {
        number,
        file: file.clone(),
    };
    let edited = match &old {
        None => None,
        Some(old) => Some(match supersede(&old.text, &new_link) {
            Status::Edited(text) => text,
            Status::Missing => {
                return Err(refuse(
                    &old.path,
                    format!(
                        "no status line to mark as superseded (expected `- Status: …` or a `## Status` section); record {:04} left unchanged",
                        old.number
                    ),
                    None,
                ));
            }
            Status::AlreadySuperseded(status) => {
                return Err(refuse(
                    &old.path,
                    format!(
                        "record {:04} is already superseded (its status: {status}); left unchanged",
                        old.number
                    ),
                    Some("supersede the record that replaced it instead".to_string()),
                ));
            }
        }),
    };

    let eval = Engine::new(pack).evaluate(&profile);
    let text = Markdown::new(pack, config.date.clone()).record(
        &Item {
            profile: &profile,
            eval: &eval,
        },
        &Record {
            number: Some(number),
            supersedes: old.as_ref().map(|o| Link {
                number: o.number,
                file: o.file.clone(),
            }),
        },
    );
    // Run twice on an unchanged profile, adr would add a second record of the same decision.
    if !config.force && old.is_none() {
        if let Some(same) = same_decision(dir, &records, &profile.name, &text) {
            writeln!(
                err,
                "warning: {} already records this decision for an unchanged profile; nothing \
                 written (--force writes a new record anyway)",
                same.display()
            )?;
            return Ok(Exit::Success);
        }
    }
    let path = dir.join(&file);
    write_new(dir, &path, &text)?;
    if let (Some(old), Some(edited)) = (&old, edited) {
        if let Err(e) = replace(old, &edited) {
            // The new record says it supersedes one that does not say so: take it back.
            let undone = std::fs::remove_file(&path).and_then(|()| sync_dir(dir));
            let outcome = match undone {
                Ok(()) => format!("{} was removed again", path.display()),
                Err(u) => format!("{} could not be removed either: {u}", path.display()),
            };
            return Err(e
                .context(format!(
                    "record {:04} could not be marked as superseded; {outcome}",
                    old.number
                ))
                .into());
        }
    }
    writeln!(out, "{}", path.display())?;
    Ok(Exit::Success)
}

/// The latest record for a profile named `name`, if it records the same decision as `text`:
/// everything from its first section on is the same (the heading, status, date and links
/// above it may differ). A record that cannot be read counts as different.
fn same_decision(dir: &Path, records: &[(u32, String)], name: &str, text: &str) -> Option<PathBuf> {
    let suffix = format!("-architecture-for-{}.md", slug(name));
    let (_, file) = records
        .iter()
        .filter(|(_, f)| f.ends_with(&suffix))
        .max_by_key(|(k, _)| *k)?;
    let path = dir.join(file);
    let (old, _) = input::read_regular(&path, Links::Refuse).ok()?;
    let body = |t: &str| t.find("\n## ").map(|i| t[i..].to_string());
    (body(&old)? == body(text)?).then_some(path)
}

/// Record `n` of `records` in `dir`, read to be superseded: it must exist and be a regular
/// file of a sensible size (not a link, a pipe or a device, any of which could make archfit
/// read without end or write somewhere else).
fn read_old(dir: &Path, records: &[(u32, String)], n: u32) -> Result<Old> {
    let Some((_, file)) = records.iter().find(|(k, _)| *k == n) else {
        let known: Vec<String> = records.iter().map(|(k, _)| format!("{k:04}")).collect();
        let hint = if known.is_empty() {
            "the directory holds no numbered records".to_string()
        } else {
            format!("records there: {}", known.join(", "))
        };
        return Err(refuse(
            dir,
            format!("no record {n:04} to supersede"),
            Some(hint),
        ));
    };
    let path = dir.join(file);
    let (text, meta) =
        input::read_regular(&path, Links::Refuse).map_err(|d| Error::Invalid(vec![d]))?;
    #[cfg(not(unix))]
    let _ = meta;
    Ok(Old {
        number: n,
        file: file.clone(),
        path,
        text,
        #[cfg(unix)]
        mode: {
            use std::os::unix::fs::PermissionsExt as _;
            meta.permissions().mode() & 0o7777
        },
    })
}

/// Holds the records directory for this run: other runs wait until this process ends.
#[cfg(unix)]
fn lock(dir: &Path) -> std::io::Result<File> {
    let handle = File::open(dir)?;
    rustix::fs::flock(&handle, rustix::fs::FlockOperation::LockExclusive)?;
    Ok(handle)
}

/// Without `flock`, runs do not take turns; the exclusive creation of each record still
/// keeps one from replacing another.
#[cfg(not(unix))]
fn lock(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Makes the renames in `dir` durable: a record that was reported written survives a crash.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The numbered records in `dir` (`0003-anything.md`), sorted by number.
fn numbered(dir: &Path) -> std::io::Result<Vec<(u32, String)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(n) = record_number(&name) {
            found.push((n, name));
        }
    }
    found.sort();
    Ok(found)
}

/// `0007-architecture-for-acme-shop.md` → 7. Digits up to the first `-`, a `.md` name.
fn record_number(name: &str) -> Option<u32> {
    let (digits, _) = name.strip_suffix(".md")?.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A file-name slug of a profile name: lower-case ASCII letters and digits, words joined by `-`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let s: String = s.chars().take(60).collect();
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "profile".to_string()
    } else {
        s.to_string()
    }
}

/// What marking a record as superseded gives.
#[derive(Debug, PartialEq, Eq)]
enum Status {
    /// The record's text with its status line changed.
    Edited(String),
    /// No status line archfit recognises.
    Missing,
    /// The status says it is superseded already (the status text, as written).
    AlreadySuperseded(String),
}

/// Record text with its status marked as superseded by `by`: MADR's `- Status: …` /
/// `* Status: …`, front matter `status: …`, or adr-tools' `## Status` heading followed by a
/// paragraph. Every other byte is kept, line endings included (a record written on Windows
/// keeps its CRLF).
fn supersede(text: &str, by: &Link) -> Status {
    // Lines with their endings; the edit replaces only a line's content.
    let mut lines: Vec<(String, &str)> = text
        .split_inclusive('\n')
        .map(|l| {
            let content = l.trim_end_matches(['\n', '\r']);
            (content.to_string(), &l[content.len()..])
        })
        .collect();
    let status = format!("superseded by {}", by.markdown());
    let already = |value: &str| {
        let value = value.trim();
        value
            .to_ascii_lowercase()
            .starts_with("superseded")
            .then(|| value.to_string())
    };
    let found = lines.iter().position(|(l, _)| {
        let t = l.trim_start().to_ascii_lowercase();
        t.starts_with("- status:") || t.starts_with("* status:") || t.starts_with("status:")
    });
    if let Some(i) = found {
        let Some((line, _)) = lines.get_mut(i) else {
            return Status::Missing;
        };
        let Some(colon) = line.find(':') else {
            return Status::Missing;
        };
        if let Some(current) = line.get(colon + 1..).and_then(already) {
            return Status::AlreadySuperseded(current);
        }
        let head = line.get(..=colon).unwrap_or_default().to_string();
        *line = format!("{head} {status}");
    } else {
        let Some(heading) = lines
            .iter()
            .position(|(l, _)| l.trim().eq_ignore_ascii_case("## status"))
        else {
            return Status::Missing;
        };
        let Some(body) = lines
            .iter()
            .skip(heading + 1)
            .position(|(l, _)| !l.trim().is_empty())
            .map(|k| k + heading + 1)
        else {
            return Status::Missing;
        };
        let Some((line, _)) = lines.get_mut(body) else {
            return Status::Missing;
        };
        if line.starts_with('#') {
            return Status::Missing;
        }
        if let Some(current) = already(line) {
            return Status::AlreadySuperseded(current);
        }
        let mut s = status;
        if let Some(first) = s.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        *line = s;
    }
    Status::Edited(lines.iter().map(|(l, end)| format!("{l}{end}")).collect())
}

/// A temporary file in `dir` for a file about to be written there: a random name no one can
/// have planted a link under, created exclusively (never through a link), hidden and not
/// numbered, so an interrupted run leaves nothing that takes a number.
fn temporary(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".archfit-").suffix(".md.tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // A record is an ordinary file: 0666 less the umask, as any editor would create it
        // (tempfile's own default, 0600, would hide it from the rest of the team).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))
}

/// Writes `text` to `tmp` and to the disk.
fn fill(tmp: &mut tempfile::NamedTempFile, text: &str, path: &Path) -> anyhow::Result<()> {
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Creates `path` in `dir` with `text`, whole or not at all, refusing to replace anything
/// already there.
fn write_new(dir: &Path, path: &Path, text: &str) -> anyhow::Result<()> {
    let mut tmp = temporary(dir)?;
    fill(&mut tmp, text, path)?;
    tmp.persist_noclobber(path).map_err(|e| {
        anyhow::Error::from(e.error).context(format!(
            "cannot create {} (it is never overwritten)",
            path.display()
        ))
    })?;
    sync_dir(dir).with_context(|| format!("cannot write {}", dir.display()))
}

/// Replaces the old record with `text` atomically (a temporary file beside it, then a
/// rename), with the old record's permissions, so an interrupted edit never leaves half a
/// record.
fn replace(old: &Old, text: &str) -> anyhow::Result<()> {
    let dir = parent_dir(&old.path);
    let mut tmp = temporary(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Exactly the old mode, whatever the umask.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(old.mode))
            .with_context(|| format!("cannot update {}", old.path.display()))?;
    }
    fill(&mut tmp, text, &old.path)?;
    tmp.persist(&old.path)
        .map_err(|e| anyhow::Error::from(e.error))
        .with_context(|| format!("cannot update {}", old.path.display()))?;
    sync_dir(&dir).with_context(|| format!("cannot update {}", old.path.display()))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link {
            number: 8,
            file: "0008-architecture-for-shop.md".to_string(),
        }
    }

    #[test]
    fn record_numbers_and_slugs() {
        assert_eq!(record_number("0005-use-postgres.md"), Some(5));
        assert_eq!(record_number("12-x.md"), Some(12));
        assert_eq!(record_number("README.md"), None);
        assert_eq!(record_number("0005-x.txt"), None);
        assert_eq!(record_number("v1-x.md"), None);
        assert_eq!(slug("Acme Shop!"), "acme-shop");
        assert_eq!(slug("  --  "), "profile");
        assert_eq!(slug("team#2"), "team-2");
    }

    #[test]
    fn supersede_edits_madr_and_adr_tools_status() {
        let madr = "# 3. X\n\n- Status: proposed\n- Date: 2026-01-01\n";
        assert_eq!(
            supersede(madr, &link()),
            Status::Edited("# 3. X\n\n- Status: superseded by [0008](0008-architecture-for-shop.md)\n- Date: 2026-01-01\n".to_string())
        );
        let tools = "# 3. X\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n";
        assert_eq!(
            supersede(tools, &link()),
            Status::Edited("# 3. X\n\nDate: 2026-01-01\n\n## Status\n\nSuperseded by [0008](0008-architecture-for-shop.md)\n\n## Context\n".to_string())
        );
        assert_eq!(supersede("# 3. X\n\nno status\n", &link()), Status::Missing);
    }

    #[test]
    fn supersede_keeps_line_endings_and_refuses_a_second_successor() {
        let crlf = "# 3. X\r\n\r\n- Status: accepted\r\n- Date: 2026-01-01\r\nno final newline";
        assert_eq!(
            supersede(crlf, &link()),
            Status::Edited("# 3. X\r\n\r\n- Status: superseded by [0008](0008-architecture-for-shop.md)\r\n- Date: 2026-01-01\r\nno final newline".to_string())
        );
        let done = "- Status: Superseded by [0004](0004-x.md)\n";
        assert_eq!(
            supersede(done, &link()),
            Status::AlreadySuperseded("Superseded by [0004](0004-x.md)".to_string())
        );
        let tools = "## Status\n\nSuperseded by [0004](0004-x.md)\n";
        assert!(matches!(
            supersede(tools, &link()),
            Status::AlreadySuperseded(_)
        ));
    }

    #[test]
    fn write_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0001-a.md");
        std::fs::write(&path, "original").unwrap();
        let e = write_new(dir.path(), &path, "new").unwrap_err();
        assert!(format!("{e:#}").contains("never overwritten"), "{e:#}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        // Nothing is left behind: the temporary file went with the failure.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
