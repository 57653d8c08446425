//! The RPC dumps of one block, as an archive node returns them (`../shared/mainnet/README.md`): each file
//! a JSON-RPC response whose payload is under `result` (a bare payload is accepted too).
//!
//! | file | RPC call | required |
//! |---|---|---|
//! | `block.json` | `eth_getBlockByNumber(N, true)` | yes |
//! | `prestatetrace.json` | `debug_traceBlockByNumber(N, prestateTracer)` | yes |
//! | `receipts.json` | `eth_getBlockReceipts(N)` | no |
//! | `difftrace.json` | `debug_traceBlockByNumber(N, prestateTracer, diffMode)` | no |
//! | `calltrace.json` | `debug_traceBlockByNumber(N, callTracer)` | no |
//! | `block_hashes.json` | `[{number, hash}]` of earlier blocks | no |

use std::path::{Path, PathBuf};

use alloy_primitives::B256;
use alloy_rpc_types_eth::{Block, TransactionReceipt};
use alloy_rpc_types_trace::geth::{CallFrame, DiffMode, PreStateMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ReplayError;

/// One transaction's entry of a `debug_traceBlockByNumber` result.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TxTrace<T> {
    /// The traced transaction (absent in a one-entry whole-block pre-state).
    #[serde(default)]
    pub tx_hash: Option<B256>,
    /// The tracer's output.
    pub result: T,
}

/// One entry of `block_hashes.json`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct BlockHashEntry {
    /// Block number.
    pub number: u64,
    /// Its hash.
    pub hash: B256,
}

/// The dumps of one block.
#[derive(Debug, Clone)]
pub struct Dumps {
    /// The folder they came from.
    pub dir: PathBuf,
    /// The block with its full transactions and withdrawals.
    pub block: Block,
    /// Per-transaction pre-states (or one entry holding the whole pre-state).
    pub prestate: Vec<TxTrace<PreStateMode>>,
    /// The node's receipts.
    pub receipts: Option<Vec<TransactionReceipt>>,
    /// Per-transaction state diffs.
    pub diffs: Option<Vec<TxTrace<DiffMode>>>,
    /// Per-transaction call trees.
    pub calls: Option<Vec<TxTrace<CallFrame>>>,
    /// Hashes of earlier blocks (BLOCKHASH).
    pub block_hashes: Option<Vec<BlockHashEntry>>,
}

/// The file names, in the order [`Dumps`] lists them.
pub const FILES: [&str; 6] =
    ["block.json", "prestatetrace.json", "receipts.json", "difftrace.json", "calltrace.json", "block_hashes.json"];

impl Dumps {
    /// Reads the dumps in `dir`.
    pub fn load(dir: &Path) -> Result<Dumps, ReplayError> {
        Ok(Dumps {
            dir: dir.to_path_buf(),
            block: required(dir, "block.json")?,
            prestate: required(dir, "prestatetrace.json")?,
            receipts: optional(dir, "receipts.json")?,
            diffs: optional(dir, "difftrace.json")?,
            calls: optional(dir, "calltrace.json")?,
            block_hashes: optional(dir, "block_hashes.json")?,
        })
    }
}

fn required<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<T, ReplayError> {
    optional(dir, name)?.ok_or_else(|| ReplayError::new(dir.join(name).display().to_string(), "missing"))
}

fn optional<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Option<T>, ReplayError> {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReplayError::new(path.display().to_string(), e.to_string())),
    };
    parse_payload(&text).map(Some).map_err(|message| ReplayError::new(path.display().to_string(), message))
}

/// The payload of a JSON-RPC response text (or the text itself when it is no response object).
pub fn parse_payload<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    if let Some(error) = value.get("error") {
        return Err(format!("the node answered with an error: {error}"));
    }
    let is_response = value.get("jsonrpc").is_some() || value.get("id").is_some();
    let payload = match value.get_mut("result") {
        Some(result) if is_response => result.take(),
        _ => value,
    };
    serde_json::from_value(payload).map_err(|e| format!("not the expected RPC payload: {e}"))
}
