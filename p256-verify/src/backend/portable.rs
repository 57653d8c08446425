//! Field and scalar arithmetic in portable Rust on four 64-bit limbs: Montgomery multiplication (`R =
//! 2^256`, word-serial CIOS) modulo `p` and modulo `n`, with the same interface and value conventions as
//! the delegation backend. Field elements here are always canonical (below `p`), which is one of the values
//! the delegation backend's weak reduction allows; every observable result is the same.

use crate::consts::{C_P, N, P};

/// Nothing to prepare (the delegation backend copies its constants to RAM here).
pub(crate) fn init() {}

/// Four 64-bit limbs from eight 32-bit words.
const fn limbs(w: &[u32; 8]) -> [u64; 4] {
    let mut l = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        l[i] = w[2 * i] as u64 | (w[2 * i + 1] as u64) << 32;
        i += 1;
    }
    l
}

/// Eight 32-bit words from four 64-bit limbs.
fn words(l: &[u64; 4]) -> [u32; 8] {
    core::array::from_fn(|i| (l[i / 2] >> (32 * (i % 2))) as u32)
}

/// A modulus and `−m⁻¹ mod 2^64`.
struct Modulus {
    m: [u64; 4],
    m0: u64,
}

const MOD_P: Modulus = Modulus {
    m: limbs(&P),
    // p ≡ −1 (mod 2^64).
    m0: 1,
};
const MOD_N: Modulus = Modulus {
    m: limbs(&N),
    m0: 0xCCD1_C8AA_EE00_BC4F,
};

#[inline(always)]
fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = a as u128 + b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

#[inline(always)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (t as u64, (t >> 127) as u64)
}

/// `a − b` and the borrow out.
#[inline(always)]
fn sub4(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut out = [0u64; 4];
    let mut borrow = 0;
    for i in 0..4 {
        (out[i], borrow) = sbb(a[i], b[i], borrow);
    }
    (out, borrow != 0)
}

/// `x ≥ y`.
#[inline(always)]
fn ge4(x: &[u64; 4], y: &[u64; 4]) -> bool {
    for i in (0..4).rev() {
        if x[i] != y[i] {
            return x[i] > y[i];
        }
    }
    true
}

/// `x + carry·2^256` (below `3m`) reduced to below `m`.
#[inline(always)]
fn reduce_once_or_twice(mut x: [u64; 4], mut carry: bool, m: &[u64; 4]) -> [u64; 4] {
    while carry || ge4(&x, m) {
        let (d, borrow) = sub4(&x, m);
        x = d;
        // A carry pending in bit 256 absorbs the borrow.
        carry = carry && !borrow;
    }
    x
}

impl Modulus {
    /// `a·b·2^−256 mod m` (canonical) for any `a`, `b` below `2^256`.
    #[inline(always)]
    fn mont_mul(&self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        // CIOS: t accumulates a·b + q·m one limb of `a` at a time, shifting one limb down per round.
        let mut t = [0u64; 6];
        for &ai in a {
            let mut carry = 0;
            for j in 0..4 {
                (t[j], carry) = mac(t[j], ai, b[j], carry);
            }
            (t[4], t[5]) = adc(t[4], carry, 0);
            let q = t[0].wrapping_mul(self.m0);
            let (_, mut carry) = mac(t[0], q, self.m[0], 0);
            for j in 1..4 {
                (t[j - 1], carry) = mac(t[j], q, self.m[j], carry);
            }
            (t[3], carry) = adc(t[4], carry, 0);
            t[4] = t[5] + carry;
            t[5] = 0;
        }
        // t < 2m < 2^257.
        reduce_once_or_twice([t[0], t[1], t[2], t[3]], t[4] != 0, &self.m)
    }

    /// `a + b mod m` for `a`, `b` below `2^256`.
    #[inline(always)]
    fn add(&self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let mut out = [0u64; 4];
        let mut carry = 0;
        for i in 0..4 {
            (out[i], carry) = adc(a[i], b[i], carry);
        }
        reduce_once_or_twice(out, carry != 0, &self.m)
    }

    /// `a − b mod m` for `a`, `b` below `2^256`.
    #[inline(always)]
    fn sub(&self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let a = reduce_once_or_twice(*a, false, &self.m);
        let b = reduce_once_or_twice(*b, false, &self.m);
        let (d, borrow) = sub4(&a, &b);
        if borrow {
            // a − b + 2^256 with a − b ≥ −m: adding m wraps back below m.
            let mut out = [0u64; 4];
            let mut carry = 0;
            for i in 0..4 {
                (out[i], carry) = adc(d[i], self.m[i], carry);
            }
            out
        } else {
            d
        }
    }
}

/// `acc + a·b + carry` as a low limb and a carry limb.
#[inline(always)]
fn mac(acc: u64, a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = acc as u128 + a as u128 * b as u128 + carry as u128;
    (t as u64, (t >> 64) as u64)
}

/// An element of the base field in Montgomery form (`x·2^256 mod p`), canonical in this backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe([u64; 4]);

impl Fe {
    pub(crate) const ZERO: Fe = Fe([0; 4]);

    /// The element whose representation has these little-endian words (any value below `2^256`; the
    /// delegation backend keeps such values as they are, this one reduces them).
    pub(crate) const fn from_words(w: [u32; 8]) -> Fe {
        let x = limbs(&w);
        let p = limbs(&P);
        // Canonical: subtract p once if needed (2p > 2^256), in a const context.
        let mut ge = true;
        let mut i = 4;
        while i > 0 {
            i -= 1;
            if x[i] != p[i] {
                ge = x[i] > p[i];
                break;
            }
        }
        if !ge {
            return Fe(x);
        }
        // x − p = x + (2^256 − p) mod 2^256.
        let c = limbs(&C_P);
        let mut out = [0u64; 4];
        let mut carry = 0u64;
        let mut i = 0;
        while i < 4 {
            let t = x[i] as u128 + c[i] as u128 + carry as u128;
            out[i] = t as u64;
            carry = (t >> 64) as u64;
            i += 1;
        }
        Fe(out)
    }

    /// The little-endian words of the representation.
    #[cfg(test)]
    pub(crate) fn words(&self) -> [u32; 8] {
        words(&self.0)
    }

    #[inline(always)]
    pub(crate) fn copy(&self) -> Fe {
        *self
    }

    #[inline(always)]
    pub(crate) fn set(&mut self, other: &Fe) {
        *self = *other;
    }

    /// The Montgomery product `a·b·2^−256` (the product of the values `a`, `b` stand for).
    #[inline(always)]
    pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
        Fe(MOD_P.mont_mul(&a.0, &b.0))
    }

    #[inline(always)]
    pub(crate) fn set_mul(&mut self, a: &Fe, b: &Fe) {
        *self = Fe::mul(a, b);
    }

    #[inline(always)]
    pub(crate) fn set_square(&mut self, a: &Fe) {
        *self = Fe::mul(a, a);
    }

    #[inline(always)]
    pub(crate) fn mul_assign(&mut self, b: &Fe) {
        *self = Fe::mul(self, b);
    }

    #[inline(always)]
    pub(crate) fn square_assign(&mut self) {
        *self = Fe::mul(self, self);
    }

    #[inline(always)]
    pub(crate) fn add_assign(&mut self, b: &Fe) {
        self.0 = MOD_P.add(&self.0, &b.0);
    }

    #[inline(always)]
    pub(crate) fn sub_assign(&mut self, b: &Fe) {
        self.0 = MOD_P.sub(&self.0, &b.0);
    }

    /// `self = b − self`.
    #[inline(always)]
    pub(crate) fn rsub_assign(&mut self, b: &Fe) {
        self.0 = MOD_P.sub(&b.0, &self.0);
    }

    #[inline(always)]
    pub(crate) fn double_assign(&mut self) {
        self.0 = MOD_P.add(&self.0, &self.0);
    }

    #[inline(always)]
    pub(crate) fn negate_assign(&mut self) {
        self.0 = MOD_P.sub(&[0; 4], &self.0);
    }

    /// Whether the value is `0 (mod p)`.
    #[inline(always)]
    pub(crate) fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }
}

/// An integer modulo the group order `n`, always canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scalar([u64; 4]);

impl Scalar {
    /// The scalar with these little-endian words; they must be below `n`.
    pub(crate) const fn from_words_unchecked(w: [u32; 8]) -> Scalar {
        Scalar(limbs(&w))
    }

    /// The little-endian words.
    pub(crate) fn words(&self) -> [u32; 8] {
        words(&self.0)
    }

    /// The value if it is below `n`.
    pub(crate) fn from_words_checked(w: [u32; 8]) -> Option<Scalar> {
        let x = limbs(&w);
        if ge4(&x, &MOD_N.m) {
            None
        } else {
            Some(Scalar(x))
        }
    }

    /// The value modulo `n` (any 256-bit input: `2^256 < 2n`).
    pub(crate) fn from_words_reduced(w: [u32; 8]) -> Scalar {
        Scalar(reduce_once_or_twice(limbs(&w), false, &MOD_N.m))
    }

    /// The Montgomery product `a·b·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_mul(a: &Scalar, b: &Scalar) -> Scalar {
        Scalar(MOD_N.mont_mul(&a.0, &b.0))
    }

    /// `self = self·b·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_mul_assign(&mut self, b: &Scalar) {
        *self = Scalar::mont_mul(self, b);
    }

    /// `self = self²·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_square_assign(&mut self) {
        *self = Scalar::mont_mul(self, self);
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }
}
