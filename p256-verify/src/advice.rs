//! Advice: `s⁻¹ mod n`, the one exponentiation of a verification (~310 Montgomery products), supplied
//! from outside instead of computed. In proving mode the prover supplies it (non-determinism, read from the
//! witness tape) through [`secp256k1::Advice::p256_scalar_inverse`], the question kind this crate adds
//! to the recovery's advice trait.
//!
//! The answer is checked with one Montgomery product (`s·w·2^−256 ≡ 2^−256 (mod n)` exactly when
//! `w = s⁻¹`), and a missing or wrong one is computed instead, so advice can make a verification cheaper
//! but can never change its result.

use secp256k1::Advice;

use crate::backend::Scalar;
use crate::consts::{R2_N, RINV_N};
use crate::field::be_bytes_from_words;
use crate::in_ram;

/// `s⁻¹·2^256 mod n` (the inverse in Montgomery form) for `s` in `1..n`, from `advice` if its answer checks
/// out, else computed.
pub(crate) fn inverse_mont(s: &Scalar, advice: &mut impl Advice) -> Scalar {
    let r2 = in_ram(&Scalar::from_words_unchecked(R2_N));
    let question = be_bytes_from_words(&s.words());
    if let Some(w) = advice
        .p256_scalar_inverse(&question)
        .and_then(|w| Scalar::from_be_bytes_checked(&w))
    {
        if Scalar::mont_mul(s, &w) == Scalar::from_words_unchecked(RINV_N) {
            return Scalar::mont_mul(&w, &r2);
        }
    }
    Scalar::invert_mont(&Scalar::mont_mul(s, &r2))
}

/// The answer to a P-256 scalar-inverse question: `s⁻¹ mod n` (big-endian), or `None` unless `s` is in
/// `1..n`. What a prover (or a forward run recording the witness) puts on the tape.
pub fn scalar_inverse(s: &[u8; 32]) -> Option<[u8; 32]> {
    crate::backend::init();
    let s = Scalar::from_be_bytes_checked(s).filter(|s| !s.is_zero())?;
    let r2 = in_ram(&Scalar::from_words_unchecked(R2_N));
    let inv_mont = Scalar::invert_mont(&Scalar::mont_mul(&s, &r2));
    // Out of Montgomery form: a product with plain 1.
    let one = in_ram(&Scalar::from_words_unchecked([1, 0, 0, 0, 0, 0, 0, 0]));
    Some(be_bytes_from_words(
        &Scalar::mont_mul(&inv_mont, &one).words(),
    ))
}

/// Computes the answers a P-256 verification asks for and keeps them in the order asked: what a prover
/// puts on the tape for [`secp256k1::Replay`] to hand back. It answers no secp256k1 question
/// (`secp256k1::Record` does).
#[derive(Clone, Debug, Default)]
pub struct Record {
    answers: [[u8; 32]; MAX_ANSWERS],
    len: usize,
}

/// Most answers one verification asks for.
pub const MAX_ANSWERS: usize = 1;

impl Record {
    /// The answers, in the order they were asked for.
    pub fn answers(&self) -> &[[u8; 32]] {
        self.answers.get(..self.len).unwrap_or(&[])
    }
}

impl Advice for Record {
    fn sqrt(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
    fn scalar_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
    fn field_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
    fn p256_scalar_inverse(&mut self, s: &[u8; 32]) -> Option<[u8; 32]> {
        let answer = scalar_inverse(s)?;
        if let Some(slot) = self.answers.get_mut(self.len) {
            *slot = answer;
            self.len += 1;
        }
        Some(answer)
    }
}
