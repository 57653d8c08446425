//! Field and scalar arithmetic on the U256 delegation: every 256-bit multiplication, addition, subtraction
//! and copy is one delegation call; the reductions are specialised to `p = 2^256 - 2^32 - 977` and to the
//! 129-bit `2^256 - n`.
//!
//! Field elements are kept *weakly reduced*: any value below `2^256` (so `p..2^256` may appear);
//! [`Fe::normalize`] makes them canonical. Scalars are always canonical (`< n`).

use core::mem::MaybeUninit;

use crate::in_ram;
use crate::scalar::pow_n_minus_2;
use crate::u256::{op, ADD, MEMCOPY, MUL_HIGH, MUL_LOW, SUB, SUB_AND_NEGATE, U256};

/// `2^256 - p = 2^32 + 977`.
const C_WORDS: [u32; 8] = [977, 1, 0, 0, 0, 0, 0, 0];
/// The field prime `p`.
const P_WORDS: [u32; 8] = [
    0xFFFF_FC2F,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];
/// The group order `n`.
const N_WORDS: [u32; 8] = [
    0xD036_4141,
    0xBFD2_5E8C,
    0xAF48_A03B,
    0xBAAE_DCE6,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];
/// `2^256 - n` (129 bits).
const NC_WORDS: [u32; 8] = [
    0x2FC9_BEBF,
    0x402D_A173,
    0x50B7_5FC4,
    0x4551_2319,
    1,
    0,
    0,
    0,
];
/// `-n⁻¹ mod 2^256`, for Montgomery reduction.
const N_PRIME_WORDS: [u32; 8] = [
    0x5588_B13F,
    0x4B0D_FF66,
    0x34B9_EC24,
    0x50A5_1AC8,
    0x27CF_AB5E,
    0x897F_30C1,
    0x6494_EF93,
    0xD9E8_890D,
];
/// `2^512 mod n`, which takes a scalar into the Montgomery domain.
const R2_WORDS: [u32; 8] = [
    0x67D7_D140,
    0x896C_F214,
    0x0E7C_F878,
    0x7414_96C2,
    0x5BCD_07C6,
    0xE697_F5E4,
    0x81C6_9BC5,
    0x9D67_1CD5,
];
/// `n / 2` (rounded down).
const HALF_N_WORDS: [u32; 8] = [
    0x681B_20A0,
    0xDFE9_2F46,
    0x57A4_501D,
    0x5D57_6E73,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x7FFF_FFFF,
];

/// The constants the arithmetic passes to the delegation as operands: they must live in RAM.
#[repr(C)]
struct Consts {
    c: U256,
    p: U256,
    n: U256,
    nc: U256,
    n_prime: U256,
    r2: U256,
}

const CONSTS: Consts = Consts {
    c: U256(C_WORDS),
    p: U256(P_WORDS),
    n: U256(N_WORDS),
    nc: U256(NC_WORDS),
    n_prime: U256(N_PRIME_WORDS),
    r2: U256(R2_WORDS),
};

#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
mod ram {
    use super::{Consts, CONSTS, U256};
    use core::cell::UnsafeCell;

    /// Zero-initialised (so in `.bss`, in RAM); [`init`] fills it in before any arithmetic.
    struct Slot(UnsafeCell<Consts>);
    // SAFETY: the riscv32 guest is single-threaded; the slot is only written by `init`, with the same bytes.
    unsafe impl Sync for Slot {}
    const Z: U256 = U256([0; 8]);
    static SLOT: Slot = Slot(UnsafeCell::new(Consts {
        c: Z,
        p: Z,
        n: Z,
        nc: Z,
        n_prime: Z,
        r2: Z,
    }));

    #[inline(always)]
    pub(super) fn consts() -> &'static Consts {
        // SAFETY: single-threaded; `init` ran at the start of every public entry point.
        unsafe { &*SLOT.0.get() }
    }

    pub(crate) fn init() {
        // SAFETY: single-threaded, and no reference from `consts` is alive across entry points.
        unsafe { core::ptr::write_volatile(SLOT.0.get(), CONSTS) };
    }
}

#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
mod ram {
    use super::{Consts, CONSTS};

    /// The software model of the delegation reads constants from anywhere.
    static SLOT: Consts = CONSTS;

    #[inline(always)]
    pub(super) fn consts() -> &'static Consts {
        &SLOT
    }

    pub(crate) fn init() {}
}

use ram::consts;
pub(crate) use ram::init;

/// A fresh buffer the delegation is about to overwrite completely.
#[inline(always)]
fn uninit() -> MaybeUninit<U256> {
    MaybeUninit::uninit()
}

/// Adds `v` at word `at` and propagates the carry; returns the carry out of bit 256.
#[cold]
#[inline(never)]
fn add_at(x: &mut U256, at: usize, v: u32) -> bool {
    let (w, mut carry) = x.0[at].overflowing_add(v);
    x.0[at] = w;
    for w in x.0[at + 1..].iter_mut() {
        if !carry {
            break;
        }
        (*w, carry) = w.overflowing_add(1);
    }
    carry
}

/// Subtracts one at word `at` and propagates the borrow; returns the borrow out.
#[cold]
#[inline(never)]
fn sub_one_at(x: &mut U256, at: usize) -> bool {
    for w in x.0[at..].iter_mut() {
        let (v, borrow) = w.overflowing_sub(1);
        *w = v;
        if !borrow {
            return false;
        }
    }
    true
}

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
