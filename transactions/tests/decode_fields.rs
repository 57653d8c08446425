//! Field-level decoding errors: integer overflow per field (including the EIP-7702 authorization ranges),
//! wrong list lengths and wrong fixed-size field lengths.

mod common;

use common::*;
use primitives::U256;
use zkos_transactions::rlp::{decode_exact, Item, ListEncoder};
use zkos_transactions::{decode_transaction, DecodeError, TxType};

#[test]
fn overflowing_values() {
    let legacy = signed(TxType::Legacy);
    let two_64 = rlp_u256(U256::from(1u8) << 64);
    let two_128 = rlp_u256(U256::from(1u8) << 128);
    let mut wide = vec![0xa1];
    wide.extend_from_slice(&[0x01; 33]);
    assert_eq!(
        decode_transaction(&with_item(&legacy, 0, two_64.clone())),
        Err(DecodeError::Overflow { field: "nonce" })
    );
    assert_eq!(
        decode_transaction(&with_item(&legacy, 1, two_128.clone())),
        Err(DecodeError::Overflow { field: "gas price" })
    );
    assert_eq!(
        decode_transaction(&with_item(&legacy, 2, two_64.clone())),
        Err(DecodeError::Overflow { field: "gas limit" })
    );
    assert_eq!(
        decode_transaction(&with_item(&legacy, 4, wide.clone())),
        Err(DecodeError::Overflow { field: "value" })
    );
    assert_eq!(
        decode_transaction(&with_item(&legacy, 7, wide.clone())),
        Err(DecodeError::Overflow { field: "r" })
    );
    let dynamic = signed(TxType::Eip1559);
    assert_eq!(
        decode_transaction(&with_item(&dynamic, 0, two_64.clone())),
        Err(DecodeError::Overflow { field: "chain id" })
    );
    assert_eq!(
        decode_transaction(&with_item(&dynamic, 2, two_128.clone())),
        Err(DecodeError::Overflow {
            field: "max priority fee per gas"
        })
    );
    assert_eq!(
        decode_transaction(&with_item(&dynamic, 3, two_128.clone())),
        Err(DecodeError::Overflow {
            field: "max fee per gas"
        })
    );
    assert_eq!(
        decode_transaction(&with_item(&dynamic, 9, two_64.clone())),
        Err(DecodeError::Overflow { field: "y parity" })
    );
    let blob = signed(TxType::Eip4844);
    assert_eq!(
        decode_transaction(&with_item(&blob, 9, two_128)),
        Err(DecodeError::Overflow {
            field: "max fee per blob gas"
        })
    );
    // Largest values that still fit are accepted.
    let max_u128 = rlp_u256(U256::from(u128::MAX));
    assert_eq!(
        decode_transaction(&with_item(&legacy, 1, max_u128)).unwrap().gas_price,
        u128::MAX
    );
}

/// Replaces field `field` of the first authorization of a signed EIP-7702 transaction.
fn with_auth_field(field: usize, replacement: Vec<u8>) -> Vec<u8> {
    let bytes = signed(TxType::Eip7702);
    let (type_byte, mut items) = split(&bytes);
    let Some(Item::List(list_payload)) = decode_exact(&items[9]).ok() else {
        panic!("authorization list")
    };
    let mut auths = raw_items(list_payload);
    let Item::List(tuple_payload) = decode_exact(&auths[0]).unwrap() else {
        panic!("tuple")
    };
    let mut tuple = raw_items(tuple_payload);
    if field < tuple.len() {
        tuple[field] = replacement;
    } else {
        tuple.push(replacement);
    }
    auths[0] = join(None, &tuple);
    items[9] = join(None, &auths);
    join(type_byte, &items)
}

#[test]
fn authorization_value_ranges() {
    // chain_id may use all 256 bits.
    let tx = decode_transaction(&with_auth_field(0, rlp_u256(U256::MAX))).unwrap();
    assert_eq!(tx.authorization_list[0].chain_id, U256::MAX);
    let mut wide = vec![0xa1];
    wide.extend_from_slice(&[0x01; 33]);
    assert_eq!(
        decode_transaction(&with_auth_field(0, wide.clone())),
        Err(DecodeError::Overflow {
            field: "authorization chain id"
        })
    );
    assert_eq!(
        decode_transaction(&with_auth_field(2, rlp_u256(U256::from(1u8) << 64))),
        Err(DecodeError::Overflow {
            field: "authorization nonce"
        })
    );
    // y_parity < 2^8 decodes (recovery then rejects anything but 0/1); 2^8 does not.
    assert_eq!(
        decode_transaction(&with_auth_field(3, rlp_u256(U256::from(255u8))))
            .unwrap()
            .authorization_list[0]
            .y_parity,
        255
    );
    assert_eq!(
        decode_transaction(&with_auth_field(3, rlp_u256(U256::from(256u16)))),
        Err(DecodeError::Overflow {
            field: "authorization y parity"
        })
    );
    assert_eq!(
        decode_transaction(&with_auth_field(5, wide)),
        Err(DecodeError::Overflow {
            field: "authorization s"
        })
    );
    assert_eq!(
        decode_transaction(&with_auth_field(6, h("0x80"))),
        Err(DecodeError::FieldCount {
            list: "authorization",
            expected: 6,
            found: 7
        })
    );
    assert_eq!(
        decode_transaction(&with_auth_field(1, rlp_bytes(&[0x44; 19]))),
        Err(DecodeError::InvalidLength {
            field: "authorization address",
            expected: 20,
            found: 19
        })
    );
}

#[test]
fn wrong_field_counts() {
    for (tx_type, name, expected) in [
        (TxType::Legacy, "legacy transaction", 9),
        (TxType::Eip2930, "EIP-2930 transaction", 11),
        (TxType::Eip1559, "EIP-1559 transaction", 12),
        (TxType::Eip4844, "EIP-4844 transaction", 14),
        (TxType::Eip7702, "EIP-7702 transaction", 13),
        (TxType::L1Priority, "L1 priority transaction", 8),
    ] {
        let (type_byte, mut items) = split(&signed(tx_type));
        assert_eq!(items.len(), expected, "{tx_type}");
        items.pop();
        assert_eq!(
            decode_transaction(&join(type_byte, &items)),
            Err(DecodeError::FieldCount {
                list: name,
                expected,
                found: expected - 1
            })
        );
        items.push(h("0x80"));
        items.push(h("0x80"));
        assert_eq!(
            decode_transaction(&join(type_byte, &items)),
            Err(DecodeError::FieldCount {
                list: name,
                expected,
                found: expected + 1
            })
        );
    }
    // An access-list entry with three elements.
    let mut entry = ListEncoder::new();
    entry.bytes(&[0x11; 20]).list(&ListEncoder::new()).bytes(&[]);
    let mut list = ListEncoder::new();
    list.list(&entry);
    assert_eq!(
        decode_transaction(&with_item(&signed(TxType::Eip2930), 7, list.finish())),
        Err(DecodeError::FieldCount {
            list: "access list entry",
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn wrong_lengths() {
    let legacy = signed(TxType::Legacy);
    assert_eq!(
        decode_transaction(&with_item(&legacy, 3, rlp_bytes(&[0x35; 19]))),
        Err(DecodeError::InvalidLength {
            field: "to",
            expected: 20,
            found: 19
        })
    );
    assert_eq!(
        decode_transaction(&with_item(&legacy, 3, rlp_bytes(&[0x35; 21]))),
        Err(DecodeError::InvalidLength {
            field: "to",
            expected: 20,
            found: 21
        })
    );
    let mut keys = ListEncoder::new();
    keys.bytes(&[0x01; 31]);
    let mut entry = ListEncoder::new();
    entry.bytes(&[0x11; 20]).list(&keys);
    let mut list = ListEncoder::new();
    list.list(&entry);
    assert_eq!(
        decode_transaction(&with_item(&signed(TxType::Eip1559), 8, list.finish())),
        Err(DecodeError::InvalidLength {
            field: "access list storage key",
            expected: 32,
            found: 31
        })
    );
    let mut hashes = ListEncoder::new();
    hashes.bytes(&[0x01; 33]);
    assert_eq!(
        decode_transaction(&with_item(&signed(TxType::Eip4844), 10, hashes.finish())),
        Err(DecodeError::InvalidLength {
            field: "blob versioned hash",
            expected: 32,
            found: 33
        })
    );
    assert_eq!(
        decode_transaction(&with_item(&signed(TxType::L1Priority), 1, rlp_bytes(&[]))),
        Err(DecodeError::InvalidLength {
            field: "from",
            expected: 20,
            found: 0
        })
    );
}
