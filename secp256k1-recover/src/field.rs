//! Backend-independent field operations: byte encoding, inversion and square roots by fixed addition chains.

use crate::backend::Fe;

/// `x^(2^k)` in place.
#[inline(never)]
fn square_n(x: &mut Fe, k: usize) {
    for _ in 0..k {
        x.square_assign();
    }
}

/// `x^(2^k) · y`.
fn square_n_mul(x: &Fe, k: usize, y: &Fe) -> Fe {
    let mut t = x.copy();
    square_n(&mut t, k);
    t.mul_assign(y);
    t
}

/// The shared prefix of both exponents: `(a^(2^2-1), a^(2^22-1), a^(2^223-1))`.
///
/// `p - 2` and `(p + 1) / 4` both start with 223 ones, a zero and 22 ones (libsecp256k1's chain).
fn pow_prefix(a: &Fe) -> (Fe, Fe) {
    let x2 = square_n_mul(a, 1, a);
    let x3 = square_n_mul(&x2, 1, a);
    let x6 = square_n_mul(&x3, 3, &x3);
    let x9 = square_n_mul(&x6, 3, &x3);
    let x11 = square_n_mul(&x9, 2, &x2);
    let x22 = square_n_mul(&x11, 11, &x11);
    let x44 = square_n_mul(&x22, 22, &x22);
    let x88 = square_n_mul(&x44, 44, &x44);
    let x176 = square_n_mul(&x88, 88, &x88);
    let x220 = square_n_mul(&x176, 44, &x44);
    let x223 = square_n_mul(&x220, 3, &x3);
    // 223 ones, a zero, 22 ones.
    (x2, square_n_mul(&x223, 23, &x22))
}

impl Fe {
    /// The big-endian encoding read as a 256-bit number (not reduced: values `≥ p` stay weakly reduced).
    pub(crate) fn from_be_bytes(bytes: &[u8; 32]) -> Fe {
        Fe::from_words(words_from_be_bytes(bytes))
    }

    /// The canonical big-endian encoding.
    pub(crate) fn encode(&self) -> [u8; 32] {
        let mut t = self.copy();
        t.normalize();
        be_bytes_from_words(&t.words())
    }

    /// Whether the canonical value is odd.
    pub(crate) fn is_odd(&self) -> bool {
        let mut t = self.copy();
        t.normalize();
        t.words()[0] & 1 == 1
    }

    /// Whether `self ≡ other (mod p)`.
    pub(crate) fn equals(&self, other: &Fe) -> bool {
        let mut t = self.copy();
        t.sub_assign(other);
        t.is_zero()
    }

    /// `a⁻¹ = a^(p-2)` (zero maps to zero).
    pub(crate) fn invert(a: &Fe) -> Fe {
        let (x2, mut t) = pow_prefix(a);
        // The last ten bits of p - 2 are 00001 011 01.
        square_n(&mut t, 5);
        t.mul_assign(a);
        square_n(&mut t, 3);
        t.mul_assign(&x2);
        square_n(&mut t, 2);
        t.mul_assign(a);
        t
    }

    /// A square root of `a` if `a` is a square: `a^((p+1)/4)`, checked by squaring.
    pub(crate) fn sqrt(a: &Fe) -> Option<Fe> {
        let (x2, mut t) = pow_prefix(a);
        // The last eight bits of (p + 1) / 4 are 000011 00.
        square_n(&mut t, 6);
        t.mul_assign(&x2);
        square_n(&mut t, 2);
        if Fe::square(&t).equals(a) {
            Some(t)
        } else {
            None
        }
    }
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
    for (i, w) in words.iter().enumerate() {
        out[28 - 4 * i..32 - 4 * i].copy_from_slice(&w.to_be_bytes());
    }
    out
}
