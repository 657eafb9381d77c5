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
    /// Write the decision as the next numbered Architecture Decision Record.
    Adr(AdrArgs),
    /// Compare two profiles: changed fields, ranking movement, the rules that made the difference.
    Diff(DiffArgs),
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

    /// Date of the decision record for `--format markdown` (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::date::parse)]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct AdrArgs {
    /// The profile file (exactly one profile), or - for standard input.
    #[arg(value_name = "PROFILE")]
    pub profile: String,

    /// Directory of the decision records (created if missing).
    #[arg(long, value_name = "DIR", default_value = "docs/adr")]
    pub dir: PathBuf,

    /// Date of the record (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::date::parse)]
    pub date: Option<String>,

    /// Mark record N as superseded by the new one, and link both ways.
    #[arg(long, value_name = "N")]
    pub supersedes: Option<u32>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The profile before the change (a file, or - for standard input).
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The profile after the change (a file, or - for standard input).
    #[arg(value_name = "NEW")]
    pub new: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: ranking table, reasons, trade-offs, what-if.
    Text,
    /// For machines: a JSON array, one object per profile.
    Json,
    /// An Architecture Decision Record per profile, ready to commit under docs/adr/.
    Markdown,
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
        Command::Adr(args) => {
            let pack = load_pack(cli.rules.as_deref())?;
            let date = args.date.clone().unwrap_or_else(crate::date::today_utc);
            cmd::adr::run(&pack, args, &date, out, err)
        }
        Command::Diff(args) => {
            let pack = load_pack(cli.rules.as_deref())?;
            cmd::diff::run(&pack, args, out, err)
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
