//! The default rule pack's own test cases (`rules/tests/*.yaml`), run under `cargo test`.

use super::test;
use crate::engine::Engine;
use crate::test_support::default_pack;

#[test]
fn the_default_pack_loads() {
    let pack = default_pack();
    assert_eq!(
        pack.patterns.iter().map(|p| &*p.id).collect::<Vec<_>>(),
        [
            "monolith",
            "serverless",
            "event-driven",
            "microservices",
            "hybrid"
        ],
        "the five pattern ids, simplest first"
    );
    for rule in &pack.rules {
        assert!(
            rule.id
                .starts_with(&format!("{}.", pack.pattern_id(rule.pattern))),
            "{}",
            rule.id
        );
    }
}

#[test]
fn every_case_of_the_default_pack_passes() {
    let pack = default_pack();
    let engine = Engine::new(&pack);
    let cases = test::read_cases(&pack).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut report = Vec::new();
    for case in &cases {
        let outcome = test::run(&engine, case);
        if !outcome.passed() {
            let ranking: Vec<String> = outcome
                .eval
                .ranking
                .iter()
                .map(|&p| {
                    let veto = if outcome.eval.system.is_vetoed(p) {
                        " (vetoed)"
                    } else {
                        ""
                    };
                    format!(
                        "{} {:.1}{veto}",
                        pack.pattern_id(p),
                        outcome.eval.system.score(p)
                    )
                })
                .collect();
            let fired: Vec<&str> = outcome
                .eval
                .system
                .fired
                .iter()
                .map(|&i| &*pack.rules[i].id)
                .collect();
            report.push(format!(
                "{}:{}: {}\n    {}\n    ranking: {}\n    fired: {}",
                case.file,
                case.pos.line,
                case.name,
                outcome.failures.join("; "),
                ranking.join(", "),
                fired.join(", ")
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} of {} cases failed:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
}
