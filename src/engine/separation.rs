//! Why the leading pattern beats each alternative: the few fired rules that make the gap, or
//! the tie-break, or the vetoes. Reports use it for "why not the others" and the runner-up, so
//! a reader sees the rules to argue with rather than a general "fewer conditions hold".

use super::{effect, Evaluation, Outcome};
use crate::pack::{Effect, PatternId, RuleId, RulePack};

/// What separates the leader (the recommendation, or the core when components made the system
/// hybrid) from one alternative.
#[derive(Debug, Clone, PartialEq)]
pub enum Separation {
    /// The alternative is ruled out by these vetoes.
    Vetoed(Vec<RuleId>),
    /// The same score: the tie went to the leader because the pack lists it first (simpler).
    Tie,
    /// The alternative trails by `gap` points; without `rules` (the leader's largest gains and
    /// the alternative's largest penalties, largest first) it would not trail.
    Behind { gap: f64, rules: Vec<RuleId> },
    /// The alternative is the core of a hybrid made by its components.
    Core,
}

impl Evaluation {
    /// The pattern alternatives are measured against: the recommendation, or, when components
    /// made the system hybrid, the core (hybrid's own score did not decide then).
    pub fn leader(&self) -> PatternId {
        if self.by_components {
            self.core
        } else {
            self.recommendation
        }
    }

    /// Points between the leader and `pattern` (positive when `pattern` trails).
    pub fn gap(&self, pattern: PatternId) -> f64 {
        self.system.score(self.leader()) - self.system.score(pattern)
    }

    /// What separates the leader from `alt`.
    pub fn separation(&self, pack: &RulePack, alt: PatternId) -> Separation {
        let leader = self.leader();
        if self.by_components && alt == self.core {
            return Separation::Core;
        }
        if self.system.is_vetoed(alt) {
            let vetoes = self.system.fired_for(pack, alt);
            return Separation::Vetoed(vetoes.filter(|&r| effect(pack, r).is_infinite()).collect());
        }
        let gap = self.gap(alt);
        if gap <= 0.0 {
            return Separation::Tie;
        }
        Separation::Behind {
            gap,
            rules: deciding(pack, &self.system, leader, alt, gap),
        }
    }
}

/// The fewest rules, largest first, whose points make up `gap`: the leader's gains and the
/// alternative's penalties. Taking them away would leave the alternative level or ahead.
fn deciding(
    pack: &RulePack,
    system: &Outcome,
    leader: PatternId,
    alt: PatternId,
    gap: f64,
) -> Vec<RuleId> {
    let mut candidates: Vec<(f64, RuleId)> = system
        .fired
        .iter()
        .filter_map(|&r| {
            let rule = &pack.rules[r];
            match rule.effect {
                Effect::Score(s) if rule.pattern == leader && s > 0.0 => Some((s, r)),
                Effect::Score(s) if rule.pattern == alt && s < 0.0 => Some((-s, r)),
                _ => None,
            }
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut sum = 0.0;
    let mut out = Vec::new();
    for (points, r) in candidates {
        if sum >= gap {
            break;
        }
        sum += points;
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile;

    /// The engine's small test pack, so these pin the semantics and not the default numbers.
    fn eval(text: &str) -> (RulePack, Evaluation) {
        let pack = crate::test_support::small_pack();
        let profile = profile::parse_stream(text, "p.yaml", "p", &pack)
            .remove(0)
            .unwrap_or_else(|d| panic!("{d:?}"));
        let e = super::super::evaluate(&pack, &profile);
        (pack, e)
    }

    fn separation(text: &str, alt: &str) -> (RulePack, Separation) {
        let (pack, e) = eval(text);
        let alt = pack.pattern_index(alt).unwrap();
        let s = e.separation(&pack, alt);
        (pack, s)
    }

    fn ids(pack: &RulePack, rules: &[RuleId]) -> Vec<String> {
        rules
            .iter()
            .map(|&r| pack.rules[r].id.to_string())
            .collect()
    }

    #[test]
    fn the_deciding_rules_are_the_fewest_largest_that_make_up_the_gap() {
        // microservices 4 + 1, monolith 0: both rules are needed to make up 5 points.
        let (pack, s) = separation("team_size: 30\nteams: 3", "monolith");
        let Separation::Behind { gap, rules } = s else {
            panic!("monolith should trail, got {s:?}")
        };
        assert_eq!(gap, 5.0);
        assert_eq!(ids(&pack, &rules), ["x.big", "x.teams"]);
        // serverless 4, monolith 3: the spiky rule alone makes up the single point.
        let (pack, s) = separation("team_size: 5\ntraffic: spiky", "monolith");
        let Separation::Behind { gap, rules } = s else {
            panic!("monolith should trail, got {s:?}")
        };
        assert_eq!(gap, 1.0);
        assert_eq!(ids(&pack, &rules), ["s.spiky"]);
    }

    #[test]
    fn the_alternatives_penalties_count_towards_the_gap() {
        // monolith 3, serverless 4 - 1: tied, so nothing but the pack's order separates them.
        let (_, s) = separation("team_size: 7\ntraffic: spiky", "serverless");
        assert_eq!(s, Separation::Tie);
        // monolith 3, serverless -1: the gap of 4 takes the monolith's gain and serverless's
        // own penalty.
        let (pack, s) = separation("team_size: 7", "serverless");
        let Separation::Behind { gap, rules } = s else {
            panic!("serverless should trail, got {s:?}")
        };
        assert_eq!(gap, 4.0);
        assert_eq!(ids(&pack, &rules), ["m.small", "s.tie"]);
    }

    #[test]
    fn a_vetoed_alternative_names_its_vetoes() {
        let (pack, s) = separation(
            "team_size: 5\ntraffic: spiky\nlong_running: true",
            "serverless",
        );
        let Separation::Vetoed(rules) = s else {
            panic!("serverless should be vetoed, got {s:?}")
        };
        assert_eq!(ids(&pack, &rules), ["s.long"]);
    }
}
