//! Helpers shared by the integration tests: sample transactions of every type, a test key, and tools to take
//! an encoding apart into raw RLP items and put a modified one back together.
#![allow(dead_code)]

use primitives::{decode_hex, Address, B256, U256};
use zkos_transactions::rlp::{decode_exact, decode_item, Item, ListEncoder};
use zkos_transactions::signing::sign_authorization;
use zkos_transactions::{AccessListItem, L1PriorityFields, Transaction, TxType};

/// The EIP-155 example key (`0x4646...46`); its address is `0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f`.
pub const KEY: [u8; 32] = [0x46; 32];
/// A second key, for authorizations.
pub const AUTH_KEY: [u8; 32] = [0x07; 32];

/// Decodes hex (test input, known good).
pub fn h(s: &str) -> Vec<u8> {
    decode_hex(s).unwrap()
}

/// An address from hex.
pub fn addr(s: &str) -> Address {
    Address::from_hex(s).unwrap()
}

/// The address of [`KEY`].
pub fn key_address() -> Address {
    addr("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
}

/// Every transaction type.
pub const ALL_TYPES: [TxType; 6] = [
    TxType::Legacy,
    TxType::Eip2930,
    TxType::Eip1559,
    TxType::Eip4844,
    TxType::Eip7702,
    TxType::L1Priority,
];

/// An unsigned transaction of `tx_type` with every field of that type set to something non-trivial.
pub fn sample(tx_type: TxType) -> Transaction {
    let mut tx = Transaction {
        tx_type,
        chain_id: Some(1337),
        nonce: 42,
        gas_limit: 1_000_000,
        gas_price: 30_000_000_000,
        max_priority_fee_per_gas: 30_000_000_000,
        to: Some(addr("0x1000000000000000000000000000000000000001")),
        value: U256::from(1_000_000_000_000_000_000u128),
        data: vec![0x00, 0x01, 0xff, 0x00, 0x60],
        ..Transaction::default()
    };
    if tx_type != TxType::Legacy && tx_type != TxType::L1Priority {
        tx.access_list = vec![
            AccessListItem {
                address: addr("0x2000000000000000000000000000000000000002"),
                storage_keys: vec![B256([0x11; 32]), B256::ZERO],
            },
            AccessListItem {
                address: addr("0x3000000000000000000000000000000000000003"),
                storage_keys: vec![],
            },
        ];
    }
    if tx_type.has_dynamic_fee() {
        tx.max_priority_fee_per_gas = 2_000_000_000;
    }
    match tx_type {
        TxType::Eip4844 => {
            tx.max_fee_per_blob_gas = 7;
            let mut hash = [0x22; 32];
            hash[0] = 0x01;
            tx.blob_versioned_hashes = vec![B256(hash), B256(hash)];
        }
        TxType::Eip7702 => {
            let target = addr("0x4000000000000000000000000000000000000004");
            tx.authorization_list = vec![
                sign_authorization(U256::from(1337u64), target, 0, &AUTH_KEY).unwrap(),
                sign_authorization(U256::ZERO, target, u64::MAX, &AUTH_KEY).unwrap(),
            ];
        }
        TxType::L1Priority => {
            tx.chain_id = None;
            tx.nonce = 0;
            tx.max_priority_fee_per_gas = 0;
            tx.l1 = Some(L1PriorityFields {
                from: addr("0x5000000000000000000000000000000000000005"),
                mint: U256::from(2_000_000_000_000_000_000u128),
                serial_id: 9,
            });
        }
        _ => {}
    }
    tx
}

/// Splits an encoded transaction into its type byte (`None` for legacy) and its raw top-level RLP items.
pub fn split(bytes: &[u8]) -> (Option<u8>, Vec<Vec<u8>>) {
    let (type_byte, payload) = if bytes[0] >= 0xc0 {
        (None, bytes)
    } else {
        (Some(bytes[0]), &bytes[1..])
    };
    let Item::List(list_payload) = decode_exact(payload).unwrap() else {
        panic!("not a list")
    };
    (type_byte, raw_items(list_payload))
}

/// The raw encodings of the items of a list payload.
pub fn raw_items(mut payload: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !payload.is_empty() {
        let (_, rest) = decode_item(payload).unwrap();
        out.push(payload[..payload.len() - rest.len()].to_vec());
        payload = rest;
    }
    out
}

/// Reassembles a transaction from a type byte and raw items.
pub fn join(type_byte: Option<u8>, items: &[Vec<u8>]) -> Vec<u8> {
    let mut list = ListEncoder::new();
    for item in items {
        list.raw(item);
    }
    let mut out = Vec::new();
    out.extend(type_byte);
    list.finish_into(&mut out);
    out
}

/// The RLP encoding of a byte string.
pub fn rlp_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    zkos_transactions::rlp::encode_bytes(&mut out, bytes);
    out
}

/// `bytes` with item `index` replaced by `replacement` (raw RLP).
pub fn with_item(bytes: &[u8], index: usize, replacement: Vec<u8>) -> Vec<u8> {
    let (type_byte, mut items) = split(bytes);
    items[index] = replacement;
    join(type_byte, &items)
}

/// The signed encoding of [`sample`] (`tx_type`) with [`KEY`]; L1 priority transactions are just encoded.
pub fn signed(tx_type: TxType) -> Vec<u8> {
    let tx = sample(tx_type);
    if tx_type == TxType::L1Priority {
        zkos_transactions::encode_transaction(&tx)
    } else {
        zkos_transactions::signing::sign_transaction(&tx, &KEY).unwrap()
    }
}

/// The RLP encoding of a 256-bit integer.
pub fn rlp_u256(value: U256) -> Vec<u8> {
    let mut out = Vec::new();
    zkos_transactions::rlp::encode_u256(&mut out, &value);
    out
}
