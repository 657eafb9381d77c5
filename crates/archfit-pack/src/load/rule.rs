//! Reading rules and compiling their `when:` conditions into field ids and bit masks, so
//! evaluating a rule against a profile is a few integer comparisons.

use crate::catalog::{Catalog, Field, Kind, Value};
use crate::id::{FieldId, Id, PatternId};
use crate::limits::{MAX_CONDITION_PARTS, MAX_LIST, MAX_SCORE};
use crate::read::{number, Reader};
use crate::rule::{Cond, Effect, Op, Rule, Scope};
use crate::suggest;
use crate::yaml::{Content as Yaml, Node, Pos};

const OPERATORS: [&str; 8] = ["lt", "le", "gt", "ge", "eq", "ne", "in", "not_in"];
const COMBINATORS: [&str; 3] = ["all", "any", "not"];

/// Compiles a `when:` mapping. Problems go to `r`; `None` when the condition is unusable.
pub(crate) fn compile(node: &Node, catalog: &Catalog, r: &mut Reader<'_>) -> Option<Cond> {
    let Some(entries) = node.as_map() else {
        r.error(
            node.pos,
            format!(
                "a condition must be a mapping of fields to values, found {}",
                node.kind_name()
            ),
        );
        return None;
    };
    if entries.is_empty() {
        r.error(node.pos, "a condition must name at least one field");
        return None;
    }
    let parts = every(entries.iter().map(|(key, value)| {
        let name = key.key_text();
        match name.as_str() {
            "all" | "any" => compile_list(&name, value, catalog, r),
            "not" => compile(value, catalog, r).map(|c| Cond::Not(Box::new(c))),
            _ => compile_field(&name, key.pos, value, catalog, r),
        }
    }))?;
    Some(conjunction(parts))
}

/// Every part, each compiled (none skipped, so every problem is reported); `None` when one
/// of them is unusable.
fn every(parts: impl Iterator<Item = Option<Cond>>) -> Option<Vec<Cond>> {
    let compiled: Vec<Option<Cond>> = parts.collect();
    compiled.into_iter().collect()
}

/// Several keys of one mapping must all hold; one alone is itself.
fn conjunction(mut parts: Vec<Cond>) -> Cond {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Cond::All(parts)
    }
}

fn compile_list(name: &str, node: &Node, catalog: &Catalog, r: &mut Reader<'_>) -> Option<Cond> {
    let Some(items) = node.as_seq().filter(|s| !s.is_empty()) else {
        r.error(
            node.pos,
            format!("`{name}` takes a non-empty list of conditions"),
        );
        return None;
    };
    let conds = every(items.iter().map(|item| compile(item, catalog, r)))?;
    Some(if name == "all" {
        Cond::All(conds)
    } else {
        Cond::Any(conds)
    })
}

fn compile_field(
    name: &str,
    pos: Pos,
    node: &Node,
    catalog: &Catalog,
    r: &mut Reader<'_>,
) -> Option<Cond> {
    let Some(index) = catalog.index_of(name) else {
        let hint = suggest::did_you_mean(name, catalog.names().chain(COMBINATORS));
        r.error_hint(pos, format!("condition names unknown field `{name}`"), hint);
        return None;
    };
    match node.as_map() {
        None => compile_op(index, "eq", node, catalog, r),
        Some(ops) => {
            if ops.is_empty() {
                r.error(node.pos, format!("the operator map for `{name}` is empty"));
                return None;
            }
            let parts = every(ops.iter().map(|(op, value)| {
                let op_name = op.key_text();
                if !OPERATORS.contains(&op_name.as_str()) {
                    let hint = suggest::did_you_mean(&op_name, OPERATORS)
                        .or_else(|| Some(format!("operators are {}", OPERATORS.join(", "))));
                    r.error_hint(op.pos, format!("unknown operator `{op_name}`"), hint);
                    return None;
                }
                compile_op(index, &op_name, value, catalog, r)
            }))?;
            Some(conjunction(parts))
        }
    }
}

/// One operator applied to one field.
fn compile_op(
    field: FieldId,
    op: &str,
    node: &Node,
    catalog: &Catalog,
    r: &mut Reader<'_>,
) -> Option<Cond> {
    let f = &catalog.fields[field];
    let list = matches!(op, "in" | "not_in");
    let nodes: Vec<&Node> = if list {
        match node.as_seq() {
            Some(items) if items.len() > MAX_LIST => {
                r.error(
                    node.pos,
                    format!(
                        "`{op}` lists {} values; a list may hold at most {MAX_LIST}",
                        items.len()
                    ),
                );
                return None;
            }
            Some(items) if !items.is_empty() => items.iter().collect(),
            _ => {
                r.error(node.pos, format!("`{op}` takes a non-empty list of values"));
                return None;
            }
        }
    } else {
        vec![node]
    };
    let mut values = Vec::new();
    for n in &nodes {
        values.push(constant(f, n, r)?);
    }
    match &f.kind {
        Kind::Integer { .. } => {
            let mut ints: Vec<i64> = values
                .iter()
                .filter_map(|v| {
                    if let Value::Int(i) = v {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            // A list is a set: written order and repeats change nothing.
            if list {
                ints.sort_unstable();
                ints.dedup();
            }
            let single = |op| ints.first().map(|&value| Cond::Int { field, op, value });
            match op {
                "lt" => single(Op::Lt),
                "le" => single(Op::Le),
                "gt" => single(Op::Gt),
                "ge" => single(Op::Ge),
                "eq" => single(Op::Eq),
                "ne" => single(Op::Ne),
                _ => {
                    let set = Cond::In {
                        field,
                        values: ints.into_boxed_slice(),
                    };
                    Some(if op == "in" {
                        set
                    } else {
                        Cond::Not(Box::new(set))
                    })
                }
            }
        }
        Kind::Boolean | Kind::Enum { .. } => {
            if matches!(op, "lt" | "le" | "gt" | "ge") {
                r.error(
                    node.pos,
                    format!(
                        "`{op}` compares numbers, but `{}` is {} field",
                        f.name,
                        article(f.type_name())
                    ),
                );
                return None;
            }
            let full = f
                .discrete_values()
                .unwrap_or_default()
                .iter()
                .fold(0u64, |m, v| m | v.bit());
            let mask = values.iter().fold(0u64, |m, v| m | v.bit());
            let mask = if matches!(op, "ne" | "not_in") {
                full & !mask
            } else {
                mask
            };
            Some(Cond::Set { field, mask })
        }
    }
}

fn article(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// A constant in a condition, checked against the field's type and range.
fn constant(f: &Field, node: &Node, r: &mut Reader<'_>) -> Option<Value> {
    if let (Kind::Integer { min, max }, Yaml::Int(i)) = (&f.kind, &node.value) {
        if !(*min..=*max).contains(i) {
            r.error(
                node.pos,
                format!("{i} is outside the range of `{}` ({min}..={max})", f.name),
            );
            return None;
        }
    }
    match f.parse_value(node) {
        Ok(v) => Some(v),
        Err((msg, hint)) => {
            r.error_hint(node.pos, msg, hint);
            None
        }
    }
}

/// Reads one rule from a rule file. `patterns` are the pack's pattern ids, in order.
pub(crate) fn read_rule(
    node: &Node,
    file: &str,
    catalog: &Catalog,
    patterns: &[&str],
    r: &mut Reader<'_>,
) -> Option<Rule> {
    const KEYS: [&str; 8] = [
        "id", "pattern", "scope", "when", "score", "veto", "because", "source",
    ];
    r.rule = None;
    let f = r.mapping(node, "a rule", &KEYS)?;
    let id = r.req_str(&f, "id", "a rule")?;
    r.rule = Some(id.clone());
    let pattern = r.req_str(&f, "pattern", "the rule").and_then(|p| {
        let found = patterns
            .iter()
            .position(|q| *q == p)
            .map(PatternId::from_index);
        if found.is_none() {
            let hint = suggest::did_you_mean(&p, patterns.iter().copied())
                .or_else(|| Some(format!("patterns are {}", patterns.join(", "))));
            r.error_hint(
                f.get("pattern").map_or(f.pos, |n| n.pos),
                format!("unknown pattern `{p}`"),
                hint,
            );
        }
        found
    });
    let scope = match f.get("scope") {
        None => Some(Scope::Part),
        Some(node) => read_scope(node, r),
    };
    let when = match f.get("when") {
        Some(node) => compile(node, catalog, r).filter(|c| {
            let parts = c.parts();
            let fits = parts <= MAX_CONDITION_PARTS;
            if !fits {
                r.error(
                    node.pos,
                    format!(
                        "the condition has {parts} parts; a rule's condition may have at most {MAX_CONDITION_PARTS} (split the rule)"
                    ),
                );
            }
            fits
        }),
        None => {
            r.error(f.pos, "the rule has no `when` condition");
            None
        }
    };
    let score = f.get("score").map(|n| match number(n) {
        Some(s) if s.abs() <= MAX_SCORE => Ok(s),
        Some(_) => {
            r.error(
                n.pos,
                format!(
                    "`score` must be between -{MAX_SCORE} and {MAX_SCORE}, found {}",
                    n.describe()
                ),
            );
            Err(())
        }
        None => {
            r.error(
                n.pos,
                format!("`score` must be a number, found {}", n.describe()),
            );
            Err(())
        }
    });
    let veto = r.opt_bool(&f, "veto");
    let effect = match (score, veto) {
        (Some(Ok(s)), None | Some(false)) => Some(Effect::Score(s)),
        (None, Some(true)) => Some(Effect::Veto),
        (Some(Ok(_)), Some(true)) => {
            r.error(f.pos, "a rule either scores or vetoes, not both");
            None
        }
        (None, None | Some(false)) => {
            r.error(f.pos, "the rule needs a `score` or `veto: true`");
            None
        }
        (Some(Err(())), _) => None,
    };
    let because = r.req_str(&f, "because", "the rule");
    let source = r.req_str(&f, "source", "the rule");
    r.rule = None;
    Some(Rule {
        id: id.into(),
        pattern: pattern?,
        scope: scope?,
        when: when?,
        effect: effect?,
        because: because?.into(),
        source: source?.into(),
        file: file.to_string().into(),
        pos: f.pos,
    })
}

/// A rule's `scope:`, one of the names of [`Scope`].
fn read_scope(node: &Node, r: &mut Reader<'_>) -> Option<Scope> {
    let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
    let text = node.as_str();
    let found = text.and_then(|t| Scope::ALL.into_iter().find(|s| s.name() == t));
    if found.is_none() {
        let hint = text
            .and_then(|t| suggest::did_you_mean(t, names.iter().copied()))
            .or_else(|| Some(format!("expected one of: {}", names.join(", "))));
        r.error_hint(
            node.pos,
            format!("`scope` must be a scope, found {}", node.describe()),
            hint,
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::IdVec;
    use crate::yaml;

    fn catalog() -> Catalog {
        crate::fixture::catalog()
    }

    fn cond(text: &str) -> Result<Cond, Vec<String>> {
        let node = yaml::parse(text).unwrap().remove(0);
        let mut r = Reader::new("rules.yaml");
        let c = compile(&node, &catalog(), &mut r);
        c.ok_or_else(|| r.diags.iter().map(ToString::to_string).collect())
    }

    /// Values of the fixture catalog: team_size, teams (1), traffic, long_running.
    fn values(team: i64, traffic: u16, long: bool) -> IdVec<FieldId, Value> {
        IdVec::from(vec![
            Value::Int(team),
            Value::Int(1),
            Value::Enum(traffic),
            Value::Bool(long),
        ])
    }

    #[test]
    fn conditions_evaluate_as_written() {
        let table: &[(&str, IdVec<FieldId, Value>, bool)] = &[
            ("team_size: {lt: 10}", values(9, 0, false), true),
            ("team_size: {lt: 10}", values(10, 0, false), false),
            ("team_size: {ge: 10, le: 15}", values(15, 0, false), true),
            ("team_size: {ge: 10, le: 15}", values(16, 0, false), false),
            ("team_size: 8", values(8, 0, false), true),
            ("team_size: {in: [3, 5]}", values(5, 0, false), true),
            ("team_size: {not_in: [3, 5]}", values(5, 0, false), false),
            ("traffic: spiky", values(1, 2, false), true),
            (
                "traffic: {in: [variable, spiky]}",
                values(1, 0, false),
                false,
            ),
            ("traffic: {ne: steady}", values(1, 1, false), true),
            ("traffic: {not_in: [steady]}", values(1, 0, false), false),
            ("long_running: true", values(1, 0, true), true),
            ("long_running: false", values(1, 0, true), false),
            (
                "{traffic: spiky, long_running: true}",
                values(1, 2, false),
                false,
            ),
            (
                "any: [{traffic: spiky}, {long_running: true}]",
                values(1, 2, false),
                true,
            ),
            (
                "all: [{traffic: spiky}, {long_running: true}]",
                values(1, 2, false),
                false,
            ),
            ("not: {traffic: spiky}", values(1, 2, false), false),
        ];
        for (text, vals, expected) in table {
            let c = cond(text).unwrap();
            assert_eq!(c.eval(vals), *expected, "{text} on {vals:?}");
        }
    }

    #[test]
    fn mistakes_are_reported_with_suggestions() {
        let table = [
            (
                "team_sise: 3",
                "unknown field `team_sise` (did you mean `team_size`?)",
            ),
            (
                "traffic: bursty",
                "`bursty` is not a valid value for `traffic`",
            ),
            ("traffic: {lt: spiky}", "`lt` compares numbers"),
            ("team_size: {below: 3}", "unknown operator `below`"),
            ("team_size: {lt: 5000}", "outside the range"),
            ("any: []", "non-empty list"),
        ];
        for (text, expected) in table {
            let errors = cond(text).unwrap_err().join("\n");
            assert!(errors.contains(expected), "{text}: {errors}");
        }
    }

    #[test]
    fn describe_reads_like_the_rule() {
        let c = cond("{team_size: {lt: 10}, traffic: {in: [variable, spiky]}, long_running: true}")
            .unwrap();
        assert_eq!(
            c.describe(&catalog()),
            "team_size < 10 and traffic in {variable, spiky} and long_running"
        );
    }
}
