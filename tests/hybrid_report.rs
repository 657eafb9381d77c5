//! A system made hybrid by its components reads as one story: the core's pattern and reasons,
//! each part's pattern with its own reasons (never the organisation's headcount), a ranking that
//! says why a hybrid with a low own score comes first, and advice for the core's pattern.

mod support;

use serde_json::Value;
use support::{run, write};

/// Forty engineers in five teams: a tightly coupled, transactional core, a spiky report export
/// triggered by events, and a loosely coupled partner integration.
const PLATFORM: &str = "\
name: platform
team_size: 40
teams: 5
complexity: complex
scaling: uniform
traffic: steady
devops: strong
workload: mixed
coupling: tight
strong_consistency: true
components:
  - name: report-export
    workload: event-driven
    traffic: spiky
    scaling: heterogeneous
    coupling: loose
    strong_consistency: false
    complexity: simple
  - name: partner-integration
    workload: mixed
    coupling: loose
    strong_consistency: false
    high_availability: true
";

/// The same organisation with a loosely coupled core that scales unevenly, and a ledger that
/// must stay transactional.
const LEDGER: &str = "\
name: bank
team_size: 40
teams: 5
scaling: heterogeneous
traffic: variable
devops: strong
independent_deploys: true
components:
  - name: ledger
    coupling: tight
    strong_consistency: true
    scaling: uniform
    traffic: steady
    independent_deploys: false
";

fn recommend(profile: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.yaml", profile);
    let r = run(support::archfit()
        .args(["recommend", "--format", format])
        .arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn json(profile: &str) -> Value {
    let v: Value = serde_json::from_str(&recommend(profile, "json")).unwrap();
    v[0].clone()
}

fn component<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no component {name}"))
}

/// The `because` of a rule, from `archfit rules show`.
fn because(rule: &str) -> String {
    let (code, out, err) = support::archfit_args(&["rules", "show", rule]);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .find_map(|l| l.trim_start().strip_prefix("because: "))
        .unwrap_or_else(|| panic!("no because in {out}"))
        .trim()
        .to_string()
}

#[test]
fn each_part_gets_the_style_its_own_nature_calls_for_with_its_own_reasons() {
    let v = json(PLATFORM);
    assert_eq!(v["recommendation"], "hybrid");
    assert_eq!(v["core"], "monolith");
    let export = component(&v, "report-export");
    let integration = component(&v, "partner-integration");
    assert_eq!(export["recommendation"], "serverless");
    assert_eq!(integration["recommendation"], "event-driven");
    // Each part's reasons are about its own work: bursts for the export, loose coupling for
    // the integration; no part is argued from the organisation's forty engineers.
    let reasons = |c: &Value| -> Vec<String> {
        c["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    assert!(reasons(export).contains(&because("serverless.spiky-traffic")));
    assert!(reasons(integration).contains(&because("event-driven.loose-coupling")));
    assert_ne!(reasons(export), reasons(integration));
    let large_org = because("microservices.large-org");
    for c in [export, integration] {
        assert!(!reasons(c).contains(&large_org), "{c}");
    }
    // The system's reasons: the components rule, then the core's own.
    let system = v["reasons"].as_array().unwrap();
    assert_eq!(system[0]["rule"], "hybrid.components-differ");
    assert!(
        system[1..].iter().all(|r| r["pattern"] == "monolith"),
        "{system:?}"
    );
    // Alternatives are measured against the core, never as negative distances.
    for alt in v["alternatives"].as_array().unwrap() {
        assert!(alt["behind"].as_f64().unwrap() >= 0.0, "{alt}");
    }
}

#[test]
fn the_text_report_says_why_a_hybrid_with_a_low_score_comes_first() {
    let out = recommend(PLATFORM, "text");
    assert!(out.contains("recommended: parts differ"), "{out}");
    assert!(out.contains("┆ core "), "{out}");
    assert!(
        out.contains(
            "hybrid comes first because components need other patterns than the core (monolith)"
        ),
        "{out}"
    );
    let why = out
        .split("Why hybrid\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert!(why.contains("At the core, monolith:"), "{why}");
    // Hybrid's own rules judge a profile without components; they are not the reasons here.
    assert!(!why.contains(&because("hybrid.tight-coupling")), "{why}");
    let parts = out.split("Components\n").nth(1).unwrap();
    assert!(
        parts.contains(&because("serverless.spiky-traffic")),
        "{out}"
    );
    assert!(
        parts.contains(&because("event-driven.loose-coupling")),
        "{out}"
    );
}

#[test]
fn the_advice_follows_the_cores_pattern() {
    // A microservices core with a ledger kept together.
    let v = json(LEDGER);
    assert_eq!(v["recommendation"], "hybrid");
    assert_eq!(v["core"], "microservices");
    assert_eq!(component(&v, "ledger")["recommendation"], "monolith");
    let out = recommend(LEDGER, "text");
    let practices = out
        .split("Practices to follow\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert!(
        practices.contains("At the core (microservices):"),
        "{practices}"
    );
    assert!(
        practices.contains("Give each service a single owning team"),
        "{practices}"
    );
    assert!(!practices.contains("as a modular monolith"), "{practices}");
    let md = recommend(LEDGER, "markdown");
    assert!(
        md.contains("Practices for the core (**microservices**):"),
        "{md}"
    );
}
