//! A [`Prompter`] that answers from a script, for tests: it records every question and every
//! error message, and, like the terminal, asks again when an answer fails its check.

use super::{BoolQ, IntQ, IntReply, MultiQ, Prompter, Reply, SelectQ, Stop, TextQ};
use std::collections::VecDeque;

#[derive(Debug, Clone)]
pub(crate) enum Step {
    Select(usize),
    Int(Reply<i64>),
    Bool(Reply<bool>),
    Text(String),
    Multi(Vec<usize>),
    /// A number question answered with a range.
    Range(i64, i64),
    /// `?` typed at a number or yes/no question.
    NotSure,
    /// Esc, Ctrl-C or a failure at this question.
    Stop(Stop),
    /// Whatever the question starts on: the cursor row, Enter on an input, the ticked rows.
    Enter,
}

/// One question as it was put.
#[derive(Debug, Clone)]
pub(crate) enum Asked {
    Select(SelectQ),
    Int(IntQ),
    Bool(BoolQ),
    Text(TextQ),
    Multi(MultiQ),
}

impl Asked {
    pub(crate) fn message(&self) -> &str {
        match self {
            Asked::Select(q) => &q.message,
            Asked::Int(q) => &q.message,
            Asked::Bool(q) => &q.message,
            Asked::Text(q) => &q.message,
            Asked::Multi(q) => &q.message,
        }
    }
}

#[derive(Default)]
pub(crate) struct Script {
    pub steps: VecDeque<Step>,
    /// When the script runs out: answer Enter to everything (fails on required fields).
    pub then_enter: bool,
    pub asked: Vec<Asked>,
    pub errors: Vec<String>,
    pub notes: Vec<String>,
}

impl Script {
    pub(crate) fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Script {
            steps: steps.into_iter().collect(),
            ..Script::default()
        }
    }

    fn next(&mut self) -> Result<Step, Stop> {
        match self.steps.pop_front() {
            Some(Step::Stop(s)) => Err(s),
            Some(step) => Ok(step),
            None if self.then_enter => Ok(Step::Enter),
            None => panic!(
                "the script ran out at question {:?}",
                self.asked.last().map(Asked::message)
            ),
        }
    }

    pub(crate) fn messages(&self) -> Vec<&str> {
        self.asked.iter().map(Asked::message).collect()
    }
}

impl Prompter for Script {
    fn note(&mut self, text: &str) -> Result<(), Stop> {
        self.notes.push(text.to_string());
        Ok(())
    }

    fn ask_select(&mut self, q: &SelectQ) -> Result<usize, Stop> {
        self.asked.push(Asked::Select(q.clone()));
        assert!(q.start < q.options.len(), "start row out of range");
        assert_eq!(q.options.len(), q.answers.len());
        match self.next()? {
            Step::Select(i) if i < q.options.len() => Ok(i),
            // A person would not press Enter on a "pick one" row twice: they move down.
            Step::Enter if q.options[q.start].starts_with("(pick one") => Ok(q.start + 1),
            Step::Enter => Ok(q.start),
            other => panic!("{other:?} does not answer the list {:?}", q.message),
        }
    }

    fn ask_int(&mut self, q: &IntQ) -> Result<Reply<IntReply>, Stop> {
        self.asked.push(Asked::Int(q.clone()));
        loop {
            let reply = match self.next()? {
                Step::Int(Reply::Typed(v)) => Reply::Typed(IntReply::Value(v)),
                Step::Int(Reply::Enter) | Step::Enter => Reply::Enter,
                Step::Range(lo, hi) => Reply::Typed(IntReply::Range(lo, hi)),
                Step::NotSure => Reply::Typed(IntReply::NotSure),
                other => panic!("{other:?} does not answer {:?}", q.message),
            };
            let checked = match reply {
                Reply::Typed(r) => Some(q.check_reply(r)),
                // Enter keeps the default, or an open answer stated before (its label).
                Reply::Enter => match q.default {
                    Some(v) => Some(q.check(v)),
                    None if !q.enter_label.is_empty() => Some(Ok(())),
                    None => None,
                },
            };
            match checked {
                Some(Ok(())) => return Ok(reply),
                Some(Err(e)) => self.errors.push(e),
                None => self.errors.push(q.parse_error()),
            }
        }
    }

    fn ask_bool(&mut self, q: &BoolQ) -> Result<Reply<Option<bool>>, Stop> {
        self.asked.push(Asked::Bool(q.clone()));
        loop {
            match self.next()? {
                Step::Bool(Reply::Enter) | Step::Enter
                    if q.default.is_none() && q.enter_label.is_empty() =>
                {
                    self.errors.push("Type y or n".to_string());
                }
                Step::Bool(Reply::Typed(b)) => return Ok(Reply::Typed(Some(b))),
                Step::NotSure if q.open => return Ok(Reply::Typed(None)),
                Step::Bool(Reply::Enter) | Step::Enter => return Ok(Reply::Enter),
                other => panic!("{other:?} does not answer {:?}", q.message),
            }
        }
    }

    fn ask_text(&mut self, q: &TextQ) -> Result<String, Stop> {
        self.asked.push(Asked::Text(q.clone()));
        loop {
            let input = match self.next()? {
                Step::Text(t) => t,
                Step::Enter => String::new(),
                other => panic!("{other:?} does not answer {:?}", q.message),
            };
            match q.check(&input) {
                Ok(t) => return Ok(t),
                Err(e) => self.errors.push(e),
            }
        }
    }

    fn ask_multi(&mut self, q: &MultiQ) -> Result<Vec<usize>, Stop> {
        self.asked.push(Asked::Multi(q.clone()));
        loop {
            let picked = match self.next()? {
                Step::Multi(p) => p,
                Step::Enter => q.selected.clone(),
                other => panic!("{other:?} does not answer {:?}", q.message),
            };
            match q.check(&picked) {
                Ok(()) => return Ok(picked),
                Err(e) => self.errors.push(e),
            }
        }
    }
}
