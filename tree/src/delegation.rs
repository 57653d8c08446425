//! Blake2s compression through Airbender's round delegation (CSR 0x7c7): ten calls, one per round, on a
//! 24-word state (`h` then the working vector `v`) and a 16-word message block. Used only on riscv32 with the
//! `delegation` feature; the software function in `blake2s.rs` is the reference it must match.

const IV: [u32; 8] = [
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
];

#[repr(C, align(128))]
struct State([u32; 24]);

#[repr(C, align(64))]
struct Block([u32; 16]);

/// The compression function F (same contract as the software version).
pub fn compress(h: &mut [u32; 8], m: &[u32; 16], t: u64, last: bool) {
    let mut state = State([0u32; 24]);
    state.0[..8].copy_from_slice(h);
    // The delegation fills the rest of `v` on round 0; the counter and final flag are ours to set.
    state.0[8 + 12] = IV[4] ^ t as u32;
    state.0[8 + 14] = if last { !IV[6] } else { IV[6] };
    let block = Block(*m);
    let state_ptr = state.0.as_mut_ptr();
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
    h.copy_from_slice(&state.0[..8]);
}
