//! The replay's outputs: one line per check for a person, and `RESULT.json` (receipts, gas, roots, the
//! checks and the post-state `alloc` in the block files' format).

use bootloader::Receipt;
use primitives::encode_hex;
use serde_json::{json, Value};

use crate::checks::Outcome;
use crate::{Replay, ReplayInput};

/// One line per check, the incomplete-input warnings first, and a closing verdict.
pub fn lines(input: &ReplayInput, replay: &Replay) -> Vec<String> {
    let mut out = Vec::new();
    let context = &input.block.context;
    out.push(format!(
        "block {} ({}), {} under {}{}, {} transactions",
        context.number,
        input.block.hash,
        "Ethereum L1 rules",
        context.fork,
        if input.block.fork_overridden { " (forced)" } else { "" },
        input.block.transactions.len()
    ));
    for gap in &input.incomplete {
        out.push(format!(
            "warning: pre-state incomplete: {} delegates to {} (EIP-7702), whose code the prestateTracer left out",
            gap.account, gap.target
        ));
    }
    for added in &input.added_contracts {
        out.push(format!(
            "note: the dumps hold no {} system contract at {}; replayed with its canonical mainnet code (its \
             other storage is unknown)",
            added.eip, added.address
        ));
    }
    for address in &input.unknown_recipients {
        out.push(format!(
            "note: withdrawal recipient {address} is not in the pre-state; its balance after the block counts from 0"
        ));
    }
    out.extend(replay.checks.iter().map(|c| c.to_string()));
    let differing = replay.checks.iter().filter(|c| matches!(c.outcome, Outcome::Differs(_))).count();
    match replay.first_divergence() {
        Some(d) => out.push(format!("{differing} checks differ; first divergence: {d}")),
        None if replay.incomplete_input() => out.push("no divergence, but some checks met an incomplete pre-state".into()),
        None => out.push(format!("all {} checks equal to the chain", replay.checks.iter().filter(|c| c.passed()).count())),
    }
    out
}

fn receipt_json(receipt: &Receipt) -> Value {
    let logs: Vec<Value> = receipt
        .logs
        .iter()
        .map(|log| {
            json!({
                "address": log.address.to_string(),
                "topics": log.topics.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                "data": encode_hex(&log.data),
            })
        })
        .collect();
    let mut obj = json!({
        "txIndex": receipt.tx_index,
        "txHash": receipt.tx_hash.to_string(),
        "type": format!("{:#x}", receipt.tx_type as u8),
        "status": if receipt.success() { "0x1" } else { "0x0" },
        "gasUsed": format!("{:#x}", receipt.gas_used),
        "cumulativeGasUsed": format!("{:#x}", receipt.cumulative_gas_used),
        "logs": logs,
    });
    if let Some(address) = receipt.contract_address {
        obj["contractAddress"] = Value::String(address.to_string());
    }
    obj
}

/// The `RESULT.json` document.
pub fn result_json(input: &ReplayInput, replay: &Replay) -> Value {
    let output = &replay.run.output;
    let checks: Vec<Value> = replay
        .checks
        .iter()
        .map(|c| {
            let (result, detail) = match &c.outcome {
                Outcome::Equal(what) => ("equal", what.clone()),
                Outcome::Differs(d) => ("differs", d.to_string()),
                Outcome::NotChecked(why) => ("not checked", why.to_string()),
                Outcome::Incomplete(why) => ("incomplete input", why.clone()),
            };
            json!({"check": c.name, "result": result, "detail": detail})
        })
        .collect();
    json!({
        "block": input.block.context.number,
        "blockHash": input.block.hash.to_string(),
        "fork": input.block.context.fork.name(),
        "receipts": output.receipts.iter().map(receipt_json).collect::<Vec<_>>(),
        "rejected": output.rejected.iter().map(|r| json!({"index": r.index, "error": r.error.to_string()})).collect::<Vec<_>>(),
        "gasUsed": format!("{:#x}", output.gas_used),
        "receiptsRoot": crate::roots::receipts_root(&output.receipts).to_string(),
        "logsBloom": encode_hex(&output.logs_bloom().0),
        "checks": checks,
        "allEqual": replay.all_equal(),
        "alloc": fixtures::alloc_json(&replay.run.post_state),
    })
}
