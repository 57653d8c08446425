//! Writing t8n's outputs as geth does: each of `alloc`, `result` and `body` goes to a file of that name in
//! `--output.basedir` (pretty JSON), or, when named `stdout` or `stderr`, into one JSON object printed
//! there (`{"alloc": …, "result": …, "body": …}`); an empty name writes nothing.

use std::path::Path;

use primitives::encode_hex;
use serde_json::{Map, Value};
use system_impl::InMemoryState;

use super::error::{ErrorKind, T8nError};

/// The post-state in geth's alloc format: `balance` always, `nonce` when non-zero, `code` when present,
/// `storage` (32-byte keys and values) when non-empty; accounts by lowercase address.
pub fn alloc_json(state: &InMemoryState) -> Value {
    let mut accounts = Map::new();
    for (address, account) in &state.accounts {
        let mut entry = Map::new();
        if !account.code.is_empty() {
            entry.insert("code".into(), Value::String(encode_hex(&account.code)));
        }
        let storage: Map<String, Value> = account
            .storage
            .iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|(k, v)| (format!("{k:#066x}"), Value::String(format!("{v:#066x}"))))
            .collect();
        if !storage.is_empty() {
            entry.insert("storage".into(), Value::Object(storage));
        }
        entry.insert("balance".into(), Value::String(format!("{:#x}", account.balance)));
        if account.nonce != 0 {
            entry.insert("nonce".into(), Value::String(format!("{:#x}", account.nonce)));
        }
        accounts.insert(address.to_string(), Value::Object(entry));
    }
    Value::Object(accounts)
}

/// Where the outputs go.
#[derive(Debug, Clone)]
pub struct Destinations<'a> {
    /// The folder of file outputs.
    pub basedir: &'a str,
    /// `--output.alloc`.
    pub alloc: &'a str,
    /// `--output.result`.
    pub result: &'a str,
    /// `--output.body`, if any.
    pub body: Option<&'a str>,
}

/// Writes `alloc`, `result` and `body` (a JSON hex string) to their destinations.
pub fn dispatch(to: &Destinations<'_>, alloc: Value, result: Value, body: Value) -> Result<(), T8nError> {
    let io = |message: String| T8nError::new(ErrorKind::Io, message);
    std::fs::create_dir_all(to.basedir).map_err(|e| io(format!("failed creating output basedir {}: {e}", to.basedir)))?;
    let mut stdout = Map::new();
    let mut stderr = Map::new();
    for (name, key, value) in [(Some(to.alloc), "alloc", alloc), (Some(to.result), "result", result), (to.body, "body", body)] {
        match name {
            None | Some("") => {}
            Some("stdout") => {
                stdout.insert(key.into(), value);
            }
            Some("stderr") => {
                stderr.insert(key.into(), value);
            }
            Some(file) => {
                let path = Path::new(to.basedir).join(file);
                let text = serde_json::to_string_pretty(&value).map_err(|e| T8nError::json(e.to_string()))?;
                std::fs::write(&path, text + "\n").map_err(|e| io(format!("failed writing {}: {e}", path.display())))?;
            }
        }
    }
    if !stdout.is_empty() {
        println!("{}", serde_json::to_string_pretty(&Value::Object(stdout)).map_err(|e| T8nError::json(e.to_string()))?);
    }
    if !stderr.is_empty() {
        eprintln!("{}", serde_json::to_string_pretty(&Value::Object(stderr)).map_err(|e| T8nError::json(e.to_string()))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use primitives::{Address, U256};
    use system_impl::StateAccount;

    #[test]
    fn alloc_leaves_out_what_is_empty() {
        let mut state = InMemoryState::new();
        state.insert_account(Address::from_low_u64(1), StateAccount::default());
        let mut storage = std::collections::BTreeMap::new();
        storage.insert(U256::from(1u8), U256::from(2u8));
        state.insert_account(
            Address::from_low_u64(2),
            StateAccount { nonce: 3, balance: U256::from(5u8), code: vec![0x00], storage, ..StateAccount::default() },
        );
        let json = alloc_json(&state);
        assert_eq!(json["0x0000000000000000000000000000000000000001"], serde_json::json!({"balance": "0x0"}));
        let two = &json["0x0000000000000000000000000000000000000002"];
        assert_eq!((two["nonce"].as_str(), two["code"].as_str()), (Some("0x3"), Some("0x00")));
        assert_eq!(two["storage"][format!("0x{:064x}", 1)], format!("0x{:064x}", 2));
    }
}
