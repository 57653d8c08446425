//! The callTracer on a real block: replaying mainnet block 22244135 under Ethereum L1 rules gives exactly
//! the archive node's `calltrace.json` for every transaction (frame types, addresses, values, gas, gas
//! used, inputs, outputs, errors and revert reasons). Skips loudly without the fixtures.

use std::path::Path;

use zkos_tracers::CallTracer;

#[test]
fn call_tracer_equals_the_nodes_calltrace_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet/22244135");
    if !dir.join("calltrace.json").exists() {
        eprintln!("SKIP: {} not found; callTracer not compared", dir.display());
        return;
    }
    let input = zkos_replay::ReplayInput::load(&dir, None).expect("the dumps load");
    let mut tracer = CallTracer::new(false);
    bootloader::forward::run_chain_forward_observed::<bootloader::EthereumL1>(
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
        1,
        &mut tracer,
    )
    .expect("the block runs");
    let ours = tracer.into_results();
    let text = std::fs::read_to_string(dir.join("calltrace.json")).expect("calltrace.json");
    let node: serde_json::Value = serde_json::from_str(&text).expect("json");
    let node = node["result"].as_array().expect("result array");
    assert_eq!(ours.len(), node.len());
    let mut differing = Vec::new();
    for (i, (o, n)) in ours.iter().zip(node).enumerate() {
        if o != n {
            differing.push(format!("tx {i}:\n ours  {}\n node  {}", o, n));
        }
    }
    assert!(differing.is_empty(), "{} of {} traces differ; first:\n{}", differing.len(), node.len(), differing[0]);
}
