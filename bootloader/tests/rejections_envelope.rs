//! `InvalidTransaction` variants of the envelope (decoding, signature, type, chain id, nonce), through the real
//! bootloader (`run_forward` via test-utils' `Chain`); `rejections_state.rs` has the rest.
//!
//! Each case asserts three things (see [`assert_rejected`]):
//! 1. the exact rejection (index and variant, with its fields);
//! 2. alone in a block, the rejected transaction leaves the post-state equal to the pre-state, uses no gas and
//!    yields no receipt;
//! 3. followed by a valid transaction in the same block, the valid one is included and the block ends exactly as
//!    a block holding only the valid transaction (same receipt gas, same post-state).
//!
//! Where useful a positive control shows the boundary: the same transaction, fixed by one unit, is included.

mod rejection_support;

use rejection_support::*;

#[test]
fn empty_block_changes_nothing() {
    let chain = Chain::default();
    let run = chain.run(Vec::new());
    assert!(run.output.receipts.is_empty() && run.output.rejected.is_empty());
    assert!(run.post_state == chain.state);
}

// ---- Decode ----

#[test]
fn decode_empty() {
    assert_rejected(&Chain::default(), Vec::new(), InvalidTransaction::Decode(DecodeError::Empty));
}

#[test]
fn decode_unsupported_type() {
    let mut raw = valid();
    raw[0] = 0x05;
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::UnsupportedType(0x05)));
}

#[test]
fn decode_truncated() {
    let mut raw = tx::signed(0, transfer_template());
    raw.pop();
    let expected = InvalidTransaction::Decode(DecodeError::Rlp { field: "envelope", error: RlpError::UnexpectedEnd });
    assert_rejected(&Chain::default(), raw, expected);
}

#[test]
fn decode_trailing_bytes() {
    let mut raw = tx::signed(0, transfer_template());
    raw.push(0x00);
    let expected = InvalidTransaction::Decode(DecodeError::Rlp { field: "envelope", error: RlpError::TrailingBytes });
    assert_rejected(&Chain::default(), raw, expected);
}

#[test]
fn decode_invalid_legacy_v() {
    let unsigned =
        Transaction { tx_type: TxType::Legacy, chain_id: None, max_priority_fee_per_gas: 10, ..transfer_template() };
    let mut signed = sign(0, &unsigned);
    signed.signature.v = 30;
    let raw = encode_transaction(&signed);
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::InvalidLegacyV(30)));
}

#[test]
fn decode_blob_and_set_code_without_recipient() {
    let blob = Transaction { to: None, ..blob_template(1) };
    let raw = encode_transaction(&sign(0, &blob));
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::MissingTo(TxType::Eip4844)));
    let set_code = Transaction { to: None, ..set_code_template(vec![authorization()]) };
    let raw = encode_transaction(&sign(0, &set_code));
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::MissingTo(TxType::Eip7702)));
}

#[test]
fn decode_nonce_overflowing_u64() {
    // A legacy list whose nonce is 2^64 (nine bytes): [nonce, gas_price, gas_limit, to, value, data, v, r, s].
    let signed = sign(
        0,
        &Transaction {
            tx_type: TxType::Legacy,
            chain_id: Some(1),
            max_priority_fee_per_gas: 10,
            ..transfer_template()
        },
    );
    let mut raw = encode_transaction(&signed);
    // The legacy nonce 0 is encoded as 0x80 right after the list header; replace it with 0x89 01 00…00.
    let header = 1 + (raw[0] as usize - 0xf7);
    assert_eq!(raw[header], 0x80);
    let mut nonce = vec![0x89, 0x01];
    nonce.extend([0u8; 8]);
    raw.splice(header..header + 1, nonce);
    // Fix the list length (payload grew by 9 bytes).
    let len_bytes = raw[0] as usize - 0xf7;
    let mut payload_len = 0usize;
    for b in &raw[1..1 + len_bytes] {
        payload_len = payload_len << 8 | *b as usize;
    }
    payload_len += 9;
    let new_len = payload_len.to_be_bytes();
    raw[1..1 + len_bytes].copy_from_slice(&new_len[8 - len_bytes..]);
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::Overflow { field: "nonce" }));
}

// ---- Signature ----

#[test]
fn signature_invalid_r_and_s() {
    let chain = Chain::default();
    let signed = sign(0, &transfer_template());
    for (r, s, error) in [
        (U256::ZERO, signed.signature.s, SignatureError::InvalidR),
        (SECP256K1_N, signed.signature.s, SignatureError::InvalidR),
        (signed.signature.r, U256::ZERO, SignatureError::InvalidS),
        (signed.signature.r, SECP256K1_N, SignatureError::InvalidS),
        // The high-s twin of a valid signature (EIP-2).
        (signed.signature.r, SECP256K1_N - signed.signature.s, SignatureError::HighS),
        // x = 5 is not on secp256k1 (5^3 + 7 is not a square mod p): no key recovers.
        (U256::from(5u8), signed.signature.s, SignatureError::RecoveryFailed),
    ] {
        let mut bad = signed.clone();
        bad.signature.r = r;
        bad.signature.s = s;
        assert_rejected(&chain, encode_transaction(&bad), InvalidTransaction::Signature(error));
    }
    assert!(signed.signature.s <= SECP256K1_HALF_N);
    assert_included(&chain, encode_transaction(&signed));
}

#[test]
fn signature_invalid_y_parity() {
    let mut bad = sign(0, &transfer_template());
    bad.signature.v = 2;
    assert_rejected(
        &Chain::default(),
        encode_transaction(&bad),
        InvalidTransaction::Signature(SignatureError::InvalidV(2)),
    );
}

#[test]
fn signature_of_another_message_recovers_another_sender() {
    // Changing a signed field keeps the signature well-formed but recovers some other (unfunded) address.
    let mut bad = sign(0, &transfer_template());
    bad.value = U256::from(2u8);
    let raw = encode_transaction(&bad);
    let sender =
        transactions::recover_sender(&transactions::decode_transaction(&raw).unwrap_or_default()).unwrap_or_default();
    assert_ne!(sender, address_of(0));
    let expected = InvalidTransaction::InsufficientFunds { required: U256::from(210_002u32), balance: U256::ZERO };
    assert_rejected(&Chain::default(), raw, expected);
}

// ---- Type, chain id ----

#[test]
fn type_not_supported_set_code_under_cancun() {
    let raw = tx::signed(0, set_code_template(vec![authorization()]));
    assert_rejected(&Chain::new(Fork::Cancun), raw.clone(), InvalidTransaction::TypeNotSupported(TxType::Eip7702));
    assert_included(&Chain::new(Fork::Prague), raw);
    // Blob transactions are fine under Cancun.
    assert_included(&Chain::new(Fork::Cancun), tx::signed(0, blob_template(1)));
}

#[test]
fn wrong_chain_id() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { chain_id: Some(5), ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::WrongChainId { got: 5, expected: 1 });
    // Legacy EIP-155 (chain id from v) and EIP-2930.
    let legacy =
        Transaction { tx_type: TxType::Legacy, chain_id: Some(5), max_priority_fee_per_gas: 10, ..transfer_template() };
    assert_rejected(&chain, tx::signed(0, legacy), InvalidTransaction::WrongChainId { got: 5, expected: 1 });
    let access = Transaction {
        tx_type: TxType::Eip2930,
        chain_id: Some(0),
        max_priority_fee_per_gas: 10,
        ..transfer_template()
    };
    assert_rejected(&chain, tx::signed(0, access), InvalidTransaction::WrongChainId { got: 0, expected: 1 });
    // Pre-EIP-155 legacy transactions carry no chain id and are accepted.
    let unprotected =
        Transaction { tx_type: TxType::Legacy, chain_id: None, max_priority_fee_per_gas: 10, ..transfer_template() };
    assert_included(&chain, tx::signed(0, unprotected));
}

// ---- Nonce ----

#[test]
fn nonce_mismatch() {
    let mut chain = Chain::default();
    let too_high = tx::signed(0, Transaction { nonce: 1, ..transfer_template() });
    assert_rejected(&chain, too_high, InvalidTransaction::NonceMismatch { got: 1, expected: 0 });
    set_nonce(&mut chain, address_of(0), 5);
    let too_low = tx::signed(0, Transaction { nonce: 4, ..transfer_template() });
    assert_rejected(&chain, too_low, InvalidTransaction::NonceMismatch { got: 4, expected: 5 });
    assert_included(&chain, tx::signed(0, Transaction { nonce: 5, ..transfer_template() }));
}

#[test]
fn nonce_overflow() {
    let mut chain = Chain::default();
    set_nonce(&mut chain, address_of(0), u64::MAX);
    let raw = tx::signed(0, Transaction { nonce: u64::MAX, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::NonceOverflow);
    let raw = tx::signed(0, Transaction { nonce: 0, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::NonceOverflow);
    // 2^64 - 2 is the last usable nonce (EIP-2681).
    set_nonce(&mut chain, address_of(0), u64::MAX - 1);
    let run = assert_included(&chain, tx::signed(0, Transaction { nonce: u64::MAX - 1, ..transfer_template() }));
    assert_eq!(run.post_state.accounts[&address_of(0)].nonce, u64::MAX);
}
