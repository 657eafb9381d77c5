//! Property: whatever profile `archfit ask --save` writes, parsing the text gives the same
//! profile back (values, open answers, assumed fields, `current:`, components), for any names a
//! user types.

use crate::pack::{FieldId, IdVec, Kind, Pos, RulePack, Value};
use crate::profile::{self, Component, Open, Profile, Uncertain};
use proptest::prelude::*;
use std::sync::LazyLock;

static PACK: LazyLock<RulePack> = LazyLock::new(crate::test_support::default_pack);

/// A number per field: an index into its values or range, or (for fields with a default)
/// "leave it out"; resolved against the catalog in `build`.
type Raw = (
    Vec<(bool, u64)>,
    Option<usize>,
    Vec<(String, Vec<(usize, u64)>)>,
    String,
);

fn value_of(kind: &Kind, n: u64) -> Value {
    match kind {
        Kind::Integer { min, max } => {
            let span = u64::try_from(max - min).unwrap() + 1;
            Value::Int(min + i64::try_from(n % span).unwrap())
        }
        Kind::Boolean => Value::Bool(n % 2 == 1),
        Kind::Enum { values } => Value::Enum(u16::try_from(n % values.len() as u64).unwrap()),
    }
}

fn build((fields, current, components, name): Raw) -> Profile {
    let catalog = &PACK.catalog;
    let mut values: IdVec<FieldId, Value> = IdVec::new();
    let mut assumed = Vec::new();
    for ((i, f), &(leave_out, n)) in catalog.fields.iter_enumerated().zip(&fields) {
        match f.default {
            Some(d) if leave_out => {
                values.push(d);
                assumed.push(i);
            }
            _ => {
                values.push(value_of(&f.kind, n));
            }
        }
    }
    // `teams` may not exceed `team_size` (any `at_most` link): lower it, and then it is stated.
    for link in catalog.links() {
        if let Some((_, b)) = link.broken(|f| crate::pack::catalog::int(values.get(f))) {
            values[link.field] = Value::Int(b);
            assumed.retain(|&k| k != link.field);
        }
    }
    // Every seventh stated answer is open instead: `unknown`, two values, or a range that
    // keeps the links (a limit only upwards from its value, a limited field only downwards).
    let mut uncertain = Vec::new();
    for ((i, f), &(_, n)) in catalog.fields.iter_enumerated().zip(&fields) {
        if assumed.contains(&i) || n % 7 != 0 {
            continue;
        }
        let open = match (&f.kind, values[i], (n / 7) % 3) {
            (_, _, 0) => Open::Unknown,
            (Kind::Integer { min, max }, Value::Int(v), _) => {
                let limit = catalog.links().any(|l| l.limit == i);
                if limit && v < *max {
                    Open::Range(v, (v + 5).min(*max))
                } else if !limit && v > *min {
                    Open::Range((v - 5).max(*min), v)
                } else {
                    Open::Unknown
                }
            }
            (Kind::Boolean, _, _) => Open::OneOf(vec![Value::Bool(true), Value::Bool(false)]),
            (Kind::Enum { values: all }, Value::Enum(e), _) if all.len() > 1 => {
                let other = u16::try_from((usize::from(e) + 1) % all.len()).unwrap();
                Open::OneOf(vec![Value::Enum(e), Value::Enum(other)])
            }
            _ => Open::Unknown,
        };
        values[i] = open.placeholder(f);
        uncertain.push(Uncertain {
            field: i,
            open,
            pos: Pos::default(),
        });
    }
    let per_component: Vec<FieldId> = catalog
        .fields
        .iter_enumerated()
        .filter(|(_, f)| f.per_component)
        .map(|(i, _)| i)
        .collect();
    let mut seen = Vec::new();
    let components = components
        .into_iter()
        .filter(|(n, _)| {
            let fresh = !n.trim().is_empty() && !seen.contains(n);
            seen.push(n.clone());
            fresh
        })
        .map(|(name, picks)| {
            let mut overrides: Vec<(FieldId, Value)> = Vec::new();
            for (k, n) in picks {
                let i = per_component[k % per_component.len()];
                if !overrides.iter().any(|(j, _)| *j == i) {
                    overrides.push((i, value_of(&catalog.fields[i].kind, n)));
                }
            }
            Component {
                name,
                overrides,
                uncertain: Vec::new(),
                pos: Pos::default(),
            }
        })
        .collect();
    Profile {
        name,
        source: String::new(),
        values,
        uncertain,
        assumed,
        current: current.and_then(|c| PACK.patterns.ids().nth(c % PACK.patterns.len())),
        current_pos: None,
        components,
        pos: Pos::default(),
    }
}

fn raw() -> impl Strategy<Value = Raw> {
    let n = PACK.catalog.len();
    let name = prop_oneof![
        "[a-z][a-z0-9-]{0,15}",
        any::<String>(),
        "[ -~]{1,20}",
        Just("true".to_string()),
        Just("123".to_string()),
    ]
    .prop_filter("a name is not blank", |s| !s.trim().is_empty());
    (
        prop::collection::vec((any::<bool>(), any::<u64>()), n),
        prop::option::of(0usize..16),
        prop::collection::vec(
            (
                name.clone(),
                prop::collection::vec((0usize..64, any::<u64>()), 0..5),
            ),
            0..4,
        ),
        name,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_ask_writes_reads_back_the_same(raw in raw()) {
        let p = build(raw);
        let text = profile::write::write(&p, &PACK);
        let mut parsed = profile::parse_stream(&text, "saved.yaml", "saved", &PACK);
        prop_assert_eq!(parsed.len(), 1);
        let back = match parsed.remove(0) {
            Ok(back) => back,
            Err(d) => return Err(TestCaseError::fail(format!("{d:?}\n{text}"))),
        };
        prop_assert_eq!(&back.name, &p.name, "{}", text);
        prop_assert_eq!(&back.values, &p.values);
        let open = |p: &Profile| -> Vec<(FieldId, Open)> {
            p.uncertain.iter().map(|u| (u.field, u.open.clone())).collect()
        };
        prop_assert_eq!(open(&back), open(&p), "{}", text);
        prop_assert_eq!(&back.assumed, &p.assumed);
        prop_assert_eq!(back.current, p.current);
        let parts = |p: &Profile| -> Vec<(String, Vec<(FieldId, Value)>)> {
            p.components.iter().map(|c| (c.name.clone(), c.overrides.clone())).collect()
        };
        prop_assert_eq!(parts(&back), parts(&p));
    }
}
