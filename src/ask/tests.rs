//! The questionnaire driven by a scripted prompter.

use super::script::{Asked, Script, Step};
use super::*;
use crate::test_support::default_pack as pack;

fn idx(pack: &RulePack, name: &str) -> FieldId {
    pack.catalog.index_of(name).unwrap()
}

fn value(pack: &RulePack, p: &Profile, name: &str) -> String {
    let i = idx(pack, name);
    pack.catalog.fields[i].format(p.values[i])
}

fn assumed(pack: &RulePack, p: &Profile) -> Vec<String> {
    p.assumed
        .iter()
        .map(|&i| pack.catalog.fields[i].name.to_string())
        .collect()
}

/// Name, team_size 8, then Enter everywhere except the four required lists (first row).
fn minimal() -> Vec<Step> {
    vec![Step::Text("shop".into()), Step::Int(Reply::Typed(8))]
}

#[test]
fn every_catalog_field_is_asked_in_catalog_order() {
    let pack = pack();
    let mut s = Script::new(minimal());
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let mut expected = vec!["What is the project called?"];
    expected.extend(pack.catalog.fields.iter().map(|f| &*f.question));
    expected.push("Which architecture does the system use today?");
    expected.push("Does some part of the system have different needs from the rest?");
    assert_eq!(s.messages(), expected);
    assert_eq!(p.name, "shop");
    assert_eq!(value(&pack, &p, "team_size"), "8");
    // Required lists start on their first value and Enter chose it: stated, not assumed.
    assert_eq!(value(&pack, &p, "scaling"), "uniform");
    let optional: Vec<String> = pack
        .catalog
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| f.name.to_string())
        .collect();
    assert_eq!(
        assumed(&pack, &p),
        optional,
        "Enter on every default is assumed"
    );
    assert_eq!(p.current, None);
    assert!(p.components.is_empty());
}

#[test]
fn a_field_added_to_a_pack_is_asked_without_code_change() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let catalog = dir.path().join("catalog.yaml");
    let mut text = std::fs::read_to_string(&catalog).unwrap();
    text.push_str(
        "\n  - name: compliance\n    type: enum\n    values:\n      - value: none\n        help: No regulator.\n      - value: strict\n        help: Audited.\n    default: none\n    question: Which compliance regime applies?\n    help: Regulation shapes where data may live.\n",
    );
    std::fs::write(&catalog, text).unwrap();
    let pack = crate::pack::from_dir(dir.path()).unwrap();
    let mut s = Script::new(minimal());
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let q = s
        .asked
        .iter()
        .find_map(|a| match a {
            Asked::Select(q) if q.message == "Which compliance regime applies?" => Some(q.clone()),
            _ => None,
        })
        .expect("the new field is asked");
    assert!(q.help.contains("Regulation shapes where data may live."));
    assert_eq!(
        q.options.len(),
        4,
        "keep-the-default row, two values, not sure"
    );
    assert!(q.options[3].starts_with("(not sure)"));
    assert!(q.options[2].contains("strict") && q.options[2].contains("Audited."));
    assert!(assumed(&pack, &p).contains(&"compliance".to_string()));
}

#[test]
fn keeping_a_default_is_assumed_but_stating_the_same_value_is_not() {
    let pack = pack();
    let mut steps = minimal();
    steps.push(Step::Int(Reply::Typed(1))); // teams: typed 1, the default value
    steps.push(Step::Select(3)); // stage: the row `growth` (the default value), chosen
    steps.push(Step::Enter); // requirements: the keep-the-default row
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(value(&pack, &p, "teams"), "1");
    assert_eq!(value(&pack, &p, "stage"), "growth");
    let a = assumed(&pack, &p);
    assert!(!a.contains(&"teams".to_string()), "typed: stated");
    assert!(!a.contains(&"stage".to_string()), "chosen: stated");
    assert!(a.contains(&"requirements".to_string()), "kept: assumed");
}

#[test]
fn lists_show_each_value_with_its_help_and_start_on_the_default() {
    let pack = pack();
    let mut s = Script::new(minimal());
    s.then_enter = true;
    questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let Asked::Select(stage) = &s.asked[3] else {
        panic!("stage is a list")
    };
    assert_eq!(stage.start, 0);
    assert_eq!(
        stage.options[0],
        "(keep the default, growth: reported as assumed)"
    );
    assert_eq!(stage.answers[0], "growth (default, assumed)");
    assert!(stage.options[2].starts_with("mvp     A first version is live"));
    let Asked::Select(scaling) = &s.asked[6] else {
        panic!("scaling is a list")
    };
    assert_eq!(scaling.options[0], "(pick one: required, no default)");
    assert!(scaling.options[1].starts_with("uniform  "));
    let Asked::Bool(b) = &s.asked[11] else {
        panic!("independent_deploys is a yes/no")
    };
    assert_eq!(b.default, Some(false));
    assert_eq!(b.enter_label, "no (default, assumed)");
    assert!(b.help.starts_with("independent_deploys: "));
}

#[test]
fn a_required_list_is_not_answered_by_enter_alone() {
    let pack = pack();
    let mut steps = minimal();
    steps.extend([Step::Enter, Step::Enter, Step::Enter, Step::Enter]); // teams .. complexity
    steps.push(Step::Select(0)); // scaling: the "pick one" row
    steps.push(Step::Select(2)); // heterogeneous
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(value(&pack, &p, "scaling"), "heterogeneous");
    assert_eq!(
        s.notes,
        ["`scaling` is required and has no default: pick one of its values, or (not sure)."]
    );
    let scaling = s
        .messages()
        .iter()
        .filter(|m| m.contains("scale independently"))
        .count();
    assert_eq!(scaling, 2, "asked again");
}

#[test]
fn teams_cannot_exceed_team_size() {
    let pack = pack();
    let mut steps = vec![Step::Text("shop".into()), Step::Int(Reply::Typed(3))];
    steps.push(Step::Int(Reply::Typed(5))); // refused
    steps.push(Step::Int(Reply::Typed(2)));
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(value(&pack, &p, "teams"), "2");
    assert_eq!(
        s.errors,
        ["5 is not between 1 and 3: `teams` cannot be more than `team_size` (3)"]
    );
}

#[test]
fn required_numbers_have_no_default() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Enter,                // refused: no default
        Step::Int(Reply::Typed(0)), // refused: below 1
        Step::Int(Reply::Typed(4)),
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let Asked::Int(q) = &s.asked[1] else { panic!() };
    assert_eq!(q.default, None);
    assert_eq!(
        s.errors,
        [
            "Type a whole number from 1 to 100000, a range such as 1..11, or ? if not sure",
            "0 is not between 1 and 100000"
        ]
    );
}

fn from_profile(pack: &RulePack, text: &str) -> Profile {
    crate::profile::parse_stream(text, "old.yaml", "old", pack)
        .remove(0)
        .unwrap()
}

#[test]
fn a_from_profile_supplies_the_defaults_and_keeps_what_it_stated() {
    let pack = pack();
    let old = from_profile(
        &pack,
        "name: old-shop\nteam_size: 12\nteams: 2\nstage: mvp\nscaling: heterogeneous\ntraffic: spiky\n\
         devops: strong\nlong_running: true\ncurrent: monolith\ncomponents:\n  - name: images\n    workload: event-driven\n",
    );
    let mut s = Script::new([]);
    s.then_enter = true;
    let p = questionnaire(&pack, Some(&old), "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(p.name, "old-shop");
    assert_eq!(p.values, old.values, "Enter everywhere keeps every value");
    assert_eq!(
        p.assumed, old.assumed,
        "stated stays stated, assumed stays assumed"
    );
    assert_eq!(p.current, old.current);
    assert_eq!(p.components.len(), 1);
    assert_eq!(p.components[0].name, "images");
    assert_eq!(p.components[0].overrides, old.components[0].overrides);
    let Asked::Select(stage) = &s.asked[3] else {
        panic!()
    };
    assert!(
        stage.options[stage.start].starts_with("mvp"),
        "cursor on the stated value"
    );
    assert!(
        !stage.options[0].starts_with("(keep"),
        "no keep-the-default row for a stated value"
    );
    let Asked::Int(teams) = &s.asked[2] else {
        panic!()
    };
    assert_eq!((teams.default, teams.enter_label.as_str()), (Some(2), "2"));
}

#[test]
fn components_ask_a_unique_name_then_only_the_fields_that_differ() {
    let pack = pack();
    let fields: Vec<&str> = pack
        .catalog
        .fields
        .iter()
        .filter(|f| f.per_component)
        .map(|f| &*f.name)
        .collect();
    let row = |name: &str| fields.iter().position(|f| *f == name).unwrap();
    let mut steps = minimal();
    // Everything else at its default, then `current` not given.
    let asked_before_components = 1 + pack.catalog.len();
    for _ in 2..asked_before_components + 1 {
        steps.push(Step::Enter);
    }
    steps.extend([
        Step::Bool(Reply::Typed(true)), // some part differs
        Step::Text("images".into()),
        Step::Multi(vec![]), // refused: at least one
        Step::Multi(vec![row("long_running"), row("traffic")]),
        Step::Select(2),                // traffic: spiky
        Step::Enter,                    // long_running: default is the other answer, yes
        Step::Bool(Reply::Typed(true)), // another
        Step::Text(" images ".into()),  // refused: taken
        Step::Text("reports".into()),
        Step::Multi(vec![row("workload")]),
        Step::Enter, // workload: starts on the first value that differs
        Step::Enter, // no more
    ]);
    let mut s = Script::new(steps);
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(
        s.errors,
        [
            "Pick at least one: a component differs from the rest in something",
            "`images` is already used; names must be unique"
        ]
    );
    let names: Vec<&str> = p.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["images", "reports"]);
    let shown = |c: &Component| -> Vec<String> {
        c.overrides
            .iter()
            .map(|&(i, v)| {
                format!(
                    "{}={}",
                    pack.catalog.fields[i].name,
                    pack.catalog.fields[i].format(v)
                )
            })
            .collect()
    };
    assert_eq!(
        shown(&p.components[0]),
        ["traffic=spiky", "long_running=true"]
    );
    assert_eq!(shown(&p.components[1]), ["workload=event-driven"]);
    assert!(s
        .messages()
        .contains(&"[images] How much does the load fluctuate?"));
    assert!(!s
        .messages()
        .iter()
        .any(|m| m.starts_with("[images] What triggers")));
    let multi = s
        .asked
        .iter()
        .find_map(|a| match a {
            Asked::Multi(q) => Some(q),
            _ => None,
        })
        .unwrap();
    assert!(
        !multi.options.iter().any(|o| o.starts_with("team_size")),
        "whole-system fields are not offered"
    );
}

#[test]
fn ctrl_c_stops_the_questionnaire_and_esc_at_the_first_question_too() {
    let pack = pack();
    let mut steps = minimal();
    steps.push(Step::Stop(Stop::Interrupted));
    let mut s = Script::new(steps);
    assert_eq!(
        questionnaire(&pack, None, "x", Order::Catalog, &mut s),
        Err(Stop::Interrupted)
    );
    let mut s = Script::new([Step::Stop(Stop::Cancelled)]);
    assert_eq!(
        questionnaire(&pack, None, "x", Order::Catalog, &mut s),
        Err(Stop::Cancelled)
    );
}

#[test]
fn esc_goes_back_one_question_with_its_answer_preselected() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Int(Reply::Typed(8)),  // team_size
        Step::Stop(Stop::Cancelled), // Esc at teams: back to team_size
        Step::Enter,                 // team_size again: Enter keeps the 8 given before
        Step::Int(Reply::Typed(2)),  // teams
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let messages = s.messages();
    assert_eq!(
        &messages[..5],
        [
            "What is the project called?",
            "How many engineers work on the system?",
            "How many teams must be able to work independently on it?",
            "How many engineers work on the system?",
            "How many teams must be able to work independently on it?",
        ]
    );
    let Asked::Int(again) = &s.asked[3] else {
        panic!()
    };
    assert_eq!((again.default, again.enter_label.as_str()), (Some(8), "8"));
    assert_eq!(value(&pack, &p, "team_size"), "8");
    assert_eq!(value(&pack, &p, "teams"), "2");
    assert!(
        !p.assumed.contains(&idx(&pack, "team_size")),
        "kept after going back: still stated"
    );
}

#[test]
fn esc_over_a_kept_default_keeps_it_assumed() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Int(Reply::Typed(8)),  // team_size
        Step::Enter,                 // teams: the default kept
        Step::Enter,                 // stage: the default kept
        Step::Stop(Stop::Cancelled), // Esc at the next question: back to stage
        Step::Enter,                 // stage again: the default still only kept
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let Asked::Select(again) = &s.asked[5] else {
        panic!("{:?}", s.messages())
    };
    assert_eq!(again.message, s.messages()[3], "stage asked again");
    assert!(
        again.options[0].starts_with("(keep"),
        "the keep-the-default row is still offered: {:?}",
        again.options
    );
    let assumed = assumed(&pack, &p);
    assert!(
        assumed.contains(&"stage".to_string()) && assumed.contains(&"teams".to_string()),
        "{assumed:?}"
    );
}

#[test]
fn esc_at_the_first_field_goes_back_to_the_name() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Stop(Stop::Cancelled),
        Step::Text("store".into()),
        Step::Int(Reply::Typed(8)),
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(p.name, "store");
    let Asked::Text(name) = &s.asked[2] else {
        panic!()
    };
    assert_eq!(
        name.default.as_deref(),
        Some("shop"),
        "the name given before"
    );
}

#[test]
fn every_catalog_question_takes_not_sure_and_a_number_a_range() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Range(8, 20), // team_size
        Step::NotSure,      // teams
    ];
    let mut s = Script::new(steps);
    // Then: stage, requirements, complexity with Enter; scaling (required): the row after
    // pick-one, uniform and heterogeneous is (not sure).
    s.steps
        .extend([Step::Enter, Step::Enter, Step::Enter, Step::Select(3)]);
    // traffic and devops must be picked: not sure for traffic (after pick-one and three
    // values), strong for devops.
    s.steps.extend([Step::Select(4), Step::Select(4)]);
    // workload, coupling: Enter; independent_deploys: not sure.
    s.steps.extend([Step::Enter, Step::Enter, Step::NotSure]);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let open: Vec<String> = p
        .uncertain
        .iter()
        .map(|u| {
            let f = &pack.catalog.fields[u.field];
            format!("{}: {}", f.name, u.open.describe(f))
        })
        .collect();
    assert_eq!(
        open,
        [
            "team_size: 8..20",
            "teams: unknown",
            "scaling: unknown",
            "traffic: unknown",
            "independent_deploys: unknown"
        ]
    );
    assert_eq!(value(&pack, &p, "devops"), "strong");
    // An open answer is stated, not assumed.
    assert!(!p.assumed.contains(&idx(&pack, "teams")));
}

#[test]
fn a_range_must_keep_to_the_bounds_of_the_answers_it_is_linked_to() {
    let pack = pack();
    let steps = vec![
        Step::Text("shop".into()),
        Step::Range(8, 20), // team_size
        Step::Range(2, 12), // teams: refused, team_size may be 8
        Step::Range(20, 2), // refused: backwards
        Step::Range(2, 8),  // teams
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    s.steps.extend([
        Step::Enter,
        Step::Enter,
        Step::Enter,
        Step::Select(1),
        Step::Select(1),
        Step::Select(1),
    ]);
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(
        s.errors,
        [
            "12 is not between 1 and 8: `teams` cannot be more than `team_size` (8..20)",
            "20..2 runs backwards: write the smaller number first"
        ]
    );
    let text = crate::profile::write::write(&p, &pack);
    let back = crate::profile::parse_stream(&text, "saved.yaml", "saved", &pack).remove(0);
    assert!(back.is_ok(), "{back:?}\n{text}");
}

/// A prompter that answers every question from a profile, as a user who knows it would:
/// the profile's value for a field it states, Enter where it keeps the default; no
/// components, no `current:`. It counts the catalog questions.
struct Oracle<'a> {
    pack: &'a RulePack,
    profile: &'a Profile,
    asked: usize,
}

impl Oracle<'_> {
    fn field(&self, message: &str) -> FieldId {
        self.pack
            .catalog
            .fields
            .iter_enumerated()
            .find(|(_, f)| *f.question == *message)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("not a catalog question: {message}"))
    }
}

impl Prompter for Oracle<'_> {
    fn note(&mut self, _: &str) -> Result<(), Stop> {
        Ok(())
    }
    fn ask_select(&mut self, q: &SelectQ) -> Result<usize, Stop> {
        if q.message.starts_with("Which architecture") {
            return Ok(0);
        }
        self.asked += 1;
        let i = self.field(&q.message);
        let keep = q.options[0].starts_with("(keep");
        if keep && self.profile.assumed.contains(&i) {
            return Ok(0);
        }
        let Value::Enum(v) = self.profile.values[i] else {
            panic!()
        };
        let offset = usize::from(q.options[0].starts_with('('));
        Ok(usize::from(v) + offset)
    }
    fn ask_int(&mut self, q: &IntQ) -> Result<Reply<IntReply>, Stop> {
        self.asked += 1;
        let i = self.field(&q.message);
        if self.profile.assumed.contains(&i) {
            return Ok(Reply::Enter);
        }
        let Value::Int(v) = self.profile.values[i] else {
            panic!()
        };
        Ok(Reply::Typed(IntReply::Value(v)))
    }
    fn ask_bool(&mut self, q: &BoolQ) -> Result<Reply<Option<bool>>, Stop> {
        if !q.open {
            return Ok(Reply::Typed(Some(false)));
        }
        self.asked += 1;
        let i = self.field(&q.message);
        if self.profile.assumed.contains(&i) {
            return Ok(Reply::Enter);
        }
        let Value::Bool(b) = self.profile.values[i] else {
            panic!()
        };
        Ok(Reply::Typed(Some(b)))
    }
    fn ask_text(&mut self, q: &TextQ) -> Result<String, Stop> {
        Ok(q.default.clone().unwrap_or_default())
    }
    fn ask_multi(&mut self, _: &MultiQ) -> Result<Vec<usize>, Stop> {
        unreachable!("no components")
    }
}

/// Open answers are refused at the question where they would link open numbers archfit
/// cannot weigh (the profile reader refuses such a profile): in the star-links fixture pack
/// the front and the back are at most the hub and the tail at most the back, so the front,
/// the back and the hub may all be not sure, but the tail then needs a number.
#[test]
fn an_open_answer_that_could_not_be_weighed_is_refused_at_its_question() {
    let pack = crate::test_support::fixture_pack("star-links");
    let steps = vec![
        Step::Text("shop".into()),
        Step::NotSure,              // front
        Step::NotSure,              // back
        Step::NotSure,              // hub
        Step::NotSure,              // tail: refused
        Step::Range(1, 2),          // tail: refused too
        Step::Int(Reply::Typed(1)), // tail
    ];
    let mut s = Script::new(steps);
    s.then_enter = true;
    let p = questionnaire(&pack, None, "x", Order::Catalog, &mut s).unwrap();
    let refusal = "not sure or a range here: `tail`, `back`, `hub`, `front` are all open and \
                   linked together; archfit weighs linked open numbers exactly only when every \
                   link shares one of them; give one of them a single value";
    assert_eq!(
        s.errors,
        [
            format!("Type a whole number from 1 to 50 ({refusal})"),
            format!("Type a whole number from 1 to 50 ({refusal})"),
        ]
    );
    assert_eq!(value(&pack, &p, "tail"), "1");
    // What the answers make is a profile the reader takes.
    let text = crate::profile::write::write(&p, &pack);
    assert!(
        crate::profile::parse_stream(&text, "p.yaml", "p", &pack)[0].is_ok(),
        "{text}"
    );
}

#[test]
fn the_adaptive_order_reaches_the_full_answer_with_fewer_questions() {
    // Every profile of the default pack's own cases, answered by someone who knows it: the
    // adaptive questionnaire stops early, and what it concludes is what the whole profile
    // says (components left out).
    let pack = pack();
    let engine = Engine::new(&pack);
    let cases = crate::rules::test::read_cases(&pack).unwrap();
    let mut counts = Vec::new();
    // Every fourth case: each questionnaire weighs every unknown answer after each question,
    // which takes about 2 s per case in a debug build (the whole set is measured in release
    // for the changelog, not here).
    for case in cases.iter().step_by(4) {
        let mut full = case.profile.clone();
        full.components.clear();
        let mut oracle = Oracle {
            pack: &pack,
            profile: &full,
            asked: 0,
        };
        let p = questionnaire(&pack, None, "x", Order::Adaptive(&engine), &mut oracle).unwrap();
        let got = engine.evaluate(&p);
        let want = engine.evaluate(&full);
        assert_eq!(
            pack.pattern_id(got.recommendation),
            pack.pattern_id(want.recommendation),
            "{}: asked {}",
            case.name,
            oracle.asked
        );
        assert!(
            got.certainty.as_ref().is_none_or(|c| c.settled),
            "{}: nothing the user was unsure of, so settled",
            case.name
        );
        counts.push(oracle.asked);
    }
    counts.sort_unstable();
    let median = counts[counts.len() / 2];
    let max = counts[counts.len() - 1];
    assert!(max <= pack.catalog.len());
    assert!(
        median < pack.catalog.len(),
        "the adaptive order saves questions: median {median}, max {max} of {}",
        pack.catalog.len()
    );
}

/// The adaptive order asks only what could change the answer; every field it does not ask
/// keeps what the `--from` profile said of it (stated stays stated, assumed stays assumed).
#[test]
fn in_the_adaptive_order_a_from_profile_keeps_the_fields_not_asked() {
    let pack = pack();
    let engine = Engine::new(&pack);
    let old = from_profile(
        &pack,
        "name: old-shop\nteam_size: 12\nteams: 2\nscaling: uniform\ntraffic: steady\n\
         devops: moderate\nmultiple_stacks: true\nstateful: true\nlatency_sensitive: true\n",
    );
    let mut s = Script::new([]);
    s.then_enter = true;
    let p = questionnaire(&pack, Some(&old), "x", Order::Adaptive(&engine), &mut s).unwrap();
    let fields_asked = s
        .messages()
        .iter()
        .filter(|m| pack.catalog.fields.iter().any(|f| &*f.question == **m))
        .count();
    assert!(fields_asked < pack.catalog.len(), "{:?}", s.messages());
    assert_eq!(p.values, old.values, "Enter everywhere keeps every value");
    assert_eq!(p.assumed, old.assumed, "stated stays stated");
    for name in ["multiple_stacks", "stateful", "latency_sensitive"] {
        assert_eq!(value(&pack, &p, name), "true", "{name}");
    }
}

#[test]
fn a_from_profile_keeps_its_acceptance_of_the_architecture_kept() {
    let pack = pack();
    let old = from_profile(
        &pack,
        "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: none\ncurrent: microservices\n\
         accepted:\n  reason: mid-migration\n  until: 2031-01-31\n",
    );
    let mut s = Script::new([]);
    s.then_enter = true;
    let p = questionnaire(&pack, Some(&old), "x", Order::Catalog, &mut s).unwrap();
    assert_eq!(p.current, old.current);
    assert_eq!(p.accepted, old.accepted);
}
