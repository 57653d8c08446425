//! The result JSON of `zkos run` and the short human summary printed on stdout.

use std::fmt::Write as _;

use bootloader::{BlockOutput, Receipt};
use ee_api::ExitStatus;
use primitives::{encode_hex, U256};
use serde_json::{json, Value};

pub use fixtures::alloc_json;
use system_impl::InMemoryState;

/// A quantity as `0x`-prefixed minimal hex.
pub fn hex_quantity(value: &U256) -> String {
    format!("{value:#x}")
}

fn hex_u64(value: u64) -> String {
    format!("{value:#x}")
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
        "status": if receipt.success() { "0x1" } else { "0x0" },
        "gasUsed": hex_u64(receipt.gas_used),
        "cumulativeGasUsed": hex_u64(receipt.cumulative_gas_used),
        "logs": logs,
        "logsBloom": encode_hex(&receipt.bloom().0),
        "output": encode_hex(&receipt.output),
    });
    if let Some(address) = receipt.contract_address {
        obj["contractAddress"] = Value::String(address.to_string());
    }
    if !receipt.success() {
        obj["error"] = Value::String(describe(&receipt.status));
    }
    obj
}

/// The whole result document.
pub fn result_json(output: &BlockOutput, post_state: &InMemoryState) -> Value {
    json!({
        "receipts": output.receipts.iter().map(receipt_json).collect::<Vec<_>>(),
        "rejected": output.rejected.iter().map(|r| json!({"index": r.index, "error": r.error.to_string()})).collect::<Vec<_>>(),
        "gasUsed": hex_u64(output.gas_used),
        "logsBloom": encode_hex(&output.logs_bloom().0),
        "alloc": alloc_json(post_state),
    })
}

/// A few lines for a person: one per transaction, then totals.
pub fn summary(output: &BlockOutput) -> String {
    let mut text = String::new();
    let total = output.receipts.len() + output.rejected.len();
    for index in 0..total {
        if let Some(r) = output.receipts.iter().find(|r| r.tx_index == index) {
            let _ = write!(
                text,
                "tx {index}: {} gas {}{}",
                if r.success() { "ok      " } else { "failed  " },
                r.gas_used,
                r.contract_address.map(|a| format!(" created {a}")).unwrap_or_default()
            );
            if !r.success() {
                let _ = write!(text, " ({})", describe(&r.status));
            }
            if !r.logs.is_empty() {
                let _ = write!(text, ", {} log(s)", r.logs.len());
            }
            text.push('\n');
        } else if let Some(r) = output.rejected.iter().find(|r| r.index == index) {
            let _ = writeln!(text, "tx {index}: rejected  {}", r.error);
        }
    }
    let _ = writeln!(
        text,
        "block: {} included, {} rejected, {} gas used",
        output.receipts.len(),
        output.rejected.len(),
        output.gas_used
    );
    text
}

/// A word or two on how a transaction ended.
pub fn describe(status: &ExitStatus) -> String {
    match status {
        ExitStatus::Success => "success".to_string(),
        ExitStatus::Revert => "reverted".to_string(),
        ExitStatus::Halt(reason) => format!("halted: {reason}"),
    }
}
