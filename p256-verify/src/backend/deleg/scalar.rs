//! Scalars on the delegation: Montgomery multiplication modulo the group order `n` (with `−n⁻¹ mod
//! 2^256`) on canonical values.

use super::{consts, nonzero, uninit};
use crate::consts::{lt, N};
use crate::u256::{op, ADD, CARRY, MEMCOPY, MUL_HIGH, MUL_LOW, U256};

/// Montgomery reduction: `(lo + hi·2^256)·2^−256 mod n` into `hi` (canonical), for `lo + hi·2^256 < n·2^256`;
/// `lo` is clobbered.
///
/// # Safety
/// `lo` and `hi` are distinct live buffers in RAM.
#[inline(always)]
unsafe fn redc(lo: *mut U256, hi: *mut U256) {
    let k = consts();
    // SAFETY: distinct live buffers (caller); constants in RAM.
    unsafe {
        // As modulo p (`deleg/field.rs`): hi + high(m·n) + [lo ≠ 0], here below 2n.
        let carry_in = nonzero(&*lo);
        op(lo, &k.n_prime, MUL_LOW);
        op(lo, &k.n, MUL_HIGH);
        let carry = op(hi, lo, ADD | if carry_in { CARRY } else { 0 });
        if carry || !lt(&(*hi).0, &N) {
            // hi − n, modulo 2^256 (the carry, if any, cancels).
            op(hi, &k.c_n, ADD);
        }
    }
}

/// An integer modulo the group order `n`, always canonical; in plain or Montgomery form as the caller
/// keeps track.
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
        if lt(&words, &N) {
            Some(Scalar(U256(words)))
        } else {
            None
        }
    }

    /// The value modulo `n` (any 256-bit input: `2^256 < 2n`, so one subtraction suffices).
    pub(crate) fn from_words_reduced(words: [u32; 8]) -> Scalar {
        let mut x = U256(words);
        if !lt(&words, &N) {
            // SAFETY: a local and the RAM constant.
            unsafe { op(&mut x, &consts().c_n, ADD) };
        }
        Scalar(x)
    }

    /// The Montgomery product `a·b·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_mul(a: &Scalar, b: &Scalar) -> Scalar {
        let mut out = *a;
        out.mont_mul_assign(b);
        out
    }

    /// `self = self·b·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_mul_assign(&mut self, b: &Scalar) {
        let mut lo = uninit();
        // SAFETY: `lo` is a fresh local; `self` and `b` are distinct (`&mut`).
        unsafe {
            op(lo.as_mut_ptr(), &self.0, MEMCOPY);
            op(lo.as_mut_ptr(), &b.0, MUL_LOW);
            op(&mut self.0, &b.0, MUL_HIGH);
            redc(lo.as_mut_ptr(), &mut self.0);
        }
    }

    /// `self = self²·2^−256 mod n`.
    #[inline(always)]
    pub(crate) fn mont_square_assign(&mut self) {
        let mut lo = uninit();
        let mut hi = uninit();
        // SAFETY: fresh locals distinct from `self` (see `Fe::square_assign`).
        unsafe {
            op(lo.as_mut_ptr(), &self.0, MEMCOPY);
            op(hi.as_mut_ptr(), &self.0, MEMCOPY);
            op(lo.as_mut_ptr(), &self.0, MUL_LOW);
            op(&mut self.0, hi.as_ptr(), MUL_HIGH);
            redc(lo.as_mut_ptr(), &mut self.0);
        }
    }

    /// Whether the value is zero.
    pub(crate) fn is_zero(&self) -> bool {
        !nonzero(&self.0)
    }
}
