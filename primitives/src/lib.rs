//! Value types shared by every zkos crate.
//!
//! Kept deliberately small: fixed-size byte types with hex `Debug`/`Display`, the 256-bit word from `ruint`,
//! keccak-256 and a hex codec with typed errors. Nothing here knows about state, gas or transactions.
//!
//! # Example
//!
//! ```
//! use zkos_primitives::{keccak256, Address, Fork, B256, KECCAK_EMPTY, U256};
//!
//! // keccak-256, the hash of the empty string being the code hash of an account without code.
//! assert_eq!(keccak256(b""), KECCAK_EMPTY);
//! let hash = keccak256(b"abc");
//! assert_eq!(hash.to_string(), "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
//!
//! // Addresses parse from hex (with or without 0x, exact length) and print as lower-case hex.
//! let address = Address::from_hex("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf").unwrap();
//! assert_eq!(address.to_string(), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
//! assert!(Address::from_hex("0x1234").is_err());
//! // ...and convert to and from the EVM's 256-bit words.
//! assert_eq!(Address::from_word(&address.to_word()), address);
//! assert_eq!(Address::from_low_u64(0x100).to_word(), U256::from(0x100));
//!
//! // U256 is ruint's 256-bit unsigned integer.
//! let gwei = U256::from(1_000_000_000u64);
//! assert_eq!(gwei * U256::from(21_000u64), U256::from(21_000_000_000_000u64));
//! assert_eq!(U256::MAX.wrapping_add(U256::from(1u8)), U256::ZERO);
//! assert_eq!(B256::from_word(&U256::from(1u8)).0[31], 1);
//!
//! assert!(Fork::Osaka.is_enabled(Fork::Prague));
//! ```
#![no_std]

extern crate alloc;

#[cfg(feature = "alloy")]
pub mod alloy;
mod bytes;
mod fork;
mod hex;
mod keccak;
mod log;

pub use bytes::{Address, B256};
pub use fork::{BlobSchedule, Fork, UnknownFork, FORKS};
pub use log::Log;
pub use hex::{decode_hex, encode_hex, HexError};
pub use keccak::keccak256;
pub use ruint::aliases::U256;

/// keccak-256 of the empty string: the code hash of an account without code.
pub const KECCAK_EMPTY: B256 = B256([
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00,
    0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
]);

/// Converts a word to `u64` when it fits; `None` otherwise.
#[inline]
pub fn u256_to_u64(value: &U256) -> Option<u64> {
    let limbs = value.as_limbs();
    if limbs[1] | limbs[2] | limbs[3] == 0 {
        Some(limbs[0])
    } else {
        None
    }
}

/// Converts a word to `usize` saturating at `usize::MAX` (offsets beyond memory limits fail anyway).
#[inline]
pub fn u256_to_usize_saturating(value: &U256) -> usize {
    match u256_to_u64(value) {
        Some(v) if v <= usize::MAX as u64 => v as usize,
        _ => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_keccak_matches_constant() {
        assert_eq!(keccak256(&[]), KECCAK_EMPTY);
    }

    #[test]
    fn u64_conversion_rejects_high_limbs() {
        assert_eq!(u256_to_u64(&U256::from(7u64)), Some(7));
        assert_eq!(u256_to_u64(&(U256::from(1u64) << 64)), None);
        assert_eq!(u256_to_usize_saturating(&U256::MAX), usize::MAX);
    }
}
