//! BLS12-381 precompiles of EIP-2537 (Prague): shared encoding, MSM pricing and the map-to-curve core.
//!
//! Encoding (EIP-2537): a base-field element is 64 bytes, big-endian, whose first 16 bytes must be zero
//! and whose value must be below p; an F_p² element `c0 + c1·v` is `c0 ‖ c1` (128 bytes); a G1 point is
//! `x ‖ y` (128 bytes), a G2 point `x ‖ y` over F_p² (256 bytes); all-zero encodes the point at infinity.
//! Every decoded point must be on its curve; MSM and pairing also require subgroup membership, addition
//! does not. Scalars are 32-byte big-endian integers of any value.
//!
//! The precompiles themselves live in `g1.rs` (0x0b, 0x0c, 0x10), `g2.rs` (0x0d, 0x0e, 0x11) and
//! `pairing.rs` (0x0f).

pub(crate) mod g1;
pub(crate) mod g2;
pub(crate) mod pairing;

use alloc::vec::Vec;

use ark_bls12_381::{Fq, Fq2, Fr};
use ark_ec::hashing::curve_maps::swu::SWUMap;
use ark_ec::hashing::curve_maps::wb::WBConfig;
use ark_ec::hashing::map_to_curve_hasher::MapToCurve;
use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInt, Field, PrimeField, Zero};

use crate::{array_at, PrecompileError};

/// Encoded length of a base-field element.
pub(crate) const FP_LEN: usize = 64;
/// Encoded length of an F_p² element.
pub(crate) const FP2_LEN: usize = 2 * FP_LEN;
/// Encoded length of a G1 point.
pub(crate) const G1_LEN: usize = 2 * FP_LEN;
/// Encoded length of a G2 point.
pub(crate) const G2_LEN: usize = 2 * FP2_LEN;
/// Encoded length of a scalar.
pub(crate) const SCALAR_LEN: usize = 32;
/// Leading zero bytes of an encoded base-field element.
const FP_PADDING: usize = 16;

/// Denominator of the MSM discounts.
const MSM_DISCOUNT_DENOMINATOR: u64 = 1000;

/// Decodes a 64-byte base-field element: 16 zero bytes then a 48-byte big-endian value below p.
pub(crate) fn read_fp(bytes: &[u8]) -> Result<Fq, PrecompileError> {
    if bytes.len() != FP_LEN || bytes[..FP_PADDING].iter().any(|b| *b != 0) {
        return Err(PrecompileError::InvalidInput(
            "BLS field element has nonzero padding",
        ));
    }
    let mut limbs = [0u64; 6];
    for (i, limb) in limbs.iter_mut().enumerate() {
        // limb 0 is the least significant: the last 8 bytes.
        *limb = u64::from_be_bytes(array_at::<8>(bytes, FP_LEN - 8 - 8 * i));
    }
    Fq::from_bigint(BigInt::new(limbs)).ok_or(PrecompileError::InvalidInput(
        "BLS field element not below p",
    ))
}

/// Decodes a 128-byte F_p² element `c0 ‖ c1`.
pub(crate) fn read_fp2(bytes: &[u8]) -> Result<Fq2, PrecompileError> {
    let c0 = read_fp(&bytes[..FP_LEN])?;
    let c1 = read_fp(&bytes[FP_LEN..FP2_LEN])?;
    Ok(Fq2::new(c0, c1))
}

/// Appends a base-field element in its 64-byte encoding.
pub(crate) fn write_fp(out: &mut Vec<u8>, value: &Fq) {
    out.extend_from_slice(&[0u8; FP_PADDING]);
    for limb in value.into_bigint().0.iter().rev() {
        out.extend_from_slice(&limb.to_be_bytes());
    }
}

/// Appends an F_p² element in its 128-byte encoding.
pub(crate) fn write_fp2(out: &mut Vec<u8>, value: &Fq2) {
    write_fp(out, &value.c0);
    write_fp(out, &value.c1);
}

/// Builds a point from decoded coordinates: (0, 0) is infinity, anything else must be on the curve and,
/// when `subgroup_check` is set, in the order-r subgroup.
pub(crate) fn make_point<P: SWCurveConfig>(
    x: P::BaseField,
    y: P::BaseField,
    subgroup_check: bool,
) -> Result<Affine<P>, PrecompileError> {
    if x.is_zero() && y.is_zero() {
        return Ok(Affine::identity());
    }
    let point = Affine::<P>::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(PrecompileError::InvalidInput("BLS point not on curve"));
    }
    if subgroup_check && !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(PrecompileError::InvalidInput("BLS point not in subgroup"));
    }
    Ok(point)
}

/// Decodes a 32-byte big-endian scalar. Reducing it modulo r is exact here because every MSM point has
/// passed the subgroup check.
pub(crate) fn read_scalar(bytes: &[u8]) -> Fr {
    Fr::from_be_bytes_mod_order(&bytes[..SCALAR_LEN])
}

/// Gas of an MSM with `k` pairs: `k · multiplier · discount(k) / 1000`.
pub(crate) fn msm_gas(k: usize, multiplier: u64, discounts: &[u16; 128], max_discount: u64) -> u64 {
    let discount = match k {
        0 => 0,
        1..=128 => u64::from(discounts[k - 1]),
        _ => max_discount,
    };
    (k as u64)
        .saturating_mul(multiplier)
        .saturating_mul(discount)
        / MSM_DISCOUNT_DENOMINATOR
}

/// Multi-scalar multiplication Σ sᵢ·Pᵢ (points at infinity and zero scalars are dropped first).
pub(crate) fn msm<P: SWCurveConfig<ScalarField = Fr>>(
    points: &[Affine<P>],
    scalars: &[Fr],
) -> Affine<P> {
    let (bases, coefficients): (Vec<Affine<P>>, Vec<Fr>) = points
        .iter()
        .zip(scalars)
        .filter(|(p, s)| !p.is_zero() && !s.is_zero())
        .map(|(p, s)| (*p, *s))
        .unzip();
    match bases.len() {
        0 => Affine::identity(),
        1 => (bases[0] * coefficients[0]).into_affine(),
        _ => Projective::<P>::msm_unchecked(&bases, &coefficients).into_affine(),
    }
}

/// Evaluates the polynomial with coefficients `coefficients` (lowest degree first) at `x` (Horner).
fn evaluate<F: Field>(coefficients: &[F], x: F) -> F {
    coefficients
        .iter()
        .rev()
        .fold(F::zero(), |acc, c| acc * x + c)
}

/// `map_to_curve` followed by `clear_cofactor` (RFC 9380 §6.6.3 and §7): the simplified SWU map onto the
/// isogenous curve, the isogeny back to the target curve, then cofactor clearing. Points where the isogeny's
/// denominators vanish (its kernel) map to infinity, as the RFC requires.
pub(crate) fn map_to_curve<P: WBConfig>(u: P::BaseField) -> Result<Affine<P>, PrecompileError> {
    let on_isogenous = SWUMap::<P::IsogenousCurve>::map_to_curve(u)
        .map_err(|_| PrecompileError::InvalidInput("SWU map failed"))?;
    let Some((x, y)) = on_isogenous.xy() else {
        return Ok(Affine::identity());
    };
    let map = P::ISOGENY_MAP;
    let x_den = evaluate(map.x_map_denominator, x);
    let y_den = evaluate(map.y_map_denominator, x);
    let (Some(x_den_inv), Some(y_den_inv)) = (x_den.inverse(), y_den.inverse()) else {
        return Ok(Affine::identity());
    };
    let x_out = evaluate(map.x_map_numerator, x) * x_den_inv;
    let y_out = y * evaluate(map.y_map_numerator, x) * y_den_inv;
    let point = Affine::<P>::new_unchecked(x_out, y_out);
    if !point.is_on_curve() {
        return Err(PrecompileError::InvalidInput("isogeny image off the curve"));
    }
    Ok(point.clear_cofactor())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fp_rejects_padding_and_modulus() {
        let mut bytes = [0u8; 64];
        bytes[63] = 5;
        assert_eq!(read_fp(&bytes), Ok(Fq::from(5u64)));
        bytes[15] = 1;
        assert!(read_fp(&bytes).is_err());
        // p itself.
        let p = primitives::decode_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab")
            .expect("hex");
        let mut bytes = [0u8; 64];
        bytes[16..].copy_from_slice(&p);
        assert!(read_fp(&bytes).is_err());
        bytes[63] -= 1;
        let mut out = Vec::new();
        write_fp(&mut out, &read_fp(&bytes).expect("p - 1"));
        assert_eq!(out, bytes.to_vec());
    }

    #[test]
    fn msm_gas_tables() {
        let g1 = |k| {
            msm_gas(
                k,
                g1::MSM_MULTIPLIER,
                &g1::MSM_DISCOUNTS,
                g1::MSM_MAX_DISCOUNT,
            )
        };
        let g2 = |k| {
            msm_gas(
                k,
                g2::MSM_MULTIPLIER,
                &g2::MSM_DISCOUNTS,
                g2::MSM_MAX_DISCOUNT,
            )
        };
        assert_eq!(g1(1), 12_000);
        assert_eq!(g1(2), 2 * 12_000 * 949 / 1000);
        assert_eq!(g1(128), 128 * 12_000 * 519 / 1000);
        assert_eq!(g1(129), 129 * 12_000 * 519 / 1000);
        assert_eq!(g2(1), 22_500);
        assert_eq!(g2(2), 45_000);
        assert_eq!(g2(128), 128 * 22_500 * 524 / 1000);
        assert_eq!(g2(1000), 1000 * 22_500 * 524 / 1000);
    }
}
