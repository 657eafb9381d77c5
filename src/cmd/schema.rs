//! `archfit schema`: the JSON Schema of profiles for the active rule pack, for editors.

use crate::cli::Exit;
use crate::pack::RulePack;
use std::io::Write;

pub fn run(pack: &RulePack, out: &mut dyn Write) -> anyhow::Result<Exit> {
    let text = serde_json::to_string_pretty(&crate::schema::profile_schema(pack))?;
    writeln!(out, "{text}")?;
    Ok(Exit::Success)
}
