//! The base field on the delegation: the reduction of a 512-bit product modulo `p = 2^256 - 2^32 - 977`
//! (folding the high half back in with `2^256 - p = 2^32 + 977`) and the weakly reduced element [`Fe`].

use super::{add_at, consts, sub_one_at, uninit, P_WORDS};
use crate::u256::{op, ADD, MEMCOPY, MUL_HIGH, MUL_LOW, SUB, SUB_AND_NEGATE, U256};

/// Adds `C = 2^32 + 977` to `x`, returning the carry out.
#[inline(always)]
fn add_c(x: &mut U256) -> bool {
    let (w0, c0) = x.0[0].overflowing_add(977);
    let (w1, c1) = x.0[1].overflowing_add(1 + c0 as u32);
    x.0[0] = w0;
    x.0[1] = w1;
    c1 && add_at(x, 2, 1)
}

/// Subtracts `C = 2^32 + 977` from `x`, returning the borrow out.
#[inline(always)]
fn sub_c(x: &mut U256) -> bool {
    let (w0, b0) = x.0[0].overflowing_sub(977);
    let (w1, b1) = x.0[1].overflowing_sub(1 + b0 as u32);
    x.0[0] = w0;
    x.0[1] = w1;
    b1 && sub_one_at(x, 2)
}

/// `x ≥ p`.
#[inline(always)]
fn ge_p(x: &U256) -> bool {
    if x.0[7] != u32::MAX {
        return false;
    }
    x.0[2..].iter().all(|w| *w == u32::MAX)
        && (x.0[1] > P_WORDS[1] || (x.0[1] == P_WORDS[1] && x.0[0] >= P_WORDS[0]))
}

/// Adds `k·C` to `x` for any `k < 2^64` (the rare case of [`reduce_p`]), reducing once more on a wrap.
#[cold]
#[inline(never)]
fn add_kc_slow(x: &mut U256, k: u64) {
    // k·C = k·977 + k·2^32 < 2^97: four words.
    let m = k as u128 * 977 + ((k as u128) << 32);
    let mut carry = false;
    for (i, w) in x.0.iter_mut().enumerate() {
        let add = if i < 4 { (m >> (32 * i)) as u32 } else { 0 };
        if i >= 4 && !carry {
            break;
        }
        let (v, c1) = w.overflowing_add(add);
        let (v, c2) = v.overflowing_add(carry as u32);
        *w = v;
        carry = c1 | c2;
    }
    if carry {
        // x wrapped and is now below 2^97: adding C cannot carry again.
        add_c(x);
    }
}

/// `lo + hi·2^256 (mod p)` into `lo`, weakly reduced; `hi` is clobbered.
///
/// # Safety
/// `lo` and `hi` are distinct live buffers in RAM.
#[inline(always)]
unsafe fn reduce_p(lo: *mut U256, hi: *mut U256) {
    let k = consts();
    let mut t = uninit();
    let t = t.as_mut_ptr();
    // SAFETY: all buffers are distinct and live (caller), `t` is local, the constants are in RAM.
    unsafe {
        // lo + hi·C, C = 2^32 + 977: hi·C = t + h·2^256 with h < 2^32 + 978.
        op(t, hi, MEMCOPY);
        op(t, &k.c, MUL_LOW);
        op(hi, &k.c, MUL_HIGH);
        let carry = op(lo, t, ADD);
        let h = &(*hi).0;
        let lo = &mut *lo;
        // What is left is (h + carry)·2^256 ≡ (h + carry)·C, added in software.
        let (k0, c) = h[0].overflowing_add(carry as u32);
        if h[1] != 0 || c {
            add_kc_slow(lo, ((h[1] as u64) << 32) + k0 as u64 + ((c as u64) << 32));
            return;
        }
        // k0·C = k0·977 + k0·2^32: two words and a carry.
        let m = k0 as u64 * 977;
        let (w1, c1) = ((m >> 32) as u32).overflowing_add(k0);
        let (s0, c0) = lo.0[0].overflowing_add(m as u32);
        let s1 = lo.0[1] as u64 + w1 as u64 + c0 as u64;
        lo.0[0] = s0;
        lo.0[1] = s1 as u32;
        let up = (s1 >> 32) as u32 + c1 as u32;
        if up != 0 && add_at(lo, 2, up) {
            // lo wrapped and is now tiny: adding C cannot carry again.
            add_c(lo);
        }
    }
}

/// An element of the base field, weakly reduced (below `2^256`).
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub(crate) struct Fe(U256);

impl Fe {
    pub(crate) const ZERO: Fe = Fe(U256([0; 8]));
    pub(crate) const ONE: Fe = Fe(U256([1, 0, 0, 0, 0, 0, 0, 0]));

    /// The element with these little-endian words (any value below `2^256`).
    pub(crate) const fn from_words(words: [u32; 8]) -> Fe {
        Fe(U256(words))
    }

    /// The little-endian words (not normalized).
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

    /// `a · b`.
    #[inline(always)]
    pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
        let mut lo = uninit();
        let mut hi = uninit();
        // SAFETY: `lo` and `hi` are fresh locals, distinct from `a` and `b` (which may be the same element).
        unsafe {
            op(lo.as_mut_ptr(), &a.0, MEMCOPY);
            op(hi.as_mut_ptr(), &a.0, MEMCOPY);
            op(lo.as_mut_ptr(), &b.0, MUL_LOW);
            op(hi.as_mut_ptr(), &b.0, MUL_HIGH);
            reduce_p(lo.as_mut_ptr(), hi.as_mut_ptr());
            Fe(lo.assume_init())
        }
    }

    /// `self = a · b` (written in place: no copy of the result).
    #[inline(always)]
    pub(crate) fn set_mul(&mut self, a: &Fe, b: &Fe) {
        let mut hi = uninit();
        // SAFETY: `self` cannot alias `a` or `b` (`&mut`), `hi` is a fresh local.
        unsafe {
            op(&mut self.0, &a.0, MEMCOPY);
            op(hi.as_mut_ptr(), &a.0, MEMCOPY);
            op(&mut self.0, &b.0, MUL_LOW);
            op(hi.as_mut_ptr(), &b.0, MUL_HIGH);
            reduce_p(&mut self.0, hi.as_mut_ptr());
        }
    }

    /// `self = a²` (written in place).
    #[inline(always)]
    pub(crate) fn set_square(&mut self, a: &Fe) {
        self.set_mul(a, a);
    }

    /// `self = self · b`.
    #[inline(always)]
    pub(crate) fn mul_assign(&mut self, b: &Fe) {
        let mut hi = uninit();
        // SAFETY: `self` and `b` are distinct (`&mut`), `hi` is a fresh local.
        unsafe {
            op(hi.as_mut_ptr(), &self.0, MEMCOPY);
            op(&mut self.0, &b.0, MUL_LOW);
            op(hi.as_mut_ptr(), &b.0, MUL_HIGH);
            reduce_p(&mut self.0, hi.as_mut_ptr());
        }
    }

    /// `a²`.
    #[inline(always)]
    pub(crate) fn square(a: &Fe) -> Fe {
        Fe::mul(a, a)
    }

    /// `self = self²`.
    #[inline(always)]
    pub(crate) fn square_assign(&mut self) {
        let mut t = uninit();
        let mut hi = uninit();
        // SAFETY: `t` and `hi` are fresh locals distinct from `self`.
        unsafe {
            op(t.as_mut_ptr(), &self.0, MEMCOPY);
            op(hi.as_mut_ptr(), &self.0, MEMCOPY);
            op(&mut self.0, t.as_ptr(), MUL_LOW);
            op(hi.as_mut_ptr(), t.as_ptr(), MUL_HIGH);
            reduce_p(&mut self.0, hi.as_mut_ptr());
        }
    }

    /// `self = self + b`.
    #[inline(always)]
    pub(crate) fn add_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        if unsafe { op(&mut self.0, &b.0, ADD) } {
            // Lost 2^256 ≡ C: add C back (a second wrap is possible only for non-canonical inputs).
            while add_c(&mut self.0) {}
        }
    }

    /// `self = self - b`.
    #[inline(always)]
    pub(crate) fn sub_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        if unsafe { op(&mut self.0, &b.0, SUB) } {
            // Gained 2^256: subtract C to have gained p instead.
            while sub_c(&mut self.0) {}
        }
    }

    /// `self = b - self`.
    #[inline(always)]
    pub(crate) fn rsub_assign(&mut self, b: &Fe) {
        // SAFETY: distinct live elements.
        if unsafe { op(&mut self.0, &b.0, SUB_AND_NEGATE) } {
            while sub_c(&mut self.0) {}
        }
    }

    /// `self = 2·self`.
    #[inline(always)]
    pub(crate) fn double_assign(&mut self) {
        let t = self.copy();
        self.add_assign(&t);
    }

    /// `self = -self`.
    #[inline(always)]
    pub(crate) fn negate_assign(&mut self) {
        self.rsub_assign(consts_p());
    }

    /// Makes the value canonical (below `p`).
    #[inline(always)]
    pub(crate) fn normalize(&mut self) {
        if ge_p(&self.0) {
            // x - p = x + C - 2^256.
            add_c(&mut self.0);
        }
    }

    /// Whether the value is `0 (mod p)`.
    #[inline(always)]
    pub(crate) fn is_zero(&self) -> bool {
        let w = &self.0 .0;
        match w[0] {
            0 => w.iter().all(|x| *x == 0),
            0xFFFF_FC2F => *w == P_WORDS,
            _ => false,
        }
    }
}

/// `p` as an element (its value is `0 (mod p)`), for `SUB_AND_NEGATE`.
#[inline(always)]
fn consts_p() -> &'static Fe {
    // SAFETY: `Fe` is a transparent wrapper of `U256`.
    unsafe { &*(&consts().p as *const U256 as *const Fe) }
}
