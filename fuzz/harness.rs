// The fuzzing entry points, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and the
// stable-Rust driver (`tests/fuzz_stable.rs`), so both exercise exactly the same code.
// Included with `include!`, so it must stand alone: no inner attributes, only items.

/// The default pack, loaded once.
fn default_pack() -> &'static archfit::pack::RulePack {
    static PACK: std::sync::OnceLock<archfit::pack::RulePack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| archfit::pack::embedded().expect("the default pack loads"))
}

/// What one input came to. A fuzzer only needs the absence of a panic; the seed replay in
/// `tests/fuzz_stable.rs` also needs to know that a seed was evaluated, not refused, since a
/// seed that no longer loads would otherwise test nothing without anyone noticing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Profiles that were valid, evaluated and rendered.
    pub evaluated: usize,
    /// Profiles (or YAML documents) refused as invalid.
    pub refused: usize,
    /// For the rule-pack target: whether the pack loaded.
    pub pack_loaded: bool,
}

/// Profile parsing, then everything `recommend` does with a valid profile: evaluate it and
/// render both formats. Input that is not UTF-8 stops where archfit's reader stops it.
pub fn fuzz_profile(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else {
        return Outcome::default();
    };
    let mut outcome = Outcome::default();
    evaluate_all(default_pack(), text, &mut outcome);
    outcome
}

fn evaluate_all(pack: &archfit::pack::RulePack, text: &str, outcome: &mut Outcome) {
    use archfit::report::Format as _;
    let engine = archfit::engine::Engine::new(pack);
    for parsed in archfit::profile::parse_stream(text, "fuzz.yaml", "fuzz", pack) {
        let Ok(profile) = parsed else {
            outcome.refused += 1;
            continue;
        };
        let eval = engine.evaluate(&profile);
        let item = archfit::report::Item {
            profile: &profile,
            eval: &eval,
        };
        let _ = archfit::report::Json::new(pack, true).render(&item);
        let _ = archfit::report::Text::new(pack, archfit::report::Style::default()).render(&item);
        outcome.evaluated += 1;
    }
}

/// Rule-pack loading: the default pack's files with one of them replaced by the input (the
/// first byte picks which; past the last file, the input is added as an extra rule file).
/// A pack that loads is then used to evaluate the shipped examples, so odd but valid packs
/// (one pattern, no hybrid, rules that never fire) reach the engine too.
pub fn fuzz_rule_pack(data: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let Some((&pick, rest)) = data.split_first() else {
        return outcome;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return outcome;
    };
    let mut files: Vec<archfit::pack::PackFile> = default_pack()
        .files
        .iter()
        .filter(|f| !f.path.starts_with("tests/"))
        .cloned()
        .collect();
    let index = usize::from(pick) % (files.len() + 1);
    let fuzzed = archfit::pack::PackFile {
        path: files
            .get(index)
            .map_or_else(|| "fuzzed.yaml".into(), |f| f.path.clone()),
        display: "fuzzed.yaml".into(),
        text: std::borrow::Cow::Owned(text.to_string()),
    };
    match files.get_mut(index) {
        Some(slot) => *slot = fuzzed,
        None => files.push(fuzzed),
    }
    let Ok(pack) = archfit::pack::RulePack::from_files(files, "fuzz") else {
        return outcome;
    };
    outcome.pack_loaded = true;
    let _ = pack.sha256();
    for (_, example) in EXAMPLES {
        evaluate_all(&pack, example, &mut outcome);
    }
    // And a profile naming every field the fuzzed catalog knows: at its default, or for a
    // required field at its first allowed value (so the profile is valid for a valid catalog).
    let defaults: String = pack
        .catalog
        .fields
        .iter()
        .filter_map(|f| {
            let value = f.default.or_else(|| match f.kind {
                archfit::pack::Kind::Integer { min, .. } => Some(archfit::pack::Value::Int(min)),
                _ => f.discrete_values()?.first().copied(),
            })?;
            Some(format!("{}: {}\n", f.name, f.format(value)))
        })
        .collect();
    evaluate_all(&pack, &defaults, &mut outcome);
    outcome
}

/// The shipped example profiles, compiled in so the targets need no files at run time.
const EXAMPLES: &[(&str, &str)] = &[
    ("current-mismatch", include_str!("../examples/current-mismatch.yaml")),
    ("event-driven-platform", include_str!("../examples/event-driven-platform.yaml")),
    ("growing-team-band", include_str!("../examples/growing-team-band.yaml")),
    ("hybrid-integration", include_str!("../examples/hybrid-integration.yaml")),
    ("hybrid-shop", include_str!("../examples/hybrid-shop.yaml")),
    ("microservices-org", include_str!("../examples/microservices-org.yaml")),
    ("monolith-startup", include_str!("../examples/monolith-startup.yaml")),
    ("serverless-api", include_str!("../examples/serverless-api.yaml")),
    ("uncertain-team", include_str!("../examples/uncertain-team.yaml")),
];
