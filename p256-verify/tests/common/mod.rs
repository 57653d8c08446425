//! Helpers shared by the integration tests: the curve's numbers as `BigUint`, RustCrypto's `p256` as the
//! reference for EIP-7951's verdict, keys, signing, and signatures forged for a chosen `R`.
#![allow(dead_code)]

use num_bigint::BigUint;
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use p256::elliptic_curve::PrimeField;
use p256::{AffinePoint, EncodedPoint, ProjectivePoint, Scalar, U256};

/// 32 bytes.
pub type B32 = [u8; 32];

/// The field prime.
pub fn p() -> BigUint {
    BigUint::parse_bytes(
        b"ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        16,
    )
    .unwrap()
}

/// The group order.
pub fn n() -> BigUint {
    BigUint::parse_bytes(
        b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        16,
    )
    .unwrap()
}

/// The curve coefficient `b`.
pub fn b() -> BigUint {
    BigUint::parse_bytes(
        b"5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        16,
    )
    .unwrap()
}

/// The low 256 bits, big-endian.
pub fn be(x: &BigUint) -> B32 {
    let bytes = (x % (BigUint::from(1u8) << 256usize)).to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// EIP-7951 through `p256`: the range and curve checks of key and signature, then prehash verification.
pub fn reference(hash: &B32, r: &B32, s: &B32, qx: &B32, qy: &B32) -> bool {
    let Ok(sig) = Signature::from_scalars(*r, *s) else {
        return false;
    };
    let point = EncodedPoint::from_affine_coordinates(qx.into(), qy.into(), false);
    let Ok(key) = VerifyingKey::from_encoded_point(&point) else {
        return false;
    };
    key.verify_prehash(hash, &sig).is_ok()
}

/// The affine coordinates, big-endian.
pub fn coords(p: &AffinePoint) -> (B32, B32) {
    let e = p.to_encoded_point(false);
    let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
    x.copy_from_slice(e.x().unwrap());
    y.copy_from_slice(e.y().unwrap());
    (x, y)
}

/// The signing key of `secret` (if it is one) and its public key.
pub fn key(secret: &B32) -> Option<(SigningKey, B32, B32)> {
    let sk = SigningKey::from_bytes(secret.into()).ok()?;
    let (x, y) = coords(sk.verifying_key().as_affine());
    Some((sk, x, y))
}

/// `(r, s)` of `hash` (prehashed).
pub fn sign(sk: &SigningKey, hash: &B32) -> (B32, B32) {
    let sig: Signature = sk.sign_prehash(hash).unwrap();
    (sig.r().to_repr().into(), sig.s().to_repr().into())
}

/// Big-endian bytes.
pub fn scalar_bytes(s: &Scalar) -> B32 {
    s.to_repr().into()
}

/// `n − s` (as bytes) for `s` in `1..n`.
pub fn negate(s: &B32) -> B32 {
    be(&(n() - BigUint::from_bytes_be(s)))
}

/// A signature that `R = u1·G + u2·Q` satisfies, for `Q = (R − u1·G)/u2`: `r = x(R) mod n`, `s = r/u2`,
/// `z = u1·s`. Returns `(hash, r, s, qx, qy)`.
pub fn forge(big_r: &AffinePoint, u1: Scalar, u2: Scalar) -> (B32, B32, B32, B32, B32) {
    let q = ((ProjectivePoint::from(*big_r) - ProjectivePoint::GENERATOR * u1)
        * u2.invert().unwrap())
    .to_affine();
    let (rx, _) = coords(big_r);
    let r = <Scalar as Reduce<U256>>::reduce_bytes(&rx.into());
    let s = r * u2.invert().unwrap();
    let z = u1 * s;
    let (qx, qy) = coords(&q);
    (scalar_bytes(&z), scalar_bytes(&r), scalar_bytes(&s), qx, qy)
}

/// The curve point with the smallest `x ≥ from` (and its even `y`), from `y = rhs^((p+1)/4)`.
pub fn point_from(from: &BigUint) -> (BigUint, BigUint) {
    let p = p();
    let mut x = from.clone();
    loop {
        let rhs = (&x * &x * &x + &p * 3u32 - &x * 3u32 + b()) % &p;
        let y = rhs.modpow(&((&p + 1u32) >> 2usize), &p);
        if (&y * &y) % &p == rhs {
            let y = if y.bit(0) { &p - y } else { y };
            return (x, y);
        }
        x += 1u32;
    }
}

/// The point with these coordinates (which must be on the curve).
pub fn affine(x: &BigUint, y: &BigUint) -> AffinePoint {
    let e = EncodedPoint::from_affine_coordinates(&be(x).into(), &be(y).into(), false);
    AffinePoint::from_encoded_point(&e).unwrap()
}

/// The 160-byte precompile input.
pub fn input(hash: &B32, r: &B32, s: &B32, qx: &B32, qy: &B32) -> Vec<u8> {
    [hash, r, s, qx, qy]
        .iter()
        .flat_map(|x| x.iter().copied())
        .collect()
}
