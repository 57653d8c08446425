//! 0x0a KZG point evaluation (EIP-4844): proves that the blob committed to by a versioned hash evaluates
//! to `y` at `z`.
//!
//! Input is exactly 192 bytes: `versioned_hash (32) ‖ z (32) ‖ y (32) ‖ commitment (48) ‖ proof (48)`.
//! The versioned hash must be `0x01 ‖ sha256(commitment)[1..]`; `z` and `y` must be canonical scalars
//! (below BLS_MODULUS); commitment and proof are compressed G1 points (ZCash encoding) that must be valid
//! and in the subgroup (the point at infinity is allowed). The proof must satisfy
//! `e(commitment − [y]G1, −G2) · e(proof, [τ]G2 − [z]G2) = 1`, with `[τ]G2` from the Ethereum KZG
//! ceremony. On success the output is `FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS` as two 32-byte words.
//! Any failure is an error. The cost is 50000 gas.

use alloc::vec::Vec;

use ark_bls12_381::{Bls12_381, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInt, One, PrimeField};
use ark_serialize::CanonicalDeserialize;
use sha2::{Digest, Sha256};

use crate::{array_at, charge, PrecompileError, PrecompileOutput, PrecompileResult};

/// Cost of the point evaluation precompile.
const POINT_EVALUATION_GAS: u64 = 50_000;
/// Exact input length.
const INPUT_LEN: usize = 192;
/// Version byte of KZG versioned hashes.
const VERSIONED_HASH_VERSION_KZG: u8 = 0x01;

/// `[τ]G2` (the trusted setup's `g2_monomial[1]`) from the Ethereum KZG ceremony, compressed.
const TAU_G2_COMPRESSED: [u8; 96] = [
    0xb5, 0xbf, 0xd7, 0xdd, 0x8c, 0xde, 0xb1, 0x28, 0x84, 0x3b, 0xc2, 0x87, 0x23, 0x0a, 0xf3, 0x89,
    0x26, 0x18, 0x70, 0x75, 0xcb, 0xfb, 0xef, 0xa8, 0x10, 0x09, 0xa2, 0xce, 0x61, 0x5a, 0xc5, 0x3d,
    0x29, 0x14, 0xe5, 0x87, 0x0c, 0xb4, 0x52, 0xd2, 0xaf, 0xaa, 0xab, 0x24, 0xf3, 0x49, 0x9f, 0x72,
    0x18, 0x5c, 0xbf, 0xee, 0x53, 0x49, 0x27, 0x14, 0x73, 0x44, 0x29, 0xb7, 0xb3, 0x86, 0x08, 0xe2,
    0x39, 0x26, 0xc9, 0x11, 0xcc, 0xec, 0xea, 0xc9, 0xa3, 0x68, 0x51, 0x47, 0x7b, 0xa4, 0xc6, 0x0b,
    0x08, 0x70, 0x41, 0xde, 0x62, 0x10, 0x00, 0xed, 0xc9, 0x8e, 0xda, 0xda, 0x20, 0xc1, 0xde, 0xf2,
];

/// The success output: FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS as 32-byte big-endian words.
const SUCCESS_OUTPUT: [u8; 64] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    0x00, //
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8,
    0x05, //
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
];

/// 0x0a: verifies a KZG opening proof.
pub(crate) fn point_evaluation(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != INPUT_LEN {
        return Err(PrecompileError::InvalidInput(
            "point evaluation input must be 192 bytes",
        ));
    }
    let gas = charge(POINT_EVALUATION_GAS, gas_limit)?;

    let versioned_hash = &input[..32];
    let commitment_bytes = &input[96..144];
    let mut expected = [0u8; 32];
    expected.copy_from_slice(&Sha256::digest(commitment_bytes));
    expected[0] = VERSIONED_HASH_VERSION_KZG;
    if versioned_hash != expected {
        return Err(PrecompileError::InvalidInput(
            "versioned hash does not match the commitment",
        ));
    }

    let z = read_scalar(&input[32..64])?;
    let y = read_scalar(&input[64..96])?;
    let commitment = read_g1_compressed(commitment_bytes)?;
    let proof = read_g1_compressed(&input[144..192])?;

    if !verify_kzg_proof(&commitment, z, y, &proof)? {
        return Err(PrecompileError::InvalidInput("KZG proof does not verify"));
    }
    Ok(PrecompileOutput::new(gas, SUCCESS_OUTPUT.to_vec()))
}

/// Decodes a 32-byte big-endian scalar, rejecting non-canonical values (≥ BLS_MODULUS).
fn read_scalar(bytes: &[u8]) -> Result<Fr, PrecompileError> {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        *limb = u64::from_be_bytes(array_at::<8>(bytes, 24 - 8 * i));
    }
    Fr::from_bigint(BigInt::new(limbs)).ok_or(PrecompileError::InvalidInput(
        "scalar not below BLS_MODULUS",
    ))
}

/// Decodes a compressed G1 point with full validation (on curve, in subgroup; infinity allowed).
fn read_g1_compressed(bytes: &[u8]) -> Result<G1Affine, PrecompileError> {
    G1Affine::deserialize_compressed(bytes)
        .map_err(|_| PrecompileError::InvalidInput("invalid KZG G1 point"))
}

/// `verify_kzg_proof_impl` of the consensus specs: the pairing check for `p(z) = y`.
fn verify_kzg_proof(
    commitment: &G1Affine,
    z: Fr,
    y: Fr,
    proof: &G1Affine,
) -> Result<bool, PrecompileError> {
    let tau_g2 = G2Affine::deserialize_compressed_unchecked(&TAU_G2_COMPRESSED[..])
        .map_err(|_| PrecompileError::InvalidInput("trusted setup point failed to decode"))?;
    let g1 = G1Affine::generator();
    let g2 = G2Affine::generator();

    let x_minus_z: G2Projective = tau_g2.into_group() - g2 * z;
    let p_minus_y: G1Projective = commitment.into_group() - g1 * y;

    let mut g1s = Vec::with_capacity(2);
    let mut g2s = Vec::with_capacity(2);
    for (p, q) in [
        (p_minus_y.into_affine(), -g2),
        (*proof, x_minus_z.into_affine()),
    ] {
        // A pair with a point at infinity contributes a factor of 1.
        if !p.is_zero() && !q.is_zero() {
            g1s.push(p);
            g2s.push(q);
        }
    }
    if g1s.is_empty() {
        return Ok(true);
    }
    let loop_out = Bls12_381::multi_miller_loop(g1s, g2s);
    Ok(Bls12_381::final_exponentiation(loop_out).is_some_and(|out| out.0.is_one()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_serialize::CanonicalSerialize;

    /// Builds a valid input for the constant polynomial p(x) = c: commitment [c]G1, proof = infinity.
    fn constant_polynomial_input(c: u64, z: u64) -> Vec<u8> {
        let commitment = (G1Affine::generator() * Fr::from(c)).into_affine();
        let mut commitment_bytes = Vec::new();
        commitment
            .serialize_compressed(&mut commitment_bytes)
            .expect("serialize");
        let mut input = Vec::new();
        let mut hash = [0u8; 32];
        hash.copy_from_slice(&Sha256::digest(&commitment_bytes));
        hash[0] = 1;
        input.extend_from_slice(&hash);
        let mut z_word = [0u8; 32];
        z_word[24..].copy_from_slice(&z.to_be_bytes());
        input.extend_from_slice(&z_word);
        let mut y_word = [0u8; 32];
        y_word[24..].copy_from_slice(&c.to_be_bytes());
        input.extend_from_slice(&y_word);
        input.extend_from_slice(&commitment_bytes);
        let mut infinity = [0u8; 48];
        infinity[0] = 0xc0;
        input.extend_from_slice(&infinity);
        input
    }

    #[test]
    fn tau_g2_decodes_and_is_in_subgroup() {
        let tau = G2Affine::deserialize_compressed(&TAU_G2_COMPRESSED[..]).expect("valid");
        assert!(!tau.is_zero());
    }

    #[test]
    fn constant_polynomial_proof_verifies() {
        let input = constant_polynomial_input(7, 12345);
        let out = point_evaluation(&input, 50_000).expect("ok");
        assert_eq!(out.gas_used, 50_000);
        assert_eq!(out.output, SUCCESS_OUTPUT.to_vec());
        assert_eq!(
            point_evaluation(&input, 49_999),
            Err(PrecompileError::OutOfGas)
        );
    }

    #[test]
    fn wrong_value_or_hash_fails() {
        let mut input = constant_polynomial_input(7, 12345);
        input[95] = 8; // y = 8
        assert!(matches!(
            point_evaluation(&input, 50_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        let mut input = constant_polynomial_input(7, 12345);
        input[0] = 2; // version byte
        assert!(matches!(
            point_evaluation(&input, 50_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        let input = constant_polynomial_input(7, 12345);
        assert!(matches!(
            point_evaluation(&input[..191], 50_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        // z = BLS_MODULUS is not canonical.
        let mut input = constant_polynomial_input(7, 0);
        input[32..64].copy_from_slice(&SUCCESS_OUTPUT[32..]);
        assert!(matches!(
            point_evaluation(&input, 50_000),
            Err(PrecompileError::InvalidInput(_))
        ));
    }
}
