//! The CI documentation stays true: every `archfit` command shown in README.md and docs/ci.md
//! parses with the real CLI, the workflow is valid YAML, and the pre-commit hook runs a real
//! command.

use super::Cli;
use crate::pack::yaml::{self, Node};
use clap::{CommandFactory, Parser};

#[test]
fn the_cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

/// The `archfit …` commands in the fenced code blocks of a Markdown file, as argument lists.
fn commands(markdown: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            continue;
        }
        let mut l = line.trim_start();
        for prefix in ["- ", "run: ", "$ ", "command -v archfit || "] {
            l = l.strip_prefix(prefix).unwrap_or(l);
        }
        // `archfit ask: 22 questions …` is output in a transcript, not a command.
        let output_line = l
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.ends_with(':'));
        if !l.starts_with("archfit ") || output_line {
            continue;
        }
        let end = [" > ", " #", " || ", " | "]
            .iter()
            .filter_map(|s| l.find(s))
            .min()
            .unwrap_or(l.len());
        out.push(l[..end].split_whitespace().map(str::to_string).collect());
    }
    out
}

#[test]
fn every_archfit_command_in_the_docs_parses() {
    let mut seen = 0;
    for file in ["README.md", "docs/ci.md"] {
        let text = std::fs::read_to_string(file).unwrap();
        for args in commands(&text) {
            if let Err(e) = Cli::try_parse_from(&args) {
                panic!("{file}: `{}` does not parse:\n{e}", args.join(" "));
            }
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} commands found");
}

fn fenced_yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.as_map()?
        .iter()
        .find(|(k, _)| k.key_text() == key)
        .map(|(_, v)| v)
}

#[test]
fn the_workflow_in_docs_ci_is_valid_yaml_that_runs_check_with_github_annotations() {
    let text = std::fs::read_to_string("docs/ci.md").unwrap();
    let blocks = fenced_yaml_blocks(&text);
    let workflow = blocks
        .iter()
        .find(|b| b.starts_with("name: architecture"))
        .expect("the workflow block");
    let docs = yaml::parse(workflow).expect("valid YAML");
    let steps = get(&docs[0], "jobs")
        .and_then(|j| get(j, "check"))
        .and_then(|c| get(c, "steps"))
        .and_then(Node::as_seq)
        .expect("jobs.check.steps");
    let runs: Vec<&str> = steps
        .iter()
        .filter_map(|s| get(s, "run").and_then(Node::as_str))
        .collect();
    assert!(
        runs.contains(&"archfit check --format github profiles/"),
        "{runs:?}"
    );
    for block in &blocks {
        // The snippet to add to a job is a list fragment; everything must at least parse.
        yaml::parse(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    }
}

#[test]
fn the_pre_commit_hook_runs_a_real_check_command() {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let docs = yaml::parse(&text).unwrap();
    let hook = &docs[0].as_seq().expect("a list of hooks")[0];
    assert_eq!(
        get(hook, "id").and_then(Node::as_str),
        Some("archfit-check")
    );
    assert_eq!(get(hook, "language").and_then(Node::as_str), Some("rust"));
    let entry = get(hook, "entry").and_then(Node::as_str).unwrap();
    // pre-commit appends the changed files (and any `args:`) to the entry.
    let mut args: Vec<&str> = entry.split_whitespace().collect();
    args.extend(["--strict", "profiles/a.yaml"]);
    Cli::try_parse_from(&args).expect("the hook's entry parses");
    let docs_ci = std::fs::read_to_string("docs/ci.md").unwrap();
    assert!(docs_ci.contains("id: archfit-check"));
}

#[test]
fn no_color_wins_then_force_color_or_clicolor_force_then_the_terminal() {
    use super::color_auto;
    // (NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE, terminal) -> colour
    let table = [
        ((false, false, false, false), false),
        ((false, false, false, true), true),
        ((false, true, false, false), true),
        ((false, false, true, false), true),
        ((true, true, true, true), false),
        ((true, false, false, true), false),
    ];
    for ((no, force, clicolor, terminal), expected) in table {
        assert_eq!(
            color_auto(no, force, clicolor, terminal),
            expected,
            "{no} {force} {clicolor} {terminal}"
        );
    }
}
