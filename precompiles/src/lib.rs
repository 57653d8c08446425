//! Ethereum precompiled contracts 0x01–0x11 and 0x100 (Cancun, Prague and Osaka rule sets), pure Rust and
//! `no_std`.
//!
//! The EVM calls [`run`] with the callee address, the call data and the gas handed to the call. The answer
//! is `None` when the address is no precompile in that fork, otherwise the precompile's result:
//! [`PrecompileOutput`] with the gas it used, or a [`PrecompileError`]. Any error consumes all gas given to
//! the call; the caller is responsible for that. A precompile never panics on any input.
//!
//! | address | precompile | file |
//! |---|---|---|
//! | 0x01 | ecrecover | `ecrecover.rs` |
//! | 0x02–0x04 | sha256, ripemd160, identity | `hashes.rs` |
//! | 0x05 | modexp (EIP-198 / EIP-2565; Osaka: EIP-7883 / EIP-7823) | `modexp.rs` |
//! | 0x06–0x08 | bn254 add, mul, pairing (EIP-196 / 197 / 1108) | `bn254.rs` |
//! | 0x09 | blake2f (EIP-152) | `blake2f.rs` |
//! | 0x0a | KZG point evaluation (EIP-4844) | `kzg.rs` |
//! | 0x0b–0x11 | BLS12-381 operations (EIP-2537, Prague) | `bls12_381/` |
//! | 0x100 | P256VERIFY, secp256r1 signature verification (EIP-7951, Osaka) | `p256verify.rs` |
//!
//! # Example
//!
//! ```
//! use zkos_precompiles::{is_precompile, run, PrecompileError};
//! use primitives::{Address, Fork};
//!
//! let sha256 = Address::from_low_u64(0x02);
//! // sha256 costs 60 gas plus 12 per 32-byte word of input: 72 for "abc".
//! let result = run(&sha256, b"abc", 100, Fork::Prague).expect("0x02 is a precompile").unwrap();
//! assert_eq!(result.gas_used, 72);
//! assert_eq!(
//!     primitives::encode_hex(&result.output),
//!     "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//! );
//! // Below its price the call fails (and consumes all the gas it was given: the caller's part).
//! assert_eq!(run(&sha256, b"abc", 71, Fork::Prague), Some(Err(PrecompileError::OutOfGas)));
//!
//! // identity: 15 + 3 per word.
//! let identity = run(&Address::from_low_u64(0x04), &[1, 2, 3], 100, Fork::Prague).unwrap().unwrap();
//! assert_eq!((identity.gas_used, identity.output), (18, vec![1, 2, 3]));
//!
//! // The set depends on the fork: BLS12-381 from Prague, P256VERIFY (0x100) from Osaka.
//! assert!(!is_precompile(&Address::from_low_u64(0x0b), Fork::Cancun));
//! assert!(is_precompile(&Address::from_low_u64(0x0b), Fork::Prague));
//! assert!(run(&Address::from_low_u64(0x100), &[], 10_000, Fork::Prague).is_none());
//! assert_eq!(zkos_precompiles::addresses(Fork::Osaka).count(), 18);
//! ```
#![no_std]

extern crate alloc;

mod blake2f;
mod bls12_381;
mod bn254;
mod ecrecover;
mod hashes;
mod kzg;
mod modexp;
mod p256verify;

use alloc::vec::Vec;
use core::fmt;

use primitives::{Address, Fork};

/// A precompile's successful result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecompileOutput {
    /// Gas the call used (never more than the gas limit it was given).
    pub gas_used: u64,
    /// The return data.
    pub output: Vec<u8>,
}

impl PrecompileOutput {
    /// A result using `gas_used` gas and returning `output`.
    pub(crate) fn new(gas_used: u64, output: Vec<u8>) -> Self {
        Self { gas_used, output }
    }
}

/// Why a precompile call failed. Either way the call consumes all gas it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrecompileError {
    /// The gas limit is below the precompile's cost.
    OutOfGas,
    /// The input is malformed (wrong length, invalid point, value out of range, ...).
    InvalidInput(&'static str),
}

impl fmt::Display for PrecompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrecompileError::OutOfGas => f.write_str("precompile out of gas"),
            PrecompileError::InvalidInput(why) => write!(f, "precompile input invalid: {why}"),
        }
    }
}

/// Result of one precompile call.
pub(crate) type PrecompileResult = Result<PrecompileOutput, PrecompileError>;

/// The highest precompile address of the consecutive range from 0x01 in `fork`.
const fn last_precompile(fork: Fork) -> u16 {
    if fork.is_enabled(Fork::Prague) {
        0x11
    } else {
        0x0a
    }
}

/// P256VERIFY's address number (EIP-7951), from Osaka on.
const P256VERIFY: u16 = 0x100;

/// The precompile number (the low two address bytes) when `address` has the form 0x00..00NNNN, else `None`.
fn precompile_number(address: &Address) -> Option<u16> {
    let (high, low) = address.0.split_at(18);
    if high.iter().all(|b| *b == 0) {
        Some(u16::from_be_bytes([low[0], low[1]]))
    } else {
        None
    }
}

/// Whether precompile number `n` exists in `fork`.
const fn is_active(n: u16, fork: Fork) -> bool {
    (n >= 1 && n <= last_precompile(fork)) || (n == P256VERIFY && fork.is_enabled(Fork::Osaka))
}

/// True for 0x01..=0x0a under Cancun, 0x01..=0x11 under Prague, and those and 0x100 under Osaka.
pub fn is_precompile(address: &Address, fork: Fork) -> bool {
    matches!(precompile_number(address), Some(n) if is_active(n, fork))
}

/// All precompile addresses active in `fork`, in ascending order (for warming at transaction start).
pub fn addresses(fork: Fork) -> impl Iterator<Item = Address> {
    (1..=last_precompile(fork))
        .chain(core::iter::once(P256VERIFY))
        .filter(move |n| is_active(*n, fork))
        .map(|n| Address::from_low_u64(u64::from(n)))
}

/// Runs the precompile at `address` on `input` with `gas_limit` gas; `None` if it is no precompile in `fork`.
pub fn run(address: &Address, input: &[u8], gas_limit: u64, fork: Fork) -> Option<PrecompileResult> {
    run_advised(address, input, gas_limit, fork, &mut secp256k1::Compute)
}

/// [`run`], with `ecrecover` taking its costly intermediate values from `advice` where they check out
/// (`secp256k1::advice`): the same results for any advice.
pub fn run_advised(
    address: &Address,
    input: &[u8],
    gas_limit: u64,
    fork: Fork,
    advice: &mut impl secp256k1::Advice,
) -> Option<PrecompileResult> {
    if !is_precompile(address, fork) {
        return None;
    }
    let result = match precompile_number(address)? {
        0x01 => ecrecover::ecrecover(input, gas_limit, advice),
        0x02 => hashes::sha256(input, gas_limit),
        0x03 => hashes::ripemd160(input, gas_limit),
        0x04 => hashes::identity(input, gas_limit),
        0x05 => modexp::modexp(input, gas_limit, fork),
        0x06 => bn254::add(input, gas_limit),
        0x07 => bn254::mul(input, gas_limit),
        0x08 => bn254::pairing(input, gas_limit),
        0x09 => blake2f::blake2f(input, gas_limit),
        0x0a => kzg::point_evaluation(input, gas_limit),
        0x0b => bls12_381::g1::g1_add(input, gas_limit),
        0x0c => bls12_381::g1::g1_msm(input, gas_limit),
        0x0d => bls12_381::g2::g2_add(input, gas_limit),
        0x0e => bls12_381::g2::g2_msm(input, gas_limit),
        0x0f => bls12_381::pairing::pairing(input, gas_limit),
        0x10 => bls12_381::g1::map_fp_to_g1(input, gas_limit),
        0x11 => bls12_381::g2::map_fp2_to_g2(input, gas_limit),
        P256VERIFY => p256verify::p256verify(input, gas_limit, advice),
        _ => return None,
    };
    Some(result)
}

/// Fails with [`PrecompileError::OutOfGas`] when `cost` exceeds `gas_limit`.
#[inline]
pub(crate) fn charge(cost: u64, gas_limit: u64) -> Result<u64, PrecompileError> {
    if cost > gas_limit {
        Err(PrecompileError::OutOfGas)
    } else {
        Ok(cost)
    }
}

/// `base + per_word * ceil(len / 32)`, saturating: the cost of the hash-like precompiles.
#[inline]
pub(crate) fn linear_cost(len: usize, base: u64, per_word: u64) -> u64 {
    let words = (len as u64).div_ceil(32);
    base.saturating_add(per_word.saturating_mul(words))
}

/// `input` cut or zero-padded to exactly `N` bytes (the EVM's implicit call-data padding).
#[inline]
pub(crate) fn padded<const N: usize>(input: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = input.len().min(N);
    out[..n].copy_from_slice(&input[..n]);
    out
}

/// The `N` bytes of `input` starting at `offset`, zero-padded where they run past its end.
#[inline]
pub(crate) fn array_at<const N: usize>(input: &[u8], offset: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if let Some(src) = input.get(offset..) {
        let n = src.len().min(N);
        out[..n].copy_from_slice(&src[..n]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_sets_per_fork() {
        assert_eq!(addresses(Fork::Cancun).count(), 10);
        assert_eq!(addresses(Fork::Prague).count(), 17);
        assert_eq!(addresses(Fork::Osaka).count(), 18);
        assert_eq!(addresses(Fork::Osaka).last(), Some(Address::from_low_u64(0x100)));
        assert!(is_precompile(&Address::from_low_u64(0x100), Fork::Osaka));
        assert!(!is_precompile(&Address::from_low_u64(0x100), Fork::Prague));
        assert!(!is_precompile(&Address::from_low_u64(0x101), Fork::Osaka));
        assert!(!is_precompile(&Address::from_low_u64(0x12), Fork::Osaka));
        assert!(!is_precompile(&Address::ZERO, Fork::Prague));
        assert!(is_precompile(&Address::from_low_u64(0x0a), Fork::Cancun));
        assert!(!is_precompile(&Address::from_low_u64(0x0b), Fork::Cancun));
        assert!(is_precompile(&Address::from_low_u64(0x11), Fork::Prague));
        assert!(!is_precompile(&Address::from_low_u64(0x12), Fork::Prague));
        let mut high = Address::from_low_u64(1);
        high.0[0] = 1;
        assert!(!is_precompile(&high, Fork::Prague));
        assert!(run(&Address::from_low_u64(0x0b), &[], 1_000_000, Fork::Cancun).is_none());
        for a in addresses(Fork::Prague) {
            assert!(is_precompile(&a, Fork::Prague));
        }
    }

    #[test]
    fn linear_cost_rounds_words_up() {
        assert_eq!(linear_cost(0, 60, 12), 60);
        assert_eq!(linear_cost(1, 60, 12), 72);
        assert_eq!(linear_cost(32, 60, 12), 72);
        assert_eq!(linear_cost(33, 60, 12), 84);
    }

    #[test]
    fn padding_helpers() {
        assert_eq!(padded::<4>(&[1, 2]), [1, 2, 0, 0]);
        assert_eq!(padded::<2>(&[1, 2, 3]), [1, 2]);
        assert_eq!(array_at::<2>(&[1, 2, 3], 1), [2, 3]);
        assert_eq!(array_at::<2>(&[1, 2, 3], 2), [3, 0]);
        assert_eq!(array_at::<2>(&[1, 2, 3], 5), [0, 0]);
    }
}
