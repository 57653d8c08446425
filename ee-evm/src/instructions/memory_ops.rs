//! Memory access: MLOAD, MSTORE, MSTORE8, MSIZE, MCOPY (EIP-5656) and KECCAK256.

use primitives::U256;
use system_api::SystemInterface;

use super::{charge, pop, Interp};
use crate::memory::Memory;
use crate::stack::StackView;

/// 32-byte words covering `len` bytes.
#[inline]
pub(crate) fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}

/// MLOAD
pub fn mload<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let offset = primitives::u256_to_u64(it.stack.peek_ref(0));
    let Some(offset) = it.memory_at(offset, 32) else { return };
    *it.stack.top() = it.memory.load_word(offset);
}

/// MSTORE
pub fn mstore<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    // Read in place (see `Stack::peek_ref`), then dropped.
    let offset = primitives::u256_to_u64(it.stack.peek_ref(0));
    let Some(offset) = it.memory_at(offset, 32) else { return };
    it.memory.store_word(offset, it.stack.peek_ref(1));
    it.stack.drop_top(2);
}

/// The offset of a 32-byte access by the word `offset`, when it lies inside current memory (no expansion,
/// nothing to charge); `None` sends the instruction to its full body.
#[inline(always)]
fn word_inside(memory: &Memory, offset: &U256) -> Option<usize> {
    let offset = primitives::u256_to_u64(offset)?;
    (offset.checked_add(32)? <= memory.len() as u64).then_some(offset as usize)
}

/// MLOAD's common case, for the hot loop: the word lies inside memory. Returns false, with the stack
/// untouched, when [`mload`] must run instead.
#[inline(always)]
pub(crate) fn mload_inside(memory: &Memory, s: &mut StackView) -> bool {
    let Some(offset) = word_inside(memory, s.peek_ref(0)) else { return false };
    *s.top() = memory.load_word(offset);
    true
}

/// MSTORE's common case, as [`mload_inside`].
#[inline(always)]
pub(crate) fn mstore_inside(memory: &mut Memory, s: &mut StackView) -> bool {
    let Some(offset) = word_inside(memory, s.peek_ref(0)) else { return false };
    memory.store_word(offset, s.peek_ref(1));
    s.drop_top(2);
    true
}

/// MSTORE8
pub fn mstore8<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let offset = primitives::u256_to_u64(it.stack.peek_ref(0));
    let Some(offset) = it.memory_at(offset, 1) else { return };
    let byte = it.stack.peek_ref(1).byte(0);
    it.stack.drop_top(2);
    if let Some(slot) = it.memory.slice_mut(offset, 1).first_mut() {
        *slot = byte;
    }
}

/// MSIZE
pub fn msize<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let len = it.memory.len();
    it.stack.push(U256::from(len));
}

/// MCOPY: 3 gas per word copied, memory expanded to cover both ranges.
pub fn mcopy<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; dst, src, len);
    let Some(n) = primitives::u256_to_u64(&len) else {
        it.halt(ee_api::HaltReason::OutOfResources);
        return;
    };
    charge!(it, 3 * (n.div_ceil(32)));
    if n == 0 {
        return;
    }
    let end_src = primitives::u256_to_u64(&src).map(|s| s.max(primitives::u256_to_u64(&dst).unwrap_or(u64::MAX)));
    // Expanding to the larger start covers both ranges (same length).
    let far = U256::from(end_src.unwrap_or(u64::MAX));
    let Some(_) = it.memory_range(&far, &len) else { return };
    let (src, dst) = (src.as_limbs()[0] as usize, dst.as_limbs()[0] as usize);
    it.memory.copy_within(src, dst, n as usize);
}

/// KECCAK256: 6 gas per word hashed.
pub fn keccak256<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    pop!(it; offset, len);
    let Some((offset, len)) = it.memory_range(&offset, &len) else { return };
    charge!(it, 6 * words(len));
    // The System remembers short inputs for the whole block (see `SystemInterface::keccak256`).
    let digest = sys.keccak256(it.memory.slice(offset, len));
    it.stack.push(digest.to_word());
}
