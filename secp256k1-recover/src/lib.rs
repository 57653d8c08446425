//! secp256k1 ECDSA public-key recovery for zkos, cheap to prove.
//!
//! [`recover_public_key`] computes `Q = r⁻¹·(s·R − z·G)` directly (no verification pass is needed: `Q`
//! satisfies the signature equation by construction), as `u1·G + u2·R` with `u1 = −z·r⁻¹`,
//! `u2 = s·r⁻¹`: one interleaved double-and-add over four ~128-bit windowed NAFs (the GLV endomorphism
//! splits `u2`; `u1` uses two tables of multiples of `G` and `2^128·G` kept in ROM), in Jacobian
//! coordinates. Everything is variable-time: recovery only ever handles public data.
//!
//! Arithmetic backends, chosen at build time with identical results:
//! - on riscv32 with the `delegation` feature (the zkos prover), every 256-bit multiplication, addition,
//!   subtraction and copy is one call of Airbender's U256 delegation (CSR `0x7ca`), with reductions
//!   specialised to `p = 2^256 − 2^32 − 977` and to `n`;
//! - everywhere else, portable Rust on 64-bit limbs. The `emulated-delegation` feature runs the delegation
//!   backend on any target with a software model of the delegation, for testing.
//!
//! Cost on the prover (riscv32 simulator, effective cycles = raw + 4 × delegation calls): about 310,000 per
//! recovery (~24,000 delegation calls), of which the double-and-add loop takes ~70%, the field inversion,
//! the square root and the scalar inversion (Fermat, Montgomery form mod `n`) ~8% each. `k256` 0.13 needs
//! 12.1 million (6.3 million without the verification pass of `recover_from_prehash`). With [`advice`]
//! (the prover supplying those three values, each then checked by one multiplication) about 240,000.
//!
//! Validation: `cargo test -p zkos-secp256k1` and `cargo test -p zkos-secp256k1 --features
//! emulated-delegation` compare every arithmetic operation with `num-bigint` on edge values and whole
//! recoveries with `k256` (random keys and messages, arbitrary and boundary inputs, crafted signatures whose
//! key is the point at infinity or whose multiplication meets equal and opposite points).
//!
//! # Example
//!
//! A signature made by the secret key 1 (with `k256`, RFC 6979) recovers that key's public key, the
//! generator `G`; recorded advice replays to the same key, and a wrong answer is caught and recomputed:
//!
//! ```
//! use zkos_secp256k1::{recover_public_key, recover_public_key_advised, Record, RecoveryError, Replay};
//! use k256::ecdsa::SigningKey;
//!
//! let mut secret = [0u8; 32];
//! secret[31] = 1;
//! let hash = [0x42u8; 32];
//! let (signature, id) = SigningKey::from_bytes((&secret).into()).unwrap().sign_prehash_recoverable(&hash).unwrap();
//! let (r, s): ([u8; 32], [u8; 32]) = (signature.r().to_bytes().into(), signature.s().to_bytes().into());
//!
//! let key = recover_public_key(&hash, &r, &s, id.is_y_odd()).unwrap();
//! let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
//! assert_eq!(hex(&key[..32]), "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"); // G.x
//! assert_eq!(hex(&key[32..]), "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"); // G.y
//!
//! // The prover's advice (the costly intermediate values), recorded once, checked when replayed.
//! let mut record = Record::default();
//! assert_eq!(recover_public_key_advised(&hash, &r, &s, id.is_y_odd(), &mut record), Ok(key));
//! assert!(!record.answers().is_empty());
//! let replayed = recover_public_key_advised(&hash, &r, &s, id.is_y_odd(), &mut Replay::new(record.answers()));
//! assert_eq!(replayed, Ok(key));
//! let garbage = [[7u8; 32]; 3];
//! assert_eq!(recover_public_key_advised(&hash, &r, &s, id.is_y_odd(), &mut Replay::new(&garbage)), Ok(key));
//!
//! assert_eq!(recover_public_key(&hash, &[0u8; 32], &s, false), Err(RecoveryError::InvalidR));
//! ```
#![cfg_attr(not(test), no_std)]

/// The U256 delegation call, shared with `zkos-p256` (its own crate, under the name the backends use).
#[cfg(any(
    all(target_arch = "riscv32", feature = "delegation"),
    feature = "emulated-delegation"
))]
use u256_delegation as u256;

#[cfg(any(
    all(target_arch = "riscv32", feature = "delegation"),
    feature = "emulated-delegation"
))]
#[path = "backend/deleg.rs"]
mod backend;

#[cfg(not(any(
    all(target_arch = "riscv32", feature = "delegation"),
    feature = "emulated-delegation"
)))]
#[path = "backend/portable.rs"]
mod backend;

pub mod advice;
mod ecmult;
mod field;
mod point;
mod scalar;
mod table;
#[cfg(test)]
mod tests;

pub use advice::{Advice, Compute, Record, Replay};
use backend::{Fe, Scalar};
use point::Affine;

/// Why a signature has no recoverable public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryError {
    /// `r` is zero or not below the group order `n`.
    InvalidR,
    /// `s` is zero or not below the group order `n`.
    InvalidS,
    /// No curve point has x-coordinate `r`.
    NoPointForR,
    /// The recovered key is the point at infinity.
    PointAtInfinity,
}

impl core::fmt::Display for RecoveryError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            RecoveryError::InvalidR => "r is not in 1..n",
            RecoveryError::InvalidS => "s is not in 1..n",
            RecoveryError::NoPointForR => "no curve point has x-coordinate r",
            RecoveryError::PointAtInfinity => "the recovered key is the point at infinity",
        })
    }
}

/// The public key (`x ‖ y`, 64 bytes big-endian) that signed the 32-byte `hash` with `(r, s)` and the y
/// parity `y_odd` of the nonce point `R` (whose x-coordinate is `r` itself: recovery ids with the
/// "x reduced" bit are not supported, as in Ethereum).
///
/// `hash` is read as a big-endian number and reduced modulo `n`. Both `r` and `s` must be in `1..n`; high
/// `s` values are accepted (callers enforcing EIP-2 check `s` themselves). The result is the same as
/// `k256`'s `VerifyingKey::recover_from_prehash` for every input that function accepts.
pub fn recover_public_key(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    y_odd: bool,
) -> Result<[u8; 64], RecoveryError> {
    recover_public_key_advised(hash, r, s, y_odd, &mut Compute)
}

/// [`recover_public_key`] taking the square root, `r⁻¹ mod n` and `Z⁻¹` from `advice` where its answers
/// check out ([`advice`]): the same result for any advice, cheaper with the right one.
pub fn recover_public_key_advised(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    y_odd: bool,
    advice: &mut impl Advice,
) -> Result<[u8; 64], RecoveryError> {
    backend::init();
    let r_scalar = Scalar::from_be_bytes_checked(r)
        .filter(|x| !x.is_zero())
        .ok_or(RecoveryError::InvalidR)?;
    let s_scalar = Scalar::from_be_bytes_checked(s)
        .filter(|x| !x.is_zero())
        .ok_or(RecoveryError::InvalidS)?;
    let z = Scalar::from_be_bytes_reduced(hash);

    // R = (r, y) with y² = r³ + 7 (r < n < p, so it is a canonical field element).
    let x = Fe::from_be_bytes(r);
    let mut rhs = Fe::square(&x);
    rhs.mul_assign(&x);
    rhs.add_assign(&in_ram(&Fe::from_words([7, 0, 0, 0, 0, 0, 0, 0])));
    let mut y = match advice::sqrt(&rhs, advice) {
        advice::Root::Of(y) => y,
        advice::Root::None => return Err(RecoveryError::NoPointForR),
    };
    if y.is_odd() != y_odd {
        y.negate_assign();
    }
    let big_r = Affine { x, y };

    let r_inv = advice::scalar_inverse(&r_scalar, advice);
    let u1 = Scalar::mul(&Scalar::neg(&z), &r_inv);
    let u2 = Scalar::mul(&s_scalar, &r_inv);
    let q = ecmult::mul_add(&big_r, &u2, &u1)
        .affine(advice)
        .ok_or(RecoveryError::PointAtInfinity)?;

    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&q.x.encode());
    out[32..].copy_from_slice(&q.y.encode());
    Ok(out)
}

/// A copy of `x` that is certainly in RAM (a volatile read, so that the compiler cannot hand the delegation
/// a pointer to the constant in ROM instead).
#[inline(always)]
pub(crate) fn in_ram<T: Copy>(x: &T) -> T {
    // SAFETY: `x` is a valid reference to a `Copy` value.
    unsafe { core::ptr::read_volatile(x) }
}
