//! `check --format junit`: JUnit XML, one test case per profile (and per invalid input), for CI
//! dashboards. A misfit (or, with `--strict`, a close call) is a `<failure>`; an invalid input
//! is an `<error>`; warnings are kept in `<system-out>`. The rule pack's identity and the
//! output's `schema_version` are suite properties.

use super::Format;
use crate::engine::check::{Category, Counts, Entry, Finding, Level};
use crate::pack::RulePack;
use crate::report::json::SCHEMA_VERSION;

/// `check --format junit`.
pub(crate) struct Junit<'p> {
    pub pack: &'p RulePack,
}

impl Format for Junit<'_> {
    fn finish(&self, entries: &[Entry]) -> String {
        render(entries, self.pack)
    }
}

fn render(entries: &[Entry], pack: &RulePack) -> String {
    let c = Counts::of(entries);
    let failures = entries
        .iter()
        .filter(|e| {
            matches!(e, Entry::Checked(_)) && e.findings().iter().any(|f| f.level == Level::Error)
        })
        .count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{}\" skipped=\"0\"",
        c.total(),
        c.invalid
    );
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!("<testsuites name=\"archfit check\" {counts}>\n"));
    x.push_str(&format!("  <testsuite name=\"archfit check\" {counts}>\n"));
    x.push_str("    <properties>\n");
    for (name, value) in [
        ("schema_version", SCHEMA_VERSION.to_string()),
        ("pack.name", pack.meta.name.to_string()),
        ("pack.version", pack.meta.version.to_string()),
        ("pack.sha256", pack.sha256().to_string()),
    ] {
        x.push_str(&format!(
            "      <property name=\"archfit.{name}\" value=\"{}\"/>\n",
            esc(&value)
        ));
    }
    x.push_str("    </properties>\n");
    for entry in entries {
        testcase(&mut x, entry);
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

fn testcase(x: &mut String, entry: &Entry) {
    let (name, file, line, findings) = match entry {
        Entry::Checked(c) => (
            c.name.as_str(),
            c.source.as_str(),
            c.current_pos.unwrap_or(c.pos).line,
            c.findings.as_slice(),
        ),
        Entry::Invalid(i) => (
            i.source.as_str(),
            i.source.as_str(),
            i.findings.iter().find_map(|f| f.pos).map_or(1, |p| p.line),
            i.findings.as_slice(),
        ),
    };
    x.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\"",
        esc(name),
        esc(file),
        esc(file)
    ));
    let mut body = String::new();
    match entry {
        Entry::Invalid(_) => {
            let text: Vec<String> = findings.iter().map(located).collect();
            body.push_str(&format!(
                "      <error type=\"{}\" message=\"{}\">{}</error>\n",
                Category::Invalid.id(),
                esc(findings.first().map_or("invalid input", |f| &f.message)),
                esc(&text.join("\n"))
            ));
        }
        Entry::Checked(c) => {
            for f in findings.iter().filter(|f| f.level == Level::Error) {
                body.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.category.id(),
                    esc(&f.message),
                    esc(&located(f))
                ));
            }
            let mut notes: Vec<String> = findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .map(|f| format!("warning: {}", located(f)))
                .collect();
            notes.push(format!(
                "{}: current {}, recommended {}: {}",
                c.verdict.name(),
                c.current.as_deref().unwrap_or("-"),
                c.recommendation,
                c.reason
            ));
            body.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                esc(&notes.join("\n"))
            ));
        }
    }
    x.push_str(">\n");
    x.push_str(&body);
    x.push_str("    </testcase>\n");
}

fn located(f: &Finding) -> String {
    match f.pos {
        Some(p) => format!("{}:{}:{}: {}", f.file, p.line, p.col, f.message),
        None => format!("{}: {}", f.file, f.message),
    }
}

/// Escapes text for an XML attribute or element, and replaces characters XML 1.0 forbids
/// (control characters from a hostile file name or value) so the document stays well-formed.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", u32::from(ch))),
            c if u32::from(c) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            // DEL, C1 controls and bidirectional overrides are valid XML but reach people
            // reading the report: shown escaped.
            c if crate::pack::printable::is_unsafe(c) => {
                out.push_str(&crate::pack::printable::printable(
                    c.encode_utf8(&mut [0; 4]),
                ));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_and_control_characters_cannot_break_the_document() {
        assert_eq!(
            esc("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{fffd}"
        );
    }
}
