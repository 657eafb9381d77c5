//! `--format markdown`: the decision records are snapshot-tested and parsed back with a
//! CommonMark parser, so they stay well-formed whatever text the rule pack or profile holds.

mod support;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use support::archfit;

const DATE: &str = "2026-03-14";

/// The record for `args`, with the pack's hash (which changes with every rule edit) masked.
fn markdown(args: &[&str]) -> String {
    let out = archfit()
        .args(["recommend", "--format", "markdown", "--date", DATE])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    mask_sha(&text)
}

fn mask_sha(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("- Rule pack:") {
                match l.find("(sha256 ") {
                    Some(i) => format!("{}(sha256 …)", &l[..i]),
                    None => l.to_string(),
                }
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn snapshot_monolith_startup() {
    insta::assert_snapshot!(markdown(&["examples/monolith-startup.yaml"]));
}

#[test]
fn snapshot_hybrid_shop() {
    insta::assert_snapshot!(markdown(&["examples/hybrid-shop.yaml"]));
}

#[test]
fn snapshot_current_mismatch() {
    insta::assert_snapshot!(markdown(&["examples/current-mismatch.yaml"]));
}

#[test]
fn snapshot_serverless_api() {
    insta::assert_snapshot!(markdown(&["examples/serverless-api.yaml"]));
}

/// Headings (level, text) and the number of tables in a document, as a CommonMark reader sees it.
fn structure(md: &str) -> (Vec<(HeadingLevel, String)>, Vec<Vec<usize>>) {
    let mut headings = Vec::new();
    let mut tables = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut row_cells = 0usize;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(t) = tables.last_mut() {
                    t.push(row_cells);
                }
            }
            _ => {}
        }
    }
    (headings, tables)
}

#[test]
fn the_record_parses_as_commonmark_with_the_expected_headings_and_tables() {
    let md = markdown(&["examples/hybrid-shop.yaml"]);
    let (headings, tables) = structure(&md);
    let h = |level, text: &str| headings.contains(&(level, text.to_string()));
    assert!(
        h(HeadingLevel::H1, "Architecture for corner-shop: Hybrid"),
        "{headings:?}"
    );
    for section in [
        "Context and problem statement",
        "Decision",
        "Alternatives considered",
        "Consequences",
        "Revisit when",
    ] {
        assert!(
            h(HeadingLevel::H2, section),
            "missing ## {section}: {headings:?}"
        );
    }
    assert!(h(HeadingLevel::H3, "Deciding reasons"));
    assert!(h(HeadingLevel::H3, "Per-component decisions"));
    assert!(
        tables.len() >= 3,
        "expected profile, reasons, components and ranking tables"
    );
    // Every row of every table has as many cells as its header: no stray `|` split a cell.
    for t in &tables {
        let head = t[0];
        assert!(t.iter().all(|&n| n == head), "ragged table {t:?}");
    }
    assert!(md.contains("- Status: proposed\n- Date: 2026-03-14\n"));
}

#[test]
fn markdown_characters_in_data_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(
        &path,
        "name: \"a|b *c* [d](e) <f> #g\"\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n\
         components:\n  - name: \"x|y\"\n    traffic: spiky\n    workload: event-driven\n",
    )
    .unwrap();
    let md = markdown(&[path.to_str().unwrap()]);
    let (headings, tables) = structure(&md);
    let title = &headings[0].1;
    assert!(
        title.starts_with("Architecture for a|b *c* [d](e) <f> #g: "),
        "the name must come through as text, not markup: {title}"
    );
    for t in &tables {
        assert!(
            t.iter().all(|&n| n == t[0]),
            "a `|` in the data split a cell: {t:?}"
        );
    }
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    assert!(
        !events.iter().any(|e| matches!(
            e,
            Event::Start(Tag::Link { .. }) | Event::Html(_) | Event::InlineHtml(_)
        )),
        "data must not become links or HTML"
    );
}

#[test]
fn several_profiles_become_separate_records() {
    let md = markdown(&[
        "examples/monolith-startup.yaml",
        "examples/serverless-api.yaml",
    ]);
    let (headings, _) = structure(&md);
    let titles = headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H1)
        .count();
    assert_eq!(titles, 2, "{headings:?}");
    assert!(md.contains("\n\n---\n\n# "));
}

#[test]
fn without_date_the_record_is_dated_today_and_a_bad_date_is_exit_2() {
    let out = archfit()
        .args([
            "recommend",
            "--format",
            "markdown",
            "examples/monolith-startup.yaml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("- Date: "))
        .expect("a date line");
    assert_eq!(date.len(), 10);
    assert!(date.starts_with("20"), "{date}");
    for bad in ["2026-02-30", "14/03/2026", "tomorrow"] {
        let out = archfit()
            .args([
                "recommend",
                "--format",
                "markdown",
                "--date",
                bad,
                "examples/monolith-startup.yaml",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is not a date"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

/// The README's markdown sample is the head of the real record, so it cannot rot.
#[test]
fn the_readme_markdown_sample_matches_the_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "```markdown\n";
    let start = readme.find(marker).expect("README shows a record") + marker.len();
    let end = start + readme[start..].find("```").unwrap();
    let out = archfit()
        .args(["recommend", "--format", "markdown", "--date", DATE])
        .arg("examples/monolith-startup.yaml")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&readme[start..end]),
        "update the README markdown sample"
    );
}

#[test]
fn every_example_renders_well_formed_sections_and_tables() {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    for path in paths {
        let md = markdown(&[path.to_str().unwrap()]);
        let (headings, tables) = structure(&md);
        let h2: Vec<&str> = headings
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H2)
            .map(|(_, t)| t.as_str())
            .collect();
        // A profile with open answers (`unknown`, a list, a range) gets "Open questions": of
        // the examples, the uncertain team's.
        let mut expected = vec!["Context and problem statement", "Decision"];
        if path.ends_with("uncertain-team.yaml") {
            expected.push("Open questions");
        }
        expected.extend(["Alternatives considered", "Consequences", "Revisit when"]);
        assert_eq!(h2, expected, "{}", path.display());
        assert!(tables.len() >= 3, "{}", path.display());
        for t in &tables {
            assert!(
                t.iter().all(|&n| n == t[0]),
                "{}: ragged {t:?}",
                path.display()
            );
        }
    }
}

/// The CommonMark extensions a decision record may be read with (GitHub's and others'), so
/// escaping is checked against all of them. Smart punctuation is left out: it changes quotes,
/// not structure.
fn extended() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// The text of every block (heading, paragraph, table cell, list item), as a reader sees it:
/// markup gone, escapes resolved, code spans as their content.
fn block_texts(md: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    for event in Parser::new_ext(md, extended()) {
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell | Tag::Item | Tag::List(_),
            ) => blocks.push(String::new()),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                blocks.last_mut().unwrap().push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => blocks.last_mut().unwrap().push(' '),
            _ => {}
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// Markup in a record: each emphasis with the text it emphasises, each code block with its
/// info string, and every other kind of markup data could make. A record's own markup (its
/// pointer to the per-component decisions, its Mermaid map) is listed too, so a test states
/// exactly which markup it expects and data adds none.
fn stray_markup(md: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut emphasis: Option<String> = None;
    for event in Parser::new_ext(md, extended()) {
        match event {
            Event::Start(Tag::Emphasis) => emphasis = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(e) = emphasis.as_mut() {
                    e.push_str(&t);
                }
            }
            Event::End(TagEnd::Emphasis) => {
                found.extend(emphasis.take().map(|e| format!("Emphasis({e})")));
            }
            Event::Start(Tag::CodeBlock(kind)) => found.push(format!("CodeBlock({kind:?})")),
            e @ (Event::Start(
                Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::BlockQuote(_)
                | Tag::List(Some(_)),
            )
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_)
            | Event::FootnoteReference(_)) => found.push(format!("{e:?}")),
            _ => {}
        }
    }
    found
}

/// Profile names holding every character Markdown reads as syntax, alone and combined: each
/// record's title must read back as the name itself. A name `\*x\*` whose backslashes were
/// not escaped would lose them and put `x` in emphasis. The margin fixture pack keeps the title
/// independent of the default pack's patterns.
#[test]
fn every_markdown_character_in_a_profile_name_comes_through_as_text() {
    let names = [
        r"\*x\*",
        r"\",
        r"x\",
        r"\\*y*",
        "*x*",
        "**x**",
        "_x_",
        "__x__",
        "`x`",
        "``x``",
        "[a](b)",
        "![a](b)",
        "[^note]",
        "<b>x</b>",
        "<http://a.b>",
        "~~x~~",
        "~x~",
        "$x$",
        "$$x$$",
        "a|b",
        "#x",
        "# x",
        "!x",
        "&amp;",
        "&#42;",
        "- x",
        "+ x",
        "= x",
        "> x",
        "[ ] x",
        "a  b",
    ];
    let stream: String = names
        .iter()
        .map(|n| format!("name: {}\nlead: past\n", serde_json::to_string(n).unwrap()))
        .collect::<Vec<_>>()
        .join("---\n");
    let out = archfit()
        .args(["--rules", "tests/fixtures/packs/margin"])
        .args(["recommend", "--format", "markdown", "--date", DATE, "-"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    let titles: Vec<String> = {
        let mut titles = Vec::new();
        let mut current: Option<String> = None;
        for event in Parser::new_ext(&md, extended()) {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => current = Some(String::new()),
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => {
                    if let Some(s) = current.as_mut() {
                        s.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => titles.extend(current.take()),
                _ => {}
            }
        }
        titles
    };
    let expected: Vec<String> = names
        .iter()
        .map(|n| format!("Architecture for {n}: Monolith"))
        .collect();
    assert_eq!(titles, expected);
    assert_eq!(stray_markup(&md), Vec::<String>::new(), "{md}");
}

/// Everything a record shows from a rule pack (titles, summaries, trade-offs, practices, when
/// to revisit, reasons, sources, value help, the components reason) holds Markdown syntax in
/// the fixture pack `markdown-syntax`; each must read back as written. List items are where a
/// text starts a line, so a leading `1.` or `-` would otherwise nest a list.
#[test]
fn markdown_characters_in_a_packs_texts_come_through_as_text() {
    let pack = "tests/fixtures/packs/markdown-syntax";
    let stream = "name: plain\npart: core\n---\nname: \"[c](d)\"\npart: core\ncomponents:\n  - { name: \"*e*\", part: burst }\n";
    let out = archfit()
        .args(["--rules", pack])
        .args(["recommend", "--format", "markdown", "--date", DATE, "-"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    let blocks = block_texts(&md);
    let texts = [
        // pattern title and summary, trade-offs, practices, revisit
        "*Mono* `lith`",
        "[a](b) <i>x</i> ![img](c)",
        "1. numbered",
        "2) numbered",
        "- dashed",
        "+ plus",
        "# hash",
        "> quote",
        "| pipe |",
        "=== under",
        r"\*backslashed\*",
        r"a \ b",
        r"trailing \",
        "_under_ score",
        "~tilde~",
        "<http://auto.link>",
        "#Hybrid",
        "!bang",
        // rules, sources, the components reason, value help, the pack
        r"\*x\* is *not* emphasis | nor a cell",
        "Pattern <1> › [When](x)",
        "1. not a list (- not a list either)",
        r"~~struck~~ $math$ and \*escaped\*",
        "[a link](http://example.com)",
        "**bold** help",
        "fixture *markdown* syntax",
        "0.1.0 <b>",
        // names
        "[c](d)",
        "*e*",
    ];
    let missing: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| !blocks.iter().any(|b| b.contains(t)))
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "{md}");
    // The second record has a component: the record's own pointer to the per-component
    // decisions and its component map are the only markup.
    assert_eq!(
        stray_markup(&md),
        [
            "Emphasis(Per-component decisions)",
            "CodeBlock(Fenced(Borrowed(\"mermaid\")))"
        ],
        "{md}"
    );
}

/// "Differs from the system in" lists what a component changes, not every setting it restates:
/// a component giving the system's own value differs in nothing.
#[test]
fn a_component_lists_only_the_settings_that_differ_from_the_system() {
    let profile = "name: p\nlead: under\ncomponents:\n  - { name: same, lead: under }\n  - { name: other, lead: ahead }\n";
    let out = archfit()
        .args(["--rules", "tests/fixtures/packs/margin"])
        .args(["recommend", "--format", "markdown", "--date", DATE, "-"])
        .write_stdin(profile)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    let row = |part: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {part} |")))
            .unwrap_or_else(|| panic!("no row for {part}:\n{md}"))
            .split(" | ")
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("same")[1..3], ["**monolith**", ""]);
    assert_eq!(row("other")[1..3], ["**serverless**", "`lead: ahead`"]);
}

/// A record with components draws its component map as a Mermaid block: one fenced block
/// that a name cannot close or break, with a node per part.
#[test]
fn components_are_mapped_in_a_mermaid_block_that_data_cannot_break() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(
        &path,
        "name: shop\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n\
         components:\n  - name: \"```\\n# not a heading\\\"]\"\n    traffic: spiky\n  - name: plain-part\n    coupling: loose\n",
    )
    .unwrap();
    let md = markdown(&[path.to_str().unwrap()]);
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    let mut blocks = Vec::new();
    let mut inside: Option<String> = None;
    for e in &events {
        match e {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                assert_eq!(&**info, "mermaid", "{md}");
                inside = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(b) = inside.as_mut() {
                    b.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(inside.take()),
            _ => {}
        }
    }
    assert_eq!(blocks.len(), 1, "one diagram: {md}");
    let diagram = &blocks[0];
    assert!(diagram.starts_with("flowchart LR\n"), "{diagram}");
    assert!(diagram.contains("[\"plain-part\"]"), "{diagram}");
    // The hostile name is one label: no quote, bracket or line break of its own.
    assert!(
        diagram.contains("[\"&grave;&grave;&grave; &num; not a heading&quot;]\"]"),
        "{diagram}"
    );
    let (headings, _) = structure(&md);
    assert!(
        !headings.iter().any(|(_, h)| h.contains("not a heading")),
        "{headings:?}"
    );
}
