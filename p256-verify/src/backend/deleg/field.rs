//! The base field on the delegation: Montgomery multiplication modulo `p` (with `−p⁻¹ mod 2^256`) and the
//! weakly reduced element [`Fe`], kept in Montgomery form.

use super::{consts, nonzero, uninit};
use crate::consts::P;
use crate::u256::{op, ADD, CARRY, MEMCOPY, MUL_HIGH, MUL_LOW, SUB, SUB_AND_NEGATE, U256};

/// Montgomery reduction: `(lo + hi·2^256)·2^−256 mod p` into `hi`, weakly reduced, for any `lo`, `hi` below
/// `2^256`; `lo` is clobbered.
///
/// # Safety
/// `lo` and `hi` are distinct live buffers in RAM.
#[inline(always)]
unsafe fn redc(lo: *mut U256, hi: *mut U256) {
    let k = consts();
    // SAFETY: distinct live buffers (caller); the constants are in RAM.
    unsafe {
        // m = lo·p' makes lo + m·p ≡ 0 (mod 2^256): the low half of that sum is 0 if lo is, else 2^256, a
        // carry into the high half. So the result is hi + high(m·p) + [lo ≠ 0], below 2^256 + p.
        let carry_in = nonzero(&*lo);
        op(lo, &k.p_prime, MUL_LOW);
        op(lo, &k.p, MUL_HIGH);
        if op(hi, lo, ADD | if carry_in { CARRY } else { 0 }) {
            // Lost 2^256 from a sum below 2^256 + p: adding 2^256 − p subtracts p and cannot carry.
            op(hi, &k.c_p, ADD);
        }
    }
}

/// `out = a·b·2^−256 mod p` (weakly reduced).
///
/// # Safety
/// `out` is a live buffer in RAM distinct from `a` and `b` (which may be the same element: the calls only
/// read them).
#[inline(always)]
unsafe fn mul_into(out: *mut U256, a: *const U256, b: *const U256) {
    let mut lo = uninit();
    // SAFETY: `lo` is a fresh local; the rest is the caller's guarantee.
    unsafe {
        op(out, a, MEMCOPY);
        op(lo.as_mut_ptr(), a, MEMCOPY);
        op(lo.as_mut_ptr(), b, MUL_LOW);
        op(out, b, MUL_HIGH);
        redc(lo.as_mut_ptr(), out);
    }
}

/// Adds `2^256 − p` while the previous call carried: a carry lost `2^256 ≡ 2^256 − p`.
#[inline(always)]
fn carry_fix(x: &mut U256, mut carry: bool) {
    while carry {
        // SAFETY: `x` is a live local or element, the constant is in RAM.
        carry = unsafe { op(x, &consts().c_p, ADD) };
    }
}

/// Subtracts `2^256 − p` while the previous call borrowed: a borrow gained `2^256`, so this leaves `p`.
#[inline(always)]
fn borrow_fix(x: &mut U256, mut borrow: bool) {
    while borrow {
        // SAFETY: as in `carry_fix`.
        borrow = unsafe { op(x, &consts().c_p, SUB) };
    }
}

/// An element of the base field in Montgomery form (`x·2^256 mod p`), weakly reduced (below `2^256`).
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub(crate) struct Fe(U256);

impl Fe {
    pub(crate) const ZERO: Fe = Fe(U256([0; 8]));

    /// The element whose representation has these little-endian words (any value below `2^256`).
    pub(crate) const fn from_words(words: [u32; 8]) -> Fe {
        Fe(U256(words))
    }

    /// The little-endian words of the representation (not reduced).
    #[cfg(test)]
    pub(crate) fn words(&self) -> [u32; 8] {
        self.0 .0
    }

    /// A copy made by the delegation (cheaper than a word-by-word copy).
    #[inline(always)]
    pub(crate) fn copy(&self) -> Fe {
        let mut out = uninit();
        // SAFETY: `out` is a fresh local, `self` a live element.
        unsafe {
            op(out.as_mut_ptr(), &self.0, MEMCOPY);
            Fe(out.assume_init())
        }
    }

    /// `self = other` through the delegation.
    #[inline(always)]
    pub(crate) fn set(&mut self, other: &Fe) {
        // SAFETY: distinct live elements (a `&mut` cannot alias `other`).
        unsafe { op(&mut self.0, &other.0, MEMCOPY) };
    }

    /// The Montgomery product `a·b·2^−256` (the product of the values `a`, `b` stand for).
    #[inline(always)]
    pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
        let mut out = uninit();
        // SAFETY: `out` is a fresh local, distinct from `a` and `b`; `mul_into` writes all of it.
        unsafe {
            mul_into(out.as_mut_ptr(), &a.0, &b.0);
            Fe(out.assume_init())
        }
    }

    /// `self = a·b` (written in place: no copy of the result).
    #[inline(always)]
    pub(crate) fn set_mul(&mut self, a: &Fe, b: &Fe) {
        // SAFETY: `self` cannot alias `a` or `b` (`&mut`).
        unsafe { mul_into(&mut self.0, &a.0, &b.0) };
    }

    /// `self = a²` (written in place).
    #[inline(always)]
    pub(crate) fn set_square(&mut self, a: &Fe) {
        self.set_mul(a, a);
    }

    /// `self = self·b`.
    #[inline(always)]
    pub(crate) fn mul_assign(&mut self, b: &Fe) {
        let mut lo = uninit();
        // SAFETY: `self` and `b` are distinct (`&mut`), `lo` is a fresh local.
        unsafe {
            op(lo.as_mut_ptr(), &self.0, MEMCOPY);
            op(lo.as_mut_ptr(), &b.0, MUL_LOW);
            op(&mut self.0, &b.0, MUL_HIGH);
            redc(lo.as_mut_ptr(), &mut self.0);
        }
    }

    /// `self = self²`.
    #[inline(always)]
    pub(crate) fn square_assign(&mut self) {
        let mut lo = uninit();
        let mut hi = uninit();
        // SAFETY: `lo` and `hi` are fresh locals distinct from `self`. `lo ← lo·self` reads two distinct
        // buffers holding the same value; the high half then comes from `hi`, a second copy.
        unsafe {
            op(lo.as_mut_ptr(), &self.0, MEMCOPY);
            op(hi.as_mut_ptr(), &self.0, MEMCOPY);
            op(lo.as_mut_ptr(), &self.0, MUL_LOW);
            op(&mut self.0, hi.as_ptr(), MUL_HIGH);
            redc(lo.as_mut_ptr(), &mut self.0);
        }
    }

    /// `self = self + b`.
    #[inline(always)]
    pub(crate) fn add_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        let carry = unsafe { op(&mut self.0, &b.0, ADD) };
        carry_fix(&mut self.0, carry);
    }

    /// `self = self − b`.
    #[inline(always)]
    pub(crate) fn sub_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        let borrow = unsafe { op(&mut self.0, &b.0, SUB) };
        borrow_fix(&mut self.0, borrow);
    }

    /// `self = b − self`.
    #[inline(always)]
    pub(crate) fn rsub_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        let borrow = unsafe { op(&mut self.0, &b.0, SUB_AND_NEGATE) };
        borrow_fix(&mut self.0, borrow);
    }

    /// `self = 2·self`, in one call: the low half of `2·self`, whose flag (a non-zero high half) is the
    /// carry out of bit 256.
    #[inline(always)]
    pub(crate) fn double_assign(&mut self) {
        // SAFETY: a live element and the RAM constant.
        let carry = unsafe { op(&mut self.0, &consts().two, MUL_LOW) };
        carry_fix(&mut self.0, carry);
    }

    /// `self = −self`.
    #[inline(always)]
    pub(crate) fn negate_assign(&mut self) {
        // p − self (≡ −self), borrowing only when self > p.
        // SAFETY: a live element and the RAM constant.
        let borrow = unsafe { op(&mut self.0, &consts().p, SUB_AND_NEGATE) };
        borrow_fix(&mut self.0, borrow);
    }

    /// Whether the value is `0 (mod p)`: the representation is then `0` or `p` itself.
    #[inline(always)]
    pub(crate) fn is_zero(&self) -> bool {
        let w = &self.0 .0;
        match w[0] {
            0 => w.iter().all(|x| *x == 0),
            u32::MAX => *w == P,
            _ => false,
        }
    }
}
