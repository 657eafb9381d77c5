//! The command line: clap's types (mostly help text), and their translation into each
//! command's plain configuration. Nothing below this module sees clap.

use crate::cmd::check::CheckFormat;
use crate::cmd::{self, DataFormat, ReportFormat};
use crate::report::Style;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;

mod width;

/// Which backend architecture fits this project — and why.
#[derive(Debug, Parser)]
#[command(name = "archfit", about, long_about = None, propagate_version = true)]
#[command(version, long_version = long_version())]
#[command(
    after_help = "Exit codes: 0 success, 1 a check or test failed, 2 invalid input or usage, 130 `ask` stopped by the user (Esc or Ctrl-C)."
)]
pub(crate) struct Cli {
    /// Use the rule pack in DIR instead of the built-in one, for the command that follows
    /// (commands that read a pack also take it after their name).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// When to colour the output of recommend, ask and check, which also take it after their
    /// name [default: auto]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--version`: archfit's version and the rule pack built into it, whose rules every answer
/// rests on unless `--rules` names another.
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let (name, version, sha256) = crate::pack::embedded_identity();
        format!(
            "{}\nbuilt-in rule pack: {name} {version} (sha256 {sha256})",
            env!("CARGO_PKG_VERSION")
        )
    })
}

/// `--rules DIR` where a command reads a rule pack.
#[derive(Debug, Clone, Args)]
pub(crate) struct PackOption {
    /// Use the rule pack in DIR instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// `--color WHEN` where a command colours what it prints.
#[derive(Debug, Args)]
pub(crate) struct ColorOption {
    /// When to colour the output: auto (on a terminal, never with NO_COLOR set, always with
    /// FORCE_COLOR or CLICOLOR_FORCE set), always or never [default: auto]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
}

// The person's way in comes first in the help, then the commands for profiles, then CI and
// tooling.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Answer questions on the terminal and get a recommendation; --save keeps the answers.
    Ask(Lazy<AskArgs>),
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
    Schema(PackOption),
    /// Print shell completions for SHELL.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print archfit's manual page (roff), or write one page per command into a directory.
    Man {
        /// Write archfit.1 and a page per command (archfit-check.1, …) into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

impl Command {
    /// The rule pack named after the command's name: `--rules DIR`, or the `DIR` of
    /// `rules lint`, `test` and `analyze`.
    fn own_pack(&self) -> Option<&PathBuf> {
        match self {
            Command::Ask(a) => a.pack.rules.as_ref(),
            Command::Recommend(a) => a.pack.rules.as_ref(),
            Command::Adr(a) => a.pack.rules.as_ref(),
            Command::Diff(a) => a.pack.rules.as_ref(),
            Command::Check(a) => a.pack.rules.as_ref(),
            Command::Schema(pack)
            | Command::Rules(RulesCommand::List { pack, .. } | RulesCommand::Show { pack, .. }) => {
                pack.rules.as_ref()
            }
            Command::Rules(
                RulesCommand::Lint { dir, rules, .. }
                | RulesCommand::Test { dir, rules, .. }
                | RulesCommand::Analyze { dir, rules, .. },
            ) => dir.as_ref().or(rules.as_ref()),
            Command::Rules(RulesCommand::Diff { .. })
            | Command::Completions { .. }
            | Command::Man { .. } => None,
        }
    }
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
    after_help = "A current architecture fits when it is the recommendation, or is not vetoed and trails it by no more than the rule pack's close_call_margin; when components make the system hybrid, only hybrid fits. A misfit the profile accepts (`accepted:` with a reason and an `until` date) passes as accepted through that date and fails after it. Profiles without `current:` are only validated.\n\nExit codes: 0 every profile fits, 1 a profile does not fit (or, with --strict, a warning), 2 invalid input."
)]
pub(crate) struct CheckArgs {
    /// Profile files, directories (every *.yaml / *.yml below, sorted), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Treat warnings (close calls, unneeded acceptances) as errors: they fail the check too.
    #[arg(long)]
    pub strict: bool,

    /// Print only errors and warnings, then the one-line summary (text format).
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub pack: PackOption,

    #[command(flatten)]
    pub color: ColorOption,
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

    /// Ask every question, in catalog order (by default the most decisive comes first and the
    /// questions stop when nothing else could change the answer).
    #[arg(long)]
    pub all: bool,

    /// Output format of the recommendation.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub report: ReportOptions,

    #[command(flatten)]
    pub pack: PackOption,

    #[command(flatten)]
    pub color: ColorOption,
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

    #[command(flatten)]
    pub pack: PackOption,

    #[command(flatten)]
    pub color: ColorOption,
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

    /// Write a new record even when the latest record for this profile already holds the
    /// same decision (without it, adr warns and writes nothing).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub pack: PackOption,
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

    #[command(flatten)]
    pub pack: PackOption,
}

/// `archfit rules …`: a rule pack is data that teams change, checked like code.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum RulesCommand {
    /// List the rules of the active pack (--rules, or the built-in one).
    List {
        /// Only the rules of this pattern.
        #[arg(long, value_name = "PATTERN")]
        pattern: Option<String>,
        #[command(flatten)]
        pack: PackOption,
    },
    /// Show one rule in full: condition, effect, because-text and source (any id a report
    /// cites, including the pack's components rule).
    Show {
        /// The rule id, e.g. monolith.small-team.
        id: String,
        #[command(flatten)]
        pack: PackOption,
    },
    /// Report every problem of a rule pack (default: the active pack).
    Lint {
        /// The pack directory.
        dir: Option<PathBuf>,
        /// The pack directory, given as an option as other commands take it (not with DIR).
        #[arg(long = "rules", value_name = "DIR", conflicts_with = "dir")]
        rules: Option<PathBuf>,
        /// Fail (exit 2) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the pack's own test cases (its tests/ directory).
    Test {
        /// The pack directory.
        dir: Option<PathBuf>,
        /// The pack directory, given as an option as other commands take it (not with DIR).
        #[arg(long = "rules", value_name = "DIR", conflicts_with = "dir")]
        rules: Option<PathBuf>,
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
        /// The pack directory, given as an option as other commands take it (not with DIR).
        #[arg(long = "rules", value_name = "DIR", conflicts_with = "dir")]
        rules: Option<PathBuf>,
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
    refuse_what_does_not_apply(cli)?;
    // `--rules` after the command's name or before it (never both: refused above); `--color`
    // after it, or else before it.
    let rules = cli.command.own_pack().or(cli.rules.as_ref());
    let color = |own: &ColorOption, terminal: bool| {
        use_color(
            own.color.or(cli.color).unwrap_or(ColorChoice::Auto),
            terminal,
        )
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    // How a report is drawn on standard output, for the commands that print one.
    let style = |report: &ReportOptions, own: &ColorOption| Style {
        color: color(own, stdout_is_terminal),
        explain: report.explain,
        ascii: report.ascii || !utf8_locale(),
        width: width::report_width(stdout_is_terminal),
    };
    let date = |date: &Option<String>| date.clone().unwrap_or_else(crate::date::today_utc);
    match &cli.command {
        Command::Recommend(args) => {
            markdown_only(args.report.date.as_ref(), args.format)?;
            cmd::recommend::run(
                &cmd::recommend::Config {
                    rules: rules.cloned(),
                    paths: args.paths.clone(),
                    format: args.format,
                    style: style(&args.report, &args.color),
                    date: date(&args.report.date),
                },
                out,
                err,
            )
        }
        Command::Adr(args) => cmd::adr::run(
            &cmd::adr::Config {
                rules: rules.cloned(),
                profile: args.profile.clone(),
                dir: args.dir.clone(),
                date: date(&args.date),
                supersedes: args.supersedes,
                force: args.force,
            },
            out,
            err,
        ),
        Command::Diff(args) => cmd::diff::run(
            &cmd::diff::Config {
                rules: rules.cloned(),
                old: args.old.clone(),
                new: args.new.clone(),
                format: args.format,
                width: width::report_width(stdout_is_terminal),
            },
            out,
        ),
        Command::Rules(command) => {
            let width = width::report_width(stdout_is_terminal);
            cmd::rules::run(
                &command.into(),
                rules.map(PathBuf::as_path),
                width,
                out,
                err,
            )
        }
        Command::Check(args) => {
            if args.quiet && args.format != CheckFormat::Text {
                return Err(cmd::Error::Usage(
                    "`--quiet` applies to `--format text` only: the other formats are read by tools, and print findings only".to_string(),
                ));
            }
            cmd::check::run(
                &cmd::check::Config {
                    rules: rules.cloned(),
                    paths: args.paths.clone(),
                    format: args.format,
                    strict: args.strict,
                    quiet: args.quiet,
                    color: color(&args.color, stdout_is_terminal),
                    width: width::report_width(stdout_is_terminal),
                    today: crate::date::today_utc(),
                },
                out,
                err,
            )
        }
        Command::Schema(_) => cmd::schema::run(rules.map(PathBuf::as_path), out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Generated in memory and written after: clap_complete panics on a write error,
            // and the output (a closed pipe, a full disk) must be able to fail cleanly.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "archfit", &mut script);
            out.write_all(&script)?;
            Ok(cmd::Exit::Success)
        }
        Command::Man { dir } => man(dir.as_deref(), out),
        Command::Ask(args) => {
            markdown_only(args.report.date.as_ref(), args.format)?;
            cmd::ask::run(
                &cmd::ask::Config {
                    rules: rules.cloned(),
                    save: args.save.clone(),
                    from: args.from.clone(),
                    format: args.format,
                    style: style(&args.report, &args.color),
                    // The prompts go to standard error.
                    prompt_color: color(&args.color, std::io::stderr().is_terminal()),
                    date: date(&args.report.date),
                    all: args.all,
                },
                out,
                err,
            )
        }
    }
}

/// `--rules` and `--color` before the command's name are accepted for any command (that is
/// where they have always been written), so a command they do nothing for refuses them rather
/// than ignoring them.
fn refuse_what_does_not_apply(cli: &Cli) -> cmd::Result<()> {
    let name = match &cli.command {
        Command::Ask(_) => "ask",
        Command::Recommend(_) => "recommend",
        Command::Adr(_) => "adr",
        Command::Diff(_) => "diff",
        Command::Rules(r) => match r {
            RulesCommand::List { .. } => "rules list",
            RulesCommand::Show { .. } => "rules show",
            RulesCommand::Lint { .. } => "rules lint",
            RulesCommand::Test { .. } => "rules test",
            RulesCommand::Analyze { .. } => "rules analyze",
            RulesCommand::Diff { .. } => "rules diff",
        },
        Command::Check(_) => "check",
        Command::Schema(_) => "schema",
        Command::Completions { .. } => "completions",
        Command::Man { .. } => "man",
    };
    let usage = |m: String| Err(cmd::Error::Usage(m));
    if cli.color.is_some() && !matches!(name, "ask" | "recommend" | "check") {
        return usage(format!(
            "`--color` does nothing for `archfit {name}`: only recommend, ask and check colour what they print"
        ));
    }
    if cli.rules.is_some() {
        match &cli.command {
            Command::Completions { .. } | Command::Man { .. } => {
                return usage(format!(
                    "`--rules` does nothing for `archfit {name}`: it describes the command line, which is the same for every rule pack"
                ));
            }
            Command::Rules(RulesCommand::Diff { .. }) => {
                return usage(
                    "`--rules` does nothing for `archfit rules diff`: it compares the two packs given as OLD and NEW".to_string(),
                );
            }
            _ => {}
        }
        if let Some(dir) = cli.command.own_pack() {
            return usage(format!(
                "`archfit {name}` was given a pack twice, `--rules` before the command and {} after it: give it once",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// `--date` dates a decision record; with any other format it would be silently ignored.
fn markdown_only(date: Option<&String>, format: ReportFormat) -> cmd::Result<()> {
    match date {
        Some(_) if format != ReportFormat::Markdown => Err(cmd::Error::Usage(
            "`--date` dates decision records: it applies with `--format markdown` only".to_string(),
        )),
        _ => Ok(()),
    }
}

/// `archfit man`: the manual page made from the command line's own definition (the same text
/// as `--help`), on `out`; or, with `dir`, a page per command written into it.
fn man(dir: Option<&std::path::Path>, out: &mut dyn Write) -> cmd::Result {
    let command = <Cli as clap::CommandFactory>::command();
    match dir {
        None => clap_mangen::Man::new(command).render(out)?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .and_then(|()| clap_mangen::generate_to(command, dir))
                .map_err(|e| {
                    cmd::Error::Other(anyhow::Error::new(e).context(format!(
                        "cannot write the manual pages into {}",
                        dir.display()
                    )))
                })?;
        }
    }
    Ok(cmd::Exit::Success)
}

/// Whether output to a stream may be coloured: as asked, or in `auto` when `NO_COLOR` is not
/// set and either the stream is a terminal or `FORCE_COLOR` / `CLICOLOR_FORCE` ask for colour
/// anyway (for CI logs that render ANSI colours).
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => color_auto(
            set("NO_COLOR"),
            set("FORCE_COLOR"),
            std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
            terminal,
        ),
    }
}

/// `auto`: `NO_COLOR` (no-color.org) wins; then `FORCE_COLOR` (force-color.org: any value) and
/// `CLICOLOR_FORCE` (bixense.com/clicolors: any value but 0) force colour; else a terminal.
fn color_auto(no_color: bool, force_color: bool, clicolor_force: bool, terminal: bool) -> bool {
    !no_color && (force_color || clicolor_force || terminal)
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
            RulesCommand::List { pattern, .. } => Self::List { pattern },
            RulesCommand::Show { id, .. } => Self::Show { id },
            RulesCommand::Lint {
                dir,
                rules,
                deny_warnings,
            } => Self::Lint {
                dir: dir.or(rules),
                deny_warnings,
            },
            RulesCommand::Test {
                dir,
                rules,
                coverage,
                min_coverage,
                require_cases,
            } => Self::Test {
                dir: dir.or(rules),
                coverage,
                min_coverage,
                require_cases,
            },
            RulesCommand::Analyze { dir, rules, format } => Self::Analyze {
                dir: dir.or(rules),
                format,
            },
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
