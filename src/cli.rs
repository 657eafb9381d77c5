//! Command-line interface: clap types, and the dispatch from commands to the library.
//!
//! This is the only place that knows about arguments, exit codes and standard streams.

use crate::cmd;
use crate::pack::RulePack;
use crate::report::Style;
use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Which backend architecture fits this project — and why.
#[derive(Debug, Parser)]
#[command(name = "archfit", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 success, 1 a check or test failed, 2 invalid input or usage."
)]
pub struct Cli {
    /// Use the rule pack in DIR instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// When to colour text output (NO_COLOR is honoured in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate profiles and print a recommendation for each.
    Recommend(RecommendArgs),
    /// Answer questions on the terminal and get a recommendation; --save keeps the answers.
    Ask(AskArgs),
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// Write the answers to FILE as a commented profile that `recommend` reads back
    /// (an existing file is replaced only after you confirm).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Start from the answers in this profile: its values become the defaults.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// Output format of the recommendation.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Also list every rule that fired, with its effect.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Profile files, directories (every *.yaml / *.yml below, sorted), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Also list every rule that fired, with its effect.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: ranking table, reasons, trade-offs, what-if.
    Text,
    /// For machines: a JSON array, one object per profile.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// A check or a rule-pack test failed.
    Failure = 1,
    /// Invalid input or usage.
    Invalid = 2,
    /// `ask` stopped by the user (Esc or Ctrl-C), as shells report an interrupt: 128 + SIGINT.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Parses arguments, runs the command, prints any error once, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    match run(&cli, &mut out, &mut err).and_then(|code| {
        out.flush()?;
        Ok(code)
    }) {
        Ok(code) => code.into(),
        // `archfit recommend dir/ | head -1`: the reader went away; that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            Exit::Invalid.into()
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs a parsed command line, writing results to `out` and problems to `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Exit> {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    match &cli.command {
        Command::Recommend(args) => {
            let pack = load_pack(cli.rules.as_deref())?;
            let style = Style {
                color,
                explain: args.explain,
            };
            cmd::recommend::run(&pack, args, style, out, err)
        }
        Command::Ask(args) => {
            let pack = load_pack(cli.rules.as_deref())?;
            let style = Style {
                color,
                explain: args.explain,
            };
            cmd::ask::run(&pack, args, style, prompt_color(cli.color), out, err)
        }
    }
}

/// Whether `ask`'s prompts (on standard error) may use colour.
fn prompt_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The pack given with `--rules`, or the built-in one.
pub fn load_pack(dir: Option<&Path>) -> anyhow::Result<RulePack> {
    match dir {
        Some(dir) => {
            RulePack::from_dir(dir).with_context(|| format!("invalid rule pack {}", dir.display()))
        }
        None => {
            RulePack::embedded().context("the built-in rule pack is invalid (a bug in archfit)")
        }
    }
}
