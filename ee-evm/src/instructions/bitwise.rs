//! Comparisons, bit logic and shifts.

use primitives::U256;
use system_api::SystemInterface;

use super::{pop, Interp};

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
pub fn lt<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b = flag(a < *b);
}

/// GT
pub fn gt<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b = flag(a > *b);
}

/// SLT
pub fn slt<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b = flag(signed_lt(&a, b));
}

/// SGT
pub fn sgt<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b = flag(signed_lt(b, &a));
}

/// EQ
pub fn eq<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b = flag(a == *b);
}

/// ISZERO
pub fn iszero<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let a = it.stack.top();
    *a = flag(a.is_zero());
}

/// AND
pub fn and<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b &= a;
}

/// OR
pub fn or<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b |= a;
}

/// XOR
pub fn xor<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; a);
    let b = it.stack.top();
    *b ^= a;
}

/// NOT
pub fn not<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let a = it.stack.top();
    *a = !*a;
}

/// BYTE: byte `i` of `x`, 0 being the most significant.
pub fn byte<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; i);
    let x = it.stack.top();
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
pub fn shl<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; shift);
    let x = it.stack.top();
    *x = match shift_amount(&shift) {
        Some(s) => *x << s,
        None => U256::ZERO,
    };
}

/// SHR
pub fn shr<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; shift);
    let x = it.stack.top();
    *x = match shift_amount(&shift) {
        Some(s) => *x >> s,
        None => U256::ZERO,
    };
}

/// SAR: arithmetic shift, filling with the sign bit.
pub fn sar<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; shift);
    let x = it.stack.top();
    let negative = x.bit(255);
    *x = match shift_amount(&shift) {
        Some(s) if negative => !((!*x) >> s),
        Some(s) => *x >> s,
        None if negative => U256::MAX,
        None => U256::ZERO,
    };
}
