//! What the integration tests share: the binary, fixture files, and a run's outcome.
//! Each test file takes what it needs (`mod support;`), so not every item is used by each.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A valid profile with only the four required fields.
pub(crate) const VALID: &str = "team_size: 6\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

/// The archfit binary, run without the caller's `NO_COLOR`, `FORCE_COLOR` and `CLICOLOR_FORCE`
/// (so colour is off: the output is not a terminal) and `COLUMNS` (so reports are 80 columns
/// wide unless a test says otherwise).
pub(crate) fn archfit() -> Command {
    let mut cmd = Command::cargo_bin("archfit").expect("binary builds");
    for name in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS"] {
        cmd.env_remove(name);
    }
    cmd
}

/// Writes a fixture file into `dir` and returns its path.
pub(crate) fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// What a run of archfit ended with.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `cmd` to its end.
pub(crate) fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("archfit runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs archfit with `args`: (exit code, standard output, standard error).
pub(crate) fn archfit_args(args: &[&str]) -> (i32, String, String) {
    let r = run(archfit().args(args));
    (r.code, r.stdout, r.stderr)
}
