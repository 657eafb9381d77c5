//! Engine unit tests on a small pack written here, so they pin the engine's semantics
//! independently of the default pack's numbers.

use super::*;
use crate::profile;

fn pack() -> RulePack {
    crate::test_support::small_pack()
}

fn eval(text: &str) -> (RulePack, Profile, Evaluation) {
    let pack = pack();
    let profile = profile::parse_stream(text, "p.yaml", "p", &pack)
        .remove(0)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let e = evaluate(&pack, &profile);
    (pack, profile, e)
}

fn rec(text: &str) -> String {
    let (pack, _, e) = eval(text);
    pack.pattern_id(e.recommendation).to_string()
}

#[test]
fn best_score_wins() {
    assert_eq!(rec("team_size: 5"), "monolith");
    assert_eq!(rec("team_size: 30"), "microservices");
    assert_eq!(rec("team_size: 12\ntraffic: spiky"), "serverless");
}

#[test]
fn a_veto_removes_the_pattern_whatever_its_score() {
    let (pack, _, e) = eval("team_size: 12\ntraffic: spiky\nlong_running: true");
    assert_eq!(pack.pattern_id(e.recommendation), "monolith");
    let s = pack.pattern_index("serverless").unwrap();
    assert!(e.system.is_vetoed(s));
    assert_eq!(*e.ranking.last().unwrap(), s, "vetoed patterns rank last");
}

#[test]
fn ties_go_to_the_simpler_pattern() {
    // Nothing fires for 15 engineers: every score is 0, and monolith is listed first.
    assert_eq!(rec("team_size: 15"), "monolith");
    // 30 engineers, spiky: microservices 4, serverless 4 -> serverless is simpler.
    assert_eq!(rec("team_size: 30\ntraffic: spiky"), "serverless");
}

#[test]
fn differing_components_make_the_system_hybrid() {
    let (pack, _, e) = eval("team_size: 5\ncomponents:\n  - name: pipeline\n    traffic: spiky\n");
    assert_eq!(pack.pattern_id(e.recommendation), "hybrid");
    assert!(e.by_components);
    assert_eq!(pack.pattern_id(e.core), "monolith");
    assert_eq!(
        pack.pattern_id(e.components[0].recommendation),
        "serverless"
    );
    assert_eq!(e.ranking[0], e.recommendation);
}

#[test]
fn components_that_agree_with_the_core_change_nothing() {
    let (pack, _, e) = eval("team_size: 5\ncomponents:\n  - name: api\n    traffic: variable\n");
    assert_eq!(pack.pattern_id(e.recommendation), "monolith");
    assert!(!e.by_components);
}

#[test]
fn what_if_finds_the_threshold_itself() {
    let (pack, _, e) = eval("team_size: 8");
    let ts = pack.catalog.index_of("team_size").unwrap();
    let up: Vec<_> = e.what_if.iter().filter(|w| w.field == ts).collect();
    // At 10 monolith's bonus is gone and nothing else scores: monolith still wins the tie,
    // so the first flip is at 21 (microservices).
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].to, Value::Int(21));
    assert_eq!(pack.pattern_id(up[0].recommendation), "microservices");
    let traffic = pack.catalog.index_of("traffic").unwrap();
    let t: Vec<_> = e.what_if.iter().filter(|w| w.field == traffic).collect();
    assert_eq!(t.len(), 1);
    assert_eq!(pack.catalog.fields[traffic].format(t[0].to), "spiky");
}

#[test]
fn every_what_if_really_flips_the_answer() {
    for text in [
        "team_size: 8",
        "team_size: 25\nteams: 4",
        "team_size: 12\ntraffic: spiky",
        "team_size: 3\ncomponents: [{name: a, traffic: spiky}]",
    ] {
        let (pack, profile, e) = eval(text);
        for w in &e.what_if {
            let mut changed = profile.clone();
            changed.values[w.field] = w.to;
            let again = evaluate(&pack, &changed);
            assert_eq!(again.recommendation, w.recommendation, "{text}: {w:?}");
            assert_ne!(again.recommendation, e.recommendation, "{text}: {w:?}");
        }
    }
}

#[test]
fn what_if_respects_teams_at_most_team_size() {
    // Lowering team_size below teams would be an invalid profile, so it is never suggested.
    let (pack, _, e) = eval("team_size: 25\nteams: 25");
    let ts = pack.catalog.index_of("team_size").unwrap();
    assert!(e
        .what_if
        .iter()
        .filter(|w| w.field == ts)
        .all(|w| w.to >= Value::Int(25)));
}

#[test]
fn fit_compares_current_with_a_margin() {
    let (_, _, e) = eval("team_size: 5\ncurrent: monolith");
    assert_eq!(e.fit, Some(Fit::Same));
    let (_, _, e) = eval("team_size: 7\ncurrent: serverless");
    // monolith 3, serverless -1: 4 points behind, margin 1.5.
    assert_eq!(e.fit, Some(Fit::Behind(4.0)));
    let (_, _, e) = eval("team_size: 12\ntraffic: spiky\nlong_running: true\ncurrent: serverless");
    assert_eq!(e.fit, Some(Fit::Vetoed));
    let (_, _, e) = eval("team_size: 15\ncurrent: serverless");
    assert_eq!(e.fit, Some(Fit::WithinMargin(0.0)));
    let (_, _, e) =
        eval("team_size: 5\ncurrent: monolith\ncomponents: [{name: a, traffic: spiky}]");
    assert_eq!(e.fit, Some(Fit::NeedsHybrid));
}

#[test]
fn close_calls_are_flagged() {
    let (_, _, e) = eval("team_size: 15");
    assert!(e.close_call);
    let (_, _, e) = eval("team_size: 5");
    assert!(!e.close_call);
}

#[test]
fn reasons_list_the_winners_rules_strongest_first() {
    let (pack, _, e) = eval("team_size: 30\nteams: 4");
    let ids: Vec<&str> = e
        .reasons_for(&pack, e.recommendation)
        .iter()
        .map(|&i| &*pack.rules[i].id)
        .collect();
    assert_eq!(ids, ["x.big", "x.teams"]);
}

#[test]
fn evaluation_is_deterministic() {
    let text = "team_size: 12\ntraffic: spiky\ncomponents: [{name: a, long_running: true}]";
    assert_eq!(eval(text).2, eval(text).2);
}

/// The fixture pack whose runner-up trails by 1, 1.5 and 2 points (`lead: under`, `at`,
/// `past`) with a margin of 1.5: the two comparisons with the margin, pinned at the boundary.
fn margin_eval(lead: &str) -> (RulePack, Evaluation) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/margin");
    let pack = crate::pack::from_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
    let text = format!("lead: {lead}\ncurrent: serverless\n");
    let profile = profile::parse_stream(&text, "p.yaml", "p", &pack)
        .remove(0)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let e = evaluate(&pack, &profile);
    let winner = if lead == "ahead" {
        "serverless"
    } else {
        "monolith"
    };
    assert_eq!(pack.pattern_id(e.recommendation), winner, "{lead}");
    assert_eq!(pack.meta.close_call_margin, 1.5);
    (pack, e)
}

/// A current architecture fits up to and including the margin: `gap <= margin`.
#[test]
fn the_current_architecture_fits_at_the_margin_and_not_one_step_past_it() {
    assert_eq!(margin_eval("under").1.fit, Some(Fit::WithinMargin(1.0)));
    assert_eq!(margin_eval("at").1.fit, Some(Fit::WithinMargin(1.5)));
    assert_eq!(margin_eval("past").1.fit, Some(Fit::Behind(2.0)));
    assert_eq!(margin_eval("ahead").1.fit, Some(Fit::Same));
}

/// A close call is a lead smaller than the margin: `gap < margin`, so a lead of exactly the
/// margin is not one.
#[test]
fn a_close_call_is_a_lead_under_the_margin_not_at_it() {
    let (pack, e) = margin_eval("under");
    assert!(e.close_call);
    assert_eq!(e.runner_up.map(|p| pack.pattern_id(p)), Some("serverless"));
    assert!(!margin_eval("at").1.close_call);
    assert!(!margin_eval("past").1.close_call);
    // serverless leads by 1 point, monolith is the runner-up within the margin.
    let (pack, e) = margin_eval("ahead");
    assert!(e.close_call);
    assert_eq!(e.runner_up.map(|p| pack.pattern_id(p)), Some("monolith"));
}
