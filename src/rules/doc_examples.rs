//! The examples of `docs/rules.md` are loaded and checked, so the reference cannot rot.
//!
//! Fenced blocks tagged `yaml pack`, `yaml catalog-field`, `yaml rules`, `yaml profile` and
//! `yaml case` are collected; the default pack is extended with the page's catalog fields and
//! rule files, must load and lint without errors, and then the page's profiles must validate and
//! its cases pass against it.

use super::lint::{self, Severity};
use super::test;
use crate::engine::Engine;
use crate::pack::{PackFile, RulePack};
use crate::profile;
use std::borrow::Cow;

fn blocks(doc: &str, tag: &str) -> Vec<(usize, String)> {
    let fence = format!("```yaml {tag}");
    let mut found = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == fence => current = Some((i + 1, String::new())),
            None => {}
            Some(_) if line.trim_end() == "```" => found.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "unclosed ```yaml {tag} block");
    found
}

fn doc() -> String {
    std::fs::read_to_string("docs/rules.md").expect("docs/rules.md exists")
}

/// The default pack plus the page's fields, rules and cases.
fn pack_with_doc_examples() -> RulePack {
    let doc = doc();
    let base = crate::test_support::default_pack();
    let mut files: Vec<PackFile> = base.files.clone();
    let fields = blocks(&doc, "catalog-field");
    assert!(!fields.is_empty());
    for f in files.iter_mut().filter(|f| f.path == "catalog.yaml") {
        let mut text = f.text.to_string();
        for (_, block) in &fields {
            for line in block.lines() {
                text.push_str("  ");
                text.push_str(line);
                text.push('\n');
            }
        }
        f.text = Cow::Owned(text);
    }
    // The page tells authors of their own rules to list their own source among the sections.
    for f in files.iter_mut().filter(|f| f.path == "pack.yaml") {
        let text = f
            .text
            .replacen("sections:\n", "sections:\n  - Organisation policy\n", 1);
        assert_ne!(text, *f.text, "the default pack.yaml lists `sections:`");
        f.text = Cow::Owned(text);
    }
    let rules = blocks(&doc, "rules");
    assert!(rules.len() >= 2);
    for (kind, list) in [("rules", rules), ("case", blocks(&doc, "case"))] {
        for (line, text) in list {
            let path = if kind == "rules" {
                format!("doc-line-{line}.yaml")
            } else {
                format!("tests/doc-line-{line}.yaml")
            };
            files.push(PackFile {
                display: format!("docs/rules.md block at line {line}").into(),
                path: path.into(),
                text: Cow::Owned(text),
            });
        }
    }
    RulePack::from_files(files, "docs/rules.md").unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn the_documented_pack_yaml_loads() {
    let doc = doc();
    let examples = blocks(&doc, "pack");
    assert_eq!(examples.len(), 1);
    let base = crate::test_support::default_pack();
    let mut files = base.files.clone();
    for f in files.iter_mut().filter(|f| f.path == "pack.yaml") {
        f.text = Cow::Owned(examples[0].1.clone());
    }
    let pack = RulePack::from_files(files, "docs").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(pack.meta.name, "example-org");
    assert!((pack.meta.close_call_margin - 2.0).abs() < f64::EPSILON);
}

#[test]
fn the_documented_fields_and_rules_load_and_lint_clean() {
    let pack = pack_with_doc_examples();
    assert!(pack.catalog.index_of("compliance").is_some());
    let errors: Vec<String> = lint::check(&pack)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.diag.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for id in [
        "serverless.avoid.hipaa-doc",
        "monolith.doc-band",
        "hybrid.doc-all",
    ] {
        assert!(pack.rules.iter().any(|r| r.id == id), "{id}");
    }
}

#[test]
fn the_documented_profiles_are_valid() {
    let pack = pack_with_doc_examples();
    let profiles = blocks(&doc(), "profile");
    assert!(!profiles.is_empty());
    for (line, text) in profiles {
        for parsed in profile::parse_stream(&text, "docs/rules.md", "doc", &pack) {
            if let Err(d) = parsed {
                panic!("block at line {line}: {d:?}");
            }
        }
    }
}

#[test]
fn the_documented_cases_pass() {
    let pack = pack_with_doc_examples();
    let engine = Engine::new(&pack);
    let cases: Vec<test::Case> = test::read_cases(&pack)
        .unwrap_or_else(|d| panic!("{d:?}"))
        .into_iter()
        .filter(|c| c.file.starts_with("docs/rules.md"))
        .collect();
    assert!(cases.len() >= 2);
    for case in &cases {
        let outcome = test::run(&engine, case);
        assert!(
            outcome.passed(),
            "{} ({}): {:?}",
            case.name,
            case.file,
            outcome.failures
        );
    }
}

#[test]
fn every_yaml_block_of_the_page_is_tagged_and_checked() {
    let doc = doc();
    for (i, line) in doc.lines().enumerate() {
        let line = line.trim_end();
        if let Some(tag) = line.strip_prefix("```yaml") {
            assert!(
                ["pack", "catalog-field", "rules", "profile", "case"].contains(&tag.trim()),
                "docs/rules.md:{}: a ```yaml block without a checked tag",
                i + 1
            );
        }
    }
}
