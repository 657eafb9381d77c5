//! The README's sample output is the real output of the command it shows, so it cannot rot.

mod support;

use support::archfit;

#[test]
fn the_readme_sample_matches_the_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "$ archfit recommend examples/growing-team-band.yaml\n";
    let start = readme
        .find(marker)
        .expect("README shows the sample command")
        + marker.len();
    let end = start + readme[start..].find("```").expect("sample block ends");
    let sample = &readme[start..end];
    // The sample shows a UTF-8 terminal's bars, whatever the locale the tests run in.
    let out = archfit()
        .env_remove("NO_COLOR")
        .env("LC_ALL", "C.UTF-8")
        .args(["recommend", "examples/growing-team-band.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        sample,
        "update the README sample"
    );
}

#[test]
fn the_readme_names_the_test_command_ci_runs() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(readme.contains("cargo test --locked"));
    assert!(ci.contains("\ncargo test --locked\n"));
}
