//! Reading t8n's three inputs (alloc, env, txs) from files or from one JSON object on stdin, as geth does:
//! when any of `--input.alloc`, `--input.env`, `--input.txs` is `stdin`, stdin holds
//! `{"alloc": …, "env": …, "txs": …}` (or `"txsRlp": "0x…"` instead of `txs`) and each input named
//! `stdin` is taken from it.
//!
//! The transactions are a JSON array of transaction objects, or a JSON string holding the hex of an RLP
//! list of EIP-2718 envelopes (geth's `txs.rlp`; the execution specs' t8n reads any file whose JSON is a
//! string that way, and so does this reader).

use std::io::Read as _;

use fixtures::json::parse_strict;
use serde_json::Value;

use super::error::{ErrorKind, T8nError};

/// The name that selects stdin instead of a file.
pub const STDIN: &str = "stdin";

/// The transactions as given.
#[derive(Debug, Clone, PartialEq)]
pub enum TxsInput {
    /// JSON transaction objects (signed, or unsigned with a `secretKey`).
    Json(Vec<Value>),
    /// The bytes of an RLP list of transaction envelopes.
    Rlp(Vec<u8>),
}

/// The three inputs, parsed as JSON but not yet interpreted.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The pre-state (`{address: {balance, nonce, code, storage}}`).
    pub alloc: Value,
    /// The block environment.
    pub env: Value,
    /// The transactions.
    pub txs: TxsInput,
}

/// Reads the inputs named by the three flags (file paths or `stdin`).
pub fn read_inputs(alloc: &str, env: &str, txs: &str) -> Result<Inputs, T8nError> {
    let stdin = if [alloc, env, txs].contains(&STDIN) { Some(read_stdin()?) } else { None };
    let from_stdin = |key: &str| -> Result<Value, T8nError> {
        let object = stdin.as_ref().and_then(Value::as_object);
        object
            .and_then(|o| o.get(key))
            .cloned()
            .ok_or_else(|| T8nError::json(format!("stdin: the input object has no \"{key}\"")))
    };
    let alloc = if alloc == STDIN { from_stdin("alloc")? } else { read_json_file(alloc)? };
    let env = if env == STDIN { from_stdin("env")? } else { read_json_file(env)? };
    let txs = if txs == STDIN {
        let object = stdin.as_ref().and_then(Value::as_object);
        match (object.and_then(|o| o.get("txsRlp")), object.and_then(|o| o.get("txs"))) {
            (Some(rlp), _) if !rlp.is_null() => rlp_input(rlp, "stdin.txsRlp")?,
            (_, Some(value)) => txs_input(value, "stdin.txs")?,
            // geth: no transactions given is an empty block.
            _ => TxsInput::Json(Vec::new()),
        }
    } else {
        let value = read_json_file(txs)?;
        if txs.ends_with(".rlp") {
            rlp_input(&value, txs)?
        } else {
            txs_input(&value, txs)?
        }
    };
    Ok(Inputs { alloc, env, txs })
}

/// Reads stdin whole and parses it as one JSON object.
fn read_stdin() -> Result<Value, T8nError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| T8nError::new(ErrorKind::Io, format!("cannot read stdin: {e}")))?;
    let value = parse_strict(&text).map_err(|e| T8nError::json(format!("stdin: {e}")))?;
    if !value.is_object() {
        return Err(T8nError::json("stdin: expected one JSON object {\"alloc\", \"env\", \"txs\"}"));
    }
    Ok(value)
}

/// Reads and parses a JSON file (duplicate keys refused: an alloc naming an account twice would
/// otherwise lose one silently).
fn read_json_file(path: &str) -> Result<Value, T8nError> {
    let text = std::fs::read_to_string(path).map_err(|e| T8nError::new(ErrorKind::Io, format!("cannot read {path}: {e}")))?;
    parse_strict(&text).map_err(|e| T8nError::json(format!("{path}: {e}")))
}

/// The transactions from a JSON value: an array of objects, a string of RLP hex, or `null` (none).
pub fn txs_input(value: &Value, source: &str) -> Result<TxsInput, T8nError> {
    match value {
        Value::Array(items) => Ok(TxsInput::Json(items.clone())),
        Value::String(_) => rlp_input(value, source),
        Value::Null => Ok(TxsInput::Json(Vec::new())),
        _ => Err(T8nError::json(format!("{source}: expected an array of transactions or an RLP hex string"))),
    }
}

/// The bytes of an RLP transaction list given as a JSON hex string.
pub fn rlp_input(value: &Value, source: &str) -> Result<TxsInput, T8nError> {
    let text = value
        .as_str()
        .ok_or_else(|| T8nError::new(ErrorKind::Rlp, format!("{source}: expected a hex string of an RLP list")))?;
    let bytes = primitives::decode_hex(text)
        .map_err(|e| T8nError::new(ErrorKind::Rlp, format!("{source}: not hex: {e}")))?;
    Ok(TxsInput::Rlp(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn transaction_inputs_take_three_shapes() {
        assert_eq!(txs_input(&json!([{"a": 1}]), "t"), Ok(TxsInput::Json(vec![json!({"a": 1})])));
        assert_eq!(txs_input(&json!("0xc0"), "t"), Ok(TxsInput::Rlp(vec![0xc0])));
        assert_eq!(txs_input(&Value::Null, "t"), Ok(TxsInput::Json(Vec::new())));
        assert_eq!(txs_input(&json!(5), "t").unwrap_err().kind, ErrorKind::Json);
        assert_eq!(rlp_input(&json!("0xzz"), "t").unwrap_err().kind, ErrorKind::Rlp);
        assert_eq!(rlp_input(&json!([]), "t").unwrap_err().kind, ErrorKind::Rlp);
    }

    #[test]
    fn missing_files_are_io_errors() {
        let err = read_inputs("/nonexistent/alloc.json", "env.json", "txs.json").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Io);
        assert!(err.message.contains("/nonexistent/alloc.json"), "{err}");
    }
}
