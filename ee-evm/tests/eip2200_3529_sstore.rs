//! SSTORE net gas metering: EIP-2200 with EIP-2929 access costs and EIP-3529 refunds (London onwards).
//!
//! The table is EIP-3529's own, whose "used" column counts the code with the slot already warm; here the
//! slot starts cold, so the first access adds 2100 (COLD_SLOAD_COST). The transaction is charged
//! `spent - min(refund, spent / 5)` with `spent = 21 000 + 2100 + used` (EIP-3529 refund cap).
//! Also: the 2300-gas sentry, the refund cap, and refunds of reverted frames being dropped.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, U256};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{tx, Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const COLD: u64 = 2_100;

fn run(original: u64, code: Vec<u8>, gas_limit: u64) -> Executed {
    let mut chain = Chain::default();
    chain.store(TARGET, U256::ZERO, U256::from(original));
    exec_on(&mut chain, code, vec![], gas_limit)
}

fn hex(s: &str) -> Vec<u8> {
    primitives::decode_hex(s).unwrap()
}

/// (code, used gas with a warm slot, refund, original, final value) from EIP-3529's test-case table.
const EIP3529_TABLE: [(&str, u64, u64, u64, u64); 17] = [
    ("60006000556000600055", 212, 0, 0, 0),
    ("60006000556001600055", 20112, 0, 0, 1),
    ("60016000556000600055", 20112, 19900, 0, 0),
    ("60016000556002600055", 20112, 0, 0, 2),
    ("60016000556001600055", 20112, 0, 0, 1),
    ("60006000556000600055", 3012, 4800, 1, 0),
    ("60006000556001600055", 3012, 2800, 1, 1),
    ("60006000556002600055", 3012, 0, 1, 2),
    ("60026000556000600055", 3012, 4800, 1, 0),
    ("60026000556003600055", 3012, 0, 1, 3),
    ("60026000556001600055", 3012, 2800, 1, 1),
    ("60026000556002600055", 3012, 0, 1, 2),
    ("60016000556000600055", 3012, 4800, 1, 0),
    ("60016000556002600055", 3012, 0, 1, 2),
    ("60016000556001600055", 212, 0, 1, 1),
    ("600160005560006000556001600055", 40118, 19900, 0, 1),
    ("600060005560016000556000600055", 5918, 7600, 1, 0),
];

#[test]
fn eip3529_table_with_a_cold_slot() {
    for (code, used, refund, original, after) in EIP3529_TABLE {
        let r = run(original, hex(code), 100_000);
        assert_eq!(r.status, ExitStatus::Success, "{code}");
        let spent = TX + COLD + used;
        assert_eq!(r.gas_used, spent - refund.min(spent / 5), "{code} original {original}");
        assert_eq!(r.slot(0), U256::from(after), "{code}");
    }
}

#[test]
fn refund_below_the_cap_is_paid_in_full() {
    // Clearing an original 1: 2100 + 2900, refund 4800 ≤ (21 000 + 5012) / 5 = 5202.
    let r = run(1, hex("6000600055"), 100_000);
    assert_eq!(r.gas_used, TX + 6 + 5_000 - 4_800);
    assert_eq!(r.slot(0), U256::ZERO);
}

#[test]
fn refund_is_capped_at_a_fifth_of_the_gas_spent() {
    // Set then reset a fresh slot: 20112 + 2100 used, refund 19 900 capped at 43 212 / 5 = 8642.
    let r = run(0, hex("60016000556000600055"), 100_000);
    assert_eq!(r.gas_used, 43_212 - 8_642);
}

#[test]
fn large_refund_is_uncapped_when_enough_gas_is_spent() {
    // Burn memory first: MSTORE8 at 32 × 8192 - 1 costs 3 + 3 + 3 + (3 × 8192 + 8192² / 512) = 155 657.
    // Then the set-reset pair (22 212); 19 900 < spent / 5, so the whole refund is paid.
    let code = Bytecode::new().mstore8(32 * 8192 - 1, 1).bytes(&hex("60016000556000600055"));
    let r = run(0, code.into_vec(), 1_000_000);
    let spent = TX + 155_657 + 22_212;
    assert!(19_900 <= spent / 5);
    assert_eq!(r.gas_used, spent - 19_900);
}

#[test]
fn sentry_halts_with_2300_gas_left() {
    // PUSH0 PUSH0 (4) then SSTORE needs more than 2300 left even for a 2200-gas no-op write.
    let code = hex("5f5f55");
    let at_sentry = run(0, code.clone(), TX + 4 + 2_300);
    assert_eq!(at_sentry.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(at_sentry.gas_used, TX + 4 + 2_300);
    let above = run(0, code, TX + 4 + 2_301);
    assert_eq!(above.status, ExitStatus::Success);
    assert_eq!(above.gas_used, TX + 4 + COLD + 100);
}

#[test]
fn sentry_applies_even_when_the_write_would_be_affordable() {
    // Warm the slot with SLOAD (2 + 2100, POP 2), then a warm no-op write costs only 100, but 2300 left
    // is still not enough to start an SSTORE.
    let code = hex("5f54505f5f55");
    let limit = TX + 2 + COLD + 2 + 4 + 2_300;
    assert_eq!(run(0, code.clone(), limit).status, ExitStatus::Halt(HaltReason::OutOfResources));
    let ok = run(0, code, limit + 1);
    assert_eq!(ok.status, ExitStatus::Success);
    assert_eq!(ok.gas_used, TX + 2 + COLD + 2 + 4 + 100);
}

#[test]
fn each_slot_is_cold_once() {
    // SSTORE(1, 1), SSTORE(2, 1), SSTORE(1, 2): 6 + 22 100, 6 + 22 100, 6 + 100.
    let code = Bytecode::new().sstore(1, 1).sstore(2, 1).sstore(1, 2).into_vec();
    let r = run(0, code, 100_000);
    assert_eq!(r.gas_used, TX + 3 * 6 + 2 * 22_100 + 100);
    assert_eq!((r.slot(1), r.slot(2)), (U256::from(2u8), U256::from(1u8)));
}

/// TARGET calls `callee` with 50 000 gas and no value or data, then stops. The call costs
/// 5 × PUSH0 (10) PUSH20 (3) PUSH2 (3) = 16 for the arguments and 2600 for the cold callee.
fn call_clearing_contract(ends_with: Bytecode) -> Executed {
    let callee = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(callee, Bytecode::new().sstore(0, 0).append(ends_with).into_vec());
    chain.store(callee, U256::ZERO, U256::from(1u8));
    let code = Bytecode::new().call(50_000, callee, 0, 0, 0, 0, 0).into_vec();
    exec_on(&mut chain, code, vec![], 200_000)
}

#[test]
fn refund_of_a_successful_callee_counts() {
    // Callee: PUSH0 PUSH0 SSTORE (4 + 2100 + 2900) STOP; refund 4800 ≤ spent / 5.
    let r = call_clearing_contract(Bytecode::new());
    let spent = TX + 16 + 2_600 + 5_004;
    assert_eq!(r.gas_used, spent - 4_800);
}

#[test]
fn refund_of_a_reverted_callee_is_dropped() {
    // Callee: the same write, then REVERT(0, 0) (4): its refund and its write are both undone.
    let r = call_clearing_contract(Bytecode::new().revert(0, 0));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 16 + 2_600 + 5_008);
}

#[test]
fn original_value_is_taken_at_the_start_of_each_transaction() {
    // Two transactions in one block, each incrementing slot 0: PUSH0 SLOAD (2 + 2100) PUSH1 1 ADD (6)
    // PUSH0 SSTORE (2 + the write). The first writes 0 → 1 over original 0 (20 000); the second
    // writes 1 → 2 over original 1 — the value at the start of *its* transaction — (2900), not a
    // dirty-slot 100.
    let mut chain = Chain::default();
    chain.deploy(TARGET, Bytecode::new().sload(0).push(1).op(ADD).store_top(0).into_vec());
    let txs = (0..2).map(|nonce| tx::call(0, nonce, TARGET, vec![], U256::ZERO, 100_000)).collect();
    let run = chain.run(txs);
    let used: Vec<u64> = run.output.receipts.iter().map(|r| r.gas_used).collect();
    assert_eq!(used, vec![TX + 2 + COLD + 6 + 2 + 20_000, TX + 2 + COLD + 6 + 2 + 2_900]);
    assert_eq!(run.post_state.accounts[&TARGET].storage[&U256::ZERO], U256::from(2u8));
}
