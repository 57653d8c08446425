//! EIP-2537 G2 precompiles: 0x0d G2ADD, 0x0e G2MSM and 0x11 MAP_FP2_TO_G2.
//!
//! - G2ADD: exactly 512 bytes (two points, no subgroup check), 600 gas, returns the 256-byte sum.
//! - G2MSM: `k ≥ 1` chunks of `point (256) ‖ scalar (32)`, points subgroup-checked; gas
//!   `k · 22500 · discount(k) / 1000` with the EIP's G2 discount table (524 beyond 128 pairs).
//! - MAP_FP2_TO_G2: exactly 128 bytes (one F_p² element), 23800 gas; simplified SWU onto the
//!   3-isogenous curve, the isogeny, then cofactor clearing (RFC 9380 `map_to_curve` + `clear_cofactor`).

use alloc::vec::Vec;

use ark_bls12_381::{g2, Fr, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};

use super::{
    make_point, map_to_curve, msm, msm_gas, read_fp2, read_scalar, write_fp2, FP2_LEN, G2_LEN,
    SCALAR_LEN,
};
use crate::{charge, PrecompileError, PrecompileOutput, PrecompileResult};

/// Cost of G2ADD.
const ADD_GAS: u64 = 600;
/// Cost of MAP_FP2_TO_G2.
const MAP_GAS: u64 = 23_800;
/// Per-pair multiplier of G2MSM.
pub(crate) const MSM_MULTIPLIER: u64 = 22_500;
/// Discount for more than 128 pairs.
pub(crate) const MSM_MAX_DISCOUNT: u64 = 524;
/// Length of one G2MSM input chunk.
const MSM_PAIR_LEN: usize = G2_LEN + SCALAR_LEN;

/// G2MSM discounts for k = 1..=128 (EIP-2537).
pub(crate) const MSM_DISCOUNTS: [u16; 128] = [
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704,
    699, 693, 688, 683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632,
    629, 627, 624, 622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593,
    592, 590, 589, 587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568,
    567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549,
    548, 547, 546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534,
    533, 532, 532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524,
];

/// Decodes a 256-byte G2 point (on-curve always checked, subgroup on request).
pub(crate) fn read_g2(bytes: &[u8], subgroup_check: bool) -> Result<G2Affine, PrecompileError> {
    let x = read_fp2(&bytes[..FP2_LEN])?;
    let y = read_fp2(&bytes[FP2_LEN..G2_LEN])?;
    make_point::<g2::Config>(x, y, subgroup_check)
}

/// Encodes a G2 point in 256 bytes (all zero for infinity).
pub(crate) fn encode_g2(point: &G2Affine) -> Vec<u8> {
    let mut out = Vec::with_capacity(G2_LEN);
    match point.xy() {
        Some((x, y)) => {
            write_fp2(&mut out, &x);
            write_fp2(&mut out, &y);
        }
        None => out.resize(G2_LEN, 0),
    }
    out
}

/// 0x0d: adds two G2 points.
pub(crate) fn g2_add(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != 2 * G2_LEN {
        return Err(PrecompileError::InvalidInput(
            "G2ADD input must be 512 bytes",
        ));
    }
    let gas = charge(ADD_GAS, gas_limit)?;
    let a = read_g2(&input[..G2_LEN], false)?;
    let b = read_g2(&input[G2_LEN..], false)?;
    let sum = (a.into_group() + b).into_affine();
    Ok(PrecompileOutput::new(gas, encode_g2(&sum)))
}

/// 0x0e: multi-scalar multiplication in G2.
pub(crate) fn g2_msm(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.is_empty() || !input.len().is_multiple_of(MSM_PAIR_LEN) {
        return Err(PrecompileError::InvalidInput(
            "G2MSM input must be a nonzero multiple of 288 bytes",
        ));
    }
    let k = input.len() / MSM_PAIR_LEN;
    let gas = charge(
        msm_gas(k, MSM_MULTIPLIER, &MSM_DISCOUNTS, MSM_MAX_DISCOUNT),
        gas_limit,
    )?;
    let mut points = Vec::with_capacity(k);
    let mut scalars: Vec<Fr> = Vec::with_capacity(k);
    for chunk in input.chunks_exact(MSM_PAIR_LEN) {
        points.push(read_g2(&chunk[..G2_LEN], true)?);
        scalars.push(read_scalar(&chunk[G2_LEN..]));
    }
    Ok(PrecompileOutput::new(
        gas,
        encode_g2(&msm(&points, &scalars)),
    ))
}

/// 0x11: maps an F_p² element to a G2 point.
pub(crate) fn map_fp2_to_g2(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != FP2_LEN {
        return Err(PrecompileError::InvalidInput(
            "MAP_FP2_TO_G2 input must be 128 bytes",
        ));
    }
    let gas = charge(MAP_GAS, gas_limit)?;
    let u = read_fp2(input)?;
    let point = map_to_curve::<g2::Config>(u)?;
    Ok(PrecompileOutput::new(gas, encode_g2(&point)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn generator() -> Vec<u8> {
        encode_g2(&G2Affine::generator())
    }

    #[test]
    fn add_and_msm_agree() {
        let g = generator();
        let out = g2_add(&[g.clone(), g.clone()].concat(), 600).expect("ok");
        assert_eq!(out.gas_used, 600);
        let mut input = g.clone();
        input.extend_from_slice(&[0u8; 31]);
        input.push(2);
        let msm_out = g2_msm(&input, 22_500).expect("ok");
        assert_eq!(msm_out.gas_used, 22_500);
        assert_eq!(msm_out.output, out.output);
        assert_eq!(
            g2_add(&[g.clone(), g.clone()].concat(), 599),
            Err(PrecompileError::OutOfGas)
        );
        assert_eq!(g2_msm(&input, 22_499), Err(PrecompileError::OutOfGas));
        assert!(matches!(
            g2_add(&g, 600),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert!(matches!(
            g2_msm(&[], 100_000),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn infinity_and_invalid_points() {
        let g = generator();
        let zero = vec![0u8; 256];
        assert_eq!(
            g2_add(&[g.clone(), zero.clone()].concat(), 600)
                .expect("ok")
                .output,
            g
        );
        let mut off = g.clone();
        off[255] ^= 1;
        assert!(matches!(
            g2_add(&[off.clone(), zero].concat(), 600),
            Err(PrecompileError::InvalidInput(_))
        ));
        let mut padded = g.clone();
        padded[0] = 1;
        assert!(matches!(
            g2_add(&[padded, g].concat(), 600),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn map_outputs_subgroup_point() {
        let out = map_fp2_to_g2(&[0u8; 128], 23_800).expect("ok");
        assert_eq!(out.gas_used, 23_800);
        assert!(read_g2(&out.output, true).is_ok());
        assert_eq!(
            map_fp2_to_g2(&[0u8; 128], 23_799),
            Err(PrecompileError::OutOfGas)
        );
        assert!(matches!(
            map_fp2_to_g2(&[0u8; 127], 23_800),
            Err(PrecompileError::InvalidInput(_))
        ));
    }
}
