//! The prestateTracer on a real block: replaying mainnet block 22244135 gives the node's
//! `difftrace.json` (diffMode) and `prestatetrace.json` (default mode) transaction by transaction.

use std::path::{Path, PathBuf};

use serde_json::Value;
use zkos_tracers::PrestateTracer;

fn dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet/22244135");
    if dir.join("difftrace.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIP: {} not found; prestateTracer not compared", dir.display());
        None
    }
}

fn traces(dir: &Path, diff_mode: bool) -> (Vec<Value>, Vec<Value>) {
    let input = zkos_replay::ReplayInput::load(dir, None).expect("the dumps load");
    let mut tracer = PrestateTracer::new(diff_mode);
    bootloader::forward::run_chain_forward_observed::<bootloader::EthereumL1>(
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
        1,
        &mut tracer,
    )
    .expect("the block runs");
    let file = if diff_mode { "difftrace.json" } else { "prestatetrace.json" };
    let node: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(file)).expect(file)).expect("json");
    (tracer.into_results(), node["result"].as_array().cloned().unwrap_or_default())
}

fn compare(ours: &[Value], node: &[Value]) {
    assert_eq!(ours.len(), node.len());
    let differing: Vec<String> = ours
        .iter()
        .zip(node)
        .enumerate()
        .filter(|(_, (o, n))| o != n)
        .map(|(i, (o, n))| format!("tx {i}:\n ours {o}\n node {n}"))
        .collect();
    assert!(differing.is_empty(), "{} of {} differ; first:\n{}", differing.len(), node.len(), differing[0]);
}

#[test]
fn diff_mode_equals_the_nodes_difftrace_json() {
    let Some(dir) = dir() else { return };
    let (ours, node) = traces(&dir, true);
    compare(&ours, &node);
}

#[test]
fn default_mode_equals_the_nodes_prestatetrace_json() {
    let Some(dir) = dir() else { return };
    let (ours, node) = traces(&dir, false);
    compare(&ours, &node);
}
