//! `archfit rules test [DIR]`: run the pack's own cases; `--coverage`, `--min-coverage N`.

use crate::cli::Exit;
use crate::pack::RulePack;
use crate::packtest;
use std::io::Write;

pub fn run(
    pack: &RulePack,
    coverage: bool,
    min_coverage: Option<u8>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let cases = match packtest::read_cases(pack) {
        Ok(cases) => cases,
        Err(diags) => {
            for d in &diags {
                super::super::print_problem(err, d)?;
            }
            return Ok(Exit::Invalid);
        }
    };
    let mut fired = vec![false; pack.rules.len()];
    let (mut passed, mut failed) = (0usize, 0usize);
    for case in &cases {
        let outcome = packtest::run(pack, case);
        let eval = &outcome.eval;
        let all_fired = eval
            .system
            .fired
            .iter()
            .chain(eval.components.iter().flat_map(|c| c.outcome.fired.iter()));
        for &r in all_fired {
            if let Some(slot) = fired.get_mut(r) {
                *slot = true;
            }
        }
        let place = format!("{}:{}", case.file, case.pos.line);
        if outcome.passed() {
            passed += 1;
            writeln!(out, "ok    {} ({place})", case.name)?;
            continue;
        }
        failed += 1;
        writeln!(out, "FAIL  {} ({place})", case.name)?;
        for f in &outcome.failures {
            writeln!(out, "      {f}")?;
        }
        writeln!(out, "      expected: {}", expected(&case.expect))?;
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
                    crate::report::score(eval.system.score(p))
                )
            })
            .collect();
        writeln!(out, "      actual:   {}", ranking.join(", "))?;
        let rules: Vec<String> = eval
            .system
            .fired
            .iter()
            .filter_map(|&i| pack.rule(i))
            .map(|r| format!("{} ({})", r.id, super::effect_text(r)))
            .collect();
        writeln!(out, "      fired:    {}", rules.join(", "))?;
        for c in &eval.components {
            writeln!(
                out,
                "      component {}: {}",
                c.name,
                pack.pattern_id(c.recommendation)
            )?;
        }
    }
    let covered = fired.iter().filter(|&&f| f).count();
    let total = pack.rules.len();
    // Rule counts are small; the percentage is for display and a threshold.
    #[allow(clippy::cast_precision_loss)]
    let percent = if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    };
    if coverage || min_coverage.is_some() {
        writeln!(
            out,
            "coverage: {covered} of {total} rules fired in some case ({percent:.1}%)"
        )?;
    }
    if coverage {
        for (i, rule) in pack.rules.iter().enumerate() {
            if !fired[i] {
                writeln!(
                    out,
                    "  not fired: {} ({}:{})",
                    rule.id, rule.file, rule.pos.line
                )?;
            }
        }
    }
    // Last, alone on its line, so scripts and people find it in the same place.
    writeln!(out, "{passed} passed, {failed} failed")?;
    let below = min_coverage.is_some_and(|min| percent < f64::from(min));
    if below {
        writeln!(
            err,
            "error: rule coverage {percent:.1}% is below the required {}%",
            min_coverage.unwrap_or(0)
        )?;
    }
    Ok(if failed > 0 || below {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn expected(e: &packtest::Expect) -> String {
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
