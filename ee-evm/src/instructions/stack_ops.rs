//! POP, PUSH0–PUSH32, DUP1–DUP16, SWAP1–SWAP16.

use primitives::U256;
use system_api::SystemInterface;

use super::Interp;
use crate::opcodes::{DUP1, SWAP1};

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
    if let Some(bytes) = it.code.padded.get(it.pc..it.pc + N) {
        word[32 - N..].copy_from_slice(bytes);
    }
    it.stack.push(U256::from_be_bytes(word));
    it.pc += N;
}

/// DUP1–DUP16 (the opcode byte selects the depth).
pub fn dup<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let op = it.code.padded[it.pc - 1];
    it.stack.dup((op - DUP1) as usize);
}

/// SWAP1–SWAP16 (the opcode byte selects the depth).
pub fn swap<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let op = it.code.padded[it.pc - 1];
    it.stack.swap((op - SWAP1) as usize + 1);
}
