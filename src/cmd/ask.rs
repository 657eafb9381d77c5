//! `archfit ask`: the interactive questionnaire, its recommendation, and `--save`.
//!
//! Exit status: 0 when the recommendation was shown, 2 for unusable input (no terminal, a bad
//! `--from` profile, a `--save` path that cannot be written), and 130 when the user stops with
//! Ctrl-C, or with Esc at the first question or at a question about where to save (Esc
//! elsewhere goes back one question). Both get
//! 130, as in fzf: both mean "stopped at the user's request before the end", and a script
//! wrapping `ask` needs one code for that, not two.

use super::{load_pack, read_one, renderer, Error, Exit, OneProfile, ReportFormat};
use crate::ask::{self, terminal::Terminal, BoolQ, Prompter, Reply, Stop, TextQ};
use crate::engine::Engine;
use crate::input::Source;
use crate::pack::{Diagnostic, RulePack};
use crate::profile::{self, Profile};
use crate::report::{Item, Stream, Style};
use anyhow::{anyhow, Context as _};
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

/// The `source` shown for answers that were not saved to a file.
const UNSAVED: &str = "archfit ask";

/// What `ask --from` says of a stream of several profiles.
const STARTS_FROM_ONE: OneProfile = OneProfile {
    message: "`archfit ask --from` starts from one",
    hint: "split the file",
};

/// The keys that edit a typed answer, as the prompts (`inquire`) handle them. Its text input
/// has no shell keys (Ctrl-U, Ctrl-W, Ctrl-A, Ctrl-E type their letter instead), so the intro
/// says which keys do work rather than let a person find out by accident.
const KEYS: &str = "Editing an answer: Left/Right and Home/End move, Ctrl-Left/Right move by word,\n\
                    Backspace/Delete erase, Ctrl-Delete erases the next word (Ctrl-U/W/A/E do not edit).";

/// Where the answers start from and go, and how the recommendation is shown.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--rules DIR`, or the built-in pack.
    pub rules: Option<PathBuf>,
    /// Where to save the answers as a profile.
    pub save: Option<PathBuf>,
    /// A profile whose answers become the defaults.
    pub from: Option<PathBuf>,
    pub format: ReportFormat,
    pub style: Style,
    /// Whether the prompts (on standard error) may use colour.
    pub prompt_color: bool,
    /// The date of a decision record (`--format markdown`).
    pub date: String,
    /// `--all`: every question in catalog order, rather than the most decisive first.
    pub all: bool,
}

/// Runs `archfit ask` on the real terminal.
pub(crate) fn run(config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> super::Result {
    let pack = load_pack(config.rules.as_deref())?;
    // inquire would read keys from /dev/tty even with standard input redirected, so a
    // `archfit ask < profile.yaml` would hang waiting for a person; refuse at once instead.
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "`archfit ask` asks its questions on a terminal, and standard input is not one \
             (to evaluate a profile file without questions, run `archfit recommend FILE`, or \
             `archfit recommend -` to read it from standard input)"
                .to_string(),
        ));
    }
    session(
        pack,
        config,
        out,
        err,
        &mut Terminal::new(config.prompt_color),
    )
}

/// A problem with a file the answers would be saved to.
fn refuse(path: &Path, message: String) -> Error {
    Error::Invalid(vec![Diagnostic::new(
        &path.display().to_string(),
        None,
        message,
    )])
}

/// Everything after the terminal check, with any [`Prompter`], so tests can script it.
pub(crate) fn session(
    pack: &RulePack,
    config: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
    p: &mut dyn Prompter,
) -> super::Result {
    // Find out before the first question whether the answers could be saved at all.
    if let Some(path) = &config.save {
        check_target(path).map_err(|message| refuse(path, message))?;
    }
    let start = match &config.from {
        Some(path) => Some(read_one(
            &Source::File(path.clone()),
            pack,
            &STARTS_FROM_ONE,
        )?),
        None => None,
    };
    let default_name = config
        .save
        .as_deref()
        .and_then(Path::file_stem)
        .map_or_else(
            || "my-project".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );

    let order = if config.all {
        format!("{} questions about the project", pack.catalog.len() + 3)
    } else {
        format!(
            "up to {} questions about the project, the most decisive first; it stops when \
             nothing else could change the answer (--all asks every one)",
            pack.catalog.len() + 3
        )
    };
    let intro = format!(
        "archfit ask: {order} (rule pack {} {}).\n\
         Enter alone keeps the default shown; a default kept that way is reported as assumed.\n\
         Not sure? Pick (not sure), or type ? (a number also takes a range such as 8..20).\n\
         Esc goes back one question; Ctrl-C stops{}.\n\
         {KEYS}\n",
        pack.meta.name,
        pack.meta.version,
        if config.save.is_some() {
            " without saving anything"
        } else {
            ""
        },
    );
    let engine = Engine::new(pack);
    let order = if config.all {
        ask::Order::Catalog
    } else {
        ask::Order::Adaptive(&engine)
    };
    let result = p.note(&intro).and_then(|()| {
        let answers = ask::questionnaire(pack, start.as_ref(), &default_name, order, p)?;
        let target = match &config.save {
            Some(path) => choose_target(p, path)?,
            None => None,
        };
        Ok((answers, target))
    });
    let (answers, target) = match result {
        Ok(done) => done,
        Err(Stop::Cancelled | Stop::Interrupted) => {
            let saved = if config.save.is_some() {
                "; nothing was saved"
            } else {
                ""
            };
            writeln!(err, "archfit ask: cancelled{saved}")?;
            return Ok(Exit::Interrupted);
        }
        Err(Stop::Failed(message)) => return Err(anyhow!("the terminal failed: {message}").into()),
    };

    // What is evaluated is the saved text read back, so `archfit recommend FILE` on the file
    // gives this very recommendation.
    let text = profile::write::write(&answers, pack);
    let source = target.as_ref().map_or_else(
        || UNSAVED.to_string(),
        |(path, _)| path.display().to_string(),
    );
    let stem = answers.name.clone();
    let profile = reread(&text, &source, &stem, pack)?;
    let saved = match &target {
        Some((path, replace)) => match write_atomically(path, &text, *replace) {
            Ok(()) => {
                let through = config
                    .save
                    .as_deref()
                    .filter(|&named| named != path && is_link(named))
                    .map_or_else(String::new, |named| {
                        format!(" (through the link {})", named.display())
                    });
                writeln!(err, "Saved the answers to {}{through}.\n", path.display())?;
                Ok(())
            }
            Err(e) => Err(e.context(format!("could not save the answers to {}", path.display()))),
        },
        None => {
            if let Some(path) = &config.save {
                writeln!(err, "Not saved: {} was left as it was.\n", path.display())?;
            }
            Ok(())
        }
    };

    // The report is shown even when saving failed: the answers are not wasted. It is exactly
    // what `archfit recommend` prints for one profile.
    let eval = engine.evaluate(&profile);
    let format = renderer(config.format, pack, config.style, &config.date);
    let report = format.render(&Item {
        profile: &profile,
        eval: &eval,
    });
    let mut stream = Stream::open(out, format.framing())?;
    stream.write(&report)?;
    stream.close()?;
    saved?;
    Ok(Exit::Success)
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Where saving to `path` writes: `path` itself, or, when it is a symbolic link, the file the
/// link leads to, so that the link stays a link and the file it names gets the answers
/// (replacing the link with a file would leave the real one as it was).
fn save_target(path: &Path) -> Result<PathBuf, String> {
    if !is_link(path) {
        return Ok(path.to_path_buf());
    }
    path.canonicalize().map_err(|_| {
        let to = std::fs::read_link(path).map_or_else(
            |_| "a missing file".to_string(),
            |t| t.display().to_string(),
        );
        format!(
            "is a symbolic link to {to}, which does not exist; give the name of the file to write"
        )
    })
}

/// Whether a file can be saved at `path`: its directory must exist and it must not be a
/// directory itself. (An existing file is fine: replacing it is confirmed at the end.)
fn check_target(path: &Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("the file name is empty".to_string());
    }
    let path = &save_target(path)?;
    if path.is_dir() {
        return Err("is a directory; give a file name to save the profile to".to_string());
    }
    let dir = parent_dir(path);
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{} is not a directory", dir.display())),
        Err(_) => {
            return Err(format!(
                "directory {} does not exist (create it first)",
                dir.display()
            ))
        }
    }
    // The save goes through a temporary file in that directory: make sure one can be created
    // now, not after all the questions. (It is removed again when dropped.)
    tempfile::Builder::new()
        .prefix(".archfit-")
        .tempfile_in(&dir)
        .map(drop)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Where to save, and whether replacing an existing file was confirmed. `None`: do not save
/// (the user declined to replace the file and gave no other name).
fn choose_target(p: &mut dyn Prompter, named: &Path) -> Result<Option<(PathBuf, bool)>, Stop> {
    // Checked before the questions; a link that broke since is saved to as to a new file.
    let path = save_target(named).unwrap_or_else(|_| named.to_path_buf());
    if !path.exists() {
        return Ok(Some((path, false)));
    }
    let what = if path == named {
        path.display().to_string()
    } else {
        format!("{} (a link to {})", named.display(), path.display())
    };
    let replace = p.ask_bool(&BoolQ {
        message: format!("{what} already exists. Replace it with these answers?"),
        help: "No keeps the file as it is.".to_string(),
        default: Some(false),
        enter_label: "no".to_string(),
        open: false,
    })?;
    if matches!(replace, Reply::Typed(Some(true))) {
        return Ok(Some((path, true)));
    }
    // Offer another name rather than throwing the answers away.
    loop {
        let other = p.ask_text(&TextQ {
            message: "Save to another file instead? (Enter: do not save)".to_string(),
            help: "A new file name; an existing file is never replaced without asking.".to_string(),
            default: Some(String::new()),
            taken: Vec::new(),
        })?;
        if other.is_empty() {
            return Ok(None);
        }
        let other = PathBuf::from(other);
        match check_target(&other).and_then(|()| save_target(&other)) {
            Ok(to) if !to.exists() => return Ok(Some((to, false))),
            Ok(_) => p.note(&format!("{} exists too.", other.display()))?,
            Err(m) => p.note(&format!("{}: {m}", other.display()))?,
        }
    }
}

/// Parses the written profile back. It cannot fail for answers the questionnaire accepted; if
/// it does, that is a bug, reported rather than saved.
fn reread(text: &str, source: &str, stem: &str, pack: &RulePack) -> anyhow::Result<Profile> {
    let mut parsed = profile::parse_stream(text, source, stem, pack);
    match parsed.pop() {
        Some(Ok(profile)) if parsed.is_empty() => Ok(profile),
        Some(Err(diags)) => Err(anyhow!(
            "the answers do not make a valid profile (a bug in archfit): {}",
            crate::pack::Diagnostics(diags)
        )),
        _ => Err(anyhow!(
            "the answers do not make one profile (a bug in archfit)"
        )),
    }
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so
/// the file is either the old one or the whole new one, never half written. Without
/// `replace`, an existing file (say, created by something else while the questions were
/// being answered) is left alone and that is an error.
fn write_atomically(path: &Path, text: &str, replace: bool) -> anyhow::Result<()> {
    let dir = parent_dir(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".archfit-").suffix(".yaml.tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // A profile is an ordinary file: the usual 0666 less umask, or the mode of the file it
        // replaces (tempfile's own default, 0600, would hide it from the rest of the team).
        let mode = match std::fs::metadata(path) {
            Ok(m) if replace => m.permissions().mode() & 0o7777,
            _ => 0o666,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .with_context(|| format!("could not create a temporary file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow!(
                    "{} appeared while the questions were answered; it was left alone",
                    path.display()
                )
            } else {
                e.error.into()
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(all(test, unix))]
mod save_through_links {
    use super::*;
    use crate::ask::script::{Script, Step};
    use crate::ask::Reply;
    use crate::test_support::default_pack;
    use std::os::unix::fs::{symlink, PermissionsExt as _};

    const PROFILE: &str =
        "name: shop\nteam_size: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

    /// A session that keeps every answer of `from`, saving to `save`, with `then` after the
    /// questions; returns (exit, stderr).
    fn session_saving(from: &Path, save: &Path, then: Vec<Step>) -> (Exit, String) {
        let pack = default_pack();
        let config = Config {
            rules: None,
            save: Some(save.to_path_buf()),
            from: Some(from.to_path_buf()),
            format: ReportFormat::Text,
            style: Style::default(),
            prompt_color: false,
            date: "2026-03-14".to_string(),
            all: true,
        };
        let questions = 1 + pack.catalog.len() + 2;
        let mut script = Script::new(std::iter::repeat_n(Step::Enter, questions).chain(then));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = session(&pack, &config, &mut out, &mut err, &mut script);
        let exit = crate::cmd::conclude(result, &mut err);
        (exit, String::from_utf8(err).unwrap())
    }

    #[test]
    fn saving_to_a_link_writes_the_file_it_names_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from.yaml");
        std::fs::write(&from, PROFILE).unwrap();
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "old\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.yaml");
        symlink("real.yaml", &link).unwrap();
        // Confirm the replacement.
        let (exit, err) = session_saving(&from, &link, vec![Step::Bool(Reply::Typed(true))]);
        assert_eq!(exit, Exit::Success, "{err}");
        assert!(is_link(&link), "the link is still a link");
        let saved = std::fs::read_to_string(&real).unwrap();
        assert!(
            saved.contains("\nname: shop\n") && saved.contains("\nteam_size: 6\n"),
            "{saved}"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(
            err.contains("(through the link ") && err.contains("link.yaml)"),
            "{err}"
        );
    }

    #[test]
    fn a_link_to_nothing_is_refused_before_the_questions() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from.yaml");
        std::fs::write(&from, PROFILE).unwrap();
        let link = dir.path().join("gone.yaml");
        symlink("missing.yaml", &link).unwrap();
        let (exit, err) = session_saving(&from, &link, Vec::new());
        assert_eq!(exit, Exit::Invalid);
        assert!(
            err.contains("is a symbolic link to missing.yaml, which does not exist"),
            "{err}"
        );
    }
}
