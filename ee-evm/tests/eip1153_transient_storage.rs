//! EIP-1153: TLOAD/TSTORE cost a flat 100 (no cold/warm, no refunds), are keyed by the executing
//! account, are discarded at the end of every transaction, are undone when the frame that wrote them
//! reverts, are shared with DELEGATECALL callees, and TSTORE is forbidden in a static context.
//!
//! Transaction gas = 21 000 + the listed instructions. A call's arguments are pushed with PUSH0 for zeros
//! (2), PUSH1/PUSH2 for numbers (3) and PUSH20 for addresses (3).

use ee_api::ExitStatus;
use primitives::{Address, U256};
use test_utils::bytecode::word;
use test_utils::harness::{exec_on, TARGET};
use test_utils::{exec, tx, Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const COLD_ACCOUNT: u64 = 2_600;

fn callee() -> Address {
    Address::from_low_u64(0xB0B)
}

fn with_callee(callee_code: Bytecode, code: Bytecode) -> Executed {
    let mut chain = Chain::default();
    chain.deploy(callee(), callee_code.into_vec());
    exec_on(&mut chain, code.into_vec(), vec![], 500_000)
}

#[test]
fn tstore_then_tload_round_trips() {
    // TSTORE(1, 42): 3 + 3 + 100. TLOAD(1): 3 + 100. ret_top: 13.
    let r = exec(Bytecode::new().tstore(1, 42).tload(1).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(42u64));
    assert_eq!(r.gas_used, TX + 106 + 103 + 13);
}

#[test]
fn tload_of_an_unset_key_is_zero() {
    let r = exec(Bytecode::new().tload(7).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 103 + 13);
}

#[test]
fn tstore_costs_the_same_whatever_it_writes_and_refunds_nothing() {
    // TSTORE(0, 1) (3 + 2 + 100), TSTORE(0, 0) (2 + 2 + 100): clearing earns no refund.
    let r = exec(Bytecode::new().tstore(0, 1).tstore(0, 0).into_vec(), vec![], 100_000);
    assert_eq!(r.gas_used, TX + 105 + 104);
}

#[test]
fn transient_storage_is_cleared_between_transactions() {
    // Each transaction saves TLOAD(0) to slot 1 and then sets TSTORE(0, 5):
    // PUSH0 TLOAD (102) PUSH1 1 SSTORE (3 + 2100 cold + 100 no-op) PUSH1 5 PUSH0 TSTORE (105).
    let mut chain = Chain::default();
    chain.deploy(TARGET, Bytecode::new().tload(0).store_top(1).tstore(0, 5).into_vec());
    let txs = (0..2).map(|nonce| tx::call(0, nonce, TARGET, vec![], U256::ZERO, 100_000)).collect();
    let run = chain.run(txs);
    let used: Vec<u64> = run.output.receipts.iter().map(|r| r.gas_used).collect();
    assert_eq!(used, vec![TX + 102 + 2_203 + 105; 2]);
    assert!(!run.post_state.accounts[&TARGET].storage.contains_key(&U256::from(1u8)));
}

#[test]
fn transient_storage_is_per_account() {
    // TARGET: TSTORE(0, 1) (PUSH1 1, PUSH0, TSTORE: 105), then calls the callee, which reads its own key 0.
    // CALL(50 000, callee, 0, 0, 0, 0, 32): 3 + 2 + 2 + 2 + 2 + 3 + 3 = 17, memory 3, cold 2600.
    // Callee: PUSH0 TLOAD (102) + ret_top (13). Then RETURN(0, 32) (5).
    let callee_code = Bytecode::new().tload(0).ret_top();
    let code = Bytecode::new().tstore(0, 1).call(50_000, callee(), 0, 0, 0, 0, 32).ret(0, 32);
    let r = with_callee(callee_code, code);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 105 + 17 + 3 + COLD_ACCOUNT + 115 + 5);
}

#[test]
fn delegatecall_shares_the_callers_transient_storage() {
    // TSTORE(0, 9) (105). DELEGATECALL(50 000, callee, 0, 0, 0, 32): 3 + 2 + 2 + 2 + 3 + 3 = 15, memory 3,
    // cold 2600; callee PUSH0 TLOAD ret_top (115); RETURN(0, 32) (5).
    let callee_code = Bytecode::new().tload(0).ret_top();
    let code = Bytecode::new().tstore(0, 9).delegatecall(50_000, callee(), 0, 0, 0, 32).ret(0, 32);
    let r = with_callee(callee_code, code);
    assert_eq!(r.output, word(9u64));
    assert_eq!(r.gas_used, TX + 105 + 15 + 3 + COLD_ACCOUNT + 115 + 5);
}

/// A callee that, called without data, does TSTORE(0, 7) then `end`; called with data, returns TLOAD(0).
/// Write path: CALLDATASIZE (2) PUSH2 (3) JUMPI (10) PUSH1 7 PUSH0 TSTORE (105) = 120, plus `end`.
/// Read path: 2 + 3 + 10, JUMPDEST (1), PUSH0 TLOAD (102), ret_top (13) = 131.
fn write_then_read(end: Bytecode) -> Executed {
    let callee_code =
        Bytecode::new().op(CALLDATASIZE).jumpi("read").tstore(0, 7).append(end).label("read").tload(0).ret_top();
    // First call: 5 × PUSH0, PUSH20, PUSH2 (16) + cold 2600; POP (2).
    // Second call with one byte of input and 32 of output: 3 + 2 + 3 + 2 + 2 + 3 + 3 = 18, memory 3,
    // warm 100. RETURN(0, 32): 5.
    let code =
        Bytecode::new().call(50_000, callee(), 0, 0, 0, 0, 0).op(POP).call(50_000, callee(), 0, 0, 1, 0, 32).ret(0, 32);
    with_callee(callee_code, code)
}

#[test]
fn transient_writes_survive_a_successful_call() {
    let r = write_then_read(Bytecode::new().op(STOP));
    assert_eq!(r.output, word(7u64));
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 120 + 2 + 18 + 3 + 100 + 131 + 5);
}

#[test]
fn transient_writes_are_undone_by_revert() {
    // The write path ends in REVERT(0, 0) (4): the second call reads zero.
    let r = write_then_read(Bytecode::new().revert(0, 0));
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 124 + 2 + 18 + 3 + 100 + 131 + 5);
}

#[test]
fn tstore_in_a_static_call_fails_and_burns_the_callee_gas() {
    // STATICCALL(10 000, callee, 0, 0, 0, 0): 4 × PUSH0, PUSH20, PUSH2 (14) + cold 2600 + all 10 000
    // given to the callee; the call returns 0 (ret_top: 13).
    let r =
        with_callee(Bytecode::new().tstore(0, 1), Bytecode::new().staticcall(10_000, callee(), 0, 0, 0, 0).ret_top());
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 14 + COLD_ACCOUNT + 10_000 + 13);
}

#[test]
fn tload_in_a_static_call_is_allowed() {
    // The callee (PUSH0 TLOAD ret_top: 115) succeeds: the call returns 1.
    let r = with_callee(
        Bytecode::new().tload(0).ret_top(),
        Bytecode::new().staticcall(10_000, callee(), 0, 0, 0, 0).ret_top(),
    );
    assert_eq!(r.output, word(1u64));
    assert_eq!(r.gas_used, TX + 14 + COLD_ACCOUNT + 115 + 13);
}
