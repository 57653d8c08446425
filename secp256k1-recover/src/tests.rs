//! Field and scalar arithmetic against big-integer references on edge values (including non-canonical field
//! values up to `2^256 - 1`, which reach the rare carry paths of the reductions) and pseudo-random ones.
//! Run with and without `--features emulated-delegation` to cover both backends.

use crate::backend::{self, Fe, Scalar};
use num_bigint::BigUint;

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

fn be32(x: &BigUint) -> [u8; 32] {
    let bytes = x.to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

fn p() -> BigUint {
    (BigUint::from(1u8) << 256usize) - (BigUint::from(1u8) << 32usize) - BigUint::from(977u32)
}

fn n() -> BigUint {
    BigUint::parse_bytes(
        b"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        16,
    )
    .unwrap()
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

/// Edge values around 0, `p`, `n`, `2^256` and the reduction constants, plus random ones.
fn values(modulus: &BigUint, rng: &mut Rng, random: usize) -> Vec<[u32; 8]> {
    let two_256: BigUint = BigUint::from(1u8) << 256usize;
    let c: BigUint = &two_256 - modulus;
    let mut v: Vec<BigUint> = [0u64, 1, 2, 3, 7, 977, 0xffff_ffff, 0x1_0000_0000]
        .iter()
        .map(|x| BigUint::from(*x))
        .collect();
    for d in 1u32..4 {
        v.push(modulus - BigUint::from(d));
        v.push(&two_256 - BigUint::from(d));
    }
    v.push(modulus.clone());
    v.push(modulus + BigUint::from(1u8));
    v.push(c.clone());
    v.push(&c - BigUint::from(1u8));
    v.push(&c + BigUint::from(1u8));
    v.push(BigUint::from(1u8) << 255usize);
    v.push((BigUint::from(1u8) << 128usize) - BigUint::from(1u8));
    v.push(BigUint::from(1u8) << 128usize);
    v.push(modulus >> 1usize);
    v.push((modulus >> 1usize) + BigUint::from(1u8));
    let mut out: Vec<[u32; 8]> = v.iter().filter(|x| **x < two_256).map(words).collect();
    for _ in 0..random {
        out.push(rng.words());
    }
    out
}

fn check_fe(what: &str, got: &Fe, expected: &BigUint, a: &[u32; 8], b: &[u32; 8]) {
    let p = p();
    assert_eq!(
        big(&got.words()) % &p,
        expected % &p,
        "{what}: a {a:08x?} b {b:08x?}"
    );
}

#[test]
fn field_operations_match_bigint() {
    backend::init();
    let p = p();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vals = values(&p, &mut rng, 12);
    for a_w in &vals {
        let a = Fe::from_words(*a_w);
        let ab = big(a_w);
        for b_w in &vals {
            let b = Fe::from_words(*b_w);
            let bb = big(b_w);
            check_fe("mul", &Fe::mul(&a, &b), &(&ab * &bb), a_w, b_w);
            let mut t = Fe::ZERO;
            t.set_mul(&a, &b);
            check_fe("set_mul", &t, &(&ab * &bb), a_w, b_w);
            let mut t = a;
            t.mul_assign(&b);
            check_fe("mul_assign", &t, &(&ab * &bb), a_w, b_w);
            let mut t = a;
            t.add_assign(&b);
            check_fe("add", &t, &(&ab + &bb), a_w, b_w);
            let mut t = a;
            t.sub_assign(&b);
            check_fe("sub", &t, &(&ab + &p * 2u32 - &bb), a_w, b_w);
            let mut t = a;
            t.rsub_assign(&b);
            check_fe("rsub", &t, &(&bb + &p * 2u32 - &ab), a_w, b_w);
            assert_eq!(a.equals(&b), &ab % &p == &bb % &p);
        }
        check_fe("square", &Fe::square(&a), &(&ab * &ab), a_w, a_w);
        let mut t = a;
        t.square_assign();
        check_fe("square_assign", &t, &(&ab * &ab), a_w, a_w);
        let mut t = Fe::ZERO;
        t.set_square(&a);
        check_fe("set_square", &t, &(&ab * &ab), a_w, a_w);
        let mut t = a;
        t.double_assign();
        check_fe("double", &t, &(&ab * 2u32), a_w, a_w);
        let mut t = a;
        t.negate_assign();
        check_fe("negate", &t, &(&p * 2u32 - &ab), a_w, a_w);
        let mut t = a;
        t.normalize();
        assert_eq!(big(&t.words()), &ab % &p, "normalize {a_w:08x?}");
        assert_eq!(a.is_zero(), (&ab % &p) == BigUint::from(0u8));
        assert_eq!(a.is_odd(), (&ab % &p).bit(0));
        let inv = Fe::invert(&a);
        if a.is_zero() {
            assert!(inv.is_zero());
        } else {
            check_fe("invert", &Fe::mul(&inv, &a), &BigUint::from(1u8), a_w, a_w);
        }
        let legendre = ab.modpow(&((&p - 1u32) >> 1usize), &p);
        match Fe::sqrt(&a) {
            Some(r) => check_fe("sqrt", &Fe::square(&r), &ab, a_w, a_w),
            None => assert_eq!(legendre, &p - 1u32, "sqrt refused a square: {a_w:08x?}"),
        }
    }
}

#[test]
fn byte_encodings_are_canonical_big_endian() {
    backend::init();
    let p = p();
    let mut rng = Rng(7);
    for w in values(&p, &mut rng, 8) {
        let x = Fe::from_words(w);
        assert_eq!(x.encode(), be32(&(big(&w) % &p)));
        assert_eq!(Fe::from_be_bytes(&be32(&big(&w))).words(), w);
        assert_eq!(crate::field::words_from_be_bytes(&be32(&big(&w))), w);
    }
}

#[test]
fn scalar_operations_match_bigint() {
    backend::init();
    let n = n();
    let mut rng = Rng(0x1234_5678);
    let any = values(&n, &mut rng, 12);
    for w in &any {
        let x = big(w);
        let checked = Scalar::from_words_checked(*w);
        assert_eq!(checked.is_some(), x < n);
        assert_eq!(big(&Scalar::from_words_reduced(*w).words()), &x % &n);
    }
    let canonical: Vec<[u32; 8]> = any.iter().filter(|w| big(w) < n).copied().collect();
    let lambda = BigUint::parse_bytes(
        b"5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72",
        16,
    )
    .unwrap();
    let g1 = crate::scalar::G1;
    for a_w in &canonical {
        let a = Scalar::from_words_checked(*a_w).unwrap();
        let ab = big(a_w);
        for b_w in &canonical {
            let b = Scalar::from_words_checked(*b_w).unwrap();
            let bb = big(b_w);
            assert_eq!(
                big(&Scalar::mul(&a, &b).words()),
                (&ab * &bb) % &n,
                "mul {a_w:08x?} {b_w:08x?}"
            );
            assert_eq!(big(&Scalar::add(&a, &b).words()), (&ab + &bb) % &n, "add");
        }
        assert_eq!(big(&Scalar::neg(&a).words()), (&n - &ab) % &n, "neg");
        assert_eq!(a.is_high(), ab > (&n >> 1usize));
        assert_eq!(a.is_zero(), ab == BigUint::from(0u8));
        let inv = Scalar::invert(&a);
        if a.is_zero() {
            assert!(inv.is_zero());
        } else {
            assert_eq!(
                (big(&inv.words()) * &ab) % &n,
                BigUint::from(1u8),
                "invert {a_w:08x?}"
            );
        }
        let shifted = Scalar::mul_shift_384(&a, &g1);
        let expected = (&ab * big(&g1) + (BigUint::from(1u8) << 383usize)) >> 384usize;
        assert_eq!(big(&shifted.words()), expected, "mul_shift_384");
        let ((k1, neg1), (k2, neg2)) = Scalar::split_lambda(&a);
        let signed = |k: &Scalar, neg: bool| {
            let v = big(&k.words());
            if neg {
                (&n - v) % &n
            } else {
                v
            }
        };
        assert_eq!(
            (signed(&k1, neg1) + signed(&k2, neg2) * &lambda) % &n,
            ab,
            "split {a_w:08x?}"
        );
        assert!(big(&k1.words()).bits() <= 129 && big(&k2.words()).bits() <= 129);
    }
}
