//! `check --format sarif`: SARIF 2.1.0 for code-scanning uploads (e.g. GitHub's
//! `upload-sarif`). One result per finding, each with a physical location (file, and line and
//! column where known); the run's properties carry `schema_version` and the rule pack's identity.

use super::Format;
use crate::engine::check::{Category, Entry, Finding, Level};
use crate::pack::RulePack;
use crate::report::json::{write, SCHEMA_VERSION};
use serde_json::{json, Value};

/// `check --format sarif`.
pub(crate) struct Sarif<'p> {
    pub pack: &'p RulePack,
}

impl Format for Sarif<'_> {
    fn finish(&self, entries: &[Entry]) -> String {
        render(entries, self.pack)
    }
}

fn render(entries: &[Entry], pack: &RulePack) -> String {
    let rules: Vec<Value> = Category::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.id(),
                "shortDescription": {"text": k.title()},
                "defaultConfiguration": {"level": match k {
                    Category::CloseCall => "warning",
                    _ => "error",
                }},
            })
        })
        .collect();
    let results: Vec<Value> = entries
        .iter()
        .flat_map(Entry::findings)
        .map(result)
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "archfit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            "properties": {
                "schema_version": SCHEMA_VERSION,
                "pack": {
                    "name": pack.meta.name,
                    "version": pack.meta.version,
                    "sha256": pack.sha256(),
                },
            },
        }],
    });
    write::document(&doc)
}

fn result(f: &Finding) -> Value {
    let index = Category::ALL
        .iter()
        .position(|&k| k == f.category)
        .unwrap_or(0);
    let mut r = json!({
        "ruleId": f.category.id(),
        "ruleIndex": index,
        "level": match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
        },
        "message": {"text": crate::pack::printable::printable(&f.message)},
    });
    // Standard input has no artifact to point at; everything else gets a physical location.
    if f.file != "<stdin>" {
        let mut physical = json!({"artifactLocation": {"uri": uri(&f.file)}});
        if let Some(p) = f.pos {
            physical["region"] = json!({"startLine": p.line, "startColumn": p.col});
        }
        r["locations"] = json!([{"physicalLocation": physical}]);
    }
    r
}

/// A file path as a URI reference: relative paths stay relative (code scanning resolves them
/// against the checkout), absolute ones become `file://` URIs; bytes outside the unreserved
/// set are percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("profiles/my shop.yaml"), "profiles/my%20shop.yaml");
        assert_eq!(uri("/tmp/a.yaml"), "file:///tmp/a.yaml");
        assert_eq!(uri("./p/ü.yml"), "./p/%C3%BC.yml");
    }
}
