//! Envelope decoding: envelope-level `DecodeError` variants, legacy `v` / EIP-155 handling, field mapping per type,
//! and robustness against truncated and mutated inputs.

mod common;

use common::*;
use primitives::{keccak256, B256, U256};
use zkos_transactions::signing::{sign, sign_transaction};
use zkos_transactions::{decode_transaction, encode_transaction, recover_sender, DecodeError, RlpError, TxType};

const EIP155_SIGNED: &str = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

#[test]
fn eip155_example_vector() {
    let bytes = h(EIP155_SIGNED);
    let tx = decode_transaction(&bytes).unwrap();
    assert_eq!(tx.tx_type, TxType::Legacy);
    assert_eq!(tx.chain_id, Some(1));
    assert_eq!(tx.signature.v, 37);
    assert_eq!(tx.nonce, 9);
    assert_eq!(tx.gas_price, 20_000_000_000);
    assert_eq!(tx.max_priority_fee_per_gas, 20_000_000_000);
    assert_eq!(tx.gas_limit, 21_000);
    assert_eq!(tx.value, U256::from(1_000_000_000_000_000_000u128));
    assert_eq!(
        tx.signing_hash,
        B256::from_hex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53").unwrap()
    );
    assert_eq!(tx.hash, keccak256(&bytes));
    assert_eq!(recover_sender(&tx), Ok(key_address()));
    assert_eq!(encode_transaction(&tx), bytes);
    // Re-signing reproduces the vector (RFC 6979).
    assert_eq!(sign_transaction(&tx, &KEY).unwrap(), bytes);
}

#[test]
fn pre_eip155_legacy_has_no_chain_id() {
    let bytes = h("0xf863800a83061a8094095e7baea6a6c7c4c2dfeb977efac326af552d87830186a0801ba0ffb600e63115a7362e7811894a91d8ba4330e526f22121c994c4692035dfdfd5a06198379fcac8de3dbfac48b165df4bf88e2088f294b61efb9a65fe2281c76e16");
    let tx = decode_transaction(&bytes).unwrap();
    assert_eq!(tx.chain_id, None);
    assert_eq!(tx.signature.v, 27);
    assert_eq!(
        recover_sender(&tx),
        Ok(addr("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"))
    );
}

#[test]
fn legacy_v_values() {
    let base = h(EIP155_SIGNED);
    let with_v = |v: &[u8]| decode_transaction(&with_item(&base, 6, rlp_bytes(v)));
    for v in [0u64, 1, 26, 29, 30, 34] {
        let bytes = with_item(&base, 6, rlp_u256(U256::from(v)));
        assert_eq!(
            decode_transaction(&bytes).unwrap_err(),
            DecodeError::InvalidLegacyV(v),
            "v = {v}"
        );
    }
    assert_eq!(with_v(&[28]).unwrap().chain_id, None);
    assert_eq!(with_v(&[35]).unwrap().chain_id, Some(0));
    assert_eq!(with_v(&[36]).unwrap().chain_id, Some(0));
    assert_eq!(with_v(&[38]).unwrap().chain_id, Some(1));
    // The largest v that fits u64 gives the largest legacy chain id.
    assert_eq!(with_v(&[0xff; 8]).unwrap().chain_id, Some((u64::MAX - 35) / 2));
    assert_eq!(
        with_v(&[1, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap_err(),
        DecodeError::Overflow { field: "v" }
    );
    // Flipping the parity (37 -> 38) keeps the chain id but recovers a different (or no) sender.
    let flipped = with_v(&[38]).unwrap();
    assert_ne!(recover_sender(&flipped), Ok(key_address()));
}

#[test]
fn legacy_with_large_chain_id_round_trips() {
    let mut tx = sample(TxType::Legacy);
    tx.chain_id = Some(1 << 60);
    let signed = sign(&tx, &KEY).unwrap();
    let v = signed.signature.v;
    assert!(v == (1u64 << 61) + 35 || v == (1u64 << 61) + 36, "v = {v}");
    let decoded = decode_transaction(&encode_transaction(&signed)).unwrap();
    assert_eq!(decoded.chain_id, Some(1 << 60));
    assert_eq!(recover_sender(&decoded), Ok(key_address()));
}

#[test]
fn empty_and_unsupported_types() {
    assert_eq!(decode_transaction(&[]), Err(DecodeError::Empty));
    for first in [0x00u8, 0x05, 0x7e, 0x80, 0xb7, 0xbf] {
        let mut bytes = vec![first];
        bytes.extend_from_slice(&h("0xc0"));
        assert_eq!(
            decode_transaction(&bytes),
            Err(DecodeError::UnsupportedType(first)),
            "{first:#x}"
        );
    }
}

#[test]
fn envelope_rlp_errors() {
    let bytes = signed(TxType::Eip1559);
    let mut trailing = bytes.clone();
    trailing.push(0x00);
    assert_eq!(
        decode_transaction(&trailing),
        Err(DecodeError::Rlp {
            field: "envelope",
            error: RlpError::TrailingBytes
        })
    );
    assert_eq!(
        decode_transaction(&h("0x0283646f67")),
        Err(DecodeError::Rlp {
            field: "envelope",
            error: RlpError::ExpectedList
        })
    );
    assert_eq!(
        decode_transaction(&[0x02]),
        Err(DecodeError::Rlp {
            field: "envelope",
            error: RlpError::UnexpectedEnd
        })
    );
    // A typed transaction cannot be wrapped as an RLP string (that is the block-body form, not EIP-2718).
    let mut wrapped = Vec::new();
    zkos_transactions::rlp::encode_bytes(&mut wrapped, &bytes);
    assert!(decode_transaction(&wrapped).is_err());
}

#[test]
fn field_rlp_errors() {
    let bytes = signed(TxType::Eip1559);
    // Leading zero in the nonce.
    assert_eq!(
        decode_transaction(&with_item(&bytes, 1, h("0x82002a"))),
        Err(DecodeError::Rlp {
            field: "nonce",
            error: RlpError::LeadingZero
        })
    );
    // Single byte encoded as a string inside a field.
    assert_eq!(
        decode_transaction(&with_item(&bytes, 1, h("0x812a"))),
        Err(DecodeError::Rlp {
            field: "envelope",
            error: RlpError::NonCanonicalSingleByte
        })
    );
    // A list where the data string belongs.
    assert_eq!(
        decode_transaction(&with_item(&bytes, 7, h("0xc0"))),
        Err(DecodeError::Rlp {
            field: "data",
            error: RlpError::ExpectedString
        })
    );
    // A string where the access list belongs.
    assert_eq!(
        decode_transaction(&with_item(&bytes, 8, h("0x80"))),
        Err(DecodeError::Rlp {
            field: "access list",
            error: RlpError::ExpectedList
        })
    );
}

#[test]
fn blob_and_set_code_transactions_need_a_recipient() {
    for (tx_type, to_index) in [(TxType::Eip4844, 5), (TxType::Eip7702, 5)] {
        let bytes = with_item(&signed(tx_type), to_index, h("0x80"));
        assert_eq!(decode_transaction(&bytes), Err(DecodeError::MissingTo(tx_type)));
    }
    // Creation is fine for the other types.
    for (tx_type, to_index) in [
        (TxType::Legacy, 3),
        (TxType::Eip2930, 4),
        (TxType::Eip1559, 5),
        (TxType::L1Priority, 2),
    ] {
        let tx = decode_transaction(&with_item(&signed(tx_type), to_index, h("0x80"))).unwrap();
        assert!(tx.is_create(), "{tx_type}");
    }
}

#[test]
fn fields_map_per_type() {
    for tx_type in ALL_TYPES {
        let expected = sample(tx_type);
        let tx = decode_transaction(&signed(tx_type)).unwrap();
        assert_eq!(tx.tx_type, tx_type);
        assert_eq!(tx.chain_id, expected.chain_id);
        assert_eq!(tx.nonce, expected.nonce);
        assert_eq!(tx.gas_limit, expected.gas_limit);
        assert_eq!(tx.gas_price, expected.gas_price);
        assert_eq!(tx.max_priority_fee_per_gas, expected.max_priority_fee_per_gas);
        assert_eq!(tx.to, expected.to);
        assert_eq!(tx.value, expected.value);
        assert_eq!(tx.data, expected.data);
        assert_eq!(tx.access_list, expected.access_list);
        assert_eq!(tx.max_fee_per_blob_gas, expected.max_fee_per_blob_gas);
        assert_eq!(tx.blob_versioned_hashes, expected.blob_versioned_hashes);
        assert_eq!(tx.authorization_list, expected.authorization_list);
        assert_eq!(tx.l1, expected.l1);
    }
    let l1 = decode_transaction(&signed(TxType::L1Priority)).unwrap();
    assert_eq!(l1.signing_hash, B256::ZERO);
    assert_eq!(l1.signature, Default::default());
    assert_eq!(signed(TxType::L1Priority)[0], 0x7f);
}

#[test]
fn error_display() {
    assert_eq!(
        DecodeError::UnsupportedType(5).to_string(),
        "unsupported transaction type 0x05"
    );
    assert_eq!(
        DecodeError::Overflow { field: "nonce" }.to_string(),
        "nonce does not fit its type"
    );
    assert_eq!(
        DecodeError::Rlp {
            field: "nonce",
            error: RlpError::LeadingZero
        }
        .to_string(),
        "invalid RLP in nonce: integer has leading zero bytes"
    );
    assert_eq!(
        DecodeError::MissingTo(TxType::Eip4844).to_string(),
        "EIP-4844 transaction cannot create a contract (empty `to`)"
    );
}

#[test]
fn truncations_and_mutations_never_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for tx_type in ALL_TYPES {
        let bytes = signed(tx_type);
        for len in 0..bytes.len() {
            assert!(
                decode_transaction(&bytes[..len]).is_err(),
                "{tx_type} truncated to {len}"
            );
        }
        for _ in 0..2000 {
            let mut mutated = bytes.clone();
            for _ in 0..1 + next() % 3 {
                let i = (next() as usize) % mutated.len();
                mutated[i] = next() as u8;
            }
            if let Ok(tx) = decode_transaction(&mutated) {
                // Anything that decodes is canonical, so it re-encodes exactly.
                assert_eq!(encode_transaction(&tx), mutated);
                let _ = recover_sender(&tx);
            }
        }
    }
}
