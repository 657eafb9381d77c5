//! `archfit schema`: the JSON Schema of profiles for the active rule pack, for editors.

use super::{load_pack, Exit, Result};
use std::io::Write;
use std::path::Path;

pub(crate) fn run(rules: Option<&Path>, out: &mut dyn Write) -> Result {
    let pack = load_pack(rules)?;
    out.write_all(crate::report::schema::render(pack).as_bytes())?;
    Ok(Exit::Success)
}
