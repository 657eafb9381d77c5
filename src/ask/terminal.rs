//! The [`Prompter`] that asks on the terminal with `inquire` (prompts go to standard error, so
//! standard output carries only the report and `archfit ask --format json > out.json` works).
//!
//! An Enter that keeps a default (assumed) must be told apart from typing the same value
//! (stated), and `inquire` returns the same value for both: [`Typed`] watches its parser, which
//! `inquire` calls only for typed input, to tell them apart.

use super::{BoolQ, IntQ, IntReply, MultiQ, Prompter, Reply, SelectQ, Stop, TextQ};
use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::ui::RenderConfig;
use inquire::validator::Validation;
use inquire::{CustomType, MultiSelect, Select, Text};
use std::cell::Cell;
use std::io::Write as _;
use std::rc::Rc;

/// Rows shown at once in a list: enough for the whole default catalog in the component
/// field list, few enough for a 24-line terminal.
const PAGE: usize = 16;

pub(crate) struct Terminal {
    render: RenderConfig<'static>,
}

impl Terminal {
    /// `color`: whether prompts may use ANSI colours (decided by `--color` and `NO_COLOR`).
    pub(crate) fn new(color: bool) -> Self {
        let render = if color {
            RenderConfig::default_colored()
        } else {
            RenderConfig::empty()
        };
        Terminal { render }
    }
}

fn stop(e: InquireError) -> Stop {
    match e {
        InquireError::OperationCanceled => Stop::Cancelled,
        InquireError::OperationInterrupted => Stop::Interrupted,
        InquireError::NotTTY => Stop::Failed("standard input is not a terminal".to_string()),
        other => Stop::Failed(other.to_string()),
    }
}

impl Prompter for Terminal {
    fn note(&mut self, text: &str) -> Result<(), Stop> {
        writeln!(std::io::stderr(), "{text}").map_err(|e| Stop::Failed(e.to_string()))
    }

    fn ask_select(&mut self, q: &SelectQ) -> Result<usize, Stop> {
        let formatter = |o: ListOption<&String>| {
            q.answers
                .get(o.index)
                .cloned()
                .unwrap_or_else(|| o.value.clone())
        };
        let chosen = Select::new(&q.message, q.options.clone())
            .with_help_message(&q.help)
            .with_starting_cursor(q.start)
            .with_page_size(q.options.len().clamp(1, PAGE))
            .with_formatter(&formatter)
            .with_render_config(self.render)
            .raw_prompt()
            .map_err(stop)?;
        Ok(chosen.index)
    }

    fn ask_int(&mut self, q: &IntQ) -> Result<Reply<IntReply>, Stop> {
        let typed = Typed::default();
        let parser = typed.parser(|s: &str| IntReply::parse(s).ok_or(()));
        let formatter = |v: IntReply| {
            if typed.last() {
                v.to_string()
            } else {
                q.enter_label.clone()
            }
        };
        let check = q.clone();
        let validator = typed.validator(move |v: &IntReply| check.check_reply(*v));
        let parse_error = q.parse_error();
        let mut prompt = CustomType::<IntReply>::new(&q.message)
            .with_parser(&parser)
            .with_formatter(&formatter)
            .with_validator(validator)
            .with_error_message(&parse_error)
            .with_help_message(&q.help)
            .with_render_config(self.render);
        if let Some(d) = q.default {
            prompt = prompt.with_default(IntReply::Value(d));
        } else if !q.enter_label.is_empty() {
            // An open answer stated before: Enter keeps it (the caller knows which).
            prompt = prompt.with_default(IntReply::NotSure);
        }
        let v = prompt.prompt().map_err(stop)?;
        Ok(if typed.last() {
            Reply::Typed(v)
        } else {
            Reply::Enter
        })
    }

    fn ask_bool(&mut self, q: &BoolQ) -> Result<Reply<Option<bool>>, Stop> {
        let typed = Typed::default();
        let open = q.open;
        let parser = typed.parser(move |s: &str| match s.parse::<Yn>() {
            Ok(Yn(None)) if !open => Err(()),
            other => other.map_err(|_| ()),
        });
        let formatter = |b: Yn| {
            if typed.last() {
                b.to_string()
            } else {
                q.enter_label.clone()
            }
        };
        let or_not_sure = if q.open { ", ? if not sure" } else { "" };
        let error = match q.default {
            Some(true) => format!("Type y or n{or_not_sure}, or press Enter for yes"),
            Some(false) => format!("Type y or n{or_not_sure}, or press Enter for no"),
            None => format!("Type y or n{or_not_sure}"),
        };
        let suffix = match (q.default, q.open) {
            (Some(true), false) => "Y/n",
            (Some(false), false) => "y/N",
            (None, false) => "y/n",
            (Some(true), true) => "Y/n/?",
            (Some(false), true) => "y/N/?",
            (None, true) => "y/n/?",
        };
        // The prompt puts the default's text in parentheses itself: "(y/N)".
        let shows_keys = |_: Yn| suffix.to_string();
        let mut prompt = CustomType::<Yn>::new(&q.message)
            .with_parser(&parser)
            .with_formatter(&formatter)
            .with_default_value_formatter(&shows_keys)
            .with_validator(typed.validator(|_: &Yn| Ok(())))
            .with_error_message(&error)
            .with_help_message(&q.help)
            .with_render_config(self.render);
        match q.default {
            Some(d) => prompt = prompt.with_default(Yn(Some(d))),
            None if !q.enter_label.is_empty() => prompt = prompt.with_default(Yn(None)),
            None => {}
        }
        let Yn(b) = prompt.prompt().map_err(stop)?;
        Ok(if typed.last() {
            Reply::Typed(b)
        } else {
            Reply::Enter
        })
    }

    fn ask_text(&mut self, q: &TextQ) -> Result<String, Stop> {
        let check = q.clone();
        let validator = move |s: &str| {
            Ok(match check.check(s) {
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        };
        let shown = |s: &str| q.check(s).unwrap_or_else(|_| s.to_string());
        let mut text = Text::new(&q.message)
            .with_validator(validator)
            .with_formatter(&shown)
            .with_help_message(&q.help)
            .with_render_config(self.render);
        if let Some(d) = q.default.as_deref().filter(|d| !d.is_empty()) {
            text = text.with_default(d);
        }
        let input = text.prompt().map_err(stop)?;
        q.check(&input).map_err(Stop::Failed)
    }

    fn ask_multi(&mut self, q: &MultiQ) -> Result<Vec<usize>, Stop> {
        let check = q.clone();
        let validator = move |picked: &[ListOption<&String>]| {
            let rows: Vec<usize> = picked.iter().map(|o| o.index).collect();
            Ok(match check.check(&rows) {
                Ok(()) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        };
        let formatter = |picked: &[ListOption<&String>]| {
            picked
                .iter()
                .map(|o| q.answers.get(o.index).cloned().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let help = format!(
            "{} Space ticks a row, Enter goes on, typing filters.",
            q.help
        );
        let picked = MultiSelect::new(&q.message, q.options.clone())
            .with_default(&q.selected)
            .with_validator(validator)
            .with_formatter(&formatter)
            .with_help_message(&help)
            .with_page_size(q.options.len().clamp(1, PAGE))
            .with_render_config(self.render)
            .raw_prompt()
            .map_err(stop)?;
        Ok(picked.into_iter().map(|o| o.index).collect())
    }
}

/// Records whether the answer just submitted was typed or was the default kept with Enter.
///
/// `inquire` calls the parser only for non-empty input, then the validators on every
/// submission that parsed (typed or default). So the parser raises a flag when it parses, and a
/// validator moves the flag into `last` and lowers it: after a typed answer that failed
/// validation, a following bare Enter still counts as not typed.
#[derive(Default, Clone)]
struct Typed {
    parsed: Rc<Cell<bool>>,
    last: Rc<Cell<bool>>,
}

impl Typed {
    fn last(&self) -> bool {
        self.last.get()
    }

    fn parser<T>(&self, parse: impl Fn(&str) -> Result<T, ()>) -> impl Fn(&str) -> Result<T, ()> {
        let parsed = Rc::clone(&self.parsed);
        move |s: &str| {
            let v = parse(s);
            parsed.set(v.is_ok());
            v
        }
    }

    fn validator<T: ?Sized>(
        &self,
        check: impl Fn(&T) -> Result<(), String> + Clone + 'static,
    ) -> impl Fn(&T) -> Result<Validation, inquire::CustomUserError> + Clone + 'static {
        let this = self.clone();
        move |v: &T| {
            this.last.set(this.parsed.replace(false));
            Ok(match check(v) {
                Ok(()) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        }
    }
}

/// A yes/no/not-sure answer as typed: `y`, `n`, or `?`.
#[derive(Debug, Clone, Copy)]
struct Yn(Option<bool>);

impl std::str::FromStr for Yn {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_lowercase().as_str() {
            "y" | "yes" | "true" => Ok(Yn(Some(true))),
            "n" | "no" | "false" => Ok(Yn(Some(false))),
            _ if super::not_sure(s) => Ok(Yn(None)),
            _ => Err(()),
        }
    }
}

impl std::fmt::Display for Yn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not sure",
        })
    }
}
