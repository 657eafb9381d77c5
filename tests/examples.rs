//! The shipped examples give the answer their names promise, so the README and docs stay true.

mod support;

use serde_json::Value;
use support::archfit;

fn recommend_json(path: &str) -> Value {
    let out = archfit()
        .args(["recommend", "--format", "json", path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_example_gives_the_pattern_it_is_named_for() {
    let table = [
        ("examples/monolith-startup.yaml", "monolith"),
        ("examples/serverless-api.yaml", "serverless"),
        ("examples/event-driven-platform.yaml", "event-driven"),
        ("examples/microservices-org.yaml", "microservices"),
        ("examples/hybrid-shop.yaml", "hybrid"),
        ("examples/hybrid-integration.yaml", "hybrid"),
        ("examples/current-mismatch.yaml", "monolith"),
        ("examples/growing-team-band.yaml", "microservices"),
    ];
    for (path, pattern) in table {
        assert_eq!(recommend_json(path)[0]["recommendation"], pattern, "{path}");
    }
}

#[test]
fn the_examples_directory_gives_one_object_per_example_in_sorted_order() {
    // `examples/custom-pack/` is a rule pack, so the walk skips it.
    let out = archfit()
        .args(["recommend", "--format", "json", "examples"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["source"].as_str().unwrap())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted);
    assert!(sources.len() >= 8);
}

#[test]
fn the_hybrid_example_names_a_pattern_per_component() {
    let json = recommend_json("examples/hybrid-shop.yaml");
    let obj = &json[0];
    assert_eq!(obj["core"], "monolith");
    let comps: Vec<(&str, &str)> = obj["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["recommendation"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(comps.iter().any(|&(_, p)| p != "monolith"), "{comps:?}");
    assert_eq!(obj["reasons"][0]["rule"], "hybrid.components-differ");
}

#[test]
fn the_mismatch_example_is_a_mismatch() {
    let json = recommend_json("examples/current-mismatch.yaml");
    assert_eq!(json[0]["current"], "microservices");
    assert_eq!(json[0]["fit"], "mismatch");
}

#[test]
fn the_band_example_rests_on_devops_capacity_not_on_headcount() {
    // Thirteen engineers with enough split triggers: microservices, which part-time operations
    // would turn into a modular monolith; headcount moves it only below the ten of the band.
    let json = recommend_json("examples/growing-team-band.yaml");
    let what_if = json[0]["what_if"].as_array().unwrap();
    let flip = |field: &str| {
        what_if
            .iter()
            .find(|w| w["field"] == field)
            .unwrap_or_else(|| panic!("no what-if for {field}: {what_if:?}"))
    };
    assert_eq!(flip("devops")["to"], "limited");
    assert_eq!(flip("devops")["recommendation"], "monolith");
    assert_eq!(flip("team_size")["to"], 9);
    assert_eq!(flip("team_size")["recommendation"], "monolith");
}

/// The custom pack's profiles are for that pack: `recommend --rules examples/custom-pack` reads
/// them, and the pack's new field changes the answer.
#[test]
fn the_custom_pack_profiles_run_under_the_custom_pack() {
    let out = archfit()
        .args([
            "--rules",
            "examples/custom-pack",
            "recommend",
            "--format",
            "json",
            "examples/custom-pack/profiles",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["clinic-intake", "payments-band"]);
    assert_eq!(json[0]["recommendation"], "monolith");
}
