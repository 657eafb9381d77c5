//! Mermaid diagrams for the decision record. GitHub and GitLab draw a ```` ```mermaid ```` block
//! as a picture; anywhere else it stays a short, readable list of who goes where.
//!
//! Only the component map is drawn: a chart of the scores would need Mermaid's beta chart
//! types, which cannot show a veto, and the record's table of alternatives already reads well.

use super::Item;
use crate::pack::printable::is_unsafe;
use crate::pack::{PatternId, RulePack};
use std::fmt::Write as _;

/// The component map of a profile with components: the system, and each part (the core
/// first) in a box for its pattern. `None` without components.
pub(crate) fn component_map(pack: &RulePack, item: &Item<'_>) -> Option<String> {
    let Item { profile, eval } = *item;
    if eval.components.is_empty() {
        return None;
    }
    let mut lanes: Vec<PatternId> = vec![eval.core];
    for c in &eval.components {
        if !lanes.contains(&c.recommendation) {
            lanes.push(c.recommendation);
        }
    }
    let mut out = String::from("```mermaid\nflowchart LR\n");
    // Ids are made here, never taken from the profile, so no name can break the diagram.
    let _ = writeln!(
        out,
        "  system[\"{}: {}\"]",
        label(&profile.name),
        label(pack.pattern_id(eval.recommendation))
    );
    for (n, &lane) in lanes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph p{n} [\"{}\"]",
            label(pack.pattern_id(lane))
        );
        if lane == eval.core {
            out.push_str("    core[\"core: the rest of the system\"]\n");
        }
        for (i, c) in eval.components.iter().enumerate() {
            if c.recommendation == lane {
                let _ = writeln!(out, "    c{i}[\"{}\"]", label(&c.name));
            }
        }
        out.push_str("  end\n");
    }
    out.push_str("  system --> core\n");
    for i in 0..eval.components.len() {
        let _ = writeln!(out, "  system --> c{i}");
    }
    out.push_str("```\n");
    Some(out)
}

/// Text for a quoted Mermaid label. Mermaid reads labels as HTML, so the characters that could
/// end the label (`"`), start markup (`<`, `&`), start Mermaid's own entity codes (`#`) or a
/// Markdown string (a backtick) are written as named HTML entities, which Mermaid shows as
/// the character; a line break becomes a space. (Mermaid's documented `#35;` codes are not
/// decoded by every version; named entities are.)
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '#' => out.push_str("&num;"),
            '`' => out.push_str("&grave;"),
            '\n' | '\r' | '\t' => out.push(' '),
            // Other control and bidirectional characters (from a name) are shown, not passed on
            // to whatever renders the record.
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::profile::parse_stream;

    #[test]
    fn labels_keep_plain_text_and_encode_the_rest() {
        assert_eq!(label("image-pipeline"), "image-pipeline");
        assert_eq!(label("a\"b]`c"), "a&quot;b]&grave;c");
        assert_eq!(label("x\ny"), "x y");
        assert_eq!(label("a\u{1b}[2J\u{202e}"), "a\\u{1b}[2J\\u{202e}");
        assert_eq!(label("#1 <b> & [c] (d)"), "&num;1 &lt;b&gt; &amp; [c] (d)");
    }

    #[test]
    fn each_part_is_drawn_in_the_box_of_its_pattern() {
        let pack = crate::test_support::small_pack();
        let text = "name: '```shop'\nteam_size: 5\ncomponents:\n  - name: bursts\n    traffic: spiky\n  - name: calm\n";
        let profile = parse_stream(text, "p.yaml", "p", &pack).remove(0).unwrap();
        let eval = evaluate(&pack, &profile);
        let item = Item {
            profile: &profile,
            eval: &eval,
        };
        let map = component_map(&pack, &item).unwrap();
        let body = map
            .strip_prefix("```mermaid\n")
            .and_then(|m| m.strip_suffix("```\n"))
            .unwrap();
        assert!(
            !body.contains("```"),
            "the name cannot close the fence: {map}"
        );
        let core = pack.pattern_id(eval.core);
        assert!(
            map.contains(&format!(
                "  subgraph p0 [\"{core}\"]\n    core[\"core: the rest of the system\"]\n"
            )),
            "{map}"
        );
        for (i, c) in eval.components.iter().enumerate() {
            let lane = pack.pattern_id(c.recommendation);
            let at = map.find(&format!("[\"{lane}\"]")).unwrap();
            let node = map.find(&format!("c{i}[\"{}\"]", c.name)).unwrap();
            let end = map[at..].find("  end").unwrap() + at;
            assert!(at < node && node < end, "{} in {lane}: {map}", c.name);
            assert!(map.contains(&format!("  system --> c{i}\n")));
        }
        // Without components there is no map.
        let profile = parse_stream("team_size: 5\n", "p.yaml", "p", &pack)
            .remove(0)
            .unwrap();
        let eval = evaluate(&pack, &profile);
        let item = Item {
            profile: &profile,
            eval: &eval,
        };
        assert!(component_map(&pack, &item).is_none());
    }
}
