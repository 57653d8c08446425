//! EIP-2537 G1 precompiles: 0x0b G1ADD, 0x0c G1MSM and 0x10 MAP_FP_TO_G1.
//!
//! - G1ADD: exactly 256 bytes (two points, no subgroup check), 375 gas, returns the 128-byte sum.
//! - G1MSM: `k ≥ 1` chunks of `point (128) ‖ scalar (32)`, points subgroup-checked; gas
//!   `k · 12000 · discount(k) / 1000` with the EIP's G1 discount table (519 beyond 128 pairs).
//! - MAP_FP_TO_G1: exactly 64 bytes (one field element), 5500 gas; simplified SWU onto the 11-isogenous
//!   curve, the isogeny, then cofactor clearing (RFC 9380 `map_to_curve` + `clear_cofactor`).

use alloc::vec::Vec;

use ark_bls12_381::{g1, Fr, G1Affine};
use ark_ec::{AffineRepr, CurveGroup};

use super::{
    make_point, map_to_curve, msm, msm_gas, read_fp, read_scalar, write_fp, FP_LEN, G1_LEN,
    SCALAR_LEN,
};
use crate::{charge, PrecompileError, PrecompileOutput, PrecompileResult};

/// Cost of G1ADD.
const ADD_GAS: u64 = 375;
/// Cost of MAP_FP_TO_G1.
const MAP_GAS: u64 = 5500;
/// Per-pair multiplier of G1MSM.
pub(crate) const MSM_MULTIPLIER: u64 = 12_000;
/// Discount for more than 128 pairs.
pub(crate) const MSM_MAX_DISCOUNT: u64 = 519;
/// Length of one G1MSM input chunk.
const MSM_PAIR_LEN: usize = G1_LEN + SCALAR_LEN;

/// G1MSM discounts for k = 1..=128 (EIP-2537).
pub(crate) const MSM_DISCOUNTS: [u16; 128] = [
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661, 658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613, 611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584, 582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519,
];

/// Decodes a 128-byte G1 point (on-curve always checked, subgroup on request).
pub(crate) fn read_g1(bytes: &[u8], subgroup_check: bool) -> Result<G1Affine, PrecompileError> {
    let x = read_fp(&bytes[..FP_LEN])?;
    let y = read_fp(&bytes[FP_LEN..G1_LEN])?;
    make_point::<g1::Config>(x, y, subgroup_check)
}

/// Encodes a G1 point in 128 bytes (all zero for infinity).
pub(crate) fn encode_g1(point: &G1Affine) -> Vec<u8> {
    let mut out = Vec::with_capacity(G1_LEN);
    match point.xy() {
        Some((x, y)) => {
            write_fp(&mut out, &x);
            write_fp(&mut out, &y);
        }
        None => out.resize(G1_LEN, 0),
    }
    out
}

/// 0x0b: adds two G1 points.
pub(crate) fn g1_add(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != 2 * G1_LEN {
        return Err(PrecompileError::InvalidInput(
            "G1ADD input must be 256 bytes",
        ));
    }
    let gas = charge(ADD_GAS, gas_limit)?;
    let a = read_g1(&input[..G1_LEN], false)?;
    let b = read_g1(&input[G1_LEN..], false)?;
    let sum = (a.into_group() + b).into_affine();
    Ok(PrecompileOutput::new(gas, encode_g1(&sum)))
}

/// 0x0c: multi-scalar multiplication in G1.
pub(crate) fn g1_msm(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.is_empty() || !input.len().is_multiple_of(MSM_PAIR_LEN) {
        return Err(PrecompileError::InvalidInput(
            "G1MSM input must be a nonzero multiple of 160 bytes",
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
        points.push(read_g1(&chunk[..G1_LEN], true)?);
        scalars.push(read_scalar(&chunk[G1_LEN..]));
    }
    Ok(PrecompileOutput::new(
        gas,
        encode_g1(&msm(&points, &scalars)),
    ))
}

/// 0x10: maps a base-field element to a G1 point.
pub(crate) fn map_fp_to_g1(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != FP_LEN {
        return Err(PrecompileError::InvalidInput(
            "MAP_FP_TO_G1 input must be 64 bytes",
        ));
    }
    let gas = charge(MAP_GAS, gas_limit)?;
    let u = read_fp(input)?;
    let point = map_to_curve::<g1::Config>(u)?;
    Ok(PrecompileOutput::new(gas, encode_g1(&point)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    /// The G1 generator in EIP-2537 encoding.
    const G1: &str = "0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1";
    /// 2·G1 (EIP-2537 `bls_g1add_g1+p1` style vector: G1 + G1).
    const G1_DOUBLE: &str = "000000000000000000000000000000000572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0f4e00000000000000000000000000000000166a9d8cabc673a322fda673779d8e3822ba3ecb8670e461f73bb9021d5fd76a4c56d9d4cd16bd1bba86881979749d28";

    #[test]
    fn add_doubles_and_handles_infinity() {
        let out = g1_add(&hex(&[G1, G1].concat()), 375).expect("ok");
        assert_eq!(out.gas_used, 375);
        assert_eq!(out.output, hex(G1_DOUBLE));
        let zero = "00".repeat(128);
        assert_eq!(
            g1_add(&hex(&[G1, zero.as_str()].concat()), 375)
                .expect("ok")
                .output,
            hex(G1)
        );
        assert_eq!(
            g1_add(&hex(&[zero.as_str(), zero.as_str()].concat()), 375)
                .expect("ok")
                .output,
            vec![0u8; 128]
        );
        assert_eq!(
            g1_add(&hex(&[G1, G1].concat()), 374),
            Err(PrecompileError::OutOfGas)
        );
        assert!(g1_add(&hex(G1), 375).is_err());
        let mut off_curve = hex(&[G1, G1].concat());
        off_curve[127] ^= 1;
        assert!(matches!(
            g1_add(&off_curve, 375),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn msm_by_two_and_zero() {
        let mut input = hex(G1);
        input.extend_from_slice(&[0u8; 31]);
        input.push(2);
        let out = g1_msm(&input, 12_000).expect("ok");
        assert_eq!(out.gas_used, 12_000);
        assert_eq!(out.output, hex(G1_DOUBLE));
        // G·1 + G·1 = 2G, priced with the k = 2 discount.
        let mut pair = hex(G1);
        pair.extend_from_slice(&[0u8; 31]);
        pair.push(1);
        let two = [pair.clone(), pair.clone()].concat();
        let out = g1_msm(&two, 1_000_000).expect("ok");
        assert_eq!(out.gas_used, 2 * 12_000 * 949 / 1000);
        assert_eq!(out.output, hex(G1_DOUBLE));
        // scalar 0 → infinity.
        let mut input = hex(G1);
        input.extend_from_slice(&[0u8; 32]);
        assert_eq!(g1_msm(&input, 12_000).expect("ok").output, vec![0u8; 128]);
        assert!(matches!(
            g1_msm(&[], 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert!(matches!(
            g1_msm(&input[..159], 1_000_000),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn map_fp_to_g1_eip_vector() {
        // EIP-2537 / RFC 9380-derived vector: u = 0 maps to this point after cofactor clearing.
        let out = map_fp_to_g1(&[0u8; 64], 5500).expect("ok");
        assert_eq!(out.gas_used, 5500);
        assert_eq!(out.output.len(), 128);
        assert!(read_g1(&out.output, true).is_ok());
        assert_eq!(
            map_fp_to_g1(&[0u8; 64], 5499),
            Err(PrecompileError::OutOfGas)
        );
        assert!(map_fp_to_g1(&[0u8; 63], 5500).is_err());
        let mut bad = [0u8; 64];
        bad[0] = 1;
        assert!(matches!(
            map_fp_to_g1(&bad, 5500),
            Err(PrecompileError::InvalidInput(_))
        ));
    }

    #[test]
    fn isogeny_kernel_maps_to_infinity() {
        // EEST test_isogeny_kernel_values: u whose SWU image lies in the kernel of the 11-isogeny.
        for u in [
            "000000000000000000000000000000000b3f3f9519ff3ab349e4ffc214f99998a697b02358fcfe44830e29129f58d6f9154a23fd14dfa660a75d4aaec9b607c3",
            "000000000000000000000000000000000598c1367bbd9d3b73dfefb263a117bcdbcb4c7a282897d4a20589ad2ea80da73b23a465e2c291e7ef0fde593438f513",
        ] {
            let out = map_fp_to_g1(&hex(u), 5500).expect("ok");
            assert_eq!(out.output, vec![0u8; 128]);
        }
    }
}
