//! The command line: clap's types (mostly help text), and their translation into each
//! command's plain configuration. Nothing below this module sees clap.

use crate::cmd::check::CheckFormat;
use crate::cmd::{self, DataFormat, ReportFormat};
use crate::report::Style;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;

/// Which backend architecture fits this project — and why.
#[derive(Debug, Parser)]
#[command(name = "archfit", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 success, 1 a check or test failed, 2 invalid input or usage."
)]
pub(crate) struct Cli {
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
pub(crate) enum Command {
    /// Evaluate profiles and print a recommendation for each.
    Recommend(Lazy<RecommendArgs>),
    /// Write the decision as the next numbered Architecture Decision Record.
    Adr(Lazy<AdrArgs>),
    /// Compare two profiles: changed fields, ranking movement, the rules that made the difference.
    Diff(Lazy<DiffArgs>),
    /// Inspect, lint, test, analyse and compare rule packs.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// CI gate: validate profiles and fail when a `current:` architecture no longer fits.
    Check(Lazy<CheckArgs>),
    /// Print the JSON Schema of profiles (from the active rule pack's catalog), for editors.
    Schema,
    /// Print shell completions for SHELL.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Answer questions on the terminal and get a recommendation; --save keeps the answers.
    Ask(Lazy<AskArgs>),
}

/// A subcommand's arguments, added to clap's definition of the command line only when that
/// subcommand is the one given (or when help or completions ask for them), so a run over one
/// profile does not define every other command's arguments first (BENCHMARKS.md has what that
/// saves). Dereferences to the arguments themselves. (`rules` keeps its nested subcommands
/// eager: deferred, they would be missing from the generated `help` subcommand.)
#[derive(Debug)]
pub(crate) struct Lazy<T>(pub T);

impl<T> std::ops::Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }
    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "A current architecture fits when it is the recommendation, or is not vetoed and trails it by no more than the rule pack's close_call_margin; when components make the system hybrid, only hybrid fits. Profiles without `current:` are only validated.\n\nExit codes: 0 every profile fits, 1 a profile does not fit (or, with --strict, a warning), 2 invalid input."
)]
pub(crate) struct CheckArgs {
    /// Profile files, directories (every *.yaml / *.yml below, sorted), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Treat warnings (close calls) as errors: they fail the check too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub(crate) struct AskArgs {
    /// Write the answers to FILE as a commented profile that `recommend` reads back
    /// (an existing file is replaced only after you confirm).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Start from the answers in this profile: its values become the defaults.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// Output format of the recommendation.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub report: ReportOptions,
}

#[derive(Debug, Args)]
pub(crate) struct RecommendArgs {
    /// Profile files, directories (every *.yaml / *.yml below, sorted), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub report: ReportOptions,
}

// What `recommend` and `ask` show besides the format. (A doc comment here would become
// the about text of both commands.)
#[derive(Debug, Args)]
pub(crate) struct ReportOptions {
    /// Also list every rule that fired, with its effect.
    #[arg(long)]
    pub explain: bool,

    /// Date of the decision record for `--format markdown` (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::date::parse)]
    pub date: Option<String>,

    /// Draw the score bars of `--format text` with ASCII characters (the default when the
    /// locale is not UTF-8).
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Args)]
pub(crate) struct AdrArgs {
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
pub(crate) struct DiffArgs {
    /// The profile before the change (a file, or - for standard input).
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The profile after the change (a file, or - for standard input).
    #[arg(value_name = "NEW")]
    pub new: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}

/// `archfit rules …`: a rule pack is data that teams change, checked like code.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum RulesCommand {
    /// List the rules of the active pack (--rules, or the built-in one).
    List {
        /// Only the rules of this pattern.
        #[arg(long, value_name = "PATTERN")]
        pattern: Option<String>,
    },
    /// Show one rule in full: condition, effect, because-text and source.
    Show {
        /// The rule id, e.g. monolith.small-team.
        id: String,
    },
    /// Report every problem of a rule pack (default: the active pack).
    Lint {
        /// The pack directory.
        dir: Option<PathBuf>,
        /// Fail (exit 2) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the pack's own test cases (its tests/ directory).
    Test {
        /// The pack directory.
        dir: Option<PathBuf>,
        /// List the rules no case fires.
        #[arg(long)]
        coverage: bool,
        /// Fail (exit 1) when fewer than this percentage of rules fire in some case.
        #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
        min_coverage: Option<u8>,
        /// Fail (exit 1) when the pack has no test cases at all (without it, a warning).
        #[arg(long)]
        require_cases: bool,
    },
    /// Analyse the pack over its whole profile space: reachable patterns, inert rules and fields.
    Analyze {
        /// The pack directory.
        dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
    },
    /// Which recommendations change between two packs, and which rule changes caused it.
    Diff {
        /// The pack before the change.
        old: PathBuf,
        /// The pack after the change.
        new: PathBuf,
        /// Profile files, directories, or - for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs a parsed command line, writing results to `out` and problems to `err`.
pub(crate) fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> cmd::Result {
    let rules = cli.rules.clone();
    let color = use_color(cli.color, std::io::stdout().is_terminal());
    let date = |date: &Option<String>| date.clone().unwrap_or_else(crate::date::today_utc);
    match &cli.command {
        Command::Recommend(args) => cmd::recommend::run(
            &cmd::recommend::Config {
                rules,
                paths: args.paths.clone(),
                format: args.format,
                style: Style {
                    color,
                    explain: args.report.explain,
                    ascii: args.report.ascii || !utf8_locale(),
                },
                date: date(&args.report.date),
            },
            out,
            err,
        ),
        Command::Adr(args) => cmd::adr::run(
            &cmd::adr::Config {
                rules,
                profile: args.profile.clone(),
                dir: args.dir.clone(),
                date: date(&args.date),
                supersedes: args.supersedes,
            },
            out,
        ),
        Command::Diff(args) => cmd::diff::run(
            &cmd::diff::Config {
                rules,
                old: args.old.clone(),
                new: args.new.clone(),
                format: args.format,
            },
            out,
        ),
        Command::Rules(command) => cmd::rules::run(&command.into(), rules.as_deref(), out, err),
        Command::Check(args) => cmd::check::run(
            &cmd::check::Config {
                rules,
                paths: args.paths.clone(),
                format: args.format,
                strict: args.strict,
                color,
            },
            out,
            err,
        ),
        Command::Schema => cmd::schema::run(rules.as_deref(), out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Generated in memory and written after: clap_complete panics on a write error,
            // and the output (a closed pipe, a full disk) must be able to fail cleanly.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "archfit", &mut script);
            out.write_all(&script)?;
            Ok(cmd::Exit::Success)
        }
        Command::Ask(args) => cmd::ask::run(
            &cmd::ask::Config {
                rules,
                save: args.save.clone(),
                from: args.from.clone(),
                format: args.format,
                style: Style {
                    color,
                    explain: args.report.explain,
                    ascii: args.report.ascii || !utf8_locale(),
                },
                // The prompts go to standard error.
                prompt_color: use_color(cli.color, std::io::stderr().is_terminal()),
                date: date(&args.report.date),
            },
            out,
            err,
        ),
    }
}

/// Whether output to a stream may be coloured: as asked, or in `auto` when the stream is a
/// terminal and `NO_COLOR` is not set.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Whether the locale's character set is UTF-8: the first of `LC_ALL`, `LC_CTYPE` and `LANG`
/// that is set says. None set is the C locale, whose character set is ASCII.
fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .is_some_and(|locale| {
            let locale = locale.to_ascii_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        })
}

/// The command line's words for the formats of a report on each profile.
impl ValueEnum for ReportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Text, Self::Json, Self::Markdown, Self::Html]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Text => PossibleValue::new("text")
                .help("For people: ranking table, reasons, trade-offs, what-if"),
            Self::Json => PossibleValue::new("json")
                .help("For machines: a JSON array, one object per profile"),
            Self::Markdown => PossibleValue::new("markdown").help(
                "An Architecture Decision Record per profile, ready to commit under docs/adr/",
            ),
            Self::Html => PossibleValue::new("html").help(
                "One self-contained page with charts, to share or attach: no script, no network",
            ),
        })
    }
}

/// The command line's words for the formats `check` writes for CI systems.
impl ValueEnum for CheckFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Self::Text,
            Self::Json,
            Self::Github,
            Self::Junit,
            Self::Sarif,
            Self::Html,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Text => PossibleValue::new("text")
                .help("For people: a summary table and one line per finding"),
            Self::Json => PossibleValue::new("json").help(
                "A JSON array, one `recommend --format json` object per profile plus its `check` verdict",
            ),
            Self::Github => PossibleValue::new("github").help(
                "GitHub Actions workflow commands (`::error file=…,line=…::`), shown inline on pull requests",
            ),
            Self::Junit => PossibleValue::new("junit")
                .help("JUnit XML, one test case per profile, for CI dashboards"),
            Self::Sarif => {
                PossibleValue::new("sarif").help("SARIF 2.1.0, for code-scanning uploads")
            }
            Self::Html => PossibleValue::new("html").help(
                "One self-contained portfolio page with charts: a summary, a row and a section per profile",
            ),
        })
    }
}

/// The command line's words for the formats of facts (no decision record).
impl ValueEnum for DataFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Text, Self::Json]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Text => PossibleValue::new("text"),
            Self::Json => PossibleValue::new("json"),
        })
    }
}

impl From<&RulesCommand> for cmd::rules::Command {
    fn from(c: &RulesCommand) -> Self {
        match c.clone() {
            RulesCommand::List { pattern } => Self::List { pattern },
            RulesCommand::Show { id } => Self::Show { id },
            RulesCommand::Lint { dir, deny_warnings } => Self::Lint { dir, deny_warnings },
            RulesCommand::Test {
                dir,
                coverage,
                min_coverage,
                require_cases,
            } => Self::Test {
                dir,
                coverage,
                min_coverage,
                require_cases,
            },
            RulesCommand::Analyze { dir, format } => Self::Analyze { dir, format },
            RulesCommand::Diff {
                old,
                new,
                paths,
                format,
            } => Self::Diff {
                old,
                new,
                paths,
                format,
            },
        }
    }
}

#[cfg(test)]
mod tests;
