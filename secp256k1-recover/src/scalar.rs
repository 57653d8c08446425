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

/// `a^(n-2)` (the inverse of `a`, zero for zero) by a sliding window of width 5, with in-place squaring and
/// multiplication (so that it also runs on Montgomery representations).
pub(crate) fn pow_vartime(
    a: &Scalar,
    square: impl Fn(&mut Scalar),
    mul: impl Fn(&mut Scalar, &Scalar),
) -> Scalar {
    const W: usize = 5;
    // Odd powers a, a^3, ..., a^31.
    let mut a2 = *a;
    square(&mut a2);
    let mut odd = [*a; 1 << (W - 1)];
    for i in 1..odd.len() {
        let (done, rest) = odd.split_at_mut(i);
        rest[0] = done[i - 1];
        mul(&mut rest[0], &a2);
    }
    let e = &N_MINUS_2;
    // The exponent's top bit is set: the first window initialises the accumulator.
    let mut acc: Option<Scalar> = None;
    let mut i = 255isize;
    while i >= 0 {
        if bit(e, i as usize) == 0 {
            if let Some(x) = acc.as_mut() {
                square(x);
            }
            i -= 1;
            continue;
        }
        // The window [low, i]: as wide as allowed, ending on a set bit.
        let mut low = (i - W as isize + 1).max(0);
        while bit(e, low as usize) == 0 {
            low += 1;
        }
        let mut value = 0usize;
        for j in (low..=i).rev() {
            value = (value << 1) | bit(e, j as usize) as usize;
        }
        match acc.as_mut() {
            Some(x) => {
                for _ in low..=i {
                    square(x);
                }
                mul(x, &odd[value >> 1]);
            }
            None => acc = Some(odd[value >> 1]),
        }
        i = low - 1;
    }
    acc.unwrap_or(Scalar::ZERO)
}

/// A scalar as the magnitude of its representative in `(-n/2, n/2]` and a sign.
fn signed(k: Scalar) -> (Scalar, bool) {
    if k.is_high() {
        (Scalar::neg(&k), true)
    } else {
        (k, false)
    }
}
