//! Recovery against k256 on random and crafted inputs. Run with and without `--features
//! emulated-delegation` to cover both arithmetic backends.

use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use k256::elliptic_curve::group::Group;
use k256::elliptic_curve::ops::{LinearCombination, Reduce};
use k256::elliptic_curve::point::DecompressPoint;
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::elliptic_curve::subtle::Choice;
use k256::elliptic_curve::{Field, PrimeField};

use k256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use proptest::prelude::*;
use zkos_secp256k1::{recover_public_key, RecoveryError};

const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn encode(p: &ProjectivePoint) -> [u8; 64] {
    let e = p.to_affine().to_encoded_point(false);
    e.as_bytes()[1..].try_into().unwrap()
}

/// The reference: `Q = r⁻¹·(s·R − z·G)` with k256 (any s, like the ecrecover precompile).
fn reference(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    y_odd: bool,
) -> Result<[u8; 64], RecoveryError> {
    let r_repr = FieldBytes::from(*r);
    let r = Option::<Scalar>::from(Scalar::from_repr(r_repr))
        .filter(|x| !bool::from(x.is_zero()))
        .ok_or(RecoveryError::InvalidR)?;
    let s = Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(*s)))
        .filter(|x| !bool::from(x.is_zero()))
        .ok_or(RecoveryError::InvalidS)?;
    let big_r =
        Option::<AffinePoint>::from(AffinePoint::decompress(&r_repr, Choice::from(y_odd as u8)))
            .ok_or(RecoveryError::NoPointForR)?;
    let z = <Scalar as Reduce<k256::U256>>::reduce_bytes(&FieldBytes::from(*hash));
    let r_inv = r.invert().unwrap();
    let q = ProjectivePoint::lincomb(
        &ProjectivePoint::GENERATOR,
        &-(z * r_inv),
        &big_r.into(),
        &(s * r_inv),
    );
    if bool::from(q.is_identity()) {
        return Err(RecoveryError::PointAtInfinity);
    }
    Ok(encode(&q))
}

/// k256's own recovery, for low-s signatures (it rejects high s).
fn k256_recover(hash: &[u8; 32], r: &[u8; 32], s: &[u8; 32], y_odd: bool) -> Option<[u8; 64]> {
    let sig = Signature::from_scalars(*r, *s).ok()?;
    let key = VerifyingKey::recover_from_prehash(hash, &sig, RecoveryId::new(y_odd, false)).ok()?;
    Some(
        key.to_encoded_point(false).as_bytes()[1..]
            .try_into()
            .unwrap(),
    )
}

fn check(
    hash: &[u8; 32],
    r: &[u8; 32],
    s: &[u8; 32],
    y_odd: bool,
) -> Result<[u8; 64], RecoveryError> {
    let ours = recover_public_key(hash, r, s, y_odd);
    assert_eq!(
        ours,
        reference(hash, r, s, y_odd),
        "hash {hash:02x?} r {r:02x?} s {s:02x?} odd {y_odd}"
    );
    let s_scalar = Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(*s)));
    if s_scalar.is_some_and(|s| !bool::from(k256::elliptic_curve::scalar::IsHigh::is_high(&s))) {
        assert_eq!(ours.ok(), k256_recover(hash, r, s, y_odd), "k256 disagrees");
    }
    ours
}

fn scalar_bytes(x: &Scalar) -> [u8; 32] {
    x.to_repr().into()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn signatures_of_random_keys_recover_the_key(key in any::<[u8; 32]>(), hash in any::<[u8; 32]>()) {
        let Ok(key) = SigningKey::from_bytes(&key.into()) else { return Ok(()) };
        let (sig, id) = key.sign_prehash_recoverable(&hash).unwrap();
        let r: [u8; 32] = sig.r().to_bytes().into();
        let s: [u8; 32] = sig.s().to_bytes().into();
        let expected: [u8; 64] = key.verifying_key().to_encoded_point(false).as_bytes()[1..].try_into().unwrap();
        prop_assert_eq!(check(&hash, &r, &s, id.is_y_odd()), Ok(expected));
        // The high-s twin with the other parity recovers the same key.
        let high_s = scalar_bytes(&-*sig.s());
        prop_assert_eq!(check(&hash, &r, &high_s, !id.is_y_odd()), Ok(expected));
    }

    #[test]
    fn arbitrary_inputs_agree(hash in any::<[u8; 32]>(), r in any::<[u8; 32]>(), s in any::<[u8; 32]>(), odd in any::<bool>()) {
        check(&hash, &r, &s, odd).ok();
    }

    #[test]
    fn small_and_edge_scalars_agree(hash in prop::sample::select(edge_values()), r in prop::sample::select(edge_values()),
                                    s in prop::sample::select(edge_values()), odd in any::<bool>()) {
        check(&hash, &r, &s, odd).ok();
    }
}

/// Values near the boundaries: 0, 1, 2, n−1, n, n+1, 2^256−1, 2^128, x(G), p−1...
fn edge_values() -> Vec<[u8; 32]> {
    let mut v = vec![[0u8; 32], [0xff; 32]];
    for k in [1u64, 2, 3, 7, 0xffff_ffff] {
        let mut b = [0u8; 32];
        b[24..].copy_from_slice(&k.to_be_bytes());
        v.push(b);
    }
    v.push(scalar_bytes(&-Scalar::ONE));
    v.push(scalar_bytes(&-Scalar::from(2u64)));
    v.push(N);
    let mut n_plus_1 = N;
    n_plus_1[31] += 1;
    v.push(n_plus_1);
    let mut b = [0u8; 32];
    b[15] = 1;
    v.push(b);
    v.push(
        encode(&ProjectivePoint::GENERATOR)[..32]
            .try_into()
            .unwrap(),
    );
    let mut p_minus_1 = [0xffu8; 32];
    p_minus_1[27] = 0xfe;
    p_minus_1[28] = 0xff;
    p_minus_1[29] = 0xfc;
    p_minus_1[30] = 0x2e;
    p_minus_1[31] = 0x2e;
    v.push(p_minus_1);
    v
}

/// A signature `(r, s)` on `hash` whose nonce point is `k·G` (any k: the signature need not verify under a
/// particular key), with the parity of that point.
fn with_nonce(k: &Scalar, hash: &[u8; 32], s: &Scalar) -> Option<([u8; 32], [u8; 32], bool)> {
    let point = (ProjectivePoint::GENERATOR * k)
        .to_affine()
        .to_encoded_point(false);
    let x: [u8; 32] = point.as_bytes()[1..33].try_into().unwrap();
    // Only nonces whose x is below n are usable (r must equal x exactly).
    let r = Option::<Scalar>::from(Scalar::from_repr(x.into()))?;
    let _ = hash;
    Some((
        scalar_bytes(&r),
        scalar_bytes(s),
        point.as_bytes()[64] & 1 == 1,
    ))
}

#[test]
fn recovered_point_at_infinity_is_an_error() {
    // s·R = z·G  ⇔  Q = r⁻¹·(s·R − z·G) = O: take R = k·G and s = z / k.
    let hash = [0x42u8; 32];
    let z = <Scalar as Reduce<k256::U256>>::reduce_bytes(&FieldBytes::from(hash));
    for seed in 1u64..20 {
        let k = Scalar::from(seed * 7919);
        let s = z * k.invert().unwrap();
        let Some((r, s, odd)) = with_nonce(&k, &hash, &s) else {
            continue;
        };
        assert_eq!(
            check(&hash, &r, &s, odd),
            Err(RecoveryError::PointAtInfinity)
        );
        // The other parity is -R: Q = r⁻¹·(−2z·G), finite.
        assert!(check(&hash, &r, &s, !odd).is_ok());
    }
}

#[test]
fn intermediate_coincidences_are_handled() {
    // With R = ±G, ±λG, ±2^128·G and small multiples, the accumulator meets table points exactly (both
    // halves of the multiplication walk the same multiples), exercising the doubling and cancelling cases
    // of the additions.
    let lambda = Scalar::from_repr(FieldBytes::from(hex32(
        "5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72",
    )))
    .unwrap();
    let mut two_128 = Scalar::ONE;
    for _ in 0..128 {
        two_128 = two_128.double();
    }
    let nonces = [
        Scalar::ONE,
        Scalar::from(3u64),
        lambda,
        lambda * Scalar::from(5u64),
        two_128,
        two_128 * Scalar::from(3u64),
    ];
    let values = [0u64, 1, 2, 3, 5, 15, 16, 255, 256, 1 << 40];
    let mut ran = 0;
    for k in nonces {
        for sign in [Scalar::ONE, -Scalar::ONE] {
            let k = k * sign;
            for zv in values {
                for sv in values {
                    for (zs, ss) in [
                        (Scalar::ONE, Scalar::ONE),
                        (-Scalar::ONE, Scalar::ONE),
                        (lambda, two_128),
                        (two_128, lambda),
                    ] {
                        // u1 = −z/r, u2 = s/r: choose z and s so that u1, u2 are the small values (times
                        // the multipliers), i.e. z = −u1·r, s = u2·r.
                        let point = (ProjectivePoint::GENERATOR * k)
                            .to_affine()
                            .to_encoded_point(false);
                        let x: [u8; 32] = point.as_bytes()[1..33].try_into().unwrap();
                        let Some(r) = Option::<Scalar>::from(Scalar::from_repr(x.into())) else {
                            continue;
                        };
                        let u1 = Scalar::from(zv) * zs;
                        let u2 = Scalar::from(sv) * ss;
                        let z = -(u1 * r);
                        let s = u2 * r;
                        if bool::from(s.is_zero()) {
                            continue;
                        }
                        let odd = point.as_bytes()[64] & 1 == 1;
                        let _ = check(&scalar_bytes(&z), &scalar_bytes(&r), &scalar_bytes(&s), odd);
                        let _ = check(
                            &scalar_bytes(&z),
                            &scalar_bytes(&r),
                            &scalar_bytes(&s),
                            !odd,
                        );
                        ran += 1;
                    }
                }
            }
        }
    }
    assert!(ran > 1000);
}

#[test]
fn invalid_r_and_s() {
    let hash = [1u8; 32];
    let one = {
        let mut b = [0u8; 32];
        b[31] = 1;
        b
    };
    assert_eq!(
        check(&hash, &[0; 32], &one, false),
        Err(RecoveryError::InvalidR)
    );
    assert_eq!(check(&hash, &N, &one, false), Err(RecoveryError::InvalidR));
    assert_eq!(
        check(&hash, &[0xff; 32], &one, false),
        Err(RecoveryError::InvalidR)
    );
    let r = encode(&ProjectivePoint::GENERATOR)[..32]
        .try_into()
        .unwrap();
    assert_eq!(
        check(&hash, &r, &[0; 32], false),
        Err(RecoveryError::InvalidS)
    );
    assert_eq!(check(&hash, &r, &N, false), Err(RecoveryError::InvalidS));
    // x = 5 is not on the curve (5³ + 7 = 132 is not a square mod p).
    let mut five = [0u8; 32];
    five[31] = 5;
    assert_eq!(
        check(&hash, &five, &one, false),
        Err(RecoveryError::NoPointForR)
    );
}

#[test]
fn random_scalars_through_the_reference() {
    // Deterministic sweep over many random (r, s) with valid x-coordinates.
    let mut rng = 0x1234_5678_9abc_def0u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut ok = 0;
    for _ in 0..500 {
        let mut bytes = [0u8; 96];
        for c in bytes.chunks_mut(8) {
            c.copy_from_slice(&next().to_le_bytes());
        }
        let hash: [u8; 32] = bytes[..32].try_into().unwrap();
        let r: [u8; 32] = bytes[32..64].try_into().unwrap();
        let s: [u8; 32] = bytes[64..].try_into().unwrap();
        if check(&hash, &r, &s, next() & 1 == 1).is_ok() {
            ok += 1;
        }
    }
    assert!(ok > 100, "{ok}");
}

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}
