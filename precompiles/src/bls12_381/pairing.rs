//! EIP-2537 0x0f BLS12_PAIRING_CHECK: whether the product of pairings of (G1, G2) pairs is the identity.
//!
//! Input: `k ≥ 1` chunks of `G1 point (128) ‖ G2 point (256)`; both points must be on their curves and in
//! the order-r subgroups (infinity allowed, contributing a factor of 1). Output: a 32-byte word, 1 when
//! the product is the identity in GT, else 0. Gas: `32600 · k + 37700`.

use alloc::vec::Vec;

use ark_bls12_381::Bls12_381;
use ark_ec::pairing::Pairing;
use ark_ec::AffineRepr;
use ark_ff::One;

use super::g1::read_g1;
use super::g2::read_g2;
use super::{G1_LEN, G2_LEN};
use crate::{charge, PrecompileError, PrecompileOutput, PrecompileResult};

/// Per-pair cost.
const PER_PAIR_GAS: u64 = 32_600;
/// Base cost.
const BASE_GAS: u64 = 37_700;
/// Length of one (G1, G2) chunk.
const PAIR_LEN: usize = G1_LEN + G2_LEN;

/// 0x0f: the pairing check.
pub(crate) fn pairing(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.is_empty() || !input.len().is_multiple_of(PAIR_LEN) {
        return Err(PrecompileError::InvalidInput(
            "pairing input must be a nonzero multiple of 384 bytes",
        ));
    }
    let k = (input.len() / PAIR_LEN) as u64;
    let gas = charge(
        PER_PAIR_GAS.saturating_mul(k).saturating_add(BASE_GAS),
        gas_limit,
    )?;

    let mut g1s = Vec::new();
    let mut g2s = Vec::new();
    for chunk in input.chunks_exact(PAIR_LEN) {
        let p = read_g1(&chunk[..G1_LEN], true)?;
        let q = read_g2(&chunk[G1_LEN..], true)?;
        if !p.is_zero() && !q.is_zero() {
            g1s.push(p);
            g2s.push(q);
        }
    }
    let is_one = if g1s.is_empty() {
        true
    } else {
        let loop_out = Bls12_381::multi_miller_loop(g1s, g2s);
        Bls12_381::final_exponentiation(loop_out).is_some_and(|out| out.0.is_one())
    };
    let mut output = [0u8; 32];
    output[31] = u8::from(is_one);
    Ok(PrecompileOutput::new(gas, output.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::super::g1::encode_g1;
    use super::super::g2::encode_g2;
    use super::*;
    use alloc::vec;
    use ark_bls12_381::{G1Affine, G2Affine};

    #[test]
    fn bilinearity_check() {
        let g1 = encode_g1(&G1Affine::generator());
        let neg_g1 = encode_g1(&(-G1Affine::generator()));
        let g2 = encode_g2(&G2Affine::generator());
        let input = [g1.clone(), g2.clone(), neg_g1, g2.clone()].concat();
        let out = pairing(&input, 2 * 32_600 + 37_700).expect("ok");
        assert_eq!(out.gas_used, 102_900);
        assert_eq!(out.output[31], 1);
        let out = pairing(&[g1.clone(), g2.clone()].concat(), 70_300).expect("ok");
        assert_eq!(out.output, vec![0u8; 32]);
        // Infinity pairs are neutral.
        let out = pairing(&[vec![0u8; 128], g2.clone()].concat(), 70_300).expect("ok");
        assert_eq!(out.output[31], 1);
        assert_eq!(pairing(&input, 102_899), Err(PrecompileError::OutOfGas));
        assert!(matches!(
            pairing(&[], 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert!(matches!(
            pairing(&input[..383], 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn points_outside_the_subgroup_are_rejected() {
        use ark_bls12_381::{g1, g2, Fq, Fq2};
        use ark_ec::short_weierstrass::SWCurveConfig;
        use ark_ff::Field;
        // The first x with a point on E(Fp) not in G1 (the cofactor is large, so the first one will do).
        let mut x = Fq::from(1u64);
        let p = loop {
            if let Some(y) = (x * x * x + g1::Config::COEFF_B).sqrt() {
                let p = G1Affine::new_unchecked(x, y);
                if !p.is_in_correct_subgroup_assuming_on_curve() {
                    break p;
                }
            }
            x += Fq::from(1u64);
        };
        let mut x = Fq2::new(Fq::from(1u64), Fq::from(0u64));
        let q = loop {
            if let Some(y) = (x * x * x + g2::Config::COEFF_B).sqrt() {
                let q = G2Affine::new_unchecked(x, y);
                if !q.is_in_correct_subgroup_assuming_on_curve() {
                    break q;
                }
            }
            x += Fq2::from(1u64);
        };
        let g1 = encode_g1(&G1Affine::generator());
        let g2 = encode_g2(&G2Affine::generator());
        let bad_g1 = [encode_g1(&p), g2.clone()].concat();
        let bad_g2 = [g1.clone(), encode_g2(&q)].concat();
        assert!(matches!(
            pairing(&bad_g1, 100_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert!(matches!(
            pairing(&bad_g2, 100_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        // The same points are accepted by the additions, which skip the subgroup check.
        let p_enc = encode_g1(&p);
        assert!(super::super::g1::g1_add(&[p_enc.clone(), p_enc].concat(), 375).is_ok());
        let q_enc = encode_g2(&q);
        assert!(super::super::g2::g2_add(&[q_enc.clone(), q_enc].concat(), 600).is_ok());
    }
}
