//! The Airbender U256 delegation (CSR `0x7ca`), shared by zkos's big-integer backends
//! (`zkos-secp256k1`, `zkos-p256`).
//!
//! One call updates the 8-word operand `a` (pointer in `x10`) from `a` and `b` (pointer in `x11`) under the
//! op mask in `x12` and returns a flag in `x12`. Both operands are little-endian 32-bit words, 32-byte
//! aligned, in RAM (the stack, `.bss` or the heap: never a `const` or `static` in ROM), and must not be the
//! same buffer.
//!
//! `op` is the CSR instruction on riscv32 with the `delegation` feature. Elsewhere, with the `emulated`
//! feature, it is a software model of the same semantics (those of `zkos_simulator::delegation::u256`), so
//! that the delegation backends can be tested on the host; without either, `op` does not exist (except in
//! this crate's own tests), which keeps the slow model out of production builds.
//!
//! # Example
//!
//! With the `emulated` feature on the host (the doctests enable it), the model answers as the CSR would:
//!
//! ```
//! use zkos_u256_delegation::{op, U256, ADD, CARRY, EQ, MUL_HIGH};
//!
//! // (2^256 - 1) + 1 = 0, carry out.
//! let mut a = U256([u32::MAX; 8]);
//! let one = U256([1, 0, 0, 0, 0, 0, 0, 0]);
//! // SAFETY: two live, distinct, aligned buffers.
//! let carry = unsafe { op(&mut a, &one, ADD) };
//! assert!(carry);
//! assert_eq!(a, U256([0; 8]));
//! // 0 + 1 + carry in = 2.
//! assert!(!unsafe { op(&mut a, &one, ADD | CARRY) });
//! assert_eq!(a.0[0], 2);
//!
//! // The high half of 2^128 × 2^128 is 1.
//! let mut x = U256([0, 0, 0, 0, 1, 0, 0, 0]);
//! let y = x;
//! unsafe { op(&mut x, &y, MUL_HIGH) };
//! assert_eq!(x, one);
//! assert!(unsafe { op(&mut x, &one, EQ) });
//! ```
#![no_std]

/// 256 bits as eight little-endian 32-bit words, aligned as the delegation requires.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(C, align(32))]
pub struct U256(pub [u32; 8]);

/// `a = a + b + carry`; flag: carry out.
pub const ADD: u32 = 1 << 0;
/// `a = a - b - borrow`; flag: borrow out.
pub const SUB: u32 = 1 << 1;
/// `a = b - a - borrow`; flag: borrow out.
pub const SUB_AND_NEGATE: u32 = 1 << 2;
/// `a = low 256 bits of a × b`; flag: the high half is non-zero.
pub const MUL_LOW: u32 = 1 << 3;
/// `a = high 256 bits of a × b`.
pub const MUL_HIGH: u32 = 1 << 4;
/// `a` unchanged; flag: `a == b`.
pub const EQ: u32 = 1 << 5;
/// Carry (or borrow) in, combined with [`ADD`], [`SUB`], [`SUB_AND_NEGATE`] or [`MEMCOPY`].
pub const CARRY: u32 = 1 << 6;
/// `a = b` (plus the carry bit).
pub const MEMCOPY: u32 = 1 << 7;

/// One delegation call: `a ← op(a, b)`, returning the flag.
///
/// # Safety
/// `a` and `b` must point to live, distinct `U256` buffers in RAM; the call writes `a` only. `mask` must be
/// one op bit, optionally with [`CARRY`].
#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
#[inline(always)]
pub unsafe fn op(a: *mut U256, b: *const U256, mask: u32) -> bool {
    let flag: u32;
    // SAFETY: the caller guarantees both pointers address live, aligned, distinct 32-byte buffers in RAM; the
    // delegation reads both and writes only `a`, which the default memory clobber accounts for.
    unsafe {
        core::arch::asm!(
            "csrrw x0, 0x7ca, x0",
            in("x10") a,
            in("x11") b,
            inlateout("x12") mask => flag,
            options(nostack)
        );
    }
    flag != 0
}

/// One delegation call: `a ← op(a, b)`, returning the flag (software model).
///
/// # Safety
/// `a` and `b` must point to live, distinct `U256` buffers; the call writes `a` only. `mask` must be one op
/// bit, optionally with [`CARRY`].
#[cfg(all(
    any(feature = "emulated", test),
    not(all(target_arch = "riscv32", feature = "delegation"))
))]
#[inline(always)]
pub unsafe fn op(a: *mut U256, b: *const U256, mask: u32) -> bool {
    debug_assert!(!core::ptr::eq(a, b), "the delegation rejects a == b");
    // SAFETY: the caller guarantees both pointers are live and distinct.
    let (x, y) = unsafe { (&mut (*a).0, &(*b).0) };
    model::emulate(x, y, mask)
}

#[cfg(all(
    any(feature = "emulated", test),
    not(all(target_arch = "riscv32", feature = "delegation"))
))]
mod model {
    //! The delegation's arithmetic on words.

    use super::{ADD, CARRY, EQ, MEMCOPY, MUL_HIGH, MUL_LOW, SUB, SUB_AND_NEGATE};

    /// `a ← op(a, b)` under `mask`, returning the flag.
    pub(super) fn emulate(a: &mut [u32; 8], b: &[u32; 8], mask: u32) -> bool {
        let carry = (mask & CARRY != 0) as u64;
        match mask & !CARRY {
            ADD | MEMCOPY => {
                let add_a = mask & !CARRY == ADD;
                let mut c = carry;
                for (x, y) in a.iter_mut().zip(b) {
                    let s = if add_a { *x as u64 } else { 0 } + *y as u64 + c;
                    *x = s as u32;
                    c = s >> 32;
                }
                c != 0
            }
            SUB | SUB_AND_NEGATE => {
                let (x, y) = if mask & !CARRY == SUB {
                    (*a, *b)
                } else {
                    (*b, *a)
                };
                let mut borrow = carry as u32;
                for i in 0..8 {
                    let (d, b1) = x[i].overflowing_sub(y[i]);
                    let (d, b2) = d.overflowing_sub(borrow);
                    a[i] = d;
                    borrow = (b1 | b2) as u32;
                }
                borrow != 0
            }
            MUL_LOW | MUL_HIGH => {
                let mut wide = [0u32; 16];
                for i in 0..8 {
                    let mut c = 0u64;
                    for j in 0..8 {
                        let t = a[i] as u64 * b[j] as u64 + wide[i + j] as u64 + c;
                        wide[i + j] = t as u32;
                        c = t >> 32;
                    }
                    wide[i + 8] = c as u32;
                }
                if mask & !CARRY == MUL_LOW {
                    a.copy_from_slice(&wide[..8]);
                    wide[8..].iter().any(|w| *w != 0)
                } else {
                    a.copy_from_slice(&wide[8..]);
                    false
                }
            }
            EQ => a == b,
            // The real delegation rejects any other mask (the simulator's `InvalidOpMask`): so does the
            // model, loudly, since only a bug in a backend can get here.
            _ => unreachable!("invalid delegation op mask {mask:#x}"),
        }
    }
}

#[cfg(all(test, not(all(target_arch = "riscv32", feature = "delegation"))))]
mod tests {
    use super::*;

    fn call(a: [u32; 8], b: [u32; 8], mask: u32) -> ([u32; 8], bool) {
        let mut x = U256(a);
        let y = U256(b);
        // SAFETY: two distinct locals.
        let flag = unsafe { op(&mut x, &y, mask) };
        (x.0, flag)
    }

    #[test]
    fn model_matches_the_documented_semantics() {
        let max = [u32::MAX; 8];
        let one = [1, 0, 0, 0, 0, 0, 0, 0];
        let zero = [0; 8];
        assert_eq!(call(max, one, ADD), (zero, true));
        assert_eq!(call(max, zero, ADD | CARRY), (zero, true));
        assert_eq!(call(zero, one, SUB), (max, true));
        assert_eq!(call(one, zero, SUB_AND_NEGATE), (max, true));
        assert_eq!(call(zero, one, MEMCOPY), (one, false));
        assert_eq!(call(zero, max, MEMCOPY | CARRY), (zero, true));
        // (2^256 - 1)² = 2^512 - 2^257 + 1.
        let mut high = max;
        high[0] = u32::MAX - 1;
        assert_eq!(call(max, max, MUL_LOW), (one, true));
        assert_eq!(call(max, max, MUL_HIGH), (high, false));
        assert_eq!(call(one, one, MUL_LOW), (one, false));
        assert_eq!(call(one, one, EQ), (one, true));
        assert_eq!(call(one, zero, EQ), (one, false));
    }
}
