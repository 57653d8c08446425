//! t8n's JSON transactions → EIP-2718 envelopes: geth's field names (`type`, `chainId`, `nonce`, `to`,
//! `gas`, `gasPrice`, `maxPriorityFeePerGas`, `maxFeePerGas`, `maxFeePerBlobGas`, `value`, `input`,
//! `accessList`, `blobVersionedHashes`, `authorizationList`, `v`, `r`, `s`, `yParity`), either signed or
//! unsigned (`v`, `r`, `s` zero or absent) with a `secretKey` to sign with. Unsigned legacy transactions
//! are signed with EIP-155 replay protection unless `"protected": false`.
//!
//! Without `type`, the type follows from the fields present (as the execution specs' loader does):
//! `authorizationList` → 4, `maxFeePerBlobGas` → 3, `maxFeePerGas` → 2, `accessList` → 1, else legacy.
//!
//! Two outcomes are kept apart: malformed JSON (a missing `gas`, a non-hex value) fails the whole input
//! (exit 10, as geth's unmarshalling does), while a well-formed transaction whose values no valid
//! transaction can have (a nonce past 2^64, a fee past 2^128, which no balance can pay) is rejected at its
//! index, as the block rules would reject it.

use fixtures::json::{address, bytes, hash, quantity, InputError};
use primitives::U256;
use serde_json::Value;
use transactions::{encode_transaction, AccessListItem, Authorization, Signature, Transaction, TxType};

use super::error::T8nError;

/// A transaction prepared for the block: its envelope, or why it cannot be one.
pub type Prepared = Result<Vec<u8>, String>;

/// Prepares every JSON transaction; the outer error is malformed input.
pub fn prepare_json(items: &[Value], chain_id: u64) -> Result<Vec<Prepared>, T8nError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| prepare_one(item, chain_id, &format!("txs[{i}]")).map_err(|e| T8nError::input("txs", e)))
        .collect()
}

/// A field, `null` read as absent (EEST writes `"gasPrice": null` on typed transactions).
fn field<'a>(tx: &'a Value, key: &str) -> Option<&'a Value> {
    tx.get(key).filter(|v| !v.is_null())
}

fn required<'a>(tx: &'a Value, key: &str, at: &str) -> Result<&'a Value, InputError> {
    field(tx, key).ok_or_else(|| InputError::new(format!("{at}.{key}"), "missing"))
}

fn number(tx: &Value, key: &str, at: &str) -> Result<Option<U256>, InputError> {
    field(tx, key).map(|v| quantity(v, &format!("{at}.{key}"))).transpose()
}

/// A value that must fit `u64` for the transaction to exist.
fn fit_u64(value: U256, what: &str) -> Result<u64, String> {
    u64::try_from(value).map_err(|_| format!("{what} {value:#x} does not fit 64 bits"))
}

/// A fee that must fit `u128`; a larger one could never be paid (the sender's balance is below 2^256).
fn fit_u128(value: U256, what: &str) -> Result<u128, String> {
    u128::try_from(value).map_err(|_| format!("{what} {value:#x} is beyond any balance (insufficient funds)"))
}

fn infer_type(tx: &Value) -> TxType {
    if field(tx, "authorizationList").is_some() {
        TxType::Eip7702
    } else if field(tx, "maxFeePerBlobGas").is_some() {
        TxType::Eip4844
    } else if field(tx, "maxFeePerGas").is_some() {
        TxType::Eip1559
    } else if field(tx, "accessList").is_some() {
        TxType::Eip2930
    } else {
        TxType::Legacy
    }
}

/// One JSON transaction: `Ok(Ok(envelope))`, `Ok(Err(reason))` for a transaction rejected at its index, or
/// `Err` for malformed JSON.
fn prepare_one(tx: &Value, chain_id: u64, at: &str) -> Result<Prepared, InputError> {
    if !tx.is_object() {
        return Err(InputError::new(at, "expected a transaction object"));
    }
    let tx_type = match number(tx, "type", at)? {
        None => infer_type(tx),
        Some(t) => match u8::try_from(t).ok().and_then(TxType::from_byte) {
            Some(t) if t != TxType::L1Priority => t,
            _ => return Ok(Err(format!("transaction type {t:#x} not supported"))),
        },
    };
    let dynamic = tx_type.has_dynamic_fee();
    let fee = |key: &str| -> Result<U256, InputError> { Ok(number(tx, key, at)?.unwrap_or_default()) };
    let (gas_price, priority_fee) = if dynamic {
        (required(tx, "maxFeePerGas", at).and_then(|v| quantity(v, &format!("{at}.maxFeePerGas")))?, fee("maxPriorityFeePerGas")?)
    } else {
        let price = required(tx, "gasPrice", at).and_then(|v| quantity(v, &format!("{at}.gasPrice")))?;
        (price, price)
    };
    let nonce = number(tx, "nonce", at)?.unwrap_or_default();
    let gas = required(tx, "gas", at).and_then(|v| quantity(v, &format!("{at}.gas")))?;
    let to = match field(tx, "to") {
        None => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(v) => Some(address(v, &format!("{at}.to"))?),
    };
    let data = match field(tx, "input").or_else(|| field(tx, "data")) {
        Some(v) => bytes(v, &format!("{at}.input"))?,
        None => Vec::new(),
    };
    let access_list = access_list(tx, at)?;
    let blob_hashes = match field(tx, "blobVersionedHashes") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, h)| hash(h, &format!("{at}.blobVersionedHashes[{i}]")))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(InputError::new(format!("{at}.blobVersionedHashes"), "expected an array")),
        None => Vec::new(),
    };
    let authorizations = authorizations(tx, at)?;
    let (v, r, s) = (number(tx, "v", at)?, number(tx, "r", at)?.unwrap_or_default(), number(tx, "s", at)?.unwrap_or_default());
    let y_parity = number(tx, "yParity", at)?.or(number(tx, "y_parity", at)?);
    let secret = match field(tx, "secretKey") {
        Some(v) => {
            let key = bytes(v, &format!("{at}.secretKey"))?;
            Some(<[u8; 32]>::try_from(key).map_err(|_| InputError::new(format!("{at}.secretKey"), "expected 32 bytes"))?)
        }
        None => None,
    };
    let protected = match field(tx, "protected") {
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(InputError::new(format!("{at}.protected"), "expected a boolean")),
        None => true,
    };
    let tx_chain_id = number(tx, "chainId", at)?;
    let value = number(tx, "value", at)?.unwrap_or_default();
    let blob_fee = fee("maxFeePerBlobGas")?;

    // From here on the JSON is well formed: what is left are values no transaction can carry.
    let build = || -> Result<Vec<u8>, String> {
        let mut unsigned = Transaction {
            tx_type,
            chain_id: None,
            nonce: fit_u64(nonce, "nonce")?,
            gas_limit: fit_u64(gas, "gas limit")?,
            gas_price: fit_u128(gas_price, "fee cap")?,
            max_priority_fee_per_gas: fit_u128(priority_fee, "priority fee")?,
            to,
            value,
            data,
            access_list,
            max_fee_per_blob_gas: fit_u128(blob_fee, "blob fee cap")?,
            blob_versioned_hashes: blob_hashes,
            authorization_list: authorizations,
            ..Transaction::default()
        };
        if tx_type != TxType::Legacy {
            unsigned.chain_id = Some(match tx_chain_id {
                Some(id) => fit_u64(id, "chain id")?,
                None => chain_id,
            });
        }
        let v = v.or(y_parity).unwrap_or_default();
        let unsigned_signature = v.is_zero() && r.is_zero() && s.is_zero();
        match secret {
            Some(secret) if unsigned_signature => {
                if tx_type == TxType::Legacy && protected {
                    unsigned.chain_id = Some(chain_id);
                }
                transactions::signing::sign(&unsigned, &secret)
                    .map(|signed| encode_transaction(&signed))
                    .map_err(|e| format!("cannot sign: {e}"))
            }
            _ => {
                let v = fit_u64(v, "signature v")?;
                if tx_type == TxType::Legacy {
                    unsigned.chain_id = match v {
                        27 | 28 => None,
                        v if v >= 35 => Some((v - 35) / 2),
                        v => return Err(format!("invalid legacy signature v {v}")),
                    };
                }
                unsigned.signature = Signature { v, r, s };
                Ok(encode_transaction(&unsigned))
            }
        }
    };
    Ok(build())
}

fn access_list(tx: &Value, at: &str) -> Result<Vec<AccessListItem>, InputError> {
    let Some(list) = field(tx, "accessList") else { return Ok(Vec::new()) };
    let items = list.as_array().ok_or_else(|| InputError::new(format!("{at}.accessList"), "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{at}.accessList[{i}]");
            let keys = match field(item, "storageKeys") {
                Some(Value::Array(keys)) => keys
                    .iter()
                    .enumerate()
                    .map(|(j, k)| hash(k, &format!("{at}.storageKeys[{j}]")))
                    .collect::<Result<Vec<_>, _>>()?,
                Some(_) => return Err(InputError::new(format!("{at}.storageKeys"), "expected an array")),
                None => Vec::new(),
            };
            Ok(AccessListItem { address: address(required(item, "address", &at)?, &format!("{at}.address"))?, storage_keys: keys })
        })
        .collect()
}

/// The EIP-7702 authorizations, signed (`yParity`, or `v` as the execution specs write it).
fn authorizations(tx: &Value, at: &str) -> Result<Vec<Authorization>, InputError> {
    let Some(list) = field(tx, "authorizationList") else { return Ok(Vec::new()) };
    let items = list.as_array().ok_or_else(|| InputError::new(format!("{at}.authorizationList"), "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{at}.authorizationList[{i}]");
            let num = |key: &str| -> Result<U256, InputError> { quantity(required(item, key, &at)?, &format!("{at}.{key}")) };
            let y_parity = match field(item, "yParity").or_else(|| field(item, "v")) {
                Some(v) => quantity(v, &format!("{at}.yParity"))?,
                None => return Err(InputError::new(format!("{at}.yParity"), "missing")),
            };
            // Out-of-range nonces and parities make the authorization invalid, not the input: the block
            // rules skip such a tuple. Saturating keeps them invalid without a separate representation.
            let nonce = u64::try_from(num("nonce")?).unwrap_or(u64::MAX);
            let y_parity = u8::try_from(y_parity).unwrap_or(u8::MAX);
            Ok(Authorization {
                chain_id: num("chainId")?,
                address: address(required(item, "address", &at)?, &format!("{at}.address"))?,
                nonce,
                y_parity,
                r: num("r")?,
                s: num("s")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "0x0000000000000000000000000000000000000000000000000000000000000001";

    #[test]
    fn unsigned_transactions_are_signed_and_decode() {
        let txs = [
            json!({"gas": "0x5208", "gasPrice": "0xa", "nonce": "0x0", "to": "0x00000000000000000000000000000000000000aa",
                   "value": "0x1", "input": "0x", "secretKey": KEY}),
            json!({"type": "0x2", "gas": "0x5208", "maxFeePerGas": "0xa", "maxPriorityFeePerGas": "0x1", "nonce": "0x1",
                   "to": null, "value": "0x0", "input": "0x00", "gasPrice": null, "v": "0x0", "r": "0x0", "s": "0x0",
                   "secretKey": KEY}),
        ];
        let prepared = prepare_json(&txs, 1).unwrap();
        let legacy = transactions::decode_transaction(prepared[0].as_ref().unwrap()).unwrap();
        // EIP-155 on chain 1: v is 37 or 38.
        assert_eq!((legacy.tx_type, legacy.chain_id), (TxType::Legacy, Some(1)));
        assert!(matches!(legacy.signature.v, 37 | 38), "{}", legacy.signature.v);
        let dynamic = transactions::decode_transaction(prepared[1].as_ref().unwrap()).unwrap();
        assert_eq!((dynamic.tx_type, dynamic.nonce, dynamic.to), (TxType::Eip1559, 1, None));
        let mut secret = [0u8; 32];
        secret[31] = 1;
        let sender = transactions::signing::address_from_secret_key(&secret).ok();
        assert_eq!(transactions::recover_sender(&dynamic).ok(), sender);
    }

    #[test]
    fn malformed_json_fails_and_impossible_values_reject() {
        let missing_gas = json!({"gasPrice": "0x1", "secretKey": KEY});
        assert_eq!(prepare_json(&[missing_gas], 1).unwrap_err().exit_code(), 10);
        let huge_fee = json!({"gas": "0x5208", "gasPrice": format!("0x1{}", "0".repeat(40)), "secretKey": KEY});
        let prepared = prepare_json(&[huge_fee], 1).unwrap();
        assert!(prepared[0].as_ref().unwrap_err().contains("insufficient funds"), "{prepared:?}");
        let bad_type = json!({"type": "0x7f", "gas": "0x5208", "gasPrice": "0x1"});
        assert!(prepare_json(&[bad_type], 1).unwrap()[0].is_err());
    }
}
