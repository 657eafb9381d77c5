//! `archfit diff OLD NEW` on the built binary: a team that grows from 6 to 40 engineers.

mod support;

use serde_json::Value;
use support::{archfit, run, write};

const SMALL: &str =
    "name: acme\nteam_size: 6\nscaling: uniform\ntraffic: steady\ndevops: moderate\n";
/// The same company later: more people, more teams, parts that scale apart, a platform team.
const GROWN: &str =
    "name: acme\nteam_size: 40\nteams: 5\nscaling: heterogeneous\ntraffic: steady\n\
devops: strong\nindependent_deploys: true\n";

fn diff(old: &str, new: &str, format: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (
        write(dir.path(), "old.yaml", old),
        write(dir.path(), "new.yaml", new),
    );
    let r = run(archfit()
        .arg("diff")
        .arg(&o)
        .arg(&n)
        .args(["--format", format]));
    (r.code, r.stdout, r.stderr)
}

#[test]
fn growing_from_6_to_40_engineers_moves_the_recommendation_text() {
    let (code, out, err) = diff(SMALL, GROWN, "text");
    assert_eq!(code, 0, "a difference is not a failure: {err}");
    assert!(
        out.contains("Recommendation changed: monolith → microservices"),
        "{out}"
    );
    assert!(out.contains("  team_size: 6 → 40\n"), "{out}");
    assert!(
        out.contains("  teams: 1 (assumed) → 5\n"),
        "assumed→given shows: {out}"
    );
    let moved = out
        .split("Rules that moved the recommendation from monolith to microservices\n")
        .nth(1)
        .expect("a section of the rules that moved it")
        .split("\n\n")
        .next()
        .unwrap();
    assert!(
        moved.contains("now fires: microservices.large-org (+3.0 microservices)"),
        "{moved}"
    );
    assert!(
        moved.contains("no longer fires: monolith.small-team (+4.0 monolith)"),
        "{moved}"
    );
    assert!(
        !moved.contains("serverless."),
        "rules on bystanders are listed apart: {moved}"
    );
    assert!(out.contains("│ monolith"), "ranking table: {out}");
}

#[test]
fn growing_from_6_to_40_engineers_moves_the_recommendation_json() {
    let (code, out, err) = diff(SMALL, GROWN, "json");
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["old"]["recommendation"], "monolith");
    assert_eq!(v["new"]["recommendation"], "microservices");
    assert_eq!(v["recommendation_changed"], true);
    let team = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "team_size")
        .expect("team_size changed");
    assert_eq!(
        (team["old"].as_i64(), team["new"].as_i64()),
        (Some(6), Some(40))
    );
    let find = |list: &str, id: &str| {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {list}: {out}"))
    };
    let large = find("started", "microservices.large-org");
    assert_eq!(large["moved_recommendation"], true);
    assert_eq!(large["effect"], 3.0);
    assert_eq!(
        find("stopped", "monolith.small-team")["moved_recommendation"],
        true
    );
    let ms = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pattern"] == "microservices")
        .unwrap();
    assert_eq!(ms["new_rank"], 1);
    assert!(ms["delta"].as_f64().unwrap() > 0.0);
    assert_eq!(v["ranking"].as_array().unwrap().len(), 5);
}

#[test]
fn identical_profiles_have_no_differences() {
    let (code, out, _) = diff(SMALL, SMALL, "text");
    assert_eq!(code, 0);
    assert!(out.contains("Recommendation unchanged: monolith"));
    assert!(out.contains("Changed fields\n  none\n"));
    assert!(out.contains("none: the same rules fired for both profiles"));
}

#[test]
fn invalid_inputs_are_exit_2_and_each_is_reported() {
    let (code, out, err) = diff(
        "team_szie: 6\n",
        "---\nteam_size: 1\n---\nteam_size: 2\n",
        "text",
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("old.yaml:1:1: unknown field `team_szie`"),
        "{err}"
    );
    assert!(
        err.contains("new.yaml: holds 2 profiles; this command takes exactly one"),
        "{err}"
    );

    let out = archfit().args(["diff", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot both be `-`"));

    let out = archfit().args(["diff", "missing.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "NEW is required");
}

#[test]
fn old_can_come_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let n = write(dir.path(), "new.yaml", GROWN);
    let out = archfit()
        .arg("diff")
        .arg("-")
        .arg(&n)
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("acme (<stdin>)  →  acme ("), "{text}");
}

/// The README's `diff` sample is the head of the real output, so it cannot rot.
#[test]
fn the_readme_diff_sample_matches_the_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "$ archfit diff examples/growing-team-band.yaml examples/microservices-org.yaml\n";
    let start = readme.find(marker).expect("README shows diff") + marker.len();
    let end = start + readme[start..].find("```").unwrap();
    let out = archfit()
        .args([
            "diff",
            "examples/growing-team-band.yaml",
            "examples/microservices-org.yaml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&readme[start..end]),
        "update the README diff sample"
    );
}

#[test]
fn components_added_removed_and_edited_are_listed() {
    let base = std::fs::read_to_string("examples/hybrid-shop.yaml").unwrap();
    let cut = base
        .find("  - name: checkout")
        .expect("example has a checkout component");
    // The old profile has only the image pipeline; the new one edits it and adds checkout.
    // Without the wish to shed operations, the loosely coupled, unevenly scaling pipeline is an
    // event consumer rather than a function.
    let old = base[..cut].to_string();
    let new = base.replace("minimize_ops: true", "minimize_ops: false");
    let (code, out, err) = diff(&old, &new, "text");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  component image-pipeline: serverless → event-driven, its overrides changed\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  component checkout: added (monolith)\n"),
        "{out}"
    );
    let (_, json, _) = diff(&old, &new, "json");
    let v: Value = serde_json::from_str(&json).unwrap();
    let added = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "checkout")
        .expect("checkout listed");
    assert_eq!(added["old_recommendation"], Value::Null);
    assert_eq!(added["new_recommendation"], "monolith");
}
