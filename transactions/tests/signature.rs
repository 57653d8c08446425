//! Sender and authority recovery, and the `signing` feature: round trips for every type, EIP-2 high-`s`
//! rejection, range checks on `r`/`s`/`v`, and key handling.

mod common;

use common::*;
use primitives::{B256, U256};
use zkos_transactions::signature::{SECP256K1_HALF_N, SECP256K1_N};
use zkos_transactions::signing::{address_from_secret_key, sign, sign_authorization, sign_hash, sign_transaction};
use zkos_transactions::{
    decode_transaction, encode_transaction, recover_authority, recover_sender, recover_signer, seal, SignatureError,
    Transaction, TxType,
};

/// Decodes `tx` after re-encoding it with the current fields (hashes recomputed by the decoder).
fn reencode(tx: &Transaction) -> Transaction {
    decode_transaction(&encode_transaction(tx)).unwrap()
}

#[test]
fn key_address_matches_known_value() {
    assert_eq!(address_from_secret_key(&KEY), Ok(key_address()));
}

#[test]
fn sign_decode_recover_every_type() {
    for tx_type in ALL_TYPES {
        let unsigned = sample(tx_type);
        if tx_type == TxType::L1Priority {
            assert_eq!(
                sign_transaction(&unsigned, &KEY),
                Err(SignatureError::Unsignable(tx_type))
            );
            let tx = decode_transaction(&encode_transaction(&unsigned)).unwrap();
            assert_eq!(recover_sender(&tx), Ok(unsigned.l1.unwrap().from));
            continue;
        }
        let bytes = sign_transaction(&unsigned, &KEY).unwrap();
        assert_eq!(bytes[0] == tx_type.as_byte(), tx_type != TxType::Legacy, "{tx_type}");
        let tx = decode_transaction(&bytes).unwrap();
        assert_eq!(recover_sender(&tx), Ok(key_address()), "{tx_type}");
        assert!(tx.signature.s <= SECP256K1_HALF_N, "{tx_type}: high s");
        assert_eq!(encode_transaction(&tx), bytes);
        // `sign` returns the same transaction, sealed.
        let signed = sign(&unsigned, &KEY).unwrap();
        assert_eq!(signed, tx);
        // Deterministic (RFC 6979).
        assert_eq!(sign_transaction(&unsigned, &KEY).unwrap(), bytes);
    }
}

#[test]
fn pre_eip155_signing() {
    let mut unsigned = sample(TxType::Legacy);
    unsigned.chain_id = None;
    let tx = sign(&unsigned, &KEY).unwrap();
    assert!(tx.signature.v == 27 || tx.signature.v == 28);
    let decoded = reencode(&tx);
    assert_eq!(decoded.chain_id, None);
    assert_eq!(recover_sender(&decoded), Ok(key_address()));
}

/// The high-`s` twin of a valid signature: `s' = n - s` with the y parity flipped.
fn high_s_twin(tx: &Transaction) -> Transaction {
    let mut twin = tx.clone();
    twin.signature.s = SECP256K1_N - tx.signature.s;
    let parity = tx.signature.y_parity(tx.tx_type).unwrap() as u64;
    twin.signature.v = tx.signature.v - parity + (1 - parity);
    twin
}

#[test]
fn high_s_is_rejected() {
    for tx_type in [
        TxType::Legacy,
        TxType::Eip2930,
        TxType::Eip1559,
        TxType::Eip4844,
        TxType::Eip7702,
    ] {
        let tx = sign(&sample(tx_type), &KEY).unwrap();
        let twin = reencode(&high_s_twin(&tx));
        assert!(twin.signature.s > SECP256K1_HALF_N);
        assert_eq!(recover_sender(&twin), Err(SignatureError::HighS), "{tx_type}");
    }
    // Legacy: 37 <-> 38 style flips stay within the same chain id.
    let mut legacy = sample(TxType::Legacy);
    legacy.chain_id = Some(1);
    let tx = sign(&legacy, &KEY).unwrap();
    let twin = reencode(&high_s_twin(&tx));
    assert_eq!(twin.chain_id, Some(1));
    assert_eq!(recover_sender(&twin), Err(SignatureError::HighS));
}

#[test]
fn r_and_s_ranges() {
    let tx = sign(&sample(TxType::Eip1559), &KEY).unwrap();
    let with = |r: U256, s: U256| {
        let mut t = tx.clone();
        t.signature.r = r;
        t.signature.s = s;
        recover_sender(&reencode(&t))
    };
    let (r, s) = (tx.signature.r, tx.signature.s);
    assert_eq!(with(U256::ZERO, s), Err(SignatureError::InvalidR));
    assert_eq!(with(SECP256K1_N, s), Err(SignatureError::InvalidR));
    assert_eq!(with(U256::MAX, s), Err(SignatureError::InvalidR));
    assert_eq!(with(r, U256::ZERO), Err(SignatureError::InvalidS));
    assert_eq!(with(r, SECP256K1_N), Err(SignatureError::InvalidS));
    assert_eq!(with(r, SECP256K1_HALF_N + U256::from(1u8)), Err(SignatureError::HighS));
    // s = n/2 exactly is allowed (it recovers some key, not necessarily ours).
    assert_ne!(with(r, SECP256K1_HALF_N), Err(SignatureError::HighS));
}

#[test]
fn r_without_curve_point_fails_recovery() {
    let hash = B256([0x5a; 32]);
    let failures = (1u64..40)
        .filter(|&x| recover_signer(&hash, 0, &U256::from(x), &U256::from(1u8)) == Err(SignatureError::RecoveryFailed))
        .count();
    // About half of all x coordinates are not on secp256k1.
    assert!(failures > 5, "{failures}");
}

#[test]
fn invalid_parity_and_v() {
    let tx = sign(&sample(TxType::Eip1559), &KEY).unwrap();
    for v in [2u64, 27, u64::MAX] {
        let mut bad = tx.clone();
        bad.signature.v = v;
        assert_eq!(recover_sender(&reencode(&bad)), Err(SignatureError::InvalidV(v)));
    }
    // A hand-built legacy transaction whose v does not match its chain id.
    let mut legacy = sign(&sample(TxType::Legacy), &KEY).unwrap();
    legacy.chain_id = Some(5);
    assert_eq!(recover_sender(&legacy), Err(SignatureError::ChainIdMismatch));
    legacy.chain_id = None;
    assert_eq!(recover_sender(&legacy), Err(SignatureError::ChainIdMismatch));
    legacy.signature.v = 30;
    assert_eq!(recover_sender(&legacy), Err(SignatureError::InvalidV(30)));
}

#[test]
fn tampering_changes_the_sender() {
    let tx = sign(&sample(TxType::Eip1559), &KEY).unwrap();
    let mut tampered = tx.clone();
    tampered.nonce += 1;
    let decoded = reencode(&tampered);
    assert_ne!(decoded.signing_hash, tx.signing_hash);
    assert_ne!(recover_sender(&decoded), Ok(key_address()));
}

#[test]
fn l1_priority_sender() {
    let mut tx = sample(TxType::L1Priority);
    seal(&mut tx);
    assert_eq!(recover_sender(&tx), Ok(tx.l1.unwrap().from));
    tx.l1 = None;
    assert_eq!(recover_sender(&tx), Err(SignatureError::MissingL1Fields));
}

#[test]
fn authorizations() {
    let target = addr("0x4000000000000000000000000000000000000004");
    let authority = address_from_secret_key(&AUTH_KEY).unwrap();
    for chain_id in [U256::ZERO, U256::from(1u8), U256::MAX] {
        let auth = sign_authorization(chain_id, target, 7, &AUTH_KEY).unwrap();
        assert!(auth.y_parity <= 1 && auth.s <= SECP256K1_HALF_N);
        assert_eq!(recover_authority(&auth), Some(authority));
        let mut other_nonce = auth.clone();
        other_nonce.nonce = 8;
        assert_ne!(recover_authority(&other_nonce), Some(authority));
        let mut bad_parity = auth.clone();
        bad_parity.y_parity = 2;
        assert_eq!(recover_authority(&bad_parity), None);
        let mut high_s = auth.clone();
        high_s.s = SECP256K1_N - auth.s;
        high_s.y_parity ^= 1;
        assert_eq!(recover_authority(&high_s), None);
        let mut zero_r = auth.clone();
        zero_r.r = U256::ZERO;
        assert_eq!(recover_authority(&zero_r), None);
    }
    // Authorizations survive the transaction round trip.
    let tx = decode_transaction(&sign_transaction(&sample(TxType::Eip7702), &KEY).unwrap()).unwrap();
    for auth in &tx.authorization_list {
        assert_eq!(recover_authority(auth), Some(authority));
    }
}

#[test]
fn secret_key_validation() {
    let hash = B256([1; 32]);
    assert_eq!(sign_hash(&hash, &[0; 32]), Err(SignatureError::InvalidSecretKey));
    assert_eq!(
        sign_hash(&hash, &SECP256K1_N.to_be_bytes::<32>()),
        Err(SignatureError::InvalidSecretKey)
    );
    assert_eq!(
        address_from_secret_key(&[0xff; 32]),
        Err(SignatureError::InvalidSecretKey)
    );
    let (parity, r, s) = sign_hash(&hash, &KEY).unwrap();
    assert_eq!(recover_signer(&hash, parity, &r, &s), Ok(key_address()));
}

#[test]
fn legacy_chain_id_too_large_to_sign() {
    let mut tx = sample(TxType::Legacy);
    tx.chain_id = Some(u64::MAX / 2);
    assert_eq!(
        sign_transaction(&tx, &KEY),
        Err(SignatureError::ChainIdTooLarge(u64::MAX / 2))
    );
}

#[test]
fn error_display() {
    assert_eq!(
        SignatureError::HighS.to_string(),
        "signature s is above half the curve order (EIP-2)"
    );
    assert_eq!(
        SignatureError::InvalidV(2).to_string(),
        "invalid signature v / y parity 2"
    );
    assert_eq!(
        SignatureError::Unsignable(TxType::L1Priority).to_string(),
        "L1 priority transactions are not signed"
    );
}
