//! The U256 operation delegation ("bigint with control"), CSR `0x7CA`.
//!
//! Follows Airbender's `risc_v_simulator` delegation `u256_ops_with_control_impl` and
//! `common_constants::delegation_types::bigint_with_control` (matter-labs/zksync-airbender):
//!
//! | register | meaning |
//! |---|---|
//! | `x10` | pointer to `a`: 8 words, 32-byte aligned, in RAM, read and overwritten by the result |
//! | `x11` | pointer to `b`: 8 words, 32-byte aligned, in RAM, read only, `x11 ≠ x10` |
//! | `x12` | in: the op mask; out: the result flag (0 or 1) |
//!
//! Numbers are little-endian words: word 0 holds the least significant 32 bits.
//!
//! The op mask has exactly one op bit, plus optionally [`CARRY`] (bit 6):
//!
//! | bit | op | result written to `a` | flag returned in `x12` |
//! |---|---|---|---|
//! | 0 | [`OP_ADD`] | `a + b + carry` mod 2^256 | carry out |
//! | 1 | [`OP_SUB`] | `a - b - carry` mod 2^256 | borrow out |
//! | 2 | [`OP_SUB_AND_NEGATE`] | `b - a - carry` mod 2^256 | borrow out |
//! | 3 | [`OP_MUL_LOW`] | low 256 bits of `a × b` | high half is non-zero |
//! | 4 | [`OP_MUL_HIGH`] | high 256 bits of `a × b` | 0 |
//! | 5 | [`OP_EQ`] | `a` unchanged | `a == b` |
//! | 7 | [`OP_MEMCOPY`] | `b + carry` mod 2^256 | carry out |
//!
//! The carry bit is ignored by the multiplications and by `EQ`.

use crate::DelegationError;

/// Number of 32-bit words of each operand.
pub const WORDS: usize = 8;
/// Required alignment of both pointers, in bytes.
pub const ALIGN: u32 = 32;

/// Op bit: `a = a + b + carry`.
pub const OP_ADD: u32 = 1 << 0;
/// Op bit: `a = a - b - carry`.
pub const OP_SUB: u32 = 1 << 1;
/// Op bit: `a = b - a - carry`.
pub const OP_SUB_AND_NEGATE: u32 = 1 << 2;
/// Op bit: `a = low half of a × b`.
pub const OP_MUL_LOW: u32 = 1 << 3;
/// Op bit: `a = high half of a × b`.
pub const OP_MUL_HIGH: u32 = 1 << 4;
/// Op bit: compare `a == b`, leave `a`.
pub const OP_EQ: u32 = 1 << 5;
/// Carry-in (or borrow-in) bit, combined with one op bit.
pub const CARRY: u32 = 1 << 6;
/// Op bit: `a = b + carry`.
pub const OP_MEMCOPY: u32 = 1 << 7;

type Words = [u32; WORDS];

fn add(a: &Words, b: &Words, carry_in: bool) -> (Words, bool) {
    let mut out = [0u32; WORDS];
    let mut carry = carry_in as u64;
    for i in 0..WORDS {
        let s = a[i] as u64 + b[i] as u64 + carry;
        out[i] = s as u32;
        carry = s >> 32;
    }
    (out, carry != 0)
}

fn sub(a: &Words, b: &Words, borrow_in: bool) -> (Words, bool) {
    let mut out = [0u32; WORDS];
    let mut borrow = borrow_in as u32;
    for i in 0..WORDS {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow);
        out[i] = d;
        borrow = (b1 | b2) as u32;
    }
    (out, borrow != 0)
}

fn mul_wide(a: &Words, b: &Words) -> [u32; 2 * WORDS] {
    let mut out = [0u32; 2 * WORDS];
    for i in 0..WORDS {
        let mut carry = 0u64;
        for j in 0..WORDS {
            let t = a[i] as u64 * b[j] as u64 + out[i + j] as u64 + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + WORDS] = carry as u32;
    }
    out
}

/// Executes one delegation call: updates `a` (`x10`) from `a` and `b` (`x11`) under `control`
/// (`x12`) and returns the flag the call leaves in `x12`.
pub fn u256_op(a: &mut Words, b: &Words, control: u32) -> Result<bool, DelegationError> {
    if control >= 1 << 8 || (control & !CARRY).count_ones() != 1 {
        return Err(DelegationError::InvalidOpMask(control));
    }
    let carry = control & CARRY != 0;
    let op = control & !CARRY;
    let flag = match op {
        OP_ADD => {
            let (r, c) = add(a, b, carry);
            *a = r;
            c
        }
        OP_SUB => {
            let (r, c) = sub(a, b, carry);
            *a = r;
            c
        }
        OP_SUB_AND_NEGATE => {
            let (r, c) = sub(b, a, carry);
            *a = r;
            c
        }
        OP_MUL_LOW => {
            let wide = mul_wide(a, b);
            a.copy_from_slice(&wide[..WORDS]);
            wide[WORDS..].iter().any(|&w| w != 0)
        }
        OP_MUL_HIGH => {
            let wide = mul_wide(a, b);
            a.copy_from_slice(&wide[WORDS..]);
            false
        }
        OP_EQ => a == b,
        _ => {
            // OP_MEMCOPY, the only bit left.
            let (r, c) = add(b, &[0; WORDS], carry);
            *a = r;
            c
        }
    };
    Ok(flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Words = [u32::MAX; WORDS];
    const ONE: Words = [1, 0, 0, 0, 0, 0, 0, 0];
    const ZERO: Words = [0; WORDS];

    #[test]
    fn add_sub_wrap_with_flags() {
        let mut a = MAX;
        assert_eq!(u256_op(&mut a, &ONE, OP_ADD), Ok(true));
        assert_eq!(a, ZERO);
        assert_eq!(u256_op(&mut a, &ONE, OP_SUB), Ok(true));
        assert_eq!(a, MAX);
        let mut a = ZERO;
        assert_eq!(u256_op(&mut a, &ZERO, OP_ADD | CARRY), Ok(false));
        assert_eq!(a, ONE);
        let mut a = ONE;
        assert_eq!(u256_op(&mut a, &ZERO, OP_SUB_AND_NEGATE), Ok(true));
        assert_eq!(a, MAX);
    }

    #[test]
    fn mul_halves() {
        // (2^256 - 1)^2 = 2^512 - 2^257 + 1: low = 1, high = 2^256 - 2.
        let mut a = MAX;
        assert_eq!(u256_op(&mut a, &MAX, OP_MUL_LOW), Ok(true));
        assert_eq!(a, ONE);
        let mut a = MAX;
        assert_eq!(u256_op(&mut a, &MAX, OP_MUL_HIGH), Ok(false));
        let mut expected = MAX;
        expected[0] = u32::MAX - 1;
        assert_eq!(a, expected);
    }

    #[test]
    fn eq_memcopy_and_bad_masks() {
        let mut a = ONE;
        assert_eq!(u256_op(&mut a, &ONE, OP_EQ), Ok(true));
        assert_eq!(u256_op(&mut a, &ZERO, OP_EQ), Ok(false));
        assert_eq!(a, ONE);
        assert_eq!(u256_op(&mut a, &MAX, OP_MEMCOPY), Ok(false));
        assert_eq!(a, MAX);
        assert_eq!(u256_op(&mut a, &MAX, OP_MEMCOPY | CARRY), Ok(true));
        assert_eq!(a, ZERO);
        for bad in [0, CARRY, OP_ADD | OP_SUB, 1 << 8] {
            assert_eq!(
                u256_op(&mut a, &ONE, bad),
                Err(DelegationError::InvalidOpMask(bad))
            );
        }
    }
}
