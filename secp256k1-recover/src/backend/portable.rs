//! Field and scalar arithmetic in portable Rust on four 64-bit limbs, with the same interface and the same
//! value conventions as the delegation backend: field elements weakly reduced (below `2^256`), scalars
//! canonical.

/// Nothing to prepare (the delegation backend copies its constants to RAM here).
pub(crate) fn init() {}

/// `2^256 - p = 2^32 + 977`.
const C: u64 = 0x1_0000_03D1;
/// The field prime `p`.
const P: [u64; 4] = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];
/// The group order `n`.
const N: [u64; 4] = [
    0xBFD2_5E8C_D036_4141,
    0xBAAE_DCE6_AF48_A03B,
    0xFFFF_FFFF_FFFF_FFFE,
    u64::MAX,
];
/// `2^256 - n` (129 bits).
const NC: [u64; 3] = [0x402D_A173_2FC9_BEBF, 0x4551_2319_50B7_5FC4, 1];
/// `n / 2` (rounded down).
const HALF_N: [u64; 4] = [
    0xDFE9_2F46_681B_20A0,
    0x5D57_6E73_57A4_501D,
    u64::MAX,
    0x7FFF_FFFF_FFFF_FFFF,
];

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

#[inline(always)]
fn add4(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut out = [0u64; 4];
    let mut c = 0;
    for i in 0..4 {
        (out[i], c) = adc(a[i], b[i], c);
    }
    (out, c != 0)
}

#[inline(always)]
fn sub4(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut out = [0u64; 4];
    let mut c = 0;
    for i in 0..4 {
        (out[i], c) = sbb(a[i], b[i], c);
    }
    (out, c != 0)
}

#[inline(always)]
fn mul_wide(a: &[u64; 4], b: &[u64; 4]) -> [u64; 8] {
    let mut w = [0u64; 8];
    for i in 0..4 {
        let mut carry = 0u128;
        for j in 0..4 {
            let t = a[i] as u128 * b[j] as u128 + w[i + j] as u128 + carry;
            w[i + j] = t as u64;
            carry = t >> 64;
        }
        w[i + 4] = carry as u64;
    }
    w
}

/// Adds `k·C` (`k < 2^64`) to `x`, returning the carry out.
#[inline(always)]
fn add_kc(x: &mut [u64; 4], k: u64) -> bool {
    let t = k as u128 * C as u128;
    let mut c;
    (x[0], c) = adc(x[0], t as u64, 0);
    (x[1], c) = adc(x[1], (t >> 64) as u64, c);
    (x[2], c) = adc(x[2], 0, c);
    (x[3], c) = adc(x[3], 0, c);
    c != 0
}

/// `x ≥ y` for 4-limb numbers.
#[inline(always)]
fn ge4(x: &[u64; 4], y: &[u64; 4]) -> bool {
    for i in (0..4).rev() {
        if x[i] != y[i] {
            return x[i] > y[i];
        }
    }
    true
}

/// An element of the base field, weakly reduced (below `2^256`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe([u64; 4]);

impl Fe {
    pub(crate) const ZERO: Fe = Fe([0; 4]);
    pub(crate) const ONE: Fe = Fe([1, 0, 0, 0]);

    /// The element with these little-endian 32-bit words (any value below `2^256`).
    pub(crate) const fn from_words(w: [u32; 8]) -> Fe {
        let mut l = [0u64; 4];
        let mut i = 0;
        while i < 4 {
            l[i] = w[2 * i] as u64 | (w[2 * i + 1] as u64) << 32;
            i += 1;
        }
        Fe(l)
    }

    /// The little-endian 32-bit words (not normalized).
    pub(crate) fn words(&self) -> [u32; 8] {
        core::array::from_fn(|i| (self.0[i / 2] >> (32 * (i % 2))) as u32)
    }

    #[inline(always)]
    pub(crate) fn copy(&self) -> Fe {
        *self
    }

    #[inline(always)]
    pub(crate) fn set(&mut self, other: &Fe) {
        *self = *other;
    }

    pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
        let w = mul_wide(&a.0, &b.0);
        // lo + hi·C: at most 2^256 + 2^289.
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for i in 0..4 {
            let t = w[i] as u128 + w[i + 4] as u128 * C as u128 + carry;
            out[i] = t as u64;
            carry = t >> 64;
        }
        // carry < 2^34: add carry·C, then C once more if that wraps (the value is then tiny).
        if add_kc(&mut out, carry as u64) {
            add_kc(&mut out, 1);
        }
        Fe(out)
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
    pub(crate) fn square(a: &Fe) -> Fe {
        Fe::mul(a, a)
    }

    #[inline(always)]
    pub(crate) fn square_assign(&mut self) {
        *self = Fe::mul(self, self);
    }

    #[inline(always)]
    pub(crate) fn add_assign(&mut self, b: &Fe) {
        let (s, carry) = add4(&self.0, &b.0);
        self.0 = s;
        if carry {
            while add_kc(&mut self.0, 1) {}
        }
    }

    #[inline(always)]
    pub(crate) fn sub_assign(&mut self, b: &Fe) {
        let (d, borrow) = sub4(&self.0, &b.0);
        self.0 = d;
        if borrow {
            // Gained 2^256: subtract C (repeatedly if that borrows) to have gained p.
            loop {
                let (d, borrow) = sub4(&self.0, &[C, 0, 0, 0]);
                self.0 = d;
                if !borrow {
                    break;
                }
            }
        }
    }

    /// `self = b - self`.
    #[inline(always)]
    pub(crate) fn rsub_assign(&mut self, b: &Fe) {
        let mut t = *b;
        t.sub_assign(self);
        *self = t;
    }

    #[inline(always)]
    pub(crate) fn double_assign(&mut self) {
        let t = *self;
        self.add_assign(&t);
    }

    #[inline(always)]
    pub(crate) fn negate_assign(&mut self) {
        self.rsub_assign(&Fe(P));
    }

    #[inline(always)]
    pub(crate) fn normalize(&mut self) {
        if ge4(&self.0, &P) {
            self.0 = sub4(&self.0, &P).0;
        }
    }

    #[inline(always)]
    pub(crate) fn is_zero(&self) -> bool {
        self.0 == [0; 4] || self.0 == P
    }
}

/// Folds `x = lo + hi·2^256` into `lo + hi·NC` until the high half is zero, then subtracts `n` if needed.
fn reduce_n(mut w: [u64; 8]) -> [u64; 4] {
    while w[4..] != [0; 4] {
        let mut next = [0u64; 8];
        next[..4].copy_from_slice(&w[..4]);
        for i in 0..4 {
            if w[4 + i] == 0 {
                continue;
            }
            let mut carry = 0u128;
            for (j, nc) in NC.iter().enumerate() {
                let t = w[4 + i] as u128 * *nc as u128 + next[i + j] as u128 + carry;
                next[i + j] = t as u64;
                carry = t >> 64;
            }
            let mut k = i + NC.len();
            while carry != 0 {
                let t = next[k] as u128 + carry;
                next[k] = t as u64;
                carry = t >> 64;
                k += 1;
            }
        }
        w = next;
    }
    let mut out = [w[0], w[1], w[2], w[3]];
    if ge4(&out, &N) {
        out = sub4(&out, &N).0;
    }
    out
}

/// An integer modulo the group order `n`, always canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scalar([u64; 4]);

impl Scalar {
    pub(crate) const fn from_words_unchecked(w: [u32; 8]) -> Scalar {
        Scalar(Fe::from_words(w).0)
    }

    pub(crate) fn words(&self) -> [u32; 8] {
        Fe(self.0).words()
    }

    pub(crate) fn from_words_checked(w: [u32; 8]) -> Option<Scalar> {
        let x = Fe::from_words(w).0;
        if ge4(&x, &N) {
            None
        } else {
            Some(Scalar(x))
        }
    }

    pub(crate) fn from_words_reduced(w: [u32; 8]) -> Scalar {
        let x = Fe::from_words(w).0;
        Scalar(if ge4(&x, &N) { sub4(&x, &N).0 } else { x })
    }

    pub(crate) fn mul(a: &Scalar, b: &Scalar) -> Scalar {
        Scalar(reduce_n(mul_wide(&a.0, &b.0)))
    }

    /// `a⁻¹ mod n` (zero maps to zero).
    pub(crate) fn invert(a: &Scalar) -> Scalar {
        crate::scalar::pow_n_minus_2(a, |x| *x = Scalar::mul(x, x), |x, y| *x = Scalar::mul(x, y))
    }

    pub(crate) fn add(a: &Scalar, b: &Scalar) -> Scalar {
        let (s, carry) = add4(&a.0, &b.0);
        Scalar(if carry || ge4(&s, &N) {
            sub4(&s, &N).0
        } else {
            s
        })
    }

    pub(crate) fn neg(a: &Scalar) -> Scalar {
        if a.is_zero() {
            *a
        } else {
            Scalar(sub4(&N, &a.0).0)
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }

    pub(crate) fn is_high(&self) -> bool {
        !ge4(&HALF_N, &self.0)
    }

    pub(crate) fn mul_shift_384(a: &Scalar, g: &[u32; 8]) -> Scalar {
        let w = mul_wide(&a.0, &Fe::from_words(*g).0);
        let round = w[5] >> 63;
        let (lo, c) = adc(w[6], round, 0);
        let (hi, _) = adc(w[7], 0, c);
        Scalar([lo, hi, 0, 0])
    }
}
