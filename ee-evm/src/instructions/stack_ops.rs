//! POP, PUSH0–PUSH32, DUP1–DUP16, SWAP1–SWAP16.

use primitives::U256;
use system_api::SystemInterface;

use super::Interp;

/// POP
pub fn pop<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.stack.pop();
}

/// PUSH0
pub fn push0<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.stack.push(U256::ZERO);
}

/// PUSH1–PUSH32: the code is padded, so immediates past the end read as zeros.
pub fn push<const N: usize, Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let mut word = [0u8; 32];
    if let Some(bytes) = it.padded.get(it.pc..it.pc + N) {
        word[32 - N..].copy_from_slice(bytes);
    }
    it.stack.push(U256::from_be_bytes(word));
    it.pc += N;
}

/// DUP1–DUP16: `N` is the depth (DUP1 copies the top, `N = 1`).
pub fn dup<const N: usize, Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.stack.dup(N - 1);
}

/// SWAP1–SWAP16: `N` is the depth of the item swapped with the top.
pub fn swap<const N: usize, Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.stack.swap(N);
}
