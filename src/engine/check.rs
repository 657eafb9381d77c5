//! What `archfit check` concludes about each input: whether the architecture a team runs
//! (`current:`) still fits its profile, whether the answer is fragile, and which inputs were
//! invalid.
//!
//! "Fits" is the engine's [`Fit`]: the current architecture fits when it is the
//! recommendation, or when it is not vetoed and trails the recommendation by no more than the
//! pack's `close_call_margin` (so a near-tie never breaks a build). When components make the
//! system hybrid, only `hybrid` fits. A close call (the recommendation beats its runner-up by
//! less than the margin) is a warning; `--strict` makes warnings errors.
//!
//! A misfit the team has accepted in the profile (`accepted:`, with a reason and a last day) is
//! a note, not an error, through that day; after it, the misfit fails the check again. An
//! acceptance of an architecture that fits anyway is a warning: it is no longer needed.
//!
//! Everything here is decided once, so the renderers of `check`'s formats only format.

use super::{percent, Evaluation, Fit, Separation};
use crate::pack::{Diagnostic, PatternId, Pos, RuleId, RulePack};
use crate::profile::{Acceptance, Profile};

/// How serious a finding is. A check fails on any error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Error,
    Warning,
    /// Worth showing, never a failure (an accepted misfit).
    Note,
}

impl Level {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// What a finding is about; each category is one SARIF rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// The current architecture does not fit.
    Misfit,
    /// The recommendation wins by less than the pack's margin.
    CloseCall,
    /// The input could not be read or is not a valid profile.
    Invalid,
    /// Open answers leave it undecided whether the current architecture fits.
    Unsettled,
    /// The current architecture does not fit, and the profile accepts that until a date.
    Accepted,
    /// The profile accepts a misfit, but its current architecture fits.
    UnusedAcceptance,
}

impl Category {
    pub(crate) const ALL: [Category; 6] = [
        Category::Misfit,
        Category::CloseCall,
        Category::Invalid,
        Category::Unsettled,
        Category::Accepted,
        Category::UnusedAcceptance,
    ];

    /// A stable id, used as SARIF rule id and in JSON.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Category::Misfit => "misfit",
            Category::CloseCall => "close-call",
            Category::Invalid => "invalid-profile",
            Category::Unsettled => "unsettled",
            Category::Accepted => "accepted-misfit",
            Category::UnusedAcceptance => "unused-acceptance",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            Category::Misfit => "The current architecture does not fit the profile",
            Category::CloseCall => {
                "Close call: the recommendation wins by less than the pack's margin"
            }
            Category::Invalid => "The profile is invalid",
            Category::Unsettled => {
                "Open answers leave it undecided whether the current architecture fits"
            }
            Category::Accepted => {
                "The current architecture does not fit, and the team accepts that until a date"
            }
            Category::UnusedAcceptance => {
                "The profile accepts a misfit, but its current architecture fits"
            }
        }
    }

    /// The level a finding of this category has unless `--strict` raises it.
    pub(crate) fn level(self) -> Level {
        match self {
            Category::Misfit | Category::Invalid => Level::Error,
            Category::CloseCall | Category::Unsettled | Category::UnusedAcceptance => {
                Level::Warning
            }
            Category::Accepted => Level::Note,
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub category: Category,
    pub level: Level,
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
}

/// The outcome for one valid profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Fits,
    Misfit,
    /// The current architecture fits only some of the ways the open answers could turn out.
    Unsettled,
    /// A misfit the profile accepts, with a reason, through a date that has not passed.
    Accepted,
    /// No `current:`: the profile was validated and evaluated, but there is nothing to compare.
    ValidatedOnly,
}

impl Verdict {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Verdict::Fits => "fits",
            Verdict::Misfit => "misfit",
            Verdict::Unsettled => "unsettled",
            Verdict::Accepted => "accepted",
            Verdict::ValidatedOnly => "validated-only",
        }
    }
}

/// One valid, evaluated profile.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub name: String,
    pub source: String,
    /// Where the profile starts (and where `current:` is, if given).
    pub pos: Pos,
    pub current_pos: Option<Pos>,
    pub current: Option<String>,
    pub recommendation: String,
    /// The profile's acceptance of a misfit, as written (whether or not it still holds).
    pub accepted: Option<Acceptance>,
    pub verdict: Verdict,
    /// The sentence that decided the verdict (or the recommendation, without `current:`).
    pub reason: String,
    pub findings: Vec<Finding>,
}

/// One input that could not be checked, with every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub source: String,
    pub findings: Vec<Finding>,
}

/// One input of a check, in input order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    Checked(Checked),
    Invalid(Invalid),
}

impl Entry {
    pub(crate) fn findings(&self) -> &[Finding] {
        match self {
            Entry::Checked(c) => &c.findings,
            Entry::Invalid(i) => &i.findings,
        }
    }
}

impl Checked {
    /// Whether the recommendation won by less than the pack's margin.
    pub(crate) fn is_close_call(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.category == Category::CloseCall)
    }
}

/// Counts over a whole check, for summaries. Every input is counted once: `fits` and
/// `close_calls` split the profiles whose current architecture fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Fit, and not by a close call.
    pub fits: usize,
    /// Fit, but the recommendation wins by less than the margin.
    pub close_calls: usize,
    pub misfits: usize,
    pub unsettled: usize,
    pub accepted: usize,
    pub validated_only: usize,
    pub invalid: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub(crate) fn of(entries: &[Entry]) -> Counts {
        let mut c = Counts::default();
        for e in entries {
            match e {
                Entry::Checked(x) => match x.verdict {
                    Verdict::Fits if x.is_close_call() => c.close_calls += 1,
                    Verdict::Fits => c.fits += 1,
                    Verdict::Misfit => c.misfits += 1,
                    Verdict::Unsettled => c.unsettled += 1,
                    Verdict::Accepted => c.accepted += 1,
                    Verdict::ValidatedOnly => c.validated_only += 1,
                },
                Entry::Invalid(_) => c.invalid += 1,
            }
            for f in e.findings() {
                match f.level {
                    Level::Error => c.errors += 1,
                    Level::Warning => c.warnings += 1,
                    Level::Note => {}
                }
            }
        }
        c
    }

    /// Every input checked: each has exactly one of the outcomes counted above.
    pub(crate) fn total(&self) -> usize {
        self.fits
            + self.close_calls
            + self.misfits
            + self.unsettled
            + self.accepted
            + self.validated_only
            + self.invalid
    }
}

/// Turns the problems of an invalid input into findings (always errors).
pub(crate) fn invalid(diags: &[Diagnostic]) -> Invalid {
    let source = diags.first().map_or_else(String::new, |d| d.file.clone());
    let findings = diags
        .iter()
        .map(|d| {
            let mut message = match &d.rule {
                Some(rule) => format!("rule `{rule}`: {}", d.message),
                None => d.message.clone(),
            };
            if let Some(hint) = &d.hint {
                message.push_str(&format!(" ({hint})"));
            }
            Finding {
                category: Category::Invalid,
                level: Category::Invalid.level(),
                file: d.file.clone(),
                pos: d.pos,
                message,
            }
        })
        .collect();
    Invalid { source, findings }
}

/// Compares one evaluated profile's `current:` with its recommendation, on `today`
/// (`YYYY-MM-DD`, which decides whether an acceptance still holds). With `strict`, warnings are
/// raised to errors, so every output format agrees with the exit code.
pub(crate) fn assess(
    pack: &RulePack,
    profile: &Profile,
    eval: &Evaluation,
    strict: bool,
    today: &str,
) -> Checked {
    let id = |p: PatternId| pack.pattern_id(p).to_string();
    let rec = eval.recommendation;
    let margin = score(pack.meta.close_call_margin);
    let because = |rule: Option<RuleId>| {
        rule.map(|i| {
            let r = &pack.rules[i];
            format!("{} [{}]", r.because, r.id)
        })
    };
    let components_reason = || {
        pack.meta
            .components_rule
            .as_ref()
            .map(|c| format!("{} [{}]", c.because, c.id))
    };
    let why_rec = || {
        let top = if eval.by_components {
            components_reason()
        } else {
            because(eval.reasons_for(pack, rec).first().copied())
        };
        top.unwrap_or_else(|| format!("{} scores best", id(rec)))
    };
    let at = profile.current_pos.unwrap_or(profile.pos);
    let mut findings = Vec::new();
    let mut find = |category: Category, pos: Pos, message: String| {
        let level = match category.level() {
            Level::Warning if strict => Level::Error,
            level => level,
        };
        findings.push(Finding {
            category,
            level,
            file: profile.source.clone(),
            pos: Some(pos),
            message,
        });
    };
    let (verdict, reason) = match (profile.current, eval.fit) {
        (Some(current), Some(fit)) => {
            let cur = id(current);
            let reason = match fit {
                Fit::Same => why_rec(),
                Fit::WithinMargin(gap) => format!(
                    "{cur} trails {} by {} points, within the pack's margin of {margin}",
                    id(rec),
                    score(gap)
                ),
                Fit::Vetoed => {
                    let veto = because(eval.system.against(pack, current).first().copied());
                    format!(
                        "{cur} is vetoed for this profile: {}",
                        veto.unwrap_or_else(|| "a rule rules it out".to_string())
                    )
                }
                Fit::Behind(gap) => {
                    let against = because(eval.system.against(pack, current).first().copied())
                        .unwrap_or_else(why_rec);
                    format!(
                        "{cur} trails {} by {} points, more than the pack's margin of {margin}: {against}",
                        id(rec),
                        score(gap)
                    )
                }
                Fit::NeedsHybrid => format!(
                    "components need other patterns than the core, so only {} fits: {}",
                    id(rec),
                    components_reason().unwrap_or_else(why_rec)
                ),
                Fit::Partly(share) => unsettled(pack, profile, eval, &cur, share),
            };
            // Written only for a misfit: most profiles fit.
            let misfit = || {
                if eval.all_vetoed && Some(rec) == profile.current {
                    format!(
                    "{}: `current: {cur}` does not fit; every pattern is vetoed for this profile, \
                     and {} is only the least bad by score.",
                    profile.name,
                    id(rec)
                )
                } else {
                    format!(
                        "{}: `current: {cur}` does not fit; archfit recommends {}.",
                        profile.name,
                        id(rec)
                    )
                }
            };
            match &profile.accepted {
                // Open answers: an acceptance that holds covers the completions that misfit;
                // otherwise it is a warning until the answers are found out.
                Some(a) if matches!(fit, Fit::Partly(_)) && a.holds_on(today) => {
                    find(
                        Category::Accepted,
                        a.pos,
                        format!(
                            "{}: {reason}; accepted until {}: {}",
                            profile.name, a.until, a.reason
                        ),
                    );
                    (Verdict::Accepted, reason)
                }
                _ if matches!(fit, Fit::Partly(_)) => {
                    let ended = profile.accepted.as_ref().map_or(String::new(), |a| {
                        format!(" (the acceptance of a misfit ended on {})", a.until)
                    });
                    find(
                        Category::Unsettled,
                        at,
                        format!("{}: {reason}{ended}", profile.name),
                    );
                    (Verdict::Unsettled, reason)
                }
                None if fit.is_match() => (Verdict::Fits, reason),
                None => {
                    find(Category::Misfit, at, format!("{} {reason}", misfit()));
                    (Verdict::Misfit, reason)
                }
                Some(a) if fit.is_match() => {
                    find(
                        Category::UnusedAcceptance,
                        a.pos,
                        format!(
                            "{}: `accepted` is no longer needed: `current: {cur}` fits the profile; remove it",
                            profile.name
                        ),
                    );
                    (Verdict::Fits, reason)
                }
                Some(a) if a.holds_on(today) => {
                    find(
                        Category::Accepted,
                        a.pos,
                        format!(
                            "{}: `current: {cur}` does not fit (archfit recommends {}), accepted until {}: {}",
                            profile.name,
                            id(rec),
                            a.until,
                            a.reason
                        ),
                    );
                    (Verdict::Accepted, reason)
                }
                Some(a) => {
                    find(
                        Category::Misfit,
                        a.until_pos,
                        format!(
                            "{} The acceptance of this misfit ended on {} (\"{}\"): review the decision, then change the architecture or set a new `until`. {reason}",
                            misfit(), a.until, a.reason
                        ),
                    );
                    (Verdict::Misfit, reason)
                }
            }
        }
        _ => (Verdict::ValidatedOnly, why_rec()),
    };
    if verdict != Verdict::ValidatedOnly && eval.close_call {
        if let Some(runner) = eval.runner_up {
            find(
                Category::CloseCall,
                at,
                if eval.gap(runner) > 0.0 {
                    // The rules that make the gap, so the reader knows what to argue with.
                    let deciding = match eval.separation(pack, runner) {
                        Separation::Behind { rules, .. } => rules
                            .iter()
                            .map(|&i| format!("{} {}", pack.rules[i].id, pack.rules[i].effect))
                            .collect::<Vec<_>>()
                            .join(", "),
                        _ => String::new(),
                    };
                    let deciding = if deciding.is_empty() {
                        String::new()
                    } else {
                        format!(", decided by {deciding}")
                    };
                    format!(
                        "{}: close call: {} leads {} by only {} points (the pack's margin is {margin}){deciding}; a small change to the profile could flip the recommendation",
                        profile.name,
                        id(rec),
                        id(runner),
                        score(eval.gap(runner))
                    )
                } else {
                    format!(
                        "{}: close call: {} and {} are tied at {} points and the tie goes to the simpler {}, so any change to the profile that favours {} flips the recommendation",
                        profile.name,
                        id(rec),
                        id(runner),
                        score(eval.system.score(rec)),
                        id(rec),
                        id(runner)
                    )
                },
            );
        }
    }
    Checked {
        name: profile.name.clone(),
        source: profile.source.clone(),
        pos: profile.pos,
        current_pos: profile.current_pos,
        current: profile.current.map(id),
        recommendation: id(rec),
        accepted: profile.accepted.clone(),
        verdict,
        reason,
        findings,
    }
}

/// Points as every report prints them: one decimal.
fn score(points: f64) -> String {
    format!("{points:.1}")
}

/// Why a fit is undecided: how much of what the profile leaves open it fits, and which open
/// answers to settle first.
fn unsettled(
    pack: &RulePack,
    profile: &Profile,
    eval: &Evaluation,
    current: &str,
    share: f64,
) -> String {
    let rec = pack.pattern_id(eval.recommendation);
    let mut text = format!(
        "`current: {current}` fits only {} of what the profile leaves open ({rec} is recommended)",
        percent(share)
    );
    let decisive = eval
        .certainty
        .iter()
        .flat_map(|c| c.decisive.iter().take(3));
    let list: Vec<String> = decisive
        .map(|d| format!("{} ({})", d.name(pack, profile), d.describe(pack)))
        .collect();
    if !list.is_empty() {
        text.push_str(&format!("; find out first: {}", list.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::test_support::small_pack;

    /// `check` of one profile in the small pack on `today`.
    fn assess_text(text: &str, strict: bool, today: &str) -> Checked {
        assess_in(&small_pack(), text, strict, today)
    }

    fn assess_in(pack: &RulePack, text: &str, strict: bool, today: &str) -> Checked {
        let profile = crate::profile::parse_stream(text, "p.yaml", "p", pack)
            .remove(0)
            .unwrap_or_else(|d| panic!("{d:?}"));
        let eval = Engine::new(pack).evaluate(&profile);
        assess(pack, &profile, &eval, strict, today)
    }

    /// Four engineers: monolith 3 points, microservices 0, more than the margin of 1.5 behind.
    const KEEPS_MICROSERVICES: &str = "team_size: 4\ncurrent: microservices\naccepted:\n  reason: mid-migration\n  until: 2030-06-30\n";

    #[test]
    fn an_accepted_misfit_is_a_note_through_its_last_day_and_an_error_after() {
        for today in ["2026-01-01", "2030-06-30"] {
            let c = assess_text(KEEPS_MICROSERVICES, true, today);
            assert_eq!(c.verdict, Verdict::Accepted, "{today}");
            assert_eq!(c.findings.len(), 1);
            let f = &c.findings[0];
            assert_eq!((f.category, f.level), (Category::Accepted, Level::Note));
            // At the `accepted:` key.
            assert_eq!(f.pos, Some(Pos { line: 3, col: 1 }));
            assert!(
                f.message
                    .contains("accepted until 2030-06-30: mid-migration"),
                "{}",
                f.message
            );
        }
        let c = assess_text(KEEPS_MICROSERVICES, false, "2030-07-01");
        assert_eq!(c.verdict, Verdict::Misfit);
        let f = &c.findings[0];
        assert_eq!((f.category, f.level), (Category::Misfit, Level::Error));
        // At the date that passed.
        assert_eq!(f.pos, Some(Pos { line: 5, col: 10 }));
        assert!(f.message.contains("ended on 2030-06-30"), "{}", f.message);
        let counts = Counts::of(&[Entry::Checked(c)]);
        assert_eq!((counts.misfits, counts.accepted, counts.errors), (1, 0, 1));
    }

    /// Long-running work unknown: serverless is recommended without it (4 points for spiky
    /// traffic against the monolith's 3) and vetoed with it, so it fits half the completions.
    const HALF_FITS: &str = "team_size: 4\ntraffic: spiky\nlong_running: unknown\ncurrent: serverless\naccepted:\n  reason: moving the batch jobs out\n  until: 2030-06-30\n";

    #[test]
    fn an_acceptance_covers_the_completions_that_misfit_through_its_last_day() {
        let c = assess_text(HALF_FITS, true, "2030-06-30");
        assert_eq!(c.verdict, Verdict::Accepted);
        assert_eq!(c.findings.len(), 1);
        let f = &c.findings[0];
        assert_eq!((f.category, f.level), (Category::Accepted, Level::Note));
        assert!(
            f.message
                .contains("; accepted until 2030-06-30: moving the batch jobs out"),
            "{}",
            f.message
        );
        // Once it has ended, the open answers leave the fit unsettled, and the finding says
        // the acceptance is over.
        let c = assess_text(HALF_FITS, false, "2030-07-01");
        assert_eq!(c.verdict, Verdict::Unsettled);
        let f = &c.findings[0];
        assert_eq!(f.category, Category::Unsettled);
        assert!(
            f.message
                .ends_with(" (the acceptance of a misfit ended on 2030-06-30)"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_current_system_when_every_pattern_is_vetoed_is_a_misfit_that_says_so() {
        let pack = crate::test_support::fixture_pack("all-vetoed");
        // The least bad pattern by score: the message says it is only that.
        let c = assess_in(
            &pack,
            "mode: hostile\ncurrent: serverless\n",
            false,
            "2026-01-01",
        );
        assert_eq!(c.verdict, Verdict::Misfit);
        assert!(
            c.findings[0].message.starts_with(
                "p: `current: serverless` does not fit; every pattern is vetoed for this \
                 profile, and serverless is only the least bad by score."
            ),
            "{}",
            c.findings[0].message
        );
        // Another vetoed pattern: the plain misfit, naming the least bad as the answer.
        let c = assess_in(
            &pack,
            "mode: hostile\ncurrent: monolith\n",
            false,
            "2026-01-01",
        );
        assert_eq!(c.verdict, Verdict::Misfit);
        assert!(
            c.findings[0]
                .message
                .starts_with("p: `current: monolith` does not fit; archfit recommends serverless."),
            "{}",
            c.findings[0].message
        );
    }

    #[test]
    fn an_acceptance_of_an_architecture_that_fits_is_a_warning_to_remove_it() {
        let fits = KEEPS_MICROSERVICES.replace("microservices", "monolith");
        let c = assess_text(&fits, false, "2026-01-01");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(c.findings.len(), 1);
        assert_eq!(c.findings[0].category, Category::UnusedAcceptance);
        assert_eq!(c.findings[0].level, Level::Warning);
        let strict = assess_text(&fits, true, "2026-01-01");
        assert_eq!(strict.findings[0].level, Level::Error);
    }

    #[test]
    fn counts_put_every_input_in_one_group() {
        // Serverless 4 (spiky) against monolith 3: within the margin of 1.5, a close call.
        let close = assess_text(
            "team_size: 4\ntraffic: spiky\ncurrent: serverless\n",
            false,
            "2026-01-01",
        );
        assert_eq!(close.verdict, Verdict::Fits);
        assert!(close.is_close_call());
        let fits = assess_text("team_size: 4\ncurrent: monolith\n", false, "2026-01-01");
        let accepted = assess_text(KEEPS_MICROSERVICES, false, "2026-01-01");
        let plain = assess_text("team_size: 4\n", false, "2026-01-01");
        let entries: Vec<Entry> = [close, fits, accepted, plain]
            .into_iter()
            .map(Entry::Checked)
            .collect();
        let c = Counts::of(&entries);
        assert_eq!(
            (
                c.fits,
                c.close_calls,
                c.misfits,
                c.accepted,
                c.validated_only,
                c.invalid
            ),
            (1, 1, 0, 1, 1, 0)
        );
        assert_eq!((c.total(), c.errors, c.warnings), (4, 0, 1));
    }

    #[test]
    fn an_invalid_input_keeps_every_problem_with_its_hint_and_position() {
        let diags = vec![
            Diagnostic::at("p.yaml", Pos { line: 3, col: 10 }, "`bursty` is not valid")
                .with_hint(Some("did you mean `spiky`?".to_string())),
            Diagnostic::new("p.yaml", None, "missing required field `devops`"),
        ];
        let inv = invalid(&diags);
        assert_eq!(inv.source, "p.yaml");
        assert_eq!(inv.findings.len(), 2);
        assert_eq!(
            inv.findings[0].message,
            "`bursty` is not valid (did you mean `spiky`?)"
        );
        assert_eq!(inv.findings[0].pos, Some(Pos { line: 3, col: 10 }));
        assert!(inv
            .findings
            .iter()
            .all(|f| f.level == Level::Error && f.category == Category::Invalid));
        let counts = Counts::of(&[Entry::Invalid(inv)]);
        assert_eq!((counts.invalid, counts.errors, counts.total()), (1, 2, 1));
    }
}
