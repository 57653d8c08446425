//! Scalars on the delegation: Montgomery reduction modulo the group order `n` (with `-n⁻¹ mod 2^256`)
//! and the canonical [`Scalar`] (multiplication, inversion, addition, negation, the GLV `mul_shift_384`).

use super::{add_at, consts, uninit, HALF_N_WORDS, N_WORDS};
use crate::in_ram;
use crate::scalar::pow_n_minus_2;
use crate::u256::{op, ADD, MEMCOPY, MUL_HIGH, MUL_LOW, SUB_AND_NEGATE, U256};

/// `x ≥ n`.
#[inline(always)]
fn ge_n(x: &U256) -> bool {
    for i in (0..8).rev() {
        if x.0[i] != N_WORDS[i] {
            return x.0[i] > N_WORDS[i];
        }
    }
    true
}

/// Montgomery reduction: `(lo + hi·2^256)·2^-256 mod n` into `hi` (canonical), for `lo + hi·2^256 < n·2^256`;
/// `lo` is clobbered.
///
/// # Safety
/// `lo` and `hi` are distinct live buffers in RAM.
#[inline(always)]
unsafe fn redc(lo: *mut U256, hi: *mut U256) {
    let k = consts();
    // SAFETY: distinct live buffers (caller); constants in RAM.
    unsafe {
        // m = lo·n' mod 2^256 makes lo + m·n ≡ 0 (mod 2^256): that sum is 0 if lo is, 2^256 otherwise.
        let carry_in = (*lo).0[0] != 0 || nonzero_above_word_0(&*lo);
        op(lo, &k.n_prime, MUL_LOW);
        op(lo, &k.n, MUL_HIGH);
        // hi + high(m·n) + carry < 2n.
        let carry = op(hi, lo, ADD | ((carry_in as u32) << 6));
        if carry || ge_n(&*hi) {
            // hi - n, modulo 2^256.
            op(hi, &k.nc, ADD);
        }
    }
}

/// Whether any word but the first is non-zero.
#[cold]
#[inline(never)]
fn nonzero_above_word_0(x: &U256) -> bool {
    x.0[1..].iter().any(|w| *w != 0)
}

/// `x = x·b·2^-256 mod n` (Montgomery product; `x`, `b` below `n`).
#[inline(always)]
fn mont_mul_assign(x: &mut U256, b: &U256) {
    let mut lo = uninit();
    // SAFETY: `lo` is a fresh local; `x` and `b` are distinct (`&mut`).
    unsafe {
        op(lo.as_mut_ptr(), x, MEMCOPY);
        op(lo.as_mut_ptr(), b, MUL_LOW);
        op(x, b, MUL_HIGH);
        redc(lo.as_mut_ptr(), x);
    }
}

/// `x = x²·2^-256 mod n`.
#[inline(always)]
fn mont_square_assign(x: &mut U256) {
    let mut lo = uninit();
    let mut t = uninit();
    // SAFETY: fresh locals distinct from `x`.
    unsafe {
        op(t.as_mut_ptr(), x, MEMCOPY);
        op(lo.as_mut_ptr(), x, MEMCOPY);
        op(lo.as_mut_ptr(), t.as_ptr(), MUL_LOW);
        op(x, t.as_ptr(), MUL_HIGH);
        redc(lo.as_mut_ptr(), x);
    }
}

/// An integer modulo the group order `n`, always canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct Scalar(U256);

impl Scalar {
    /// The scalar with these little-endian words; they must be below `n`.
    pub(crate) const fn from_words_unchecked(words: [u32; 8]) -> Scalar {
        Scalar(U256(words))
    }

    /// The little-endian words.
    pub(crate) fn words(&self) -> [u32; 8] {
        self.0 .0
    }

    /// The value if it is below `n`.
    pub(crate) fn from_words_checked(words: [u32; 8]) -> Option<Scalar> {
        let x = U256(words);
        if ge_n(&x) {
            None
        } else {
            Some(Scalar(x))
        }
    }

    /// The value modulo `n` (any 256-bit input: one subtraction suffices).
    pub(crate) fn from_words_reduced(words: [u32; 8]) -> Scalar {
        let mut x = U256(words);
        if ge_n(&x) {
            // SAFETY: a local and the RAM constants.
            unsafe { op(&mut x, &consts().nc, ADD) };
        }
        Scalar(x)
    }

    /// `a · b mod n` (two Montgomery products: `a·b·R⁻¹`, then times `R²·R⁻¹`).
    #[inline(never)]
    pub(crate) fn mul(a: &Scalar, b: &Scalar) -> Scalar {
        let mut x = *a;
        mont_mul_assign(&mut x.0, &b.0);
        mont_mul_assign(&mut x.0, &consts().r2);
        x
    }

    /// `a⁻¹ mod n` (zero maps to zero): `a^(n-2)` with Montgomery products throughout.
    pub(crate) fn invert(a: &Scalar) -> Scalar {
        let mut x = *a;
        mont_mul_assign(&mut x.0, &consts().r2);
        let mut inv = pow_n_minus_2(
            &x,
            |x| mont_square_assign(&mut x.0),
            |x, y| mont_mul_assign(&mut x.0, &y.0),
        );
        mont_mul_assign(&mut inv.0, &in_ram(&U256([1, 0, 0, 0, 0, 0, 0, 0])));
        inv
    }

    /// `a + b mod n`.
    pub(crate) fn add(a: &Scalar, b: &Scalar) -> Scalar {
        let mut out = *a;
        // SAFETY: distinct locals / live values.
        unsafe {
            let carry = op(&mut out.0, &b.0, ADD);
            if carry || ge_n(&out.0) {
                // a + b - n, modulo 2^256 (the carry, if any, cancels).
                op(&mut out.0, &consts().nc, ADD);
            }
        }
        out
    }

    /// `-a mod n`.
    pub(crate) fn neg(a: &Scalar) -> Scalar {
        if a.is_zero() {
            return *a;
        }
        let mut out = *a;
        // SAFETY: a local and the RAM constants.
        unsafe { op(&mut out.0, &consts().n, SUB_AND_NEGATE) };
        out
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0 .0.iter().all(|w| *w == 0)
    }

    /// Whether the value exceeds `n / 2`.
    pub(crate) fn is_high(&self) -> bool {
        for i in (0..8).rev() {
            if self.0 .0[i] != HALF_N_WORDS[i] {
                return self.0 .0[i] > HALF_N_WORDS[i];
            }
        }
        false
    }

    /// `round(a · g / 2^384)` for a 256-bit constant `g` (the GLV estimate); the result is below `2^128`.
    pub(crate) fn mul_shift_384(a: &Scalar, g: &[u32; 8]) -> Scalar {
        let mut hi = a.0;
        // A volatile copy: `g` is a constant, and the delegation cannot read ROM.
        // SAFETY: `g` is a valid reference.
        let g = U256(unsafe { core::ptr::read_volatile(g) });
        // SAFETY: distinct locals.
        unsafe { op(&mut hi, &g, MUL_HIGH) };
        let h = hi.0;
        let round = h[3] >> 31;
        let mut out = U256([h[4], h[5], h[6], h[7], 0, 0, 0, 0]);
        if round != 0 {
            // Below 2^128: no carry out.
            add_at(&mut out, 0, 1);
        }
        Scalar(out)
    }
}
