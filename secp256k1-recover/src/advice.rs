//! Advice: answers to the three exponentiations of a recovery (the square root giving `R`, `r⁻¹ mod n`,
//! and the `Z⁻¹` that makes the key affine) supplied from outside instead of computed. In proving mode the
//! prover supplies them (non-determinism, read from the witness tape): checking an answer costs one or two
//! multiplications where computing it costs ~260 squarings.
//!
//! Every answer is checked before use, and a missing or wrong one is computed instead, so advice can make a
//! recovery cheaper but can never change its result: a dishonest prover gains nothing.
//!
//! The trait also carries the one question of a P-256 verification (`zkos-p256`), with a default "no
//! answer", so that one advice source (the bootloader's oracle, [`Replay`]) can serve both curves.

use crate::backend::{Fe, Scalar};
use crate::field::words_from_be_bytes;

/// A source of answers. Each method receives the question (canonical big-endian) and may answer `None`.
pub trait Advice {
    /// A square root of `a`, or, when `a` has none, a square root of `−a` (`p ≡ 3 mod 4`, so `−1` is not a
    /// square and exactly one of `a`, `−a` is, unless `a = 0`).
    fn sqrt(&mut self, a: &[u8; 32]) -> Option<[u8; 32]>;
    /// `r⁻¹ mod n` for `r` in `1..n`.
    fn scalar_inverse(&mut self, r: &[u8; 32]) -> Option<[u8; 32]>;
    /// `z⁻¹ mod p` for a non-zero `z`.
    fn field_inverse(&mut self, z: &[u8; 32]) -> Option<[u8; 32]>;
    /// `s⁻¹ mod n` of P-256 (`n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551`) for
    /// `s` in `1..n`: the one exponentiation of a `zkos-p256` verification, checked there like the others.
    /// No answer by default: a source that knows nothing of P-256 leaves the verification to compute it
    /// (`zkos_p256::Record` computes the answers; [`Replay`] hands them back).
    fn p256_scalar_inverse(&mut self, _s: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
}

/// No advice: everything is computed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Compute;

impl Advice for Compute {
    fn sqrt(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
    fn scalar_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
    fn field_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        None
    }
}

/// Most answers one recovery asks for.
pub const MAX_ANSWERS: usize = 3;

/// Computes every answer a recovery asks for and keeps them in the order asked: what a prover puts on the
/// tape for [`Replay`] to hand back.
#[derive(Clone, Debug, Default)]
pub struct Record {
    answers: [[u8; 32]; MAX_ANSWERS],
    len: usize,
}

impl Record {
    /// The answers, in the order they were asked for.
    pub fn answers(&self) -> &[[u8; 32]] {
        &self.answers[..self.len]
    }

    fn keep(&mut self, answer: [u8; 32]) -> Option<[u8; 32]> {
        if let Some(slot) = self.answers.get_mut(self.len) {
            *slot = answer;
            self.len += 1;
        }
        Some(answer)
    }
}

impl Advice for Record {
    fn sqrt(&mut self, a: &[u8; 32]) -> Option<[u8; 32]> {
        let a = Fe::from_be_bytes(a);
        let root = Fe::sqrt(&a).or_else(|| {
            let mut negated = a.copy();
            negated.negate_assign();
            Fe::sqrt(&negated)
        })?;
        self.keep(root.encode())
    }

    fn scalar_inverse(&mut self, r: &[u8; 32]) -> Option<[u8; 32]> {
        let r = Scalar::from_be_bytes_checked(r)?;
        self.keep(crate::field::be_bytes_from_words(&Scalar::invert(&r).words()))
    }

    fn field_inverse(&mut self, z: &[u8; 32]) -> Option<[u8; 32]> {
        self.keep(Fe::invert(&Fe::from_be_bytes(z)).encode())
    }
}

/// Hands back recorded answers in order, whatever is asked (the checks catch a mismatch).
#[derive(Clone, Debug)]
pub struct Replay<'a> {
    answers: &'a [[u8; 32]],
}

impl<'a> Replay<'a> {
    /// Answers `answers`, first to last.
    pub fn new(answers: &'a [[u8; 32]]) -> Self {
        Replay { answers }
    }

    fn next(&mut self) -> Option<[u8; 32]> {
        let (first, rest) = self.answers.split_first()?;
        self.answers = rest;
        Some(*first)
    }
}

impl Advice for Replay<'_> {
    fn sqrt(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        self.next()
    }
    fn scalar_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        self.next()
    }
    fn field_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        self.next()
    }
    fn p256_scalar_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        self.next()
    }
}

/// What the square-root step found.
pub(crate) enum Root {
    /// `y` with `y² = a`.
    Of(Fe),
    /// `a` is not a square.
    None,
}

/// A square root of `a` from `advice` if it checks out (or a proof that there is none), else computed.
pub(crate) fn sqrt(a: &Fe, advice: &mut impl Advice) -> Root {
    if let Some(w) = advice.sqrt(&a.encode()) {
        let w = Fe::from_be_bytes(&w);
        let square = Fe::square(&w);
        if square.equals(a) {
            return Root::Of(w);
        }
        let mut negated = a.copy();
        negated.negate_assign();
        // `w² = −a` with `a ≠ 0` (else the first check held) proves `a` is not a square.
        if square.equals(&negated) {
            return Root::None;
        }
    }
    match Fe::sqrt(a) {
        Some(y) => Root::Of(y),
        None => Root::None,
    }
}

/// `r⁻¹ mod n` (`r ≠ 0`) from `advice` if it checks out, else computed.
pub(crate) fn scalar_inverse(r: &Scalar, advice: &mut impl Advice) -> Scalar {
    let question = crate::field::be_bytes_from_words(&r.words());
    if let Some(h) = advice.scalar_inverse(&question).and_then(|h| Scalar::from_words_checked(words_from_be_bytes(&h))) {
        if Scalar::mul(r, &h).words() == [1, 0, 0, 0, 0, 0, 0, 0] {
            return h;
        }
    }
    Scalar::invert(r)
}

/// `z⁻¹ mod p` (`z ≢ 0`) from `advice` if it checks out, else computed.
pub(crate) fn field_inverse(z: &Fe, advice: &mut impl Advice) -> Fe {
    if let Some(h) = advice.field_inverse(&z.encode()) {
        let h = Fe::from_be_bytes(&h);
        if Fe::mul(z, &h).equals(&crate::in_ram(&Fe::ONE)) {
            return h;
        }
    }
    Fe::invert(z)
}
