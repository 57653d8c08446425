//! EIP-211 return data: RETURNDATASIZE/RETURNDATACOPY see the output of the most recent call or create
//! (revert data included, empty after a halt, after a successful CREATE or a call to an account without
//! code). RETURNDATACOPY reading past the end halts, even with a zero length. Copies cost 3 + 3 per word
//! + memory expansion.
//!
//! B returns the word 0x42 (`PUSH1 0x42` + ret_top: 16 gas) or reverts with it (16 as well).
//! TARGET's `CALL(50 000, B, 0, 0, 0, 0, 0)` costs 16 for the arguments + 2600 cold access, POP 2.
//! Transaction gas = 21 000 + the listed instructions.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, U256};
use test_utils::bytecode::word;
use test_utils::harness::exec_on;
use test_utils::{exec, Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const CALL_B: u64 = 16 + 2_600 + 16 + 2;

fn b() -> Address {
    Address::from_low_u64(0xB0B)
}

fn returns_42() -> Bytecode {
    Bytecode::new().push(0x42).ret_top()
}

fn reverts_42() -> Bytecode {
    Bytecode::new().mstore(0, 0x42).revert(0, 32)
}

/// TARGET calls B (running `b_code`), pops the flag, then runs `rest`.
fn after_call(b_code: Bytecode, rest: Bytecode) -> Executed {
    let mut chain = Chain::default();
    chain.deploy(b(), b_code.into_vec());
    let code = Bytecode::new().call(50_000, b(), 0, 0, 0, 0, 0).op(POP).append(rest);
    exec_on(&mut chain, code.into_vec(), vec![], 200_000)
}

/// `push(len) push(src) push(dst) RETURNDATACOPY`.
fn copy(dst: u64, src: u64, len: u64) -> Bytecode {
    Bytecode::new().push(len).push(src).push(dst).op(RETURNDATACOPY)
}

#[test]
fn buffer_starts_empty() {
    let r = exec(Bytecode::new().op(RETURNDATASIZE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 2 + 13);
}

#[test]
fn size_and_copy_after_a_call() {
    // RETURNDATASIZE (2) POP (2); RETURNDATACOPY(0, 0, 32): 3 + 2 + 2 + 3 + 3 + memory 3; RETURN(0, 32): 5.
    let rest = Bytecode::new().op(RETURNDATASIZE).op(POP).append(copy(0, 0, 32)).ret(0, 32);
    let r = after_call(returns_42(), rest);
    assert_eq!(r.output, word(0x42u64));
    assert_eq!(r.gas_used, TX + CALL_B + 4 + 16 + 5);
}

#[test]
fn partial_copy_from_an_offset() {
    // RETURNDATACOPY(0, 31, 1): 3 + 3 + 2 + 3 + 3 + 3; RETURN(0, 1): 5.
    let r = after_call(returns_42(), copy(0, 31, 1).ret(0, 1));
    assert_eq!(r.output, vec![0x42]);
    assert_eq!(r.gas_used, TX + CALL_B + 17 + 5);
}

#[test]
fn reading_past_the_end_halts() {
    let r = after_call(returns_42(), copy(0, 1, 32));
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfBounds));
    assert_eq!(r.gas_used, 200_000);
}

#[test]
fn zero_length_copy_halts_only_past_the_end() {
    // Offset 0 of an empty buffer is in bounds: PUSH0 × 3 (6) + 3, no words, no memory.
    let ok = exec(copy(0, 0, 0).into_vec(), vec![], 100_000);
    assert_eq!(ok.status, ExitStatus::Success);
    assert_eq!(ok.gas_used, TX + 9);
    // Offset 1 of an empty buffer is not, whatever the length.
    let past = exec(copy(0, 1, 0).into_vec(), vec![], 100_000);
    assert_eq!(past.status, ExitStatus::Halt(HaltReason::OutOfBounds));
    // Nor is offset 33 of a 32-byte buffer.
    assert_eq!(after_call(returns_42(), copy(0, 33, 0)).status, ExitStatus::Halt(HaltReason::OutOfBounds));
    // Offset + length overflowing 256 bits.
    let wrap = Bytecode::new().push(U256::MAX).push(1).push(0).op(RETURNDATACOPY);
    assert_eq!(after_call(returns_42(), wrap).status, ExitStatus::Halt(HaltReason::OutOfBounds));
}

#[test]
fn revert_data_is_return_data() {
    // B: MSTORE(0, 0x42) (11) REVERT(0, 32) (5). RETURNDATASIZE (2) + copy (16) + RETURN (5).
    let rest = Bytecode::new().op(RETURNDATASIZE).op(POP).append(copy(0, 0, 32)).ret(0, 32);
    let r = after_call(reverts_42(), rest);
    assert_eq!(r.output, word(0x42u64));
    assert_eq!(r.gas_used, TX + CALL_B + 4 + 16 + 5);
}

#[test]
fn halted_call_leaves_no_return_data() {
    // B: INVALID burns its 50 000; RETURNDATASIZE (2) + ret_top (13).
    let r = after_call(Bytecode::new().op(INVALID), Bytecode::new().op(RETURNDATASIZE).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 16 + 2_600 + 50_000 + 2 + 2 + 13);
}

#[test]
fn output_area_truncates_but_the_buffer_keeps_everything() {
    // B returns 32 bytes into a 1-byte output area at 31: memory [31, 32) gets only the first byte.
    // CALL arguments: PUSH1 1, PUSH1 31, 4 × PUSH0... (3 + 3 + 2 + 2 + 2 + 3 + 3 = 18), memory 3.
    let mut chain = Chain::default();
    chain.deploy(b(), Bytecode::new().push(U256::MAX).ret_top().into_vec());
    let code = Bytecode::new().call(50_000, b(), 0, 0, 0, 31, 1).op(POP).op(RETURNDATASIZE).ret_top();
    let r = exec_on(&mut chain, code.into_vec(), vec![], 200_000);
    assert_eq!(r.output, word(32u64));
    assert_eq!(r.gas_used, TX + 18 + 3 + 2_600 + 16 + 2 + 2 + 10);
}

#[test]
fn call_to_an_account_without_code_clears_the_buffer() {
    // After B's 32 bytes, CALL(0, 0xDEAD, 0, 0, 0, 0, 0) (15 + 2600) POP; RETURNDATASIZE ret_top.
    let rest =
        Bytecode::new().call(0, Address::from_low_u64(0xDEAD), 0, 0, 0, 0, 0).op(POP).op(RETURNDATASIZE).ret_top();
    let r = after_call(returns_42(), rest);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + CALL_B + 15 + 2_600 + 2 + 2 + 13);
}

#[test]
fn successful_create_clears_the_buffer() {
    // CREATE(0, 0, 0): 3 × PUSH0 (6) + 32 000; empty init code deploys nothing. POP (2) etc.
    let rest = Bytecode::new().create(0, 0, 0).op(POP).op(RETURNDATASIZE).ret_top();
    let r = after_call(returns_42(), rest);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + CALL_B + 6 + 32_000 + 2 + 2 + 13);
}

#[test]
fn reverted_create_returns_its_revert_data() {
    // Init code (8 bytes) written with PUSH32 PUSH0 MSTORE (11); CREATE(0, 0, 8): 3 + 2 + 2 + 32 000
    // + 2 per init-code word; init runs MSTORE(0, 0x42) REVERT(0, 32) (16). RETURNDATASIZE ret_top (2 + 2 + 10).
    let init = reverts_42().into_vec();
    assert_eq!(init.len(), 8);
    let code = Bytecode::new().mstore_bytes(0, &init).create(0, 0, 8).op(POP).op(RETURNDATASIZE).ret_top();
    let r = exec(code.into_vec(), vec![], 200_000);
    assert_eq!(r.output, word(32u64));
    assert_eq!(r.gas_used, TX + 11 + 7 + 32_002 + 16 + 2 + 2 + 10);
}
