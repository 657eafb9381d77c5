//! Decisions under uncertainty: a profile that is not sure of some answers (`unknown`, a list,
//! a range) is weighed over every **completion**, every way the open answers could turn out,
//! exactly rather than by sampling.
//!
//! The space is finite for the same reason `rules analyze`'s is: an integer matters only up to
//! which side of each rule constant it falls on, so a range is cut into the pieces the rules
//! tell apart. Completions are weighed so that each listed value and each enum or boolean value
//! counts the same, and an integer range by the logarithm of its extent (8..9 weighs as much
//! as 80..99: counts of people vary by orders of magnitude, and an `unknown` team size must not
//! be swamped by its upper bound of 100,000). Linked integers (`teams <= team_size`) are
//! weighed together, so a completion that breaks the link weighs nothing.
//!
//! A depth-first search assigns one open answer (or linked group) at a time and stops as soon
//! as bounds on every pattern's score settle the recommendation for the whole remaining subtree
//! (the same reasoning as `rules analyze`'s search), so a profile with a few unknowns costs a
//! few evaluations and one with every field unknown stays well under a second. One search gives
//! the share each pattern wins, whether `current:` fits, the share of each pattern given each
//! value of each open field (the decisive unknowns), and the most likely completion the
//! recommendation wins, whose reasons the report shows.

use super::partial::partial_eval;
use super::{Engine, Judged};
use crate::pack::{Catalog, Cond, Op};
use crate::pack::{Effect, FieldId, IdVec, Kind, PatternId, RuleId, RulePack, Value};
use crate::profile::{Open, Profile, Uncertain};

/// What a profile's open answers leave of its recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Certainty {
    /// The patterns that win some completion, with the share of completions they win (by
    /// weight, summing to 1), largest first; ties in pack order.
    pub possible: Vec<(PatternId, f64)>,
    /// One pattern wins every completion.
    pub settled: bool,
    /// The open answers whose value decides, the one that would settle most first.
    pub decisive: Vec<Decisive>,
    /// With `current:`, the share of completions in which it fits.
    pub fits: Option<f64>,
    /// The most likely completion the recommendation wins, whose ranking and reasons the
    /// report shows: each open answer's value there.
    pub likely: Vec<Likely>,
}

/// An open answer's value in the most likely completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Likely {
    pub field: FieldId,
    pub component: Option<usize>,
    pub cell: Cell,
}

/// An open answer that decides the recommendation, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Decisive {
    pub field: FieldId,
    /// The component (index into the profile's components) whose answer it is; `None` for the
    /// system's.
    pub component: Option<usize>,
    /// The share the most likely pattern would have, on average, once this is answered (the
    /// current share of the recommendation when it settles nothing).
    pub settles: f64,
    /// What each value leads to, values with the same outcome together.
    pub branches: Vec<Branch>,
}

/// "If traffic is spiky → serverless": some values of an open answer and the pattern that
/// wins most completions with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub values: Vec<Cell>,
    pub recommendation: PatternId,
    /// The share of completions with these values that the recommendation wins (1 when they
    /// settle it).
    pub share: f64,
}

/// One value of an open answer as the search sees it: a value, or a range of integers the
/// rules cannot tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Value(Value),
    /// `lo..=hi`, `lo < hi`.
    Range(i64, i64),
}

impl Cell {
    /// A value that stands for the whole cell: every rule treats the cell's values alike.
    fn value(self) -> Value {
        match self {
            Cell::Value(v) => v,
            Cell::Range(lo, _) => Value::Int(lo),
        }
    }
}

/// The result of weighing: the certainty, and the completion whose reasons the report shows.
pub(crate) struct Weighed {
    pub certainty: Certainty,
    pub recommendation: PatternId,
    /// The most likely completion the recommendation wins, as a profile with no open answer.
    pub completion: Profile,
}

/// Weighs every completion of `profile`'s open answers.
pub(crate) fn weigh(engine: &Engine<'_>, profile: &Profile) -> Weighed {
    let space = Space::new(engine, profile, &[]);
    Search::new(engine, &space, profile.current).finish(profile)
}

/// What the adaptive questionnaire needs to choose its next question.
#[derive(Debug, Clone, PartialEq)]
pub struct LookAhead {
    pub recommendation: PatternId,
    /// One pattern wins whatever the open answers are.
    pub settled: bool,
    /// Whether some open answer outside `unsure` can still change the recommendation for some
    /// values of the `unsure` ones.
    pub later_matter: bool,
    /// Per open field of the system outside `unsure`: the share the most likely pattern would
    /// have, on average, once it is known (none when settled: no answer matters).
    pub settles: Vec<(FieldId, f64)>,
    /// How many open fields outside `unsure` a rule of a pattern that can still win reads: at
    /// most this many answers could change the recommendation (0 when settled).
    pub could_matter: usize,
}

/// Weighs `profile` with the system's fields in `unsure` decided first, to tell whether the
/// rest could still change the answer for some value of them.
pub(crate) fn look_ahead(engine: &Engine<'_>, profile: &Profile, unsure: &[FieldId]) -> LookAhead {
    let pack = engine.pack;
    let space = Space::new(engine, profile, unsure);
    let mut search = Search::new(engine, &space, None);
    let root = search.visit(0);
    let first = space
        .groups
        .iter()
        .filter(|g| g.vars.iter().all(|&v| unsure_var(&space.vars[v], unsure)))
        .count();
    let later_matter = search.deepest_mixed.is_some_and(|d| d >= first);
    let n = search.n;
    let (dist, table) = match &root {
        // One pattern wins whatever the open answers are: no answer can change it, so there is
        // nothing left to ask, as for a profile with no open answer.
        Sub::Settled((p, _)) => {
            return LookAhead {
                recommendation: *p,
                settled: true,
                later_matter: false,
                settles: Vec::new(),
                could_matter: 0,
            }
        }
        Sub::Mixed(m) => (m.dist.clone(), m.table.clone()),
    };
    let mut best = 0;
    for p in 1..n {
        if more(dist[p], dist[best]) {
            best = p;
        }
    }
    let possible: Vec<usize> = (0..n).filter(|&p| dist[p] > 1e-12).collect();
    let mut settles = Vec::new();
    let mut could_matter = 0;
    for &(v, offset) in &space.layout[0].vars {
        let var = &space.vars[v];
        if var.component.is_some() || unsure_var(var, unsure) {
            continue;
        }
        let s: f64 = (0..var.cells.len())
            .map(|c| {
                let row = &table[offset + c * n..offset + (c + 1) * n];
                row.iter().copied().fold(0.0, f64::max)
            })
            .sum();
        settles.push((var.field, s));
        let read = engine
            .rules_reading(var.field, Judged::System)
            .iter()
            .any(|&r| possible.contains(&pack.rules[r].pattern.index()));
        if read {
            could_matter += 1;
        }
    }
    settles.sort_by_key(|&(f, _)| f);
    LookAhead {
        recommendation: search.ids[best],
        settled: possible.len() == 1,
        later_matter,
        settles,
        could_matter,
    }
}

fn unsure_var(var: &Var, unsure: &[FieldId]) -> bool {
    var.component.is_none() && unsure.contains(&var.field)
}

// ---------------------------------------------------------------------------------------------
// The space of completions.

/// One open answer: a field in the system (`component: None`) or in one component.
struct Var {
    component: Option<usize>,
    field: FieldId,
    cells: Vec<Cell>,
    /// How each cell weighs on its own.
    weights: Vec<f64>,
    /// `Some(field minimum)` when integer values weigh by log measure (ranges, `unknown`);
    /// `None` when each cell counts once (lists, enums, booleans).
    log_min: Option<i64>,
    /// The cell the most likely completion takes: the field's default where allowed, else the
    /// heaviest.
    preferred: usize,
    /// Where the variable's value goes: (scope, field); scope 0 is the system, `k + 1`
    /// component `k`.
    positions: Vec<usize>,
}

/// Variables assigned together: one variable, or linked integers.
struct Group {
    vars: Vec<usize>,
    /// Every combination of the variables' cells that some completion takes, with its weight.
    combos: Vec<Combo>,
    total: f64,
    /// Per variable of the group, per cell: the weight of the combinations taking it.
    marginals: Vec<Vec<f64>>,
    /// The combination of the most likely completion.
    preferred: usize,
}

struct Combo {
    cells: Vec<usize>,
    weight: f64,
    /// How many of the group's variables are not at their preferred cell.
    deviations: u32,
}

struct Space {
    vars: Vec<Var>,
    groups: Vec<Group>,
    /// Groups in the order the search assigns them: most influential first.
    order: Vec<usize>,
    scopes: Vec<ScopeSpace>,
    /// Per depth: the groups assigned before it whose combination rules still to come read.
    pending: Vec<Vec<usize>>,
    /// Per depth: where the variables of that depth and below sit in a subtree's table.
    layout: Vec<Layout>,
}

impl Space {
    /// `first`: system fields whose groups the search decides before any other.
    fn new(engine: &Engine<'_>, profile: &Profile, first: &[FieldId]) -> Space {
        let pack = engine.pack;
        let catalog = &pack.catalog;
        let ncomp = profile.components.len();
        // Values and open answers in force per scope.
        let mut scope_values: Vec<IdVec<FieldId, Value>> = vec![profile.values.clone()];
        scope_values.extend(
            profile
                .components
                .iter()
                .map(|c| c.overlay(&profile.values)),
        );
        // The variable bound to each (scope, field), if open.
        let mut bound: Vec<IdVec<FieldId, Option<usize>>> =
            vec![IdVec::filled(catalog.len(), None); ncomp + 1];
        let mut opens: Vec<(Option<usize>, &Uncertain)> =
            profile.uncertain.iter().map(|u| (None, u)).collect();
        for (k, c) in profile.components.iter().enumerate() {
            opens.extend(c.uncertain.iter().map(|u| (Some(k), u)));
        }
        // Every open answer is bound before any is weighed: a field's bounds are narrowed only
        // by linked fields that are known in its scope, and an open one is not known, whichever
        // of the two comes first in the catalog.
        let mut bindings: Vec<(Option<usize>, &Uncertain, Vec<usize>)> = Vec::new();
        for (index, (component, u)) in opens.into_iter().enumerate() {
            let mut positions = Vec::new();
            match component {
                None => {
                    for (s, scope) in bound.iter_mut().enumerate() {
                        let overridden = s > 0
                            && profile.components[s - 1]
                                .overrides
                                .iter()
                                .any(|&(f, _)| f == u.field);
                        if !overridden {
                            scope[u.field] = Some(index);
                            positions.push(s);
                        }
                    }
                }
                Some(k) => {
                    bound[k + 1][u.field] = Some(index);
                    positions.push(k + 1);
                }
            }
            bindings.push((component, u, positions));
        }
        let specs: Vec<&Uncertain> = bindings.iter().map(|b| b.1).collect();
        let vars: Vec<Var> = bindings
            .into_iter()
            .map(|(component, u, positions)| {
                let scope = component.map_or(0, |k| k + 1);
                let linked = Linked {
                    values: &scope_values[scope],
                    bound: &bound[scope],
                    opens: &specs,
                };
                var(engine, &linked, component, u, positions)
            })
            .collect();
        let groups = link_groups(pack, &vars, &bound);
        let mut order = influence_order(pack, &vars, &groups);
        // Groups made only of `first` fields go first, keeping their order among themselves.
        order.sort_by_key(|&g| !groups[g].vars.iter().all(|&v| unsure_var(&vars[v], first)));
        let mut position = vec![0; groups.len()];
        for (d, &g) in order.iter().enumerate() {
            position[g] = d;
        }
        let mut var_group = vec![0; vars.len()];
        for (g, group) in groups.iter().enumerate() {
            for &v in &group.vars {
                var_group[v] = g;
            }
        }
        let shape = Shape {
            vars: &vars,
            groups: &groups,
            var_group: &var_group,
            position: &position,
            order: &order,
        };
        let scopes: Vec<ScopeSpace> = (0..=ncomp)
            .map(|s| {
                let judged = if s == 0 { Judged::System } else { Judged::Part };
                scope_space(pack, judged, &scope_values[s], &bound[s], &shape)
            })
            .collect();
        // A group stays in the state from its assignment until the last rule reading it.
        let mut pending: Vec<Vec<usize>> = vec![Vec::new(); order.len() + 1];
        for (s, scope) in scopes.iter().enumerate() {
            for (d, rules) in scope.resolved.iter().enumerate() {
                for &r in rules {
                    pack.rules[r].when.visit_fields(&mut |f| {
                        let Some(v) = bound[s][f] else { return };
                        let g = var_group[v];
                        for list in &mut pending[position[g] + 1..=d] {
                            if !list.contains(&g) {
                                list.push(g);
                            }
                        }
                    });
                }
            }
        }
        for list in &mut pending {
            list.sort_unstable();
        }
        let layout = layouts(&vars, &groups, &order, pack.patterns.len());
        Space {
            vars,
            groups,
            order,
            scopes,
            pending,
            layout,
        }
    }
}

/// For each open answer linked to another open answer: its scope and field, and the pieces it
/// is judged by. The decisive analysis of such an answer is exact per piece, not per value
/// (inside a piece, how far the link bites changes with the value).
#[cfg(test)]
pub(crate) fn linked_pieces(
    engine: &Engine<'_>,
    profile: &Profile,
) -> Vec<(Option<usize>, FieldId, Vec<Cell>)> {
    let space = Space::new(engine, profile, &[]);
    space
        .groups
        .iter()
        .filter(|g| g.vars.len() > 1)
        .flat_map(|g| &g.vars)
        .map(|&v| {
            let var = &space.vars[v];
            (var.component, var.field, var.cells.clone())
        })
        .collect()
}

/// What one scope knows of the fields an open answer may be linked to.
struct Linked<'a> {
    /// The scope's values (an open field's is only its stand-in).
    values: &'a IdVec<FieldId, Value>,
    /// Per field, the open answer bound to it in the scope, by index into `opens`.
    bound: &'a IdVec<FieldId, Option<usize>>,
    opens: &'a [&'a Uncertain],
}

impl Linked<'_> {
    /// The least and greatest value integer field `f` can take in the scope: its value if
    /// known, else the bounds of its open answer.
    fn reach(&self, catalog: &Catalog, f: FieldId) -> Option<(i64, i64)> {
        match self.bound[f] {
            None => match self.values.get(f) {
                Some(Value::Int(i)) => Some((*i, *i)),
                _ => None,
            },
            Some(j) => self.opens[j].open.bounds(&catalog.fields[f]),
        }
    }
}

/// The cells, weights and preferred cell of one open answer. Integer bounds are narrowed by
/// the fields linked to it, known or open (`teams: unknown` is 1..12 with `team_size: 12`,
/// and 1..30 with `team_size: 5..30`): a value no completion can take is no cell, so the
/// report never shows it as a possible answer.
fn var(
    engine: &Engine<'_>,
    linked: &Linked<'_>,
    component: Option<usize>,
    u: &Uncertain,
    positions: Vec<usize>,
) -> Var {
    let pack = engine.pack;
    let field = &pack.catalog.fields[u.field];
    let (cells, weights, log_min): (Vec<Cell>, Vec<f64>, Option<i64>) = match (&field.kind, &u.open)
    {
        (Kind::Integer { min, max }, open) => {
            let (mut lo, mut hi) = match open {
                Open::Range(lo, hi) => (*lo, *hi),
                _ => (*min, *max),
            };
            for link in pack.catalog.links() {
                if link.field == u.field {
                    if let Some((_, b)) = linked.reach(&pack.catalog, link.limit) {
                        hi = hi.min(b);
                    }
                }
                if link.limit == u.field {
                    if let Some((a, _)) = linked.reach(&pack.catalog, link.field) {
                        lo = lo.max(a);
                    }
                }
            }
            match open {
                Open::OneOf(vs) => {
                    let points: Vec<Cell> = vs
                        .iter()
                        .filter(|v| matches!(v, Value::Int(i) if (lo..=hi).contains(i)))
                        .map(|&v| Cell::Value(v))
                        .collect();
                    let n = points.len();
                    (points, vec![1.0; n], None)
                }
                _ => {
                    let cells = pieces(pack, u.field, lo, hi);
                    let weights = cells.iter().map(|&c| log_weight(*min, c)).collect();
                    (cells, weights, Some(*min))
                }
            }
        }
        (_, Open::OneOf(vs)) => {
            let cells: Vec<Cell> = vs.iter().map(|&v| Cell::Value(v)).collect();
            let n = cells.len();
            (cells, vec![1.0; n], None)
        }
        (_, _) => {
            let cells: Vec<Cell> = field
                .discrete_values()
                .unwrap_or_default()
                .into_iter()
                .filter(|&v| u.open.allows(v))
                .map(Cell::Value)
                .collect();
            let n = cells.len();
            (cells, vec![1.0; n], None)
        }
    };
    let holds_default = |c: &Cell| match (c, field.default) {
        (Cell::Value(v), Some(d)) => *v == d,
        (Cell::Range(lo, hi), Some(Value::Int(d))) => (*lo..=*hi).contains(&d),
        _ => false,
    };
    let preferred = cells.iter().position(holds_default).unwrap_or_else(|| {
        // The heaviest cell, the first among equals.
        let mut best = 0;
        for (i, w) in weights.iter().enumerate() {
            if *w > weights[best] {
                best = i;
            }
        }
        best
    });
    Var {
        component,
        field: u.field,
        cells,
        weights,
        log_min,
        preferred,
        positions,
    }
}

/// `lo..=hi` cut where some rule's comparison of `field` can change truth.
fn pieces(pack: &RulePack, field: FieldId, lo: i64, hi: i64) -> Vec<Cell> {
    let mut starts: Vec<i64> = Vec::new();
    for rule in &pack.rules {
        visit_comparisons(&rule.when, &mut |f, op, c| {
            if f != field {
                return;
            }
            // The first value of a new piece: where `x op c` stops or starts holding.
            let next = c.saturating_add(1);
            match op {
                Op::Lt | Op::Ge => starts.push(c),
                Op::Le | Op::Gt => starts.push(next),
                Op::Eq | Op::Ne => starts.extend([c, next]),
            }
        });
    }
    starts.retain(|&s| lo < s && s <= hi);
    starts.sort_unstable();
    starts.dedup();
    let mut cells = Vec::with_capacity(starts.len() + 1);
    let mut from = lo;
    for s in starts {
        cells.push(cell(from, s - 1));
        from = s;
    }
    cells.push(cell(from, hi));
    cells
}

fn cell(lo: i64, hi: i64) -> Cell {
    if lo == hi {
        Cell::Value(Value::Int(lo))
    } else {
        Cell::Range(lo, hi)
    }
}

fn visit_comparisons(cond: &Cond, f: &mut impl FnMut(FieldId, Op, i64)) {
    match cond {
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| visit_comparisons(c, f)),
        Cond::Not(c) => visit_comparisons(c, f),
        Cond::Int { field, op, value } => f(*field, *op, *value),
        // A set of whole numbers changes truth where each member's equality does.
        Cond::In { field, values } => values.iter().for_each(|&v| f(*field, Op::Eq, v)),
        Cond::Set { .. } => {}
    }
}

/// The log measure of an integer cell: `ln((hi - m + 2) / (lo - m + 1))` for a field whose
/// minimum is `m`, so each whole number `n` weighs `ln((n - m + 2) / (n - m + 1))`.
fn log_weight(min: i64, c: Cell) -> f64 {
    let (lo, hi) = match c {
        Cell::Value(Value::Int(i)) => (i, i),
        Cell::Range(lo, hi) => (lo, hi),
        Cell::Value(_) => return 1.0,
    };
    cumulative(min, hi) - cumulative(min, lo - 1)
}

/// `ln(n - m + 2)`: the log measure of the integers from `m` to `n`, plus a constant.
fn cumulative(min: i64, n: i64) -> f64 {
    // Counts up to 2^63 are exact enough in f64 for a logarithm.
    #[allow(clippy::cast_precision_loss)]
    let x = (n - min + 2) as f64;
    x.ln()
}

// ---------------------------------------------------------------------------------------------
// Linked integers.

/// Groups the variables: linked open integers (in any scope) together, everything else alone.
/// The profile reader has refused links it cannot weigh (every link of a group must share one
/// variable).
fn link_groups(
    pack: &RulePack,
    vars: &[Var],
    bound: &[IdVec<FieldId, Option<usize>>],
) -> Vec<Group> {
    // Edges `a <= b` between variables, from every scope (a component that leaves both fields
    // to the system repeats the system's edge). A variable answers one field, and a link joins
    // two, so `a` and `b` always differ.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for scope in bound {
        for link in pack.catalog.links() {
            if let (Some(a), Some(b)) = (scope[link.field], scope[link.limit]) {
                if !edges.contains(&(a, b)) {
                    edges.push((a, b));
                }
            }
        }
    }
    // Union of linked variables.
    let mut root: Vec<usize> = (0..vars.len()).collect();
    fn find(root: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while root[r] != r {
            r = root[r];
        }
        root[i] = r;
        r
    }
    for &(a, b) in &edges {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra != rb {
            root[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); vars.len()];
    for i in 0..vars.len() {
        let r = find(&mut root, i);
        members[r].push(i);
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let group_edges: Vec<(usize, usize)> = edges
                .iter()
                .copied()
                .filter(|(a, _)| m.contains(a))
                .collect();
            group(vars, m, &group_edges)
        })
        .collect()
}

/// A group's combinations and their weights.
fn group(vars: &[Var], members: Vec<usize>, edges: &[(usize, usize)]) -> Group {
    let sizes: Vec<usize> = members.iter().map(|&v| vars[v].cells.len()).collect();
    let mut combos = Vec::new();
    let mut index = vec![0usize; members.len()];
    if sizes.iter().all(|&n| n > 0) {
        loop {
            let weight = if edges.is_empty() {
                members
                    .iter()
                    .zip(&index)
                    .map(|(&v, &c)| vars[v].weights[c])
                    .product()
            } else {
                joint_weight(vars, &members, &index, edges)
            };
            if weight > 0.0 {
                let deviations = members
                    .iter()
                    .zip(&index)
                    .filter(|(&v, &c)| vars[v].preferred != c)
                    .count();
                combos.push(Combo {
                    cells: index.clone(),
                    weight,
                    deviations: u32::try_from(deviations).unwrap_or(u32::MAX),
                });
            }
            // Next combination, the last variable fastest.
            let mut k = members.len();
            loop {
                if k == 0 {
                    break;
                }
                k -= 1;
                index[k] += 1;
                if index[k] < sizes[k] {
                    break;
                }
                index[k] = 0;
                if k == 0 {
                    k = usize::MAX;
                    break;
                }
            }
            if k == usize::MAX {
                break;
            }
        }
    }
    let total: f64 = combos.iter().map(|c| c.weight).sum();
    let marginals = members
        .iter()
        .enumerate()
        .map(|(j, &v)| {
            let mut m = vec![0.0; vars[v].cells.len()];
            for c in &combos {
                m[c.cells[j]] += c.weight;
            }
            m
        })
        .collect();
    let mut preferred = 0;
    for (i, c) in combos.iter().enumerate() {
        let b = &combos[preferred];
        if (c.deviations, -c.weight) < (b.deviations, -b.weight) {
            preferred = i;
        }
    }
    Group {
        vars: members,
        combos,
        total,
        marginals,
        preferred,
    }
}

/// The weight of the completions taking these cells that keep every link: a sum over the
/// values of the variable every link shares (the centre), of its weight times each other
/// variable's weight of values compatible with it.
fn joint_weight(vars: &[Var], members: &[usize], cells: &[usize], edges: &[(usize, usize)]) -> f64 {
    let center = members
        .iter()
        .copied()
        .find(|&v| edges.iter().all(|&(a, b)| a == v || b == v))
        .unwrap_or(members[0]);
    let cell_of = |v: usize| {
        let j = members.iter().position(|&m| m == v).unwrap_or(0);
        vars[v].cells[cells[j]]
    };
    // Each other variable: its cell, and whether it must be at most (`true`) or at least the
    // centre.
    let others: Vec<(usize, bool)> = edges
        .iter()
        .map(|&(a, b)| if b == center { (a, true) } else { (b, false) })
        .collect();
    let (lo, hi) = span(cell_of(center));
    let center_var = &vars[center];
    let term = |x: i64| -> f64 {
        let own = match center_var.log_min {
            Some(m) => cumulative(m, x) - cumulative(m, x - 1),
            None => 1.0,
        };
        let rest: f64 = others
            .iter()
            .map(|&(v, at_most)| compatible(&vars[v], cell_of(v), x, at_most))
            .product();
        own * rest
    };
    sum_over(lo, hi, &term)
}

fn span(c: Cell) -> (i64, i64) {
    match c {
        Cell::Range(lo, hi) => (lo, hi),
        Cell::Value(Value::Int(i)) => (i, i),
        Cell::Value(_) => (0, 0),
    }
}

/// The weight of `var`'s values in `c` that are at most (`at_most`) or at least `x`.
fn compatible(var: &Var, c: Cell, x: i64, at_most: bool) -> f64 {
    let (lo, hi) = span(c);
    let (from, to) = if at_most {
        (lo, hi.min(x))
    } else {
        (lo.max(x), hi)
    };
    if from > to {
        return 0.0;
    }
    match var.log_min {
        Some(m) => cumulative(m, to) - cumulative(m, from - 1),
        // A listed value counts once.
        None => 1.0,
    }
}

/// `Σ f(x)` for `x` in `lo..=hi`, exactly term by term up to a few million terms; beyond,
/// the smooth, slowly varying terms are summed over geometrically growing blocks (relative
/// error below 1e-9), so an exotic field ranging over 10^15 values still takes milliseconds.
fn sum_over(lo: i64, hi: i64, f: &dyn Fn(i64) -> f64) -> f64 {
    const DIRECT: i64 = 1 << 21;
    if hi < lo {
        return 0.0;
    }
    let direct_end = if hi - lo < DIRECT {
        hi
    } else {
        lo + DIRECT - 1
    };
    let mut sum: f64 = (lo..=direct_end).map(f).sum();
    let mut x = direct_end + 1;
    while x <= hi {
        // Blocks of about 1/65536 of the distance from the start: f barely changes across one.
        let step = ((x - lo) >> 16).max(1);
        let end = x.saturating_add(step - 1).min(hi);
        #[allow(clippy::cast_precision_loss)]
        let count = (end - x + 1) as f64;
        sum += count * (f(x) + f(end)) / 2.0;
        x = end + 1;
    }
    sum
}

// ---------------------------------------------------------------------------------------------
// The plan of the search.

/// A scope: the system (judged by every rule) or one component (by its part and capacity
/// rules), with its rules sorted by when the search decides them.
struct ScopeSpace {
    /// Known values; open fields are `None` until the search assigns them.
    base: IdVec<FieldId, Option<Value>>,
    /// Points and vetoes of the rules that read no open field.
    fixed: IdVec<PatternId, f64>,
    fixed_vetoes: IdVec<PatternId, bool>,
    /// Per depth: the rules decided when the group at that depth is assigned (the last group
    /// they read), in pack order.
    resolved: Vec<Vec<RuleId>>,
    /// Per depth `d` (and one past the end): what the rules decided at depth `d` or later can
    /// still do.
    suffix: Vec<Suffix>,
}

/// What rules still to be decided can do to one scope's ranking.
#[derive(Clone)]
struct Suffix {
    /// `lead[q * n + p]`: the most they can add to `q`'s score over `p`'s. Rules that read one
    /// group are tabled per combination of it, so a field that cannot take two values at once
    /// is not counted twice.
    lead: Vec<f64>,
    /// Per pattern: whether one of them may veto it.
    maybe_veto: Vec<bool>,
}

/// The variables and groups, and the order the search assigns them in.
struct Shape<'a> {
    vars: &'a [Var],
    groups: &'a [Group],
    /// Per variable, its group.
    var_group: &'a [usize],
    /// Per group, its depth.
    position: &'a [usize],
    /// Per depth, its group.
    order: &'a [usize],
}

fn scope_space(
    pack: &RulePack,
    judged: Judged,
    values: &IdVec<FieldId, Value>,
    bound: &IdVec<FieldId, Option<usize>>,
    shape: &Shape<'_>,
) -> ScopeSpace {
    let Shape {
        vars,
        groups,
        var_group,
        position,
        order,
    } = *shape;
    let n = pack.patterns.len();
    let depths = groups.len();
    let mut base: IdVec<FieldId, Option<Value>> = values
        .iter_enumerated()
        .map(|(f, &v)| if bound[f].is_some() { None } else { Some(v) })
        .collect();
    let mut fixed = IdVec::filled(n, 0.0);
    let mut fixed_vetoes = IdVec::filled(n, false);
    let mut resolved: Vec<Vec<RuleId>> = vec![Vec::new(); depths];
    // Rules by the groups they read: one group (tabled), or several (bounded apiece).
    let mut single: Vec<Vec<RuleId>> = vec![Vec::new(); depths];
    let mut multi: Vec<Vec<RuleId>> = vec![Vec::new(); depths];
    for (r, rule) in pack.rules.iter_enumerated() {
        if !judged.applies(pack, r) {
            continue;
        }
        let mut read: Vec<usize> = Vec::new();
        rule.when.visit_fields(&mut |f| {
            if let Some(v) = bound[f] {
                let g = var_group[v];
                if !read.contains(&g) {
                    read.push(g);
                }
            }
        });
        match read.iter().map(|&g| position[g]).max() {
            None => {
                if rule.when.eval(values) {
                    match rule.effect {
                        Effect::Veto => fixed_vetoes[rule.pattern] = true,
                        Effect::Score(x) => fixed[rule.pattern] += x,
                    }
                }
            }
            Some(d) => {
                resolved[d].push(r);
                if read.len() == 1 {
                    single[d].push(r);
                } else {
                    multi[d].push(r);
                }
            }
        }
    }
    // Suffix bounds, from the last depth up.
    let mut suffix = vec![
        Suffix {
            lead: vec![0.0; n * n],
            maybe_veto: vec![false; n],
        };
        depths + 1
    ];
    for d in (0..depths).rev() {
        let mut next = suffix[d + 1].clone();
        let (lead, maybe) = (&mut next.lead, &mut next.maybe_veto);
        for &r in &multi[d] {
            let rule = &pack.rules[r];
            match rule.effect {
                Effect::Veto => maybe[rule.pattern.index()] = true,
                Effect::Score(x) => {
                    let p = rule.pattern.index();
                    for q in 0..n {
                        if q == p {
                            continue;
                        }
                        // As `p`: can gain x over any q; as the one led: can lose -x.
                        if x > 0.0 {
                            lead[p * n + q] += x;
                        } else {
                            lead[q * n + p] -= x;
                        }
                    }
                }
            }
        }
        if !single[d].is_empty() {
            // One table over the group's combinations for all of its rules at once.
            let group = &groups[order[d]];
            let mut rows: Vec<Vec<f64>> = vec![vec![0.0; n]; group.combos.len()];
            for (k, combo) in group.combos.iter().enumerate() {
                for (j, &v) in group.vars.iter().enumerate() {
                    base[vars[v].field] = Some(vars[v].cells[combo.cells[j]].value());
                }
                for &r in &single[d] {
                    let rule = &pack.rules[r];
                    if partial_eval(&rule.when, &base) == Some(true) {
                        match rule.effect {
                            Effect::Veto => maybe[rule.pattern.index()] = true,
                            Effect::Score(x) => rows[k][rule.pattern.index()] += x,
                        }
                    }
                }
            }
            for &v in &group.vars {
                base[vars[v].field] = None;
            }
            for q in 0..n {
                for p in 0..n {
                    if p != q {
                        let best = rows
                            .iter()
                            .map(|row| row[q] - row[p])
                            .fold(f64::NEG_INFINITY, f64::max);
                        if best.is_finite() {
                            lead[q * n + p] += best;
                        }
                    }
                }
            }
        }
        suffix[d] = next;
    }
    ScopeSpace {
        base,
        fixed,
        fixed_vetoes,
        resolved,
        suffix,
    }
}

/// Groups most worth deciding first: those whose fields the heaviest rules read.
fn influence_order(pack: &RulePack, vars: &[Var], groups: &[Group]) -> Vec<usize> {
    let weight = |f: FieldId| -> f64 {
        pack.rules
            .iter()
            .filter(|r| {
                let mut reads = false;
                r.when.visit_fields(&mut |g| reads |= g == f);
                reads
            })
            .map(|r| match r.effect {
                Effect::Veto => 8.0,
                Effect::Score(s) => s.abs(),
            })
            .sum()
    };
    let mut order: Vec<(f64, usize)> = groups
        .iter()
        .enumerate()
        .map(|(g, grp)| (grp.vars.iter().map(|&v| weight(vars[v].field)).sum(), g))
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, g)| g).collect()
}

// ---------------------------------------------------------------------------------------------
// The search.

/// What a settled subtree decides: the recommendation, and with `current:` whether it fits.
type Verdict = (PatternId, Option<bool>);

/// What one subtree of the search found, relative to its own weight (shares sum to 1).
#[derive(Clone)]
enum Sub {
    /// Every completion below gives this verdict.
    Settled(Verdict),
    Mixed(std::rc::Rc<Mixed>),
}

struct Mixed {
    /// Per pattern, the share of completions it wins.
    dist: Vec<f64>,
    /// The share in which `current:` fits.
    fits: f64,
    /// Per variable at this depth or below (in layout order), per cell, per pattern: the share
    /// of completions taking that cell that the pattern wins.
    table: Vec<f64>,
}

struct Search<'a> {
    engine: &'a Engine<'a>,
    space: &'a Space,
    current: Option<PatternId>,
    n: usize,
    /// Per scope, the values decided so far (`None`: open and not yet assigned).
    values: Vec<IdVec<FieldId, Option<Value>>>,
    /// Per scope, per pattern: points of the rules decided so far.
    scores: Vec<Vec<f64>>,
    vetoed: Vec<Vec<bool>>,
    /// Per group, the combination assigned.
    assigned: Vec<Option<usize>>,
    memo: std::collections::HashMap<Vec<u64>, Sub, BuildFx>,
    /// A key buffer reused between visits.
    scratch: Vec<u64>,
    /// What the rules decided so far changed: (scope, pattern, points, vetoed) before.
    undo: Vec<(usize, usize, f64, bool)>,
    /// The pattern at each index.
    ids: Vec<PatternId>,
    /// The deepest depth at which completions below still disagree.
    deepest_mixed: Option<usize>,
}

impl<'a> Search<'a> {
    fn new(engine: &'a Engine<'a>, space: &'a Space, current: Option<PatternId>) -> Search<'a> {
        let n = engine.pack.patterns.len();
        Search {
            engine,
            space,
            current,
            n,
            values: space.scopes.iter().map(|s| s.base.clone()).collect(),
            scores: space
                .scopes
                .iter()
                .map(|s| s.fixed.iter().copied().collect())
                .collect(),
            vetoed: space
                .scopes
                .iter()
                .map(|s| s.fixed_vetoes.iter().copied().collect())
                .collect(),
            ids: engine.pack.patterns.ids().collect(),
            assigned: vec![None; space.groups.len()],
            memo: std::collections::HashMap::with_hasher(BuildFx),
            scratch: Vec::new(),
            undo: Vec::new(),
            deepest_mixed: None,
        }
    }

    /// The state below which the subtree at `depth` depends: points and vetoes decided so far,
    /// and the combinations of earlier groups that rules still to come read.
    ///
    /// Two states that differ only where it cannot matter share a key: a pattern that some
    /// surely eligible pattern beats in every completion below (and that is not `current:`)
    /// cannot rank first, so its points and veto are left out (hybrid's veto excepted); and
    /// only differences of points matter, so they are taken from the first pattern's.
    fn key(&self, depth: usize) -> Vec<u64> {
        let mut key = Vec::new();
        self.key_into(depth, &mut key);
        key
    }

    fn key_into(&self, depth: usize, key: &mut Vec<u64>) {
        let n = self.n;
        let hybrid = self.engine.pack.hybrid().map(PatternId::index);
        let current = self.current.map(PatternId::index);
        key.clear();
        key.push(depth as u64);
        for (s, (scores, vetoes)) in self.scores.iter().zip(&self.vetoed).enumerate() {
            let suffix = &self.space.scopes[s].suffix[depth];
            let eligible = |p: usize| !vetoes[p] && !suffix.maybe_veto[p];
            let lead = |q: usize, p: usize| scores[q] - scores[p] + suffix.lead[q * n + p];
            let beaten = |q: usize| {
                Some(q) != current
                    && (0..n).any(|p| {
                        p != q
                            && (Some(p) != hybrid || Some(q) == hybrid)
                            && eligible(p)
                            && lead(q, p) < 0.0
                    })
            };
            let mut origin = None;
            let mut bits = 0u64;
            for q in 0..n {
                // Whether hybrid is vetoed decides whether components can make the system
                // hybrid, even when hybrid cannot rank first.
                if s == 0 && Some(q) == hybrid && vetoes[q] {
                    bits |= 1 << (q % 64);
                }
                if beaten(q) {
                    // Not a number any difference of points can be.
                    key.push(u64::MAX);
                    continue;
                }
                let base = *origin.get_or_insert(scores[q]);
                key.push((scores[q] - base).to_bits());
                if vetoes[q] {
                    bits |= 1 << (q % 64);
                }
            }
            key.push(bits);
        }
        for &g in &self.space.pending[depth] {
            key.push(self.assigned[g].map_or(u64::MAX, |k| k as u64));
        }
    }

    /// The subtree below the groups assigned so far (those before `depth`).
    fn visit(&mut self, depth: usize) -> Sub {
        // The key is built in a buffer kept between visits: only a new state allocates one.
        let mut key = std::mem::take(&mut self.scratch);
        self.key_into(depth, &mut key);
        if let Some(sub) = self.memo.get(&key) {
            let sub = sub.clone();
            self.scratch = key;
            return sub;
        }
        let sub = match self.settled(depth) {
            Some(verdict) => Sub::Settled(verdict),
            None => {
                self.deepest_mixed = self.deepest_mixed.max(Some(depth));
                Sub::Mixed(std::rc::Rc::new(self.branch(depth)))
            }
        };
        self.memo.insert(key, sub.clone());
        sub
    }

    fn branch(&mut self, depth: usize) -> Mixed {
        let space = self.space;
        let n = self.n;
        let g = space.order[depth];
        let group = &space.groups[g];
        let layout = &space.layout[depth];
        let mut out = Mixed {
            dist: vec![0.0; n],
            fits: 0.0,
            table: vec![0.0; layout.size],
        };
        for (k, combo) in group.combos.iter().enumerate() {
            let w = combo.weight / group.total;
            self.assign(g, Some(k));
            let mark = self.resolve(depth);
            let child = self.visit(depth + 1);
            self.unresolve(mark);
            // This group's cells, then the layout below.
            let own = layout.own;
            match &child {
                Sub::Settled((p, fit)) => {
                    let p = p.index();
                    out.fits += w * f64::from(u8::from(*fit == Some(true)));
                    out.dist[p] += w;
                    for j in 0..group.vars.len() {
                        out.table[layout.offsets[j] + combo.cells[j] * n + p] += w;
                    }
                    // Every variable below takes its cells in proportion to their weight.
                    for entry in &space.layout[depth + 1].marginals {
                        out.table[own + entry.0 + p] += w * entry.1;
                    }
                }
                Sub::Mixed(m) => {
                    out.fits += w * m.fits;
                    for (x, d) in out.dist.iter_mut().zip(&m.dist) {
                        *x += w * d;
                    }
                    for j in 0..group.vars.len() {
                        let at = layout.offsets[j] + combo.cells[j] * n;
                        for (x, d) in out.table[at..at + n].iter_mut().zip(&m.dist) {
                            *x += w * d;
                        }
                    }
                    for (x, t) in out.table[own..].iter_mut().zip(&m.table) {
                        *x += w * t;
                    }
                }
            }
        }
        self.assign(g, None);
        out
    }

    fn assign(&mut self, g: usize, combo: Option<usize>) {
        let space = self.space;
        let group = &space.groups[g];
        self.assigned[g] = combo;
        for (j, &v) in group.vars.iter().enumerate() {
            let var = &space.vars[v];
            let value = combo.map(|k| var.cells[group.combos[k].cells[j]].value());
            for &s in &var.positions {
                self.values[s][var.field] = value;
            }
        }
    }

    /// Adds the rules decided at `depth`; returns the mark to take them away again at.
    fn resolve(&mut self, depth: usize) -> usize {
        let pack = self.engine.pack;
        let mark = self.undo.len();
        for (s, scope) in self.space.scopes.iter().enumerate() {
            for &r in &scope.resolved[depth] {
                let rule = &pack.rules[r];
                if partial_eval(&rule.when, &self.values[s]) != Some(true) {
                    continue;
                }
                let p = rule.pattern.index();
                self.undo.push((s, p, self.scores[s][p], self.vetoed[s][p]));
                match rule.effect {
                    Effect::Score(x) => self.scores[s][p] += x,
                    Effect::Veto => self.vetoed[s][p] = true,
                }
            }
        }
        mark
    }

    fn unresolve(&mut self, mark: usize) {
        while self.undo.len() > mark {
            if let Some((s, p, score, vetoed)) = self.undo.pop() {
                self.scores[s][p] = score;
                self.vetoed[s][p] = vetoed;
            }
        }
    }

    /// The pattern ranking first in `scope` in every completion below `depth`, `exclude` left
    /// out.
    fn certain_best(
        &self,
        scope: usize,
        depth: usize,
        exclude: Option<PatternId>,
    ) -> Option<usize> {
        let n = self.n;
        let suffix = &self.space.scopes[scope].suffix[depth];
        let (scores, vetoed) = (&self.scores[scope], &self.vetoed[scope]);
        let skip = exclude.map(PatternId::index);
        (0..n).filter(|&p| Some(p) != skip).find(|&p| {
            let p_surely = vetoed[p];
            if !p_surely && suffix.maybe_veto[p] {
                return false;
            }
            (0..n).filter(|&q| Some(q) != skip && q != p).all(|q| {
                match (p_surely, vetoed[q]) {
                    // Eligible ranks before vetoed.
                    (false, true) => true,
                    (true, false) => false,
                    // By score (q perhaps vetoed later: not counted on); a tie to the earlier.
                    _ => {
                        let lead = scores[q] - scores[p] + suffix.lead[q * n + p];
                        lead < 0.0 || (lead <= 0.0 && p < q)
                    }
                }
            })
        })
    }

    /// The verdict for every completion below `depth`, if they all agree.
    fn settled(&self, depth: usize) -> Option<Verdict> {
        let pack = self.engine.pack;
        let n = self.n;
        let best = self.certain_best(0, depth, None)?;
        let suffix = &self.space.scopes[0].suffix[depth];
        let mut by_components = false;
        let recommendation = match pack.hybrid().map(PatternId::index) {
            Some(h) if best != h && !self.vetoed[0][h] => {
                if suffix.maybe_veto[h] {
                    if self.space.scopes.len() > 1 {
                        return None;
                    }
                    best
                } else {
                    let mut differs = false;
                    let mut open = false;
                    for scope in 1..self.space.scopes.len() {
                        match self.certain_best(scope, depth, pack.hybrid()) {
                            Some(c) if c != best => {
                                differs = true;
                                break;
                            }
                            Some(_) => {}
                            None => open = true,
                        }
                    }
                    if differs {
                        by_components = true;
                        h
                    } else if open {
                        return None;
                    } else {
                        best
                    }
                }
            }
            _ => best,
        };
        let fits = match self.current.map(PatternId::index) {
            None => None,
            // The recommendation fits, unless it is vetoed too (every pattern is).
            Some(c) if c == recommendation => Some(!self.vetoed[0][c]),
            Some(_) if by_components => Some(false),
            Some(c) if self.vetoed[0][c] => Some(false),
            Some(c) => {
                let margin = pack.meta.close_call_margin;
                let s = &self.scores[0];
                let widest = s[recommendation] - s[c] + suffix.lead[recommendation * n + c];
                let narrowest = s[recommendation] - s[c] - suffix.lead[c * n + recommendation];
                if narrowest > margin {
                    Some(false)
                } else if widest <= margin && !suffix.maybe_veto[c] {
                    Some(true)
                } else {
                    return None;
                }
            }
        };
        Some((self.ids[recommendation], fits))
    }

    /// The most likely completion `p` wins: each group in search order at its preferred
    /// combination, or else its heaviest, unless `p` could not win that way.
    fn likely(&mut self, p: PatternId) -> Vec<usize> {
        let space = self.space;
        let mut combos: Vec<usize> = space.groups.iter().map(|g| g.preferred).collect();
        let base = self.undo.len();
        for depth in 0..space.order.len() {
            if let Some(Sub::Settled(_)) = self.memo.get(&self.key(depth)) {
                break;
            }
            let g = space.order[depth];
            let group = &space.groups[g];
            let mut candidates: Vec<usize> = (0..group.combos.len()).collect();
            candidates.sort_by(|&a, &b| {
                let (ca, cb) = (&group.combos[a], &group.combos[b]);
                ca.deviations
                    .cmp(&cb.deviations)
                    .then(cb.weight.total_cmp(&ca.weight))
                    .then(a.cmp(&b))
            });
            let mut chosen = None;
            for k in candidates {
                self.assign(g, Some(k));
                let mark = self.resolve(depth);
                let wins = match self.memo.get(&self.key(depth + 1)) {
                    Some(Sub::Settled((q, _))) => *q == p,
                    Some(Sub::Mixed(m)) => m.dist[p.index()] > 0.0,
                    None => false,
                };
                if wins {
                    chosen = Some(k);
                    break;
                }
                self.unresolve(mark);
            }
            let Some(k) = chosen else { break };
            combos[g] = k;
        }
        self.unresolve(base);
        for g in 0..space.groups.len() {
            self.assign(g, None);
        }
        combos
    }

    fn finish(mut self, profile: &Profile) -> Weighed {
        let space = self.space;
        let pack = self.engine.pack;
        let n = self.n;
        let root = self.visit(0);
        // Settled: one pattern wins every completion, so no answer is decisive (no table).
        let (dist, fits, table): (Vec<f64>, f64, Option<&[f64]>) = match &root {
            Sub::Settled((p, fit)) => {
                let mut d = vec![0.0; n];
                d[p.index()] = 1.0;
                (d, f64::from(u8::from(*fit == Some(true))), None)
            }
            Sub::Mixed(m) => (m.dist.clone(), m.fits, Some(&m.table)),
        };
        let mut possible: Vec<(PatternId, f64)> = dist
            .iter()
            .enumerate()
            .filter(|(_, &w)| w > 1e-12)
            .map(|(p, &w)| (self.ids[p], w))
            .collect();
        // Shares equal up to rounding are equal: the simpler pattern first.
        possible.sort_by(|a, b| {
            if more(a.1, b.1) {
                std::cmp::Ordering::Less
            } else if more(b.1, a.1) {
                std::cmp::Ordering::Greater
            } else {
                a.0.cmp(&b.0)
            }
        });
        let recommendation = possible
            .first()
            .map_or_else(|| pack.simplest(), |&(p, _)| p);
        let top = possible.first().map_or(0.0, |&(_, s)| s);
        // Per variable, its rows of the table.
        let layout = &space.layout[0];
        let mut decisive: Vec<Decisive> = Vec::new();
        for &(v, offset) in &layout.vars {
            let Some(table) = table else { break };
            let var = &space.vars[v];
            let rows: Vec<IdVec<PatternId, f64>> = (0..var.cells.len())
                .map(|c| {
                    let at = offset + c * n;
                    table[at..at + n].iter().copied().collect()
                })
                .collect();
            decisive.extend(self::decisive(var, &rows, 1.0, top));
        }
        decisive.sort_by(|a, b| {
            b.settles
                .total_cmp(&a.settles)
                .then(a.component.cmp(&b.component))
                .then(a.field.cmp(&b.field))
        });
        let combos = self.likely(recommendation);
        let mut likely: Vec<Likely> = Vec::new();
        for (group, &k) in space.groups.iter().zip(&combos) {
            for (j, &v) in group.vars.iter().enumerate() {
                let var = &space.vars[v];
                likely.push(Likely {
                    field: var.field,
                    component: var.component,
                    cell: var.cells[group.combos[k].cells[j]],
                });
            }
        }
        likely.sort_by_key(|l| (l.component, l.field));
        let certainty = Certainty {
            settled: possible.len() == 1,
            possible,
            decisive,
            fits: self.current.map(|_| fits),
            likely,
        };
        Weighed {
            certainty,
            recommendation,
            completion: complete(space, profile, &combos),
        }
    }
}

/// A fast hash for the search's keys (short lists of words made by the search itself, so no
/// one can choose them to collide): the multiply-and-rotate of rustc's own `FxHasher`.
#[derive(Default, Clone, Copy)]
struct BuildFx;

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Where each variable's cells sit in a subtree's table: the variables of the groups at one
/// depth and below, in search order.
struct Layout {
    /// (variable, offset of its first cell).
    vars: Vec<(usize, usize)>,
    /// Offsets of the depth's own group's variables (parallel to the group's `vars`).
    offsets: Vec<usize>,
    /// Where the layout one depth down starts.
    own: usize,
    size: usize,
    /// For a settled subtree: (offset of a cell, share of completions taking it), every cell.
    marginals: Vec<(usize, f64)>,
}

fn layouts(space_vars: &[Var], groups: &[Group], order: &[usize], n: usize) -> Vec<Layout> {
    let mut out: Vec<Layout> = Vec::with_capacity(order.len() + 1);
    out.push(Layout {
        vars: Vec::new(),
        offsets: Vec::new(),
        own: 0,
        size: 0,
        marginals: Vec::new(),
    });
    for &g in order.iter().rev() {
        let group = &groups[g];
        let below = out.last().map_or(0, |l| l.size);
        let mut vars = Vec::new();
        let mut offsets = Vec::new();
        let mut marginals = Vec::new();
        let mut at = 0;
        for (j, &v) in group.vars.iter().enumerate() {
            vars.push((v, at));
            offsets.push(at);
            for (c, m) in group.marginals[j].iter().enumerate() {
                marginals.push((at + c * n, m / group.total));
            }
            at += space_vars[v].cells.len() * n;
        }
        let own = at;
        if let Some(prev) = out.last() {
            vars.extend(prev.vars.iter().map(|&(v, o)| (v, o + own)));
            marginals.extend(prev.marginals.iter().map(|&(o, m)| (o + own, m)));
        }
        out.push(Layout {
            vars,
            offsets,
            own,
            size: own + below,
            marginals,
        });
    }
    out.reverse();
    out
}

/// Whether knowing `var` would tell more than is known now, and what each value leads to.
fn decisive(var: &Var, table: &[IdVec<PatternId, f64>], total: f64, top: f64) -> Option<Decisive> {
    if total <= 0.0 {
        return None;
    }
    // Per cell: the pattern winning most of its completions (the simpler among equals).
    let per_cell: Vec<Option<(PatternId, f64, f64)>> = table
        .iter()
        .map(|row| {
            let sum: f64 = row.iter().sum();
            let (p, w) =
                row.iter_enumerated()
                    .fold(None, |best: Option<(PatternId, f64)>, (p, &w)| match best {
                        Some((_, bw)) if !more(w, bw) => best,
                        _ => Some((p, w)),
                    })?;
            (sum > 0.0).then_some((p, w, sum))
        })
        .collect();
    let settles: f64 = per_cell.iter().flatten().map(|&(_, w, _)| w).sum::<f64>() / total;
    let mut winners: Vec<PatternId> = per_cell.iter().flatten().map(|&(p, _, _)| p).collect();
    winners.sort_unstable();
    winners.dedup();
    if winners.len() < 2 && !more(settles, top) {
        return None;
    }
    // Values with the same outcome together: listed, enum and boolean values by outcome,
    // integer pieces when they are next to each other (a range stays a range).
    let mut branches: Vec<Branch> = Vec::new();
    let mut sums: Vec<(f64, f64)> = Vec::new();
    for (c, &cell) in var.cells.iter().enumerate() {
        let Some((p, w, sum)) = per_cell[c] else {
            continue;
        };
        let joins = if var.log_min.is_some() {
            branches
                .len()
                .checked_sub(1)
                .filter(|&i| branches[i].recommendation == p)
        } else {
            branches.iter().position(|b| b.recommendation == p)
        };
        match joins {
            Some(i) if var.log_min.is_some() => {
                if let Some(last) = branches[i].values.last_mut() {
                    *last = cell_of(span(*last).0, span(cell).1);
                }
                sums[i].0 += w;
                sums[i].1 += sum;
            }
            Some(i) => {
                branches[i].values.push(cell);
                sums[i].0 += w;
                sums[i].1 += sum;
            }
            None => {
                branches.push(Branch {
                    values: vec![cell],
                    recommendation: p,
                    share: 0.0,
                });
                sums.push((w, sum));
            }
        }
    }
    for (b, (w, sum)) in branches.iter_mut().zip(sums) {
        b.share = if sum > 0.0 { w / sum } else { 0.0 };
    }
    Some(Decisive {
        field: var.field,
        component: var.component,
        settles,
        branches,
    })
}

/// `a` is larger than `b` by more than rounding: sums of the same weights taken in another
/// order differ in the last bits, and a tie must stay a tie.
fn more(a: f64, b: f64) -> bool {
    a - b > 1e-9 * (a.abs() + b.abs())
}

fn cell_of(lo: i64, hi: i64) -> Cell {
    cell(lo, hi)
}

/// `profile` with every open answer replaced by the cell of `combos` (one per group).
fn complete(space: &Space, profile: &Profile, combos: &[usize]) -> Profile {
    let mut out = profile.clone();
    out.uncertain.clear();
    for c in &mut out.components {
        c.uncertain.clear();
    }
    for (g, group) in space.groups.iter().enumerate() {
        let Some(combo) = combos.get(g).and_then(|&k| group.combos.get(k)) else {
            continue;
        };
        for (j, &v) in group.vars.iter().enumerate() {
            let var = &space.vars[v];
            let value = var.cells[combo.cells[j]].value();
            match var.component {
                None => out.values[var.field] = value,
                Some(k) => {
                    if let Some(slot) = out.components[k]
                        .overrides
                        .iter_mut()
                        .find(|(f, _)| *f == var.field)
                    {
                        slot.1 = value;
                    }
                }
            }
        }
    }
    out
}

impl Cell {
    /// As a profile writes it: `spiky`, `true`, `9`, `10..15`.
    pub fn describe(self, field: &crate::pack::Field) -> String {
        match self {
            Cell::Value(v) => field.format(v),
            Cell::Range(lo, hi) => format!("{lo}..{hi}"),
        }
    }
}

impl Decisive {
    /// The open answer's name: `traffic`, or `image-pipeline: traffic` for a component's.
    pub fn name(&self, pack: &RulePack, profile: &Profile) -> String {
        let field = &pack.catalog.fields[self.field].name;
        match self.component.and_then(|k| profile.components.get(k)) {
            Some(c) => format!("{}: {field}", c.name),
            None => field.to_string(),
        }
    }

    /// What each value leads to, for people: `spiky → serverless; steady or variable →
    /// monolith (70%)` (a share is shown where the values do not settle it).
    pub fn describe(&self, pack: &RulePack) -> String {
        let field = &pack.catalog.fields[self.field];
        let parts: Vec<String> = self
            .branches
            .iter()
            .map(|b| {
                let values: Vec<String> = b.values.iter().map(|c| c.describe(field)).collect();
                let values = match values.as_slice() {
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} or {last}", init.join(", ")),
                    [] => String::new(),
                };
                let share = if b.share < 1.0 - 1e-9 {
                    format!(" ({})", percent(b.share))
                } else {
                    String::new()
                };
                format!("{values} → {}{share}", pack.pattern_id(b.recommendation))
            })
            .collect();
        parts.join("; ")
    }
}

/// A share as people read it: `62%`; never `0%` or `100%` for a share strictly between.
pub fn percent(share: f64) -> String {
    let p = (share * 100.0).round();
    let p = if share > 0.0 && p < 1.0 {
        1.0
    } else if share < 1.0 && p > 99.0 {
        99.0
    } else {
        p
    };
    format!("{p:.0}%")
}
