//! `archfit rules analyze [DIR]`: the pack over its whole profile space.

use crate::analysis::{self, Method, Reach};
use crate::cli::{DataFormat, Exit};
use crate::pack::RulePack;
use serde_json::json;
use std::io::Write;

pub fn run(pack: &RulePack, format: DataFormat, out: &mut dyn Write) -> anyhow::Result<Exit> {
    let a = analysis::analyze(pack);
    let text = match format {
        DataFormat::Text => text(pack, &a),
        DataFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(pack, &a))?;
            s.push('\n');
            s
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Exit::Success)
}

fn reach_name(r: Reach) -> &'static str {
    match r {
        Reach::Yes => "reachable",
        Reach::Never => "never",
        Reach::Unknown => "unknown",
    }
}

// Counts are far below 2^52; the shares are for display.
#[allow(clippy::cast_precision_loss)]
fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

fn method_text(a: &analysis::Analysis) -> String {
    match a.method {
        Method::Exhaustive => format!("exhaustive: all {} profiles of the cut space", a.profiles),
        Method::Sampled { seed } => format!(
            "stratified sample of {} profiles (seed {seed:#x}) from a cut space of {}",
            a.profiles, a.space
        ),
    }
}

fn text(pack: &RulePack, a: &analysis::Analysis) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(format!("{} {}", pack.meta.name, pack.meta.version));
    line(format!("profiles: {}", method_text(a)));
    line(
        "integers cut at the rules' thresholds; teams <= team_size respected; components ignored"
            .to_string(),
    );
    line(String::new());
    line("wins per pattern (reachable: a profile where it wins unvetoed exists; never: proved by exhaustive search):".to_string());
    for (p, pattern) in pack.patterns.iter().enumerate() {
        let wins = a.wins.get(p).copied().unwrap_or(0);
        line(format!(
            "  {:<14} {:>6.1}%  {}",
            pattern.id,
            share(wins, a.profiles),
            reach_name(a.reach.get(p).copied().unwrap_or(Reach::Unknown))
        ));
    }
    let never: Vec<&str> = pack
        .patterns
        .iter()
        .enumerate()
        .filter(|(p, _)| a.reach.get(*p) == Some(&Reach::Never))
        .map(|(_, x)| &*x.id)
        .collect();
    line(format!(
        "patterns that can never win: {}",
        if never.is_empty() {
            "none".to_string()
        } else {
            never.join(", ")
        }
    ));
    line(format!(
        "all patterns vetoed: {} profiles ({:.1}%)",
        a.all_vetoed,
        share(a.all_vetoed, a.profiles)
    ));
    line(format!(
        "close calls (runner-up within {}): {} profiles ({:.1}%)",
        pack.meta.close_call_margin,
        a.close_calls,
        share(a.close_calls, a.profiles)
    ));
    line(format!(
        "rules that never change the recommendation: {} of {}",
        a.inert_rules.len(),
        pack.rules.len()
    ));
    for &r in &a.inert_rules {
        if let Some(rule) = pack.rule(r) {
            let note = if a.unfired_rules.contains(&r) {
                " (never fired)"
            } else {
                ""
            };
            line(format!("  {}{note}", rule.id));
        }
    }
    let fields: Vec<&str> = a
        .inert_fields
        .iter()
        .filter_map(|&f| pack.catalog.fields.get(f))
        .map(|f| &*f.name)
        .collect();
    line(format!(
        "fields that never change the recommendation: {}",
        if fields.is_empty() {
            "none".to_string()
        } else {
            fields.join(", ")
        }
    ));
    s
}

fn to_json(pack: &RulePack, a: &analysis::Analysis) -> serde_json::Value {
    let (method, seed) = match a.method {
        Method::Exhaustive => ("exhaustive", None),
        Method::Sampled { seed } => ("sampled", Some(seed)),
    };
    let patterns: Vec<serde_json::Value> = pack
        .patterns
        .iter()
        .enumerate()
        .map(|(p, pattern)| {
            let wins = a.wins.get(p).copied().unwrap_or(0);
            json!({
                "pattern": pattern.id,
                "wins": wins,
                "share": share(wins, a.profiles) / 100.0,
                "reachable": reach_name(a.reach.get(p).copied().unwrap_or(Reach::Unknown)),
            })
        })
        .collect();
    let ids = |rs: &[usize]| -> Vec<String> {
        rs.iter()
            .filter_map(|&r| pack.rule(r))
            .map(|r| r.id.to_string())
            .collect()
    };
    json!({
        "schema_version": crate::report::json::SCHEMA_VERSION,
        "pack": {"name": pack.meta.name, "version": pack.meta.version, "sha256": pack.sha256()},
        "method": method,
        "seed": seed,
        "space": a.space.to_string(),
        "profiles": a.profiles,
        "components": "ignored",
        "patterns": patterns,
        "never_win": pack.patterns.iter().enumerate()
            .filter(|(p, _)| a.reach.get(*p) == Some(&Reach::Never))
            .map(|(_, x)| x.id.clone()).collect::<Vec<_>>(),
        "all_vetoed": a.all_vetoed,
        "close_calls": a.close_calls,
        "inert_rules": ids(&a.inert_rules),
        "unfired_rules": ids(&a.unfired_rules),
        "inert_fields": a.inert_fields.iter().filter_map(|&f| pack.catalog.fields.get(f)).map(|f| f.name.clone()).collect::<Vec<_>>(),
    })
}
