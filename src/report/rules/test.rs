//! `rules test`: a line per case, what failed and why, the coverage and the totals.

use crate::pack::RulePack;
use crate::report::score;
use crate::rules::test::{Expect, Results};
use std::fmt::Write as _;

/// The results, for people and for scripts alike: `ok`/`FAIL` lines, then (with `coverage`)
/// the rules no case fires, then `N passed, M failed` alone on the last line, where scripts
/// and people find it.
pub(crate) fn render(
    pack: &RulePack,
    results: &Results,
    coverage: bool,
    min_coverage: bool,
) -> String {
    let mut out = String::new();
    for outcome in &results.outcomes {
        let case = &outcome.case;
        let place = format!("{}:{}", case.file, case.pos.line);
        if outcome.passed() {
            let _ = writeln!(out, "ok    {} ({place})", case.name);
            continue;
        }
        let eval = &outcome.eval;
        let _ = writeln!(out, "FAIL  {} ({place})", case.name);
        for f in &outcome.failures {
            let _ = writeln!(out, "      {f}");
        }
        let _ = writeln!(out, "      expected: {}", expected(&case.expect));
        let ranking: Vec<String> = eval
            .ranking
            .iter()
            .map(|&p| {
                let veto = if eval.system.is_vetoed(p) {
                    " (vetoed)"
                } else {
                    ""
                };
                format!(
                    "{} {}{veto}",
                    pack.pattern_id(p),
                    score(eval.system.score(p))
                )
            })
            .collect();
        let _ = writeln!(out, "      actual:   {}", ranking.join(", "));
        let rules: Vec<String> = eval
            .system
            .fired
            .iter()
            .map(|&i| {
                let r = &pack.rules[i];
                format!("{} ({})", r.id, r.effect)
            })
            .collect();
        let _ = writeln!(out, "      fired:    {}", rules.join(", "));
        for c in &eval.components {
            let _ = writeln!(
                out,
                "      component {}: {}",
                crate::pack::printable::printable(&c.name),
                pack.pattern_id(c.recommendation)
            );
        }
    }
    if coverage || min_coverage {
        let _ = writeln!(
            out,
            "coverage: {} of {} rules fired in some case ({:.1}%)",
            results.covered(),
            pack.rules.len(),
            results.coverage()
        );
    }
    if coverage {
        for (i, rule) in pack.rules.iter_enumerated() {
            if !results.fired[i] {
                let _ = writeln!(
                    out,
                    "  not fired: {} ({}:{})",
                    rule.id, rule.file, rule.pos.line
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed",
        results.passed(),
        results.failed()
    );
    out
}

fn expected(e: &Expect) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &e.recommendation {
        parts.push(format!("recommendation {r}"));
    }
    if !e.not.is_empty() {
        parts.push(format!("not {}", e.not.join(", ")));
    }
    if !e.vetoed.is_empty() {
        parts.push(format!("vetoed {}", e.vetoed.join(", ")));
    }
    for (name, p) in &e.components {
        parts.push(format!("component {name} {p}"));
    }
    parts.join("; ")
}
