//! The compiled rule language on its own: every operator, every way conditions combine, what
//! a condition reports reading, how it reads to people, and how an effect is shown. On the
//! small fixture pack's catalog: team_size, teams, traffic (steady, variable, spiky),
//! long_running.

use super::*;
use crate::catalog::Value;
use crate::id::Id;

fn catalog() -> Catalog {
    crate::fixture::catalog()
}

fn field(name: &str) -> FieldId {
    catalog().index_of(name).unwrap()
}

fn int(name: &str, op: Op, value: i64) -> Cond {
    Cond::Int {
        field: field(name),
        op,
        value,
    }
}

/// `traffic` set to the values named (steady 0, variable 1, spiky 2).
fn traffic(values: &[u16]) -> Cond {
    Cond::Set {
        field: field("traffic"),
        mask: values.iter().fold(0, |m, &v| m | Value::Enum(v).bit()),
    }
}

fn long_running(b: bool) -> Cond {
    Cond::Set {
        field: field("long_running"),
        mask: Value::Bool(b).bit(),
    }
}

/// team_size, teams 1, traffic, long_running.
fn values(team: i64, traffic: u16, long: bool) -> IdVec<FieldId, Value> {
    IdVec::from(vec![
        Value::Int(team),
        Value::Int(1),
        Value::Enum(traffic),
        Value::Bool(long),
    ])
}

#[test]
fn every_operator_compares_as_its_symbol_says() {
    // (op, a < b, a == b, a > b)
    let table = [
        (Op::Lt, true, false, false),
        (Op::Le, true, true, false),
        (Op::Gt, false, false, true),
        (Op::Ge, false, true, true),
        (Op::Eq, false, true, false),
        (Op::Ne, true, false, true),
    ];
    for (op, below, equal, above) in table {
        assert_eq!(
            [op.apply(9, 10), op.apply(10, 10), op.apply(11, 10)],
            [below, equal, above],
            "{op:?}"
        );
        // The extremes of i64 compare like any other number.
        assert_eq!(op.apply(i64::MIN, i64::MAX), below, "{op:?}");
    }
}

#[test]
fn conditions_combine_with_all_any_and_not() {
    let small = int("team_size", Op::Lt, 10);
    let spiky = traffic(&[2]);
    let v = values(5, 2, false);
    assert!(small.eval(&v) && spiky.eval(&v));
    assert!(!long_running(true).eval(&v) && long_running(false).eval(&v));
    let table = [
        (Cond::All(vec![small.clone(), spiky.clone()]), true),
        (Cond::All(vec![small.clone(), long_running(true)]), false),
        (Cond::Any(vec![long_running(true), spiky.clone()]), true),
        (Cond::Any(vec![long_running(true), traffic(&[0, 1])]), false),
        (Cond::Not(Box::new(spiky.clone())), false),
        (Cond::Not(Box::new(long_running(true))), true),
        (
            Cond::Not(Box::new(Cond::All(vec![small.clone(), long_running(true)]))),
            true,
        ),
        // Nothing to hold: all of none holds, any of none does not.
        (Cond::All(Vec::new()), true),
        (Cond::Any(Vec::new()), false),
    ];
    for (cond, expected) in table {
        assert_eq!(cond.eval(&v), expected, "{cond:?}");
    }
    // Each enum value has its own bit: variable is not spiky, and a set of two holds for either.
    assert!(!spiky.eval(&values(5, 1, false)));
    assert!(traffic(&[1, 2]).eval(&values(5, 1, false)));
    assert!(!traffic(&[1, 2]).eval(&values(5, 0, false)));
}

/// A comparison of the wrong kind of value, or of a field the values do not have, is false
/// rather than a panic.
#[test]
fn a_comparison_that_cannot_apply_is_false() {
    let v = values(5, 2, true);
    let team_as_set = Cond::Set {
        field: field("team_size"),
        mask: u64::MAX,
    };
    assert!(!team_as_set.eval(&v), "an integer sets no bit");
    let traffic_as_int = Cond::Int {
        field: field("traffic"),
        op: Op::Ge,
        value: 0,
    };
    assert!(!traffic_as_int.eval(&v));
    let beyond = Cond::Int {
        field: FieldId::from_index(9),
        op: Op::Ge,
        value: 0,
    };
    assert!(!beyond.eval(&v));
    let beyond_set = Cond::Set {
        field: FieldId::from_index(9),
        mask: u64::MAX,
    };
    assert!(!beyond_set.eval(&v));
}

/// `test` answers for one comparison and one value of its field; combinations are not
/// comparisons.
#[test]
fn test_answers_for_a_single_comparison() {
    let small = int("team_size", Op::Lt, 10);
    assert!(small.test(Value::Int(9)));
    assert!(!small.test(Value::Int(10)));
    assert!(!small.test(Value::Bool(true)), "wrong kind");
    assert!(traffic(&[2]).test(Value::Enum(2)));
    assert!(!traffic(&[2]).test(Value::Enum(1)));
    assert!(!Cond::Not(Box::new(small.clone())).test(Value::Int(20)));
    assert!(!Cond::All(vec![small]).test(Value::Int(5)));
    let set = Cond::In {
        field: field("team_size"),
        values: vec![3, 5].into(),
    };
    assert!(set.test(Value::Int(3)) && set.test(Value::Int(5)));
    assert!(!set.test(Value::Int(4)));
    assert!(!set.test(Value::Bool(true)), "wrong kind");
}

/// What the limit on a condition's size counts: each comparison and each `all`, `any` and
/// `not` once, and an `in:` set by its values.
#[test]
fn a_condition_counts_its_parts_as_the_size_limit_does() {
    assert_eq!(int("team_size", Op::Lt, 10).parts(), 1);
    let cond = Cond::All(vec![
        int("team_size", Op::Ge, 10),
        Cond::Any(vec![int("teams", Op::Eq, 3), traffic(&[2])]),
        Cond::Not(Box::new(long_running(true))),
    ]);
    assert_eq!(cond.parts(), 7);
    let set = Cond::In {
        field: field("team_size"),
        values: vec![1, 2, 3].into(),
    };
    assert_eq!(Cond::Not(Box::new(set)).parts(), 4);
}

#[test]
fn a_condition_reports_the_fields_it_reads_and_its_thresholds() {
    let cond = Cond::All(vec![
        int("team_size", Op::Ge, 10),
        Cond::Any(vec![
            Cond::Not(Box::new(int("teams", Op::Eq, 3))),
            traffic(&[2]),
        ]),
        Cond::Not(Box::new(Cond::Any(vec![
            long_running(true),
            int("team_size", Op::Lt, 20),
        ]))),
    ]);
    let mut read = Vec::new();
    cond.visit_fields(&mut |f| read.push(catalog().fields[f].name.to_string()));
    assert_eq!(
        read,
        ["team_size", "teams", "traffic", "long_running", "team_size"]
    );
    let mut thresholds = Vec::new();
    cond.visit_thresholds(&mut |f, c| thresholds.push((catalog().fields[f].name.to_string(), c)));
    assert_eq!(
        thresholds,
        [
            ("team_size".to_string(), 10),
            ("teams".to_string(), 3),
            ("team_size".to_string(), 20)
        ]
    );
}

#[test]
fn a_condition_reads_like_the_rule_it_came_from() {
    let c = catalog();
    let table = [
        (int("team_size", Op::Lt, 10), "team_size < 10"),
        (int("team_size", Op::Le, 10), "team_size <= 10"),
        (int("team_size", Op::Gt, 10), "team_size > 10"),
        (int("team_size", Op::Ge, 10), "team_size >= 10"),
        (int("team_size", Op::Eq, 10), "team_size = 10"),
        (int("team_size", Op::Ne, 10), "team_size != 10"),
        (traffic(&[2]), "traffic is spiky"),
        (traffic(&[0, 2]), "traffic in {steady, spiky}"),
        (long_running(true), "long_running"),
        (long_running(false), "not long_running"),
        (
            Cond::Set {
                field: field("long_running"),
                mask: 0b11,
            },
            "long_running in {false, true}",
        ),
        (Cond::Not(Box::new(traffic(&[2]))), "not (traffic is spiky)"),
        (
            Cond::All(vec![int("team_size", Op::Lt, 10), long_running(true)]),
            "team_size < 10 and long_running",
        ),
        (
            Cond::Any(vec![
                Cond::All(vec![traffic(&[2]), long_running(true)]),
                int("teams", Op::Ge, 3),
            ]),
            "(traffic is spiky and long_running) or teams >= 3",
        ),
        // One condition inside needs no parentheses.
        (
            Cond::All(vec![Cond::Any(vec![traffic(&[2])])]),
            "traffic is spiky",
        ),
    ];
    for (cond, text) in table {
        assert_eq!(cond.describe(&c), text, "{cond:?}");
    }
}

#[test]
fn an_effect_shows_its_sign_and_one_decimal_or_veto() {
    assert_eq!(Effect::Score(3.0).to_string(), "+3.0");
    assert_eq!(Effect::Score(-1.5).to_string(), "-1.5");
    assert_eq!(Effect::Score(0.0).to_string(), "+0.0");
    assert_eq!(Effect::Veto.to_string(), "veto");
}

/// The small fixture pack with one more rule whose condition is `when` (YAML flow text): the
/// condition as the loader compiles it, or every problem reported.
fn compiled(when: &str) -> Result<Cond, Vec<String>> {
    let file = |path: &str, text: &'static str| crate::model::PackFile {
        path: path.to_string().into(),
        display: path.to_string().into(),
        text: text.into(),
    };
    let files = vec![
        file("pack.yaml", include_str!("../../../../tests/fixtures/packs/small/pack.yaml")),
        file("catalog.yaml", include_str!("../../../../tests/fixtures/packs/small/catalog.yaml")),
        file("patterns.yaml", include_str!("../../../../tests/fixtures/packs/small/patterns.yaml")),
        crate::model::PackFile {
            path: "rules.yaml".into(),
            display: "rules.yaml".into(),
            text: format!(
                "rules:\n  - {{ id: under.test, pattern: monolith, score: 1, because: b, source: s, when: {when} }}\n"
            )
            .into(),
        },
    ];
    match crate::RulePack::from_files(files, "small") {
        Ok(pack) => Ok(pack.rules.iter().next().unwrap().when.clone()),
        Err(d) => Err(d.0.iter().map(ToString::to_string).collect()),
    }
}

/// The small fixture pack with one more rule, written as the YAML flow mapping's contents
/// (`id`, `pattern`, `because` and `source` are supplied): every problem the loader reports.
fn problems_of_rule(rest: &str) -> Vec<String> {
    let file = |path: &str, text: String| crate::model::PackFile {
        path: path.to_string().into(),
        display: path.to_string().into(),
        text: text.into(),
    };
    let small = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../../tests/fixtures/packs/small/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let files = vec![
        file("pack.yaml", small("pack.yaml")),
        file("catalog.yaml", small("catalog.yaml")),
        file("patterns.yaml", small("patterns.yaml")),
        file(
            "rules.yaml",
            format!("rules:\n  - {{ id: under.test, pattern: monolith, because: b, source: s, {rest} }}\n"),
        ),
    ];
    match crate::RulePack::from_files(files, "small") {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(ToString::to_string).collect(),
    }
}

/// The documented limits hold exactly at their bounds: a list of `MAX_LIST` values and a
/// score of ±`MAX_SCORE` load; one value or half a point more is refused, saying why.
#[test]
fn a_list_and_a_score_are_refused_just_past_their_limits() {
    use crate::limits::{MAX_LIST, MAX_SCORE};
    let list = |n: usize| {
        let values: Vec<String> = (1..=n).map(|v| v.to_string()).collect();
        format!(
            "score: 1, when: {{ team_size: {{ in: [{}] }} }}",
            values.join(", ")
        )
    };
    assert_eq!(problems_of_rule(&list(MAX_LIST)), Vec::<String>::new());
    let past = problems_of_rule(&list(MAX_LIST + 1));
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(
        past[0].ends_with(&format!(
            "rule `under.test`: `in` lists {} values; a list may hold at most {MAX_LIST}",
            MAX_LIST + 1
        )),
        "{past:?}"
    );
    for score in [MAX_SCORE, -MAX_SCORE] {
        let rule = format!("score: {score}, when: {{ team_size: 5 }}");
        assert_eq!(problems_of_rule(&rule), Vec::<String>::new(), "{score}");
    }
    let past = problems_of_rule(&format!(
        "score: {}, when: {{ team_size: 5 }}",
        MAX_SCORE + 0.5
    ));
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(
        past[0].ends_with("`score` must be between -1000 and 1000, found `1000.5`"),
        "{past:?}"
    );
}

/// A `when:`, how it reads back, and whether it holds at some team sizes.
type Case<'a> = (&'a str, &'a str, &'a [(i64, bool)]);

/// What the loader makes of each operator: its truth and how it reads back.
#[test]
fn each_operator_compiles_to_what_it_says() {
    let table: &[Case<'_>] = &[
        (
            "{ team_size: { ne: 5 } }",
            "team_size != 5",
            &[(4, true), (5, false), (6, true)],
        ),
        (
            "{ team_size: { le: 5 } }",
            "team_size <= 5",
            &[(5, true), (6, false)],
        ),
        (
            "{ team_size: { gt: 5 } }",
            "team_size > 5",
            &[(5, false), (6, true)],
        ),
        (
            "{ team_size: 5 }",
            "team_size = 5",
            &[(5, true), (6, false)],
        ),
        (
            "{ team_size: { in: [3, 5] } }",
            "team_size in {3, 5}",
            &[(3, true), (4, false), (5, true)],
        ),
        // A list is a set: order and repeats change nothing.
        (
            "{ team_size: { in: [5, 3, 5] } }",
            "team_size in {3, 5}",
            &[(3, true), (4, false), (5, true), (6, false)],
        ),
        (
            "{ team_size: { in: [7] } }",
            "team_size = 7",
            &[(6, false), (7, true), (8, false)],
        ),
        (
            "{ team_size: { not_in: [3, 5] } }",
            "not (team_size in {3, 5})",
            &[(3, false), (4, true), (5, false)],
        ),
    ];
    for &(when, text, truth) in table {
        let cond = compiled(when).unwrap();
        assert_eq!(cond.describe(&catalog()), text, "{when}");
        for &(team, expected) in truth {
            assert_eq!(
                cond.eval(&values(team, 0, false)),
                expected,
                "{when} at {team}"
            );
        }
    }
    // A value listed twice is still listed.
    let twice = compiled("{ traffic: { in: [spiky, spiky] } }").unwrap();
    assert_eq!(twice.describe(&catalog()), "traffic is spiky");
    assert!(twice.eval(&values(5, 2, false)));
    let not = compiled("{ traffic: { ne: spiky } }").unwrap();
    assert_eq!(not.describe(&catalog()), "traffic in {steady, variable}");
}

/// Each refused at the value that does not fit the operator.
#[test]
fn operators_that_cannot_apply_are_refused_with_the_reason() {
    let table = [
        (
            "{ traffic: { lt: spiky } }",
            "rules.yaml:2:98: rule `under.test`: `lt` compares numbers, but `traffic` is an enum field",
        ),
        (
            "{ long_running: { ge: true } }",
            "rules.yaml:2:103: rule `under.test`: `ge` compares numbers, but `long_running` is a boolean field",
        ),
        (
            "{ traffic: { in: [] } }",
            "rules.yaml:2:98: rule `under.test`: `in` takes a non-empty list of values",
        ),
        (
            "{ team_size: { not_in: 5 } }",
            "rules.yaml:2:104: rule `under.test`: `not_in` takes a non-empty list of values",
        ),
    ];
    for (when, message) in table {
        assert_eq!(compiled(when).unwrap_err(), [message], "{when}");
    }
}
