//! Engine unit tests on a small pack written here, so they pin the engine's semantics
//! independently of the default pack's numbers.

use super::*;
use crate::profile;

fn pack() -> RulePack {
    crate::test_support::small_pack()
}

/// One profile read with `pack`; a test's own profile is valid.
fn parse_in(pack: &RulePack, text: &str) -> Profile {
    profile::parse_stream(text, "p.yaml", "p", pack)
        .remove(0)
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// The share of completions pattern `id` wins (0 when it wins none).
fn share_of(pack: &RulePack, c: &Certainty, id: &str) -> f64 {
    c.possible
        .iter()
        .find(|&&(p, _)| pack.pattern_id(p) == id)
        .map_or(0.0, |&(_, s)| s)
}

fn eval(text: &str) -> (RulePack, Profile, Evaluation) {
    let pack = pack();
    let profile = parse_in(&pack, text);
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
    let pack = crate::test_support::fixture_pack("margin");
    let text = format!("lead: {lead}\ncurrent: serverless\n");
    let profile = parse_in(&pack, &text);
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

/// A fixture pack from `tests/fixtures/packs/`, and a profile evaluated with it.
fn fixture_eval(pack_dir: &str, text: &str) -> (RulePack, Profile, Evaluation) {
    let pack = crate::test_support::fixture_pack(pack_dir);
    let profile = parse_in(&pack, text);
    let e = evaluate(&pack, &profile);
    (pack, profile, e)
}

/// With every pattern vetoed the answer is the best score among them, flagged as such, with
/// no runner-up to call it close against.
#[test]
fn when_every_pattern_is_vetoed_the_least_bad_is_flagged() {
    let (pack, _, e) = fixture_eval("all-vetoed", "mode: hostile\n");
    assert_eq!(pack.pattern_id(e.recommendation), "serverless");
    assert!(e.all_vetoed);
    assert!(e.system.is_vetoed(e.recommendation));
    assert_eq!(e.runner_up, None);
    assert!(!e.close_call);
    // The least bad is no fit for a system built that way, nor is any other pattern.
    for current in ["serverless", "monolith"] {
        let (_, _, e) = fixture_eval(
            "all-vetoed",
            &format!("mode: hostile\ncurrent: {current}\n"),
        );
        assert_eq!(e.fit, Some(Fit::Vetoed), "{current}");
    }
    for mode in ["small", "normal"] {
        let (_, _, e) = fixture_eval("all-vetoed", &format!("mode: {mode}\n"));
        assert!(!e.all_vetoed, "{mode}");
        assert!(e.runner_up.is_some(), "{mode}");
    }
    // A system made hybrid by its components is not "all vetoed", even if its core is.
    let (pack, _, e) = eval("team_size: 12\ntraffic: spiky\nlong_running: true\ncomponents: [{name: a, long_running: false}]");
    assert_eq!(pack.pattern_id(e.recommendation), "hybrid");
    assert!(!e.all_vetoed);
}

/// The what-if search adjusts a tally instead of adding it up again only when every sum is
/// exact; with scores in tenths a sum depends on its order, and the what-if must still name
/// exactly the changes a full evaluation flips (see the fixture's rules).
#[test]
fn what_if_agrees_with_evaluation_when_sums_are_inexact() {
    let (pack, profile, e) = fixture_eval("inexact-scores", "x: true\n");
    assert_eq!(pack.pattern_id(e.recommendation), "monolith");
    let x = pack.catalog.index_of("x").unwrap();
    let mut without = profile.clone();
    without.values[x] = Value::Bool(false);
    let again = evaluate(&pack, &without);
    assert_eq!(pack.pattern_id(again.recommendation), "serverless");
    let found: Vec<(FieldId, Value, &str)> = e
        .what_if
        .iter()
        .map(|w| (w.field, w.to, pack.pattern_id(w.recommendation)))
        .collect();
    assert_eq!(found, [(x, Value::Bool(false), "serverless")]);
    // Whole and half points, as the default pack uses, are exact; tenths are not.
    assert!(exact_sums(&crate::test_support::small_pack()));
    assert!(!exact_sums(&pack));
}

/// The rule lists reports draw on: every fired rule for a pattern (vetoes first, then by
/// effect), the ones against it (vetoes, then penalties, worst first), and the ones for it.
#[test]
fn reasons_against_and_gains_are_sorted_and_filtered() {
    // serverless: s.spiky +4, s.tie -1 (7 engineers), s.long veto.
    let (pack, _, e) = eval("team_size: 7\ntraffic: spiky\nlong_running: true");
    let s = pack.pattern_index("serverless").unwrap();
    let ids = |rules: Vec<RuleId>| -> Vec<String> {
        rules
            .iter()
            .map(|&i| pack.rules[i].id.to_string())
            .collect()
    };
    assert_eq!(
        ids(e.system.reasons_for(&pack, s)),
        ["s.long", "s.spiky", "s.tie"]
    );
    assert_eq!(ids(e.system.against(&pack, s)), ["s.long", "s.tie"]);
    assert_eq!(ids(e.system.gains_for(&pack, s)), ["s.spiky"]);
    let m = pack.pattern_index("monolith").unwrap();
    assert_eq!(ids(e.system.against(&pack, m)), Vec::<String>::new());
    assert_eq!(ids(e.system.gains_for(&pack, m)), ["m.small"]);
    // A rule worth nothing fired, but counts neither for nor against.
    let pack = small_with(
        "  - { id: s.zero, pattern: serverless, when: { traffic: spiky }, score: 0, because: b, source: s }\n",
    );
    let profile = parse_in(&pack, "team_size: 7\ntraffic: spiky");
    let e = evaluate(&pack, &profile);
    let ids = |rules: Vec<RuleId>| -> Vec<String> {
        rules
            .iter()
            .map(|&i| pack.rules[i].id.to_string())
            .collect()
    };
    assert_eq!(
        ids(e.system.reasons_for(&pack, s)),
        ["s.spiky", "s.zero", "s.tie"]
    );
    assert_eq!(ids(e.system.against(&pack, s)), ["s.tie"]);
    assert_eq!(ids(e.system.gains_for(&pack, s)), ["s.spiky"]);
}

#[test]
fn the_gap_is_the_recommendations_lead_in_points() {
    let (pack, e) = margin_eval("at");
    let s = pack.pattern_index("serverless").unwrap();
    assert_eq!(e.gap(s), 1.5);
    assert_eq!(e.gap(e.recommendation), 0.0);
    let (pack, e) = margin_eval("ahead");
    assert_eq!(e.gap(pack.pattern_index("monolith").unwrap()), 1.0);
}

#[test]
fn only_the_recommendation_or_a_pattern_within_the_margin_is_a_match() {
    assert!(Fit::Same.is_match());
    assert!(Fit::WithinMargin(1.5).is_match());
    assert!(!Fit::Behind(2.0).is_match());
    assert!(!Fit::Vetoed.is_match());
    assert!(!Fit::NeedsHybrid.is_match());
}

/// `check`'s verdict on the margin pack: a close call is a finding only where there is a
/// `current:` to check (a warning, an error under `--strict`), a misfit is always an error,
/// and the counts add up.
#[test]
fn check_raises_close_calls_only_for_a_current_architecture() {
    use super::check::{assess, Category, Counts, Entry, Level, Verdict};
    let verdict = |text: &str, strict: bool| {
        let (pack, profile, e) = fixture_eval("margin", text);
        assess(&pack, &profile, &e, strict, "2026-11-30")
    };
    let findings = |c: &super::check::Checked| -> Vec<(Category, Level)> {
        c.findings.iter().map(|f| (f.category, f.level)).collect()
    };

    let plain = verdict("lead: under\n", false);
    assert_eq!(plain.verdict, Verdict::ValidatedOnly);
    assert_eq!(findings(&plain), []);
    assert_eq!(
        plain.reason,
        "The monolith always scores 3. [monolith.base]"
    );

    let close = verdict("lead: under\ncurrent: monolith\n", false);
    assert_eq!(close.verdict, Verdict::Fits);
    assert_eq!(findings(&close), [(Category::CloseCall, Level::Warning)]);
    let strict = verdict("lead: under\ncurrent: monolith\n", true);
    assert_eq!(findings(&strict), [(Category::CloseCall, Level::Error)]);

    let at = verdict("lead: at\ncurrent: serverless\n", true);
    assert_eq!(at.verdict, Verdict::Fits);
    assert_eq!(findings(&at), []);
    assert_eq!(
        at.reason,
        "serverless trails monolith by 1.5 points, within the pack's margin of 1.5"
    );

    let past = verdict("lead: past\ncurrent: serverless\n", false);
    assert_eq!(past.verdict, Verdict::Misfit);
    assert_eq!(findings(&past), [(Category::Misfit, Level::Error)]);
    assert_eq!(
        past.findings[0].message,
        "p: `current: serverless` does not fit; archfit recommends monolith. serverless trails \
         monolith by 2.0 points, more than the pack's margin of 1.5: The monolith always scores \
         3. [monolith.base]"
    );

    let entries: Vec<Entry> = [plain, close, strict, at, past]
        .into_iter()
        .map(Entry::Checked)
        .collect();
    let counts = Counts::of(&entries);
    // The two close calls are counted apart from the plain fit.
    assert_eq!(
        (
            counts.fits,
            counts.close_calls,
            counts.misfits,
            counts.validated_only,
            counts.invalid
        ),
        (1, 2, 1, 1, 0)
    );
    assert_eq!((counts.errors, counts.warnings, counts.total()), (2, 1, 5));
    assert_eq!(
        [Level::Error.name(), Level::Warning.name()],
        ["error", "warning"]
    );
    assert_eq!(
        [
            Verdict::Fits,
            Verdict::Misfit,
            Verdict::Unsettled,
            Verdict::Accepted,
            Verdict::ValidatedOnly
        ]
        .map(Verdict::name),
        ["fits", "misfit", "unsettled", "accepted", "validated-only"]
    );
    // The ids and titles SARIF, JSON and GitHub annotations carry.
    assert_eq!(
        Category::ALL.map(Category::id),
        [
            "misfit",
            "close-call",
            "invalid-profile",
            "unsettled",
            "accepted-misfit",
            "unused-acceptance"
        ]
    );
    assert_eq!(
        Category::ALL.map(Category::title),
        [
            "The current architecture does not fit the profile",
            "Close call: the recommendation wins by less than the pack's margin",
            "The profile is invalid",
            "Open answers leave it undecided whether the current architecture fits",
            "The current architecture does not fit, and the team accepts that until a date",
            "The profile accepts a misfit, but its current architecture fits"
        ]
    );
}

/// `archfit diff` on the small pack, worked out by hand: a 5-engineer system made hybrid by a
/// component with long jobs grows to 30 engineers in 4 teams and becomes microservices.
#[test]
fn diff_names_every_change_the_ranking_moves_and_the_rules_responsible() {
    use super::diff::{compare, ComponentChange, FieldChange};
    let (pack, old_p, old_e) = eval(
        "team_size: 5\ntraffic: spiky\ncomponents: [{name: a, long_running: true}, {name: gone, traffic: variable}]",
    );
    let (_, new_p, new_e) = eval(
        "team_size: 30\nteams: 4\ntraffic: spiky\ncurrent: microservices\n\
         components: [{name: a, long_running: true}, {name: added, traffic: steady}]",
    );
    let p = |id: &str| pack.pattern_index(id).unwrap();
    let f = |name: &str| pack.catalog.index_of(name).unwrap();
    let d = compare((&old_p, &old_e), (&new_p, &new_e));
    assert_eq!(
        d.fields,
        [
            FieldChange {
                field: f("team_size"),
                old: Value::Int(5),
                new: Value::Int(30),
                old_assumed: false,
                new_assumed: false,
                old_open: None,
                new_open: None
            },
            FieldChange {
                field: f("teams"),
                old: Value::Int(1),
                new: Value::Int(4),
                old_assumed: true,
                new_assumed: false,
                old_open: None,
                new_open: None
            },
        ]
    );
    assert_eq!(d.current, Some((None, Some(p("microservices")))));
    let change = |name: &str, old: Option<&str>, new: Option<&str>| ComponentChange {
        name: name.to_string(),
        old: old.map(p),
        new: new.map(p),
        overrides_changed: false,
    };
    assert_eq!(
        d.components,
        [
            change("a", Some("monolith"), Some("microservices")),
            change("gone", Some("monolith"), None),
            change("added", None, Some("microservices")),
        ]
    );
    assert_eq!(
        (d.old_recommendation, d.new_recommendation),
        (p("hybrid"), p("microservices"))
    );
    assert!(d.recommendation_changed());
    let moves: Vec<(&str, usize, usize, f64, f64, f64)> = d
        .ranking
        .iter()
        .map(|m| {
            let id = pack.pattern_id(m.pattern);
            (
                id,
                m.old_rank,
                m.new_rank,
                m.old_score,
                m.new_score,
                m.delta(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("microservices", 3, 0, 0.0, 5.0, 5.0),
            ("serverless", 1, 1, 4.0, 4.0, 0.0),
            ("monolith", 2, 2, 3.0, 0.0, -3.0),
            ("hybrid", 0, 3, 0.0, 0.0, 0.0),
        ]
    );
    let ids = |rules: &[RuleId]| -> Vec<String> {
        rules
            .iter()
            .map(|&i| pack.rules[i].id.to_string())
            .collect()
    };
    assert_eq!(ids(&d.started), ["x.big", "x.teams"]);
    assert_eq!(ids(&d.stopped), ["m.small"]);
    // Rules for the old or the new recommendation moved it; m.small was for neither.
    let moved: Vec<bool> = d
        .started
        .iter()
        .chain(&d.stopped)
        .map(|&r| d.moved_recommendation(&pack, r))
        .collect();
    assert_eq!(moved, [true, true, false]);

    // Against itself: nothing changed, and no rule moved anything.
    let same = compare((&new_p, &new_e), (&new_p, &new_e));
    assert!(same.fields.is_empty() && same.components.is_empty() && same.current.is_none());
    assert!(!same.recommendation_changed());
    assert!(same.started.is_empty() && same.stopped.is_empty());
    // The same rules with the same answer: a rule for the recommendation moved nothing.
    let (_, more_p, more_e) = eval("team_size: 30\nteams: 4\ntraffic: steady\n");
    let d = compare((&more_p, &more_e), (&new_p, &new_e));
    assert!(!d.recommendation_changed());
    assert!(d.started.iter().all(|&r| !d.moved_recommendation(&pack, r)));
    assert_eq!(ids(&d.started), ["s.spiky"]);
    // A component whose overrides changed is listed even when its answer did not move.
    let (_, edited_p, edited_e) = eval(
        "team_size: 30\nteams: 4\ntraffic: spiky\ncurrent: microservices\n\
         components: [{name: a, long_running: true, traffic: variable}, {name: added, traffic: steady}]",
    );
    let d = compare((&new_p, &new_e), (&edited_p, &edited_e));
    assert_eq!(
        d.components,
        [ComponentChange {
            name: "a".to_string(),
            old: Some(p("microservices")),
            new: Some(p("microservices")),
            overrides_changed: true
        }]
    );
}

/// The small pack with `rules` added as one more rule file.
fn small_with(rules: &str) -> RulePack {
    let mut files = pack().files.clone();
    files.push(crate::pack::PackFile {
        path: "extra.yaml".into(),
        display: "extra.yaml".into(),
        text: format!("rules:\n{rules}").into(),
    });
    RulePack::from_files(files, "small").unwrap_or_else(|d| panic!("{d}"))
}

/// The what-if list by its definition, with a full evaluation per candidate: for each field in
/// catalog order, the nearest value that flips the answer (for integers, the nearest threshold
/// above and below; for the rest, the nearest value, ties to the earlier).
fn what_if_by_evaluation(pack: &RulePack, profile: &Profile) -> Vec<(FieldId, Value, PatternId)> {
    let engine = Engine::new(pack);
    let current = engine.evaluate(profile).recommendation;
    let mut found = Vec::new();
    for (i, f) in pack.catalog.fields.iter_enumerated() {
        let from = profile.values[i];
        let first_flip = |candidates: Vec<Value>| {
            candidates.into_iter().find_map(|to| {
                let mut changed = profile.clone();
                changed.values[i] = to;
                let valid = pack
                    .catalog
                    .links_hold(|k| crate::pack::catalog::int(changed.values.get(k)));
                let rec = engine.evaluate(&changed).recommendation;
                (valid && rec != current).then_some((i, to, rec))
            })
        };
        match (&f.kind, from) {
            (crate::pack::Kind::Integer { min, max }, Value::Int(cur)) => {
                let t = engine.thresholds(i);
                let up = t.iter().filter(|&&c| c > cur && c <= *max);
                let down = t.iter().rev().filter(|&&c| c < cur && c >= *min);
                found.extend(first_flip(up.map(|&c| Value::Int(c)).collect()));
                found.extend(first_flip(down.map(|&c| Value::Int(c)).collect()));
            }
            _ => {
                let mut others = f.discrete_values().unwrap_or_default();
                others.retain(|&v| v != from);
                let distance = |v: Value| match (from, v) {
                    (Value::Enum(x), Value::Enum(y)) => (i64::from(x) - i64::from(y)).abs(),
                    _ => 1,
                };
                others.sort_by_key(|&v| (distance(v), v));
                found.extend(first_flip(others));
            }
        }
    }
    found
}

/// The what-if search must name exactly what full evaluations find, on packs that take it
/// off its common paths: `not` conditions (evaluated for many candidate values at once), an
/// integer field with more thresholds than fit in one bit mask (evaluated rule by rule), and
/// flips that only a component's answer brings.
#[test]
fn what_if_names_exactly_what_full_evaluation_finds() {
    let evens: Vec<String> = (1..=30).map(|k| (2 * k).to_string()).collect();
    let packs = [
        small_with(
            "  - { id: n.steady, pattern: microservices, when: { not: { traffic: spiky } }, score: 2, because: b, source: s }\n\
             \x20 - { id: n.big, pattern: serverless, when: { not: { team_size: { lt: 10 } } }, score: 1, because: b, source: s }\n\
             \x20 - { id: n.short, pattern: hybrid, when: { not: { any: [{ long_running: true }, { teams: { ge: 2 } }] } }, score: 1, because: b, source: s }\n",
        ),
        small_with(&format!(
            "  - {{ id: n.evens, pattern: hybrid, when: {{ team_size: {{ in: [{}] }} }}, score: -1, because: b, source: s }}\n\
             \x20 - {{ id: n.huge, pattern: serverless, when: {{ team_size: {{ gt: 300 }} }}, score: 10, because: b, source: s }}\n",
            evens.join(", ")
        )),
        // Overlapping `any` branches (both hold under 10), and an `in:` set on another field
        // than the one being tried, inside a condition that reads both.
        small_with(
            "  - { id: o.any, pattern: serverless, when: { any: [{ team_size: { lt: 20 } }, { team_size: { lt: 10 } }] }, score: 4, because: b, source: s }\n\
             \x20 - { id: o.teams, pattern: microservices, when: { all: [{ team_size: { gt: 5 } }, { teams: { in: [2, 3] } }] }, score: 5, because: b, source: s }\n",
        ),
    ];
    let team_size = packs[1].catalog.index_of("team_size").unwrap();
    assert!(Engine::new(&packs[1]).thresholds(team_size).len() > 64);
    let profiles = [
        "team_size: 5\ntraffic: spiky",
        "team_size: 5\ntraffic: steady",
        "team_size: 12\ntraffic: variable\nteams: 2",
        "team_size: 25",
        "team_size: 25\nteams: 3\ntraffic: spiky",
        "team_size: 40\nlong_running: true",
        "team_size: 8\ncomponents: [{name: a, traffic: spiky}, {name: b, long_running: true}]",
        "team_size: 350\ncomponents: [{name: a, traffic: steady}]",
        "team_size: 15",
        "team_size: 15\nteams: 2",
    ];
    let mut checked = 0;
    for pack in &packs {
        for text in profiles {
            let profile = parse_in(pack, text);
            let e = evaluate(pack, &profile);
            let found: Vec<(FieldId, Value, PatternId)> = e
                .what_if
                .iter()
                .map(|w| (w.field, w.to, w.recommendation))
                .collect();
            assert_eq!(found, what_if_by_evaluation(pack, &profile), "{text}");
            checked += found.len();
        }
    }
    assert!(checked >= 20, "the profiles should flip often: {checked}");
}

/// With open answers, the fit is `Partly` with the share of the completions in which the
/// current architecture fits, when that share is strictly between none and all; otherwise it is
/// the fit of every completion. On the small pack a list weighs its values alike: 5 engineers
/// give monolith 3 points, 6 the same, 30 give microservices 4 (monolith 4 behind, past the
/// margin of 1.5).
#[test]
fn an_open_answer_makes_the_fit_partly_only_when_some_completions_fit_and_some_do_not() {
    let (_, _, e) = eval("team_size: [5, 30]\ncurrent: monolith");
    assert_eq!(e.certainty.as_ref().and_then(|c| c.fits), Some(0.5));
    assert_eq!(e.fit, Some(Fit::Partly(0.5)));
    // Every completion fits: the fit is theirs, not a share of 1.
    let (_, _, e) = eval("team_size: [5, 6]\ncurrent: monolith");
    assert_eq!(e.certainty.as_ref().and_then(|c| c.fits), Some(1.0));
    assert_eq!(e.fit, Some(Fit::Same));
    // None does: not a share of 0 either.
    let (_, _, e) = eval("team_size: [5, 6]\ncurrent: microservices");
    assert_eq!(e.certainty.as_ref().and_then(|c| c.fits), Some(0.0));
    assert_eq!(e.fit, Some(Fit::Behind(3.0)));
}

/// `check` on open answers and on ties, on the small pack, worked out by hand: 5 or 30
/// engineers split the answer between monolith and microservices (half each, the tie of
/// weights to the simpler monolith), so `current: monolith` fits only half of it, which is a
/// finding of its own; 15 engineers fire nothing, and monolith wins a tie of zeros.
#[test]
fn check_reports_an_undecided_fit_and_a_tie_in_words_and_counts_them() {
    use super::check::{assess, Category, Counts, Entry, Level, Verdict};
    let checked = |text: &str, strict: bool| {
        let (pack, profile, e) = eval(text);
        assess(&pack, &profile, &e, strict, "2026-11-30")
    };
    let open = checked("team_size: [5, 30]\ncurrent: monolith", false);
    assert_eq!(open.verdict, Verdict::Unsettled);
    let reason = "`current: monolith` fits only 50% of what the profile leaves open (monolith \
                  is recommended); find out first: team_size (5 → monolith; 30 → microservices)";
    assert_eq!(open.reason, reason);
    let found: Vec<_> = open
        .findings
        .iter()
        .map(|f| (f.category, f.level, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            Category::Unsettled,
            Level::Warning,
            format!("p: {reason}").as_str()
        )]
    );
    let strict = checked("team_size: [5, 30]\ncurrent: monolith", true);
    assert_eq!(strict.findings[0].level, Level::Error);

    let tie = checked("team_size: 15\ncurrent: monolith", false);
    assert_eq!(tie.verdict, Verdict::Fits);
    assert_eq!(tie.reason, "monolith scores best");
    assert_eq!(
        tie.findings[0].message,
        "p: close call: monolith and serverless are tied at 0.0 points and the tie goes to the \
         simpler monolith, so any change to the profile that favours serverless flips the \
         recommendation"
    );
    let lead = checked("team_size: 5\ntraffic: spiky\ncurrent: serverless", false);
    assert_eq!(
        lead.findings[0].message,
        "p: close call: serverless leads monolith by only 1.0 points (the pack's margin is 1.5), \
         decided by s.spiky +4.0; a small change to the profile could flip the recommendation"
    );

    let counts = Counts::of(&[open, strict, tie, lead].map(Entry::Checked));
    // The tie and the lead fit as close calls.
    assert_eq!(
        (
            counts.fits,
            counts.close_calls,
            counts.misfits,
            counts.unsettled,
            counts.total()
        ),
        (0, 2, 0, 2, 4)
    );
    assert_eq!((counts.errors, counts.warnings), (1, 3));
}

/// Sums are exact only for scores that are multiples of 1/1024 (whatever their size): a score
/// too small to change 1024 when added to it (10^-14) is no such multiple, and neither is
/// 1/2048; 1/1024 and 999.5 are.
#[test]
fn exact_sums_takes_only_multiples_of_a_1024th() {
    let with = |score: &str| {
        small_with(&format!(
            "  - {{ id: s.extra, pattern: serverless, when: {{ traffic: spiky }}, score: {score}, because: b, source: s }}\n"
        ))
    };
    for (score, exact) in [
        ("1e-14", false),
        ("0.00048828125", false),
        ("0.0009765625", true),
        ("999.5", true),
        ("-999.5", true),
    ] {
        assert_eq!(exact_sums(&with(score)), exact, "score {score}");
    }
}

/// The rule ids of `rules`.
fn rule_ids(pack: &RulePack, rules: &[RuleId]) -> Vec<String> {
    rules
        .iter()
        .map(|&r| pack.rules[r].id.to_string())
        .collect()
}

/// What decided an alternative, worked out by hand. With variable traffic microservices gets
/// four gains of 1 and a penalty of 1.5 (2.5), serverless 2, monolith a penalty of 3: monolith
/// trails by 5.5, made up by its own penalty and three of the leader's gains, largest first.
/// Neither the leader's penalty nor a third pattern's gain decides.
#[test]
fn an_alternative_is_decided_by_the_leaders_gains_and_its_own_penalties_only() {
    let pack = small_with(
        "  - { id: g.1, pattern: microservices, when: { traffic: variable }, score: 1, because: b, source: s }
  - { id: g.2, pattern: microservices, when: { traffic: variable }, score: 1, because: b, source: s }
  - { id: g.3, pattern: microservices, when: { traffic: variable }, score: 1, because: b, source: s }
  - { id: g.4, pattern: microservices, when: { traffic: variable }, score: 1, because: b, source: s }
  - { id: g.pen, pattern: microservices, when: { traffic: variable }, score: -1.5, because: b, source: s }
  - { id: s.var, pattern: serverless, when: { traffic: variable }, score: 2, because: b, source: s }
  - { id: m.pen, pattern: monolith, when: { traffic: variable }, score: -3, because: b, source: s }
",
    );
    let profile = parse_in(&pack, "team_size: 15\ntraffic: variable");
    let e = evaluate(&pack, &profile);
    let p = |id: &str| pack.pattern_index(id).unwrap();
    assert_eq!(e.recommendation, p("microservices"));
    let Separation::Behind { gap, rules } = e.separation(&pack, p("monolith")) else {
        panic!("monolith trails");
    };
    assert_eq!(gap, 5.5);
    assert_eq!(rule_ids(&pack, &rules), ["m.pen", "g.1", "g.2", "g.3"]);
    // Serverless trails by 0.5: the first of the leader's gains is enough.
    let Separation::Behind { gap, rules } = e.separation(&pack, p("serverless")) else {
        panic!("serverless trails");
    };
    assert_eq!(gap, 0.5);
    assert_eq!(rule_ids(&pack, &rules), ["g.1"]);
}

/// A rule worth nothing never decides, even where the sum of the deciding rules, added in
/// another order than the score, falls a rounding error short of the gap: 0.1 + 0.2 + 0.3 in
/// pack order is 0.6000000000000001, largest first it is 0.6, and every gain is listed then,
/// but not the zeros.
#[test]
fn a_rule_worth_nothing_never_decides() {
    let pack = small_with(
        "  - { id: m.a, pattern: monolith, when: { traffic: variable }, score: 0.1, because: b, source: s }
  - { id: m.b, pattern: monolith, when: { traffic: variable }, score: 0.2, because: b, source: s }
  - { id: m.c, pattern: monolith, when: { traffic: variable }, score: 0.3, because: b, source: s }
  - { id: m.zero, pattern: monolith, when: { traffic: variable }, score: 0, because: b, source: s }
  - { id: x.zero, pattern: microservices, when: { traffic: variable }, score: 0, because: b, source: s }
",
    );
    let profile = parse_in(&pack, "team_size: 15\ntraffic: variable");
    let e = evaluate(&pack, &profile);
    let x = pack.pattern_index("microservices").unwrap();
    let Separation::Behind { gap, rules } = e.separation(&pack, x) else {
        panic!("microservices trails");
    };
    assert_eq!(gap, 0.1 + 0.2 + 0.3);
    assert_eq!(rule_ids(&pack, &rules), ["m.c", "m.b", "m.a"]);
}

/// The core of a hybrid stands apart only when components made the system hybrid: then the
/// core is `Core` and every other alternative is measured against it; when hybrid wins on its
/// own score, the best other pattern simply trails it.
#[test]
fn only_the_core_of_a_hybrid_made_by_components_is_set_apart() {
    let (pack, _, e) = eval("team_size: 5\ncomponents: [{name: p, traffic: spiky}]");
    let p = |id: &str| pack.pattern_index(id).unwrap();
    assert!(e.by_components);
    assert_eq!(e.separation(&pack, p("monolith")), Separation::Core);
    let Separation::Behind { gap, rules } = e.separation(&pack, p("serverless")) else {
        panic!("serverless trails the core");
    };
    assert_eq!(gap, 3.0);
    assert_eq!(rule_ids(&pack, &rules), ["m.small"]);
    // Hybrid 5 by its own rule, monolith 3: no components, so monolith trails by 2.
    let pack = small_with(
        "  - { id: h.long, pattern: hybrid, when: { long_running: true }, score: 5, because: b, source: s }\n",
    );
    let profile = parse_in(&pack, "team_size: 5\nlong_running: true");
    let e = evaluate(&pack, &profile);
    let p = |id: &str| pack.pattern_index(id).unwrap();
    assert_eq!(e.recommendation, p("hybrid"));
    assert!(!e.by_components);
    assert_eq!(e.core, p("monolith"));
    let Separation::Behind { gap, rules } = e.separation(&pack, p("monolith")) else {
        panic!("monolith trails hybrid");
    };
    assert_eq!(gap, 2.0);
    assert_eq!(rule_ids(&pack, &rules), ["h.long"]);
}

/// `archfit diff` of open answers: an answer left open the same way on both sides is no
/// change; an open answer that changes, or becomes a value, is one.
#[test]
fn diff_compares_open_answers_as_written() {
    use super::diff::compare;
    let (pack, a, ea) = eval("team_size: [5, 30]\ntraffic: [steady, spiky]");
    let (_, b, eb) = eval("team_size: [5, 30]\ntraffic: [steady, variable]");
    let (_, c, ec) = eval("team_size: [5, 30]\ntraffic: spiky");
    let changed = |d: super::diff::Diff| -> Vec<String> {
        d.fields
            .iter()
            .map(|f| pack.catalog.fields[f.field].name.to_string())
            .collect()
    };
    assert_eq!(changed(compare((&a, &ea), (&a, &ea))), Vec::<String>::new());
    assert_eq!(changed(compare((&a, &ea), (&b, &eb))), ["traffic"]);
    let d = compare((&a, &ea), (&c, &ec));
    assert_eq!(changed(d.clone()), ["traffic"]);
    assert!(d.fields[0].old_open.is_some() && d.fields[0].new_open.is_none());
}

/// Three-valued logic over a profile whose fields are not all decided: `not` turns a known
/// truth around and leaves an unknown one unknown.
#[test]
fn partial_evaluation_negates_what_it_knows_and_nothing_else() {
    use super::partial::partial_eval;
    use crate::pack::{Cond, Op};
    let pack = pack();
    let team_size = pack.catalog.index_of("team_size").unwrap();
    let small = Cond::Int {
        field: team_size,
        op: Op::Lt,
        value: 10,
    };
    let not_small = Cond::Not(Box::new(small.clone()));
    let mut values = IdVec::filled(pack.catalog.fields.len(), None);
    assert_eq!(partial_eval(&small, &values), None);
    assert_eq!(partial_eval(&not_small, &values), None);
    values[team_size] = Some(Value::Int(5));
    assert_eq!(partial_eval(&small, &values), Some(true));
    assert_eq!(partial_eval(&not_small, &values), Some(false));
    values[team_size] = Some(Value::Int(50));
    assert_eq!(partial_eval(&not_small, &values), Some(true));
}

/// A rule of scope `organisation` judges the system as a whole, never a component: with it,
/// spiky traffic gives microservices 10 for the system, while a spiky component still gets
/// serverless from the part-scoped rule.
#[test]
fn an_organisation_rule_judges_the_system_and_no_component() {
    let pack = small_with(
        "  - { id: o.spiky, pattern: microservices, scope: organisation, when: { traffic: spiky }, score: 10, because: b, source: s }\n",
    );
    let eval = |text: &str| {
        let profile = parse_in(&pack, text);
        evaluate(&pack, &profile)
    };
    let e = eval("team_size: 15\ntraffic: spiky");
    assert_eq!(pack.pattern_id(e.recommendation), "microservices");
    let e = eval("team_size: 5\ncomponents: [{name: burst, traffic: spiky}]");
    assert_eq!(
        pack.pattern_id(e.components[0].recommendation),
        "serverless"
    );
    assert!(!e.components[0]
        .outcome
        .fired
        .iter()
        .any(|&r| pack.rules[r].id.as_ref() == "o.spiky"));
}

/// Open answers on the small pack, worked out by hand. An open integer is cut where some rule
/// changes truth and bounded by the catalog's links (`teams` at most `team_size`); each cell
/// `lo..hi` weighs ln((hi - min + 2) / (lo - min + 1)), the log measure of its numbers.
#[test]
fn an_open_integer_is_cut_at_the_rules_thresholds_within_its_links_and_weighed_by_log_measure() {
    use super::Cell;
    let share = |e: &Evaluation, pack: &RulePack, id: &str| {
        let p = pack.pattern_index(id).unwrap();
        let c = e.certainty.as_ref().unwrap();
        c.possible.iter().find(|x| x.0 == p).map_or(0.0, |x| x.1)
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    // 12 engineers, teams unknown: 1..2 (monolith wins the tie of zeros) and 3..12 (x.teams:
    // microservices 1); not 3..100, since teams is at most team_size.
    let (pack, _, e) = eval("team_size: 12\nteams: unknown");
    let (low, high) = (3f64.ln(), (13.0f64 / 3.0).ln());
    assert!(close(
        share(&e, &pack, "microservices"),
        high / (low + high)
    ));
    assert!(close(share(&e, &pack, "monolith"), low / (low + high)));
    let c = e.certainty.as_ref().unwrap();
    let branches: Vec<(Vec<Cell>, &str)> = c.decisive[0]
        .branches
        .iter()
        .map(|b| (b.values.clone(), pack.pattern_id(b.recommendation)))
        .collect();
    assert_eq!(
        branches,
        [
            (vec![Cell::Range(1, 2)], "monolith"),
            (vec![Cell::Range(3, 12)], "microservices")
        ]
    );
    // A range that starts on a threshold is cut there and nowhere before it: 10..20, 21..30.
    let (pack, _, e) = eval("team_size: 10..30");
    let c = e.certainty.as_ref().unwrap();
    let cells: Vec<Vec<Cell>> = c.decisive[0]
        .branches
        .iter()
        .map(|b| b.values.clone())
        .collect();
    assert_eq!(
        cells,
        [vec![Cell::Range(10, 20)], vec![Cell::Range(21, 30)]]
    );
    let (mono, micro) = ((21.0f64 / 10.0).ln(), (31.0f64 / 21.0).ln());
    assert!(close(share(&e, &pack, "monolith"), mono / (mono + micro)));
}

/// The completion whose reasons a report shows for an open profile starts from the default of
/// each open answer, wherever the default stands in the list; without a default (team_size
/// is required) from the heaviest cell, the first among equals.
#[test]
fn the_likely_completion_starts_from_the_default_else_the_heaviest_cell() {
    use super::Cell;
    let likely = |text: &str| -> Vec<Cell> {
        let (_, _, e) = eval(text);
        e.certainty.unwrap().likely.iter().map(|l| l.cell).collect()
    };
    // 15 engineers fire nothing: monolith wins every completion; steady is the default.
    assert_eq!(
        likely("team_size: 15\ntraffic: [variable, steady]"),
        [Cell::Value(Value::Enum(0))]
    );
    // 100 engineers: teams 1..2 holds the default 1, though 3..100 weighs more.
    assert_eq!(
        likely("team_size: 100\nteams: unknown"),
        [Cell::Range(1, 2)]
    );
    // 5..9 weighs ln 2, 10..20 ln 2.1, 21..30 ln(31/21): the heaviest wins, and monolith wins it.
    assert_eq!(likely("team_size: 5..30"), [Cell::Range(10, 20)]);
    // Equal weights: the first.
    assert_eq!(likely("team_size: [5, 6]"), [Cell::Value(Value::Int(5))]);
}

/// Linked open answers over millions of values are weighed as the exact sum would weigh them:
/// past a few million terms the engine sums in blocks, and must stay within 1e-9 of the
/// sum term by term, computed here. `admins` is at most `users`, both unknown over
/// 1..10,000,000; serverless wins above 3,000,000 users. With w(x) = ln((x + 1) / x), the
/// weight of users in `l..h` is the sum over admins x of w(x) · ln((h + 1) / max(x, l)).
#[test]
fn linked_open_answers_over_millions_of_values_are_weighed_as_the_exact_sum() {
    const MAX: i64 = 10_000_000;
    const CUT: i64 = 3_000_000;
    let file = |path: &str, text: String| crate::pack::PackFile {
        path: path.to_string().into(),
        display: path.to_string().into(),
        text: text.into(),
    };
    let pack = RulePack::from_files(
        vec![
            file("pack.yaml", "name: huge\nversion: \"1\"\nclose_call_margin: 1\n".into()),
            file(
                "catalog.yaml",
                format!(
                    "fields:\n  - {{ name: users, type: integer, min: 1, max: {MAX}, required: true, question: q, help: h }}\n  \
                     - {{ name: admins, type: integer, min: 1, max: {MAX}, default: 1, at_most: users, question: q, help: h }}\n"
                ),
            ),
            file(
                "patterns.yaml",
                "patterns:\n  - { id: monolith, title: M, summary: s, source: s }\n  - { id: serverless, title: S, summary: s, source: s }\n".into(),
            ),
            file(
                "rules.yaml",
                format!("rules:\n  - {{ id: s.big, pattern: serverless, when: {{ users: {{ gt: {CUT} }} }}, score: 1, because: b, source: s }}\n"),
            ),
        ],
        "huge",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let profile = parse_in(&pack, "users: unknown\nadmins: unknown");
    let e = evaluate(&pack, &profile);
    let weight = |l: i64, h: i64| -> f64 {
        #[allow(clippy::cast_precision_loss)]
        (1..=h)
            .map(|x| {
                let (x, l, h) = (x as f64, l as f64, h as f64);
                ((x + 1.0) / x).ln() * ((h + 1.0) / x.max(l)).ln()
            })
            .sum()
    };
    let (small, big) = (weight(1, CUT), weight(CUT + 1, MAX));
    let c = e.certainty.as_ref().unwrap();
    let share = |id: &str| share_of(&pack, c, id);
    let close = |got: f64, want: f64| (got - want).abs() <= 1e-9 * want;
    assert!(
        close(share("serverless"), big / (small + big)),
        "{} vs {}",
        share("serverless"),
        big / (small + big)
    );
    assert!(close(share("monolith"), small / (small + big)));
}

/// Each decisive answer, as reports show it, worked out by hand on the small pack: four
/// completions of equal weight; 5 engineers give monolith 3, 30 give microservices 4, spiky
/// traffic serverless 4, and a tie goes to the pattern listed first. Knowing the traffic settles
/// three of the four (0.75), knowing the team size two (0.5).
#[test]
fn a_decisive_answer_says_what_each_value_leads_to_and_how_surely() {
    let (pack, _, e) = eval("team_size: [5, 30]\ntraffic: [steady, spiky]");
    let c = e.certainty.unwrap();
    let described: Vec<(String, f64)> = c
        .decisive
        .iter()
        .map(|d| (d.describe(&pack), d.settles))
        .collect();
    assert_eq!(
        described,
        [
            (
                "steady → monolith (50%); spiky → serverless".to_string(),
                0.75
            ),
            ("5 → monolith (50%); 30 → serverless (50%)".to_string(), 0.5),
        ]
    );
}

/// Neighbouring pieces of an open integer that lead to the same pattern join into one range,
/// its share weighing each piece by its own weight. With serverless vetoed under 10 engineers
/// and three equally likely traffics: 5..9 is monolith in all three, 10..20 in two of three
/// (spiky gives serverless 4), 21..30 microservices in two of three (spiky ties it with
/// serverless, listed first).
#[test]
fn neighbouring_pieces_with_one_outcome_join_with_their_weights() {
    use super::Cell;
    let pack = small_with(
        "  - { id: s.small, pattern: serverless, when: { team_size: { lt: 10 } }, veto: true, because: b, source: s }\n",
    );
    let profile = parse_in(
        &pack,
        "team_size: 5..30\ntraffic: [steady, variable, spiky]",
    );
    let e = evaluate(&pack, &profile);
    let c = e.certainty.unwrap();
    let team_size = pack.catalog.index_of("team_size").unwrap();
    let d = c.decisive.iter().find(|d| d.field == team_size).unwrap();
    let (w1, w2, w3) = (
        (10.0f64 / 5.0).ln(),
        (21.0f64 / 10.0).ln(),
        (31.0f64 / 21.0).ln(),
    );
    let branches: Vec<(Vec<Cell>, &str)> = d
        .branches
        .iter()
        .map(|b| (b.values.clone(), pack.pattern_id(b.recommendation)))
        .collect();
    assert_eq!(
        branches,
        [
            (vec![Cell::Range(5, 20)], "monolith"),
            (vec![Cell::Range(21, 30)], "microservices")
        ]
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    let first = (w1 + w2 * 2.0 / 3.0) / (w1 + w2);
    assert!(close(d.branches[0].share, first), "{}", d.branches[0].share);
    assert!(close(d.branches[1].share, 2.0 / 3.0));
    // The whole answer: monolith w1 + 2/3 w2, serverless 1/3 (w2 + w3), microservices 2/3 w3.
    let total = w1 + w2 + w3;
    let possible: Vec<(&str, f64)> = c
        .possible
        .iter()
        .map(|&(p, s)| (pack.pattern_id(p), s))
        .collect();
    let want = [
        ("monolith", (w1 + w2 * 2.0 / 3.0) / total),
        ("serverless", (w2 + w3) / 3.0 / total),
        ("microservices", w3 * 2.0 / 3.0 / total),
    ];
    assert_eq!(possible.len(), 3, "{possible:?}");
    for ((got_p, got), (want_p, want)) in possible.iter().zip(want) {
        assert_eq!(*got_p, want_p);
        assert!(close(*got, want), "{got_p}: {got} vs {want}");
    }
    // Knowing the team size settles each piece's winner: w1 + 2/3 w2 + 2/3 w3 of the whole.
    assert!(
        close(d.settles, (w1 + (w2 + w3) * 2.0 / 3.0) / total),
        "{}",
        d.settles
    );
}

/// Shares as people read them: rounded, but never 0% or 100% for a share strictly between.
#[test]
fn a_share_reads_as_a_whole_percentage_never_0_or_100_unless_it_is() {
    let cases = [
        (0.0, "0%"),
        (0.004, "1%"),
        (0.014, "1%"),
        (0.5, "50%"),
        (0.625, "63%"),
        (0.994, "99%"),
        (0.996, "99%"),
        (1.0, "100%"),
    ];
    for (share, shown) in cases {
        assert_eq!(percent(share), shown, "{share}");
    }
}

/// What the adaptive questionnaire reads, worked out by hand. Four engineers, traffic and
/// long-running work open, and the number of teams too (1 to 4, so microservices' 1 point for
/// three teams never matters): spiky traffic without long-running work is serverless (4
/// against the monolith's 3), every other completion the monolith: 5/6 for the monolith,
/// traffic's three values and long-running's two weighing alike.
#[test]
fn look_ahead_counts_the_open_answers_a_winnable_pattern_reads_and_what_each_settles() {
    let pack = pack();
    let text = "team_size: 4\nteams: unknown\ntraffic: unknown\nlong_running: unknown\n";
    let profile = parse_in(&pack, text);
    let look = Engine::new(&pack).look_ahead(&profile, &[]);
    assert_eq!(pack.pattern_id(look.recommendation), "monolith");
    assert!(!look.settled);
    assert!(look.later_matter);
    // Traffic and long-running work are read by the monolith's and serverless' rules; the
    // number of teams only by microservices', which cannot win.
    assert_eq!(look.could_matter, 2);
    // Knowing the traffic: steady or variable, the monolith (1/3 each); spiky, half of it
    // (1/6). Knowing long-running work: yes, the monolith (1/2); no, the monolith for two
    // traffics of three (1/3). Knowing the teams changes nothing: 5/6.
    let field = |name: &str| pack.catalog.index_of(name).unwrap();
    let expected = [
        (field("teams"), 5.0 / 6.0),
        (field("traffic"), 5.0 / 6.0),
        (field("long_running"), 5.0 / 6.0),
    ];
    assert_eq!(look.settles.len(), expected.len(), "{:?}", look.settles);
    for (f, share) in expected {
        let got = look.settles.iter().find(|s| s.0 == f).map(|s| s.1);
        assert!(
            got.is_some_and(|g| (g - share).abs() < 1e-12),
            "{f:?}: {got:?}"
        );
    }
    // Not sure of the traffic: long-running work can still change the answer (spiky traffic).
    let unsure = Engine::new(&pack).look_ahead(&profile, &[field("traffic")]);
    assert!(unsure.later_matter);
    assert_eq!(unsure.could_matter, 1);
    // Steady traffic: the monolith whatever else is open, and nothing is left to ask.
    let steady = parse_in(&pack, &text.replace("traffic: unknown", "traffic: steady"));
    let look = Engine::new(&pack).look_ahead(&steady, &[]);
    assert_eq!(pack.pattern_id(look.recommendation), "monolith");
    assert!(look.settled && !look.later_matter);
    assert_eq!((look.settles.len(), look.could_matter), (0, 0));
}

/// An open range is cut where a rule's comparison changes truth inside it; a range that begins
/// or ends exactly at such a point gets no empty piece. Under 10 engineers (`lt: 10`) and over
/// 20 (`gt: 20`) are the small pack's cuts: 10..30 is 10..20 and 21..30, and so is every range
/// whose ends sit on them.
#[test]
fn an_open_range_is_cut_at_the_rules_thresholds_and_nowhere_else() {
    use super::Cell;
    let pack = pack();
    let engine = Engine::new(&pack);
    let team_size = pack.catalog.index_of("team_size").unwrap();
    for (range, want) in [
        ("10..30", vec![Cell::Range(10, 20), Cell::Range(21, 30)]),
        ("10..20", vec![Cell::Range(10, 20)]),
        (
            "9..21",
            vec![
                Cell::Value(Value::Int(9)),
                Cell::Range(10, 20),
                Cell::Value(Value::Int(21)),
            ],
        ),
        ("21..40", vec![Cell::Range(21, 40)]),
    ] {
        // Linked to an open number of teams, so the test can see the pieces it is judged by.
        let text = format!("team_size: {range}\nteams: unknown\n");
        let profile = parse_in(&pack, &text);
        let pieces = super::uncertain::linked_pieces(&engine, &profile);
        let cells = pieces
            .iter()
            .find(|p| p.0.is_none() && p.1 == team_size)
            .map(|p| p.2.clone());
        assert_eq!(cells, Some(want), "{range}");
    }
}

/// A known number narrows an open one linked to it: with three teams, an unknown team size is
/// 3..1000 (a team per engineer at least), never 1 or 2. The monolith wins under 10 engineers
/// (3 points against microservices' 1 for three teams) and microservices from 10 on, so the
/// monolith's share is the log measure of 3..9 over 3..1000 (the field's minimum is 1).
#[test]
fn a_known_number_narrows_the_open_number_it_limits() {
    let (pack, _, e) = eval("team_size: unknown\nteams: 3\n");
    let c = e.certainty.unwrap();
    let share = |id: &str| share_of(&pack, &c, id);
    let monolith = (10.0f64 / 3.0).ln() / (1001.0f64 / 3.0).ln();
    assert!(
        (share("monolith") - monolith).abs() < 1e-12,
        "{}",
        share("monolith")
    );
    assert!((share("microservices") - (1.0 - monolith)).abs() < 1e-12);
    assert_eq!(pack.pattern_id(e.recommendation), "microservices");
}

/// A pair of answers that breaks a catalog link weighs nothing, and a pattern it alone would
/// give is no possibility: with `team_size: [4, 6]` and `teams: [5, 2]`, a rule for 5 teams
/// or more among fewer than 5 engineers fires only on the pair 4 and 5, which the link
/// rules out; every other pair is the monolith's, so the answer is settled and nothing is left
/// to ask. The most likely completion shown is one that keeps the link.
#[test]
fn a_pair_that_breaks_a_link_is_no_possibility() {
    use super::Cell;
    let pack = small_with(
        "  - { id: s.crowded, pattern: serverless, when: { team_size: { lt: 5 }, teams: { ge: 5 } }, score: 10, because: b, source: s }\n",
    );
    let profile = parse_in(&pack, "team_size: [4, 6]\nteams: [5, 2]\n");
    let engine = Engine::new(&pack);
    let e = engine.evaluate(&profile);
    let c = e.certainty.unwrap();
    assert!(c.settled);
    assert_eq!(c.possible.len(), 1);
    assert_eq!(pack.pattern_id(c.possible[0].0), "monolith");
    let look = engine.look_ahead(&profile, &[]);
    assert!(look.settled && !look.later_matter, "{look:?}");
    let likely: Vec<(&str, Cell)> = c
        .likely
        .iter()
        .map(|l| (&*pack.catalog.fields[l.field].name, l.cell))
        .collect();
    let pair = |size: i64, teams: i64| {
        [
            ("team_size", Cell::Value(Value::Int(size))),
            ("teams", Cell::Value(Value::Int(teams))),
        ]
    };
    assert!(likely == pair(4, 2) || likely == pair(6, 5), "{likely:?}");
}

/// When the answers' own first choices break a link, the completion shown changes as few of
/// them as it can and, among those, is the heaviest. Monolith whatever the answers (a rule
/// gives it 100 points), `team_size: 2..30` is cut at 7, 8, 10 and 21 by the small pack's
/// rules, and its heaviest piece, 2..6, cannot hold `teams: 12`. Changing one choice: 2..6 in
/// 2 teams weighs ln(7/2), 10..20 in 12 teams ln(21/12), 21..30 in 12 teams ln(31/21); the
/// first is shown.
#[test]
fn the_completion_shown_changes_fewest_answers_then_weighs_most() {
    use super::Cell;
    let pack = small_with(
        "  - { id: m.always, pattern: monolith, when: { team_size: { ge: 1 } }, score: 100, because: b, source: s }\n",
    );
    // Whichever order the profile writes them in (open answers are taken in catalog order).
    for text in [
        "team_size: 2..30\nteams: [12, 2]\n",
        "teams: [12, 2]\nteam_size: 2..30\n",
    ] {
        let profile = parse_in(&pack, text);
        let c = Engine::new(&pack).evaluate(&profile).certainty.unwrap();
        assert!(c.settled);
        let likely: Vec<(&str, Cell)> = c
            .likely
            .iter()
            .map(|l| (&*pack.catalog.fields[l.field].name, l.cell))
            .collect();
        assert_eq!(
            likely,
            [
                ("team_size", Cell::Range(2, 6)),
                ("teams", Cell::Value(Value::Int(2)))
            ],
            "{text}"
        );
    }
}

/// Two open numbers linked to each other are weighed over every pair that keeps the link,
/// whichever the profile lists first: `teams: [12, 2]` after `team_size: 2..30` leaves 2 to 30
/// engineers possible with 2 teams (12 teams need 12 engineers or more). With 2 teams the
/// monolith wins up to 20 engineers (3 points under 10, a tie it takes as the simpler
/// pattern above), microservices past 20; with 12 teams microservices everywhere. Each team
/// count weighs 1, each engineer count n by ln((n + 1) / n).
#[test]
fn an_open_number_does_not_narrow_another_open_number_as_if_known() {
    let (pack, _, e) = eval("team_size: 2..30\nteams: [12, 2]\n");
    let c = e.certainty.unwrap();
    let ln = |a: f64, b: f64| (a / b).ln();
    let total = ln(31.0, 2.0) + ln(31.0, 12.0);
    let monolith = ln(21.0, 2.0) / total;
    let share = |id: &str| share_of(&pack, &c, id);
    assert!(
        (share("monolith") - monolith).abs() < 1e-12,
        "{}",
        share("monolith")
    );
    assert!((share("microservices") - (1.0 - monolith)).abs() < 1e-12);
}

/// Three linked open numbers, two of them at most the third (`tests/fixtures/packs/star-links`):
/// the shares are the weight of every completion that keeps both links, each number n weighing
/// ln((n + 1) / n), summed here completion by completion.
#[test]
fn a_star_of_linked_open_numbers_is_weighed_over_every_completion() {
    for text in [
        "hub: 2..9\nfront: unknown\nback: unknown\n",
        "front: unknown\nhub: 5..12\nback: 2..5\n",
        "back: [1, 6, 4]\nfront: 2..8\nhub: 8..10\n",
    ] {
        let (pack, profile, e) = fixture_eval("star-links", text);
        let c = e.certainty.unwrap();
        let span = |name: &str| {
            let f = pack.catalog.index_of(name).unwrap();
            match profile
                .uncertain
                .iter()
                .find(|u| u.field == f)
                .map(|u| &u.open)
            {
                Some(crate::profile::Open::Range(lo, hi)) => (*lo..=*hi).collect::<Vec<i64>>(),
                Some(crate::profile::Open::OneOf(vs)) => vs
                    .iter()
                    .map(|v| match v {
                        Value::Int(i) => *i,
                        _ => unreachable!(),
                    })
                    .collect(),
                _ => (1..=50).collect(),
            }
        };
        // Listed values count once each; ranges and `unknown` weigh by the log measure.
        let weigh = |name: &str, n: i64| {
            let f = pack.catalog.index_of(name).unwrap();
            match profile
                .uncertain
                .iter()
                .find(|u| u.field == f)
                .map(|u| &u.open)
            {
                Some(crate::profile::Open::OneOf(_)) => 1.0,
                _ => ((n + 1) as f64 / n as f64).ln(),
            }
        };
        let mut won = [0.0f64; 3];
        for hub in span("hub") {
            for front in span("front").into_iter().filter(|&f| f <= hub) {
                for back in span("back").into_iter().filter(|&b| b <= hub) {
                    let scores = [
                        if front >= 3 { 2.0 } else { 0.0 },
                        if back >= 20 {
                            4.0
                        } else if back >= 4 {
                            3.0
                        } else {
                            0.0
                        },
                        if hub >= 7 && back < 3 { 4.0 } else { 0.0 },
                    ];
                    // The highest score; a tie goes to the pattern listed first.
                    let winner = (0..3).fold(0, |b, p| if scores[p] > scores[b] { p } else { b });
                    won[winner] += weigh("hub", hub) * weigh("front", front) * weigh("back", back);
                }
            }
        }
        let total: f64 = won.iter().sum();
        for (p, id) in ["monolith", "serverless", "microservices"]
            .iter()
            .enumerate()
        {
            let got = share_of(&pack, &c, id);
            assert!(
                (got - won[p] / total).abs() < 1e-9,
                "{text}{id}: {got} against {}",
                won[p] / total
            );
        }
    }
}

/// An open number is shown only as far as its linked open numbers let it go: with a hub of 7
/// to 9, the back (at most the hub) runs to 9, not to 50; the star-links rules cut it at 3 and
/// 4, so its decisive values are 1..2 (microservices: a big hub, a shallow back), 3 (the
/// monolith, by a tie) and 4..9 (serverless).
#[test]
fn an_open_number_is_shown_only_as_far_as_a_linked_open_number_reaches() {
    use super::Cell;
    let (pack, _, e) = fixture_eval("star-links", "hub: 7..9\nfront: 1\nback: unknown\n");
    let c = e.certainty.unwrap();
    let back = pack.catalog.index_of("back").unwrap();
    let d = c.decisive.iter().find(|d| d.field == back).unwrap();
    let branches: Vec<(Vec<Cell>, &str)> = d
        .branches
        .iter()
        .map(|b| (b.values.clone(), pack.pattern_id(b.recommendation)))
        .collect();
    assert_eq!(
        branches,
        [
            (vec![Cell::Range(1, 2)], "microservices"),
            (vec![Cell::Value(Value::Int(3))], "monolith"),
            (vec![Cell::Range(4, 9)], "serverless"),
        ]
    );
}

/// A piece of an open number that no completion reaches is no answer to find out. Down a
/// chain of links it can remain: the tail (at most the back) is cut at 20 by its rule, but the
/// back, open too, can be no more than the hub of 7 to 9, so the tail's 20..50 weighs nothing.
/// Every completion of the tail's 1..19 is won as the whole profile is, so the tail is no
/// answer to find out at all (a piece weighing nothing, kept, would show `20..50 → monolith`).
#[test]
fn a_piece_no_completion_reaches_is_no_decisive_value() {
    let text = "hub: 7..9\nfront: 1\nback: unknown\ntail: unknown\n";
    let (pack, _, e) = fixture_eval("star-links", text);
    let c = e.certainty.unwrap();
    let tail = pack.catalog.index_of("tail").unwrap();
    assert!(
        !c.decisive.iter().any(|d| d.field == tail),
        "{:?}",
        c.decisive
    );
    assert!(!c.settled);
}

/// Asserts that `text`, read with `pack`, gives every pattern the share `want` names (one left
/// out wins nothing).
fn assert_shares(pack: &RulePack, text: &str, want: &[(&str, f64)]) {
    let profile = parse_in(pack, text);
    let c = Engine::new(pack).evaluate(&profile).certainty.unwrap();
    for p in pack.patterns.ids() {
        let id = pack.pattern_id(p);
        let (got, expected) = (
            share_of(pack, &c, id),
            want.iter().find(|w| w.0 == id).map_or(0.0, |w| w.1),
        );
        assert!(
            (got - expected).abs() < 1e-12,
            "{text}{id}: {got}, by hand {expected}\n{:?}",
            c.possible
        );
    }
}

/// A rule that takes points away when two open answers meet can still let another pattern
/// overtake the leader, and the search must look. With 21 to 30 engineers the monolith is
/// vetoed, serverless has 6 points and microservices 4; serverless loses 5 when the traffic
/// is variable and there are 25 or more, so microservices wins exactly those completions:
/// 25..30 of 21..30 (ln(31/25) of ln(31/21)), with one traffic value of two.
#[test]
fn a_negative_rule_over_two_open_answers_can_still_change_the_leader() {
    let pack = small_with(
        "  - { id: m.veto, pattern: monolith, when: { team_size: { gt: 20 } }, veto: true, because: b, source: s }\n\
         \x20 - { id: s.big, pattern: serverless, when: { team_size: { ge: 21 } }, score: 6, because: b, source: s }\n\
         \x20 - { id: s.neg, pattern: serverless, when: { traffic: variable, team_size: { ge: 25 } }, score: -5, because: b, source: s }\n",
    );
    let text = "team_size: 21..30\ntraffic: [steady, variable]\n";
    let micro = (31.0f64 / 25.0).ln() / (31.0f64 / 21.0).ln() / 2.0;
    assert_shares(
        &pack,
        text,
        &[("serverless", 1.0 - micro), ("microservices", micro)],
    );
}

/// A component's answer leaves hybrid out, so hybrid's points in a component never rule
/// another pattern out there. Hybrid has 10 points in the component (variable traffic);
/// serverless leads the system by one point (work that never runs long). In the component,
/// whether its work runs long is open: if not, serverless leads there too and the system is
/// serverless; if it does, serverless is vetoed there, the monolith leads the component, and
/// the parts differing make the system hybrid. Half each.
#[test]
fn hybrid_outscoring_a_component_does_not_decide_the_components_answer() {
    let pack = small_with(
        "  - { id: h.variable, pattern: hybrid, when: { traffic: variable }, score: 10, because: b, source: s }\n\
         \x20 - { id: s.short, pattern: serverless, when: { long_running: false }, score: 1, because: b, source: s }\n",
    );
    let text = "team_size: 15\ntraffic: steady\ncomponents:\n  - name: a\n    traffic: variable\n    long_running: unknown\n";
    assert_shares(&pack, text, &[("serverless", 0.5), ("hybrid", 0.5)]);
}

/// Whether hybrid is vetoed for the system decides whether differing parts make it hybrid,
/// even where hybrid's own points could never rank it first. The monolith leads the system
/// (3 points under 10 engineers) and the component leads with serverless (spiky traffic);
/// steady system traffic vetoes hybrid (the monolith stays), variable traffic does not (the
/// parts differ: hybrid). Half each.
#[test]
fn hybrids_veto_is_kept_apart_even_when_hybrid_cannot_lead() {
    let pack = small_with(
        "  - { id: h.steady, pattern: hybrid, when: { traffic: steady }, veto: true, because: b, source: s }\n",
    );
    let text =
        "team_size: 5\ntraffic: [steady, variable]\ncomponents:\n  - name: a\n    traffic: spiky\n";
    assert_shares(&pack, text, &[("monolith", 0.5), ("hybrid", 0.5)]);
}

/// A vetoed hybrid and a vetoed monolith are different states, with the same points: steady
/// traffic vetoes hybrid, variable traffic the monolith. With 15 engineers the monolith and
/// microservices have 2 points each, hybrid -1, and serverless 3 more when no work runs long
/// (it is vetoed when work does). Work not long: serverless either way; long: the monolith by
/// the tie (listed first) with steady traffic, microservices with variable. So 1/2, 1/4, 1/4.
#[test]
fn a_vetoed_hybrid_is_not_taken_for_a_vetoed_monolith() {
    let pack = small_with(
        "  - { id: m.mid, pattern: monolith, when: { team_size: { ge: 11 } }, score: 2, because: b, source: s }\n\
         \x20 - { id: x.mid, pattern: microservices, when: { team_size: { ge: 11 } }, score: 2, because: b, source: s }\n\
         \x20 - { id: h.mid, pattern: hybrid, when: { team_size: { ge: 11 } }, score: -1, because: b, source: s }\n\
         \x20 - { id: s.short, pattern: serverless, when: { long_running: false }, score: 3, because: b, source: s }\n\
         \x20 - { id: h.steady, pattern: hybrid, when: { traffic: steady }, veto: true, because: b, source: s }\n\
         \x20 - { id: m.variable, pattern: monolith, when: { traffic: variable }, veto: true, because: b, source: s }\n",
    );
    let text = "team_size: 15\ntraffic: [steady, variable]\nlong_running: unknown\n";
    assert_shares(
        &pack,
        text,
        &[
            ("serverless", 0.5),
            ("monolith", 0.25),
            ("microservices", 0.25),
        ],
    );
}

/// Among completions changing as few answers, the heaviest is shown, whatever order they are
/// built in; among equally heavy ones, the first (the earlier answer's earlier choice kept).
/// Monolith whatever the answers, as above. `team_size: [2, 30]` prefers 2 and `teams: 2..15`
/// its heavier piece 3..15 (cut at 3), which cannot hold 2 engineers: keeping 2 engineers with
/// 2 teams weighs ln(3/2), 30 engineers in 3..15 teams ln(16/3), so the second is shown though
/// built after. `team_size: [3, 30]` and `teams: [12, 2]`: 3 in 2 teams and 30 in 12 each
/// weigh 1; the first is shown.
#[test]
fn among_completions_changing_as_few_answers_the_heaviest_then_the_first_is_shown() {
    use super::Cell;
    let pack = small_with(
        "  - { id: m.always, pattern: monolith, when: { team_size: { ge: 1 } }, score: 100, because: b, source: s }\n",
    );
    for (text, team_size, teams) in [
        (
            "team_size: [2, 30]\nteams: 2..15\n",
            Cell::Value(Value::Int(30)),
            Cell::Range(3, 15),
        ),
        (
            "team_size: [3, 30]\nteams: [12, 2]\n",
            Cell::Value(Value::Int(3)),
            Cell::Value(Value::Int(2)),
        ),
    ] {
        let profile = parse_in(&pack, text);
        let c = Engine::new(&pack).evaluate(&profile).certainty.unwrap();
        assert!(c.settled);
        let likely: Vec<(&str, Cell)> = c
            .likely
            .iter()
            .map(|l| (&*pack.catalog.fields[l.field].name, l.cell))
            .collect();
        assert_eq!(
            likely,
            [("team_size", team_size), ("teams", teams)],
            "{text}"
        );
    }
}

/// The possible answers of `text` in the `shares` fixture, in the order a report lists them,
/// against `want`: the same patterns in the same order, each share within a millionth of its
/// value (logarithms of numbers near a million, subtracted, keep no more); and the answer.
fn assert_possible_in_shares(text: &str, want: &[(&str, f64)]) -> String {
    let (pack, _, e) = fixture_eval("shares", text);
    let c = e.certainty.unwrap();
    let possible: Vec<(&str, f64)> = c
        .possible
        .iter()
        .map(|&(p, s)| (pack.pattern_id(p), s))
        .collect();
    assert_eq!(possible.len(), want.len(), "{text}{possible:?}");
    for (&(id, share), &(want_id, want_share)) in possible.iter().zip(want) {
        assert_eq!(id, want_id, "{text}{possible:?}");
        assert!(
            (share - want_share).abs() < 1e-6 * want_share,
            "{text}{possible:?}"
        );
    }
    pack.pattern_id(e.recommendation).to_string()
}

/// Two shares equal in truth are equal, though summed from different pieces and so apart in
/// their last bits: with a size of 1 to 4 (each n weighing ln((n + 1) / n)), serverless wins 1,
/// ln 2 of ln 5, and the monolith 2 and 3, ln(3/2) + ln(4/3), ln 2 again. The tie goes to the
/// pattern listed first, the monolith, though the sum for serverless comes out a little larger.
#[test]
fn equal_shares_summed_from_different_pieces_tie_and_go_to_the_simpler_pattern() {
    let half = 2f64.ln() / 5f64.ln();
    let want = [
        ("monolith", half),
        ("serverless", half),
        ("microservices", 1.25f64.ln() / 5f64.ln()),
    ];
    assert_eq!(assert_possible_in_shares("size: 1..4\n", &want), "monolith");
}

/// Shares under a millionth are still listed by size: with a size of 10 to 1,000,000,
/// event-driven wins the ten sizes 999,990..999,999 (ln(1000000/999990) of ln(1000001/10),
/// about 8.7e-7) and serverless the last size alone (ln(1000001/1000000), ten times less), so
/// event-driven is listed before serverless although serverless is listed first in the pack.
#[test]
fn shares_under_a_millionth_are_still_ordered_by_size() {
    let total = (1_000_001f64 / 10.0).ln();
    let event = (1_000_000f64 / 999_990.0).ln() / total;
    let serverless = (1_000_001f64 / 1_000_000.0).ln() / total;
    let want = [
        ("microservices", 1.0 - event - serverless),
        ("event-driven", event),
        ("serverless", serverless),
    ];
    assert_eq!(
        assert_possible_in_shares("size: 10..1000000\n", &want),
        "microservices"
    );
}

/// Equal shares tie however small they are: rounding is measured against the shares compared,
/// not against the whole. A size of 10 to 1,000,000 with the level open (1 to 4, each n
/// weighing ln((n + 1) / n)): at the largest size alone, serverless keeps level 1 (ln 2 of
/// ln 5) and the monolith takes 2 and 3 (ln 2 again, summed from two pieces, a little smaller
/// in its last bits); so both win about 3.7e-8 of all completions, and the tie goes to the
/// monolith, in the list of possible answers and as the answer for the largest size.
#[test]
fn equal_shares_too_small_to_print_still_tie() {
    use super::Cell;
    let text = "size: 10..1000000\nlevel: unknown\n";
    let total = (1_000_001f64 / 10.0).ln();
    let top = (1_000_001f64 / 1_000_000.0).ln() / total;
    let (half, quarter) = (2f64.ln() / 5f64.ln(), 1.25f64.ln() / 5f64.ln());
    let want = [
        ("microservices", (999_990f64 / 10.0).ln() / total),
        (
            "event-driven",
            (1_000_000f64 / 999_990.0).ln() / total + top * quarter,
        ),
        ("monolith", top * half),
        ("serverless", top * half),
    ];
    assert_possible_in_shares(text, &want);
    let (pack, _, e) = fixture_eval("shares", text);
    let c = e.certainty.unwrap();
    let size = pack.catalog.index_of("size").unwrap();
    let d = c.decisive.iter().find(|d| d.field == size).unwrap();
    let last = d.branches.last().unwrap();
    assert_eq!(last.values, [Cell::Value(Value::Int(1_000_000))]);
    assert_eq!(pack.pattern_id(last.recommendation), "monolith");
}
