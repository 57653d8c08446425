//! Whole verifications against RustCrypto's `p256` (prehash verification, which decides exactly what
//! EIP-7951 decides once the input checks pass): random keys and messages, tampered signatures, wrong keys,
//! high `s`, every boundary of the input checks, and crafted signatures whose `R` is infinity, has a small
//! `x`, or has `x ≥ n` (so that `x mod n = r` holds through `r + n`). Also the advised variant, with right,
//! wrong and missing advice.

mod common;

use common::*;
use num_bigint::BigUint;
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::Field;
use p256::{AffinePoint, ProjectivePoint, Scalar, U256};
use proptest::prelude::*;
use zkos_p256::{verify, verify_advised, verify_input, Record, Replay};

/// Ours, plain and advised (with recorded advice replayed), which must agree with each other and with
/// the reference; returns the verdict.
fn check(hash: &B32, r: &B32, s: &B32, qx: &B32, qy: &B32) -> bool {
    let ours = verify(hash, r, s, qx, qy);
    assert_eq!(
        ours,
        reference(hash, r, s, qx, qy),
        "hash {hash:02x?} r {r:02x?} s {s:02x?} q {qx:02x?} {qy:02x?}"
    );
    let mut record = Record::default();
    assert_eq!(
        verify_advised(hash, r, s, qx, qy, &mut record),
        ours,
        "recording"
    );
    assert_eq!(
        verify_advised(hash, r, s, qx, qy, &mut Replay::new(record.answers())),
        ours,
        "replaying"
    );
    let mut input = Vec::with_capacity(160);
    for part in [hash, r, s, qx, qy] {
        input.extend_from_slice(part);
    }
    assert_eq!(verify_input(&input), ours, "verify_input");
    ours
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn valid_signatures_and_their_tampered_forms(secret in any::<B32>(), hash in any::<B32>(), other in any::<B32>(), bit in 0usize..256) {
        let Some((sk, qx, qy)) = key(&secret) else { return Ok(()) };
        let (r, s) = sign(&sk, &hash);
        prop_assert!(check(&hash, &r, &s, &qx, &qy));
        // No low-s rule: n − s verifies too.
        prop_assert!(check(&hash, &r, &negate(&s), &qx, &qy));
        // One flipped bit anywhere.
        let flip = |x: &B32| { let mut y = *x; y[bit / 8] ^= 1 << (bit % 8); y };
        check(&flip(&hash), &r, &s, &qx, &qy);
        check(&hash, &flip(&r), &s, &qx, &qy);
        check(&hash, &r, &flip(&s), &qx, &qy);
        check(&hash, &r, &s, &flip(&qx), &qy);
        check(&hash, &r, &s, &qx, &flip(&qy));
        // A wrong key, and the right key negated (another point).
        if let Some((_, ox, oy)) = key(&other) {
            prop_assert_eq!(check(&hash, &r, &s, &ox, &oy), (ox, oy) == (qx, qy));
        }
        check(&hash, &r, &s, &qx, &be(&(p() - BigUint::from_bytes_be(&qy))));
    }

    #[test]
    fn arbitrary_inputs_agree(hash in any::<B32>(), r in any::<B32>(), s in any::<B32>(), secret in any::<B32>(), qx in any::<B32>(), qy in any::<B32>()) {
        check(&hash, &r, &s, &qx, &qy);
        if let Some((_, kx, ky)) = key(&secret) {
            check(&hash, &r, &s, &kx, &ky);
        }
    }

    #[test]
    fn forged_signatures_for_arbitrary_points(u1 in any::<B32>(), u2 in any::<B32>(), k in any::<B32>()) {
        let u1 = <Scalar as Reduce<U256>>::reduce_bytes(&u1.into());
        let u2 = <Scalar as Reduce<U256>>::reduce_bytes(&u2.into());
        let k = <Scalar as Reduce<U256>>::reduce_bytes(&k.into());
        if bool::from(u2.is_zero()) || bool::from(k.is_zero()) { return Ok(()) }
        let big_r = (ProjectivePoint::GENERATOR * k).to_affine();
        let (hash, r, s, qx, qy) = forge(&big_r, u1, u2);
        prop_assert_eq!(check(&hash, &r, &s, &qx, &qy), r != [0; 32]);
    }
}

#[test]
fn scalar_range_boundaries() {
    let (sk, qx, qy) = key(&[7; 32]).unwrap();
    let hash = [0x42; 32];
    let (r, s) = sign(&sk, &hash);
    assert!(check(&hash, &r, &s, &qx, &qy));
    let n = n();
    let bad = [
        BigUint::from(0u8),
        n.clone(),
        &n + 1u32,
        (BigUint::from(1u8) << 256usize) - 1u32,
    ];
    for v in &bad {
        assert!(!check(&hash, &be(v), &s, &qx, &qy), "r = {v:x}");
        assert!(!check(&hash, &r, &be(v), &qx, &qy), "s = {v:x}");
    }
    // r + n and s + n are the same residues but out of range.
    let r_plus_n = BigUint::from_bytes_be(&r) + &n;
    if r_plus_n < BigUint::from(1u8) << 256usize {
        assert!(!check(&hash, &be(&r_plus_n), &s, &qx, &qy));
    }
    // In range but wrong: n − 1, 1.
    for v in [&n - 1u32, BigUint::from(1u8)] {
        check(&hash, &be(&v), &s, &qx, &qy);
        check(&hash, &r, &be(&v), &qx, &qy);
    }
}

#[test]
fn public_key_boundaries() {
    let p = p();
    let (sk, qx, qy) = key(&[9; 32]).unwrap();
    let hash = [0x17; 32];
    let (r, s) = sign(&sk, &hash);
    let zero = [0u8; 32];
    for v in [
        p.clone(),
        &p + 1u32,
        (BigUint::from(1u8) << 256usize) - 1u32,
    ] {
        assert!(!check(&hash, &r, &s, &be(&v), &qy));
        assert!(!check(&hash, &r, &s, &qx, &be(&v)));
    }
    assert!(!check(&hash, &r, &s, &zero, &zero));
    // Off the curve.
    let y1 = (BigUint::from_bytes_be(&qy) + 1u32) % &p;
    assert!(!check(&hash, &r, &s, &qx, &be(&y1)));
    // x = 0 is on the curve (b is a square): a valid key whose signature verifies; (0, 0) is not.
    let (x0, y0) = point_from(&BigUint::from(0u8));
    if x0 == BigUint::from(0u8) {
        let (hash, r, s, qx, qy) = forge_via_q(&affine(&x0, &y0));
        assert!(check(&hash, &r, &s, &qx, &qy));
    }
    // A key with a small x, valid, and the same x + p (a residue of it, out of range).
    let (x, y) = point_from(&BigUint::from(5u8));
    let (hash, r, s, qx, qy) = forge_via_q(&affine(&x, &y));
    assert!(check(&hash, &r, &s, &qx, &qy));
    assert!(!check(&hash, &r, &s, &be(&(&x + &p)), &qy));
    if &p + &y < BigUint::from(1u8) << 256usize {
        assert!(!check(&hash, &r, &s, &qx, &be(&(&p + &y))));
    }
}

/// A valid signature under the given key `Q` (random-looking but fixed `u1`, `u2`).
fn forge_via_q(q: &AffinePoint) -> (B32, B32, B32, B32, B32) {
    let u1 = Scalar::from(0x1234_5678_9abc_u64);
    let u2 = Scalar::from(0x0fed_cba9_8765_u64);
    let big_r = (ProjectivePoint::GENERATOR * u1 + ProjectivePoint::from(*q) * u2).to_affine();
    let (hash, r, s, qx, qy) = forge(&big_r, u1, u2);
    assert_eq!((qx, qy), coords(q));
    (hash, r, s, qx, qy)
}

#[test]
fn hash_is_reduced_mod_n() {
    let n = n();
    let (sk, qx, qy) = key(&[3; 32]).unwrap();
    // z + n for a small z, n itself (z = 0), and 0.
    for z in [
        BigUint::from(5u8),
        BigUint::from(0u8),
        (BigUint::from(1u8) << 200usize) + 77u32,
    ] {
        let high = &z + &n;
        let (r, s) = sign(&sk, &be(&high));
        assert!(check(&be(&high), &r, &s, &qx, &qy), "hash {high:x}");
        assert!(check(&be(&z), &r, &s, &qx, &qy), "hash {z:x}");
    }
    let max = [0xff; 32];
    let (r, s) = sign(&sk, &max);
    assert!(check(&max, &r, &s, &qx, &qy));
}

#[test]
fn sum_at_infinity_is_rejected() {
    let n = n();
    for k in [1u64, 2, 3, 0xdead_beef] {
        let mut secret = [0u8; 32];
        secret[24..].copy_from_slice(&k.to_be_bytes());
        let (_, qx, qy) = key(&secret).unwrap();
        for (r, s) in [
            (BigUint::from(1u8), BigUint::from(1u8)),
            (BigUint::from(12345u32), &n - 3u32),
        ] {
            // z = −r·k makes u1 + u2·k = (z + r·k)/s ≡ 0.
            let z = (&n - (&r * BigUint::from(k)) % &n) % &n;
            assert!(!check(&be(&z), &be(&r), &be(&s), &qx, &qy), "k {k}");
            // One off: a finite point, whatever it verifies as.
            check(&be(&((&z + 1u32) % &n)), &be(&r), &be(&s), &qx, &qy);
        }
    }
}

#[test]
fn x_of_r_above_n_matches_through_r_plus_n() {
    let n = n();
    let (x, y) = point_from(&n);
    assert!(x < p());
    let big_r = affine(&x, &y);
    for (u1, u2) in [(3u64, 5u64), (0xabcdef, 0x123457), (0, 1)] {
        let (hash, r, s, qx, qy) = forge(&big_r, Scalar::from(u1), Scalar::from(u2));
        assert_eq!(BigUint::from_bytes_be(&r), &x - &n);
        assert!(check(&hash, &r, &s, &qx, &qy), "u1 {u1} u2 {u2}");
        assert!(check(&hash, &r, &negate(&s), &qx, &qy));
        // The unreduced x is out of range for r.
        assert!(!check(&hash, &be(&x), &s, &qx, &qy));
    }
    // A small x (below p − n) that matches r directly: the r + n branch must not accept a near miss.
    let (x, y) = point_from(&BigUint::from(1u8));
    let (hash, r, s, qx, qy) = forge(&affine(&x, &y), Scalar::from(11u64), Scalar::from(13u64));
    assert_eq!(BigUint::from_bytes_be(&r), x);
    assert!(check(&hash, &r, &s, &qx, &qy));
    let r1 = be(&(&x + 1u32));
    check(&hash, &r1, &s, &qx, &qy);
}

#[test]
fn input_length_must_be_160() {
    let (sk, qx, qy) = key(&[5; 32]).unwrap();
    let hash = [1; 32];
    let (r, s) = sign(&sk, &hash);
    let mut input = Vec::new();
    for part in [&hash, &r, &s, &qx, &qy] {
        input.extend_from_slice(part);
    }
    assert!(verify_input(&input));
    assert!(!verify_input(&input[..159]));
    input.push(0);
    assert!(!verify_input(&input));
    assert!(!verify_input(&[]));
}

#[test]
fn any_advice_gives_the_same_verdict() {
    let (sk, qx, qy) = key(&[11; 32]).unwrap();
    let hash = [0x99; 32];
    let (r, s) = sign(&sk, &hash);
    let n = n();
    let right = zkos_p256::scalar_inverse(&s).unwrap();
    assert_eq!(
        (BigUint::from_bytes_be(&right) * BigUint::from_bytes_be(&s)) % &n,
        BigUint::from(1u8)
    );
    let wrong = [
        [0u8; 32],
        [0xff; 32],
        be(&n),
        be(&(BigUint::from_bytes_be(&right) + 1u32)),
        be(&(BigUint::from_bytes_be(&right) + &n)),
        s,
    ];
    for (r, valid) in [(r, true), (negate(&r), false)] {
        for answer in wrong.iter().chain([&right]) {
            let answers = [*answer];
            assert_eq!(
                verify_advised(&hash, &r, &s, &qx, &qy, &mut Replay::new(&answers)),
                valid
            );
        }
        assert_eq!(
            verify_advised(&hash, &r, &s, &qx, &qy, &mut Replay::new(&[])),
            valid
        );
    }
    assert_eq!(zkos_p256::scalar_inverse(&[0; 32]), None);
    assert_eq!(zkos_p256::scalar_inverse(&be(&n)), None);
    // A recording asks exactly one question per verification that reaches the inversion, none otherwise.
    let mut record = Record::default();
    verify_advised(&hash, &r, &s, &qx, &qy, &mut record);
    assert_eq!(record.answers(), &[right]);
    let mut record = Record::default();
    verify_advised(&hash, &[0; 32], &s, &qx, &qy, &mut record);
    assert!(record.answers().is_empty());
}
