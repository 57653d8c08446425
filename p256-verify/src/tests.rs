//! Field and scalar arithmetic against `num-bigint` on edge values (including non-canonical field values up
//! to `2^256 − 1`, which reach the rare carry and borrow paths) and pseudo-random ones, the constants, and
//! the double-and-add against RustCrypto's `p256`, including its special cases. Run with and without
//! `--features emulated-delegation` to cover both backends.

use crate::backend::{self, Fe, Scalar};
use crate::consts;
use crate::ecmult::mul_add;
use crate::point::{Affine, Jacobian};
use num_bigint::BigUint;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::elliptic_curve::PrimeField;

fn big(words: &[u32; 8]) -> BigUint {
    BigUint::from_slice(words)
}

fn words(x: &BigUint) -> [u32; 8] {
    let mut out = [0u32; 8];
    for (o, d) in out.iter_mut().zip(x.to_u32_digits()) {
        *o = d;
    }
    out
}

fn hex(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap()
}

fn p() -> BigUint {
    hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
}

fn n() -> BigUint {
    hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
}

fn two_256() -> BigUint {
    BigUint::from(1u8) << 256usize
}

/// `2^−256 mod m`.
fn r_inv(m: &BigUint) -> BigUint {
    two_256().modpow(&(m - 2u32), m)
}

/// xorshift64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn words(&mut self) -> [u32; 8] {
        core::array::from_fn(|_| self.next() as u32)
    }
}

/// Edge values around 0, the modulus, `2^256`, `2^256 − modulus` and the word boundaries of `p`, plus
/// random ones.
fn values(modulus: &BigUint, rng: &mut Rng, random: usize) -> Vec<[u32; 8]> {
    let c = two_256() - modulus;
    let one = BigUint::from(1u8);
    let mut v: Vec<BigUint> = [0u64, 1, 2, 3, 0xffff_ffff, 0x1_0000_0000, u64::MAX]
        .iter()
        .map(|x| BigUint::from(*x))
        .collect();
    for d in 1u32..4 {
        v.push(modulus - d);
        v.push(two_256() - d);
    }
    for k in [96usize, 128, 192, 224, 255] {
        v.push(&one << k);
        v.push((&one << k) - 1u32);
    }
    v.push(modulus.clone());
    v.push(modulus + 1u32);
    v.push(c.clone());
    v.push(&c - 1u32);
    v.push(&c + 1u32);
    v.push(modulus >> 1usize);
    v.push((modulus >> 1usize) + 1u32);
    let mut out: Vec<[u32; 8]> = v.iter().filter(|x| **x < two_256()).map(words).collect();
    for _ in 0..random {
        out.push(rng.words());
    }
    out
}

/// `got` represents `expected` modulo `p` (both as raw representations).
fn check_fe(what: &str, got: &Fe, expected: &BigUint, a: &[u32; 8], b: &[u32; 8]) {
    let p = p();
    assert_eq!(
        big(&got.words()) % &p,
        expected % &p,
        "{what}: a {a:08x?} b {b:08x?}"
    );
}

#[test]
fn constants_match_bigint() {
    let (p, n, r) = (p(), n(), two_256());
    let b = hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    assert_eq!(big(&consts::P), p);
    assert_eq!(big(&consts::C_P), &r - &p);
    assert_eq!((big(&consts::P_PRIME) * &p + 1u32) % &r, BigUint::from(0u8));
    assert_eq!(big(&consts::R2_P), (&r * &r) % &p);
    assert_eq!(big(&consts::B_MONT), (&b * &r) % &p);
    assert_eq!(big(&consts::THREE_MONT), (&r * 3u32) % &p);
    assert_eq!(big(&consts::P_MINUS_N), &p - &n);
    assert_eq!(big(&consts::N), n);
    assert_eq!(big(&consts::C_N), &r - &n);
    assert_eq!((big(&consts::N_PRIME) * &n + 1u32) % &r, BigUint::from(0u8));
    assert_eq!(big(&consts::R2_N), (&r * &r) % &n);
    assert_eq!(big(&consts::RINV_N), r_inv(&n));
    assert_eq!(big(&consts::N_MINUS_2), &n - 2u32);
    assert_eq!(big(&Fe::ONE.words()), &r % &p);
    // The curve order as RustCrypto has it.
    assert_eq!(
        BigUint::from_bytes_be(&(-p256::Scalar::ONE).to_repr()) + 1u32,
        n,
        "n differs from p256's"
    );
}

#[test]
fn lt_orders_words() {
    let p = consts::P;
    assert!(!consts::lt(&p, &p));
    let mut below = p;
    below[0] -= 1;
    assert!(consts::lt(&below, &p));
    let mut above = p;
    above[3] = 1;
    assert!(!consts::lt(&above, &p));
    assert!(consts::lt(&[0; 8], &[1, 0, 0, 0, 0, 0, 0, 0]));
}

#[test]
fn field_operations_match_bigint() {
    backend::init();
    let p = p();
    let ri = r_inv(&p);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vals = values(&p, &mut rng, 12);
    for a_w in &vals {
        let a = Fe::from_words(*a_w);
        let ab = big(a_w);
        for b_w in &vals {
            let b = Fe::from_words(*b_w);
            let bb = big(b_w);
            let prod = &ab * &bb * &ri;
            check_fe("mul", &Fe::mul(&a, &b), &prod, a_w, b_w);
            let mut t = Fe::ZERO;
            t.set_mul(&a, &b);
            check_fe("set_mul", &t, &prod, a_w, b_w);
            let mut t = a.copy();
            t.mul_assign(&b);
            check_fe("mul_assign", &t, &prod, a_w, b_w);
            let mut t = a;
            t.add_assign(&b);
            check_fe("add", &t, &(&ab + &bb), a_w, b_w);
            let mut t = a;
            t.sub_assign(&b);
            check_fe("sub", &t, &(&ab + &p * 2u32 - &bb), a_w, b_w);
            let mut t = a;
            t.rsub_assign(&b);
            check_fe("rsub", &t, &(&bb + &p * 2u32 - &ab), a_w, b_w);
            assert_eq!(
                a.equals(&b),
                &ab % &p == &bb % &p,
                "equals {a_w:08x?} {b_w:08x?}"
            );
            let mut t = Fe::ZERO;
            t.set(&b);
            check_fe("set", &t, &bb, a_w, b_w);
        }
        let square = &ab * &ab * &ri;
        let mut t = a;
        t.square_assign();
        check_fe("square_assign", &t, &square, a_w, a_w);
        let mut t = Fe::ZERO;
        t.set_square(&a);
        check_fe("set_square", &t, &square, a_w, a_w);
        let mut t = a;
        t.double_assign();
        check_fe("double", &t, &(&ab * 2u32), a_w, a_w);
        let mut t = a;
        t.negate_assign();
        check_fe("negate", &t, &(&p * 2u32 - &ab), a_w, a_w);
        check_fe("to_mont", &Fe::to_mont(*a_w), &(&ab * two_256()), a_w, a_w);
        assert_eq!(
            a.is_zero(),
            (&ab % &p) == BigUint::from(0u8),
            "is_zero {a_w:08x?}"
        );
        // Every result stays below 2^256 by construction (a word array): the weak reduction's promise.
    }
}

#[test]
fn byte_helpers_are_big_endian() {
    let mut rng = Rng(7);
    for w in values(&p(), &mut rng, 8) {
        let bytes = crate::field::be_bytes_from_words(&w);
        let mut expected = big(&w).to_bytes_be();
        while expected.len() < 32 {
            expected.insert(0, 0);
        }
        assert_eq!(bytes.to_vec(), expected);
        assert_eq!(crate::field::words_from_be_bytes(&bytes), w);
        assert_eq!(crate::field::field_words(&bytes).is_some(), big(&w) < p());
    }
}

#[test]
fn scalar_operations_match_bigint() {
    backend::init();
    let n = n();
    let ri = r_inv(&n);
    let mut rng = Rng(0x1234_5678);
    let any = values(&n, &mut rng, 12);
    for w in &any {
        let x = big(w);
        assert_eq!(
            Scalar::from_words_checked(*w).is_some(),
            x < n,
            "checked {w:08x?}"
        );
        assert_eq!(
            big(&Scalar::from_words_reduced(*w).words()),
            &x % &n,
            "reduced {w:08x?}"
        );
        let bytes = crate::field::be_bytes_from_words(w);
        assert_eq!(
            Scalar::from_be_bytes_checked(&bytes).map(|s| s.words()),
            Scalar::from_words_checked(*w).map(|s| s.words())
        );
        assert_eq!(
            Scalar::from_be_bytes_reduced(&bytes).words(),
            Scalar::from_words_reduced(*w).words()
        );
    }
    let canonical: Vec<[u32; 8]> = any.iter().filter(|w| big(w) < n).copied().collect();
    for a_w in &canonical {
        let a = Scalar::from_words_checked(*a_w).unwrap();
        let ab = big(a_w);
        for b_w in &canonical {
            let b = Scalar::from_words_checked(*b_w).unwrap();
            let bb = big(b_w);
            let expected = (&ab * &bb * &ri) % &n;
            assert_eq!(
                big(&Scalar::mont_mul(&a, &b).words()),
                expected,
                "mont_mul {a_w:08x?} {b_w:08x?}"
            );
            let mut t = a;
            t.mont_mul_assign(&b);
            assert_eq!(big(&t.words()), expected, "mont_mul_assign");
        }
        let mut t = a;
        t.mont_square_assign();
        assert_eq!(
            big(&t.words()),
            (&ab * &ab * &ri) % &n,
            "mont_square {a_w:08x?}"
        );
        assert_eq!(a.is_zero(), ab == BigUint::from(0u8));
        // a·2^256 inverted in Montgomery form is a⁻¹·2^256.
        let inv = Scalar::invert_mont(&a);
        if a.is_zero() {
            assert!(inv.is_zero());
        } else {
            assert_eq!(
                (big(&inv.words()) * &ab * &ri * &ri) % &n,
                BigUint::from(1u8),
                "invert {a_w:08x?}"
            );
        }
    }
}

/// `G` in Montgomery form.
fn generator() -> Affine {
    let (x, y) = coords(&p256::AffinePoint::GENERATOR).unwrap();
    Affine {
        x: Fe::to_mont(crate::field::words_from_be_bytes(&x)),
        y: Fe::to_mont(crate::field::words_from_be_bytes(&y)),
    }
}

#[test]
fn curve_equation() {
    backend::init();
    let g = generator();
    assert!(crate::field::on_curve(&g.x, &g.y));
    let mut y = g.y;
    y.add_assign(&Fe::ONE);
    assert!(!crate::field::on_curve(&g.x, &y));
    let mut y = g.y;
    y.negate_assign();
    assert!(crate::field::on_curve(&g.x, &y));
}

/// The affine coordinates (plain big-endian) of a Jacobian point in Montgomery form, or `None` at
/// infinity.
fn affine(j: &Jacobian) -> Option<([u8; 32], [u8; 32])> {
    if j.infinity {
        return None;
    }
    let p = p();
    let ri = r_inv(&p);
    let plain = |f: &Fe| (big(&f.words()) * &ri) % &p;
    let (x, y, z) = (plain(&j.x), plain(&j.y), plain(&j.z));
    let zi = z.modpow(&(&p - 2u32), &p);
    let enc = |v: BigUint| crate::field::be_bytes_from_words(&words(&v));
    Some((enc(x * &zi * &zi % &p), enc(y * &zi * &zi * &zi % &p)))
}

fn scalar(k: &BigUint) -> (Scalar, p256::Scalar) {
    let n = n();
    let k = k % &n;
    let ours = Scalar::from_words_checked(words(&k)).unwrap();
    let bytes = crate::field::be_bytes_from_words(&words(&k));
    let theirs = p256::Scalar::from_repr(bytes.into()).unwrap();
    (ours, theirs)
}

#[test]
fn double_and_add_matches_p256_including_special_cases() {
    backend::init();
    let n = n();
    let mut rng = Rng(99);
    let mut pairs: Vec<(BigUint, BigUint, BigUint)> = Vec::new(); // (k of Q = k·G, u1, u2)
    for _ in 0..6 {
        pairs.push((big(&rng.words()), big(&rng.words()), big(&rng.words())));
    }
    let one = BigUint::from(1u8);
    for k in [1u32, 2, 3, 5, 7, 15] {
        let k = BigUint::from(k);
        for u2 in [
            BigUint::from(1u8),
            BigUint::from(2u8),
            BigUint::from(5u8),
            big(&rng.words()),
        ] {
            // u1 + u2·k ≡ 0: infinity; u1 = u2·k: doubling inside the sum; and near misses.
            let t = (&u2 * &k) % &n;
            pairs.push((k.clone(), (&n - &t) % &n, u2.clone()));
            pairs.push((k.clone(), t.clone(), u2.clone()));
            pairs.push((k.clone(), (&t + &one) % &n, u2.clone()));
            pairs.push((k.clone(), BigUint::from(0u8), u2.clone()));
        }
        pairs.push((k.clone(), &n - 1u32, &n - 1u32));
    }
    for (k, u1, u2) in pairs {
        let (_, k_theirs) = scalar(&k);
        let q_point = (p256::ProjectivePoint::GENERATOR * k_theirs).to_affine();
        let (qx, qy) = coords(&q_point).unwrap();
        let q = Affine {
            x: Fe::to_mont(crate::field::words_from_be_bytes(&qx)),
            y: Fe::to_mont(crate::field::words_from_be_bytes(&qy)),
        };
        let (u1_ours, u1_theirs) = scalar(&u1);
        let (u2_ours, u2_theirs) = scalar(&u2);
        let got = affine(&mul_add(&q, &u2_ours, &u1_ours));
        let expected = coords(
            &(p256::ProjectivePoint::GENERATOR * u1_theirs
                + p256::ProjectivePoint::from(q_point) * u2_theirs)
                .to_affine(),
        );
        assert_eq!(got, expected, "k {k:x} u1 {u1:x} u2 {u2:x}");
    }
}

/// The affine coordinates of a `p256` point, `None` at infinity.
fn coords(p: &p256::AffinePoint) -> Option<([u8; 32], [u8; 32])> {
    let e = p.to_encoded_point(false);
    let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
    x.copy_from_slice(e.x()?);
    y.copy_from_slice(e.y()?);
    Some((x, y))
}
