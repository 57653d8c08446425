//! EIP-6780 SELFDESTRUCT: always moves the whole balance to the beneficiary and ends the frame; the account
//! is deleted only if it was created in the same transaction (then naming itself burns the balance).
//! Gas: 5000 + 2600 for a cold beneficiary + 25 000 when a non-zero balance goes to a dead account; no
//! refund since EIP-3529.
//!
//! TARGET holds 100 wei. Transaction gas = 21 000 + the listed instructions.

use ee_api::ExitStatus;
use primitives::{Address, U256};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{address_of, tx, Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;

/// A live (funded) account nobody has touched yet: key 1.
fn alive() -> Address {
    address_of(1)
}

fn dead() -> Address {
    Address::from_low_u64(0xDEAD)
}

fn run(code: Bytecode) -> Executed {
    let mut chain = Chain::default();
    chain.fund(TARGET, U256::from(100u8));
    exec_on(&mut chain, code.into_vec(), vec![], 200_000)
}

fn balance(r: &Executed, address: Address) -> U256 {
    r.state.accounts.get(&address).map(|a| a.balance).unwrap_or_default()
}

fn initial() -> U256 {
    U256::from(10u64).pow(U256::from(21u8))
}

#[test]
fn old_contract_keeps_its_code_and_sends_its_balance() {
    // PUSH20 (3) SELFDESTRUCT (5000 + 2600 cold).
    let r = run(Bytecode::new().push(alive()).op(SELFDESTRUCT));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 3 + 5_000 + 2_600);
    assert_eq!(balance(&r, alive()), initial() + U256::from(100u8));
    assert_eq!(balance(&r, TARGET), U256::ZERO);
    assert_eq!(
        r.state.accounts[&TARGET].code,
        vec![0x73].into_iter().chain(alive().0).chain([SELFDESTRUCT]).collect::<Vec<_>>()
    );
}

#[test]
fn sending_a_balance_to_a_dead_account_costs_25000() {
    let r = run(Bytecode::new().push(dead()).op(SELFDESTRUCT));
    assert_eq!(r.gas_used, TX + 3 + 5_000 + 2_600 + 25_000);
    assert_eq!(balance(&r, dead()), U256::from(100u8));
}

#[test]
fn nothing_to_send_means_no_new_account_charge() {
    // TARGET without balance: no 25 000, and the dead beneficiary stays absent (EIP-161).
    let mut chain = Chain::default();
    let r = exec_on(&mut chain, Bytecode::new().push(dead()).op(SELFDESTRUCT).into_vec(), vec![], 200_000);
    assert_eq!(r.gas_used, TX + 3 + 5_000 + 2_600);
    assert!(!r.state.accounts.contains_key(&dead()));
}

#[test]
fn warm_beneficiary_costs_only_5000() {
    // CALLER (2) is the sender, warm from the start.
    let r = run(Bytecode::new().op(CALLER).op(SELFDESTRUCT));
    assert_eq!(r.gas_used, TX + 2 + 5_000);
}

#[test]
fn old_contract_naming_itself_keeps_everything() {
    // ADDRESS (2) SELFDESTRUCT (5000, warm): balance moves onto itself; nothing is deleted.
    let r = run(Bytecode::new().op(ADDRESS).op(SELFDESTRUCT));
    assert_eq!(r.gas_used, TX + 2 + 5_000);
    assert_eq!(balance(&r, TARGET), U256::from(100u8));
    assert!(!r.state.accounts[&TARGET].code.is_empty());
}

#[test]
fn selfdestruct_ends_the_frame() {
    // The SSTORE after SELFDESTRUCT never runs: 2 + 5000 only.
    let r = run(Bytecode::new().op(CALLER).op(SELFDESTRUCT).sstore(0, 1));
    assert_eq!(r.gas_used, TX + 2 + 5_000);
    assert_eq!(r.slot(0), U256::ZERO);
}

#[test]
fn constructor_that_selfdestructs_leaves_no_account() {
    // Init code PUSH20 alive SELFDESTRUCT (22 bytes, 1 word): PUSH32 PUSH0 MSTORE (11); CREATE(10, 0, 22):
    // PUSH1 22, PUSH0, PUSH1 10 (8) + 32 000 + 2; constructor 3 + 5000 + 2600; ret_top (10).
    let init = Bytecode::new().push(alive()).op(SELFDESTRUCT).into_vec();
    let r = run(Bytecode::new().mstore_bytes(0, &init).create(10, 0, 22).ret_top());
    let created = Address::from_word(&U256::from_be_slice(&r.output));
    assert_ne!(created, Address::ZERO);
    assert_eq!(r.gas_used, TX + 11 + 8 + 32_002 + 7_603 + 10);
    assert!(!r.state.accounts.contains_key(&created));
    assert_eq!(balance(&r, alive()), initial() + U256::from(10u8));
    assert_eq!(balance(&r, TARGET), U256::from(90u8));
}

#[test]
fn contract_created_earlier_in_the_transaction_is_deleted() {
    // Deploy runtime CALLER SELFDESTRUCT (13-byte init code): 11 + 7 + 32 002 + constructor 22 + deposit 400.
    // Then CALL(50 000, <created>, 0, 0, 0, 0, 0): 5 × PUSH0 (10), DUP6 (3), PUSH2 (3), warm 100; the callee
    // runs CALLER (2) SELFDESTRUCT (5000, TARGET is warm).
    let init = Bytecode::initcode_for(&[CALLER, SELFDESTRUCT]).into_vec();
    let code = Bytecode::new().mstore_bytes(0, &init).create(0, 0, 13).call(
        50_000,
        test_utils::bytecode::Op(DUP6),
        0,
        0,
        0,
        0,
        0,
    );
    let r = run(code);
    assert_eq!(r.gas_used, TX + 11 + 7 + 32_002 + 22 + 400 + 16 + 100 + 5_002);
    let created = zkos_ee_evm::create_address(&TARGET, 0);
    assert!(!r.state.accounts.contains_key(&created));
    assert_eq!(r.state.accounts[&TARGET].nonce, 1);
}

#[test]
fn new_contract_naming_itself_burns_its_balance() {
    // Init code ADDRESS SELFDESTRUCT: 11 + CREATE(10, 0, 2) 8 + 32 002, constructor 2 + 5000, ret_top 10.
    let r = run(Bytecode::new().mstore_bytes(0, &[ADDRESS, SELFDESTRUCT]).create(10, 0, 2).ret_top());
    let created = Address::from_word(&U256::from_be_slice(&r.output));
    assert_eq!(r.gas_used, TX + 11 + 8 + 32_002 + 5_002 + 10);
    assert!(!r.state.accounts.contains_key(&created));
    assert_eq!(balance(&r, TARGET), U256::from(90u8));
}

#[test]
fn selfdestruct_of_a_reverted_frame_is_undone() {
    // TARGET calls B (CALLER SELFDESTRUCT: 5002, TARGET warm) and then reverts: B keeps its balance.
    // CALL(50 000, B, 0, 0, 0, 0, 0): 16 + 2600; REVERT(0, 0): 4 (POP of the flag: 2).
    let b = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(b, vec![CALLER, SELFDESTRUCT]).fund(b, U256::from(7u8));
    let code = Bytecode::new().call(50_000, b, 0, 0, 0, 0, 0).op(POP).revert(0, 0);
    let r = exec_on(&mut chain, code.into_vec(), vec![], 200_000);
    assert_eq!(r.status, ExitStatus::Revert);
    assert_eq!(r.gas_used, TX + 16 + 2_600 + 5_002 + 2 + 4);
    assert_eq!(balance(&r, b), U256::from(7u8));
    assert_eq!(balance(&r, TARGET), U256::ZERO);
}

#[test]
fn contract_created_in_an_earlier_transaction_survives() {
    // Transaction 1 deploys runtime CALLER SELFDESTRUCT; transaction 2 (same block) calls it directly:
    // CALLER is the warm sender, so 2 + 5000. The contract is not "created in this transaction" any more,
    // so its code stays.
    let mut chain = Chain::default();
    let init = Bytecode::initcode_for(&[CALLER, SELFDESTRUCT]).into_vec();
    chain.deploy(TARGET, Bytecode::new().mstore_bytes(0, &init).create(0, 0, 13).into_vec());
    let created = zkos_ee_evm::create_address(&TARGET, 0);
    let txs =
        vec![tx::call(0, 0, TARGET, vec![], U256::ZERO, 200_000), tx::call(0, 1, created, vec![], U256::ZERO, 200_000)];
    let run = chain.run(txs);
    assert_eq!(run.output.receipts[1].status, ExitStatus::Success);
    assert_eq!(run.output.receipts[1].gas_used, TX + 2 + 5_000);
    assert_eq!(run.post_state.accounts[&created].code, vec![CALLER, SELFDESTRUCT]);
}
