//! Hostile and broken input, run through the real binary: every case must end with exit 2, a
//! message naming the offending file and no panic text. A generous time limit stops any run
//! that hangs, so a hang fails the test instead of stalling CI (it bounds a hang; it asserts
//! no speed). archfit runs unattended over files anyone can edit, writes into repositories,
//! and reports to CI through its exit code: the sections below attack each of those.

mod support;

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{symlink, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use support::{write, VALID};

/// Far beyond any run in this file, even a debug build on a busy 2-core CI machine: only a
/// run that hangs (or works without bound) reaches it.
const LIMIT: Duration = Duration::from_secs(90);

/// The binary, stopped if it runs past [`LIMIT`].
fn archfit() -> Command {
    let mut cmd = support::archfit();
    cmd.env("NO_COLOR", "1").timeout(LIMIT);
    cmd
}

/// The binary run by `sh` with `setup` first (a `ulimit`, a `trap`), stopped past [`LIMIT`].
fn archfit_under(setup: &str) -> Command {
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(bin)
        .env("NO_COLOR", "1")
        .timeout(LIMIT);
    cmd
}

/// Address space archfit may use in the memory-capped runs: what it needs many times over, and
/// far below what the inputs there would take without the limits that stop them.
const MEMORY_CAP_KIB: u64 = 1024 * 1024;

/// The binary under [`MEMORY_CAP_KIB`] of address space.
fn archfit_capped() -> Command {
    archfit_under(&format!("ulimit -v {MEMORY_CAP_KIB}"))
}

/// The small fixture pack, whose numbers these tests choose (not the default pack's).
fn small_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/small")
}

/// Under the small pack: monolith wins, and `current: monolith` fits.
const FITS: &str = "team_size: 5\ncurrent: monolith\n";
/// Under the small pack: serverless is vetoed, so `current: serverless` does not fit.
const MISFIT: &str = "team_size: 5\nlong_running: true\ncurrent: serverless\n";

/// Whether the tests run as root, for whom file permissions do not bite.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let probe = tempfile::tempfile().expect("a temporary file");
    probe.metadata().expect("its metadata").uid() == 0
}

/// Makes a named pipe (FIFO) at `path`.
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The exit status of a run, refusing a run that was killed (by the time limit, or a signal).
fn code(out: &std::process::Output) -> i32 {
    match out.status.code() {
        Some(code) => code,
        None => panic!(
            "archfit was killed ({:?}); stderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// A "billion laughs" document: 10 levels of 10 aliases each, 10^11 nodes if expanded.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

fn deep_flow_sequence(n: usize) -> String {
    "[".repeat(n) + &"]".repeat(n)
}

fn deep_flow_mapping(n: usize) -> String {
    "{a: ".repeat(n) + "1" + &"}".repeat(n)
}

/// Block mappings indented one space per level: `n` levels take about n²/2 bytes.
fn deep_block_mapping(n: usize) -> String {
    (0..n).map(|i| format!("{}a:\n", " ".repeat(i))).collect()
}

/// `- - - - … x`: a 10,000-deep block sequence in 20 kB.
fn deep_block_sequence(n: usize) -> String {
    "- ".repeat(n) + "x\n"
}

/// Runs archfit with `args`, asserts exit 2, no panic, every `needles` in stderr; returns stderr.
fn assert_invalid(args: &[&std::ffi::OsStr], needles: &[&str]) -> String {
    let out = archfit().args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "args {args:?}: expected exit 2, stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic text on stderr:\n{stderr}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "args {args:?}: stderr lacks {needle:?}:\n{stderr}"
        );
    }
    stderr
}

fn recommend_invalid(path: &Path, needles: &[&str]) -> String {
    assert_invalid(&["recommend".as_ref(), path.as_os_str()], needles)
}

/// A directory holding one hostile profile `name` with `text`: the error names the file.
fn hostile_profile(name: &str, text: impl AsRef<[u8]>, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, text);
    let shown = path.display().to_string();
    recommend_invalid(&path, &[&shown, message]);
    // The same file met while walking a directory, beside a valid profile that still gets its
    // answer.
    write(dir.path(), "zz-valid.yaml", VALID);
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&shown) && stderr.contains(message),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn an_alias_bomb_is_refused() {
    hostile_profile("bomb.yaml", alias_bomb(), "alias bomb");
}

#[test]
fn ten_thousand_deep_flow_sequences_are_refused() {
    hostile_profile("deep.yaml", deep_flow_sequence(10_000), "too deep");
}

#[test]
fn ten_thousand_deep_flow_mappings_are_refused() {
    hostile_profile("deep.yaml", deep_flow_mapping(10_000), "too deep");
}

#[test]
fn ten_thousand_deep_block_sequences_are_refused() {
    hostile_profile("deep.yaml", deep_block_sequence(10_000), "deeper than 64");
}

#[test]
fn deep_block_mappings_are_refused() {
    // 1,400 levels is as deep as block mappings go under the 1 MiB size cap…
    hostile_profile("deep.yaml", deep_block_mapping(1_400), "deeper than 64");
    // …and 10,000 levels (50 MB) are refused by the cap before parsing.
    hostile_profile(
        "deeper.yaml",
        deep_block_mapping(10_000),
        "over the 1024 KiB limit",
    );
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    // A sparse file: cheap to make, yet 100 MB by its metadata. Reading it would take the
    // whole limit and then some; the size check must come first.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    recommend_invalid(
        &path,
        &[
            &path.display().to_string(),
            "file is 104857600 bytes, over the 1024 KiB limit",
        ],
    );
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_at_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let limit = usize::try_from(archfit::pack::yaml::MAX_FILE_BYTES).unwrap();
    // A valid profile padded with a comment to exactly the limit is read and evaluated.
    let mut text = VALID.to_string();
    text.push('#');
    text.push_str(&"x".repeat(limit - text.len()));
    let at = write(dir.path(), "at.yaml", &text);
    archfit().arg("recommend").arg(&at).assert().success();
    text.push('x');
    let over = write(dir.path(), "over.yaml", &text);
    recommend_invalid(&over, &["over.yaml", "over the 1024 KiB limit"]);
}

#[test]
fn random_binary_bytes_are_refused() {
    // A fixed pseudo-random stream (xorshift), so the test is the same on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    hostile_profile("noise.yaml", bytes, "not valid UTF-8");
}

#[test]
fn binary_that_happens_to_be_utf8_is_still_an_error() {
    let bytes: Vec<u8> = (0u8..0x80).cycle().take(4096).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ctl.yaml", bytes);
    recommend_invalid(&path, &["ctl.yaml"]);
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    hostile_profile(
        "latin1.yaml",
        b"team_size: 6\nname: caf\xe9\n".as_slice(),
        "2:10: not valid UTF-8",
    );
}

#[test]
fn an_empty_file_is_refused() {
    hostile_profile("empty.yaml", "", "the file is empty");
    hostile_profile("comments.yaml", "# nothing here\n", "the file is empty");
}

#[test]
fn a_directory_given_as_a_file_is_walked_and_an_empty_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("x.yaml");
    std::fs::create_dir(&fake).unwrap();
    recommend_invalid(
        &fake,
        &[
            &fake.display().to_string(),
            "no *.yaml or *.yml files found",
        ],
    );
}

#[test]
fn a_directory_named_like_a_profile_inside_a_walk_is_walked_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("x.yaml")).unwrap();
    write(&dir.path().join("x.yaml"), "inner.yaml", VALID);
    write(dir.path(), "outer.yaml", VALID);
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let profiles: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["profile"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["outer", "inner"]);
}

#[test]
fn an_unreadable_file_is_refused() {
    // Everything the run needs is in one directory any user may enter; only the profile is
    // closed (mode 000).
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = write(dir.path(), "secret.yaml", VALID);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let needles = ["secret.yaml: permission denied"];
    if !running_as_root() {
        recommend_invalid(&path, &needles);
        return;
    }
    // Root reads any file, and CI runs as root: run the binary as the unprivileged `nobody`
    // (uid 65534) instead, so the refusal is really exercised. A copy of the binary sits in
    // the open directory, since the build directory may not be open to that user.
    let bin = dir.path().join("archfit");
    std::fs::copy(assert_cmd::cargo::cargo_bin("archfit"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("recommend")
        .arg(&path)
        .env("NO_COLOR", "1")
        .timeout(LIMIT)
        .output()
        .expect("setpriv (util-linux) is installed: it runs this check as an unprivileged user");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "lacks {needle:?}:\n{stderr}");
    }
}

#[test]
fn dangling_and_looping_symlinks_are_reported_while_walking() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yaml", VALID);
    symlink("missing.yaml", dir.path().join("dangling.yaml")).unwrap();
    symlink("self.yaml", dir.path().join("self.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in [
        "dangling.yaml: broken symbolic link",
        "self.yaml: symbolic link loop",
        "note: ",
        "sub/up: not followed: a link to a directory that holds it (a loop)",
    ] {
        assert!(stderr.contains(needle), "lacks {needle:?}:\n{stderr}");
    }
    // The good profile is still evaluated, once (the loop does not visit it twice).
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn a_dangling_symlink_given_directly_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("gone.yaml");
    symlink("missing.yaml", &link).unwrap();
    recommend_invalid(&link, &["gone.yaml: broken symbolic link"]);
}

#[test]
fn a_directory_with_no_profiles_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "not a profile");
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    recommend_invalid(dir.path(), &["no *.yaml or *.yml files found"]);
}

// ---- the same for rule packs given with --rules ----

/// A copy of the default pack in a temporary directory.
fn pack_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Runs `recommend` on a valid profile with the pack in `pack`; asserts exit 2 and `needles`.
fn pack_invalid(pack: &Path, needles: &[&str]) {
    let profiles = tempfile::tempdir().unwrap();
    let profile = write(profiles.path(), "p.yaml", VALID);
    let stderr = assert_invalid(
        &[
            "--rules".as_ref(),
            pack.as_os_str(),
            "recommend".as_ref(),
            profile.as_os_str(),
        ],
        needles,
    );
    assert!(stderr.contains("invalid rule pack"), "{stderr}");
}

/// A pack with one extra rule file `name` holding `text`.
fn hostile_pack_file(name: &str, text: impl AsRef<[u8]>, message: &str) {
    let pack = pack_copy();
    write(pack.path(), name, text);
    pack_invalid(pack.path(), &[name, message]);
}

#[test]
fn a_pack_the_copy_of_the_default_is_accepted() {
    // The baseline the hostile-pack tests modify: unmodified, the copy works.
    let pack = pack_copy();
    let profiles = tempfile::tempdir().unwrap();
    let profile = write(profiles.path(), "p.yaml", VALID);
    archfit()
        .arg("--rules")
        .arg(pack.path())
        .arg("recommend")
        .arg(profile)
        .assert()
        .success();
}

#[test]
fn an_alias_bomb_in_a_pack_is_refused() {
    hostile_pack_file("bomb.yaml", alias_bomb(), "alias bomb");
}

#[test]
fn deep_nesting_in_a_pack_is_refused() {
    hostile_pack_file("deep.yaml", deep_flow_sequence(10_000), "too deep");
    hostile_pack_file("deep.yaml", deep_flow_mapping(10_000), "too deep");
    hostile_pack_file("deep.yaml", deep_block_sequence(10_000), "deeper than 64");
    hostile_pack_file("deep.yaml", deep_block_mapping(1_400), "deeper than 64");
}

#[test]
fn deep_rule_conditions_are_refused_not_overflowed() {
    // `not: not: not: …` is the rule language's own recursion; the YAML depth cap bounds it.
    let mut when = String::from("{team_size: 1}");
    for _ in 0..200 {
        when = format!("{{not: {when}}}");
    }
    let text = format!(
        "rules:\n  - id: monolith.deep\n    pattern: monolith\n    when: {when}\n    score: 1\n    because: x\n    source: y\n"
    );
    hostile_pack_file("deep.yaml", text, "deeper than 64");
}

#[test]
fn a_huge_pack_file_is_refused() {
    let pack = pack_copy();
    let file = std::fs::File::create(pack.path().join("huge.yaml")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    pack_invalid(pack.path(), &["huge.yaml: file is 104857600 bytes"]);
}

#[test]
fn a_binary_pack_file_is_refused() {
    hostile_pack_file("noise.yaml", [0xffu8, 0xfe, 0x00, 0x80], "not valid UTF-8");
}

#[test]
fn an_empty_pack_file_is_refused() {
    hostile_pack_file("blank.yaml", "", "the file is empty");
}

#[test]
fn a_missing_pack_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    pack_invalid(
        &dir.path().join("nope"),
        &["nope: rule pack directory not found"],
    );
}

#[test]
fn a_pack_directory_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "pack", VALID);
    pack_invalid(&file, &["pack: the rule pack must be a directory"]);
}

#[test]
fn an_empty_pack_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    pack_invalid(dir.path(), &["the rule pack has no catalog.yaml"]);
}

#[test]
fn a_dangling_symlink_in_a_pack_is_refused() {
    let pack = pack_copy();
    symlink("missing.yaml", pack.path().join("gone.yaml")).unwrap();
    pack_invalid(pack.path(), &["gone.yaml: broken symbolic link"]);
}

// ---- output ----

#[test]
fn a_closed_pipe_ends_quietly() {
    // `archfit recommend examples/ | head -1`: read one line, then close our end.
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let dir = tempfile::tempdir().unwrap();
    // Enough output that the writer is still going when the reader leaves.
    for i in 0..200 {
        write(dir.path(), &format!("p{i:03}.yaml"), VALID);
    }
    let mut child = std::process::Command::new(bin)
        .arg("recommend")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is dropped here: the pipe is closed.
    assert!(first.starts_with("p000"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr should be empty:\n{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_closed_pipe_ends_quietly_for_json_too() {
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut child = std::process::Command::new(bin)
        .args(["recommend", "--format", "json"])
        .arg(&examples)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Only the note that examples/custom-pack, a rule pack, was skipped.
    assert!(stderr.lines().all(|l| l.starts_with("note: ")), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

// ---- many profiles (evaluated on several threads) ----

#[test]
fn many_profiles_come_out_in_input_order_with_errors_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected_ok = Vec::new();
    let mut expected_bad = Vec::new();
    for i in 0..300 {
        let name = format!("p{i:03}");
        if i % 37 == 5 {
            write(dir.path(), &format!("{name}.yaml"), "team_szie: 3\n");
            expected_bad.push(name);
        } else {
            let size = 1 + i % 40;
            write(
                dir.path(),
                &format!("{name}.yaml"),
                format!("team_size: {size}\nscaling: uniform\ntraffic: steady\ndevops: strong\n"),
            );
            expected_ok.push(name);
        }
    }
    let run = || {
        archfit()
            .args(["recommend", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected_ok);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let bad: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("unknown field `team_szie`"))
        .map(|l| {
            let file = l.split(".yaml:").next().unwrap();
            file.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(bad, expected_bad);
    // Byte for byte the same on every run, however the threads were scheduled.
    assert_eq!(run().stdout, out.stdout);
}

#[test]
fn standard_input_over_the_limit_is_refused() {
    // A pipe has no size to check up front: the reader stops one byte past the limit.
    let mut text = VALID.to_string();
    text.push('#');
    text.push_str(&"x".repeat(2 * 1024 * 1024));
    let out = archfit()
        .args(["recommend", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("<stdin>: input is over the 1024 KiB limit"),
        "{stderr}"
    );
}

// ---- oversized expansions and error output (issue: alias expansion charged by bytes) ----

#[test]
fn a_long_scalar_repeated_by_aliases_is_refused_in_bounded_memory() {
    // 520 KB: one 500 KB scalar, then a list of 4,000 aliases of it (2 GB if expanded). Under
    // a 1 GiB cap a run that expands it dies; the byte budget refuses it.
    let text = format!(
        "x: &s {}\nl: [{}]\n",
        "a".repeat(500_000),
        vec!["*s"; 4_000].join(", ")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "wide.yaml", &text);
    let out = archfit_capped()
        .arg("recommend")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(
        stderr.contains("wide.yaml") && stderr.contains("MiB of text (an alias bomb?)"),
        "{stderr}"
    );
    // The same in a rule pack's file.
    let pack = pack_copy();
    write(pack.path(), "wide.yaml", &text);
    let out = archfit_capped()
        .arg("--rules")
        .arg(pack.path())
        .args(["rules", "lint"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(stderr.contains("MiB of text (an alias bomb?)"), "{stderr}");
}

#[test]
fn a_long_key_repeated_as_an_unknown_key_makes_short_errors() {
    // A 100 KB key, used through an alias as an unknown key in 30 components: within the
    // expansion budget, so each component is validated and reported, each report quoting
    // the key in a few dozen characters (not 100 KB each).
    let mut text = format!("{VALID}k: &k {}\ncomponents:\n", "z".repeat(100_000));
    for i in 0..30 {
        text.push_str(&format!("  - {{name: c{i}, *k : 1}}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "keys.yaml", &text);
    let out = archfit().arg("recommend").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(
        stderr.contains("unknown field `zzzz"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.len() < 16 * 1024,
        "{} bytes of errors for a 100 KB file",
        stderr.len()
    );
}

#[test]
fn a_long_key_or_date_under_accepted_makes_short_errors() {
    // `accepted:` reads its own keys and its date: a 100 KB unknown key and a 100 KB date are
    // each quoted in a few dozen characters, as a profile's own keys are.
    let long = "z".repeat(100_000);
    for (what, accepted) in [
        (
            "unknown key `zzzz",
            format!("  ? {long}\n  : 1\n  reason: r\n  until: 2030-01-01\n"),
        ),
        ("`zzzz", format!("  reason: r\n  until: {long}\n")),
    ] {
        let text = format!("{VALID}current: monolith\naccepted:\n{accepted}");
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "accepted.yaml", &text);
        let out = archfit().arg("recommend").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let head = &stderr[..stderr.len().min(2000)];
        assert_eq!(code(&out), 2, "{head}");
        assert!(stderr.contains(what), "{head}");
        assert!(
            stderr.len() < 1024,
            "{} bytes of errors: {head}",
            stderr.len()
        );
    }
}

#[test]
fn the_errors_of_one_file_are_bounded() {
    // 5,000 documents with a problem each: the first hundred problems are reported, then
    // one line says the rest of the file was not read.
    let text = "---\nteam_szie: 3\n".repeat(5_000);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "many.yaml", &text);
    let out = archfit().arg("recommend").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2);
    let lines = stderr.lines().count();
    // Each invalid document reports its misspelt key and its missing required fields.
    assert!(lines <= 110, "{lines} lines of errors");
    assert!(
        stderr.contains("more documents not read after 100 problems in this file"),
        "{stderr}"
    );
}

// ---- only regular files are read: pipes, devices (a FIFO used to hang the walk) ----

#[test]
fn a_named_pipe_in_a_walk_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", VALID);
    mkfifo(&dir.path().join("b.yaml"));
    // A pipe not named like a profile is none of archfit's business.
    mkfifo(&dir.path().join("notes.txt"));
    for command in ["recommend", "check"] {
        let out = archfit()
            .args([command, "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(code(&out), 2, "{command}: {stderr}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let fifo = "is a named pipe (FIFO), not a regular file";
        if command == "recommend" {
            assert!(stderr.contains(&format!("b.yaml: {fifo}")), "{stderr}");
            // a.yaml is still evaluated.
            assert_eq!(json.as_array().map(Vec::len), Some(1), "{command}: {json}");
        } else {
            // `check` carries the problem in its JSON, in the pipe's place, and a.yaml after it.
            assert_eq!(stderr, "", "{command}");
            assert_eq!(json.as_array().map(Vec::len), Some(2), "{command}: {json}");
            assert_eq!(json[0]["check"]["verdict"], "invalid", "{json}");
            assert!(json[0]["source"].as_str().unwrap().ends_with("b.yaml"));
            let message = json[0]["check"]["findings"][0]["message"].as_str().unwrap();
            assert!(message.starts_with(fifo), "{message}");
            assert_eq!(json[1]["profile"], "a", "{json}");
        }
        assert!(!stderr.contains("notes.txt"), "{stderr}");
        assert!(!json.to_string().contains("notes.txt"), "{json}");
    }
}

#[test]
fn a_named_pipe_or_a_device_given_by_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.yaml");
    mkfifo(&fifo);
    recommend_invalid(
        &fifo,
        &[
            "p.yaml: is a named pipe (FIFO), not a regular file",
            "pass `-`",
        ],
    );
    // /dev/zero would be read without end, /dev/stdin is `-` under another name.
    recommend_invalid(
        Path::new("/dev/zero"),
        &["/dev/zero: is a character device"],
    );
    // `ask --from` and `diff` read named files the same way.
    let good = write(dir.path(), "good.yaml", VALID);
    assert_invalid(
        &["diff".as_ref(), good.as_os_str(), fifo.as_os_str()],
        &["is a named pipe"],
    );
}

#[test]
fn a_named_pipe_in_a_packs_cases_is_refused() {
    let pack = pack_copy();
    std::fs::create_dir(pack.path().join("tests")).unwrap();
    mkfifo(&pack.path().join("tests/cases.yaml"));
    pack_invalid(
        pack.path(),
        &["cases.yaml: is a named pipe (FIFO), not a regular file"],
    );
}

// ---- links and special files where `adr` writes ----

/// Runs `archfit adr PROFILE --dir DIR` with `extra` arguments.
fn adr(profile: &Path, dir: &Path, extra: &[&str]) -> std::process::Output {
    archfit()
        .arg("adr")
        .arg(profile)
        .arg("--dir")
        .arg(dir)
        .args(["--date", "2026-03-14"])
        .args(extra)
        .output()
        .unwrap()
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A profile named `name` (so its record's file name is known).
fn named_profile(dir: &Path, name: &str) -> PathBuf {
    write(
        dir,
        &format!("{name}.yaml"),
        format!("name: {name}\n{VALID}"),
    )
}

#[test]
fn supersedes_never_writes_through_a_planted_link() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = named_profile(tmp.path(), "shop");
    let dir = tmp.path().join("adr");
    assert_eq!(code(&adr(&profile, &dir, &[])), 0);
    // What a pull request could plant: the name the temporary file of an edit of 0001 used to
    // have, as a link to a file outside the directory.
    let victim = write(tmp.path(), "victim.txt", "precious\n");
    symlink(
        &victim,
        dir.join(".0001-architecture-for-shop.md.archfit-tmp"),
    )
    .unwrap();
    let out = adr(&profile, &dir, &["--supersedes", "1"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let old = std::fs::read_to_string(dir.join("0001-architecture-for-shop.md")).unwrap();
    assert!(old.contains("superseded by [0002]"), "{old}");

    // The record to supersede may not itself be a link: it would be replaced by a file, or
    // archfit would read whatever it points at.
    let record = dir.join("0002-architecture-for-shop.md");
    std::fs::remove_file(&record).unwrap();
    symlink(&victim, &record).unwrap();
    let before = listing(&dir);
    let out = adr(&profile, &dir, &["--supersedes", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(
        stderr.contains("0002-architecture-for-shop.md: is a symbolic link"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(listing(&dir), before, "nothing written");
}

#[test]
fn supersedes_refuses_a_record_that_is_a_pipe_or_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = named_profile(tmp.path(), "shop");
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    // A link to /dev/zero used to be read until memory ran out; a FIFO, waited on forever.
    symlink("/dev/zero", dir.join("0001-zero.md")).unwrap();
    mkfifo(&dir.join("0002-pipe.md"));
    for (n, needle) in [("1", "is a symbolic link"), ("2", "is a named pipe (FIFO)")] {
        let out = adr(&profile, &dir, &["--supersedes", n]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(code(&out), 2, "{stderr}");
        assert!(stderr.contains(needle), "{n}: {stderr}");
    }
    assert_eq!(listing(&dir), ["0001-zero.md", "0002-pipe.md"]);
}

#[test]
fn supersedes_keeps_line_endings_and_permissions() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = named_profile(tmp.path(), "shop");
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    let old = write(
        &dir,
        "0001-use-crlf.md",
        "# 1. Use CRLF\r\n\r\n- Status: accepted\r\n- Date: 2026-01-01\r\n",
    );
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = adr(&profile, &dir, &["--supersedes", "1"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&old).unwrap(),
        "# 1. Use CRLF\r\n\r\n- Status: superseded by [0002](0002-architecture-for-shop.md)\r\n- Date: 2026-01-01\r\n"
    );
    let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

// ---- parallel and interrupted `adr` runs ----

#[test]
fn parallel_adr_runs_take_distinct_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("adr");
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let runs: Vec<std::process::Child> = (0..20)
        .map(|i| {
            let profile = named_profile(tmp.path(), &format!("team{i}"));
            std::process::Command::new(&bin)
                .arg("adr")
                .arg(profile)
                .arg("--dir")
                .arg(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    }
    let numbers: Vec<String> = listing(&dir).iter().map(|n| n[..4].to_string()).collect();
    let expected: Vec<String> = (1..=20).map(|n| format!("{n:04}")).collect();
    assert_eq!(numbers, expected, "{:?}", listing(&dir));

    // Ten runs at once superseding record 1: one succeeds, the others are refused, and 0001
    // links to the one record that says it supersedes 0001.
    let runs: Vec<std::process::Child> = (0..10)
        .map(|i| {
            let profile = named_profile(tmp.path(), &format!("next{i}"));
            std::process::Command::new(&bin)
                .arg("adr")
                .arg(profile)
                .arg("--dir")
                .arg(&dir)
                .args(["--supersedes", "1"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut codes: Vec<i32> = runs
        .into_iter()
        .map(|r| code(&r.wait_with_output().unwrap()))
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, [0, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    let names = listing(&dir);
    assert_eq!(names.len(), 21, "{names:?}");
    let successor = &names[20];
    let first = std::fs::read_to_string(dir.join(&names[0])).unwrap();
    assert!(
        first.contains(&format!("superseded by [0021]({successor})")),
        "{first}"
    );
    let claimants = names
        .iter()
        .filter(|n| {
            std::fs::read_to_string(dir.join(n))
                .unwrap()
                .contains("- Supersedes: [0001]")
        })
        .count();
    assert_eq!(claimants, 1);
}

#[test]
fn a_full_disk_leaves_no_partial_record_and_takes_no_number() {
    // `ulimit -f` makes every write past a size fail as a full disk would (SIGXFSZ ignored, so
    // the write returns an error instead of killing the process).
    let tmp = tempfile::tempdir().unwrap();
    let profile = named_profile(tmp.path(), "shop");
    let dir = tmp.path().join("adr");
    std::fs::create_dir(&dir).unwrap();
    let full = |extra: &[&str], blocks: u32| {
        archfit_under(&format!("trap '' XFSZ; ulimit -f {blocks}"))
            .arg("adr")
            .arg(&profile)
            .arg("--dir")
            .arg(&dir)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = full(&[], 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
    // With room again, the number is still free.
    assert_eq!(code(&adr(&profile, &dir, &[])), 0);
    assert_eq!(listing(&dir), ["0001-architecture-for-shop.md"]);

    // The new record fits but the superseded one, rewritten, does not: the new one is taken
    // back, and the old one is left as it was.
    let old = dir.join("0001-architecture-for-shop.md");
    let mut text = std::fs::read_to_string(&old).unwrap();
    text.push_str(&format!("\n<!-- {} -->\n", "x".repeat(200_000)));
    std::fs::write(&old, &text).unwrap();
    let out = full(&["--supersedes", "1"], 200);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(
        stderr.contains("record 0001 could not be marked as superseded")
            && stderr.contains("was removed again"),
        "{stderr}"
    );
    assert_eq!(listing(&dir), ["0001-architecture-for-shop.md"]);
    assert_eq!(std::fs::read_to_string(&old).unwrap(), text);
}

// ---- exit codes CI trusts: a closed pipe ----

/// Runs archfit with `args`, closing its standard output (or error) at once, as `| head -1`
/// does after one line; returns the exit status and what reached the other stream.
fn with_closed(stream: &str, args: &[&std::ffi::OsStr]) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let mut child = std::process::Command::new(bin)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut other = String::new();
    if stream == "stdout" {
        drop(child.stdout.take());
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut other).unwrap();
    } else {
        drop(child.stderr.take());
        std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut other).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (code(&out), other)
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_check() {
    let dir = tempfile::tempdir().unwrap();
    // Enough output (a full JSON report each) that most of it is written after the close.
    for i in 0..150 {
        write(dir.path(), &format!("p{i:03}.yaml"), FITS);
    }
    let rules = small_pack();
    let args = |format: &str| -> Vec<std::ffi::OsString> {
        vec![
            "--rules".into(),
            rules.clone().into(),
            "check".into(),
            "--format".into(),
            format.into(),
            dir.path().into(),
        ]
    };
    let run = |format: &str| {
        let a = args(format);
        let a: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
        with_closed("stdout", &a)
    };
    assert_eq!(run("json").0, 0);
    // The misfit is the last profile: seen only after the reader has gone.
    write(dir.path(), "z-misfit.yaml", MISFIT);
    for format in ["json", "text", "github"] {
        let (exit, stderr) = run(format);
        assert_eq!(exit, 1, "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
    write(dir.path(), "zz-invalid.yaml", "team_szie: 3\n");
    assert_eq!(run("json").0, 2);
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_rules_lint() {
    // `archfit rules lint --deny-warnings DIR 2>&1 | head -1`: lint reports on standard error.
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/unused-field");
    let args: [&std::ffi::OsStr; 4] = [
        "rules".as_ref(),
        "lint".as_ref(),
        "--deny-warnings".as_ref(),
        pack.as_os_str(),
    ];
    let full = archfit().args(args).output().unwrap();
    assert_eq!(code(&full), 2);
    assert_eq!(with_closed("stderr", &args).0, 2);
}

#[test]
fn completions_to_a_closed_pipe_or_a_full_disk_end_cleanly() {
    // `archfit completions zsh | head -c1`
    let (exit, stderr) = with_closed("stdout", &["completions".as_ref(), "zsh".as_ref()]);
    assert_eq!(exit, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    // `archfit completions bash > /dev/full`
    let out = archfit_under("exec >/dev/full")
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---- symbolic links in a walk ----

#[test]
fn a_walk_reads_each_directory_once_and_never_leaves_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "o1.yaml", VALID);
    write(outside.path(), "o2.yaml", VALID);
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("v2/sub")).unwrap();
    write(&root.path().join("v2"), "p.yaml", VALID);
    // Two names for one directory, a loop, a way out, the whole file system, and a file
    // from outside.
    symlink("v2", root.path().join("latest")).unwrap();
    symlink("..", root.path().join("v2/sub/up")).unwrap();
    symlink(outside.path(), root.path().join("shared")).unwrap();
    symlink("/", root.path().join("everything")).unwrap();
    symlink(
        outside.path().join("o1.yaml"),
        root.path().join("linked.yaml"),
    )
    .unwrap();
    // A link to a file inside the tree is read, under its own name.
    symlink("v2/p.yaml", root.path().join("current.yaml")).unwrap();
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(root.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["source"].as_str().unwrap())
        .collect();
    let r = root.path().display().to_string();
    assert_eq!(
        sources,
        [format!("{r}/current.yaml"), format!("{r}/v2/p.yaml")]
    );
    for note in [
        "latest: not followed: a link to a directory inside",
        "up: not followed: a link to a directory that holds it (a loop)",
        "shared: not followed: a link to a directory outside",
        // `/` holds the tree itself.
        "everything: not followed: a link to a directory that holds it (a loop)",
        "linked.yaml: not read: a link to a file outside",
    ] {
        assert!(stderr.contains(note), "lacks {note:?}:\n{stderr}");
    }
    assert!(stderr.lines().all(|l| l.starts_with("note: ")), "{stderr}");
    // Named on the command line, a link is followed: the user chose it.
    let out = archfit()
        .args(["recommend", "--format", "json"])
        .arg(root.path().join("shared"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
}

// ---- a directory holding a pack.yaml ----

#[test]
fn a_directory_with_a_pack_yaml_that_is_no_pack_is_checked() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "a.yaml", FITS);
    std::fs::create_dir(root.path().join("team")).unwrap();
    // A profile that happens to be called pack.yaml, with a misfit.
    write(&root.path().join("team"), "pack.yaml", MISFIT);
    // And a real rule pack, which is skipped, with a note.
    let real = root.path().join("custom-pack");
    std::fs::create_dir(&real).unwrap();
    for entry in std::fs::read_dir(small_pack()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, real.join(path.file_name().unwrap())).unwrap();
    }
    let out = archfit()
        .arg("--rules")
        .arg(small_pack())
        .arg("check")
        .arg(root.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("2 profiles checked: 1 fit, 0 close calls, 1 misfit, 0 invalid"),
        "{stdout}"
    );
    assert!(
        stderr.contains("team: holds a pack.yaml but is not a rule pack that loads"),
        "{stderr}"
    );
    assert!(
        stderr.contains("custom-pack: skipped: a rule pack, not profiles"),
        "{stderr}"
    );
}

// ---- control characters and bidirectional overrides ----

/// Whether `text` holds a character that could act on a terminal or a log.
fn has_raw_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

#[test]
fn a_name_cannot_forge_a_ci_command_or_control_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for (file, yaml, name) in [
        (
            "forge.yaml",
            "a\\n::error file=README.md,line=1::forged",
            "a\n::error file=README.md,line=1::forged",
        ),
        (
            "clear.yaml",
            "a\\e[2J\\e]52;c;Zm9yZ2Vk\\a",
            "a\u{1b}[2J\u{1b}]52;c;Zm9yZ2Vk\u{7}",
        ),
        ("bidi.yaml", "evil\\u202Etxt.exe", "evil\u{202e}txt.exe"),
    ] {
        // The name is the profile's, and a component's too.
        let path = write(
            dir.path(),
            file,
            format!(
                "name: \"{yaml}\"\n{VALID}current: monolith\ncomponents:\n  - name: \"{yaml}\"\n    traffic: spiky\n"
            ),
        );
        let runs: [&[&str]; 7] = [
            &["recommend", "--format", "text"],
            &["recommend", "--format", "markdown"],
            &["check", "--format", "text"],
            &["check", "--format", "github"],
            &["check", "--format", "junit"],
            &["check", "--format", "sarif"],
            &["diff"],
        ];
        for args in runs {
            let mut cmd = archfit();
            cmd.args(args).arg(&path);
            if args == ["diff"] {
                cmd.arg(&path);
            }
            let out = cmd.output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(matches!(code(&out), 0 | 1), "{file} {args:?}: {stderr}");
            for text in [&stdout, &stderr] {
                assert!(!has_raw_controls(text), "{file} {args:?}: {text:?}");
                assert!(
                    !text.lines().any(|l| l.starts_with("::error file=README")),
                    "{file} {args:?}: {text}"
                );
            }
        }
        // For machines the name is kept exactly (JSON escapes it).
        let out = archfit()
            .args(["recommend", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json[0]["profile"], name, "{file}");
    }
}

#[test]
fn file_names_and_keys_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // File names are input too: a pull request can add one.
    let path = write(
        dir.path(),
        "a\u{1b}[2J\n::warning::b\u{202e}.yaml",
        format!("{VALID}current: monolith\n"),
    );
    for args in [
        vec!["recommend", "--format", "text"],
        vec!["recommend", "--format", "markdown"],
        vec!["check", "--format", "github"],
        vec!["check", "--format", "text"],
        vec!["check", "--format", "junit"],
    ] {
        let out = archfit().args(&args).arg(dir.path()).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(code(&out), 0 | 1), "{args:?}: {stderr}");
        for text in [&stdout, &stderr] {
            assert!(!has_raw_controls(text), "{args:?}: {text:?}");
            assert!(
                !text.lines().any(|l| l.starts_with("::warning::")),
                "{args:?}: {text}"
            );
        }
        if args[2] == "text" && args[0] == "recommend" {
            assert!(
                stdout.contains("\\u{1b}[2J\\n::warning::b\\u{202e}"),
                "{stdout}"
            );
        }
    }
    std::fs::remove_file(&path).unwrap();
    // A key with a line break, in a profile checked for GitHub: the error stays one line.
    write(
        dir.path(),
        "key.yaml",
        format!("{VALID}\"bad\\n::error::forged\": 1\n"),
    );
    let out = archfit()
        .args(["check", "--format", "github"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    for text in [&stdout, &stderr] {
        assert!(
            !text.lines().any(|l| l.starts_with("::error::forged")),
            "{text}"
        );
    }
    // The problem is the annotation's, escaped, and nothing goes to standard error.
    assert!(
        stdout.contains("unknown field `bad\\n::error::forged`"),
        "{stdout}"
    );
    assert_eq!(stderr, "");
}

#[test]
fn a_decision_record_carries_no_control_or_bidi_characters() {
    let tmp = tempfile::tempdir().unwrap();
    // The profile's name is checked; its file's name (the record's source) is escaped.
    let profile = write(tmp.path(), "shop\u{202e}\u{1b}[31m.yaml", VALID);
    let dir = tmp.path().join("adr");
    let out = adr(&profile, &dir, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let names = listing(&dir);
    let record = std::fs::read_to_string(dir.join(&names[0])).unwrap();
    assert!(!has_raw_controls(&record), "{record:?}");
}

// ---- numbers and sizes ----

/// For the two runs below, which take well under a second in a debug build when linear and
/// minutes when not: a generous bound on a run that does not end, not a measured speed.
const HEAVY_LIMIT: Duration = Duration::from_secs(30);

#[test]
fn a_whole_number_written_with_a_fraction_is_called_what_it_is() {
    hostile_profile(
        "fraction.yaml",
        "team_size: 8.0\nscaling: uniform\ntraffic: steady\ndevops: limited\n",
        "`team_size` must be a whole number, found 8.0 (write it without the fraction: team_size: 8)",
    );
}

#[test]
fn tens_of_thousands_of_components_are_validated_in_linear_time() {
    // 87,000 components in flow style (all the 1 MiB cap holds), the last repeating the
    // first's name. The duplicate check compared each name with all before it: 3.8 billion
    // comparisons. Bounded here only by the time limit that stops a hang.
    let mut text = format!("{VALID}components: [");
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("{{name: c{n}}}, "));
        n += 1;
    }
    text.push_str("{name: c0}]\n");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "huge.yaml", &text);
    let out = archfit()
        .timeout(HEAVY_LIMIT)
        .arg("recommend")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{stderr}");
    assert!(
        stderr.contains("duplicate component name `c0` (first used at line 5)"),
        "{stderr}"
    );
}

#[test]
fn a_deep_directory_chain_is_walked_in_linear_time() {
    // 2,000 nested directories (as deep as a path may go), a profile at the bottom. The walk
    // resolved every directory's real path: half a million `readlink` calls.
    let root = tempfile::tempdir().unwrap();
    let mut deep = root.path().to_path_buf();
    for _ in 0..2_000 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    write(&deep, "p.yaml", VALID);
    let out = archfit()
        .timeout(HEAVY_LIMIT)
        .args(["recommend", "--format", "json"])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
}
