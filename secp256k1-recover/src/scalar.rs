//! Backend-independent scalar operations: byte encoding, inversion and the GLV decomposition.

use crate::backend::Scalar;
use crate::field::words_from_be_bytes;
use crate::in_ram;

/// `n - 2`, the inversion exponent.
const N_MINUS_2: [u32; 8] = [
    0xD036_413F,
    0xBFD2_5E8C,
    0xAF48_A03B,
    0xBAAE_DCE6,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];

/// `-λ mod n`, where `λ·(x, y) = (β·x, y)` on the curve.
const MINUS_LAMBDA: Scalar = Scalar::from_words_unchecked([
    0xB512_83CF,
    0xE0CF_C810,
    0x8EC7_39C2,
    0xA880_B9FC,
    0x77ED_9BA4,
    0x5AD9_E3FD,
    0x3FA3_CF1F,
    0xAC9C_52B3,
]);
/// `-b1` of the GLV lattice basis.
const MINUS_B1: Scalar = Scalar::from_words_unchecked([
    0x0ABF_E4C3,
    0x6F54_7FA9,
    0x010E_8828,
    0xE443_7ED6,
    0,
    0,
    0,
    0,
]);
/// `-b2 mod n`.
const MINUS_B2: Scalar = Scalar::from_words_unchecked([
    0x3DB1_562C,
    0xD765_CDA8,
    0x0774_346D,
    0x8A28_0AC5,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
]);
/// `round(2^384 · b2 / n)`.
pub(crate) const G1: [u32; 8] = [
    0x45DB_B031,
    0xE893_209A,
    0x71E8_CA7F,
    0x3DAA_8A14,
    0x9284_EB15,
    0xE86C_90E4,
    0xA7D4_6BCD,
    0x3086_D221,
];
/// `round(2^384 · (-b1) / n)`.
const G2: [u32; 8] = [
    0x8AC4_7F71,
    0x1571_B4AE,
    0x9DF5_06C6,
    0x2212_08AC,
    0x0ABF_E4C4,
    0x6F54_7FA9,
    0x010E_8828,
    0xE443_7ED6,
];

/// Bit `i` of a little-endian word array (zero past the end).
#[inline(always)]
pub(crate) fn bit(words: &[u32; 8], i: usize) -> u32 {
    match words.get(i / 32) {
        Some(w) => (w >> (i % 32)) & 1,
        None => 0,
    }
}

impl Scalar {
    /// The big-endian encoding if it is below `n`.
    pub(crate) fn from_be_bytes_checked(bytes: &[u8; 32]) -> Option<Scalar> {
        Scalar::from_words_checked(words_from_be_bytes(bytes))
    }

    /// The big-endian encoding reduced modulo `n`.
    pub(crate) fn from_be_bytes_reduced(bytes: &[u8; 32]) -> Scalar {
        Scalar::from_words_reduced(words_from_be_bytes(bytes))
    }

    /// `(k1, k2)` with `k1 + k2·λ ≡ k (mod n)` and both small (about 128 bits), each as a magnitude and
    /// a sign (`true`: negative).
    pub(crate) fn split_lambda(k: &Scalar) -> ((Scalar, bool), (Scalar, bool)) {
        let c1 = Scalar::mul_shift_384(k, &G1);
        let c2 = Scalar::mul_shift_384(k, &G2);
        let c1 = Scalar::mul(&c1, &in_ram(&MINUS_B1));
        let c2 = Scalar::mul(&c2, &in_ram(&MINUS_B2));
        let k2 = Scalar::add(&c1, &c2);
        let k1 = Scalar::add(k, &Scalar::mul(&k2, &in_ram(&MINUS_LAMBDA)));
        (signed(k1), signed(k2))
    }
}

/// Width of the sliding window over `n - 2`.
const POW_WINDOW: usize = 5;

/// Bit `i` of `e`, in a constant context.
const fn const_bit(e: &[u32; 8], i: usize) -> u32 {
    (e[i / 32] >> (i % 32)) & 1
}

/// The sliding-window schedule of `n - 2`, computed at compile time: step `k` squares the accumulator
/// `steps[k].0` times, then multiplies it by the odd power `a^(2·steps[k].1 + 1)` (step 0 starts the
/// accumulator at that power); `count` steps, then `tail` squarings (none: `n - 2` is odd).
struct Schedule {
    steps: [(u8, u8); 64],
    count: usize,
    tail: u8,
}

const SCHEDULE: Schedule = {
    let e = &N_MINUS_2;
    let mut steps = [(0u8, 0u8); 64];
    let mut count = 0;
    let mut pending = 0u8;
    let mut i = 255isize;
    while i >= 0 {
        if const_bit(e, i as usize) == 0 {
            pending += 1;
            i -= 1;
            continue;
        }
        // The window [low, i]: as wide as allowed, ending on a set bit.
        let mut low = i - POW_WINDOW as isize + 1;
        if low < 0 {
            low = 0;
        }
        while const_bit(e, low as usize) == 0 {
            low += 1;
        }
        let mut value = 0u32;
        let mut j = i;
        while j >= low {
            value = (value << 1) | const_bit(e, j as usize);
            j -= 1;
        }
        let squarings = if count == 0 {
            0
        } else {
            pending + (i - low + 1) as u8
        };
        steps[count] = (squarings, (value >> 1) as u8);
        count += 1;
        pending = 0;
        i = low - 1;
    }
    Schedule {
        steps,
        count,
        tail: pending,
    }
};

/// `a^(n-2)` (the inverse of `a`, zero for zero) by a sliding window of width 5, with in-place squaring and
/// multiplication (so that it also runs on Montgomery representations).
#[inline(always)]
pub(crate) fn pow_n_minus_2(
    a: &Scalar,
    square: impl Fn(&mut Scalar),
    mul: impl Fn(&mut Scalar, &Scalar),
) -> Scalar {
    // Odd powers a, a^3, ..., a^31.
    let mut a2 = *a;
    square(&mut a2);
    let mut odd = [*a; 1 << (POW_WINDOW - 1)];
    for i in 1..odd.len() {
        let (done, rest) = odd.split_at_mut(i);
        rest[0] = done[i - 1];
        mul(&mut rest[0], &a2);
    }
    let steps = &SCHEDULE.steps[..SCHEDULE.count];
    let mut acc = odd[steps[0].1 as usize];
    for &(squarings, index) in &steps[1..] {
        for _ in 0..squarings {
            square(&mut acc);
        }
        mul(&mut acc, &odd[index as usize]);
    }
    acc
}

// n - 2 is odd: the last window ends on bit 0, so no squarings follow it.
const _: () = assert!(SCHEDULE.tail == 0);

/// A scalar as the magnitude of its representative in `(-n/2, n/2]` and a sign.
fn signed(k: Scalar) -> (Scalar, bool) {
    if k.is_high() {
        (Scalar::neg(&k), true)
    } else {
        (k, false)
    }
}
