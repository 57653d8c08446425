//! Static context (EIP-214): inside STATICCALL, SSTORE, LOG*, CREATE/CREATE2, SELFDESTRUCT and CALL with
//! value halt the frame (all its gas is lost and the STATICCALL pushes 0). Reading is allowed, CALL without
//! value and CALLCODE with value are allowed, and the restriction is inherited by every nested frame and
//! ends when the static call returns.
//!
//! TARGET runs `STATICCALL(gas, B, 0, 0, 0, 0)` and returns the flag: 4 × PUSH0, PUSH20 B, PUSH2 gas (14),
//! cold B (2600), what B uses (all of `gas` when it halts), ret_top (13). Transaction gas adds 21 000.

use ee_api::ExitStatus;
use primitives::{Address, U256};
use test_utils::bytecode::word;
use test_utils::harness::exec_on;
use test_utils::{Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const COLD_ACCOUNT: u64 = 2_600;
const CALLEE_GAS: u64 = 10_000;

fn b() -> Address {
    Address::from_low_u64(0xB0B)
}

fn c() -> Address {
    Address::from_low_u64(0xC0C)
}

fn nobody() -> Address {
    Address::from_low_u64(0xDEAD)
}

fn chain_with(b_code: Bytecode) -> Chain {
    let mut chain = Chain::default();
    chain.deploy(b(), b_code.into_vec()).fund(b(), U256::from(100u8));
    chain.deploy(c(), Bytecode::new().sstore(0, 1).into_vec());
    chain
}

fn static_probe(b_code: Bytecode, gas: u64) -> Executed {
    let code = Bytecode::new().staticcall(gas, b(), 0, 0, 0, 0).ret_top();
    exec_on(&mut chain_with(b_code), code.into_vec(), vec![], 200_000)
}

fn assert_forbidden(b_code: Bytecode) {
    let r = static_probe(b_code, CALLEE_GAS);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 14 + COLD_ACCOUNT + CALLEE_GAS + 13);
}

fn assert_allowed(b_code: Bytecode, gas: u64, b_used: u64) {
    let r = static_probe(b_code, gas);
    assert_eq!(r.output, word(1u64));
    assert_eq!(r.gas_used, TX + 14 + COLD_ACCOUNT + b_used + 13);
}

#[test]
fn sstore_is_forbidden_even_as_a_no_op() {
    assert_forbidden(Bytecode::new().sstore(0, 0));
}

#[test]
fn logs_are_forbidden() {
    assert_forbidden(Bytecode::new().log::<u8>(0, 0, &[]));
    assert_forbidden(Bytecode::new().log(0, 0, &[1, 2, 3, 4]));
}

#[test]
fn create_and_create2_are_forbidden() {
    assert_forbidden(Bytecode::new().create(0, 0, 0));
    assert_forbidden(Bytecode::new().create2(0, 0, 0, 0));
}

#[test]
fn selfdestruct_is_forbidden() {
    assert_forbidden(Bytecode::new().push(nobody()).op(SELFDESTRUCT));
}

#[test]
fn call_with_value_is_forbidden() {
    assert_forbidden(Bytecode::new().call(0, nobody(), 1, 0, 0, 0, 0));
}

#[test]
fn call_without_value_is_allowed() {
    // B: 6 × PUSH0, PUSH20 (15) + cold 2600, then STOP.
    assert_allowed(Bytecode::new().call(0, nobody(), 0, 0, 0, 0, 0), CALLEE_GAS, 15 + COLD_ACCOUNT);
}

#[test]
fn callcode_with_value_is_allowed() {
    // CALLCODE moves value to B itself: 16 + 2600 + 9000, the unused 2300 stipend comes back.
    let used = 16 + COLD_ACCOUNT + 9_000 - 2_300;
    assert_allowed(Bytecode::new().callcode(0, nobody(), 1, 0, 0, 0, 0), 20_000, used);
}

#[test]
fn reads_are_allowed() {
    // SLOAD(0) (2 + 2100), BALANCE of B itself (2 + 100), ADD (3), ret_top (13).
    let code = Bytecode::new().sload(0).op(ADDRESS).op(BALANCE).op(ADD).ret_top();
    assert_allowed(code, CALLEE_GAS, 2 + 2_100 + 2 + 100 + 3 + 13);
}

/// TARGET: STATICCALL(50 000, B, 0, 0, 0, 32) (3 + 2 + 2 + 2 + 3 + 3 = 15, memory 3, cold 2600) and
/// returns B's output word (RETURN(0, 32): 5).
fn static_then_return_output(b_code: Bytecode) -> Executed {
    let code = Bytecode::new().staticcall(50_000, b(), 0, 0, 0, 32).ret(0, 32);
    exec_on(&mut chain_with(b_code), code.into_vec(), vec![], 200_000)
}

#[test]
fn nested_call_inherits_the_static_flag() {
    // B: CALL(5000, C, 0, 0, 0, 0, 0) (16 + 2600), C's SSTORE halts and burns 5000; B returns the 0 flag.
    let r = static_then_return_output(Bytecode::new().call(5_000, c(), 0, 0, 0, 0, 0).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 15 + 3 + COLD_ACCOUNT + (16 + COLD_ACCOUNT + 5_000 + 13) + 5);
    assert!(!r.state.accounts[&c()].storage.contains_key(&U256::ZERO));
}

#[test]
fn nested_delegatecall_inherits_the_static_flag() {
    // B: DELEGATECALL(5000, C, 0, 0, 0, 0) (4 × PUSH0, PUSH20, PUSH2: 14) + 2600; C's code halts in B's frame.
    let r = static_then_return_output(Bytecode::new().delegatecall(5_000, c(), 0, 0, 0, 0).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 15 + 3 + COLD_ACCOUNT + (14 + COLD_ACCOUNT + 5_000 + 13) + 5);
}

#[test]
fn the_static_flag_ends_with_the_static_call() {
    // After a static call to B (which just stops), TARGET's own SSTORE(0, 1) works: 3 + 2 + 22 100.
    let code = Bytecode::new().staticcall(CALLEE_GAS, b(), 0, 0, 0, 0).op(POP).sstore(0, 1);
    let r = exec_on(&mut chain_with(Bytecode::new()), code.into_vec(), vec![], 200_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.slot(0), U256::from(1u8));
    assert_eq!(r.gas_used, TX + 14 + COLD_ACCOUNT + 2 + 5 + 22_100);
}
