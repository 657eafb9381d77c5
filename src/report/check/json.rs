//! `check --format json`: one object per input, in input order. For a valid profile, the same
//! object as `recommend --format json` (CONTRACT §3, with `schema_version` and the pack's
//! identity) plus a `check` member with the verdict, the findings and the acceptance; for an
//! input that is not a valid profile, `profile: null`, its `source`, `schema_version`, `pack`
//! and a `check` whose verdict is `invalid` and whose findings are its problems, each with its
//! line and column.

use super::Format;
use crate::engine::check::{Checked, Entry, Finding, Invalid};
use crate::pack::RulePack;
use crate::profile::Acceptance;
use crate::report::json::write::{integer, null, Array, Object};
use crate::report::json::{self as report, pack_id, FRAMING, SCHEMA_VERSION};
use crate::report::{Format as _, Framing, Item};

/// `check --format json`.
pub(crate) struct Json<'p> {
    report: report::Json<'p>,
    pack: &'p RulePack,
}

impl<'p> Json<'p> {
    pub(crate) fn new(pack: &'p RulePack) -> Self {
        Json {
            // `check` has no `--explain`: its objects carry what decides.
            report: report::Json::new(pack, false),
            pack,
        }
    }
}

impl Format for Json<'_> {
    fn render(&self, item: &Item<'_>, checked: &Checked) -> Option<Vec<u8>> {
        Some(self.report.render_with(item, |o, out| {
            check(
                o,
                out,
                &Check {
                    accepted: checked.accepted.as_ref(),
                    findings: &checked.findings,
                    reason: &checked.reason,
                    verdict: checked.verdict.name(),
                },
            );
        }))
    }

    fn render_invalid(&self, invalid: &Invalid) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        out.extend_from_slice(b"  ");
        let mut o = Object::open(&mut out, 1);
        o.key(&mut out, "profile");
        null(&mut out);
        o.string(&mut out, "source", &invalid.source);
        o.integer(&mut out, "schema_version", SCHEMA_VERSION.into());
        let level = o.key(&mut out, "pack");
        pack_id(&mut out, level, self.pack);
        let first = invalid.findings.first();
        check(
            &mut o,
            &mut out,
            &Check {
                accepted: None,
                findings: &invalid.findings,
                reason: first.map_or("not a valid profile", |f| &f.message),
                verdict: "invalid",
            },
        );
        o.close(&mut out);
        Some(out)
    }

    fn framing(&self) -> Framing {
        FRAMING
    }

    fn recycle(&self, buffer: Vec<u8>) {
        self.report.recycle(buffer);
    }

    /// Every input already has its object.
    fn finish(&self, _entries: &[Entry]) -> String {
        String::new()
    }
}

/// The `check` member of one input's object.
struct Check<'a> {
    accepted: Option<&'a Acceptance>,
    findings: &'a [Finding],
    reason: &'a str,
    verdict: &'a str,
}

/// Writes `check`: `{accepted: {reason, until} | null, findings: [{column, kind, level, line,
/// message}], reason, verdict}`, members in name order (as they always were).
fn check(o: &mut Object, out: &mut Vec<u8>, check: &Check<'_>) {
    let level = o.key(out, "check");
    let mut c = Object::open(out, level);
    let level = c.key(out, "accepted");
    match check.accepted {
        Some(a) => {
            let mut acc = Object::open(out, level);
            acc.string(out, "reason", &a.reason);
            acc.string(out, "until", &a.until);
            acc.close(out);
        }
        None => null(out),
    }
    let level = c.key(out, "findings");
    let mut findings = Array::open(out, level);
    for f in check.findings {
        let level = findings.item(out);
        let mut o = Object::open(out, level);
        o.key(out, "column");
        position(out, f.pos.map(|p| p.col));
        o.string(out, "kind", f.category.id());
        o.string(out, "level", f.level.name());
        o.key(out, "line");
        position(out, f.pos.map(|p| p.line));
        o.string(out, "message", &f.message);
        o.close(out);
    }
    findings.close(out);
    c.string(out, "reason", check.reason);
    c.string(out, "verdict", check.verdict);
    c.close(out);
}

/// A line or column number, or `null`.
fn position(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => integer(out, n.into()),
        None => null(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check, Engine};
    use crate::report::json::tests::{generated, pretty};
    use crate::report::Stream;

    #[test]
    fn check_objects_are_laid_out_as_serde_json_lays_them_out() {
        let pack = crate::test_support::default_pack();
        let engine = Engine::new(&pack);
        let format = Json::new(&pack);
        let mut out = Vec::new();
        let mut stream = Stream::open(&mut out, format.framing()).unwrap();
        let mut findings = 0;
        for (k, profile) in generated(&pack, 300).iter().enumerate() {
            let eval = engine.evaluate(profile);
            let checked = check::assess(&pack, profile, &eval, k % 2 == 0, "2026-01-01");
            findings += checked.findings.len();
            let item = Item {
                profile,
                eval: &eval,
            };
            stream
                .write(&format.render(&item, &checked).unwrap())
                .unwrap();
        }
        // An invalid input among them, as `check` writes it in its place.
        let invalid = check::invalid(&[crate::pack::Diagnostic::at(
            "bad.yaml",
            crate::pack::Pos { line: 2, col: 8 },
            "invalid YAML: \"quoted\"",
        )]);
        stream
            .write(&format.render_invalid(&invalid).unwrap())
            .unwrap();
        stream.close().unwrap();
        assert!(findings > 0);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, pretty(out.as_bytes()));
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        let first = &parsed[0]["check"];
        assert!(
            first["verdict"].is_string() && first["findings"].is_array(),
            "{first}"
        );
        let last = &parsed[300];
        assert_eq!(last["profile"], serde_json::Value::Null);
        assert_eq!(last["check"]["verdict"], "invalid");
        assert_eq!(last["check"]["findings"][0]["column"], 8);
    }
}
