//! The fuzz targets' entry points (`fuzz/harness.rs`) on stable Rust: a small mutational
//! fuzzer seeded from `examples/` and `rules/`, for machines without a nightly toolchain or
//! cargo-fuzz (see docs/fuzzing.md); a replay of every seed, each of which must load and
//! evaluate; and a replay of every crasher kept in `fuzz/regressions/`.
//!
//! `cargo test` runs a short smoke round. The long runs are `#[ignore]`d so the README's test
//! command stays quick; `.ci/run` runs them on every CI run for a bounded time, and a longer
//! run is:
//!
//! ```sh
//! ARCHFIT_FUZZ_ITERS=200000 cargo test --release --test fuzz_stable -- --ignored
//! ARCHFIT_FUZZ_SECONDS=60 cargo test --test fuzz_stable -- --ignored   # as CI runs it
//! ```
#![allow(
    clippy::print_stderr,
    reason = "a long run reports how many inputs it ran: in CI that is its result"
)]

include!("../fuzz/harness.rs");

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Seeds for the profile target: the example profiles.
fn profile_seeds() -> Vec<Vec<u8>> {
    yaml_files(&root().join("examples"))
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// Seeds for the rule-pack target: each pack file, prefixed with the byte that puts it back in
/// its own place (the harness replaces the non-test file with that index, in path order).
fn rule_pack_seeds() -> Vec<Vec<u8>> {
    yaml_files(&root().join("rules"))
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut seed = vec![u8::try_from(i).unwrap()];
            seed.extend(std::fs::read(p).unwrap());
            seed
        })
        .collect()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// xorshift64*: fast, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces of YAML and of the profile language, spliced in whole: random bytes alone rarely
/// make it past the YAML parser.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    ", ",
    "\n",
    "\n  ",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "'",
    "\"",
    "#",
    "---\n",
    "? ",
    "|\n",
    ">\n",
    "~",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "100001",
    "99999999999999999999",
    "1e400",
    ".nan",
    "0x7fffffffffffffff",
    "team_size",
    "teams",
    "traffic",
    "spiky",
    "components",
    "name",
    "current",
    "hybrid",
    "when",
    "all",
    "any",
    "not",
    "lt",
    "ge",
    "in",
    "not_in",
    "score",
    "veto",
    "pattern",
    "id",
    "at_most",
    "per_component",
    "default",
    "required",
    "values",
    "type",
    "integer",
    "boolean",
    "enum",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let at = rng.below(len + 1);
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(64)).min(len);
                input.drain(from..to);
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(128)).min(len);
                let chunk: Vec<u8> = input[from..to].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, chunk);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let to = (from + 1 + rng.below(256)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..to].iter().copied());
                }
            }
            _ => {
                // Swap two lines: YAML structure moves, content stays plausible.
                let text = String::from_utf8_lossy(input).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                    *input = (lines.join("\n") + "\n").into_bytes();
                }
            }
        }
    }
    input.truncate(64 * 1024);
}

/// Runs `target` on `iterations` inputs mutated from `seeds` (and from earlier inputs), or
/// until `budget` has passed, and fails with the input saved under `fuzz/artifacts/` when one
/// panics. Returns how many mutated inputs ran.
fn fuzz(
    name: &str,
    target: fn(&[u8]) -> Outcome,
    seeds: &[Vec<u8>],
    iterations: usize,
    seed: u64,
    budget: Option<Duration>,
) -> usize {
    let start = Instant::now();
    let mut rng = Rng(seed | 1);
    let mut pool: Vec<Vec<u8>> = seeds.to_vec();
    for seed in seeds {
        target(seed);
    }
    for done in 0..iterations {
        if budget.is_some_and(|b| start.elapsed() >= b) {
            return done;
        }
        let mut input = pool[rng.below(pool.len())].clone();
        mutate(&mut rng, &mut input, seeds);
        let outcome = std::panic::catch_unwind(|| target(&input));
        if outcome.is_err() {
            let dir = root().join("fuzz/artifacts").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("stable-crash-{:016x}", rng.next()));
            std::fs::write(&path, &input).unwrap();
            panic!("{name}: input saved to {} panicked", path.display());
        }
        // Keep some mutants as parents, so changes accumulate (bounded pool).
        if pool.len() < 512 && rng.below(8) == 0 {
            pool.push(input);
        }
    }
    iterations
}

fn iterations(default: usize) -> usize {
    std::env::var("ARCHFIT_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `ARCHFIT_FUZZ_SECONDS`: stop a long run after this long, whatever the iterations.
fn budget() -> Option<Duration> {
    std::env::var("ARCHFIT_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_secs)
}

fn start_seed(default: u64) -> u64 {
    std::env::var("ARCHFIT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn smoke_fuzz_profiles() {
    fuzz(
        "profile",
        fuzz_profile,
        &profile_seeds(),
        300,
        0x5EED_0001,
        None,
    );
}

#[test]
fn smoke_fuzz_rule_packs() {
    fuzz(
        "rule_pack",
        fuzz_rule_pack,
        &rule_pack_seeds(),
        60,
        0x5EED_0002,
        None,
    );
}

#[test]
#[ignore = "long run, run by .ci/run: ARCHFIT_FUZZ_SECONDS=… cargo test --test fuzz_stable -- --ignored"]
fn long_fuzz_profiles() {
    let seeds = profile_seeds();
    let ran = fuzz(
        "profile",
        fuzz_profile,
        &seeds,
        iterations(200_000),
        start_seed(0xA5C4_F17E),
        budget(),
    );
    eprintln!("long_fuzz_profiles: {ran} inputs, no panic");
}

#[test]
#[ignore = "long run, run by .ci/run: ARCHFIT_FUZZ_SECONDS=… cargo test --test fuzz_stable -- --ignored"]
fn long_fuzz_rule_packs() {
    let seeds = rule_pack_seeds();
    let ran = fuzz(
        "rule_pack",
        fuzz_rule_pack,
        &seeds,
        iterations(20_000),
        start_seed(0xA5C4_F17F),
        budget(),
    );
    eprintln!("long_fuzz_rule_packs: {ran} inputs, no panic");
}

/// Every seed is a regression test too, and must load and evaluate: a seed the harness
/// refused (a profile that became invalid, a pack file put in the wrong place) would leave the
/// fuzzers starting from nothing valid, with every test still green.
#[test]
fn every_seed_loads_and_evaluates() {
    let profiles = profile_seeds();
    assert_eq!(
        profiles.len(),
        EXAMPLES.len(),
        "fuzz/harness.rs's EXAMPLES must list every examples/*.yaml"
    );
    for (seed, (name, text)) in profiles.iter().zip(EXAMPLES) {
        assert_eq!(seed, text.as_bytes(), "EXAMPLES out of date for {name}");
        let outcome = fuzz_profile(seed);
        assert!(
            outcome.evaluated > 0 && outcome.refused == 0,
            "profile seed {name}: {outcome:?}"
        );
    }
    let packs = rule_pack_seeds();
    assert!(packs.len() >= 3, "catalog, patterns and rule files");
    for (i, seed) in packs.iter().enumerate() {
        let outcome = fuzz_rule_pack(seed);
        // Every example, and the profile of every field's default.
        assert!(
            outcome.pack_loaded && outcome.refused == 0 && outcome.evaluated == EXAMPLES.len() + 1,
            "rule_pack seed {i} ({}): {outcome:?}",
            String::from_utf8_lossy(&seed[1..seed.len().min(80)])
        );
    }
}

/// Every input a fuzzer ever crashed on stays here, and must keep passing. The directories
/// must exist (a moved directory would otherwise replay nothing); hidden files such as
/// `.keep` are not inputs.
#[test]
fn fuzz_regressions_stay_fixed() {
    let mut replayed = Vec::new();
    for (target, run) in [
        ("profile", fuzz_profile as fn(&[u8]) -> Outcome),
        ("rule_pack", fuzz_rule_pack),
    ] {
        let dir = root().join("fuzz/regressions").join(target);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        files.sort();
        for file in files {
            run(&std::fs::read(&file).unwrap());
            replayed.push(file);
        }
    }
    eprintln!(
        "fuzz_regressions_stay_fixed: {} inputs replayed",
        replayed.len()
    );
}
