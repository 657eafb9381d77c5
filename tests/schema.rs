//! `archfit schema` produces a valid draft 2020-12 JSON Schema that agrees with archfit's own
//! validation: checked with a real validator (the `jsonschema` crate), not by comparing text.

mod support;

use archfit::pack::yaml::{self, Content as Yaml, Node};
use serde_json::{json, Value};
use std::path::Path;
use support::archfit;

fn schema(args: &[&str]) -> Value {
    let out = archfit().args(args).arg("schema").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::meta::validate(schema).expect("a valid draft 2020-12 schema");
    jsonschema::draft202012::new(schema).expect("the schema compiles")
}

/// A YAML tree as the JSON value an editor's YAML language server would validate.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => json!(b),
        Yaml::Int(i) => json!(i),
        Yaml::Float(f) => json!(f),
        Yaml::Str { text, .. } => json!(text),
        Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.key_text(), to_json(v)))
                .collect(),
        ),
    }
}

fn documents(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    yaml::parse(&text).unwrap().iter().map(to_json).collect()
}

fn yaml_json(text: &str) -> Value {
    to_json(&yaml::parse(text).unwrap()[0])
}

#[test]
fn the_schema_accepts_every_example() {
    let v = validator(&schema(&[]));
    let mut n = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        // `examples/custom-pack/` is a rule pack, not a profile.
        if !path.is_file() {
            continue;
        }
        for doc in documents(&path) {
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            n += 1;
        }
    }
    assert!(n >= 8);
}

#[test]
fn the_schema_accepts_every_profile_of_the_pack_tests() {
    let v = validator(&schema(&[]));
    for entry in std::fs::read_dir("rules/tests").unwrap() {
        let path = entry.unwrap().path();
        for file in documents(&path) {
            for case in file["cases"].as_array().unwrap() {
                assert!(
                    v.is_valid(&case["profile"]),
                    "{}: {}",
                    path.display(),
                    case["name"]
                );
            }
        }
    }
}

const VALID: &str = "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n";

#[test]
fn the_schema_rejects_what_archfit_rejects() {
    let v = validator(&schema(&[]));
    assert!(v.is_valid(&yaml_json(VALID)));
    let cases = [
        ("typo key", "team_szie: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n"),
        ("bad enum", "team_size: 4\nscaling: uniform\ntraffic: bursty\ndevops: limited\n"),
        ("out of range", "team_size: 0\nscaling: uniform\ntraffic: steady\ndevops: limited\n"),
        ("too large", "team_size: 100001\nscaling: uniform\ntraffic: steady\ndevops: limited\n"),
        ("missing required", "team_size: 4\nscaling: uniform\ndevops: limited\n"),
        ("wrong type", "team_size: \"4\"\nscaling: uniform\ntraffic: steady\ndevops: limited\n"),
        ("yes is not a boolean", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\nstateful: yes\n"),
        ("unknown current", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncurrent: monolit\n"),
        ("empty name", "name: ' '\nteam_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\n"),
        ("team field in a component", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    team_size: 3\n"),
        ("current in a component", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    current: monolith\n"),
        ("component without a name", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - traffic: spiky\n"),
        ("typo in a component", "team_size: 4\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    trafic: spiky\n"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in cases {
        assert!(!v.is_valid(&yaml_json(text)), "the schema accepts {what}");
        // And archfit itself rejects it, so the two agree.
        let path = dir.path().join("p.yaml");
        std::fs::write(&path, text).unwrap();
        archfit().arg("check").arg(&path).assert().code(2);
    }
}

#[test]
fn the_schema_accepts_open_answers_as_archfit_does() {
    let v = validator(&schema(&[]));
    let open = [
        "team_size: 8..20\nscaling: uniform\ntraffic: unknown\ndevops: [limited, moderate]\n",
        "team_size: unknown\nscaling: [uniform, heterogeneous]\ntraffic: steady\ndevops: limited\nstateful: unknown\n",
        "team_size: 12\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    traffic: unknown\n",
    ];
    let dir = tempfile::tempdir().unwrap();
    for text in open {
        assert!(v.is_valid(&yaml_json(text)), "the schema refuses {text}");
        let path = dir.path().join("p.yaml");
        std::fs::write(&path, text).unwrap();
        archfit().arg("check").arg(&path).assert().code(0);
    }
    for wrong in [
        "team_size: 8-20\nscaling: uniform\ntraffic: steady\ndevops: limited\n",
        "team_size: 8\nscaling: uniform\ntraffic: [steady, bursty]\ndevops: limited\n",
        "team_size: 8\nscaling: uniform\ntraffic: []\ndevops: limited\n",
        "team_size: 8\nscaling: uniform\ntraffic: steady..spiky\ndevops: limited\n",
    ] {
        assert!(!v.is_valid(&yaml_json(wrong)), "the schema accepts {wrong}");
    }
}

#[test]
fn the_schema_documents_values_and_what_it_cannot_express() {
    let s = schema(&[]);
    let traffic = &s["properties"]["traffic"];
    assert_eq!(traffic["anyOf"][0]["enum"][2], "spiky");
    assert!(traffic["anyOf"][0]["enumDescriptions"][2]
        .as_str()
        .unwrap()
        .contains("order of magnitude"));
    assert!(traffic["description"]
        .as_str()
        .unwrap()
        .contains("- `spiky`: "));
    assert_eq!(s["properties"]["team_size"]["anyOf"][0]["minimum"], 1);
    assert_eq!(s["properties"]["stage"]["default"], "growth");
    assert!(s["description"]
        .as_str()
        .unwrap()
        .contains("`teams` <= `team_size`"));
    let current: Vec<&str> = s["properties"]["current"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        current,
        [
            "monolith",
            "serverless",
            "event-driven",
            "microservices",
            "hybrid"
        ]
    );
    let component = &s["properties"]["components"]["items"]["properties"];
    assert!(component.get("traffic").is_some());
    assert!(component.get("team_size").is_none());
}

#[test]
fn the_schema_follows_the_active_rule_pack() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("tests")).unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, pack.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut catalog = std::fs::read_to_string(pack.join("catalog.yaml")).unwrap();
    catalog.push_str(
        "\n  - name: compliance\n    type: boolean\n    default: false\n    question: Is there a compliance regime?\n    help: For example PCI or HIPAA.\n",
    );
    std::fs::write(pack.join("catalog.yaml"), catalog).unwrap();
    let s = schema(&["--rules", pack.to_str().unwrap()]);
    assert_eq!(s["properties"]["compliance"]["anyOf"][0]["type"], "boolean");
    let v = validator(&s);
    assert!(v.is_valid(&yaml_json(&format!("{VALID}compliance: true\n"))));
    let default = validator(&schema(&[]));
    assert!(!default.is_valid(&yaml_json(&format!("{VALID}compliance: true\n"))));
}
