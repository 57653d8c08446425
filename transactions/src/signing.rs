//! Signing transactions and EIP-7702 authorizations with a secret key (feature `signing`).
//!
//! Intended for tests and for tools that generate example blocks, not for the state transition itself.
//! Signatures are deterministic (RFC 6979 nonces) and normalized to low `s` (EIP-2), so the same key and
//! transaction always give the same bytes, which match what geth or the Ethereum test fillers produce.

use crate::envelope::{compute_signing_hash, encode_transaction, seal};
use crate::error::SignatureError;
use crate::fields::authorization_signing_hash;
use crate::signature::address_of_public_key;
use crate::tx::{Authorization, Signature, Transaction, TxType};
use alloc::vec::Vec;
use k256::ecdsa::SigningKey;
use primitives::{Address, B256, U256};

/// Parses a 32-byte big-endian secret key.
fn signing_key(secret_key: &[u8; 32]) -> Result<SigningKey, SignatureError> {
    SigningKey::from_bytes(secret_key.into()).map_err(|_| SignatureError::InvalidSecretKey)
}

/// The address controlled by `secret_key`.
pub fn address_from_secret_key(secret_key: &[u8; 32]) -> Result<Address, SignatureError> {
    let point = signing_key(secret_key)?.verifying_key().to_encoded_point(false);
    // An uncompressed SEC1 point is 0x04 ‖ x ‖ y.
    let key: [u8; 64] = point.as_bytes()[1..]
        .try_into()
        .map_err(|_| SignatureError::InvalidSecretKey)?;
    Ok(address_of_public_key(&key))
}

/// Signs a 32-byte message hash: returns `(y_parity, r, s)` with `s <= n / 2`.
pub fn sign_hash(hash: &B256, secret_key: &[u8; 32]) -> Result<(u8, U256, U256), SignatureError> {
    let key = signing_key(secret_key)?;
    let (signature, recovery_id) = key
        .sign_prehash_recoverable(&hash.0)
        .map_err(|_| SignatureError::SigningFailed)?;
    let mut y_parity = recovery_id.is_y_odd() as u8;
    // k256 already returns low-s signatures; normalize again so this module's contract does not depend on it.
    let signature = match signature.normalize_s() {
        Some(normalized) => {
            y_parity ^= 1;
            normalized
        }
        None => signature,
    };
    if recovery_id.is_x_reduced() {
        // r overflowed the group order (probability ~2^-128); Ethereum cannot express that recovery id.
        return Err(SignatureError::SigningFailed);
    }
    let (r, s) = signature.split_bytes();
    Ok((
        y_parity,
        U256::from_be_bytes::<32>(r.into()),
        U256::from_be_bytes::<32>(s.into()),
    ))
}

/// Signs `unsigned` (its `signature`, `hash` and `signing_hash` are ignored) and returns the signed
/// transaction with all hashes filled in.
///
/// Legacy transactions get `v = 27 + y_parity` when `chain_id` is `None` and `chain_id * 2 + 35 + y_parity`
/// (EIP-155) otherwise. L1 priority transactions are not signed and return [`SignatureError::Unsignable`].
pub fn sign(unsigned: &Transaction, secret_key: &[u8; 32]) -> Result<Transaction, SignatureError> {
    if unsigned.tx_type == TxType::L1Priority {
        return Err(SignatureError::Unsignable(unsigned.tx_type));
    }
    let mut tx = unsigned.clone();
    let hash = compute_signing_hash(&tx);
    let (y_parity, r, s) = sign_hash(&hash, secret_key)?;
    let v = match (tx.tx_type, tx.chain_id) {
        (TxType::Legacy, None) => 27 + y_parity as u64,
        (TxType::Legacy, Some(chain_id)) => chain_id
            .checked_mul(2)
            .and_then(|v| v.checked_add(35 + y_parity as u64))
            .ok_or(SignatureError::ChainIdTooLarge(chain_id))?,
        _ => y_parity as u64,
    };
    tx.signature = Signature { v, r, s };
    seal(&mut tx);
    Ok(tx)
}

/// Signs `unsigned` and returns its EIP-2718 encoding (see [`sign`]).
pub fn sign_transaction(unsigned: &Transaction, secret_key: &[u8; 32]) -> Result<Vec<u8>, SignatureError> {
    sign(unsigned, secret_key).map(|tx| encode_transaction(&tx))
}

/// Signs an EIP-7702 authorization for delegating the key's account to `address`.
pub fn sign_authorization(
    chain_id: U256,
    address: Address,
    nonce: u64,
    secret_key: &[u8; 32],
) -> Result<Authorization, SignatureError> {
    let hash = authorization_signing_hash(&chain_id, &address, nonce);
    let (y_parity, r, s) = sign_hash(&hash, secret_key)?;
    Ok(Authorization {
        chain_id,
        address,
        nonce,
        y_parity,
        r,
        s,
    })
}
