//! EIP-3855: PUSH0 pushes a zero word for 2 gas (base tier), takes no immediate, and counts towards the
//! 1024-item stack limit like any other push.
//!
//! Gas is the whole transaction's: 21 000 intrinsic (no calldata) plus execution. `ret_top()` costs
//! 13 gas on fresh memory: PUSH0 (2) MSTORE (3 + 3 memory) PUSH1 (3) PUSH0 (2) RETURN (0).

use ee_api::{ExitStatus, HaltReason};
use primitives::Fork;
use test_utils::bytecode::word;
use test_utils::harness::exec_on;
use test_utils::{exec, Bytecode, Chain};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const RET_TOP: u64 = 13;

#[test]
fn push0_pushes_zero_for_two_gas() {
    let r = exec(Bytecode::new().op(PUSH0).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 2 + RET_TOP);
}

#[test]
fn push0_is_one_gas_cheaper_than_push1_zero() {
    let push1 = exec(Bytecode::new().push_n(1, 0u64).ret_top().into_vec(), vec![], 100_000);
    let push0 = exec(Bytecode::new().push_n(0, 0u64).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(push1.gas_used, TX + 3 + RET_TOP);
    assert_eq!(push0.gas_used, TX + 2 + RET_TOP);
    assert_eq!(push1.output, push0.output);
}

#[test]
fn push0_results_compare_equal() {
    // PUSH0 PUSH0 EQ: 2 + 2 + 3.
    let r = exec(Bytecode::new().ops(&[PUSH0, PUSH0, EQ]).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(1u64));
    assert_eq!(r.gas_used, TX + 7 + RET_TOP);
}

#[test]
fn push0_has_no_immediate() {
    // 0: PUSH1 4, 2: JUMP, 3: PUSH0, 4: JUMPDEST — the byte after PUSH0 is code, so it is a valid
    // destination. PUSH1 (3) JUMP (8) JUMPDEST (1) PUSH0 (2) + return.
    let code = Bytecode::new().push(4).op(JUMP).op(PUSH0).jumpdest().op(PUSH0).ret_top();
    let r = exec(code.into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 3 + 8 + 1 + 2 + RET_TOP);
}

#[test]
fn push0_fills_the_stack_to_1024() {
    let r = exec(Bytecode::new().repeat(PUSH0, 1024).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 2 * 1024);
}

#[test]
fn push0_beyond_1024_overflows_and_consumes_all_gas() {
    let r = exec(Bytecode::new().repeat(PUSH0, 1025).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::StackOverflow));
    assert_eq!(r.gas_used, 100_000);
}

#[test]
fn push0_runs_out_of_gas_with_one_gas_left() {
    // Two PUSH0 need 4 gas; the limit leaves 3.
    let r = exec(Bytecode::new().ops(&[PUSH0, PUSH0]).into_vec(), vec![], TX + 3);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(r.gas_used, TX + 3);
    let ok = exec(Bytecode::new().ops(&[PUSH0, PUSH0]).into_vec(), vec![], TX + 4);
    assert_eq!(ok.status, ExitStatus::Success);
    assert_eq!(ok.gas_used, TX + 4);
}

#[test]
fn push0_value_is_usable_as_memory_offset_and_length() {
    // RETURN(0, 0) via PUSH0 PUSH0: empty output, no memory expansion. 2 + 2 + 0.
    let r = exec(Bytecode::new().ops(&[PUSH0, PUSH0, RETURN]).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert!(r.output.is_empty());
    assert_eq!(r.gas_used, TX + 4);
}

#[test]
fn push0_is_active_and_priced_the_same_under_cancun() {
    let code = Bytecode::new().op(PUSH0).ret_top().into_vec();
    let cancun = exec_on(&mut Chain::new(Fork::Cancun), code.clone(), vec![], 100_000);
    let prague = exec_on(&mut Chain::new(Fork::Prague), code, vec![], 100_000);
    assert_eq!(cancun.status, ExitStatus::Success);
    assert_eq!((cancun.gas_used, cancun.output), (prague.gas_used, prague.output));
}

#[test]
fn push0_condition_never_jumps() {
    // PUSH0 PUSH0 JUMPI: the zero condition skips the jump, so the invalid destination 0 is never checked.
    // 2 + 2 + 10, then STOP.
    let r = exec(Bytecode::new().ops(&[PUSH0, PUSH0, JUMPI]).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 14);
}

#[test]
fn push0_byte_inside_push_data_is_not_executed() {
    // PUSH1 0x5f: the 0x5f is data, so one item (0x5f) is pushed for 3 gas.
    let r = exec(Bytecode::new().push(0x5fu64).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0x5fu64));
    assert_eq!(r.gas_used, TX + 3 + RET_TOP);
}
