//! Field and scalar arithmetic on the U256 delegation: every 256-bit multiplication, addition, subtraction
//! and copy is one delegation call; the reductions are specialised to `p = 2^256 - 2^32 - 977` and to the
//! 129-bit `2^256 - n`.
//!
//! Field elements are kept *weakly reduced*: any value below `2^256` (so `p..2^256` may appear);
//! [`Fe::normalize`] makes them canonical. Scalars are always canonical (`< n`).
//!
//! Layout: the constants and the carry helpers shared by both fields here; the base field ([`Fe`], with
//! the reduction modulo `p`) in `deleg/field.rs`; the scalars ([`Scalar`], Montgomery arithmetic modulo
//! `n`) in `deleg/scalar.rs`.

#[path = "deleg/field.rs"]
mod field;
#[path = "deleg/scalar.rs"]
mod scalar;

use core::mem::MaybeUninit;

use crate::u256::U256;

pub(crate) use field::Fe;
pub(crate) use scalar::Scalar;

/// `2^256 - p = 2^32 + 977`.
const C_WORDS: [u32; 8] = [977, 1, 0, 0, 0, 0, 0, 0];
/// The field prime `p`.
const P_WORDS: [u32; 8] = [
    0xFFFF_FC2F,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];
/// The group order `n`.
const N_WORDS: [u32; 8] = [
    0xD036_4141,
    0xBFD2_5E8C,
    0xAF48_A03B,
    0xBAAE_DCE6,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];
/// `2^256 - n` (129 bits).
const NC_WORDS: [u32; 8] = [
    0x2FC9_BEBF,
    0x402D_A173,
    0x50B7_5FC4,
    0x4551_2319,
    1,
    0,
    0,
    0,
];
/// `-n⁻¹ mod 2^256`, for Montgomery reduction.
const N_PRIME_WORDS: [u32; 8] = [
    0x5588_B13F,
    0x4B0D_FF66,
    0x34B9_EC24,
    0x50A5_1AC8,
    0x27CF_AB5E,
    0x897F_30C1,
    0x6494_EF93,
    0xD9E8_890D,
];
/// `2^512 mod n`, which takes a scalar into the Montgomery domain.
const R2_WORDS: [u32; 8] = [
    0x67D7_D140,
    0x896C_F214,
    0x0E7C_F878,
    0x7414_96C2,
    0x5BCD_07C6,
    0xE697_F5E4,
    0x81C6_9BC5,
    0x9D67_1CD5,
];
/// `n / 2` (rounded down).
const HALF_N_WORDS: [u32; 8] = [
    0x681B_20A0,
    0xDFE9_2F46,
    0x57A4_501D,
    0x5D57_6E73,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x7FFF_FFFF,
];

/// The constants the arithmetic passes to the delegation as operands: they must live in RAM.
#[repr(C)]
struct Consts {
    c: U256,
    p: U256,
    n: U256,
    nc: U256,
    n_prime: U256,
    r2: U256,
}

const CONSTS: Consts = Consts {
    c: U256(C_WORDS),
    p: U256(P_WORDS),
    n: U256(N_WORDS),
    nc: U256(NC_WORDS),
    n_prime: U256(N_PRIME_WORDS),
    r2: U256(R2_WORDS),
};

#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
mod ram {
    use super::{Consts, CONSTS, U256};
    use core::cell::UnsafeCell;

    /// Zero-initialised (so in `.bss`, in RAM); [`init`] fills it in before any arithmetic.
    struct Slot(UnsafeCell<Consts>);
    // SAFETY: the riscv32 guest is single-threaded; the slot is only written by `init`, with the same bytes.
    unsafe impl Sync for Slot {}
    const Z: U256 = U256([0; 8]);
    static SLOT: Slot = Slot(UnsafeCell::new(Consts {
        c: Z,
        p: Z,
        n: Z,
        nc: Z,
        n_prime: Z,
        r2: Z,
    }));

    #[inline(always)]
    pub(super) fn consts() -> &'static Consts {
        // SAFETY: single-threaded; `init` ran at the start of every public entry point.
        unsafe { &*SLOT.0.get() }
    }

    pub(crate) fn init() {
        // SAFETY: single-threaded, and no reference from `consts` is alive across entry points.
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

/// Adds `v` at word `at` and propagates the carry; returns the carry out of bit 256.
#[cold]
#[inline(never)]
fn add_at(x: &mut U256, at: usize, v: u32) -> bool {
    let (w, mut carry) = x.0[at].overflowing_add(v);
    x.0[at] = w;
    for w in x.0[at + 1..].iter_mut() {
        if !carry {
            break;
        }
        (*w, carry) = w.overflowing_add(1);
    }
    carry
}

/// Subtracts one at word `at` and propagates the borrow; returns the borrow out.
#[cold]
#[inline(never)]
fn sub_one_at(x: &mut U256, at: usize) -> bool {
    for w in x.0[at..].iter_mut() {
        let (v, borrow) = w.overflowing_sub(1);
        *w = v;
        if !borrow {
            return false;
        }
    }
    true
}
