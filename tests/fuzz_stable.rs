//! The fuzz targets' entry points (`fuzz/harness.rs`) on stable Rust: a small mutational
//! fuzzer seeded from `examples/` and `rules/`, for machines without a nightly toolchain or
//! cargo-fuzz (see docs/fuzzing.md), and a replay of every crasher kept in `fuzz/regressions/`.
//!
//! `cargo test` runs a short smoke round; the long run is ignored by default:
//!
//! ```sh
//! ARCHFIT_FUZZ_ITERS=200000 cargo test --release --test fuzz_stable -- --ignored --nocapture
//! ```

include!("../fuzz/harness.rs");

use std::path::{Path, PathBuf};

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

/// Runs `target` on `iterations` inputs mutated from `seeds` (and from earlier inputs), and
/// fails with the input saved under `fuzz/artifacts/` when one panics.
fn fuzz(name: &str, target: fn(&[u8]), seeds: &[Vec<u8>], iterations: usize, seed: u64) {
    let mut rng = Rng(seed | 1);
    let mut pool: Vec<Vec<u8>> = seeds.to_vec();
    for seed in seeds {
        target(seed);
    }
    for _ in 0..iterations {
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
}

fn iterations(default: usize) -> usize {
    std::env::var("ARCHFIT_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn smoke_fuzz_profiles() {
    fuzz("profile", fuzz_profile, &profile_seeds(), 300, 0x5EED_0001);
}

#[test]
fn smoke_fuzz_rule_packs() {
    fuzz(
        "rule_pack",
        fuzz_rule_pack,
        &rule_pack_seeds(),
        60,
        0x5EED_0002,
    );
}

#[test]
#[ignore = "long run: ARCHFIT_FUZZ_ITERS=… cargo test --release --test fuzz_stable -- --ignored"]
fn long_fuzz_profiles() {
    let seed = std::env::var("ARCHFIT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0xA5C4_F17E);
    fuzz(
        "profile",
        fuzz_profile,
        &profile_seeds(),
        iterations(200_000),
        seed,
    );
}

#[test]
#[ignore = "long run: ARCHFIT_FUZZ_ITERS=… cargo test --release --test fuzz_stable -- --ignored"]
fn long_fuzz_rule_packs() {
    let seed = std::env::var("ARCHFIT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0xA5C4_F17F);
    fuzz(
        "rule_pack",
        fuzz_rule_pack,
        &rule_pack_seeds(),
        iterations(20_000),
        seed,
    );
}

/// Every input a fuzzer ever crashed on stays here, and must keep passing.
#[test]
fn fuzz_regressions_stay_fixed() {
    let mut replayed = 0;
    for (target, run) in [
        ("profile", fuzz_profile as fn(&[u8])),
        ("rule_pack", fuzz_rule_pack),
    ] {
        let dir = root().join("fuzz/regressions").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files.iter().filter(|f| f.is_file()) {
            run(&std::fs::read(file).unwrap());
            replayed += 1;
        }
    }
    // The seeds themselves are regressions too: each must load and evaluate.
    for seed in profile_seeds() {
        fuzz_profile(&seed);
        replayed += 1;
    }
    assert!(replayed > 0);
}
