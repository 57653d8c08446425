//! POP, PUSH0–PUSH32, DUP1–DUP16, SWAP1–SWAP16.

use primitives::U256;

use crate::stack::StackView;

/// POP
#[inline(always)]
pub fn pop(s: &mut StackView) {
    s.pop();
}

/// PUSH0
#[inline(always)]
pub fn push0(s: &mut StackView) {
    s.push(U256::ZERO);
}

/// The `N`-byte big-endian immediate at `pc` in padded code, which holds 33 zero bytes past the real code,
/// so an immediate cut off by the end of the code reads as zeros (and so does one past the padding).
#[inline(always)]
pub fn immediate<const N: usize>(padded: &[u8], pc: usize) -> U256 {
    let Some(bytes) = padded.get(pc..pc + N) else {
        return U256::ZERO;
    };
    if N <= 8 {
        // The common PUSH1–PUSH8 fill one limb: no 32-byte buffer to assemble and convert.
        let mut limb = 0u64;
        for &byte in bytes {
            limb = (limb << 8) | byte as u64;
        }
        return U256::from_limbs([limb, 0, 0, 0]);
    }
    let mut word = [0u8; 32];
    word[32 - N..].copy_from_slice(bytes);
    U256::from_be_bytes(word)
}

/// DUP1–DUP16: `N` is the depth (DUP1 copies the top, `N = 1`).
#[inline(always)]
pub fn dup<const N: usize>(s: &mut StackView) {
    s.dup(N - 1);
}

/// SWAP1–SWAP16: `N` is the depth of the item swapped with the top.
#[inline(always)]
pub fn swap<const N: usize>(s: &mut StackView) {
    s.swap(N);
}

/// PUSH1–PUSH32 as a table entry (the hot loop inlines the same [`immediate`]).
pub fn push<const N: usize, Sys: system_api::SystemInterface>(it: &mut super::Interp<Sys>, _: &mut Sys) {
    let value = immediate::<N>(&it.padded, it.pc);
    it.stack.push(value);
    it.pc += N;
}
