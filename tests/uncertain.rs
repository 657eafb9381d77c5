//! Profiles that are not sure of some answers (`unknown`, a list, a range), through the binary:
//! how sure the answer is in every format, what to find out first, `check`'s warning, and the
//! errors a mistyped open answer gets.
//!
//! The numbers come from the small fixture pack (tests/fixtures/packs/small): under ten
//! engineers monolith +3, spiky traffic serverless +4, long-running jobs veto serverless, more
//! than 20 engineers microservices +4.

mod support;

use serde_json::Value;
use support::{run, write};

const SMALL: &str = "tests/fixtures/packs/small";

fn recommend(profile: &str, format: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.yaml", profile);
    let r = run(support::archfit()
        .args(["--rules", SMALL, "recommend", "--format", format])
        .arg(&path));
    (r.code, r.stdout, r.stderr)
}

fn json(profile: &str) -> Value {
    let (code, out, err) = recommend(profile, "json");
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v[0].clone()
}

/// Five engineers, traffic not known: spiky (one of three) gives serverless, else monolith.
const TRAFFIC_UNKNOWN: &str = "name: unsure\nteam_size: 5\ntraffic: unknown\n";

#[test]
fn an_unknown_answer_gives_the_share_each_pattern_wins_and_what_decides_it() {
    let v = json(TRAFFIC_UNKNOWN);
    assert_eq!(v["recommendation"], "monolith");
    assert_eq!(v["settled"], false);
    let possible = v["possible"].as_array().unwrap();
    assert_eq!(possible[0]["pattern"], "monolith");
    assert!((possible[0]["share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(possible[1]["pattern"], "serverless");
    assert!((possible[1]["share"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    let decisive = v["decisive"].as_array().unwrap();
    assert_eq!(decisive.len(), 1);
    assert_eq!(decisive[0]["field"], "traffic");
    let outcomes = decisive[0]["outcomes"].as_array().unwrap();
    assert_eq!(
        outcomes[0]["values"],
        serde_json::json!(["steady", "variable"])
    );
    assert_eq!(outcomes[0]["recommendation"], "monolith");
    assert_eq!(outcomes[1]["values"], serde_json::json!(["spiky"]));
    assert_eq!(outcomes[1]["recommendation"], "serverless");
    assert_eq!(v["open"][0]["answer"], "unknown");
    // The reasons are those of the most likely answers monolith wins: the default, steady.
    assert_eq!(v["likely"][0]["value"], "steady");
    // The what-if changes give way to the decisive unknowns.
    assert_eq!(v["what_if"], serde_json::json!([]));
    assert_eq!(v["schema_version"], 2);
}

#[test]
fn the_text_report_says_how_sure_it_is_and_what_to_find_out_first() {
    let (code, out, _) = recommend(TRAFFIC_UNKNOWN, "text");
    assert_eq!(code, 0);
    assert!(out.contains("How sure is this?"), "{out}");
    assert!(
        out.contains(
            "Not settled: monolith wins 67% of everything you might answer (serverless 33%)."
        ),
        "{out}"
    );
    assert!(out.contains("Open: traffic unknown."), "{out}");
    assert!(
        out.contains("• traffic: steady or variable → monolith; spiky → serverless"),
        "{out}"
    );
    assert!(
        out.contains("the most likely answers monolith wins: traffic steady."),
        "{out}"
    );
}

#[test]
fn the_decision_record_lists_the_open_questions() {
    let (code, out, _) = recommend(TRAFFIC_UNKNOWN, "markdown");
    assert_eq!(code, 0);
    let section = out
        .split("## Open questions\n")
        .nth(1)
        .expect("an Open questions section")
        .split("\n## ")
        .next()
        .unwrap();
    assert!(section.contains("`traffic: unknown`"), "{section}");
    assert!(section.contains("**monolith** wins 67%"), "{section}");
    assert!(
        section.contains("- `traffic`: steady or variable → monolith; spiky → serverless"),
        "{section}"
    );
    assert!(out.contains("| `traffic` | `unknown` | open"), "{out}");
}

#[test]
fn an_open_answer_that_cannot_change_anything_leaves_the_answer_settled() {
    // Long-running jobs only veto serverless, which steady traffic does not favour anyway.
    let v = json("name: sure\nteam_size: 5\ntraffic: steady\nlong_running: unknown\n");
    assert_eq!(v["settled"], true);
    assert_eq!(
        v["possible"],
        serde_json::json!([{"pattern": "monolith", "share": 1.0}])
    );
    assert_eq!(v["decisive"], serde_json::json!([]));
    let (_, out, _) = recommend(
        "name: sure\nteam_size: 5\ntraffic: steady\nlong_running: unknown\n",
        "text",
    );
    assert!(
        out.contains("Settled: monolith whatever the open answers turn out to be."),
        "{out}"
    );
}

#[test]
fn a_range_is_cut_where_the_rules_change_and_weighed_by_its_extent() {
    // 5..30 engineers: under ten monolith, 10..20 a tie at nothing (monolith, the simpler),
    // past 20 microservices. Each whole number x weighs ln((x+1)/x): 5..9 weighs ln 2,
    // 10..20 ln(21/10), 21..30 ln(31/21).
    let v = json("name: growing\nteam_size: 5..30\n");
    let (a, b, c) = (2f64.ln(), (21.0f64 / 10.0).ln(), (31.0f64 / 21.0).ln());
    let share = |p: &str| {
        v["possible"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["pattern"] == p)
            .map_or(0.0, |x| x["share"].as_f64().unwrap())
    };
    assert!(
        (share("monolith") - (a + b) / (a + b + c)).abs() < 1e-9,
        "{v}"
    );
    assert!(
        (share("microservices") - c / (a + b + c)).abs() < 1e-9,
        "{v}"
    );
    let outcomes = v["decisive"][0]["outcomes"].as_array().unwrap();
    assert_eq!(outcomes[0]["values"], serde_json::json!(["5..20"]));
    assert_eq!(outcomes[1]["values"], serde_json::json!(["21..30"]));
    assert_eq!(outcomes[1]["recommendation"], "microservices");
}

#[test]
fn linked_open_numbers_weigh_only_the_completions_that_keep_the_link() {
    // teams 1..4 with team_size 3..25: teams may not exceed team_size, and three or more teams
    // add a point for microservices. The shares sum to one over the valid pairs only.
    let v = json("name: linked\nteam_size: 3..25\nteams: 1..3\n");
    let total: f64 = v["possible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["share"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "{v}");
    assert_eq!(v["settled"], false);
}

#[test]
fn check_warns_when_the_current_architecture_fits_only_some_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.yaml",
        "name: unsure\nteam_size: 5\ntraffic: unknown\ncurrent: serverless\n",
    );
    let r = run(support::archfit()
        .args(["--rules", SMALL, "check"])
        .arg(&path));
    assert_eq!(
        r.code, 0,
        "a warning is not a failure: {}{}",
        r.stdout, r.stderr
    );
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("fits only 33% of what the profile leaves open"),
        "{all}"
    );
    assert!(
        all.contains("find out first: traffic (steady or variable → monolith; spiky → serverless)"),
        "{all}"
    );
    let strict = run(support::archfit()
        .args(["--rules", SMALL, "check", "--strict"])
        .arg(&path));
    assert_eq!(strict.code, 1, "{}{}", strict.stdout, strict.stderr);
    let json = run(support::archfit()
        .args(["--rules", SMALL, "check", "--format", "json"])
        .arg(&path));
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v[0]["check"]["verdict"], "unsettled", "{v}");
}

#[test]
fn a_mistyped_open_answer_is_an_error_at_its_line_and_column() {
    for (text, message) in [
        ("team_size: 20..8\n", "the range 20..8 runs backwards"),
        (
            "team_size: 5\ntraffic: []\n",
            "an empty list allows no value",
        ),
        (
            "team_size: 5\ntraffic: 1..3\n",
            "is not a number, so it takes no range",
        ),
        (
            "team_size: 5\ntraffic: [spiky, spiky]\n",
            "`spiky` is listed twice",
        ),
        (
            "team_size: 5\ntraffic: [spiky, bursty]\n",
            "p.yaml:3:18: `bursty` is not a valid value for `traffic`",
        ),
        (
            "team_size: 0..5\n",
            "must be between 1 and 1000, and 0..5 is not",
        ),
        ("team_size: 8..x\n", "`8..x` is not a range"),
        (
            "team_size: 10\nteams: 1..30\n",
            "`teams` (1..30) allows 30, more than `team_size` can be (10)",
        ),
    ] {
        let (code, _, err) = recommend(&format!("name: bad\n{text}"), "text");
        assert_eq!(code, 2, "{text}: {err}");
        assert!(err.contains(message), "{text}: {err}");
        assert!(
            err.contains("p.yaml:"),
            "names the file, line and column: {err}"
        );
    }
}

#[test]
fn a_required_field_may_be_unknown_but_not_absent() {
    let v = json("name: open\nteam_size: unknown\n");
    assert_eq!(v["open"][0]["field"], "team_size");
    let (code, _, err) = recommend("name: open\ntraffic: unknown\n", "text");
    assert_eq!(code, 2);
    assert!(err.contains("missing required field `team_size`"), "{err}");
}

#[test]
fn a_range_is_cut_at_every_value_of_an_in_list() {
    // The small pack plus a rule for serverless at exactly 7 or 8 engineers: over 8..9 the
    // answer depends on the number, so the range must not be weighed as one piece.
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    for file in ["pack.yaml", "catalog.yaml", "patterns.yaml", "rules.yaml"] {
        std::fs::copy(format!("{SMALL}/{file}"), pack.join(file)).unwrap();
    }
    let mut rules = std::fs::read_to_string(pack.join("rules.yaml")).unwrap();
    rules.push_str("  - { id: s.list, pattern: serverless, when: { team_size: { in: [8, 7] } }, score: 5, because: b, source: s }\n");
    std::fs::write(pack.join("rules.yaml"), rules).unwrap();
    let path = write(dir.path(), "p.yaml", "name: band\nteam_size: 8..9\n");
    let r = run(support::archfit()
        .arg("--rules")
        .arg(&pack)
        .args(["recommend", "--format", "json"])
        .arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["settled"], false, "{}", r.stdout);
    let outcomes = &v[0]["decisive"][0]["outcomes"];
    assert_eq!(outcomes[0]["values"], serde_json::json!([8]));
    assert_eq!(outcomes[0]["recommendation"], "serverless");
    assert_eq!(outcomes[1]["values"], serde_json::json!([9]));
    assert_eq!(outcomes[1]["recommendation"], "monolith");
}
