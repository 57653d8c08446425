//! Comparisons, bit logic and shifts.

use primitives::U256;

use crate::stack::StackView;

#[inline]
fn flag(b: bool) -> U256 {
    U256::from(b as u8)
}

/// Signed less-than.
#[inline]
fn signed_lt(a: &U256, b: &U256) -> bool {
    match (a.bit(255), b.bit(255)) {
        (true, false) => true,
        (false, true) => false,
        _ => a < b,
    }
}

/// LT
#[inline(always)]
pub fn lt(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = flag(a < *b);
}

/// GT
#[inline(always)]
pub fn gt(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = flag(a > *b);
}

/// SLT
#[inline(always)]
pub fn slt(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = flag(signed_lt(&a, b));
}

/// SGT
#[inline(always)]
pub fn sgt(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = flag(signed_lt(b, &a));
}

/// EQ
#[inline(always)]
pub fn eq(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b = flag(a == *b);
}

/// ISZERO
#[inline(always)]
pub fn iszero(s: &mut StackView) {
    let a = s.top();
    *a = flag(a.is_zero());
}

/// AND
#[inline(always)]
pub fn and(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b &= a;
}

/// OR
#[inline(always)]
pub fn or(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b |= a;
}

/// XOR
#[inline(always)]
pub fn xor(s: &mut StackView) {
    let a = s.pop();
    let b = s.top();
    *b ^= a;
}

/// NOT
#[inline(always)]
pub fn not(s: &mut StackView) {
    let a = s.top();
    *a = !*a;
}

/// BYTE: byte `i` of `x`, 0 being the most significant.
#[inline(always)]
pub fn byte(s: &mut StackView) {
    let i = s.pop();
    let x = s.top();
    *x = if i < U256::from(32u8) {
        U256::from(x.byte(31 - i.as_limbs()[0] as usize))
    } else {
        U256::ZERO
    };
}

/// The shift amount, or `None` when it is 256 or more.
#[inline]
fn shift_amount(shift: &U256) -> Option<usize> {
    if *shift < U256::from(256u16) {
        Some(shift.as_limbs()[0] as usize)
    } else {
        None
    }
}

/// SHL
#[inline(always)]
pub fn shl(s: &mut StackView) {
    let shift = s.pop();
    let x = s.top();
    *x = match shift_amount(&shift) {
        Some(s) => *x << s,
        None => U256::ZERO,
    };
}

/// SHR
#[inline(always)]
pub fn shr(s: &mut StackView) {
    let shift = s.pop();
    let x = s.top();
    *x = match shift_amount(&shift) {
        Some(s) => *x >> s,
        None => U256::ZERO,
    };
}

/// SAR: arithmetic shift, filling with the sign bit.
#[inline(always)]
pub fn sar(s: &mut StackView) {
    let shift = s.pop();
    let x = s.top();
    let negative = x.bit(255);
    *x = match shift_amount(&shift) {
        Some(s) if negative => !((!*x) >> s),
        Some(s) => *x >> s,
        None if negative => U256::MAX,
        None => U256::ZERO,
    };
}

/// CLZ (EIP-7939, Osaka): the number of leading zero bits of the top word, 256 for zero. Before Osaka the
/// byte is unassigned and halts like INVALID.
pub fn clz<Sys: system_api::SystemInterface>(it: &mut super::Interp<Sys>, sys: &mut Sys) {
    if !sys.block().fork.is_enabled(primitives::Fork::Osaka) {
        it.halt(ee_api::HaltReason::InvalidInstruction);
        return;
    }
    let top = it.stack.top();
    *top = U256::from(top.leading_zeros() as u64);
}
