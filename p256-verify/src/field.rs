//! Backend-independent field operations: byte decoding, conversion into Montgomery form, comparison, and
//! the curve equation.

use crate::backend::Fe;
use crate::consts::{lt, B_MONT, C_P, P, R2_P, THREE_MONT};
use crate::in_ram;

impl Fe {
    /// `1` in Montgomery form (`2^256 mod p = 2^256 − p`).
    pub(crate) const ONE: Fe = Fe::from_words(C_P);

    /// The Montgomery form of the integer with these words (any value below `2^256`).
    #[inline(always)]
    pub(crate) fn to_mont(words: [u32; 8]) -> Fe {
        Fe::mul(&Fe::from_words(words), &in_ram(&Fe::from_words(R2_P)))
    }

    /// Whether `self ≡ other (mod p)`.
    pub(crate) fn equals(&self, other: &Fe) -> bool {
        let mut t = self.copy();
        t.sub_assign(other);
        t.is_zero()
    }
}

/// The big-endian encoding as little-endian 32-bit words, if it is below `p`.
pub(crate) fn field_words(bytes: &[u8; 32]) -> Option<[u32; 8]> {
    let w = words_from_be_bytes(bytes);
    lt(&w, &P).then_some(w)
}

/// Whether `(x, y)` (Montgomery form) satisfies `y² = x³ − 3x + b`.
pub(crate) fn on_curve(x: &Fe, y: &Fe) -> bool {
    // x³ − 3x + b = x·(x² − 3) + b.
    let mut rhs = Fe::ZERO;
    rhs.set_square(x);
    rhs.sub_assign(&in_ram(&Fe::from_words(THREE_MONT)));
    rhs.mul_assign(x);
    rhs.add_assign(&in_ram(&Fe::from_words(B_MONT)));
    let mut lhs = Fe::ZERO;
    lhs.set_square(y);
    lhs.equals(&rhs)
}

/// Big-endian bytes to little-endian 32-bit words.
pub(crate) fn words_from_be_bytes(bytes: &[u8; 32]) -> [u32; 8] {
    core::array::from_fn(|i| {
        let at = 28 - 4 * i;
        u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    })
}

/// Little-endian 32-bit words to big-endian bytes.
pub(crate) fn be_bytes_from_words(words: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, w) in out.rchunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// `a + b` as plain 256-bit integers (the caller knows it does not overflow).
pub(crate) fn add_words(a: &[u32; 8], b: &[u32; 8]) -> [u32; 8] {
    let mut out = [0u32; 8];
    let mut carry = 0u64;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let t = *x as u64 + *y as u64 + carry;
        *o = t as u32;
        carry = t >> 32;
    }
    out
}
