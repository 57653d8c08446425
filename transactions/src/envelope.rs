//! EIP-2718 envelopes: decoding signed transactions from bytes and encoding them back.
//!
//! An encoded transaction is either a legacy RLP list (first byte `>= 0xc0`) or a type byte in `0x01..=0x7f`
//! followed by one RLP list. zkos accepts these layouts (`sig` = `y_parity, r, s`; legacy uses `v, r, s`):
//!
//! | type | payload |
//! |---|---|
//! | legacy | `rlp([nonce, gas_price, gas_limit, to, value, data, v, r, s])` |
//! | `0x01` EIP-2930 | `rlp([chain_id, nonce, gas_price, gas_limit, to, value, data, access_list, sig])` |
//! | `0x02` EIP-1559 | `rlp([chain_id, nonce, max_priority_fee, max_fee, gas_limit, to, value, data, access_list, sig])` |
//! | `0x03` EIP-4844 | as EIP-1559 with `max_fee_per_blob_gas, blob_versioned_hashes` after `access_list` |
//! | `0x04` EIP-7702 | as EIP-1559 with `authorization_list` after `access_list` |
//! | `0x7f` L1 priority | `rlp([serial_id, from, to, gas_limit, max_fee_per_gas, mint, value, data])` |
//!
//! The EIP-4844 network form (`rlp([tx, blobs, commitments, proofs])`) is not accepted: blocks carry the
//! canonical form only. Types 3 and 4 must have a recipient.
//!
//! **L1 priority transactions** (type `0x7f`) are ZKsync-style L1 → L2 requests. They are not signed: the
//! sender is `from`, which the L1 contract authenticated. `mint` wei are credited to `from` before execution
//! (it covers `value`; gas was already paid on L1, so there is no priority fee and `max_fee_per_gas` only
//! records the price the L1 side charged). An empty `to` creates a contract. `serial_id` is the request's
//! position in the L1 priority queue. Their [`Transaction::signing_hash`] is zero, `chain_id` is `None`,
//! `nonce` is zero and `signature` is all zero.
//!
//! Integers must be canonical and fit their field (`nonce`, `gas_limit`, `chain_id`, legacy `v` and typed
//! `y_parity` in `u64`; fees in `u128`; value, mint, `r`, `s` in 256 bits). Because the decoder only accepts
//! canonical RLP, [`encode_transaction`] reproduces the decoded bytes exactly.
//!
//! Signing hashes: legacy pre-EIP-155 `keccak(rlp([nonce, gas_price, gas_limit, to, value, data]))`, legacy
//! EIP-155 the same list followed by `chain_id, 0, 0`; typed `keccak(type || rlp(fields without sig))`.

use crate::error::DecodeError;
use crate::fields::{
    access_list, address, authorization_list, blob_hashes, exactly, list, to_field, u128_field, u256_field, u64_field,
    write_access_list, write_authorization_list, write_blob_hashes, write_to,
};
use crate::rlp::{decode_exact, ListEncoder};
use crate::tx::{L1PriorityFields, Signature, Transaction, TxType};
use alloc::vec::Vec;
use primitives::{keccak256, B256};

/// Decodes an EIP-2718 encoded signed transaction (or an L1 priority transaction) and computes its hashes.
pub fn decode_transaction(bytes: &[u8]) -> Result<Transaction, DecodeError> {
    let mut tx = decode_transaction_unhashed(bytes)?;
    tx.hash = keccak256(bytes);
    Ok(tx)
}

/// [`decode_transaction`] without the transaction hash (left zero): for a runner that never reports it
/// (the prover), since it costs a keccak over the whole envelope. The signing hash is still computed.
pub fn decode_transaction_unhashed(bytes: &[u8]) -> Result<Transaction, DecodeError> {
    let first = *bytes.first().ok_or(DecodeError::Empty)?;
    let (tx_type, payload) = if first >= 0xc0 {
        (TxType::Legacy, bytes)
    } else {
        match TxType::from_byte(first) {
            Some(tx_type) if tx_type != TxType::Legacy => (tx_type, &bytes[1..]),
            _ => return Err(DecodeError::UnsupportedType(first)),
        }
    };
    let item = decode_exact(payload).map_err(DecodeError::rlp("envelope"))?;
    let items = list(&item, "envelope")?;
    let mut tx = match tx_type {
        TxType::Legacy => decode_legacy(items)?,
        TxType::Eip2930 => decode_eip2930(items)?,
        TxType::L1Priority => decode_l1_priority(items)?,
        TxType::Eip1559 | TxType::Eip4844 | TxType::Eip7702 => decode_dynamic_fee(tx_type, items)?,
    };
    tx.signing_hash = compute_signing_hash(&tx);
    Ok(tx)
}

/// Derives the chain id from a legacy `v`: `None` for 27/28, `(v - 35) / 2` for EIP-155 values.
fn legacy_chain_id(v: u64) -> Result<Option<u64>, DecodeError> {
    match v {
        27 | 28 => Ok(None),
        v if v >= 35 => Ok(Some((v - 35) / 2)),
        v => Err(DecodeError::InvalidLegacyV(v)),
    }
}

fn decode_legacy(items: Vec<crate::rlp::Item<'_>>) -> Result<Transaction, DecodeError> {
    let [nonce, gas_price, gas_limit, to, value, data, v, r, s] = exactly::<9>(items, "legacy transaction")?;
    let gas_price = u128_field(&gas_price, "gas price")?;
    let v = u64_field(&v, "v")?;
    Ok(Transaction {
        tx_type: TxType::Legacy,
        chain_id: legacy_chain_id(v)?,
        nonce: u64_field(&nonce, "nonce")?,
        gas_limit: u64_field(&gas_limit, "gas limit")?,
        gas_price,
        max_priority_fee_per_gas: gas_price,
        to: to_field(&to)?,
        value: u256_field(&value, "value")?,
        data: crate::fields::bytes(&data, "data")?.to_vec(),
        signature: Signature {
            v,
            r: u256_field(&r, "r")?,
            s: u256_field(&s, "s")?,
        },
        ..Transaction::default()
    })
}

fn decode_eip2930(items: Vec<crate::rlp::Item<'_>>) -> Result<Transaction, DecodeError> {
    let [chain_id, nonce, gas_price, gas_limit, to, value, data, access, y_parity, r, s] =
        exactly::<11>(items, "EIP-2930 transaction")?;
    let gas_price = u128_field(&gas_price, "gas price")?;
    Ok(Transaction {
        tx_type: TxType::Eip2930,
        chain_id: Some(u64_field(&chain_id, "chain id")?),
        nonce: u64_field(&nonce, "nonce")?,
        gas_limit: u64_field(&gas_limit, "gas limit")?,
        gas_price,
        max_priority_fee_per_gas: gas_price,
        to: to_field(&to)?,
        value: u256_field(&value, "value")?,
        data: crate::fields::bytes(&data, "data")?.to_vec(),
        access_list: access_list(&access)?,
        signature: Signature {
            v: u64_field(&y_parity, "y parity")?,
            r: u256_field(&r, "r")?,
            s: u256_field(&s, "s")?,
        },
        ..Transaction::default()
    })
}

/// Decodes types 2, 3 and 4, which share the EIP-1559 prefix and differ only in the fields after the access
/// list.
fn decode_dynamic_fee(tx_type: TxType, mut items: Vec<crate::rlp::Item<'_>>) -> Result<Transaction, DecodeError> {
    let (name, extra) = match tx_type {
        TxType::Eip4844 => ("EIP-4844 transaction", 2),
        TxType::Eip7702 => ("EIP-7702 transaction", 1),
        _ => ("EIP-1559 transaction", 0),
    };
    let expected = 12 + extra;
    if items.len() != expected {
        return Err(DecodeError::FieldCount {
            list: name,
            expected,
            found: items.len(),
        });
    }
    let extra_items: Vec<_> = items.drain(9..9 + extra).collect();
    let [chain_id, nonce, priority_fee, max_fee, gas_limit, to, value, data, access, y_parity, r, s] =
        exactly::<12>(items, name)?;
    let mut tx = Transaction {
        tx_type,
        chain_id: Some(u64_field(&chain_id, "chain id")?),
        nonce: u64_field(&nonce, "nonce")?,
        gas_limit: u64_field(&gas_limit, "gas limit")?,
        gas_price: u128_field(&max_fee, "max fee per gas")?,
        max_priority_fee_per_gas: u128_field(&priority_fee, "max priority fee per gas")?,
        to: to_field(&to)?,
        value: u256_field(&value, "value")?,
        data: crate::fields::bytes(&data, "data")?.to_vec(),
        access_list: access_list(&access)?,
        signature: Signature {
            v: u64_field(&y_parity, "y parity")?,
            r: u256_field(&r, "r")?,
            s: u256_field(&s, "s")?,
        },
        ..Transaction::default()
    };
    match (tx_type, extra_items.as_slice()) {
        (TxType::Eip4844, [blob_fee, hashes]) => {
            tx.max_fee_per_blob_gas = u128_field(blob_fee, "max fee per blob gas")?;
            tx.blob_versioned_hashes = blob_hashes(hashes)?;
        }
        (TxType::Eip7702, [authorizations]) => tx.authorization_list = authorization_list(authorizations)?,
        _ => {}
    }
    if tx.to.is_none() && tx_type != TxType::Eip1559 {
        return Err(DecodeError::MissingTo(tx_type));
    }
    Ok(tx)
}

fn decode_l1_priority(items: Vec<crate::rlp::Item<'_>>) -> Result<Transaction, DecodeError> {
    let [serial_id, from, to, gas_limit, max_fee, mint, value, data] = exactly::<8>(items, "L1 priority transaction")?;
    Ok(Transaction {
        tx_type: TxType::L1Priority,
        l1: Some(L1PriorityFields {
            serial_id: u64_field(&serial_id, "serial id")?,
            from: address(&from, "from")?,
            mint: u256_field(&mint, "mint")?,
        }),
        to: to_field(&to)?,
        gas_limit: u64_field(&gas_limit, "gas limit")?,
        gas_price: u128_field(&max_fee, "max fee per gas")?,
        value: u256_field(&value, "value")?,
        data: crate::fields::bytes(&data, "data")?.to_vec(),
        ..Transaction::default()
    })
}

/// Builds the RLP list of `tx`'s fields, with the signature when `signed`, otherwise in signing form.
fn fields(tx: &Transaction, signed: bool) -> ListEncoder {
    let mut list = ListEncoder::new();
    let chain_id = tx.chain_id.unwrap_or(0);
    let sig = &tx.signature;
    match tx.tx_type {
        TxType::Legacy => {
            list.u64(tx.nonce).u128(tx.gas_price).u64(tx.gas_limit);
            write_to(&mut list, &tx.to);
            list.u256(&tx.value).bytes(&tx.data);
            if signed {
                list.u64(sig.v).u256(&sig.r).u256(&sig.s);
            } else if let Some(chain_id) = tx.chain_id {
                list.u64(chain_id).u64(0).u64(0);
            }
        }
        TxType::L1Priority => {
            let l1 = tx.l1.unwrap_or_default();
            list.u64(l1.serial_id).bytes(&l1.from.0);
            write_to(&mut list, &tx.to);
            list.u64(tx.gas_limit)
                .u128(tx.gas_price)
                .u256(&l1.mint)
                .u256(&tx.value)
                .bytes(&tx.data);
        }
        TxType::Eip2930 | TxType::Eip1559 | TxType::Eip4844 | TxType::Eip7702 => {
            list.u64(chain_id).u64(tx.nonce);
            if tx.tx_type == TxType::Eip2930 {
                list.u128(tx.gas_price);
            } else {
                list.u128(tx.max_priority_fee_per_gas).u128(tx.gas_price);
            }
            list.u64(tx.gas_limit);
            write_to(&mut list, &tx.to);
            list.u256(&tx.value).bytes(&tx.data);
            write_access_list(&mut list, &tx.access_list);
            if tx.tx_type == TxType::Eip4844 {
                list.u128(tx.max_fee_per_blob_gas);
                write_blob_hashes(&mut list, &tx.blob_versioned_hashes);
            } else if tx.tx_type == TxType::Eip7702 {
                write_authorization_list(&mut list, &tx.authorization_list);
            }
            if signed {
                list.u64(sig.v).u256(&sig.r).u256(&sig.s);
            }
        }
    }
    list
}

/// Prefixes the type byte (except for legacy) to the RLP list.
fn envelope(tx_type: TxType, list: &ListEncoder) -> Vec<u8> {
    let mut out = Vec::new();
    if tx_type != TxType::Legacy {
        out.push(tx_type.as_byte());
    }
    list.finish_into(&mut out);
    out
}

/// Encodes `tx` as EIP-2718 bytes (the inverse of [`decode_transaction`]; `hash` and `signing_hash` are not
/// read).
pub fn encode_transaction(tx: &Transaction) -> Vec<u8> {
    envelope(tx.tx_type, &fields(tx, true))
}

/// The bytes the sender signs (see the module docs); empty for L1 priority transactions.
pub fn signing_payload(tx: &Transaction) -> Vec<u8> {
    if tx.tx_type == TxType::L1Priority {
        return Vec::new();
    }
    envelope(tx.tx_type, &fields(tx, false))
}

/// The hash the sender signs, computed from the fields (zero for L1 priority transactions).
pub fn compute_signing_hash(tx: &Transaction) -> B256 {
    if tx.tx_type == TxType::L1Priority {
        return B256::ZERO;
    }
    keccak256(&signing_payload(tx))
}

/// Fills `hash` and `signing_hash` from the other fields, e.g. after building a transaction by hand.
pub fn seal(tx: &mut Transaction) {
    tx.hash = keccak256(&encode_transaction(tx));
    tx.signing_hash = compute_signing_hash(tx);
}
