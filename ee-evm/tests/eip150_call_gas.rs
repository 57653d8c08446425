//! Call gas: EIP-150's all-but-one-64th cap, the 2300 stipend of value-bearing calls (given to the callee
//! for free, and handed back to the caller when the call fails before it starts), the 9000 value and
//! 25 000 new-account surcharges, gas lost to a failing callee, and the 1024 call-depth limit.
//!
//! Transaction gas = 21 000 + the listed instructions. Call arguments are pushed with PUSH0 for zeros (2),
//! PUSH1/PUSH2/PUSH32 for numbers and PUSH20 for addresses (3), `Op(GAS)`/`Op(ADDRESS)` (2).

use ee_api::ExitStatus;
use primitives::{Address, U256};
use test_utils::bytecode::{word, Op};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const COLD_ACCOUNT: u64 = 2_600;

/// A contract that returns the gas it has: GAS (2) + ret_top (13) = 15 gas.
fn gas_reporter() -> Address {
    Address::from_low_u64(0x6A5)
}

/// An address with no account.
fn nobody() -> Address {
    Address::from_low_u64(0xDEAD)
}

fn run(target_balance: u64, code: Bytecode, gas_limit: u64) -> Executed {
    let mut chain = Chain::default();
    chain.deploy(gas_reporter(), Bytecode::new().op(GAS).ret_top().into_vec());
    chain.fund(TARGET, U256::from(target_balance));
    exec_on(&mut chain, code.into_vec(), vec![], gas_limit)
}

fn output(r: &Executed) -> u64 {
    U256::from_be_slice(&r.output).to::<u64>()
}

#[test]
fn callee_gets_all_but_one_64th() {
    // 79 000 execution gas. Arguments 3 + 2 + 2 + 2 + 2 + 3 + GAS (2) = 16, memory 3, cold 2600:
    // 79 000 - 2619 = 76 381 left, the callee gets 76 381 - ⌊76 381 / 64⌋ = 75 188 and reports 75 186.
    let code = Bytecode::new().call(Op(GAS), gas_reporter(), 0, 0, 0, 0, 32).ret(0, 32);
    let r = run(0, code, 100_000);
    assert_eq!(output(&r), 75_186);
    assert_eq!(r.gas_used, TX + 16 + 3 + COLD_ACCOUNT + 15 + 5);
}

#[test]
fn requesting_more_than_available_is_capped_not_failed() {
    // The same with PUSH32 2^256 - 1 (3) instead of GAS (2): 76 380 left, cap 76 380 - 1193 = 75 187.
    let code = Bytecode::new().call(U256::MAX, gas_reporter(), 0, 0, 0, 0, 32).ret(0, 32);
    let r = run(0, code, 100_000);
    assert_eq!(output(&r), 75_185);
    assert_eq!(r.gas_used, TX + 17 + 3 + COLD_ACCOUNT + 15 + 5);
}

#[test]
fn callee_gets_exactly_what_was_asked_when_affordable() {
    let code = Bytecode::new().call(1_000, gas_reporter(), 0, 0, 0, 0, 32).ret(0, 32);
    let r = run(0, code, 100_000);
    assert_eq!(output(&r), 998);
    assert_eq!(r.gas_used, TX + 17 + 3 + COLD_ACCOUNT + 15 + 5);
}

#[test]
fn value_call_adds_the_stipend_to_the_callee_gas() {
    // CALL(0, reporter, 1, ...): the callee runs on the 2300 stipend alone and reports 2298.
    // Caller pays 2600 + 9000 for the call and gets back what the callee left (2300 - 15).
    let code = Bytecode::new().call(0, gas_reporter(), 1, 0, 0, 0, 32).ret(0, 32);
    let r = run(10, code, 100_000);
    assert_eq!(output(&r), 2_298);
    assert_eq!(r.gas_used, TX + 17 + 3 + COLD_ACCOUNT + 9_000 - 2_300 + 15 + 5);
    assert_eq!(r.state.accounts[&gas_reporter()].balance, U256::from(1u8));
}

#[test]
fn value_to_a_new_account_costs_25000_more() {
    // Arguments 4 × PUSH0, PUSH1 1, PUSH20, PUSH0 (16); 2600 + 9000 + 25 000; no code, so the whole
    // stipend comes back.
    let r = run(10, Bytecode::new().call(0, nobody(), 1, 0, 0, 0, 0), 100_000);
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 9_000 + 25_000 - 2_300);
    assert_eq!(r.state.accounts[&nobody()].balance, U256::from(1u8));
}

#[test]
fn zero_value_call_to_a_new_account_is_just_an_access() {
    let r = run(0, Bytecode::new().call(0, nobody(), 0, 0, 0, 0, 0), 100_000);
    assert_eq!(r.gas_used, TX + 15 + COLD_ACCOUNT);
    assert!(!r.state.accounts.contains_key(&nobody()));
}

#[test]
fn callcode_with_value_pays_no_new_account_surcharge() {
    // CALLCODE moves value to the caller itself: 2600 + 9000 - 2300 even though the code address is empty.
    let r = run(10, Bytecode::new().callcode(0, nobody(), 1, 0, 0, 0, 0), 100_000);
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 9_000 - 2_300);
}

#[test]
fn insufficient_balance_fails_early_and_returns_the_stipend() {
    // TARGET holds nothing: the call pushes 0; the caller keeps the gas it would have given, stipend
    // included (execution specs: gas_left += sub_call gas), so it nets 2600 + 9000 - 2300.
    let r = run(0, Bytecode::new().call(0, gas_reporter(), 1, 0, 0, 0, 0).ret_top(), 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 9_000 - 2_300 + 13);
}

#[test]
fn failing_callee_burns_the_gas_it_was_given() {
    // The callee loops until out of gas: the caller loses the 5000 it passed and sees 0.
    let looper = Address::from_low_u64(0x100B);
    let mut chain = Chain::default();
    chain.deploy(looper, Bytecode::new().label("top").jump("top").into_vec());
    let code = Bytecode::new().call(5_000, looper, 0, 0, 0, 0, 0).ret_top();
    let r = exec_on(&mut chain, code.into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + 5_000 + 13);
}

#[test]
fn call_depth_is_limited_to_1024() {
    // A contract that calls itself with its depth + 1 as calldata and returns the deepest depth reached;
    // a frame whose call fails returns its own depth. Each frame:
    //   PUSH0 CALLDATALOAD DUP1 PUSH1 1 ADD PUSH0 MSTORE: 2 + 3 + 3 + 3 + 3 + 2 + 3 + 3 memory = 22
    //   CALL(GAS, ADDRESS, 0, 0, 32, 0, 32): 3 + 2 + 3 + 2 + 2 + 2 + 2 = 16, warm 100
    //   PUSH2 JUMPI: 13; success: JUMPDEST (1); RETURN(0, 32): 5 — 157 in all;
    //   failure adds PUSH0 MSTORE (5): 162.
    // Depths 0..=1023 succeed, depth 1024 cannot call. With 63/64 per level (and ~138 gas spent before each call) the
    // outer frame needs ~10^11 gas for the innermost one to keep enough.
    let code = Bytecode::new()
        .push(0)
        .op(CALLDATALOAD)
        .op(DUP1)
        .push(1)
        .op(ADD)
        .push(0)
        .op(MSTORE)
        .call(Op(GAS), Op(ADDRESS), 0, 0, 32, 0, 32)
        .jumpi("done")
        .push(0)
        .op(MSTORE)
        .label("done")
        .ret(0, 32);
    let mut chain = Chain::default();
    chain.block.gas_limit = 300_000_000_000;
    let r = exec_on(&mut chain, code.into_vec(), vec![], 200_000_000_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(output(&r), 1_024);
    assert_eq!(r.gas_used, TX + 1_024 * 157 + 162);
}
