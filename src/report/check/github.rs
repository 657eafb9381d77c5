//! `check --format github`: one GitHub Actions workflow command per finding, so problems show
//! inline on the pull request at the line they are about — a misfit at `current:`, invalid YAML
//! at its line — and a closing `::notice` with the totals and the rule pack's identity.
//!
//! Syntax: <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>.

use super::Format;
use crate::engine::check::{Counts, Entry, Finding, Level};
use crate::pack::RulePack;

/// `check --format github`.
pub(crate) struct Github<'p> {
    pub pack: &'p RulePack,
}

impl Format for Github<'_> {
    fn finish(&self, entries: &[Entry]) -> String {
        render(entries, self.pack)
    }
}

fn render(entries: &[Entry], pack: &RulePack) -> String {
    let mut out = String::new();
    for f in entries.iter().flat_map(Entry::findings) {
        out.push_str(&command(f));
        out.push('\n');
    }
    let c = Counts::of(entries);
    let partly = if c.unsettled > 0 {
        format!(", {} fit only partly", c.unsettled)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "::notice title=archfit check::{}\n",
        escape_data(&format!(
            "{} checked: {} fit, {} do not fit{partly}, {} validated only, {} invalid; {} error(s), {} warning(s) (rule pack {} {}, sha256 {})",
            if c.total() == 1 { "1 profile".to_string() } else { format!("{} profiles", c.total()) },
            c.fits,
            c.misfits,
            c.validated_only,
            c.invalid,
            c.errors,
            c.warnings,
            pack.meta.name,
            pack.meta.version,
            pack.sha256()
        ))
    ));
    out
}

fn command(f: &Finding) -> String {
    let level = match f.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let mut props = Vec::new();
    // Standard input has no file in the repository to point at.
    let from_stdin = f.file == "<stdin>";
    if !from_stdin {
        props.push(format!("file={}", escape_property(&f.file)));
        if let Some(p) = f.pos {
            props.push(format!("line={}", p.line));
            props.push(format!("col={}", p.col));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("archfit: {}", f.category.id()))
    ));
    let message = if from_stdin {
        match f.pos {
            Some(p) => format!("{}:{}:{}: {}", f.file, p.line, p.col, f.message),
            None => format!("{}: {}", f.file, f.message),
        }
    } else {
        f.message.clone()
    };
    format!("::{level} {}::{}", props.join(","), escape_data(&message))
}

/// A command's message: `%`, CR and LF are escaped so one finding stays one command, and any
/// other control or bidirectional character is shown escaped (the log is read by people).
fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::pack::printable::into_printable(s)
}

/// A property value: also `:` and `,`, which would end the value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_in_values_are_escaped() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
