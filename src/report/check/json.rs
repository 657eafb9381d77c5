//! `check --format json`: the same object per profile as `recommend --format json`
//! (CONTRACT §3, with `schema_version` and the pack's identity), plus a `check` member with the
//! verdict and the findings.

use crate::check::{Checked, Finding};
use crate::report::{json, Item};
use serde::Serialize;

#[derive(Serialize)]
struct Verdict<'a> {
    /// `fits`, `misfit` or `validated-only` (no `current:`).
    verdict: &'static str,
    /// The sentence that decided it.
    reason: &'a str,
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    kind: &'static str,
    level: &'static str,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

fn finding(f: &Finding) -> FindingJson<'_> {
    FindingJson {
        kind: f.kind.id(),
        level: f.level.name(),
        line: f.pos.map(|p| p.line),
        column: f.pos.map(|p| p.col),
        message: &f.message,
    }
}

/// One profile's object, pretty-printed and indented to sit inside the output array.
pub fn render(item: &Item<'_>, checked: &Checked) -> String {
    let verdict = Verdict {
        verdict: checked.verdict.name(),
        reason: &checked.reason,
        findings: checked.findings.iter().map(finding).collect(),
    };
    let mut report = json::report(item);
    report.check = Some(serde_json::to_value(&verdict).unwrap_or_default());
    let mut out = Vec::with_capacity(16 * 1024);
    json::write_report(&report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
