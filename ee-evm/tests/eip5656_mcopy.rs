//! EIP-5656: MCOPY(dst, src, len) copies within memory with memmove semantics. Gas: 3 static + 3 per
//! word copied + expansion to cover both `[src, src+len)` and `[dst, dst+len)`. A zero length never
//! expands, whatever the offsets. The first four cases are the EIP's own test vectors.
//!
//! Transaction gas = 21 000 + the listed instructions.

use ee_api::{ExitStatus, HaltReason};
use primitives::U256;
use test_utils::bytecode::{word, IntoWord};
use test_utils::{exec, Bytecode, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;

/// `push(len) push(src) push(dst) MCOPY`.
fn mcopy(code: Bytecode, dst: impl IntoWord, src: impl IntoWord, len: impl IntoWord) -> Bytecode {
    code.push(len.into_word()).push(src.into_word()).push(dst.into_word()).op(MCOPY)
}

fn run(code: Bytecode) -> Executed {
    exec(code.into_vec(), vec![], 1_000_000)
}

/// 0x00 0x01 … 0x1f.
fn pattern() -> [u8; 32] {
    core::array::from_fn(|i| i as u8)
}

/// Memory starting `00 01 … 08` then zeros: PUSH32 (3) PUSH0 (2) MSTORE (3 + 3) = 11 gas.
fn nine_bytes() -> Bytecode {
    Bytecode::new().mstore_bytes(0, &[0, 1, 2, 3, 4, 5, 6, 7, 8])
}

#[test]
fn eip_vector_copy_a_word_down() {
    // MSTORE(32, pattern): PUSH32 (3) PUSH1 32 (3) MSTORE (3 + 6) = 15.
    // MCOPY(0, 32, 32): 3 + 3 + 2 + (3 + 3) = 14. RETURN(0, 64): 5.
    let code = mcopy(Bytecode::new().mstore(32, pattern()), 0, 32, 32).ret(0, 64);
    let r = run(code);
    assert_eq!(r.output, [pattern(), pattern()].concat());
    assert_eq!(r.gas_used, TX + 15 + 14 + 5);
}

#[test]
fn eip_vector_copy_onto_itself() {
    // MSTORE(0, pattern): 3 + 2 + 6 = 11. MCOPY(0, 0, 32): 3 + 2 + 2 + 6 = 13. RETURN(0, 32): 5.
    let r = run(mcopy(Bytecode::new().mstore(0, pattern()), 0, 0, 32).ret(0, 32));
    assert_eq!(r.output, pattern());
    assert_eq!(r.gas_used, TX + 11 + 13 + 5);
}

#[test]
fn eip_vector_overlapping_copy_towards_lower_addresses() {
    // MCOPY(0, 1, 8): 3 + 3 + 2 + 6 = 14.
    let r = run(mcopy(nine_bytes(), 0, 1, 8).ret(0, 32));
    let mut expected = [0u8; 32];
    expected[..9].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 8]);
    assert_eq!(r.output, expected);
    assert_eq!(r.gas_used, TX + 11 + 14 + 5);
}

#[test]
fn eip_vector_overlapping_copy_towards_higher_addresses() {
    // MCOPY(1, 0, 8): 3 + 2 + 3 + 6 = 14.
    let r = run(mcopy(nine_bytes(), 1, 0, 8).ret(0, 32));
    let mut expected = [0u8; 32];
    expected[..9].copy_from_slice(&[0, 0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(r.output, expected);
    assert_eq!(r.gas_used, TX + 11 + 14 + 5);
}

#[test]
fn destination_past_the_end_expands_memory() {
    // MCOPY(64, 0, 32) on empty memory: pushes 3 + 2 + 3, MCOPY 3 + 3 + memory for 3 words (9).
    // MSIZE (2) + ret_top (10, memory already there).
    let r = run(mcopy(Bytecode::new(), 64, 0, 32).op(MSIZE).ret_top());
    assert_eq!(r.output, word(96u64));
    assert_eq!(r.gas_used, TX + 8 + 15 + 2 + 10);
}

#[test]
fn source_past_the_end_expands_memory_and_reads_zeros() {
    // MSTORE(0, pattern) (11), MCOPY(0, 64, 32): 3 + 3 + 2 + 3 + 3 + memory 1 → 3 words (6) = 20.
    // RETURN(0, 32) (5): the copied zeros overwrote the pattern.
    let r = run(mcopy(Bytecode::new().mstore(0, pattern()), 0, 64, 32).ret(0, 32));
    assert_eq!(r.output, vec![0u8; 32]);
    assert_eq!(r.gas_used, TX + 11 + 20 + 5);
}

#[test]
fn partial_words_are_rounded_up() {
    // MCOPY(0, 0, 33): 3 static + 3 × 2 words + memory for 2 words (6); pushes 3 + 2 + 2.
    let r = run(mcopy(Bytecode::new(), 0, 0, 33).op(MSIZE).ret_top());
    assert_eq!(r.output, word(64u64));
    assert_eq!(r.gas_used, TX + 7 + 15 + 2 + 10);
}

#[test]
fn zero_length_copy_at_huge_offsets_is_free() {
    // PUSH0 (2) PUSH32 (3) PUSH32 (3) MCOPY (3, no words, no memory) MSIZE (2) + ret_top (13).
    let r = run(mcopy(Bytecode::new(), U256::MAX, U256::MAX, 0).op(MSIZE).ret_top());
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 8 + 3 + 2 + 13);
}

#[test]
fn huge_length_or_offset_halts() {
    let len = run(mcopy(Bytecode::new(), 0, 0, U256::MAX));
    assert_eq!(len.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(len.gas_used, 1_000_000);
    let dst = run(mcopy(Bytecode::new(), U256::MAX, 0, 1));
    assert_eq!(dst.status, ExitStatus::Halt(HaltReason::OutOfResources));
    let src = run(mcopy(Bytecode::new(), 0, 1u64 << 40, 1));
    assert_eq!(src.status, ExitStatus::Halt(HaltReason::OutOfResources));
}

#[test]
fn out_of_gas_exactly_at_the_copy() {
    // MCOPY(0, 0, 256) on empty memory: pushes 3 + 2 + 2, MCOPY 3 + 3 × 8 + memory for 8 words (24) = 51.
    let code = mcopy(Bytecode::new(), 0, 0, 256).into_vec();
    let exact = exec(code.clone(), vec![], TX + 58);
    assert_eq!(exact.status, ExitStatus::Success);
    assert_eq!(exact.gas_used, TX + 58);
    let short = exec(code, vec![], TX + 57);
    assert_eq!(short.status, ExitStatus::Halt(HaltReason::OutOfResources));
}
