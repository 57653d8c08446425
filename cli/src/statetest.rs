//! `zkos statetest [--fork Prague|Cancun] [--json] [--trace | --trace-out FILE] PATH…`: run Ethereum state
//! tests, files or folders; optionally with an EIP-3155 trace of every entry run.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use fixtures::statetest::{collect_files, run_file, run_file_traced, trace, EntryResult, Outcome, Totals};
use primitives::Fork;
use serde_json::json;

/// Options of the command.
#[derive(Debug, Clone)]
pub struct StateTestOptions {
    /// Fork to run.
    pub fork: Fork,
    /// Print one JSON object per entry instead of text.
    pub json: bool,
    /// Worker threads.
    pub threads: usize,
    /// Where to write an EIP-3155 trace of every entry run (single-threaded then).
    pub trace: Option<TraceTarget>,
}

/// Destination of `--trace` / `--trace-out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceTarget {
    /// Standard error, as `ethereum-spec-evm statetest --json` writes its trace.
    Stderr,
    /// A file (created or truncated).
    File(PathBuf),
}

/// Runs the tests under `paths`; prints failures and the closing line; returns the totals.
pub fn run_state_tests(paths: &[PathBuf], options: &StateTestOptions) -> Result<Totals, String> {
    let files = collect_files(paths).map_err(|e| e.to_string())?;
    if let Some(target) = &options.trace {
        let results = run_traced(&files, options.fork, target)?;
        return Ok(report(results, options));
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<EntryResult>> = Mutex::new(Vec::new());
    let bar = crate::progress::bar(files.len() as u64, "files", !options.json);
    std::thread::scope(|scope| {
        for _ in 0..options.threads.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let file_results = run_file(file, options.fork);
                if let Ok(mut all) = results.lock() {
                    all.extend(file_results);
                }
                bar.inc(1);
            });
        }
    });
    bar.finish_and_clear();
    Ok(report(results.into_inner().unwrap_or_default(), options))
}

/// Runs the files one after the other on this thread with the tracer writing to `target`.
fn run_traced(files: &[PathBuf], fork: primitives::Fork, target: &TraceTarget) -> Result<Vec<EntryResult>, String> {
    let out: Box<dyn Write> = match target {
        TraceTarget::Stderr => Box::new(std::io::BufWriter::new(std::io::stderr())),
        TraceTarget::File(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?,
        )),
    };
    trace::install(out);
    let mut results = Vec::new();
    for file in files {
        results.extend(run_file_traced(file, fork));
    }
    match trace::uninstall() {
        Some(Err(e)) => Err(format!("cannot write the trace: {e}")),
        _ => Ok(results),
    }
}

/// Prints the failures (or every result, with `--json`) and the closing line.
fn report(mut results: Vec<EntryResult>, options: &StateTestOptions) -> Totals {
    results.sort_by(|a, b| (&a.file, &a.test, a.entry).cmp(&(&b.file, &b.test, b.entry)));
    let mut totals = Totals::default();
    for r in &results {
        totals.add(&r.outcome);
        if options.json {
            let (status, detail) = match &r.outcome {
                Outcome::Pass => ("pass", String::new()),
                Outcome::Skip(why) => ("skip", why.to_string()),
                Outcome::Fail(why) => ("fail", why.clone()),
            };
            println!(
                "{}",
                json!({"file": r.file.display().to_string(), "test": r.test, "entry": r.entry,
                    "indexes": {"data": r.indexes.0, "gas": r.indexes.1, "value": r.indexes.2},
                    "result": status, "detail": detail})
            );
        } else if let Outcome::Fail(why) = &r.outcome {
            println!(
                "FAIL {} :: {} [{}] (d={} g={} v={})\n    {why}",
                r.file.display(),
                r.test,
                r.entry,
                r.indexes.0,
                r.indexes.1,
                r.indexes.2
            );
        }
    }
    println!("{} passed, {} failed, {} skipped", totals.passed, totals.failed, totals.skipped);
    totals
}
