//! `check --format json`: the same object per profile as `recommend --format json`
//! (CONTRACT §3, with `schema_version` and the pack's identity), plus a `check` member with the
//! verdict and the findings.

use super::Format;
use crate::engine::check::{Checked, Entry};
use crate::pack::RulePack;
use crate::report::json::write::{integer, null, Array, Object};
use crate::report::json::{self as report, FRAMING};
use crate::report::{Format as _, Framing, Item};

/// `check --format json`.
pub(crate) struct Json<'p> {
    report: report::Json<'p>,
}

impl<'p> Json<'p> {
    pub(crate) fn new(pack: &'p RulePack) -> Self {
        Json {
            report: report::Json::new(pack),
        }
    }
}

impl Format for Json<'_> {
    /// `check` is `{verdict, reason, findings: [{kind, level, line, column, message}]}`, its
    /// members written in name order (as they always were).
    fn render(&self, item: &Item<'_>, checked: &Checked) -> Option<Vec<u8>> {
        Some(self.report.render_with(item, |o, out| {
            let level = o.key(out, "check");
            let mut c = Object::open(out, level);
            let level = c.key(out, "findings");
            let mut findings = Array::open(out, level);
            for f in &checked.findings {
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
            c.string(out, "reason", &checked.reason);
            c.string(out, "verdict", checked.verdict.name());
            c.close(out);
        }))
    }

    fn framing(&self) -> Framing {
        FRAMING
    }

    fn recycle(&self, buffer: Vec<u8>) {
        self.report.recycle(buffer);
    }

    /// Invalid inputs are reported on standard error only.
    fn finish(&self, _entries: &[Entry]) -> String {
        String::new()
    }
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
            let checked = check::assess(&pack, profile, &eval, k % 2 == 0);
            findings += checked.findings.len();
            let item = Item {
                profile,
                eval: &eval,
            };
            stream
                .write(&format.render(&item, &checked).unwrap())
                .unwrap();
        }
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
    }
}
