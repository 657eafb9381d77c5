//! Hostile rule packs. A pack given with `--rules` is data from a repository, and archfit's
//! tooling searches over it: `rules lint` proves conditions satisfiable, `rules analyze` walks
//! the profile space, `rules test` runs the pack's cases, every report looks for what would
//! change its answer. Each of those must end, in bounded memory, whatever a pack within the
//! documented limits says (docs/rules.md, "Limits"), and a pack over a limit must be refused
//! with a message that names it.
//!
//! Runs are stopped by a generous time limit and an address-space cap: a run that hangs, or
//! that needs gigabytes, fails the test. Neither is a measured speed.

mod support;

use assert_cmd::Command;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;
use support::write;

/// Far beyond any run here, even a debug build on a busy 2-core machine.
const LIMIT: Duration = Duration::from_secs(120);

/// Address space a run may use: many times what any of these needs, far below what the
/// searches took before they had budgets (1.4 GB for one condition, 15 GB for another).
const MEMORY_CAP_KIB: u64 = 1024 * 1024;

/// archfit run by `sh` under the memory cap, stopped past [`LIMIT`].
fn archfit_capped() -> Command {
    let bin = assert_cmd::cargo::cargo_bin("archfit");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB}; exec \"$0\" \"$@\""))
        .arg(bin)
        .env("NO_COLOR", "1")
        .timeout(LIMIT);
    cmd
}

/// What a run ended with: its exit code (a run killed by a signal or the time limit fails
/// the test here), standard output and standard error.
fn run(args: &[&str], pack: &Path) -> (i32, String, String) {
    let out = archfit_capped()
        .args(args)
        .arg(pack)
        .output()
        .expect("archfit runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let Some(code) = out.status.code() else {
        panic!(
            "`archfit {}` on {} was killed ({:?}):\n{stderr}",
            args.join(" "),
            pack.display(),
            out.status
        );
    };
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic text:\n{stderr}"
    );
    (code, stdout, stderr)
}

// ---- a pack generator ----

/// SplitMix64: small, well known and reproducible, so a failing seed is a failing test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + i64::try_from(self.next() % span).unwrap_or(0)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

enum Kind {
    Integer { min: i64, max: i64 },
    Boolean,
    Enum(usize),
}

struct Field {
    name: String,
    kind: Kind,
}

/// How large a generated pack may grow.
#[derive(Clone, Copy)]
struct Size {
    fields: usize,
    patterns: usize,
    rules: usize,
    /// Most parts in one rule's condition.
    parts: usize,
    /// Longest `in:` list.
    list: usize,
    cases: usize,
}

/// One comparison, or (with depth left) an `all`, `any` or `not` of more, as a YAML flow
/// mapping; `parts` counts what the loader counts.
fn condition(
    rng: &mut Rng,
    fields: &[Field],
    depth: usize,
    budget: &mut usize,
    size: Size,
) -> String {
    *budget = budget.saturating_sub(1);
    if depth > 0 && *budget > 4 && rng.chance(35) {
        let n = 1 + rng.below(4);
        let children: Vec<String> = (0..n)
            .map(|_| condition(rng, fields, depth - 1, budget, size))
            .collect();
        return match rng.below(3) {
            0 => format!("{{all: [{}]}}", children.join(", ")),
            1 => format!("{{any: [{}]}}", children.join(", ")),
            _ => format!("{{not: {}}}", children[0]),
        };
    }
    let f = &fields[rng.below(fields.len())];
    let value = |rng: &mut Rng| match f.kind {
        Kind::Integer { min, max } => rng.between(min, max).to_string(),
        Kind::Boolean => if rng.chance(50) { "true" } else { "false" }.to_string(),
        Kind::Enum(n) => format!("v{}", rng.below(n)),
    };
    if rng.chance(25) {
        let most = size.list.min(*budget).max(1);
        let n = 1 + rng.below(most);
        *budget = budget.saturating_sub(n);
        let values: Vec<String> = (0..n).map(|_| value(rng)).collect();
        let op = if rng.chance(50) { "in" } else { "not_in" };
        return format!("{{{}: {{{op}: [{}]}}}}", f.name, values.join(", "));
    }
    let op = match f.kind {
        Kind::Integer { .. } => ["lt", "le", "gt", "ge", "eq", "ne"][rng.below(6)],
        _ => ["eq", "ne"][rng.below(2)],
    };
    format!("{{{}: {{{op}: {}}}}}", f.name, value(rng))
}

/// Writes a random, valid pack of at most `size` into `dir`.
fn random_pack(rng: &mut Rng, dir: &Path, size: Size) {
    let fields: Vec<Field> = (0..1 + rng.below(size.fields))
        .map(|i| Field {
            name: format!("f{i}"),
            kind: match rng.below(3) {
                0 => {
                    let min = rng.between(-5, 5);
                    Kind::Integer {
                        min,
                        max: min + rng.between(0, 1000),
                    }
                }
                1 => Kind::Boolean,
                _ => Kind::Enum(2 + rng.below(8)),
            },
        })
        .collect();
    let mut catalog = String::from("fields:\n");
    for (i, f) in fields.iter().enumerate() {
        let (kind, default) = match f.kind {
            Kind::Integer { min, max } => (
                format!("type: integer, min: {min}, max: {max}"),
                min.to_string(),
            ),
            Kind::Boolean => ("type: boolean".to_string(), "false".to_string()),
            Kind::Enum(n) => {
                let values: Vec<String> = (0..n)
                    .map(|v| format!("{{value: v{v}, help: h}}"))
                    .collect();
                (
                    format!("type: enum, values: [{}]", values.join(", ")),
                    "v0".to_string(),
                )
            }
        };
        // The first field is required; the others have defaults.
        let presence = if i == 0 {
            "required: true".to_string()
        } else {
            format!("default: {default}")
        };
        let _ = writeln!(
            catalog,
            "  - {{name: {}, {kind}, {presence}, question: q, help: h}}",
            f.name
        );
    }
    let patterns: Vec<String> = (0..2 + rng.below(size.patterns - 1))
        .map(|i| format!("p{i}"))
        .collect();
    let mut pattern_file = String::from("patterns:\n");
    for p in &patterns {
        let _ = writeln!(
            pattern_file,
            "  - {{id: {p}, title: T, summary: s, source: s}}"
        );
    }
    let mut rules = String::from("rules:\n");
    for r in 0..1 + rng.below(size.rules) {
        let mut budget = 1 + rng.below(size.parts);
        let when = condition(rng, &fields, 4, &mut budget, size);
        let effect = if rng.chance(10) {
            "veto: true".to_string()
        } else {
            let whole = rng.between(-1000, 1000);
            if rng.chance(30) {
                format!("score: {}.5", whole.clamp(-999, 999))
            } else {
                format!("score: {whole}")
            }
        };
        let _ = writeln!(
            rules,
            "  - {{id: r{r}, pattern: {}, when: {when}, {effect}, because: b, source: s}}",
            patterns[rng.below(patterns.len())]
        );
    }
    let count = rng.below(size.cases + 1);
    let mut cases = String::from(if count == 0 {
        "cases: []\n"
    } else {
        "cases:\n"
    });
    for c in 0..count {
        let f = &fields[0];
        let value = match f.kind {
            Kind::Integer { min, max } => rng.between(min, max).to_string(),
            Kind::Boolean => "true".to_string(),
            Kind::Enum(n) => format!("v{}", rng.below(n)),
        };
        let _ = writeln!(
            cases,
            "  - {{name: c{c}, profile: {{{}: {value}}}, expect: {{recommendation: {}}}}}",
            f.name,
            patterns[rng.below(patterns.len())]
        );
    }
    write(
        dir,
        "pack.yaml",
        format!(
            "name: random\nversion: \"1\"\nclose_call_margin: {}\n",
            rng.below(5)
        ),
    );
    write(dir, "catalog.yaml", catalog);
    write(dir, "patterns.yaml", pattern_file);
    write(dir, "rules.yaml", rules);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    write(&dir.join("tests"), "cases.yaml", cases);
}

/// Runs every pack command on the pack in `dir`: each ends, with exit 0, 1 or 2, within the
/// memory cap and the time limit. The pack must load.
fn survives(dir: &Path) {
    let (code, _, stderr) = run(&["rules", "lint"], dir);
    assert!(
        !stderr.contains("invalid rule pack"),
        "the generated pack does not load:\n{stderr}"
    );
    assert!(matches!(code, 0 | 2), "lint: {code}\n{stderr}");
    for args in [["rules", "test"], ["rules", "analyze"]] {
        let (code, _, stderr) = run(&args, dir);
        assert!(matches!(code, 0 | 1), "{args:?}: exit {code}\n{stderr}");
    }
}

#[test]
fn random_packs_within_the_limits_are_linted_tested_and_analysed_in_bounded_time_and_memory() {
    let size = Size {
        fields: 12,
        patterns: 6,
        rules: 40,
        parts: 60,
        list: 40,
        cases: 4,
    };
    for seed in 0..10 {
        let mut rng = Rng(seed);
        let dir = tempfile::tempdir().unwrap();
        random_pack(&mut rng, dir.path(), size);
        survives(dir.path());
    }
}

#[test]
fn packs_at_the_limits_are_linted_tested_and_analysed_in_bounded_time_and_memory() {
    // As large as the limits allow in one dimension at a time: the most fields, patterns,
    // rules, parts of one condition and values of one list.
    let sizes = [
        Size {
            fields: 256,
            patterns: 4,
            rules: 60,
            parts: 40,
            list: 10,
            cases: 2,
        },
        Size {
            fields: 6,
            patterns: 32,
            rules: 200,
            parts: 20,
            list: 10,
            cases: 2,
        },
        Size {
            fields: 6,
            patterns: 5,
            rules: 2_000,
            parts: 20,
            list: 5,
            cases: 2,
        },
        Size {
            fields: 4,
            patterns: 4,
            rules: 20,
            parts: 2_000,
            list: 1_000,
            cases: 2,
        },
    ];
    for (seed, size) in (100..).zip(sizes) {
        let mut rng = Rng(seed);
        let dir = tempfile::tempdir().unwrap();
        random_pack(&mut rng, dir.path(), size);
        survives(dir.path());
    }
}

// ---- the shapes that used to exhaust memory or time ----

/// A copy of the small fixture pack (its numbers are these tests' own), with `rules` as a
/// further rule file.
fn small_pack_with(rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/small");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    write(dir.path(), "extra.yaml", rules);
    dir
}

/// A rule of pattern `monolith` with condition `when`.
fn rule(id: &str, when: &str) -> String {
    format!("  - {{id: {id}, pattern: monolith, when: {when}, score: 1, because: b, source: s}}\n")
}

#[test]
fn a_condition_with_more_branches_than_can_be_searched_gets_a_warning() {
    // 665 `any` pairs whose every combination holds until a contradiction at the end: 2^665
    // branches, within the limit of 2,000 parts. The search cloned its goals per branch (1.4 GB
    // for 5,000 pairs); now it stops at its budget and says it could not tell.
    let pairs: Vec<String> = (1..=665)
        .map(|i| {
            format!(
                "{{any: [{{team_size: {{ne: {i}}}}}, {{teams: {{ne: {}}}}}]}}",
                i % 100 + 1
            )
        })
        .collect();
    let pairs = pairs.join(", ");
    let when = format!("{{all: [{pairs}, {{traffic: spiky}}, {{traffic: steady}}]}}");
    let pack = small_pack_with(&format!("rules:\n{}", rule("m.branches", &when)));
    let (code, _, stderr) = run(&["rules", "lint", "--deny-warnings"], pack.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("rule `m.branches`: could not decide within the search budget"),
        "{stderr}"
    );
    // Without --deny-warnings a warning does not fail the lint.
    let (code, _, _) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 0);
}

#[test]
fn a_condition_over_the_size_limit_is_refused() {
    let pairs = vec!["{any: [{team_size: 1}, {team_size: 2}]}"; 5_000].join(", ");
    let pack = small_pack_with(&format!(
        "rules:\n{}",
        rule("m.huge", &format!("{{all: [{pairs}]}}"))
    ));
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the condition has 15001 parts; a rule's condition may have at most 2000"),
        "{stderr}"
    );
}

#[test]
fn many_equality_rules_on_one_field_are_analysed_within_the_budget() {
    // A pattern that 1,000 rules `size: N` speak for and that is always vetoed, but only by
    // the last field of twelve: proving it can never win means a search of 1,000 x 4,096
    // partial profiles, each weighing 1,000 rules. `rules lint` and `rules analyze` took
    // minutes (a budget of nodes, whatever each cost); now each search has a budget of work
    // and answers "unknown" when it runs out.
    let dir = tempfile::tempdir().unwrap();
    let mut catalog = String::from(
        "fields:\n  - {name: size, type: integer, min: 1, max: 100000, required: true, question: q, help: h}\n",
    );
    let mut rules = String::from("rules:\n");
    for i in 0..12 {
        let _ = writeln!(
            catalog,
            "  - {{name: b{i}, type: boolean, default: false, question: q, help: h}}"
        );
        let _ = writeln!(
            rules,
            "  - {{id: b.{i}, pattern: {}, when: {{b{i}: true}}, score: 1, because: b, source: s}}",
            ["second", "third"][i % 2]
        );
    }
    for n in 1..=1_000 {
        let _ = writeln!(
            rules,
            "  - {{id: eq.{n}, pattern: first, when: {{size: {n}}}, score: 1, because: b, source: s}}"
        );
    }
    rules.push_str(
        "  - {id: v.1, pattern: first, when: {b11: true}, veto: true, because: b, source: s}\n",
    );
    rules.push_str(
        "  - {id: v.2, pattern: first, when: {b11: false}, veto: true, because: b, source: s}\n",
    );
    write(dir.path(), "pack.yaml", "name: eq\nversion: \"1\"\n");
    write(dir.path(), "catalog.yaml", catalog);
    write(
        dir.path(),
        "patterns.yaml",
        "patterns:\n  - {id: first, title: F, summary: s, source: s}\n  - {id: second, title: S, summary: s, source: s}\n  - {id: third, title: T, summary: s, source: s}\n",
    );
    write(dir.path(), "rules.yaml", rules);
    let (code, stdout, stderr) = run(&["rules", "analyze"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wins per pattern"), "{stdout}");
    let (code, _, stderr) = run(&["rules", "lint"], dir.path());
    assert!(matches!(code, 0 | 2), "{stderr}");
}

#[test]
fn a_catalog_of_many_fields_is_analysed_in_bounded_memory() {
    // The most fields a pack may have, each read by a rule: a sample of 50,000 profiles of
    // 2,000 fields took 1.6 GB; a sample is now sized to the catalog.
    let mut catalog = String::from("fields:\n  - {name: team_size, type: integer, min: 1, max: 1000, required: true, question: q, help: h}\n");
    let mut rules = String::from("rules:\n");
    for i in 1..256 {
        let _ = writeln!(
            catalog,
            "  - {{name: b{i}, type: boolean, default: false, question: q, help: h}}"
        );
        let _ = writeln!(
            rules,
            "  - {{id: b.{i}, pattern: {}, when: {{b{i}: true}}, score: {}, because: b, source: s}}",
            ["monolith", "serverless"][i % 2],
            i % 5
        );
    }
    let pack = small_pack_with(&rules);
    write(pack.path(), "catalog.yaml", catalog);
    write(pack.path(), "rules.yaml", "rules: []\n");
    let (code, stdout, stderr) = run(&["rules", "analyze"], pack.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("stratified sample of"), "{stdout}");
}

#[test]
fn an_in_list_is_a_set_and_has_a_limit() {
    // 49,000 values made every report try three times as many what-if values at a cost as
    // large each: refused now, with the limit in the message.
    let values: Vec<String> = (1..=49_000).map(|n| (n % 1000 + 1).to_string()).collect();
    let when = format!("{{team_size: {{in: [{}]}}}}", values.join(", "));
    let pack = small_pack_with(&format!("rules:\n{}", rule("m.list", &when)));
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`in` lists 49000 values; a list may hold at most 1000"),
        "{stderr}"
    );
    // Within the limit, repeats and order change nothing: the rule reads as a set.
    let pack = small_pack_with(&format!(
        "rules:\n{}",
        rule("m.set", "{team_size: {in: [9, 3, 9, 3, 5]}}")
    ));
    let out = archfit_capped()
        .arg("--rules")
        .arg(pack.path())
        .args(["rules", "show", "m.set"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("team_size in {3, 5, 9}"), "{stdout}");
}

#[test]
fn many_long_in_lists_do_not_slow_a_report() {
    // 45 rules, each with an `in:` list of 1,000 values of one field (all the limits allow),
    // and a profile whose value is in none of them. What would change the answer tries every
    // value on both sides of every constant, 135,000 of them, and each try tested every value
    // of every list: 29 s for one profile in a release build. A list is now a set, and a try
    // costs a binary search per rule.
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(7);
    let mut rules = String::from("rules:\n  - {id: base, pattern: first, when: {size: {ge: 1}}, score: 3, because: b, source: s}\n");
    for k in 0..45 {
        let values: Vec<String> = (0..1_000)
            .map(|_| rng.between(1, 99_999).to_string())
            .collect();
        let _ = writeln!(
            rules,
            "  - {{id: w.{k}, pattern: second, when: {{size: {{in: [{}]}}}}, score: 0.5, because: b, source: s}}",
            values.join(", ")
        );
    }
    write(dir.path(), "pack.yaml", "name: lists\nversion: \"1\"\n");
    write(
        dir.path(),
        "catalog.yaml",
        "fields:\n  - {name: size, type: integer, min: 1, max: 100000, required: true, question: q, help: h}\n",
    );
    write(
        dir.path(),
        "patterns.yaml",
        "patterns:\n  - {id: first, title: F, summary: s, source: s}\n  - {id: second, title: S, summary: s, source: s}\n",
    );
    write(dir.path(), "rules.yaml", rules);
    let profiles = tempfile::tempdir().unwrap();
    let profile = write(profiles.path(), "p.yaml", "size: 100000\n");
    let out = archfit_capped()
        .arg("--rules")
        .arg(dir.path())
        .args(["recommend", "--format", "json"])
        .arg(&profile)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["recommendation"], "first");
}

#[test]
fn a_pack_over_a_count_limit_is_refused_with_the_limit_named() {
    let many = |n: usize, make: &dyn Fn(usize) -> String| -> String { (0..n).map(make).collect() };
    // Fields.
    let pack = small_pack_with("rules: []\n");
    write(
        pack.path(),
        "catalog.yaml",
        format!(
            "fields:\n{}",
            many(257, &|i| format!(
                "  - {{name: f{i}, type: boolean, default: false, question: q, help: h}}\n"
            ))
        ),
    );
    write(pack.path(), "rules.yaml", "rules: []\n");
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the catalog defines 257 fields; a pack may have at most 256"),
        "{stderr}"
    );
    // Patterns.
    let pack = small_pack_with("rules: []\n");
    write(
        pack.path(),
        "patterns.yaml",
        format!(
            "patterns:\n{}",
            many(33, &|i| format!(
                "  - {{id: p{i}, title: t, summary: s, source: s}}\n"
            ))
        ),
    );
    write(pack.path(), "rules.yaml", "rules: []\n");
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the pack has more than 32 patterns"),
        "{stderr}"
    );
    // Rules.
    let pack = small_pack_with(&format!(
        "rules:\n{}",
        many(2_001, &|i| rule(&format!("m.r{i}"), "{team_size: 1}"))
    ));
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the pack has more than 2000 rules"),
        "{stderr}"
    );
}

#[test]
fn a_score_that_could_overflow_is_refused() {
    // 1e308 twice is infinity: a ranking of "trails by NaN points".
    for score in ["1e308", "-1e308", "1001"] {
        let pack = small_pack_with(&format!(
            "rules:\n  - {{id: m.huge, pattern: monolith, when: {{team_size: 1}}, score: {score}, because: b, source: s}}\n"
        ));
        let (code, _, stderr) = run(&["rules", "lint"], pack.path());
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("`score` must be between -1000 and 1000"),
            "{score}: {stderr}"
        );
    }
}

#[test]
fn control_characters_in_pack_texts_are_refused() {
    // A question ending in a carriage return and two lines of YAML used to end the comment
    // `ask --save` writes it into, and set those fields when the file was read back.
    let pack = small_pack_with("rules: []\n");
    let catalog = std::fs::read_to_string(pack.path().join("catalog.yaml"))
        .unwrap()
        .replacen(
            "question: q",
            "question: \"How big?\\rhigh_availability: true\\rcurrent: microservices\"",
            1,
        );
    write(pack.path(), "catalog.yaml", catalog);
    let (code, _, stderr) = run(&["rules", "lint"], pack.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`question` contains a carriage return (\\r) at character 9"),
        "{stderr}"
    );
    // Escape sequences and bidirectional overrides in a reason, likewise.
    for text in ["\\e[2J", "\\u202Eevil", "one\\ntwo"] {
        let pack = small_pack_with(&format!(
            "rules:\n  - {{id: m.x, pattern: monolith, when: {{team_size: 1}}, score: 1, because: \"{text}\", source: s}}\n"
        ));
        let (code, _, stderr) = run(&["rules", "lint"], pack.path());
        assert_eq!(code, 2, "{text}: {stderr}");
        assert!(stderr.contains("`because` contains"), "{text}: {stderr}");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
            "{stderr:?}"
        );
    }
}

#[test]
fn a_pack_without_cases_says_so() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/small");
    let (code, stdout, stderr) = run(&["rules", "test"], &pack);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 passed, 0 failed"), "{stdout}");
    assert!(
        stderr.contains("warning: the rule pack") && stderr.contains("has no test cases"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["rules", "test", "--require-cases"], &pack);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("has no test cases") && stderr.contains("--require-cases"),
        "{stderr}"
    );
    // A pack with cases is not affected.
    let (code, _, stderr) = run(
        &["rules", "test", "--require-cases"],
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules")
            .as_path(),
    );
    assert_eq!(code, 0, "{stderr}");
}
