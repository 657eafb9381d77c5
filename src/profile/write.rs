//! Writes a [`Profile`] back out as commented YAML, for `archfit ask --save`.
//!
//! The file is meant to be read and edited by people and committed: every field carries its
//! question as a comment, and fields that were not answered are written commented out with the
//! default archfit assumes, so `archfit recommend FILE` reports them as assumed exactly as the
//! questionnaire did. A pure function (profile and pack in, text out) so a property test can
//! check that writing and parsing again gives the same profile.

use super::open::UNKNOWN;
use super::{Open, Profile};
use crate::pack::printable::printable;
use crate::pack::{Field, Kind, RulePack, Value};
use std::fmt::Write as _;

/// The profile as YAML text that [`crate::profile::parse_stream`] reads back to the same values,
/// assumed fields, `current:` and components.
pub(crate) fn write(profile: &Profile, pack: &RulePack) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        "",
        &format!(
            "archfit profile, written by `archfit ask` (rule pack {} {}).",
            pack.meta.name, pack.meta.version
        ),
    );
    comment(
        &mut out,
        "",
        "Check it with `archfit recommend FILE`. A field written as a comment was not answered:\n\
         archfit assumes the value shown and lists it as assumed. Uncomment it to state it.",
    );
    out.push('\n');
    let _ = writeln!(out, "name: {}", scalar(&profile.name));

    let assumed = |i| profile.assumed.contains(&i);
    for (i, field) in pack.catalog.fields.iter_enumerated() {
        let Some(&value) = profile.values.get(i) else {
            continue;
        };
        out.push('\n');
        comment(
            &mut out,
            "",
            &format!("{} ({})", field.question, allowed(field, pack)),
        );
        let text = match profile.open(i) {
            Some(open) => open_text(field, open),
            None => value_text(field, value),
        };
        let line = format!("{}: {text}", field.name);
        if assumed(i) {
            let _ = writeln!(out, "# {line}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }

    out.push('\n');
    let ids: Vec<&str> = pack.patterns.iter().map(|p| &*p.id).collect();
    comment(
        &mut out,
        "",
        &format!(
            "Which architecture does the system use today? `archfit check` compares it with the\n\
             recommendation. ({})",
            ids.join(" | ")
        ),
    );
    match profile.current {
        Some(c) => {
            let _ = writeln!(out, "current: {}", scalar(pack.pattern_id(c)));
        }
        None => out.push_str("# current: (not given)\n"),
    }

    if !profile.components.is_empty() {
        out.push('\n');
        comment(
            &mut out,
            "",
            "Parts of the system whose needs differ from the rest: each sets only the fields that differ.",
        );
        out.push_str("components:\n");
        for c in &profile.components {
            let _ = writeln!(out, "  - name: {}", scalar(&c.name));
            for &(i, value) in &c.overrides {
                let field = &pack.catalog.fields[i];
                comment(
                    &mut out,
                    "    ",
                    &format!("{} ({})", field.question, allowed(field, pack)),
                );
                let text = match c.open(i) {
                    Some(open) => open_text(field, open),
                    None => value_text(field, value),
                };
                let _ = writeln!(out, "    {}: {text}", field.name);
            }
        }
    }
    out
}

/// `# text`, one comment line per line of `text` (split at `\n`), at the given indentation.
///
/// Every other character YAML could read as the end of a line (a carriage return above all:
/// a question ending in `\rhigh_availability: true` would otherwise end the comment and
/// set a field when the file is read back), and every other control character, is written
/// escaped, so a comment never holds more than the one line it starts.
fn comment(out: &mut String, indent: &str, text: &str) {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return;
    }
    for line in text.split('\n') {
        let line = printable(line);
        let line = line.trim_end();
        if line.is_empty() {
            let _ = writeln!(out, "{indent}#");
        } else {
            let _ = writeln!(out, "{indent}# {line}");
        }
    }
}

/// What a field accepts, as a reader editing the file needs to know it.
fn allowed(field: &Field, pack: &RulePack) -> String {
    match &field.kind {
        Kind::Integer { min, max } => {
            let limit = field.at_most.map_or(String::new(), |j| {
                format!(", at most {}", pack.catalog.fields[j].name)
            });
            format!("{min} to {max}{limit}")
        }
        Kind::Boolean => "true | false".to_string(),
        Kind::Enum { values } => values
            .iter()
            .map(|v| &*v.value)
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

/// An open answer as a profile writes it: `unknown`, `[limited, moderate]`, `8..20`.
fn open_text(field: &Field, open: &Open) -> String {
    match open {
        Open::Unknown => UNKNOWN.to_string(),
        Open::OneOf(values) => {
            let items: Vec<String> = values.iter().map(|&v| value_text(field, v)).collect();
            format!("[{}]", items.join(", "))
        }
        Open::Range(lo, hi) => format!("{lo}..{hi}"),
    }
}

fn value_text(field: &Field, value: Value) -> String {
    match value {
        Value::Enum(_) => scalar(&field.format(value)),
        Value::Int(_) | Value::Bool(_) => field.format(value),
    }
}

/// A string as a YAML scalar: plain when it cannot be read as anything else, otherwise
/// double-quoted with escapes, so any name a user types reads back unchanged.
pub(crate) fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Control characters, and the few printable ones YAML treats as line breaks or
            // byte-order marks, are escaped so the file stays one line per value.
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lower-case words with digits, `-` and `_` (most names and every default enum value) read as
/// the same string in YAML, except the few that YAML 1.2 reads as booleans or null.
fn is_plain_safe(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_lowercase()
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !matches!(text, "true" | "false" | "null")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pos;
    use crate::profile::{parse_stream, Component};
    use crate::test_support::default_pack as pack;

    fn parse(text: &str, pack: &RulePack) -> Profile {
        let mut all = parse_stream(text, "saved.yaml", "saved", pack);
        assert_eq!(all.len(), 1, "{text}");
        match all.remove(0) {
            Ok(p) => p,
            Err(d) => panic!("{d:?}\n{text}"),
        }
    }

    fn sample(pack: &RulePack) -> Profile {
        let text = "name: shop\nteam_size: 8\nteams: 2\nscaling: uniform\ntraffic: steady\n\
                    devops: limited\nlong_running: true\ncurrent: monolith\ncomponents:\n\
                    \x20 - name: images\n    workload: event-driven\n    traffic: spiky\n";
        parse(text, pack)
    }

    #[test]
    fn stated_fields_are_written_and_assumed_ones_commented_out() {
        let pack = pack();
        let text = write(&sample(&pack), &pack);
        assert!(text.starts_with("# archfit profile, written by `archfit ask`"));
        assert!(
            text.contains("# How many engineers work on the system? (1 to 100000)\nteam_size: 8\n")
        );
        assert!(text.contains("(1 to 10000, at most team_size)\nteams: 2\n"));
        assert!(text.contains("(idea | mvp | growth | mature)\n# stage: growth\n"));
        assert!(text.contains("long_running: true\n"));
        assert!(text.contains("# minimize_ops: false\n"));
        assert!(text.contains("current: monolith\n"));
        assert!(text.contains(
            "components:\n  - name: images\n    # What triggers most of the work? (request-response | event-driven | mixed)\n    workload: event-driven\n"
        ));
    }

    #[test]
    fn written_profile_reads_back_the_same() {
        let pack = pack();
        let p = sample(&pack);
        let back = parse(&write(&p, &pack), &pack);
        assert_eq!(back.name, p.name);
        assert_eq!(back.values, p.values);
        assert_eq!(back.assumed, p.assumed);
        assert_eq!(back.current, p.current);
        let names = |p: &Profile| -> Vec<(String, Vec<(crate::pack::FieldId, Value)>)> {
            p.components
                .iter()
                .map(|c| (c.name.clone(), c.overrides.clone()))
                .collect()
        };
        assert_eq!(names(&back), names(&p));
    }

    #[test]
    fn awkward_names_are_quoted_and_read_back() {
        let pack = pack();
        let mut p = sample(&pack);
        for name in [
            "true",
            "null",
            "8",
            "Shop",
            "a: b",
            "# not a comment",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            " padded ",
            "café",
            "-",
            "~",
            "[x]",
            "{y}",
            "\u{2028}x",
            "\u{7f}",
            "'single'",
            "*alias",
            "&anchor",
            "!tag",
            "%directive",
            "@at",
            "`tick`",
        ] {
            p.name = name.to_string();
            p.components = vec![Component {
                name: name.to_string(),
                overrides: vec![(pack.catalog.index_of("traffic").unwrap(), Value::Enum(2))],
                uncertain: Vec::new(),
                pos: Pos::default(),
            }];
            let text = write(&p, &pack);
            let back = parse(&text, &pack);
            assert_eq!(back.name, name, "{text}");
            assert_eq!(back.components[0].name, name, "{text}");
        }
    }

    #[test]
    fn no_text_in_a_comment_can_end_the_comment() {
        // What a rule pack's question could say (the loader refuses such texts; the writer
        // does not rely on it): every character YAML reads as a line break, followed by YAML.
        let mut pack = pack();
        let p = sample(&pack);
        let before = write(&p, &pack);
        for brk in ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\r\n"] {
            for field in pack.catalog.fields.iter_mut() {
                field.question =
                    format!("How big?{brk}high_availability: true{brk}current: microservices{brk}")
                        .into();
            }
            let text = write(&p, &pack);
            assert!(text.contains("# How big?\\"), "{text}");
            let back = parse(&text, &pack);
            assert_eq!(back.values, p.values, "{brk:?}:\n{text}");
            assert_eq!(back.assumed, p.assumed, "{brk:?}");
            assert_eq!(back.current, p.current, "{brk:?}");
            // Only the comments changed.
            let code = |t: &str| -> Vec<String> {
                t.lines()
                    .filter(|l| !l.trim_start().starts_with('#'))
                    .map(str::to_string)
                    .collect()
            };
            assert_eq!(code(&text), code(&before));
        }
    }

    #[test]
    fn a_profile_without_current_says_so() {
        let pack = pack();
        let mut p = sample(&pack);
        p.current = None;
        let text = write(&p, &pack);
        assert!(text.contains("# current: (not given)\n"));
        assert_eq!(parse(&text, &pack).current, None);
    }
}

#[cfg(test)]
mod round_trip;
