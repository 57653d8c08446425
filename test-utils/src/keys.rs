//! Deterministic test keys: key `i` is the 32-byte big-endian number `i + 1`.

use primitives::Address;

/// The secret key number `index`.
pub fn secret_key(index: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[24..].copy_from_slice(&(index + 1).to_be_bytes());
    key
}

/// The address of key number `index`.
pub fn address_of(index: u64) -> Address {
    transactions::signing::address_from_secret_key(&secret_key(index)).unwrap_or_default()
}
