//! P-256 (secp256r1) ECDSA verification for zkos with the exact semantics of the EIP-7951 `P256VERIFY`
//! precompile (Osaka), variable-time, no_std, cheap to prove.
//!
//! [`verify`] decides a signature `(r, s)` of a 32-byte hash under the public key `(qx, qy)`; the precompile
//! wrapper (input length, gas, output encoding) lives in `zkos-precompiles`. [`verify_advised`] takes
//! `s⁻¹ mod n` from an [`Advice`] source (checked, so it can only make the verification cheaper).
//!
//! `R = u1·G + u2·Q` is one interleaved double-and-add over two windowed NAFs (`ecmult`: `u1` against a
//! ROM table of odd multiples of `G`, `u2` against a per-call table of `Q`) in Jacobian coordinates, and
//! the result is never made affine: `x(R) ≡ r (mod n)` is checked as `X = r·Z²` (or `(r + n)·Z²` when
//! `r + n < p`), which spares the field inversion.
//!
//! Arithmetic backends, chosen at build time with identical results (both in Montgomery form with
//! `R = 2^256`):
//! - on riscv32 with the `delegation` feature (the zkos prover), every 256-bit multiplication, addition,
//!   subtraction and copy is one call of Airbender's U256 delegation (CSR `0x7ca`, through
//!   `zkos-u256-delegation`);
//! - everywhere else, portable Rust on 64-bit limbs. The `emulated-delegation` feature runs the delegation
//!   backend on any target with a software model of the delegation, for testing.
//!
//! Cost on the prover (riscv32 simulator, `tests/cycles.rs`; effective cycles = raw + 4 × delegation
//! calls): about 276,000 per verification (~28,900 delegation calls), ~255,000 (~26,700 calls) with the
//! inverse as advice. The 256 doublings take ~60%, the additions ~30%, the scalar inversion (when computed)
//! ~7%. ROM: a 16 KiB table (`G_WINDOW` 10) and ~22 KB of code.
//!
//! Validation: `cargo test -p zkos-p256` and `cargo test -p zkos-p256 --features emulated-delegation`
//! compare the arithmetic with `num-bigint` on edge values and whole verifications with RustCrypto's `p256`
//! (random keys and messages, tampered signatures, every boundary of the input checks, crafted signatures
//! whose `R` is infinity or has `x ≥ n`), replay the EEST `P256VERIFY` vectors, and run the riscv32 build
//! in the simulator (`tests/cycles.rs`, which also measures the cost).
//!
//! # Example
//!
//! A signature made with RustCrypto's `p256` verifies; under another hash, or as the precompile's input
//! with a byte missing, it does not:
//!
//! ```
//! use p256::ecdsa::{signature::hazmat::PrehashSigner, Signature, SigningKey};
//! use p256::elliptic_curve::sec1::ToEncodedPoint;
//!
//! let key = SigningKey::from_bytes(&[0x2a; 32].into()).unwrap();
//! let hash = [0x42u8; 32];
//! let signature: Signature = key.sign_prehash(&hash).unwrap();
//! let (r, s): ([u8; 32], [u8; 32]) = (signature.r().to_bytes().into(), signature.s().to_bytes().into());
//! let point = key.verifying_key().to_encoded_point(false);
//! let (qx, qy): ([u8; 32], [u8; 32]) = ((*point.x().unwrap()).into(), (*point.y().unwrap()).into());
//!
//! assert!(zkos_p256::verify(&hash, &r, &s, &qx, &qy));
//! assert!(!zkos_p256::verify(&[0x43; 32], &r, &s, &qx, &qy));
//!
//! // EIP-7951's input: hash ‖ r ‖ s ‖ qx ‖ qy, exactly 160 bytes.
//! let input = [hash, r, s, qx, qy].concat();
//! assert_eq!(input.len(), zkos_p256::INPUT_LEN);
//! assert!(zkos_p256::verify_input(&input));
//! assert!(!zkos_p256::verify_input(&input[..159]));
//! ```
#![cfg_attr(not(test), no_std)]

/// The U256 delegation call (its own crate, shared with `zkos-secp256k1`).
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
mod consts;
mod ecmult;
mod field;
mod point;
mod scalar;
mod table;
#[cfg(test)]
mod tests;

pub use advice::{scalar_inverse, Record};
pub use secp256k1::{Advice, Compute, Replay};

use backend::{Fe, Scalar};
use consts::{lt, N, P_MINUS_N};
use field::{add_words, field_words, on_curve, words_from_be_bytes};
use point::{Affine, Jacobian};

/// Length of the precompile's input: `hash ‖ r ‖ s ‖ qx ‖ qy`, 32 bytes each.
pub const INPUT_LEN: usize = 160;

/// Whether `(r, s)` is a valid P-256 signature of `hash` under the public key `(qx, qy)` (all big-endian),
/// exactly as EIP-7951 decides it: `r` and `s` in `1..n`; `qx`, `qy` below `p`, not `(0, 0)`, on the
/// curve; `z = hash mod n`, `w = s⁻¹`, `R = (z·w)·G + (r·w)·Q` not infinity, and `x(R) mod n = r`. There is
/// no low-`s` rule: `s` and `n − s` verify alike.
pub fn verify(hash: &[u8; 32], r: &[u8; 32], s: &[u8; 32], qx: &[u8; 32], qy: &[u8; 32]) -> bool {
    verify_advised(hash, r, s, qx, qy, &mut Compute)
}

/// [`verify`] on the precompile's input layout: false unless `input` is exactly [`INPUT_LEN`] bytes
/// `hash ‖ r ‖ s ‖ qx ‖ qy`.
pub fn verify_input(input: &[u8]) -> bool {
    if input.len() != INPUT_LEN {
        return false;
    }
    match input.as_chunks::<32>() {
        ([hash, r, s, qx, qy], []) => verify(hash, r, s, qx, qy),
        _ => false,
    }
}

/// [`verify`] taking `s⁻¹ mod n` from `advice` where its answer checks out ([`advice`]): the same result for
/// any advice, cheaper with the right one.
pub fn verify_advised(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    qx: &[u8; 32],
    qy: &[u8; 32],
    advice: &mut impl Advice,
) -> bool {
    // Only the inversion depends on the advice type: the rest is shared by every instantiation.
    let Some(checked) = check_inputs(hash, r, s, qx, qy) else {
        return false;
    };
    let w = advice::inverse_mont(&checked.s, advice);
    finish(&checked, &w, r)
}

/// The inputs once they passed EIP-7951's range and curve checks.
struct Checked {
    /// `Q` in Montgomery form.
    q: Affine,
    /// `hash mod n`.
    z: Scalar,
    r: Scalar,
    s: Scalar,
}

/// Everything before the inversion: `r`, `s` in `1..n`; `qx`, `qy` below `p`, not `(0, 0)`, on the curve.
#[inline(never)]
fn check_inputs(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    qx: &[u8; 32],
    qy: &[u8; 32],
) -> Option<Checked> {
    backend::init();
    let r = Scalar::from_be_bytes_checked(r).filter(|x| !x.is_zero())?;
    let s = Scalar::from_be_bytes_checked(s).filter(|x| !x.is_zero())?;
    let (x, y) = (field_words(qx)?, field_words(qy)?);
    // (0, 0) is not on the curve either (b ≠ 0); EIP-7951 names it, and it costs nothing to say so.
    if x == [0; 8] && y == [0; 8] {
        return None;
    }
    let q = Affine {
        x: Fe::to_mont(x),
        y: Fe::to_mont(y),
    };
    if !on_curve(&q.x, &q.y) {
        return None;
    }
    let z = Scalar::from_be_bytes_reduced(hash);
    Some(Checked { q, z, r, s })
}

/// Everything after the inversion (`w = s⁻¹·2^256 mod n`): `R = u1·G + u2·Q` and its comparison with `r`.
#[inline(never)]
fn finish(checked: &Checked, w: &Scalar, r: &[u8; 32]) -> bool {
    // Montgomery products with w = s⁻¹·2^256 give plain z·s⁻¹ and r·s⁻¹.
    let u1 = Scalar::mont_mul(&checked.z, w);
    let u2 = Scalar::mont_mul(&checked.r, w);
    x_matches(
        &ecmult::mul_add(&checked.q, &u2, &u1),
        &words_from_be_bytes(r),
    )
}

/// Whether the finite point `p` has `x(p) mod n = r` (`r` in `1..n`), without making `p` affine: `x(p)` is
/// a field element below `p < 2n`, so it is `r` or `r + n`, the latter only if `r + n < p`.
fn x_matches(p: &Jacobian, r: &[u32; 8]) -> bool {
    if p.infinity {
        return false;
    }
    let mut zz = Fe::ZERO;
    zz.set_square(&p.z);
    let mut rzz = Fe::to_mont(*r);
    rzz.mul_assign(&zz);
    if rzz.equals(&p.x) {
        return true;
    }
    if !lt(r, &P_MINUS_N) {
        return false;
    }
    let mut rnzz = Fe::to_mont(add_words(r, &N));
    rnzz.mul_assign(&zz);
    rnzz.equals(&p.x)
}

/// A copy of `x` that is certainly in RAM (a volatile read, so that the compiler cannot hand the delegation
/// a pointer to the constant in ROM instead).
#[inline(always)]
pub(crate) fn in_ram<T: Copy>(x: &T) -> T {
    // SAFETY: `x` is a valid reference to a `Copy` value.
    unsafe { core::ptr::read_volatile(x) }
}
