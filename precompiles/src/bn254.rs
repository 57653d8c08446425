//! 0x06–0x08: alt_bn128 (bn254) point addition, scalar multiplication and pairing check
//! (EIP-196, EIP-197, repriced by EIP-1108).
//!
//! Encoding: a base-field element is a 32-byte big-endian integer that must be below the field modulus;
//! a G1 point is `x ‖ y` (64 bytes) with `(0, 0)` standing for the point at infinity; a G2 point is
//! `x ‖ y` over F_p² where each F_p² element `a·i + b` is written `a ‖ b` (imaginary part first), 128
//! bytes, all-zero for infinity. Points must lie on the curve; G2 points must also lie in the order-r
//! subgroup (G1 has cofactor 1). Scalars are any 256-bit value.
//!
//! add and mul zero-pad (or cut) their input to 128 and 96 bytes; pairing needs a multiple of 192 bytes and
//! returns a 32-byte 1 when the product of the pairings is the identity (also for empty input), else 0.
//! Gas: add 150, mul 6000, pairing 45000 + 34000 per pair.

use alloc::vec::Vec;

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInt, One, PrimeField, Zero};

use crate::{array_at, charge, padded, PrecompileError, PrecompileOutput, PrecompileResult};

/// Cost of 0x06 (EIP-1108).
const ADD_GAS: u64 = 150;
/// Cost of 0x07 (EIP-1108).
const MUL_GAS: u64 = 6000;
/// Base cost of 0x08 (EIP-1108).
const PAIRING_BASE_GAS: u64 = 45_000;
/// Per-pair cost of 0x08 (EIP-1108).
const PAIRING_PER_PAIR_GAS: u64 = 34_000;
/// Bytes per (G1, G2) pair in the pairing input.
const PAIR_LEN: usize = 192;

/// 0x06: adds two G1 points.
pub(crate) fn add(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = charge(ADD_GAS, gas_limit)?;
    let data = padded::<128>(input);
    let a = read_g1(&data[..64])?;
    let b = read_g1(&data[64..])?;
    let sum = (a.into_group() + b).into_affine();
    Ok(PrecompileOutput::new(gas, encode_g1(&sum)))
}

/// 0x07: multiplies a G1 point by a 256-bit scalar.
pub(crate) fn mul(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = charge(MUL_GAS, gas_limit)?;
    let data = padded::<96>(input);
    let point = read_g1(&data[..64])?;
    // G1 has prime order r, so reducing the scalar modulo r does not change the product.
    let scalar = Fr::from_be_bytes_mod_order(&data[64..96]);
    let product: G1Projective = point * scalar;
    Ok(PrecompileOutput::new(
        gas,
        encode_g1(&product.into_affine()),
    ))
}

/// 0x08: checks whether the product of the pairings of the given (G1, G2) pairs is 1.
pub(crate) fn pairing(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if !input.len().is_multiple_of(PAIR_LEN) {
        return Err(PrecompileError::InvalidInput(
            "bn254 pairing input must be a multiple of 192 bytes",
        ));
    }
    let pairs = (input.len() / PAIR_LEN) as u64;
    let cost = PAIRING_PER_PAIR_GAS
        .saturating_mul(pairs)
        .saturating_add(PAIRING_BASE_GAS);
    let gas = charge(cost, gas_limit)?;

    let mut g1s = Vec::new();
    let mut g2s = Vec::new();
    for chunk in input.chunks_exact(PAIR_LEN) {
        let p = read_g1(&chunk[..64])?;
        let q = read_g2(&chunk[64..])?;
        // A pair with a point at infinity contributes a factor of 1.
        if !p.is_zero() && !q.is_zero() {
            g1s.push(p);
            g2s.push(q);
        }
    }
    let is_one = if g1s.is_empty() {
        true
    } else {
        let loop_out = Bn254::multi_miller_loop(g1s, g2s);
        Bn254::final_exponentiation(loop_out).is_some_and(|out| out.0.is_one())
    };
    let mut output = [0u8; 32];
    output[31] = u8::from(is_one);
    Ok(PrecompileOutput::new(gas, output.to_vec()))
}

/// Decodes a 32-byte big-endian base-field element, rejecting values ≥ p.
fn read_fq(bytes: &[u8]) -> Result<Fq, PrecompileError> {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        // limb 0 is the least significant: the last 8 bytes.
        *limb = u64::from_be_bytes(array_at::<8>(bytes, 24 - 8 * i));
    }
    Fq::from_bigint(BigInt::new(limbs)).ok_or(PrecompileError::InvalidInput(
        "bn254 field element not below p",
    ))
}

/// Decodes a 64-byte G1 point: (0, 0) is infinity, anything else must be on the curve.
fn read_g1(bytes: &[u8]) -> Result<G1Affine, PrecompileError> {
    let x = read_fq(&bytes[..32])?;
    let y = read_fq(&bytes[32..64])?;
    if x.is_zero() && y.is_zero() {
        return Ok(G1Affine::identity());
    }
    let point = G1Affine::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(PrecompileError::InvalidInput("bn254 G1 point not on curve"));
    }
    Ok(point)
}

/// Decodes a 128-byte G2 point (imaginary parts first): all-zero is infinity, anything else must be on the
/// twist and in the order-r subgroup.
fn read_g2(bytes: &[u8]) -> Result<G2Affine, PrecompileError> {
    let x_im = read_fq(&bytes[..32])?;
    let x_re = read_fq(&bytes[32..64])?;
    let y_im = read_fq(&bytes[64..96])?;
    let y_re = read_fq(&bytes[96..128])?;
    let x = Fq2::new(x_re, x_im);
    let y = Fq2::new(y_re, y_im);
    if x.is_zero() && y.is_zero() {
        return Ok(G2Affine::identity());
    }
    let point = G2Affine::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(PrecompileError::InvalidInput("bn254 G2 point not on curve"));
    }
    if !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(PrecompileError::InvalidInput(
            "bn254 G2 point not in subgroup",
        ));
    }
    Ok(point)
}

/// Encodes a G1 point as `x ‖ y` (64 zero bytes for infinity).
fn encode_g1(point: &G1Affine) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    match point.xy() {
        Some((x, y)) => {
            write_fq(&mut out, &x);
            write_fq(&mut out, &y);
        }
        None => out.resize(64, 0),
    }
    out
}

/// Appends a base-field element as 32 big-endian bytes.
fn write_fq(out: &mut Vec<u8>, value: &Fq) {
    let limbs = value.into_bigint().0;
    for limb in limbs.iter().rev() {
        out.extend_from_slice(&limb.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    /// G1 generator (1, 2).
    const G1: &str = "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002";
    /// 2·G1.
    const G1_DOUBLE: &str = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
    /// G2 generator, imaginary parts first.
    const G2: &str = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

    #[test]
    fn add_vectors() {
        let out = add(&hex(&[G1, G1].concat()), 150).expect("ok");
        assert_eq!(out.gas_used, 150);
        assert_eq!(out.output, hex(G1_DOUBLE));
        // Empty input: 0 + 0 = 0.
        assert_eq!(add(&[], 150).expect("ok").output, vec![0u8; 64]);
        // P + (-P) = 0 where -G1 = (1, p - 2).
        let neg = "0000000000000000000000000000000000000000000000000000000000000001\
                   30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
        assert_eq!(
            add(&hex(&[G1, neg].concat()), 150).expect("ok").output,
            vec![0u8; 64]
        );
        // (1, 3) is not on the curve.
        let mut bad = hex(G1);
        bad[63] = 3;
        assert!(matches!(
            add(&bad, 150),
            Err(PrecompileError::InvalidInput(_))
        ));
        // x = p is out of range.
        let p = hex("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
        let mut bad = p.clone();
        bad.extend_from_slice(&[0u8; 32]);
        assert!(matches!(
            add(&bad, 150),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert_eq!(add(&[], 149), Err(PrecompileError::OutOfGas));
    }

    #[test]
    fn mul_vectors() {
        let mut input = hex(G1);
        input.extend_from_slice(&hex(
            "0000000000000000000000000000000000000000000000000000000000000002",
        ));
        let out = mul(&input, 6000).expect("ok");
        assert_eq!(out.gas_used, 6000);
        assert_eq!(out.output, hex(G1_DOUBLE));
        // Multiplying by the group order gives infinity; by order + 2 gives 2·G1 (scalars are not reduced
        // by the caller).
        let mut input = hex(G1);
        input.extend_from_slice(&hex(
            "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
        ));
        assert_eq!(mul(&input, 6000).expect("ok").output, vec![0u8; 64]);
        let mut input = hex(G1);
        input.extend_from_slice(&hex(
            "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000003",
        ));
        assert_eq!(mul(&input, 6000).expect("ok").output, hex(G1_DOUBLE));
        // Input cut inside y: the missing byte reads as zero, giving (1, 0), which is off the curve.
        let short = &hex(G1)[..63];
        assert!(matches!(
            mul(short, 6000),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert_eq!(mul(&[], 5999), Err(PrecompileError::OutOfGas));
    }

    #[test]
    fn pairing_vectors() {
        // Empty input is a successful check.
        let out = pairing(&[], 45_000).expect("ok");
        assert_eq!(out.output[31], 1);
        // e(G1, G2) · e(-G1, G2) = 1.
        let neg = "0000000000000000000000000000000000000000000000000000000000000001\
                   30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
        let input = hex(&[G1, G2, neg, G2].concat());
        let out = pairing(&input, 113_000).expect("ok");
        assert_eq!(out.gas_used, 45_000 + 2 * 34_000);
        assert_eq!(
            out.output,
            hex("0000000000000000000000000000000000000000000000000000000000000001")
        );
        // e(G1, G2) alone is not 1.
        let out = pairing(&hex(&[G1, G2].concat()), 79_000).expect("ok");
        assert_eq!(out.output, vec![0u8; 32]);
        // Bad length, and out of gas.
        assert!(matches!(
            pairing(&[0u8; 191], 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert_eq!(pairing(&input, 112_999), Err(PrecompileError::OutOfGas));
        // A G2 point off the twist.
        let mut bad = hex(&[G1, G2].concat());
        bad[191] ^= 1;
        assert!(matches!(
            pairing(&bad, 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
    }
}
