//! `check --format json`: the same object per profile as `recommend --format json`
//! (CONTRACT §3, with `schema_version` and the pack's identity), plus a `check` member with the
//! verdict and the findings.

use crate::check::Checked;
use crate::report::json::{self, integer, string, Array, Cache, Object};
use crate::report::Item;

/// One profile's object, pretty-printed and indented to sit inside the output array, appended
/// to `out`, with the rules taken from `cache` (see [`json::render_into`]).
///
/// `check` is `{verdict, reason, findings: [{kind, level, line, column, message}]}`, its
/// members written in name order (as they always were).
pub fn render_into(item: &Item<'_>, cache: &Cache<'_>, checked: &Checked, out: &mut Vec<u8>) {
    json::render_with(item, cache, out, |o, out| {
        let level = o.key(out, "check");
        let mut c = Object::open(out, level);
        let level = c.key(out, "findings");
        let mut findings = Array::open(out, level);
        for f in &checked.findings {
            let level = findings.item(out);
            let mut o = Object::open(out, level);
            o.key(out, "column");
            number(out, f.pos.map(|p| p.col));
            o.key(out, "kind");
            string(out, f.kind.id());
            o.key(out, "level");
            string(out, f.level.name());
            o.key(out, "line");
            number(out, f.pos.map(|p| p.line));
            o.key(out, "message");
            string(out, &f.message);
            o.close(out);
        }
        findings.close(out);
        c.key(out, "reason");
        string(out, &checked.reason);
        c.key(out, "verdict");
        string(out, checked.verdict.name());
        c.close(out);
    });
}

/// A line or column number, or `null`.
fn number(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => integer(out, n.into()),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;
    use crate::engine;
    use crate::pack::RulePack;
    use crate::report::json::tests::{generated, report, write_report};

    /// The `check` member as it was made: serde's value of the verdict (so keys in name order).
    fn verdict(checked: &Checked) -> serde_json::Value {
        let findings: Vec<_> = checked
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "kind": f.kind.id(),
                    "level": f.level.name(),
                    "line": f.pos.map(|p| p.line),
                    "column": f.pos.map(|p| p.col),
                    "message": f.message,
                })
            })
            .collect();
        serde_json::json!({
            "verdict": checked.verdict.name(),
            "reason": checked.reason,
            "findings": findings,
        })
    }

    #[test]
    fn check_objects_are_written_as_serde_wrote_them() {
        let pack = RulePack::embedded().unwrap();
        let cache = Cache::new(&pack);
        let mut findings = 0;
        for (k, profile) in generated(&pack, 300).iter().enumerate() {
            let eval = engine::evaluate(&pack, profile);
            let item = Item {
                pack: &pack,
                profile,
                eval: &eval,
            };
            let checked = check::assess(&pack, profile, &eval, k % 2 == 0);
            findings += checked.findings.len();
            let mut expected_report = report(&item);
            expected_report.check = Some(verdict(&checked));
            let mut expected = Vec::new();
            write_report(&expected_report, &mut expected);
            let mut got = Vec::new();
            render_into(&item, &cache, &checked, &mut got);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
        assert!(findings > 0);
    }
}
