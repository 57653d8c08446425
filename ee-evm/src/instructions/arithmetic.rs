//! Arithmetic: ADD … SIGNEXTEND, with the EVM's wrap-around and division-by-zero-is-zero rules.

use primitives::U256;
use system_api::SystemInterface;

use super::{charge, pop, Interp};
use crate::stack::StackView;

/// Two's-complement negation.
#[inline]
pub(crate) fn neg(x: U256) -> U256 {
    (!x).wrapping_add(U256::from(1u8))
}

#[inline]
fn is_negative(x: &U256) -> bool {
    x.bit(255)
}

#[inline]
fn abs(x: U256) -> U256 {
    if is_negative(&x) {
        neg(x)
    } else {
        x
    }
}

/// ADD
#[inline(always)]
pub fn add(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = a.wrapping_add(*b);
}

/// MUL
#[inline(always)]
pub fn mul(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = a.wrapping_mul(*b);
}

/// SUB
#[inline(always)]
pub fn sub(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = a.wrapping_sub(*b);
}

/// Both operands' values when each fits in one limb: compiled code divides 32- and 64-bit values far more
/// often than full words, and a machine division beats the general long division (and its call).
#[inline(always)]
fn both_small(a: &U256, b: &U256) -> Option<(u64, u64)> {
    let (a, b) = (a.as_limbs(), b.as_limbs());
    (a[1] | a[2] | a[3] | b[1] | b[2] | b[3] == 0).then_some((a[0], b[0]))
}

/// DIV
#[inline(always)]
pub fn div(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = match both_small(&a, b) {
        Some((x, y)) => U256::from(x.checked_div(y).unwrap_or(0)),
        None => div_wide(&a, b),
    };
}

/// `log2(x)` when `x` is a power of two. Solidity before EIP-145 shifted right by dividing by `2**k`, and
/// such code is still deployed: a shift replaces the long division.
#[inline(always)]
fn power_of_two(x: &U256) -> Option<usize> {
    let limbs = x.as_limbs();
    let ones = limbs[0].count_ones() + limbs[1].count_ones() + limbs[2].count_ones() + limbs[3].count_ones();
    (ones == 1).then(|| x.trailing_zeros())
}

#[inline(never)]
fn div_wide(a: &U256, b: &U256) -> U256 {
    match power_of_two(b) {
        Some(shift) => *a >> shift,
        None => a.checked_div(*b).unwrap_or_default(),
    }
}

/// SDIV: truncating signed division; MIN / -1 wraps to MIN.
#[inline(always)]
pub fn sdiv(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = if b.is_zero() {
        U256::ZERO
    } else {
        let quotient = abs(a) / abs(*b);
        if is_negative(&a) != is_negative(b) {
            neg(quotient)
        } else {
            quotient
        }
    };
}

/// MOD
#[inline(always)]
pub fn rem(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = match both_small(&a, b) {
        Some((x, y)) => U256::from(x.checked_rem(y).unwrap_or(0)),
        None => rem_wide(&a, b),
    };
}

#[inline(never)]
fn rem_wide(a: &U256, b: &U256) -> U256 {
    match power_of_two(b) {
        Some(_) => *a & (*b - U256::from(1u8)),
        None => a.checked_rem(*b).unwrap_or_default(),
    }
}

/// SMOD: the result takes the dividend's sign.
#[inline(always)]
pub fn smod(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = if b.is_zero() {
        U256::ZERO
    } else {
        let r = abs(a) % abs(*b);
        if is_negative(&a) {
            neg(r)
        } else {
            r
        }
    };
}

/// ADDMOD: exact (the sum does not wrap).
#[inline(always)]
pub fn addmod(s: &mut StackView) {
    let (a, b) = (s.pop(), s.pop());
    let n = s.top();
    *n = a.add_mod(b, *n);
}

/// MULMOD: exact (the product does not wrap).
#[inline(always)]
pub fn mulmod(s: &mut StackView) {
    let (a, b) = (s.pop(), s.pop());
    let n = s.top();
    *n = a.mul_mod(b, *n);
}

/// EXP: 50 gas per byte of exponent on top of the static 10.
pub fn exp<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; base);
    let exponent = it.stack.peek(0);
    let bytes = exponent.bit_len().div_ceil(8) as u64;
    charge!(it, 50 * bytes);
    *it.stack.top() = base.wrapping_pow(exponent);
}

/// SIGNEXTEND: extends the sign of byte `b` (0 = least significant) of `x`.
#[inline(always)]
pub fn signextend(s: &mut StackView) {
    let b = s.pop();
    let x = s.top();
    if b < U256::from(31u8) {
        let bit = (b.as_limbs()[0] as usize) * 8 + 7;
        let mask = (U256::from(1u8) << bit) - U256::from(1u8);
        *x = if x.bit(bit) { *x | !mask } else { *x & mask };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_round_trips() {
        let five = U256::from(5u8);
        assert_eq!(neg(neg(five)), five);
        assert_eq!(neg(U256::ZERO), U256::ZERO);
        assert_eq!(abs(neg(five)), five);
    }
}
