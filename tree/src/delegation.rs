//! Blake2s compression through Airbender's round delegation (CSR 0x7c7): ten calls, one per round, on a
//! 24-word state (`h` then the working vector `v`) and a 16-word message block. Used only on riscv32 with the
//! `delegation` feature; the software function in `blake2s.rs` is the reference it must match.

const IV: [u32; 8] = [
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
];

use crate::blake2s::Block;

#[repr(C, align(128))]
struct State([u32; 24]);

/// The compression function F (same contract as the software version). The block is handed to the
/// delegation in place (it is aligned already), and only the state words the delegation reads are written:
/// it fills the rest of `v` itself on round 0.
pub fn compress(h: &mut [u32; 8], block: &Block, t: u64, last: bool) {
    let mut state = core::mem::MaybeUninit::<State>::uninit();
    let state_ptr = state.as_mut_ptr() as *mut u32;
    // SAFETY: `state_ptr` addresses 24 words of the local; words 0..8, 20 and 22 are written before the
    // delegation reads them, the others are written by its round 0 before being read; the copy out reads
    // words 0..8 after the rounds.
    unsafe {
        core::ptr::copy_nonoverlapping(h.as_ptr(), state_ptr, 8);
        state_ptr.add(8 + 12).write(IV[4] ^ t as u32);
        state_ptr.add(8 + 14).write(if last { !IV[6] } else { IV[6] });
    }
    let block_ptr = block.0.as_ptr();
    for round in 0..10u32 {
        let control = if round == 9 { 1u32 } else { 0 };
        // SAFETY: both pointers address live, aligned buffers in RAM (the stack) of the sizes the delegation
        // reads and writes; the delegation touches nothing else.
        unsafe {
            core::arch::asm!(
                "csrrw x0, 0x7c7, x0",
                in("x10") state_ptr,
                in("x11") block_ptr,
                inout("x12") 1u32 << round => _,
                in("x13") control,
                options(nostack)
            );
        }
    }
    // SAFETY: the rounds wrote words 0..8.
    unsafe { core::ptr::copy_nonoverlapping(state_ptr, h.as_mut_ptr(), 8) };
}
