//! Packs for the tests: the small fixture pack (`tests/fixtures/packs/small/`, shared with
//! archfit's own unit tests) and the default pack in `rules/`.

use crate::catalog::Catalog;
use crate::model::PackFile;
use crate::read::Reader;
use std::path::Path;

/// The small fixture pack's catalog: team_size, teams (at most team_size), traffic (steady,
/// variable, spiky), long_running.
pub(crate) fn catalog() -> Catalog {
    let text = include_str!("../../../tests/fixtures/packs/small/catalog.yaml");
    let node = crate::yaml::parse(text).unwrap().remove(0);
    let mut r = Reader::new("catalog.yaml");
    let c = crate::load::catalog::read(&node, &mut r);
    assert!(r.diags.is_empty(), "{:?}", r.diags);
    c
}

/// The files of the default pack, `rules/` in the repository.
pub(crate) fn default_pack_files() -> Vec<PackFile> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut files: Vec<PackFile> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            PackFile {
                display: format!("rules/{name}").into(),
                path: name.into(),
                text: std::fs::read_to_string(&p).unwrap().into(),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
