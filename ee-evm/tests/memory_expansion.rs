//! Memory expansion: `C_mem(w) = 3 w + ⌊w² / 512⌋` for `w` 32-byte words, charged as the difference
//! between the new and the old size whenever an access reaches past the end (yellow paper, appendix H).
//! Zero-length accesses never expand, whatever the offset. Copies add 3 gas per word copied and KECCAK256
//! 6 per word hashed.
//!
//! Gas figures are the whole transaction's: 21 000 intrinsic plus the listed instructions.

use ee_api::{ExitStatus, HaltReason};
use primitives::{KECCAK_EMPTY, U256};
use test_utils::bytecode::{memory_cost, word};
use test_utils::{exec, Bytecode};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;

#[test]
fn first_word_costs_three() {
    // PUSH1 1 (3) PUSH0 (2) MSTORE (3 + 3).
    let r = exec(Bytecode::new().mstore(0, 1).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 11);
}

#[test]
fn mstore8_expands_by_the_byte_it_touches() {
    // MSTORE8 at 31 fits one word; at 32 it needs two. Then MSIZE (2) and ret_top (10, memory paid).
    let one = exec(Bytecode::new().mstore8(31, 1).op(MSIZE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(one.output, word(32u64));
    assert_eq!(one.gas_used, TX + 3 + 3 + 3 + 3 + 2 + 10);
    let two = exec(Bytecode::new().mstore8(32, 1).op(MSIZE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(two.output, word(64u64));
    assert_eq!(two.gas_used, TX + 3 + 3 + 3 + 6 + 2 + 10);
}

#[test]
fn unaligned_mload_spans_two_words() {
    // PUSH1 1 (3) MLOAD (3 + 6 for [1, 33)) MSIZE (2) + ret_top with memory already paid (10).
    let r = exec(Bytecode::new().mload(1).op(POP).op(MSIZE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(64u64));
    assert_eq!(r.gas_used, TX + 3 + 9 + 2 + 2 + 10);
}

#[test]
fn cost_is_quadratic_at_1024_words() {
    // MSTORE at 32 × 1023 ends at word 1024: 3 × 1024 + 1024² / 512 = 3072 + 2048 = 5120.
    // PUSH1 1 (3) PUSH2 32736 (3) MSTORE (3 + 5120).
    let r = exec(Bytecode::new().mstore(32 * 1023, 1).into_vec(), vec![], 100_000);
    assert_eq!(r.gas_used, TX + 9 + 5_120);
}

#[test]
fn expansion_charges_only_the_difference() {
    // First word 3, then growing from 1 to 1024 words costs 5120 - 3.
    let code = Bytecode::new().mstore(0, 1).mstore(32 * 1023, 1).into_vec();
    let r = exec(code, vec![], 100_000);
    assert_eq!(r.gas_used, TX + (3 + 2 + 3 + 3) + (3 + 3 + 3 + 5_117));
}

#[test]
fn memory_cost_table_across_the_quadratic_knee() {
    // (words, C_mem): hand-computed 3w + ⌊w²/512⌋.
    let table = [(1u64, 3u64), (2, 6), (22, 66), (23, 70), (32, 98), (512, 2_048), (513, 2_053), (1_000, 4_953)];
    for (words, cost) in table {
        assert_eq!(memory_cost(words), cost);
        // PUSH0 (value 0, 2) PUSHn offset (3) MSTORE8 (3 + C_mem).
        let r = exec(Bytecode::new().mstore8(32 * words - 1, 0).into_vec(), vec![], 100_000);
        assert_eq!(r.gas_used, TX + 8 + cost, "{words} words");
    }
}

#[test]
fn expansion_runs_out_of_gas_at_the_exact_boundary() {
    let code = Bytecode::new().mstore(32 * 1023, 1).into_vec();
    let exact = exec(code.clone(), vec![], TX + 9 + 5_120);
    assert_eq!(exact.status, ExitStatus::Success);
    let short = exec(code, vec![], TX + 9 + 5_119);
    assert_eq!(short.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(short.gas_used, TX + 9 + 5_119);
}

#[test]
fn zero_length_access_at_a_huge_offset_is_free() {
    // KECCAK256(2^256 - 1, 0): PUSH0 (2) PUSH32 (3) KECCAK256 (30, no words, no memory), then
    // MSIZE (2) ADD (3) so the output word is hash + 0, and ret_top pays the first word (13).
    let code = Bytecode::new().push(0).push(U256::MAX).op(KECCAK256).op(MSIZE).op(ADD).ret_top();
    let r = exec(code.into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, KECCAK_EMPTY.0.to_vec());
    assert_eq!(r.gas_used, TX + 2 + 3 + 30 + 2 + 3 + 13);
    // RETURN(2^256 - 1, 0) succeeds with empty output: 2 + 3.
    let ret = exec(Bytecode::new().ret(U256::MAX, 0).into_vec(), vec![], 100_000);
    assert_eq!(ret.status, ExitStatus::Success);
    assert_eq!(ret.gas_used, TX + 5);
}

#[test]
fn unpayable_offset_halts() {
    // One byte at 2^32 would cost far more than any gas limit.
    let r = exec(Bytecode::new().mstore8(1u64 << 32, 1).into_vec(), vec![], 1_000_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(r.gas_used, 1_000_000);
    let huge = exec(Bytecode::new().mload(U256::MAX).into_vec(), vec![], 1_000_000);
    assert_eq!(huge.status, ExitStatus::Halt(HaltReason::OutOfResources));
}

#[test]
fn keccak256_charges_per_word_hashed() {
    // PUSH1 64 (3) PUSH0 (2) KECCAK256 (30 + 6 × 2 + memory 6) + ret_top (10).
    let r = exec(Bytecode::new().push(64).push(0).op(KECCAK256).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, primitives::keccak256(&[0u8; 64]).0.to_vec());
    assert_eq!(r.gas_used, TX + 5 + 48 + 10);
}

#[test]
fn codecopy_pads_past_the_end_of_code_and_charges_per_word() {
    // CODECOPY(0, 0, 64) of a 9-byte program: PUSH1 64 (3) PUSH0 (2) PUSH0 (2) CODECOPY (3 + 3 × 2 +
    // memory 6), RETURN(0, 64): PUSH1 64 (3) PUSH0 (2) RETURN (0).
    let code = Bytecode::new().push(64).push(0).push(0).op(CODECOPY).ret(0, 64).into_vec();
    assert_eq!(code.len(), 9);
    let r = exec(code.clone(), vec![], 100_000);
    let mut expected = code;
    expected.resize(64, 0);
    assert_eq!(r.output, expected);
    assert_eq!(r.gas_used, TX + 7 + 15 + 5);
}

#[test]
fn return_expands_memory_for_its_output() {
    // RETURN(0, 100): PUSH1 100 (3) PUSH0 (2) RETURN (memory for 4 words: 12).
    let r = exec(Bytecode::new().ret(0, 100).into_vec(), vec![], 100_000);
    assert_eq!(r.output, vec![0u8; 100]);
    assert_eq!(r.gas_used, TX + 5 + 12);
}

#[test]
fn calldatacopy_of_a_long_calldata_is_priced_by_the_eip7623_floor() {
    // 64 non-zero calldata bytes: standard cost 16 × 64 = 1024, floor 10 × 4 × 64 = 2560.
    // Execution: PUSH1 64, PUSH0, PUSH0, CALLDATACOPY (3 + 6 + 6), RETURN(0, 64) — 7 + 15 + 5 = 27.
    let code = Bytecode::new().push(64).push(0).push(0).op(CALLDATACOPY).ret(0, 64).into_vec();
    let calldata = vec![0xab; 64];
    let r = exec(code.clone(), calldata.clone(), 100_000);
    assert_eq!(r.output, calldata);
    assert_eq!(r.gas_used, TX + 2_560);
    // With 2 zero bytes the standard cost (8 + 27) exceeds the floor (20).
    let small = exec(code, vec![0, 0], 100_000);
    assert_eq!(small.output[..2], [0, 0]);
    assert_eq!(small.gas_used, TX + 8 + 27);
}
