//! Sender and EIP-7702 authority recovery (secp256k1 ECDSA public-key recovery).
//!
//! Two implementations with the same results: `zkos-secp256k1`, which runs on the Airbender U256 delegation
//! in the prover and is the default, and, with the `native-secp256k1` feature (the x86 forward instance
//! turns it on through the bootloader's `std`), bitcoin-core's libsecp256k1, about four times faster on
//! x86. `tests/native_secp256k1.rs` checks them against each other.
//!
//! Rules applied to every signature, for transactions and authorizations alike:
//! - `r` and `s` must be in `1..n` (`n` = the secp256k1 group order);
//! - `s` must be at most `n / 2` (EIP-2: the high-`s` twin of a signature is rejected);
//! - the recovery bit is the y parity: `0`/`1` for typed transactions and authorizations, `v - 27` for
//!   pre-EIP-155 legacy transactions (`v` ∈ {27, 28}) and `v - 35 - 2 * chain_id` under EIP-155.
//!
//! The address is the last 20 bytes of `keccak256` of the 64-byte uncompressed public key.

use crate::error::SignatureError;
use crate::fields::authorization_signing_hash;
use crate::tx::{Authorization, Transaction, TxType};
use primitives::{keccak256, Address, B256, U256};

/// The secp256k1 group order `n`.
pub const SECP256K1_N: U256 = U256::from_limbs([
    0xBFD2_5E8C_D036_4141,
    0xBAAE_DCE6_AF48_A03B,
    0xFFFF_FFFF_FFFF_FFFE,
    0xFFFF_FFFF_FFFF_FFFF,
]);

/// `n / 2`, the largest `s` accepted under EIP-2.
pub const SECP256K1_HALF_N: U256 = U256::from_limbs([
    0xDFE9_2F46_681B_20A0,
    0x5D57_6E73_57A4_501D,
    0xFFFF_FFFF_FFFF_FFFF,
    0x7FFF_FFFF_FFFF_FFFF,
]);

/// Checks `r` and `s` against the ranges above (including the EIP-2 low-`s` rule).
pub fn check_signature_values(r: &U256, s: &U256) -> Result<(), SignatureError> {
    if r.is_zero() || *r >= SECP256K1_N {
        return Err(SignatureError::InvalidR);
    }
    if s.is_zero() || *s >= SECP256K1_N {
        return Err(SignatureError::InvalidS);
    }
    if *s > SECP256K1_HALF_N {
        return Err(SignatureError::HighS);
    }
    Ok(())
}

/// The address of a public key given as `x ‖ y` (64 bytes, big-endian).
pub(crate) fn address_of_public_key(key: &[u8; 64]) -> Address {
    let hash = keccak256(key);
    let mut out = [0u8; 20];
    out.copy_from_slice(&hash.0[12..]);
    Address(out)
}

/// Recovers the address that signed `hash` with `(y_parity, r, s)`, enforcing the rules in the module docs.
pub fn recover_signer(hash: &B256, y_parity: u8, r: &U256, s: &U256) -> Result<Address, SignatureError> {
    signer_with(hash, y_parity, r, s, recover_public_key)
}

/// The rules every recovery applies (see the module docs), then the public key from `backend`.
fn signer_with(
    hash: &B256,
    y_parity: u8,
    r: &U256,
    s: &U256,
    backend: impl FnOnce(&B256, u8, &U256, &U256) -> Option<[u8; 64]>,
) -> Result<Address, SignatureError> {
    if y_parity > 1 {
        return Err(SignatureError::InvalidV(y_parity as u64));
    }
    check_signature_values(r, s)?;
    // r and s are in range, so the only failures left are "no point with x = r" and "the key is the point at
    // infinity".
    let key = backend(hash, y_parity, r, s).ok_or(SignatureError::RecoveryFailed)?;
    Ok(address_of_public_key(&key))
}

/// The public key (`x ‖ y`) for an in-range signature, by zkos-secp256k1 (what the prover runs).
#[cfg(not(feature = "native-secp256k1"))]
fn recover_public_key(hash: &B256, y_parity: u8, r: &U256, s: &U256) -> Option<[u8; 64]> {
    portable_recover_public_key(hash, y_parity, r, s)
}

/// The public key (`x ‖ y`) for an in-range signature, by zkos-secp256k1: the prover's implementation,
/// public so the native one can be checked against it.
pub fn portable_recover_public_key(hash: &B256, y_parity: u8, r: &U256, s: &U256) -> Option<[u8; 64]> {
    secp256k1::recover_public_key(&hash.0, &r.to_be_bytes::<32>(), &s.to_be_bytes::<32>(), y_parity == 1).ok()
}

/// The public key (`x ‖ y`) for an in-range signature, by libsecp256k1 (forward mode on x86).
#[cfg(feature = "native-secp256k1")]
fn recover_public_key(hash: &B256, y_parity: u8, r: &U256, s: &U256) -> Option<[u8; 64]> {
    native_recover_public_key(hash, y_parity, r, s)
}

/// The public key (`x ‖ y`) for an in-range signature, by libsecp256k1.
#[cfg(feature = "native-secp256k1")]
pub fn native_recover_public_key(hash: &B256, y_parity: u8, r: &U256, s: &U256) -> Option<[u8; 64]> {
    use libsecp256k1::ecdsa::{RecoverableSignature, RecoveryId};
    let mut compact = [0u8; 64];
    compact[..32].copy_from_slice(&r.to_be_bytes::<32>());
    compact[32..].copy_from_slice(&s.to_be_bytes::<32>());
    let signature = RecoverableSignature::from_compact(&compact, RecoveryId::from_u8_masked(y_parity)).ok()?;
    let key = libsecp256k1::SECP256K1.recover_ecdsa(libsecp256k1::Message::from_digest(hash.0), &signature).ok()?;
    let uncompressed = key.serialize_uncompressed();
    let mut out = [0u8; 64];
    out.copy_from_slice(&uncompressed[1..]);
    Some(out)
}

/// The y parity encoded by a transaction's signature, checking legacy `v` against `chain_id`.
fn transaction_y_parity(tx: &Transaction) -> Result<u8, SignatureError> {
    let v = tx.signature.v;
    let parity = tx.signature.y_parity(tx.tx_type).ok_or(SignatureError::InvalidV(v))?;
    if tx.tx_type == TxType::Legacy {
        let implied = if v >= 35 { Some((v - 35) / 2) } else { None };
        if implied != tx.chain_id {
            return Err(SignatureError::ChainIdMismatch);
        }
    }
    Ok(parity)
}

/// The transaction's sender.
///
/// For signed types this recovers the signer of [`Transaction::signing_hash`] (as filled in by
/// [`crate::decode_transaction`] or [`crate::seal`]). For L1 priority transactions it is `l1.from`.
pub fn recover_sender(tx: &Transaction) -> Result<Address, SignatureError> {
    sender_with(tx, recover_public_key)
}

/// `l1.from` for L1 priority transactions; else the signer of the signing hash, keys from `backend`.
fn sender_with(
    tx: &Transaction,
    backend: impl FnOnce(&B256, u8, &U256, &U256) -> Option<[u8; 64]>,
) -> Result<Address, SignatureError> {
    if tx.tx_type == TxType::L1Priority {
        return tx.l1.map(|l1| l1.from).ok_or(SignatureError::MissingL1Fields);
    }
    let parity = transaction_y_parity(tx)?;
    signer_with(&tx.signing_hash, parity, &tx.signature.r, &tx.signature.s, backend)
}

/// [`recover_sender`] through zkos-secp256k1 whatever the features, taking its costly intermediate values
/// from `advice` where they check out ([`secp256k1::advice`]): the same result for any advice. Proving mode
/// uses it with the prover's answers; the forward run that records the witness with the answers it records,
/// so that both ask the same questions in the same order.
pub fn recover_sender_advised(tx: &Transaction, advice: &mut impl secp256k1::Advice) -> Result<Address, SignatureError> {
    sender_with(tx, advised(advice))
}

/// [`recover_authority`] with advice, as [`recover_sender_advised`].
pub fn recover_authority_advised(auth: &Authorization, advice: &mut impl secp256k1::Advice) -> Option<Address> {
    let hash = authorization_signing_hash(&auth.chain_id, &auth.address, auth.nonce);
    signer_with(&hash, auth.y_parity, &auth.r, &auth.s, advised(advice)).ok()
}

/// zkos-secp256k1 with `advice`, as a key backend.
fn advised(advice: &mut impl secp256k1::Advice) -> impl FnOnce(&B256, u8, &U256, &U256) -> Option<[u8; 64]> + '_ {
    move |hash, y_parity, r, s| {
        secp256k1::recover_public_key_advised(&hash.0, &r.to_be_bytes::<32>(), &s.to_be_bytes::<32>(), y_parity == 1, advice)
            .ok()
    }
}

/// The authority (signer) of an EIP-7702 authorization, or `None` when its signature is invalid.
///
/// The message is `keccak256(0x05 || rlp([chain_id, address, nonce]))`; `y_parity` must be 0 or 1 and
/// `s <= n / 2`. Checking the chain id and nonce against the chain is the caller's job.
pub fn recover_authority(auth: &Authorization) -> Option<Address> {
    let hash = authorization_signing_hash(&auth.chain_id, &auth.address, auth.nonce);
    recover_signer(&hash, auth.y_parity, &auth.r, &auth.s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_order_is_half_of_order() {
        assert_eq!(SECP256K1_N >> 1, SECP256K1_HALF_N);
        assert_eq!(
            SECP256K1_N.to_be_bytes::<32>()[..4],
            [0xff, 0xff, 0xff, 0xff],
            "order constant must be big-endian FFFF...4141"
        );
        assert_eq!(SECP256K1_N.to_be_bytes::<32>()[28..], [0xd0, 0x36, 0x41, 0x41]);
    }

    #[test]
    fn range_checks() {
        let one = U256::from(1u8);
        assert_eq!(check_signature_values(&U256::ZERO, &one), Err(SignatureError::InvalidR));
        assert_eq!(
            check_signature_values(&SECP256K1_N, &one),
            Err(SignatureError::InvalidR)
        );
        assert_eq!(check_signature_values(&one, &U256::ZERO), Err(SignatureError::InvalidS));
        assert_eq!(
            check_signature_values(&one, &SECP256K1_N),
            Err(SignatureError::InvalidS)
        );
        assert_eq!(
            check_signature_values(&one, &(SECP256K1_HALF_N + one)),
            Err(SignatureError::HighS)
        );
        assert_eq!(check_signature_values(&one, &SECP256K1_HALF_N), Ok(()));
    }
}
