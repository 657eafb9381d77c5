//! Many profiles on every core, results in input order.
//!
//! A monorepo can hold thousands of profiles, and reading, parsing, evaluating and rendering
//! each one is independent of the others. Workers take chunks of input files in turn and do
//! all of that; the calling thread hands the results on in input order, so output is the same
//! byte for byte as a single-threaded run. Workers may run only a few chunks ahead of what has
//! been handed on, so memory stays flat however many profiles there are.

use super::{report_notes, report_problems, Result};
use crate::input::{self, Source};
use crate::pack::{self, Diagnostic, RulePack};
use crate::profile::{self, Profile};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Files per chunk: large enough that handing work out costs nothing, small enough that two
/// workers finish together.
const CHUNK: usize = 32;

/// Chunks a worker may be ahead of the output, per worker.
const AHEAD: usize = 4;

/// Upper bound on worker threads, whatever the machine reports.
const MAX_WORKERS: usize = 8;

/// One document's result: what the caller made of it, or its problems.
pub(super) type Input<T> = std::result::Result<T, Vec<Diagnostic>>;

/// The inputs PATH arguments name, in order: a source, or the problem with an argument or an
/// entry met walking a directory. What a walk skipped on purpose (links it does not follow,
/// rule packs) is reported to `err` as notes, first.
pub(super) type Sources = Vec<std::result::Result<Source, Diagnostic>>;

/// Expands `paths` into the inputs to read (see [`Sources`]).
pub(super) fn expand(paths: &[String], err: &mut dyn Write) -> Result<Sources> {
    let expanded = input::expand(paths, &pack::is_pack_dir);
    report_notes(err, &expanded.notes)?;
    Ok(expanded.sources)
}

/// What one input file gave: a problem reading it, or its documents.
enum FileResult<T> {
    Unreadable(Diagnostic),
    Documents(Vec<Input<T>>),
}

/// Reads every profile under `paths` (files, directories, `-`), applies `map` to each valid one
/// (on several threads when there are many), and passes the results to `emit` in input order.
/// Invalid files and profiles are reported to `err` in their place. Returns whether any input
/// was invalid. An error from `emit` (say, a closed pipe) stops the work and is returned.
pub(super) fn map_profiles<T: Send>(
    paths: &[String],
    pack: &RulePack,
    err: &mut dyn Write,
    map: impl Fn(Profile) -> T + Sync,
    mut emit: impl FnMut(T) -> Result<()>,
) -> Result<bool> {
    let sources = expand(paths, err)?;
    let mut invalid = false;
    map_inputs(sources, pack, map, |input| match input {
        Ok(t) => emit(t),
        Err(diags) => {
            invalid = true;
            report_problems(err, &diags)?;
            Ok(())
        }
    })?;
    Ok(invalid)
}

/// Like [`map_profiles`], but hands the problems of an invalid file or document to `emit` too
/// (in their place in the input order), for commands such as `check` that report them in
/// their own output as well.
pub(super) fn map_inputs<T: Send>(
    sources: Sources,
    pack: &RulePack,
    map: impl Fn(Profile) -> T + Sync,
    emit: impl FnMut(Input<T>) -> Result<()>,
) -> Result<()> {
    map_files(
        sources,
        |source, text| {
            profile::parse_stream(text, &source.display(), &source.stem(), pack)
                .into_iter()
                .map(|p| p.map(&map))
                .collect()
        },
        emit,
    )
}

/// The layer under [`map_inputs`]: `read` turns one file's text into a result per document
/// (`rules diff` parses each file under two packs).
pub(super) fn map_files<T: Send>(
    sources: Sources,
    read: impl Fn(&Source, &str) -> Vec<Input<T>> + Sync,
    mut emit: impl FnMut(Input<T>) -> Result<()>,
) -> Result<()> {
    let work = |source: std::result::Result<Source, Diagnostic>| -> FileResult<T> {
        match source.and_then(|s| s.read().map(|t| (s, t))) {
            Err(d) => FileResult::Unreadable(d),
            Ok((source, text)) => FileResult::Documents(read(&source, &text)),
        }
    };
    // Passes one file's results on, in order.
    let mut hand_on = |result: FileResult<T>| -> Result<()> {
        match result {
            FileResult::Unreadable(d) => emit(Err(vec![d])),
            FileResult::Documents(docs) => docs.into_iter().try_for_each(&mut emit),
        }
    };

    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_WORKERS)
        .min(sources.len().div_ceil(CHUNK));
    // Standard input is read where it stands in the order (given twice, the second read is
    // empty, as in a sequential run), so a run that reads it stays on this thread.
    let stdin = sources.iter().any(|s| matches!(s, Ok(Source::Stdin)));
    if workers <= 1 || stdin {
        // One file, or a handful: threads would cost more than they save.
        for source in sources {
            hand_on(work(source))?;
        }
        return Ok(());
    }

    let chunks: Vec<Mutex<Vec<std::result::Result<Source, Diagnostic>>>> = {
        let mut sources = sources.into_iter();
        let mut chunks = Vec::new();
        loop {
            let chunk: Vec<_> = sources.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break chunks;
            }
            chunks.push(Mutex::new(chunk));
        }
    };
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many chunks have been handed on; workers wait while they are too far ahead.
    let done = (Mutex::new(0usize), Condvar::new());
    let window = AHEAD * workers;
    let (tx, rx) = mpsc::channel::<(usize, Vec<FileResult<T>>)>();

    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (chunks, next, stop, done, work) = (&chunks, &next, &stop, &done, &work);
            scope.spawn(move || loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(chunk) = chunks.get(k) else { break };
                {
                    let (lock, cvar) = done;
                    let mut handed = lock.lock().unwrap_or_else(|e| e.into_inner());
                    while k >= *handed + window && !stop.load(Ordering::Relaxed) {
                        handed = cvar.wait(handed).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let sources = std::mem::take(&mut *chunk.lock().unwrap_or_else(|e| e.into_inner()));
                let results = sources.into_iter().map(work).collect();
                if tx.send((k, results)).is_err() {
                    break;
                }
            });
        }
        drop(tx);

        let mut pending = BTreeMap::new();
        let mut expected = 0usize;
        let mut outcome = Ok(());
        for (k, results) in rx.iter() {
            pending.insert(k, results);
            while let Some(results) = pending.remove(&expected) {
                for result in results {
                    if outcome.is_ok() {
                        outcome = hand_on(result);
                    }
                }
                expected += 1;
                let (lock, cvar) = &done;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = expected;
                cvar.notify_all();
            }
            if outcome.is_err() {
                // Stop the workers, wake any that wait, and drain nothing more.
                stop.store(true, Ordering::Relaxed);
                let _guard = done.0.lock().unwrap_or_else(|e| e.into_inner());
                done.1.notify_all();
                break;
            }
        }
        drop(rx);
        outcome
    })
}
