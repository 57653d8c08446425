//! Field and scalar arithmetic on the U256 delegation: every 256-bit multiplication, addition, subtraction
//! and copy is one delegation call. Both moduli use Montgomery multiplication with `R = 2^256` (four calls
//! for the 512-bit product, three for the reduction, a fourth ~1 time in 4 for the final correction).
//!
//! Why Montgomery and not the Solinas reduction P-256's `p` was chosen for: the NIST reduction adds and
//! subtracts nine 256-bit rearrangements of the product's words, which on this machine means building nine
//! operands word by word (~16 instructions each) and nine more calls, about 240 effective cycles against
//! ~45 for the Montgomery reduction's three calls; and `n` has no special form anyway.
//!
//! Field elements are kept *weakly reduced* (any value below `2^256`, so `p..2^256` may appear);
//! [`Fe::normalize`] makes them canonical. Scalars are always canonical (`< n`).
//!
//! Layout: the constants the calls take as operands (copied to RAM by [`init`]) and the shared helpers
//! here; the base field in `deleg/field.rs`; the scalars in `deleg/scalar.rs`.

#[path = "deleg/field.rs"]
mod field;
#[path = "deleg/scalar.rs"]
mod scalar;

use core::mem::MaybeUninit;

use crate::consts::{C_N, C_P, N, N_PRIME, P, P_PRIME};
use crate::u256::U256;

pub(crate) use field::Fe;
pub(crate) use scalar::Scalar;

/// The constants the arithmetic passes to the delegation as operands: they must live in RAM.
#[repr(C)]
struct Consts {
    p: U256,
    c_p: U256,
    p_prime: U256,
    two: U256,
    n: U256,
    c_n: U256,
    n_prime: U256,
}

const CONSTS: Consts = Consts {
    p: U256(P),
    c_p: U256(C_P),
    p_prime: U256(P_PRIME),
    two: U256([2, 0, 0, 0, 0, 0, 0, 0]),
    n: U256(N),
    c_n: U256(C_N),
    n_prime: U256(N_PRIME),
};

#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
mod ram {
    use super::{Consts, CONSTS, U256};
    use core::cell::UnsafeCell;

    /// Zero-initialised (so in `.bss`, in RAM); [`init`] fills it in before any arithmetic.
    struct Slot(UnsafeCell<Consts>);
    // SAFETY: the riscv32 guest is single-threaded; the slot is only written by `init`, always with the same
    // bytes.
    unsafe impl Sync for Slot {}
    const Z: U256 = U256([0; 8]);
    static SLOT: Slot = Slot(UnsafeCell::new(Consts {
        p: Z,
        c_p: Z,
        p_prime: Z,
        two: Z,
        n: Z,
        c_n: Z,
        n_prime: Z,
    }));

    #[inline(always)]
    pub(super) fn consts() -> &'static Consts {
        // SAFETY: single-threaded; `init` ran at the start of every public entry point, and only ever
        // writes the same bytes again.
        unsafe { &*SLOT.0.get() }
    }

    pub(crate) fn init() {
        // SAFETY: single-threaded, and no reference from `consts` is alive across entry points. Volatile, so
        // that the copy into RAM is not folded into reads of the constant in ROM.
        unsafe { core::ptr::write_volatile(SLOT.0.get(), CONSTS) };
    }
}

#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
mod ram {
    use super::{Consts, CONSTS};

    /// The software model of the delegation reads constants from anywhere.
    static SLOT: Consts = CONSTS;

    #[inline(always)]
    pub(super) fn consts() -> &'static Consts {
        &SLOT
    }

    pub(crate) fn init() {}
}

use ram::consts;
pub(crate) use ram::init;

/// A fresh buffer the delegation is about to overwrite completely.
#[inline(always)]
fn uninit() -> MaybeUninit<U256> {
    MaybeUninit::uninit()
}

/// Whether any word but the first is non-zero (the rare half of a "non-zero" test).
#[cold]
#[inline(never)]
fn nonzero_above_word_0(x: &U256) -> bool {
    x.0[1..].iter().any(|w| *w != 0)
}

/// Whether `x` is non-zero.
#[inline(always)]
fn nonzero(x: &U256) -> bool {
    x.0[0] != 0 || nonzero_above_word_0(x)
}
