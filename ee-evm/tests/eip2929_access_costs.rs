//! EIP-2929 (with EIP-2930 access lists and EIP-3651 warm coinbase): the first touch of an account costs
//! 2600 and of a storage slot 2100; later touches in the same transaction cost 100. Warm at the start:
//! sender, recipient, coinbase, the fork's precompiles, and access-list entries. Warming done by a frame
//! that reverts is undone; nothing stays warm across transactions.
//!
//! Transaction gas = 21 000 + the listed instructions. A PUSH20 address costs 3, POP 2.

use primitives::{Address, Fork, B256, U256};
use test_utils::bytecode::run_tx;
use test_utils::harness::{exec_on, TARGET};
use test_utils::{exec, tx, Bytecode, Chain, Executed};
use transactions::AccessListItem;
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const COLD_ACCOUNT: u64 = 2_600;
const COLD_SLOT: u64 = 2_100;
const WARM: u64 = 100;

fn other() -> Address {
    Address::from_low_u64(0xAAAA)
}

/// `push(address) OP POP` for a one-operand account query: 3 + access + 2.
fn query(code: Bytecode, op: u8, address: Address) -> Bytecode {
    code.push(address).op(op).op(POP)
}

fn run(code: Bytecode) -> Executed {
    exec(code.into_vec(), vec![], 1_000_000)
}

#[test]
fn sload_is_cold_once_per_slot() {
    // SLOAD(0) POP twice: (2 + 2100 + 2) + (2 + 100 + 2); then a different slot is cold again.
    let r = run(Bytecode::new().sload(0).op(POP).sload(0).op(POP).sload(1).op(POP));
    assert_eq!(r.gas_used, TX + 4 + COLD_SLOT + 4 + WARM + 5 + COLD_SLOT);
}

#[test]
fn account_queries_share_one_warm_set() {
    // BALANCE, EXTCODESIZE, EXTCODEHASH of the same address: the first is cold, the rest warm.
    let code = [BALANCE, EXTCODESIZE, EXTCODEHASH].into_iter().fold(Bytecode::new(), |c, op| query(c, op, other()));
    let r = run(code);
    assert_eq!(r.gas_used, TX + 3 * 5 + COLD_ACCOUNT + 2 * WARM);
}

#[test]
fn extcodecopy_pays_access_copy_and_memory() {
    // EXTCODECOPY(other, 0, 0, 32): PUSH1 32, PUSH0, PUSH0, PUSH20 (10) + 2600 + 3 per word + 3 memory.
    let code = Bytecode::new().push(32).push(0).push(0).push(other()).op(EXTCODECOPY);
    assert_eq!(run(code).gas_used, TX + 10 + COLD_ACCOUNT + 3 + 3);
}

#[test]
fn sender_recipient_and_coinbase_start_warm() {
    // ORIGIN/ADDRESS/COINBASE (2) BALANCE (100) POP (2) each.
    let code = [ORIGIN, ADDRESS, COINBASE].into_iter().fold(Bytecode::new(), |c, op| c.op(op).op(BALANCE).op(POP));
    assert_eq!(run(code).gas_used, TX + 3 * (2 + WARM + 2));
}

#[test]
fn precompiles_of_the_fork_start_warm() {
    let probe = |fork: Fork, n: u64| {
        let mut chain = Chain::new(fork);
        let code = query(Bytecode::new(), BALANCE, Address::from_low_u64(n)).into_vec();
        exec_on(&mut chain, code, vec![], 100_000).gas_used - TX - 5
    };
    // 0x01 and 0x0a (point evaluation) are precompiles in both forks.
    assert_eq!(probe(Fork::Cancun, 1), WARM);
    assert_eq!(probe(Fork::Cancun, 0x0a), WARM);
    // 0x0b–0x11 (BLS12-381, EIP-2537) arrive with Prague.
    assert_eq!(probe(Fork::Cancun, 0x0b), COLD_ACCOUNT);
    assert_eq!(probe(Fork::Prague, 0x0b), WARM);
    assert_eq!(probe(Fork::Prague, 0x11), WARM);
    assert_eq!(probe(Fork::Prague, 0x12), COLD_ACCOUNT);
}

#[test]
fn a_call_warms_its_target() {
    // CALL(0, other, 0, 0, 0, 0, 0): 6 × PUSH0 + PUSH20 (15) + 2600, no code to run; then BALANCE is warm.
    let code = query(Bytecode::new().call(0, other(), 0, 0, 0, 0, 0).op(POP), BALANCE, other());
    assert_eq!(run(code).gas_used, TX + 15 + COLD_ACCOUNT + 2 + 5 + WARM);
}

/// TARGET calls a contract that queries `other()`'s balance and then ends with `end`; then TARGET queries
/// it too. Call: 5 × PUSH0, PUSH20, PUSH2 50 000 (16) + 2600 for the cold callee.
fn nested_balance(end: Bytecode) -> Executed {
    let callee = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(callee, query(Bytecode::new(), BALANCE, other()).append(end).into_vec());
    let code = query(Bytecode::new().call(50_000, callee, 0, 0, 0, 0, 0).op(POP), BALANCE, other());
    exec_on(&mut chain, code.into_vec(), vec![], 200_000)
}

#[test]
fn warming_by_a_successful_callee_persists() {
    // Callee: 5 + 2600, STOP. Caller: POP (2), then a warm BALANCE (5 + 100).
    let r = nested_balance(Bytecode::new());
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + (5 + COLD_ACCOUNT) + 2 + 5 + WARM);
}

#[test]
fn warming_by_a_reverted_callee_is_undone() {
    // Callee: 5 + 2600, REVERT(0, 0) (4). Caller: the address is cold again.
    let r = nested_balance(Bytecode::new().revert(0, 0));
    assert_eq!(r.gas_used, TX + 16 + COLD_ACCOUNT + (5 + COLD_ACCOUNT + 4) + 2 + 5 + COLD_ACCOUNT);
}

#[test]
fn access_list_prewarms_accounts_and_slots() {
    // Intrinsic: 21 000 + 2 × 2400 (addresses) + 1900 (one key). Execution: SLOAD(0) POP (2 + 100 + 2) and
    // a warm BALANCE(other) (5 + 100).
    let mut chain = Chain::default();
    chain.deploy(TARGET, query(Bytecode::new().sload(0).op(POP), BALANCE, other()).into_vec());
    let mut unsigned = tx::template(0, Some(TARGET), vec![], U256::ZERO, 100_000);
    unsigned.access_list = vec![
        AccessListItem { address: TARGET, storage_keys: vec![B256::ZERO] },
        AccessListItem { address: other(), storage_keys: vec![] },
    ];
    let r = run_tx(&chain, tx::signed(0, unsigned));
    assert_eq!(r.gas_used, TX + 4_800 + 1_900 + (4 + WARM) + (5 + WARM));
}

#[test]
fn nothing_stays_warm_across_transactions() {
    // Two identical transactions in one block: both pay the cold slot and the cold account.
    let mut chain = Chain::default();
    chain.deploy(TARGET, query(Bytecode::new().sload(0).op(POP), BALANCE, other()).into_vec());
    let txs = (0..2).map(|nonce| tx::call(0, nonce, TARGET, vec![], U256::ZERO, 100_000)).collect();
    let run = chain.run(txs);
    let used: Vec<u64> = run.output.receipts.iter().map(|r| r.gas_used).collect();
    let each = TX + (4 + COLD_SLOT) + (5 + COLD_ACCOUNT);
    assert_eq!(used, vec![each, each]);
}

#[test]
fn selfbalance_needs_no_access_charge() {
    // SELFBALANCE costs a flat 5 (EIP-1884), against 2 + 100 for ADDRESS BALANCE.
    let cheap = run(Bytecode::new().op(SELFBALANCE).op(POP));
    let dear = run(Bytecode::new().op(ADDRESS).op(BALANCE).op(POP));
    assert_eq!((cheap.gas_used, dear.gas_used), (TX + 7, TX + 104));
}
