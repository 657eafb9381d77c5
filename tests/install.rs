//! The install instructions work as written, so they cannot rot: README's `cargo install`
//! line, and the shell steps of the GitHub Actions workflow in docs/ci.md, run here against
//! this checkout, each into a temporary install root (in place of `~/.cargo`), then the
//! installed binary is run.
//!
//! What it costs: `cargo install --path` builds the release profile into this build's own
//! target directory (shared here through `CARGO_TARGET_DIR`). CI builds that release binary
//! before the tests (`.ci/run` smoke-runs `cargo run --release`), so there each install only
//! finds the build fresh and copies the binary: seconds. Run without a fresh release build,
//! an install compiles one: minutes after every change to the sources. So the two tests that
//! install are `#[ignore]`d, out of a developer's `cargo test`, and `.ci/run` runs them
//! (`cargo test --locked --test install -- --ignored`) right after the release build;
//! `tests/readme.rs` checks that it still does.
#![cfg(unix)]

use archfit::pack::yaml::{self, Node};
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod support;

/// Far more than a cold release build takes; only a hang reaches it.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(30 * 60);

fn checkout() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory of the build running this test (`CARGO_TARGET_TMPDIR` is its `tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_path_buf()
}

/// Where cargo lives, for a `PATH` that holds nothing else of the caller's (so an `archfit`
/// installed on this machine cannot stand in for the one the steps install).
fn cargo_dir() -> PathBuf {
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    cargo
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin"), Path::to_path_buf)
}

/// `script` as a workflow step runs it (`bash -e`), in `dir`, with cargo installing into
/// `root` instead of `~/.cargo`: (exit code, standard output, standard error).
fn step(dir: &Path, root: &Path, env: &[(String, String)], script: &str) -> (i32, String, String) {
    let path = format!(
        "{}:{}:/usr/local/bin:/usr/bin:/bin",
        root.join("bin").display(),
        cargo_dir().display()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("CARGO_INSTALL_ROOT", root)
        .env("CARGO_TARGET_DIR", target_dir())
        .timeout(INSTALL_TIMEOUT);
    for name in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The fenced blocks of `markdown` in language `lang`.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match &mut current {
            None if fence == format!("```{lang}") => current = Some(String::new()),
            Some(_) if fence == "```" => out.extend(current.take()),
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.as_map()?
        .iter()
        .find(|(k, _)| k.key_text() == key)
        .map(|(_, v)| v)
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    get(node, key).and_then(Node::as_str)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(checkout().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_docs_state_the_rust_version_archfit_needs() {
    let manifest = read("Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"'))
        .expect("rust-version in Cargo.toml");
    for doc in ["README.md", "docs/ci.md"] {
        assert!(
            read(doc).contains(&format!("Rust {version} or newer")),
            "{doc} should say archfit needs Rust {version} or newer"
        );
    }
}

#[test]
#[ignore = "builds the release binary; .ci/run runs it"]
fn the_readme_install_step_installs_a_working_archfit() {
    let readme = read("README.md");
    let install = blocks(&readme, "sh")
        .iter()
        .flat_map(|b| b.lines().map(str::to_string).collect::<Vec<_>>())
        .find(|l| l.starts_with("cargo install "))
        .expect("README has a `cargo install` line");
    let command = install.split(" #").next().unwrap_or(&install).trim();
    assert_eq!(command, "cargo install --locked --path .");

    let root = tempfile::tempdir().unwrap();
    let (code, _, stderr) = step(checkout(), root.path(), &[], command);
    assert_eq!(code, 0, "`{command}` failed:\n{stderr}");
    let installed = root.path().join("bin/archfit");
    let r = support::run(
        Command::new(&installed)
            .current_dir(checkout())
            .args(["recommend", "examples/growing-team-band.yaml"]),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .starts_with("marketplace-growing  (examples/growing-team-band.yaml)"));
}

#[test]
#[ignore = "builds the release binary; .ci/run runs it"]
fn the_ci_workflow_steps_install_archfit_and_gate_the_profiles() {
    let doc = read("docs/ci.md");
    let yaml_blocks = blocks(&doc, "yaml");
    let workflow = yaml_blocks
        .iter()
        .find(|b| b.starts_with("name: architecture"))
        .expect("the workflow block");
    let workflow = &yaml::parse(workflow).expect("the workflow is YAML")[0];
    let env: Vec<(String, String)> = get(workflow, "env")
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.key_text(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let steps = get(workflow, "jobs")
        .and_then(|j| get(j, "check"))
        .and_then(|c| get(c, "steps"))
        .and_then(Node::as_seq)
        .expect("jobs.check.steps");

    // The user's repository: one valid profile.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("profiles")).unwrap();
    support::write(&repo.path().join("profiles"), "shop.yaml", support::VALID);
    let home = tempfile::tempdir().unwrap();
    // The runner's checkout of archfit at ARCHFIT_REV is this checkout: the steps get its real
    // path for the checkout step's `path:` (cargo takes a symbolic link to it for another
    // package, and would rebuild it on every run).
    let archfit_checkout = steps
        .iter()
        .filter_map(|s| get(s, "with"))
        .find(|with| text(with, "repository").is_some())
        .and_then(|with| text(with, "path"))
        .expect("a step checks out archfit into a path");
    let here = checkout().display().to_string();
    let runs: Vec<(&str, String)> = steps
        .iter()
        .filter_map(|s| {
            let script = text(s, "run")?
                .split(' ')
                .map(|word| {
                    if word == archfit_checkout {
                        &here
                    } else {
                        word
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            Some((text(s, "name").unwrap_or("-"), script))
        })
        .collect();
    assert!(runs.len() >= 2, "{runs:?}");
    assert!(
        runs.iter().any(|(_, script)| script.contains(&here)),
        "a step installs from the checkout: {runs:?}"
    );
    let mut gate = None;
    for (name, script) in &runs {
        let (code, stdout, stderr) = step(repo.path(), home.path(), &env, script);
        if script.contains("archfit check") {
            gate = Some(script.clone());
            assert_eq!(code, 0, "step `{name}`:\n{stdout}{stderr}");
            assert!(
                stdout.contains("::notice title=archfit check::1 profile checked: "),
                "{stdout}"
            );
        } else {
            assert_eq!(code, 0, "step `{name}` failed:\n{stdout}{stderr}");
        }
    }
    assert!(
        home.path().join("bin/archfit").is_file(),
        "the steps installed archfit"
    );

    // The gate fails on an invalid profile, with the annotation at its line, each problem once.
    let gate = gate.expect("a step runs `archfit check`");
    support::write(
        &repo.path().join("profiles"),
        "typo.yaml",
        support::VALID.replace("team_size", "team_szie"),
    );
    let (code, stdout, stderr) = step(repo.path(), home.path(), &env, &gate);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stdout.contains("::error file=profiles/typo.yaml,line=1,col=1,title=archfit%3A invalid-profile::unknown field `team_szie`"),
        "{stdout}"
    );
    assert_eq!(stderr, "");

    // The optional report steps write their documents.
    let reports = yaml_blocks
        .iter()
        .find(|b| b.contains("SARIF report"))
        .expect("the report steps");
    let reports = yaml::parse(reports).expect("the report steps are YAML");
    let reports = reports[0].as_seq().expect("a list of steps");
    for s in reports {
        if let Some(script) = text(s, "run") {
            let (code, stdout, stderr) = step(repo.path(), home.path(), &env, script);
            assert_eq!(code, 0, "{script}:\n{stdout}{stderr}");
        }
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("archfit.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let junit = std::fs::read_to_string(repo.path().join("archfit-junit.xml")).unwrap();
    assert!(junit.contains("<testsuites name=\"archfit check\" tests=\"2\""));
}
