//! t8n's `result` object in geth's format: the header commitments (`stateRoot` as Ethereum's secure MPT of
//! the post-state, `txRoot`, `receiptsRoot`, `withdrawalsRoot`, `logsHash`, `logsBloom`, `requestsHash`),
//! `gasUsed`, the derived `currentBaseFee` and `currentExcessBlobGas`, `blobGasUsed`, the receipts and the
//! rejected transactions.
//!
//! Receipts carry geth's fields. As geth's t8n does, `contractAddress` is the CREATE address of every
//! creating transaction (the zero address otherwise), `blockHash` is geth's placeholder `0x1337…` and `root`
//! is empty; unlike it, `effectiveGasPrice` holds the price paid instead of `null`.

use bootloader::ethereum::fees::effective_gas_price;
use bootloader::{ForwardRun, Receipt};
use fixtures::mpt::{logs_hash, state_root};
use primitives::{encode_hex, Address, Fork, Log, B256, U256};
use serde_json::{json, Map, Value};
use system_api::BlockContext;
use transactions::{decode_transaction, TxType};
use zkos_replay::roots::{receipts_root, transactions_root, withdrawals_root};

/// geth's t8n block hash placeholder (`common.Hash{0x13, 0x37}`), since the header is not built here.
const BLOCK_HASH: B256 = {
    let mut hash = [0u8; 32];
    hash[0] = 0x13;
    hash[1] = 0x37;
    B256(hash)
};

/// A transaction left out of the block, at its index in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedTx {
    /// Position in the input's transaction list.
    pub index: usize,
    /// Why.
    pub error: String,
}

fn hex_u64(value: u64) -> String {
    format!("{value:#x}")
}

fn hex_u256(value: &U256) -> String {
    format!("{value:#x}")
}

/// The included transactions' envelopes, in block order (`submitted` is what the bootloader was given).
pub fn included<'a>(run: &ForwardRun, submitted: &'a [Vec<u8>]) -> Vec<&'a [u8]> {
    run.output.receipts.iter().filter_map(|r| submitted.get(r.tx_index)).map(Vec::as_slice).collect()
}

/// The `result` object. `rejected` holds every rejection, indexed by input position.
pub fn result_json(context: &BlockContext, run: &ForwardRun, submitted: &[Vec<u8>], rejected: &[RejectedTx]) -> Value {
    let output = &run.output;
    let envelopes = included(run, submitted);
    let owned: Vec<Vec<u8>> = envelopes.iter().map(|e| e.to_vec()).collect();
    let logs: Vec<Log> = output.receipts.iter().flat_map(|r| r.logs.iter().cloned()).collect();
    let mut log_index = 0usize;
    let receipts: Vec<Value> = output
        .receipts
        .iter()
        .zip(&envelopes)
        .enumerate()
        .map(|(position, (receipt, envelope))| receipt_json(context, receipt, envelope, position, &mut log_index))
        .collect();
    let mut result = Map::new();
    result.insert("stateRoot".into(), json!(state_root(&run.post_state).to_string()));
    result.insert("txRoot".into(), json!(transactions_root(&owned).to_string()));
    result.insert("receiptsRoot".into(), json!(receipts_root(&output.receipts).to_string()));
    result.insert("logsHash".into(), json!(logs_hash(&logs).to_string()));
    result.insert("logsBloom".into(), json!(encode_hex(&output.logs_bloom().0)));
    result.insert("receipts".into(), Value::Array(receipts));
    result.insert(
        "rejected".into(),
        Value::Array(rejected.iter().map(|r| json!({"index": r.index, "error": r.error})).collect()),
    );
    result.insert("currentDifficulty".into(), Value::Null);
    result.insert("gasUsed".into(), json!(hex_u64(output.gas_used)));
    result.insert("currentBaseFee".into(), json!(hex_u256(&context.base_fee)));
    result.insert("withdrawalsRoot".into(), json!(withdrawals_root(&context.withdrawals).to_string()));
    result.insert("currentExcessBlobGas".into(), json!(hex_u64(context.excess_blob_gas)));
    result.insert("blobGasUsed".into(), json!(hex_u64(output.blob_gas_used)));
    if context.fork.is_enabled(Fork::Prague) {
        result.insert("requestsHash".into(), json!(output.requests_hash().to_string()));
        // Each request as `type ‖ data`, as geth and the execution specs print them.
        result.insert("requests".into(), Value::Array(output.requests.iter().map(|r| json!(encode_hex(r))).collect()));
    }
    Value::Object(result)
}

/// One receipt in geth's JSON shape; `position` is its index among the included transactions and
/// `log_index` the block-wide index of its first log (advanced past its logs).
fn receipt_json(context: &BlockContext, receipt: &Receipt, envelope: &[u8], position: usize, log_index: &mut usize) -> Value {
    let tx = decode_transaction(envelope).ok();
    let logs: Vec<Value> = receipt
        .logs
        .iter()
        .map(|log| {
            let value = json!({
                "address": log.address.to_string(),
                "topics": log.topics.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                "data": encode_hex(&log.data),
                "blockNumber": hex_u64(context.number),
                "transactionHash": receipt.tx_hash.to_string(),
                "transactionIndex": hex_u64(position as u64),
                "blockHash": BLOCK_HASH.to_string(),
                "blockTimestamp": hex_u64(context.timestamp),
                "logIndex": hex_u64(*log_index as u64),
                "removed": false,
            });
            *log_index += 1;
            value
        })
        .collect();
    // geth names the CREATE address of any creating transaction, whether or not the creation succeeded.
    let contract = match &tx {
        Some(tx) if tx.is_create() => ee_evm::create_address(&receipt.sender, tx.nonce),
        _ => Address::ZERO,
    };
    let mut value = Map::new();
    if receipt.tx_type != TxType::Legacy {
        value.insert("type".into(), json!(hex_u64(u64::from(receipt.tx_type.as_byte()))));
    }
    value.insert("root".into(), json!("0x"));
    value.insert("status".into(), json!(if receipt.success() { "0x1" } else { "0x0" }));
    value.insert("cumulativeGasUsed".into(), json!(hex_u64(receipt.cumulative_gas_used)));
    value.insert("logsBloom".into(), json!(encode_hex(&receipt.bloom().0)));
    value.insert("logs".into(), Value::Array(logs));
    value.insert("transactionHash".into(), json!(receipt.tx_hash.to_string()));
    value.insert("contractAddress".into(), json!(contract.to_string()));
    value.insert("gasUsed".into(), json!(hex_u64(receipt.gas_used)));
    let price = tx.as_ref().map(|tx| hex_u256(&effective_gas_price(tx, &context.base_fee)));
    value.insert("effectiveGasPrice".into(), price.map_or(Value::Null, Value::String));
    if receipt.tx_type == TxType::Eip4844 {
        value.insert("blobGasUsed".into(), json!(hex_u64(receipt.blob_gas_used)));
        value.insert("blobGasPrice".into(), json!(hex_u256(&context.blob_base_fee)));
    }
    value.insert("blockHash".into(), json!(BLOCK_HASH.to_string()));
    value.insert("blockNumber".into(), json!(hex_u64(context.number)));
    value.insert("transactionIndex".into(), json!(hex_u64(position as u64)));
    Value::Object(value)
}
