//! Packs for unit tests: the small fixture pack in `tests/fixtures/packs/small/` (its numbers
//! are chosen by the tests, independently of the default pack's), conditions compiled in its
//! catalog, and any other fixture pack by name.

use crate::pack::{Cond, PackFile, RulePack};
use std::borrow::Cow;

fn file(path: &str, text: &'static str) -> PackFile {
    PackFile {
        path: path.to_string().into(),
        display: path.to_string().into(),
        text: Cow::Borrowed(text),
    }
}

fn small_files() -> Vec<PackFile> {
    vec![
        file(
            "pack.yaml",
            include_str!("../tests/fixtures/packs/small/pack.yaml"),
        ),
        file(
            "catalog.yaml",
            include_str!("../tests/fixtures/packs/small/catalog.yaml"),
        ),
        file(
            "patterns.yaml",
            include_str!("../tests/fixtures/packs/small/patterns.yaml"),
        ),
        file(
            "rules.yaml",
            include_str!("../tests/fixtures/packs/small/rules.yaml"),
        ),
    ]
}

/// The small fixture pack: team_size, teams (at most team_size), traffic (steady, variable,
/// spiky) and long_running; monolith, serverless, microservices and hybrid; seven rules.
pub(crate) fn small_pack() -> RulePack {
    RulePack::from_files(small_files(), "small").unwrap_or_else(|d| panic!("{d}"))
}

/// The `when:` condition `text`, compiled in the small pack's catalog.
pub(crate) fn condition(pack: &RulePack, text: &str) -> Cond {
    let rule = format!(
        "rules:\n  - id: under.test\n    pattern: monolith\n    score: 1\n    because: b\n    source: s\n    when:\n      {text}\n"
    );
    let mut files = small_files();
    files.push(PackFile {
        path: "under-test.yaml".into(),
        display: "under-test.yaml".into(),
        text: rule.into(),
    });
    let with = RulePack::from_files(files, "small").unwrap_or_else(|d| panic!("{text}: {d}"));
    let cond = with
        .rules
        .iter()
        .find(|r| r.id == "under.test")
        .map(|r| r.when.clone());
    assert_eq!(with.catalog, pack.catalog);
    cond.unwrap_or_else(|| panic!("{text}: no rule"))
}

/// The built-in pack.
pub(crate) fn default_pack() -> RulePack {
    crate::pack::embedded().unwrap_or_else(|d| panic!("{d}"))
}

/// The default pack with one rule added that breaks a direction the article names: a split
/// trigger (independent deploys) counted for the monolith inside the band, the mistake the
/// first default pack made. Lint and the direction property must both catch it.
pub(crate) fn default_pack_against_a_direction() -> RulePack {
    let mut files = default_pack().files.clone();
    files.push(file(
        "broken.yaml",
        "rules:\n  - id: monolith.answer-splits-with-modules\n    pattern: monolith\n    when: { independent_deploys: true, team_size: { le: 15 } }\n    score: 5\n    because: Answer a split trigger with modules while the team is small.\n    source: Pattern 1 › Best Practices for Monoliths\n",
    ));
    RulePack::from_files(files, "broken").unwrap_or_else(|d| panic!("{d}"))
}

/// The fixture pack `tests/fixtures/packs/NAME`, read from disk as `--rules` reads it.
pub(crate) fn fixture_pack(name: &str) -> RulePack {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/packs")
        .join(name);
    crate::pack::from_dir(&dir).unwrap_or_else(|d| panic!("{d}"))
}
