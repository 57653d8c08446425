//! `u1·G + u2·Q` by interleaved windowed NAFs (Straus–Shamir): one chain of doublings shared by both
//! scalars, one addition per non-zero digit.
//!
//! - `u2·Q` from a table of odd multiples `Q, 3Q, …, 15Q` built per call (width 5, Jacobian with `Z²`
//!   and `Z³` cached);
//! - `u1·G` from the affine odd multiples of `G` kept in ROM ([`crate::table`], width
//!   [`G_WINDOW`]).
//!
//! P-256 has no endomorphism to split `u2`, so the chain is 256 doublings whatever is done with `u1`:
//! splitting `u1` as `l + h·2^128` over a second table of `2^128·G` would not shorten it, only double the
//! ROM for the same number of additions. The ROM is better spent on a wider window for `G`.

use crate::backend::Fe;
use crate::backend::Scalar;
use crate::point::{Affine, Cached, Jacobian, Scratch};
use crate::table::{G_ODD, G_WINDOW};

/// Digit positions of a NAF of a 256-bit number (the last carry can reach bit 256).
const NAF_LEN: usize = 257;
/// Window of the per-call table of `Q`.
const Q_WINDOW: usize = 5;
/// Entries of the per-call table.
const Q_ENTRIES: usize = 1 << (Q_WINDOW - 2);
/// Entries of the ROM table.
const G_ENTRIES: usize = 1 << (G_WINDOW - 2);

/// Bit `i` of `k` (zero past the end).
#[inline(always)]
fn bit(k: &[u32; 8], i: usize) -> u32 {
    k.get(i / 32).map_or(0, |w| (w >> (i % 32)) & 1)
}

/// `w` bits of `k` from bit `at` (zero past the end).
#[inline(always)]
fn bits(k: &[u32; 8], at: usize, w: usize) -> u32 {
    let shift = at % 32;
    let mut v = k.get(at / 32).map_or(0, |x| x >> shift);
    if shift + w > 32 && shift != 0 {
        v |= k.get(at / 32 + 1).map_or(0, |x| x << (32 - shift));
    }
    v & ((1 << w) - 1)
}

/// The width-`w` NAF of `k` into `digits` (odd digits in `(−2^(w−1), 2^(w−1))`, each followed by at least
/// `w − 1` zeros); returns one past the highest non-zero digit.
pub(crate) fn wnaf(digits: &mut [i16; NAF_LEN], k: &[u32; 8], w: usize) -> usize {
    digits.fill(0);
    let mut carry = 0u32;
    let mut at = 0usize;
    let mut len = 0usize;
    // Scanning k + carry·2^at: a zero bit there gives a zero digit (a carry into a one bit moves up).
    while at < 256 || carry != 0 {
        if bit(k, at) == carry {
            at += 1;
            continue;
        }
        // The low w bits of k + carry·2^at from `at`: odd. Above 2^(w−1) it becomes negative and carries.
        let window = bits(k, at, w) + carry;
        carry = (window >> (w - 1)) & 1;
        if let Some(d) = digits.get_mut(at) {
            *d = (window as i32 - ((carry << w) as i32)) as i16;
        }
        len = at + 1;
        at += w;
    }
    len
}

/// Reads ROM table entry `i` into RAM (a volatile copy: the delegation cannot read ROM).
#[inline(always)]
fn load_entry(out: &mut Affine, i: usize) {
    // The mask keeps the index in range for the compiler; digits never exceed it.
    let e = &G_ODD[i & (G_ENTRIES - 1)];
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

/// The odd multiples `3Q, 5Q, …, 15Q` (entry `i` is `(2i + 3)·Q`); `Q` itself is used affine.
fn q_table(q: &Affine, s: &mut Scratch) -> [Cached; Q_ENTRIES - 1] {
    let mut twice = Jacobian::from_affine(q);
    twice.double(s);
    let twice = Cached::from_jacobian(&twice);
    let mut acc = Jacobian::from_affine(q);
    let mut table = [twice; Q_ENTRIES - 1];
    for entry in table.iter_mut() {
        // Q has prime order n > 15, so no multiple here is infinity or meets a coincident case that
        // would make it so; `add_cached` would handle one anyway.
        acc.add_cached(&twice, false, s);
        *entry = Cached::from_jacobian(&acc);
    }
    table
}

/// `u1·G + u2·Q`.
pub(crate) fn mul_add(q: &Affine, u2: &Scalar, u1: &Scalar) -> Jacobian {
    let mut s = Scratch::new();
    let table = q_table(q, &mut s);
    let mut naf_q = [0i16; NAF_LEN];
    let mut naf_g = [0i16; NAF_LEN];
    let len = wnaf(&mut naf_q, &u2.words(), Q_WINDOW).max(wnaf(&mut naf_g, &u1.words(), G_WINDOW));

    let mut acc = Jacobian::INFINITY;
    let mut g = Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    };
    for (dq, dg) in naf_q.iter().zip(naf_g.iter()).take(len).rev() {
        acc.double(&mut s);
        let (dq, dg) = (*dq, *dg);
        if dq != 0 {
            let i = (dq.unsigned_abs() >> 1) as usize;
            match i.checked_sub(1).and_then(|i| table.get(i)) {
                Some(entry) => acc.add_cached(entry, dq < 0, &mut s),
                // Digit ±1: Q itself, affine (cheaper than an entry with Z = 1).
                None => acc.add_affine(q, dq < 0, &mut s),
            }
        }
        if dg != 0 {
            load_entry(&mut g, (dg.unsigned_abs() >> 1) as usize);
            acc.add_affine(&g, dg < 0, &mut s);
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of a NAF (as a signed 300-bit number in `i128` pieces is overkill: the tests use values
    /// below 2^120).
    fn value(digits: &[i16; NAF_LEN]) -> i128 {
        digits
            .iter()
            .enumerate()
            .rev()
            .fold(0i128, |acc, (i, d)| acc + ((*d as i128) << i.min(126)))
    }

    #[test]
    fn wnaf_reconstructs_and_is_sparse() {
        let mut digits = [0i16; NAF_LEN];
        for w in [4usize, 5, 8, 10, 12] {
            for k in [
                0u128,
                1,
                15,
                16,
                31,
                0xffff_ffff,
                0x1_0000_0000,
                0x1234_5678_9abc_def0_1234,
                (1 << 119) - 1,
            ] {
                let words: [u32; 8] =
                    core::array::from_fn(|i| if i < 4 { (k >> (32 * i)) as u32 } else { 0 });
                let len = wnaf(&mut digits, &words, w);
                assert_eq!(value(&digits), k as i128, "k {k:#x} w {w}");
                assert!(digits[len..].iter().all(|d| *d == 0));
                let mut last: Option<usize> = None;
                for (i, d) in digits.iter().enumerate() {
                    if *d != 0 {
                        assert!(
                            d % 2 != 0 && (d.unsigned_abs() as u32) < 1 << (w - 1),
                            "digit {d} w {w}"
                        );
                        if let Some(l) = last {
                            assert!(i - l >= w);
                        }
                        last = Some(i);
                    }
                }
            }
        }
    }

    #[test]
    fn wnaf_of_full_width_values_carries_into_bit_256() {
        let mut digits = [0i16; NAF_LEN];
        for w in [5usize, G_WINDOW] {
            let len = wnaf(&mut digits, &[u32::MAX; 8], w);
            assert_eq!(len, 257);
            assert_eq!(digits[256], 1);
            assert_eq!(digits[0], -1);
            assert!(digits[1..256].iter().all(|d| *d == 0));
        }
    }
}
