//! The Airbender U256 delegation (CSR `0x7ca`) as the delegation backends see it.
//!
//! One call updates the 8-word operand `a` (pointer in `x10`) from `a` and `b` (pointer in `x11`) under the
//! op mask in `x12` and returns a flag in `x12`. Both operands are little-endian 32-bit words, 32-byte
//! aligned, in RAM (the stack, `.bss` or the heap: never a `const` or `static` in ROM), and must not be the
//! same buffer. On riscv32 with the `delegation` feature the call is the CSR instruction; with
//! `emulated-delegation` on other targets it is a software model of the same semantics, so that the
//! delegation backends can be tested on the host.

/// 256 bits as eight little-endian 32-bit words, aligned as the delegation requires.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(C, align(32))]
pub(crate) struct U256(pub(crate) [u32; 8]);

/// `a = a + b + carry`; flag: carry out.
pub(crate) const ADD: u32 = 1 << 0;
/// `a = a - b - borrow`; flag: borrow out.
pub(crate) const SUB: u32 = 1 << 1;
/// `a = b - a - borrow`; flag: borrow out.
pub(crate) const SUB_AND_NEGATE: u32 = 1 << 2;
/// `a = low 256 bits of a × b`; flag: the high half is non-zero.
pub(crate) const MUL_LOW: u32 = 1 << 3;
/// `a = high 256 bits of a × b`.
pub(crate) const MUL_HIGH: u32 = 1 << 4;
/// `a = b` (plus the carry bit).
pub(crate) const MEMCOPY: u32 = 1 << 7;

/// One delegation call: `a ← op(a, b)`, returning the flag.
///
/// # Safety
/// `a` and `b` must point to live, distinct `U256` buffers in RAM; the call writes `a` only.
#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
#[inline(always)]
pub(crate) unsafe fn op(a: *mut U256, b: *const U256, mask: u32) -> bool {
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
/// `a` and `b` must point to live, distinct `U256` buffers; the call writes `a` only.
#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
#[inline(always)]
pub(crate) unsafe fn op(a: *mut U256, b: *const U256, mask: u32) -> bool {
    debug_assert!(!core::ptr::eq(a, b), "the delegation rejects a == b");
    // SAFETY: the caller guarantees both pointers are live and distinct.
    let (x, y) = unsafe { (&mut (*a).0, &(*b).0) };
    emulate(x, y, mask)
}

/// The delegation's arithmetic on words (the semantics of `zkos_simulator::delegation::u256`).
#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
fn emulate(a: &mut [u32; 8], b: &[u32; 8], mask: u32) -> bool {
    const CARRY: u32 = 1 << 6;
    let carry = (mask & CARRY != 0) as u64;
    match mask & !CARRY {
        ADD | MEMCOPY => {
            let add_a = mask & !CARRY == ADD;
            let mut c = carry;
            for i in 0..8 {
                let s = if add_a { a[i] as u64 } else { 0 } + b[i] as u64 + c;
                a[i] = s as u32;
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
        _ => unreachable!("unused delegation op {mask:#x}"),
    }
}
