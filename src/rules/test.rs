//! A rule pack's own test cases (`tests/*.yaml` in the pack): profiles and what they must produce.
//!
//! A pack is data that teams edit; its cases are how an edit is checked like code. They run under
//! `cargo test` for the default pack.

use crate::engine::{Engine, Evaluation};
use crate::pack::read::Reader;
use crate::pack::yaml::{self, Node};
use crate::pack::{Diagnostic, IdVec, PackFile, PatternId, Pos, RuleId, RulePack};
use crate::profile;

/// What a case expects; any subset may be given.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Expect {
    pub recommendation: Option<String>,
    pub not: Vec<String>,
    pub vetoed: Vec<String>,
    /// Component name and the pattern it must get.
    pub components: Vec<(String, String)>,
}

/// One test case, read from a pack's `tests/` file.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub name: String,
    pub file: String,
    pub pos: Pos,
    pub profile: profile::Profile,
    pub expect: Expect,
}

/// The result of running one case.
#[derive(Debug, Clone)]
pub(crate) struct CaseResult {
    pub case: Case,
    pub eval: Evaluation,
    /// What did not hold; empty when the case passed.
    pub failures: Vec<String>,
}

impl CaseResult {
    pub(crate) fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Every case run, and which rules fired in some case.
#[derive(Debug, Clone)]
pub(crate) struct Results {
    pub outcomes: Vec<CaseResult>,
    /// Per rule: whether it fired in some case (for the system or a component).
    pub fired: IdVec<RuleId, bool>,
}

impl Results {
    pub(crate) fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.passed()).count()
    }

    pub(crate) fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }

    /// How many rules fired in some case.
    pub(crate) fn covered(&self) -> usize {
        self.fired.iter().filter(|&&f| f).count()
    }

    /// The share of rules that fired in some case, in percent (100 for a pack without rules).
    // Rule counts are small; the percentage is for display and a threshold.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn coverage(&self) -> f64 {
        let total = self.fired.len();
        if total == 0 {
            100.0
        } else {
            self.covered() as f64 * 100.0 / total as f64
        }
    }
}

/// Runs every case, in order.
pub(crate) fn run_all(engine: &Engine<'_>, cases: &[Case]) -> Results {
    let mut fired = IdVec::filled(engine.pack.rules.len(), false);
    let outcomes = cases
        .iter()
        .map(|case| {
            let outcome = run(engine, case);
            let eval = &outcome.eval;
            let all = eval
                .system
                .fired
                .iter()
                .chain(eval.components.iter().flat_map(|c| c.outcome.fired.iter()));
            for &r in all {
                fired[r] = true;
            }
            outcome
        })
        .collect();
    Results { outcomes, fired }
}

/// Reads every case of the pack. Problems in case files are returned, all of them.
pub(crate) fn read_cases(pack: &RulePack) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let mut cases = Vec::new();
    let mut diags = Vec::new();
    for file in pack.test_files() {
        read_file(pack, file, &mut cases, &mut diags);
    }
    if diags.is_empty() {
        Ok(cases)
    } else {
        Err(diags)
    }
}

fn read_file(pack: &RulePack, file: &PackFile, cases: &mut Vec<Case>, diags: &mut Vec<Diagnostic>) {
    let docs = match yaml::parse(&file.text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::at(&file.display, e.pos, e.message));
            return;
        }
    };
    let mut r = Reader::new(&file.display);
    for doc in &docs {
        let Some(top) = r.mapping(doc, "a test file", &["cases"]) else {
            continue;
        };
        let Some(items) = top.get("cases").and_then(Node::as_seq) else {
            r.error(top.pos, "a test file needs a `cases:` list");
            continue;
        };
        for item in items {
            if let Some(case) = read_case(pack, &file.display, item, &mut r) {
                cases.push(case);
            }
        }
    }
    diags.append(&mut r.diags);
}

fn read_case(pack: &RulePack, file: &str, node: &Node, r: &mut Reader<'_>) -> Option<Case> {
    let f = r.mapping(node, "a test case", &["name", "profile", "expect"])?;
    let name = r.req_str(&f, "name", "a test case")?;
    let Some(profile_node) = f.get("profile") else {
        r.error(f.pos, format!("case `{name}` has no `profile`"));
        return None;
    };
    let profile = match profile::from_node(profile_node, file, &name, pack) {
        Ok(p) => p,
        Err(d) => {
            r.diags.extend(d);
            return None;
        }
    };
    let Some(expect_node) = f.get("expect") else {
        r.error(f.pos, format!("case `{name}` has no `expect`"));
        return None;
    };
    let expect = read_expect(pack, expect_node, r)?;
    if expect == Expect::default() {
        r.error(expect_node.pos, format!("case `{name}` expects nothing"));
        return None;
    }
    Some(Case {
        name,
        file: file.to_string(),
        pos: f.pos,
        profile,
        expect,
    })
}

/// The expectation; `None` when any part of it is wrong (its problems are reported), so a
/// case never runs on what is left of a mistyped expectation.
fn read_expect(pack: &RulePack, node: &Node, r: &mut Reader<'_>) -> Option<Expect> {
    let problems = r.diags.len();
    let f = r.mapping(
        node,
        "`expect`",
        &["recommendation", "not", "vetoed", "components"],
    )?;
    let check = |id: &str, pos: Pos, r: &mut Reader<'_>| {
        if pack.pattern_index(id).is_none() {
            let hint = crate::pack::suggest::did_you_mean(id, pack.patterns.iter().map(|p| &*p.id));
            r.error_hint(pos, format!("unknown pattern `{id}`"), hint);
        }
    };
    let recommendation = r.opt_str(&f, "recommendation");
    if let (Some(id), Some(n)) = (&recommendation, f.get("recommendation")) {
        check(id, n.pos, r);
    }
    let not = r.str_list(&f, "not");
    let vetoed = r.str_list(&f, "vetoed");
    for key in ["not", "vetoed"] {
        if let Some(items) = f.get(key).and_then(Node::as_seq) {
            for item in items {
                if let Some(id) = item.as_str() {
                    check(id, item.pos, r);
                }
            }
        }
    }
    let mut components = Vec::new();
    if let Some(map) = f.get("components") {
        match map.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    match v.as_str() {
                        Some(id) => {
                            check(id, v.pos, r);
                            components.push((k.key_text(), id.to_string()));
                        }
                        None => r.error(v.pos, "expected a pattern id"),
                    }
                }
            }
            None => r.error(map.pos, "`components` maps component names to patterns"),
        }
    }
    (r.diags.len() == problems).then_some(Expect {
        recommendation,
        not,
        vetoed,
        components,
    })
}

/// Runs one case.
pub(crate) fn run(engine: &Engine<'_>, case: &Case) -> CaseResult {
    let pack = engine.pack;
    let eval = engine.evaluate(&case.profile);
    let id = |i: PatternId| pack.pattern_id(i).to_string();
    let got = id(eval.recommendation);
    let mut failures = Vec::new();
    let e = &case.expect;
    if let Some(want) = &e.recommendation {
        if *want != got {
            failures.push(format!("expected {want}, got {got}"));
        }
    }
    for no in &e.not {
        if *no == got {
            failures.push(format!("must not recommend {no}, but did"));
        }
    }
    for v in &e.vetoed {
        let vetoed = pack
            .pattern_index(v)
            .is_some_and(|p| eval.system.is_vetoed(p));
        if !vetoed {
            failures.push(format!("expected {v} to be vetoed, it was not"));
        }
    }
    for (name, want) in &e.components {
        match eval.components.iter().find(|c| c.name == *name) {
            None => failures.push(format!("no component named `{name}` in the profile")),
            Some(c) if id(c.recommendation) != *want => failures.push(format!(
                "component `{name}`: expected {want}, got {}",
                id(c.recommendation)
            )),
            Some(_) => {}
        }
    }
    CaseResult {
        case: case.clone(),
        eval,
        failures,
    }
}

#[cfg(test)]
mod tests;
