//! `rules analyze`: the pack over its whole profile space, for people and as JSON.

use crate::pack::{RuleId, RulePack};
use crate::report::json::{write, SCHEMA_VERSION};
use crate::rules::analyze::{Analysis, Method, Reach};
use serde_json::json;

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

fn method_text(a: &Analysis) -> String {
    match a.method {
        Method::Exhaustive => format!("exhaustive: all {} profiles of the cut space", a.profiles),
        Method::Sampled { seed } => format!(
            "stratified sample of {} profiles (seed {seed:#x}) from a cut space of {}",
            a.profiles, a.space
        ),
    }
}

/// The analysis for people.
pub(crate) fn text(pack: &RulePack, a: &Analysis) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(format!("{} {}", pack.meta.name, pack.meta.version));
    line(format!("profiles: {}", method_text(a)));
    if !a.complete {
        line(
            "stopped at the analysis's work budget: what follows is over the profiles analysed before it ran out"
                .to_string(),
        );
    }
    line(
        "integers cut at the rules' thresholds; teams <= team_size respected; components ignored"
            .to_string(),
    );
    line(String::new());
    line("wins per pattern (reachable: a profile where it wins unvetoed exists; never: proved by exhaustive search):".to_string());
    for (p, pattern) in pack.patterns.iter_enumerated() {
        line(format!(
            "  {:<14} {:>6.1}%  {}",
            pattern.id,
            share(a.wins[p], a.profiles),
            reach_name(a.reach[p])
        ));
    }
    let never = never_win(pack, a);
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
        let note = if a.unfired_rules.contains(&r) {
            " (never fired)"
        } else {
            ""
        };
        line(format!("  {}{note}", pack.rules[r].id));
    }
    let fields: Vec<&str> = a
        .inert_fields
        .iter()
        .map(|&f| &*pack.catalog.fields[f].name)
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

/// The analysis as one JSON document.
pub(crate) fn json(pack: &RulePack, a: &Analysis) -> String {
    write::document(&to_json(pack, a))
}

/// The patterns no profile can get, proved by the exhaustive search.
fn never_win<'p>(pack: &'p RulePack, a: &Analysis) -> Vec<&'p str> {
    pack.patterns
        .iter_enumerated()
        .filter(|&(p, _)| a.reach[p] == Reach::Never)
        .map(|(_, x)| &*x.id)
        .collect()
}

fn to_json(pack: &RulePack, a: &Analysis) -> serde_json::Value {
    let (method, seed) = match a.method {
        Method::Exhaustive => ("exhaustive", None),
        Method::Sampled { seed } => ("sampled", Some(seed)),
    };
    let patterns: Vec<serde_json::Value> = pack
        .patterns
        .iter_enumerated()
        .map(|(p, pattern)| {
            json!({
                "pattern": pattern.id,
                "wins": a.wins[p],
                "share": share(a.wins[p], a.profiles) / 100.0,
                "reachable": reach_name(a.reach[p]),
            })
        })
        .collect();
    let ids = |rs: &[RuleId]| -> Vec<String> {
        rs.iter().map(|&r| pack.rules[r].id.to_string()).collect()
    };
    json!({
        "schema_version": SCHEMA_VERSION,
        "pack": {"name": pack.meta.name, "version": pack.meta.version, "sha256": pack.sha256()},
        "method": method,
        "seed": seed,
        "space": a.space.to_string(),
        "profiles": a.profiles,
        "complete": a.complete,
        "components": "ignored",
        "patterns": patterns,
        "never_win": never_win(pack, a),
        "all_vetoed": a.all_vetoed,
        "close_calls": a.close_calls,
        "inert_rules": ids(&a.inert_rules),
        "unfired_rules": ids(&a.unfired_rules),
        "inert_fields": a.inert_fields.iter().map(|&f| &*pack.catalog.fields[f].name).collect::<Vec<_>>(),
    })
}
