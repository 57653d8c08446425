//! `u1·G + u2·R` by interleaved windowed-NAF (Shamir's trick) over four half-length scalars:
//!
//! - `u2 = k1 + k2·λ` (GLV): `u2·R = k1·R + k2·φ(R)` with `φ(x, y) = (β·x, y)`, both from a table of
//!   odd multiples of `R` built per call (width 5, Jacobian with cached `Z²`, `Z³`);
//! - `u1 = l + h·2^128`: `u1·G = l·G + h·(2^128·G)` from two tables of affine odd multiples in ROM
//!   ([`crate::table`], width [`crate::table::G_WINDOW`]).
//!
//! About 128 doublings, shared by all four, and one addition per non-zero digit.

use crate::backend::{Fe, Scalar};
use crate::in_ram;
use crate::point::{Affine, Cached, Jacobian, Scratch};
use crate::scalar::bit;
use crate::table::{G_ODD, G_WINDOW, H_ODD};

/// Digit positions of a NAF of a 256-bit number (the last carry can reach bit 256).
const NAF_LEN: usize = 257;
/// Window of the per-call table of `R`.
const R_WINDOW: usize = 5;
/// `β`, a primitive cube root of unity mod `p` with `λ·(x, y) = (β·x, y)`.
const BETA: Fe = Fe::from_words([
    0x7195_01EE,
    0xC139_6C28,
    0x12F5_8995,
    0x9CF0_4975,
    0xAC34_34E9,
    0x6E64_479E,
    0x657C_0710,
    0x7AE9_6A2B,
]);

/// `w` bits of `k` from bit `at` (zero past the end).
#[inline(always)]
fn bits(k: &[u32; 8], at: usize, w: usize) -> u32 {
    let i = at / 32;
    let shift = at % 32;
    let mut v = match k.get(i) {
        Some(x) => x >> shift,
        None => 0,
    };
    if shift + w > 32 {
        if let Some(x) = k.get(i + 1) {
            v |= x << (32 - shift);
        }
    }
    v & ((1 << w) - 1)
}

/// The width-`w` NAF of `k` into `digits` (odd digits in `(-2^(w-1), 2^(w-1))`, at least `w - 1` zeros after
/// each); returns one past the highest non-zero digit.
fn wnaf(digits: &mut [i8; NAF_LEN], k: &[u32; 8], w: usize) -> usize {
    digits.fill(0);
    let top = k
        .iter()
        .rposition(|x| *x != 0)
        .map_or(0, |i| 32 * i + 32 - k[i].leading_zeros() as usize);
    let mut carry = 0u32;
    let mut at = 0usize;
    let mut len = 0usize;
    while at < top || carry != 0 {
        if bit(k, at) == carry {
            // The bit of k + carry·2^at here is zero (and the carry, if any, moves up).
            at += 1;
            continue;
        }
        let word = bits(k, at, w) + carry;
        carry = (word >> (w - 1)) & 1;
        digits[at] = (word as i32 - ((carry << w) as i32)) as i8;
        len = at + 1;
        at += w;
    }
    len
}

/// Reads a table entry into RAM (a volatile copy: the delegation cannot read ROM).
#[inline(always)]
fn load_entry(out: &mut Affine, table: &[[u32; 16]], i: usize) {
    let e = &table[i];
    let mut x = [0u32; 8];
    let mut y = [0u32; 8];
    for j in 0..8 {
        // SAFETY: in-bounds reads of a valid table entry.
        unsafe {
            x[j] = core::ptr::read_volatile(&e[j]);
            y[j] = core::ptr::read_volatile(&e[8 + j]);
        }
    }
    out.x = Fe::from_words(x);
    out.y = Fe::from_words(y);
}

/// `u1·G + u2·R`.
pub(crate) fn mul_add(r: &Affine, u2: &Scalar, u1: &Scalar) -> Jacobian {
    // Odd multiples R, 3R, ..., 15R and their images under φ.
    let mut table_r = [Cached {
        x: r.x,
        y: r.y,
        z: Fe::ONE,
        zz: Fe::ONE,
        zzz: Fe::ONE,
    }; 1 << (R_WINDOW - 2)];
    let mut s = Scratch::new();
    let mut acc = Jacobian::from_affine(r);
    let mut twice = acc;
    twice.double(&mut s);
    let twice = Cached::from_jacobian(&twice);
    for entry in table_r.iter_mut().skip(1) {
        acc.add_cached(&twice, false, &mut s);
        *entry = Cached::from_jacobian(&acc);
    }
    let beta = in_ram(&BETA);
    let mut table_phi = table_r;
    for entry in table_phi.iter_mut() {
        entry.x.mul_assign(&beta);
    }

    let ((k1, neg1), (k2, neg2)) = Scalar::split_lambda(u2);
    let u1 = u1.words();
    let low = [u1[0], u1[1], u1[2], u1[3], 0, 0, 0, 0];
    let high = [u1[4], u1[5], u1[6], u1[7], 0, 0, 0, 0];

    let mut naf_k1 = [0i8; NAF_LEN];
    let mut naf_k2 = [0i8; NAF_LEN];
    let mut naf_low = [0i8; NAF_LEN];
    let mut naf_high = [0i8; NAF_LEN];
    let len = wnaf(&mut naf_k1, &k1.words(), R_WINDOW)
        .max(wnaf(&mut naf_k2, &k2.words(), R_WINDOW))
        .max(wnaf(&mut naf_low, &low, G_WINDOW))
        .max(wnaf(&mut naf_high, &high, G_WINDOW));

    let mut acc = Jacobian::INFINITY;
    let mut g = Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    };
    for i in (0..len).rev() {
        acc.double(&mut s);
        let d = naf_k1[i];
        if d != 0 {
            acc.add_cached(
                &table_r[(d.unsigned_abs() >> 1) as usize],
                (d < 0) != neg1,
                &mut s,
            );
        }
        let d = naf_k2[i];
        if d != 0 {
            acc.add_cached(
                &table_phi[(d.unsigned_abs() >> 1) as usize],
                (d < 0) != neg2,
                &mut s,
            );
        }
        let d = naf_low[i];
        if d != 0 {
            load_entry(&mut g, &G_ODD, (d.unsigned_abs() >> 1) as usize);
            acc.add_affine(&g, d < 0, &mut s);
        }
        let d = naf_high[i];
        if d != 0 {
            load_entry(&mut g, &H_ODD, (d.unsigned_abs() >> 1) as usize);
            acc.add_affine(&g, d < 0, &mut s);
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(digits: &[i8; NAF_LEN]) -> i128 {
        // Enough for values below 2^120 in these tests.
        digits
            .iter()
            .enumerate()
            .rev()
            .fold(0i128, |acc, (i, d)| acc + ((*d as i128) << i.min(126)))
    }

    #[test]
    fn wnaf_reconstructs_and_is_sparse() {
        let mut digits = [0i8; NAF_LEN];
        for (k, w) in [
            (0u128, 5),
            (1, 5),
            (15, 5),
            (16, 5),
            (0xffff_ffff, 4),
            (0x1234_5678_9abc_def0_1234, 8),
            ((1 << 119) - 1, 5),
        ] {
            let words = [
                k as u32,
                (k >> 32) as u32,
                (k >> 64) as u32,
                (k >> 96) as u32,
                0,
                0,
                0,
                0,
            ];
            let len = wnaf(&mut digits, &words, w);
            assert_eq!(value(&digits), k as i128, "k {k:#x} w {w}");
            assert!(digits[len..].iter().all(|d| *d == 0));
            let mut last: Option<usize> = None;
            for (i, d) in digits.iter().enumerate() {
                if *d != 0 {
                    assert!(d % 2 != 0 && (d.unsigned_abs() as u32) < 1 << (w - 1));
                    if let Some(l) = last {
                        assert!(i - l >= w);
                    }
                    last = Some(i);
                }
            }
        }
    }

    #[test]
    fn wnaf_of_full_width_values() {
        let mut digits = [0i8; NAF_LEN];
        let len = wnaf(&mut digits, &[u32::MAX; 8], 5);
        // 2^256 - 1 = 2^256 - 1: the carry reaches bit 256.
        assert_eq!(len, 257);
        assert_eq!(digits[256], 1);
        assert_eq!(digits[0], -1);
    }
}
