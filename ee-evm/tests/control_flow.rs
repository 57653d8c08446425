//! Control flow and frame ends: JUMP/JUMPI only to JUMPDESTs outside PUSH data (JUMPI with a zero condition
//! never checks its target), PC, GAS (the gas left after GAS itself), running off the end of the code,
//! undefined and INVALID opcodes (exceptional halts: all gas consumed), stack limits of DUP/SWAP, and
//! REVERT (output kept, unused gas returned).
//!
//! Transaction gas = 21 000 + the listed instructions; ret_top costs 13 on fresh memory.

use ee_api::{ExitStatus, HaltReason};
use primitives::U256;
use test_utils::bytecode::word;
use test_utils::{exec, Bytecode, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const LIMIT: u64 = 100_000;

fn run(code: Bytecode) -> Executed {
    exec(code.into_vec(), vec![], LIMIT)
}

fn assert_halts(code: Bytecode, reason: HaltReason) {
    let r = run(code);
    assert_eq!(r.status, ExitStatus::Halt(reason));
    assert_eq!(r.gas_used, LIMIT);
    assert!(r.output.is_empty());
}

#[test]
fn jump_lands_on_a_jumpdest() {
    // PUSH2 (3) JUMP (8), skipping INVALID; JUMPDEST (1) PUSH1 1 (3) + ret_top.
    let r = run(Bytecode::new().jump("ok").op(INVALID).label("ok").push(1).ret_top());
    assert_eq!(r.output, word(1u64));
    assert_eq!(r.gas_used, TX + 3 + 8 + 1 + 3 + 13);
}

#[test]
fn jump_into_push_data_halts() {
    // 0: PUSH1 3, 2: JUMP, 3: PUSH1 0x5b — byte 4 is a 0x5b inside PUSH data.
    assert_halts(Bytecode::new().push(4).op(JUMP).push(0x5b), HaltReason::InvalidJump);
}

#[test]
fn jump_to_other_places_halts() {
    // Not a JUMPDEST, past the end of the code, beyond 64 bits.
    assert_halts(Bytecode::new().push(0).op(JUMP), HaltReason::InvalidJump);
    assert_halts(Bytecode::new().push(100).op(JUMP).jumpdest(), HaltReason::InvalidJump);
    assert_halts(Bytecode::new().push(U256::MAX).op(JUMP), HaltReason::InvalidJump);
}

#[test]
fn jumpi_with_a_zero_condition_falls_through() {
    // PUSH0 (2) PUSH32 (3) JUMPI (10): the bogus target is never checked.
    let r = run(Bytecode::new().push(0).push(U256::MAX).op(JUMPI).push(7).ret_top());
    assert_eq!(r.output, word(7u64));
    assert_eq!(r.gas_used, TX + 2 + 3 + 10 + 3 + 13);
}

#[test]
fn jumpi_with_any_nonzero_condition_jumps() {
    // PUSH32 2^255 (3) PUSH2 (3) JUMPI (10) JUMPDEST (1) PUSH1 9 (3) + ret_top.
    let code = Bytecode::new().push(U256::from(1u8) << 255).jumpi("t").op(INVALID).label("t").push(9).ret_top();
    let r = run(code);
    assert_eq!(r.output, word(9u64));
    assert_eq!(r.gas_used, TX + 3 + 3 + 10 + 1 + 3 + 13);
}

#[test]
fn pc_is_the_offset_of_the_pc_instruction() {
    // PUSH1 0 (2 bytes) JUMPDEST (1 byte) PC → 3. Gas: 3 + 1 + 2, SWAP1 POP (5), ret_top.
    let r = run(Bytecode::new().push_n(1, 0u64).jumpdest().op(PC).op(SWAP1).op(POP).ret_top());
    assert_eq!(r.output, word(3u64));
    assert_eq!(r.gas_used, TX + 6 + 5 + 13);
}

#[test]
fn gas_reports_what_is_left_after_itself() {
    // 79 000 execution gas; JUMPDEST (1) then GAS (2): 78 997.
    let r = run(Bytecode::new().jumpdest().op(GAS).ret_top());
    assert_eq!(r.output, word(78_997u64));
    assert_eq!(r.gas_used, TX + 1 + 2 + 13);
}

#[test]
fn running_off_the_end_is_a_stop() {
    let r = run(Bytecode::new().push(1).push(2));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 6);
}

#[test]
fn undefined_and_invalid_opcodes_halt() {
    for op in [0x0c, 0x21, 0x4b, 0xef, 0xf6, INVALID] {
        assert_halts(Bytecode::new().push(1).op(op), HaltReason::InvalidInstruction);
    }
}

#[test]
fn dup16_and_swap16_need_their_depth() {
    // 16 items: DUP16 works (16 × 2 + 3).
    let ok = run(Bytecode::new().repeat(PUSH0, 16).op(DUP16));
    assert_eq!(ok.gas_used, TX + 32 + 3);
    assert_halts(Bytecode::new().repeat(PUSH0, 15).op(DUP16), HaltReason::StackUnderflow);
    // SWAP16 needs 17.
    let ok = run(Bytecode::new().repeat(PUSH0, 17).op(SWAP16));
    assert_eq!(ok.gas_used, TX + 34 + 3);
    assert_halts(Bytecode::new().repeat(PUSH0, 16).op(SWAP16), HaltReason::StackUnderflow);
}

#[test]
fn dup_on_a_full_stack_overflows() {
    assert_halts(Bytecode::new().repeat(PUSH0, 1024).op(DUP1), HaltReason::StackOverflow);
    // SWAP on a full stack is fine: 1024 × 2 + 3.
    assert_eq!(run(Bytecode::new().repeat(PUSH0, 1024).op(SWAP1)).gas_used, TX + 2_048 + 3);
}

#[test]
fn revert_keeps_its_output_and_returns_unused_gas() {
    // MSTORE(0, 0x42) (11) REVERT(0, 32) (5).
    let r = run(Bytecode::new().mstore(0, 0x42).revert(0, 32));
    assert_eq!(r.status, ExitStatus::Revert);
    assert_eq!(r.output, word(0x42u64));
    assert_eq!(r.gas_used, TX + 16);
}
