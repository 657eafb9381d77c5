//! `archfit adr PROFILE`: write the decision as the next numbered Architecture Decision Record.
//!
//! Records are append-only history: a new one never overwrites a file (it is created with
//! `create_new`), and `--supersedes N` only rewrites the status line of record N.

use super::{load_pack, read_one, Error, Exit, Result, TAKES_ONE};
use crate::engine::Engine;
use crate::input::Source;
use crate::pack::Diagnostic;
use crate::report::markdown::{Link, Markdown, Record};
use crate::report::Item;
use anyhow::Context as _;
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

pub(crate) fn run(config: &Config, out: &mut dyn Write) -> Result {
    let pack = load_pack(config.rules.as_deref())?;
    let profile = read_one(&Source::named(&config.profile), pack, &TAKES_ONE)?;
    let dir = &config.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(refuse(dir, "not a directory".to_string(), None));
    }
    let records = if dir.is_dir() {
        numbered(dir).with_context(|| format!("cannot list {}", dir.display()))?
    } else {
        Vec::new()
    };
    // Everything that can be refused is checked before anything is written.
    let old = match config.supersedes {
        None => None,
        Some(n) => {
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
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Some((n, file.clone(), path, text))
        }
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
        Some((n, _, path, text)) => match supersede(text, &new_link) {
            Some(t) => Some((path.clone(), t)),
            None => {
                return Err(refuse(
                    path,
                    format!(
                        "no status line to mark as superseded (expected `- Status: …` or a `## Status` section); record {n:04} left unchanged"
                    ),
                    None,
                ));
            }
        },
    };

    let eval = Engine::new(pack).evaluate(&profile);
    let text = Markdown::new(pack, config.date.clone()).record(
        &Item {
            profile: &profile,
            eval: &eval,
        },
        &Record {
            number: Some(number),
            supersedes: old.as_ref().map(|(n, f, _, _)| Link {
                number: *n,
                file: f.clone(),
            }),
        },
    );
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(&file);
    write_new(&path, &text)?;
    if let Some((old_path, t)) = edited {
        replace(&old_path, &t)?;
    }
    writeln!(out, "{}", path.display())?;
    Ok(Exit::Success)
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

/// Record text with its status marked as superseded by `by`, or `None` when it has no status
/// line we recognise: MADR's `- Status: …` / `* Status: …`, front matter `status: …`, or
/// adr-tools' `## Status` heading followed by a paragraph.
fn supersede(text: &str, by: &Link) -> Option<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let status = format!("superseded by {}", by.markdown());
    let found = lines.iter().position(|l| {
        let t = l.trim_start().to_ascii_lowercase();
        t.starts_with("- status:") || t.starts_with("* status:") || t.starts_with("status:")
    });
    if let Some(i) = found {
        let line = lines.get_mut(i)?;
        let colon = line.find(':')?;
        let head = line.get(..=colon)?.to_string();
        *line = format!("{head} {status}");
    } else {
        let heading = lines
            .iter()
            .position(|l| l.trim().eq_ignore_ascii_case("## status"))?;
        let body = lines
            .iter()
            .skip(heading + 1)
            .position(|l| !l.trim().is_empty())
            .map(|k| k + heading + 1)?;
        if lines.get(body)?.starts_with('#') {
            return None;
        }
        let mut s = status;
        if let Some(first) = s.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        *lines.get_mut(body)? = s;
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// Creates `path` with `text`, refusing to replace anything already there.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (it is never overwritten)", path.display()))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Replaces `path` with `text` atomically (a temporary file beside it, then a rename), so an
/// interrupted edit never leaves half a record.
fn replace(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut tmp = PathBuf::from(path);
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    tmp.set_file_name(format!(".{name}.archfit-tmp"));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot update {}", path.display()))
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
            supersede(madr, &link()).as_deref(),
            Some("# 3. X\n\n- Status: superseded by [0008](0008-architecture-for-shop.md)\n- Date: 2026-01-01\n")
        );
        let tools = "# 3. X\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n";
        assert_eq!(
            supersede(tools, &link()).as_deref(),
            Some("# 3. X\n\nDate: 2026-01-01\n\n## Status\n\nSuperseded by [0008](0008-architecture-for-shop.md)\n\n## Context\n")
        );
        assert_eq!(supersede("# 3. X\n\nno status\n", &link()), None);
    }

    #[test]
    fn write_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0001-a.md");
        std::fs::write(&path, "original").unwrap();
        let e = write_new(&path, "new").unwrap_err();
        assert!(format!("{e:#}").contains("never overwritten"), "{e:#}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
    }
}
