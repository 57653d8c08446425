//! EIP-7939 (Osaka): CLZ (0x1e) replaces the top word with its number of leading zero bits (256 for zero)
//! for 5 gas (low tier), one item in and one out. Before Osaka the byte is unassigned: it halts like INVALID
//! and consumes all gas.
//!
//! Gas is the whole transaction's: 21 000 intrinsic plus execution. `ret_top()` costs 13 gas on fresh
//! memory; PUSHn costs 3 (PUSH0 2); CLZ 5.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Fork, U256};
use test_utils::bytecode::word;
use test_utils::harness::exec_on;
use test_utils::{Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const RET_TOP: u64 = 13;
const CLZ_GAS: u64 = 5;

fn osaka(code: Bytecode, gas_limit: u64) -> Executed {
    exec_on(&mut Chain::new(Fork::Osaka), code.into_vec(), vec![], gas_limit)
}

fn clz_of(value: U256) -> Executed {
    osaka(Bytecode::new().push(value).op(CLZ).ret_top(), 100_000)
}

#[test]
fn clz_counts_leading_zero_bits() {
    let cases: [(U256, u64); 7] = [
        (U256::from(1u8), 255),
        (U256::from(0xffu8), 248),
        (U256::from(0x100u16), 247),
        (U256::from(1u8) << 128, 127),
        (U256::from(1u8) << 255, 0),
        (U256::MAX, 0),
        ((U256::from(1u8) << 200) - U256::from(1u8), 56),
    ];
    for (value, zeros) in cases {
        let r = clz_of(value);
        assert_eq!(r.status, ExitStatus::Success, "{value:#x}");
        assert_eq!(r.output, word(zeros), "clz({value:#x})");
        assert_eq!(r.gas_used, TX + 3 + CLZ_GAS + RET_TOP, "{value:#x}");
    }
}

#[test]
fn clz_of_zero_is_256() {
    // PUSH0 (2) CLZ (5).
    let r = clz_of(U256::ZERO);
    assert_eq!(r.output, word(256u64));
    assert_eq!(r.gas_used, TX + 2 + CLZ_GAS + RET_TOP);
}

#[test]
fn clz_leaves_the_rest_of_the_stack_alone() {
    // PUSH1 7, PUSH1 1, CLZ, ADD → 7 + 255 = 262: 3 + 3 + 5 + 3.
    let r = osaka(Bytecode::new().push(7).push(1).op(CLZ).op(ADD).ret_top(), 100_000);
    assert_eq!(r.output, word(262u64));
    assert_eq!(r.gas_used, TX + 3 + 3 + CLZ_GAS + 3 + RET_TOP);
}

#[test]
fn clz_on_an_empty_stack_underflows() {
    let r = osaka(Bytecode::new().op(CLZ), 100_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::StackUnderflow));
    assert_eq!(r.gas_used, 100_000);
}

#[test]
fn clz_needs_five_gas() {
    // PUSH1 1 (3) then CLZ with 4 gas left: out of gas; with 5 it succeeds and STOPs.
    let code = || Bytecode::new().push(1).op(CLZ);
    let r = osaka(code(), TX + 3 + 4);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(r.gas_used, TX + 7);
    let r = osaka(code(), TX + 3 + 5);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 8);
}

#[test]
fn clz_is_invalid_before_osaka() {
    for fork in [Fork::Prague, Fork::Cancun] {
        let code = Bytecode::new().push(1).op(CLZ).ret_top().into_vec();
        let r = exec_on(&mut Chain::new(fork), code, vec![], 100_000);
        assert_eq!(r.status, ExitStatus::Halt(HaltReason::InvalidInstruction), "{fork}");
        assert_eq!(r.gas_used, 100_000, "{fork}");
    }
}

#[test]
fn clz_inside_push_data_is_not_executed() {
    // PUSH1 0x1e: data, not the opcode, on every fork.
    let code = Bytecode::new().push(0x1eu64).ret_top().into_vec();
    let r = exec_on(&mut Chain::new(Fork::Prague), code, vec![], 100_000);
    assert_eq!((r.status, r.output), (ExitStatus::Success, word(0x1eu64)));
}
