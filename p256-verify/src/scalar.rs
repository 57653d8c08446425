//! Backend-independent scalar operations: byte decoding and the inversion `a^(n−2)` by a sliding window
//! whose schedule is computed at compile time.

use crate::backend::Scalar;
use crate::consts::N_MINUS_2;
use crate::field::words_from_be_bytes;

impl Scalar {
    /// The big-endian encoding if it is below `n`.
    pub(crate) fn from_be_bytes_checked(bytes: &[u8; 32]) -> Option<Scalar> {
        Scalar::from_words_checked(words_from_be_bytes(bytes))
    }

    /// The big-endian encoding reduced modulo `n`.
    pub(crate) fn from_be_bytes_reduced(bytes: &[u8; 32]) -> Scalar {
        Scalar::from_words_reduced(words_from_be_bytes(bytes))
    }

    /// `a^(n−2)` in Montgomery arithmetic: for `a = x·2^256 mod n` that is `x⁻¹·2^256 mod n` (zero for
    /// zero). About 255 squarings and 58 multiplications.
    pub(crate) fn invert_mont(a: &Scalar) -> Scalar {
        // The odd powers a, a³, …, a^(2^WINDOW − 1).
        let mut a2 = *a;
        a2.mont_square_assign();
        let mut odd = [*a; 1 << (WINDOW - 1)];
        for i in 1..odd.len() {
            let mut next = odd[i - 1];
            next.mont_mul_assign(&a2);
            odd[i] = next;
        }
        let steps = SCHEDULE.steps.get(..SCHEDULE.len).unwrap_or(&[]);
        let mut acc = odd[0];
        for (k, step) in steps.iter().enumerate() {
            // Digits are odd and below 2^WINDOW: the mask only spells out that the index is in range.
            let power = &odd[(step.digit as usize >> 1) & ((1 << (WINDOW - 1)) - 1)];
            if k == 0 {
                acc = *power;
                continue;
            }
            for _ in 0..step.squarings {
                acc.mont_square_assign();
            }
            acc.mont_mul_assign(power);
        }
        // n − 2 is odd: the last window ends on bit 0 and no squarings follow it (asserted below).
        acc
    }
}

/// Width of the sliding window over `n − 2` (8 odd powers).
const WINDOW: usize = 4;

/// One window: square `squarings` times, then multiply by `a^digit` (`digit` odd).
#[derive(Clone, Copy)]
struct Step {
    squarings: u8,
    digit: u8,
}

/// The windows of `n − 2` from the top (the first step only loads its power), and the squarings after the
/// last one.
struct Schedule {
    steps: [Step; 80],
    len: usize,
    tail: u8,
}

/// Bit `i` of `e`.
const fn bit(e: &[u32; 8], i: usize) -> u32 {
    (e[i / 32] >> (i % 32)) & 1
}

const SCHEDULE: Schedule = {
    let e = &N_MINUS_2;
    let mut steps = [Step {
        squarings: 0,
        digit: 0,
    }; 80];
    let mut len = 0;
    // Squarings owed since the last window (the zeros in between, then the window's own width).
    let mut owed = 0u8;
    let mut top = 256usize;
    while top > 0 {
        let i = top - 1;
        if bit(e, i) == 0 {
            owed += 1;
            top -= 1;
            continue;
        }
        // The widest window [low, i] that ends on a set bit.
        let mut low = (i + 1).saturating_sub(WINDOW);
        while bit(e, low) == 0 {
            low += 1;
        }
        let mut digit = 0u32;
        let mut j = i + 1;
        while j > low {
            j -= 1;
            digit = (digit << 1) | bit(e, j);
        }
        steps[len] = Step {
            squarings: owed + (i + 1 - low) as u8,
            digit: digit as u8,
        };
        len += 1;
        owed = 0;
        top = low;
    }
    Schedule {
        steps,
        len,
        tail: owed,
    }
};

// The schedule fits its array and ends on bit 0.
const _: () = assert!(SCHEDULE.len > 0 && SCHEDULE.len <= 80 && SCHEDULE.tail == 0);
