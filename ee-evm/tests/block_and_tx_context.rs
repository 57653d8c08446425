//! Block and transaction context: NUMBER, TIMESTAMP, CHAINID, GASLIMIT, COINBASE, BASEFEE, PREVRANDAO (2 gas
//! each), BLOCKHASH (20; only the 256 previous blocks), GASPRICE (the effective price, whose tip goes to the
//! coinbase), ORIGIN vs CALLER, CALLVALUE/CALLDATA*, CODESIZE, SELFBALANCE, and EXTCODEHASH of empty, plain
//! and contract accounts (EIP-1052).
//!
//! The harness block: number 1, timestamp 1000, chain id 1, gas limit 30M, coinbase 0xc01b, base fee 10.
//! Transaction gas = 21 000 + the listed instructions.

use primitives::{keccak256, Address, B256, KECCAK_EMPTY, U256};
use test_utils::bytecode::{run_tx, word};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{address_of, exec, tx, Bytecode, Chain};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;

/// Stores the result of each opcode (no operands) in consecutive words and returns them:
/// first word 2 + PUSH0 MSTORE (8), later ones 2 + PUSH1 MSTORE (9), RETURN (5).
fn words_of(ops: &[u8]) -> Bytecode {
    let mut code = Bytecode::new();
    for (i, op) in ops.iter().enumerate() {
        code = code.op(*op).push(32 * i as u64).op(MSTORE);
    }
    code.ret(0, 32 * ops.len() as u64)
}

#[test]
fn block_values() {
    let mut chain = Chain::default();
    chain.block.prev_randao = B256([7; 32]);
    let ops = [NUMBER, TIMESTAMP, CHAINID, GASLIMIT, COINBASE, BASEFEE, PREVRANDAO];
    let r = exec_on(&mut chain, words_of(&ops).into_vec(), vec![], 100_000);
    let expected =
        [word(1u64), word(1_000u64), word(1u64), word(30_000_000u64), word(0xc01bu64), word(10u64), vec![7; 32]];
    assert_eq!(r.output, expected.concat());
    assert_eq!(r.gas_used, TX + 10 + 6 * 11 + 5);
}

#[test]
fn gasprice_is_the_effective_price_and_the_tip_goes_to_the_coinbase() {
    // Fee cap 20, tip 2, base fee 10: effective price 12. GASPRICE (2) + ret_top (13).
    let mut chain = Chain::default();
    chain.deploy(TARGET, Bytecode::new().op(GASPRICE).ret_top().into_vec());
    let mut unsigned = tx::template(0, Some(TARGET), vec![], U256::ZERO, 100_000);
    unsigned.gas_price = 20;
    unsigned.max_priority_fee_per_gas = 2;
    let r = run_tx(&chain, tx::signed(0, unsigned));
    assert_eq!(r.output, word(12u64));
    assert_eq!(r.gas_used, TX + 15);
    assert_eq!(r.state.accounts[&Address::from_low_u64(0xc01b)].balance, U256::from(2 * (TX + 15)));
}

#[test]
fn origin_stays_the_sender_while_caller_changes() {
    // B: CALLER → word 0, ORIGIN → word 1, RETURN(0, 64): 10 + 11 + 5 = 26.
    // TARGET: CALL(50 000, B, 0, 0, 0, 0, 64): 17 + memory 6 + cold 2600; RETURN(0, 64) (5).
    let b = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(b, words_of(&[CALLER, ORIGIN]).into_vec());
    let r = exec_on(&mut chain, Bytecode::new().call(50_000, b, 0, 0, 0, 0, 64).ret(0, 64).into_vec(), vec![], 100_000);
    assert_eq!(r.output, [TARGET.to_word().to_be_bytes::<32>(), address_of(0).to_word().to_be_bytes::<32>()].concat());
    assert_eq!(r.gas_used, TX + 17 + 6 + 2_600 + 26 + 5);
    // At the top, both are the sender.
    let top = exec(words_of(&[CALLER, ORIGIN]).into_vec(), vec![], 100_000);
    assert_eq!(top.output[..32], top.output[32..]);
}

#[test]
fn callvalue_and_calldata() {
    // Value 5, calldata 01 02 03. CALLVALUE → 0 (10), CALLDATASIZE → 32 (11), CALLDATALOAD(1) → 64
    // (PUSH1 1, CALLDATALOAD, PUSH1 64, MSTORE: 3 + 3 + 3 + 6), RETURN(0, 96) (5): 41.
    // Calldata 3 × 16 = 48, so 21 089 — below the EIP-7623 floor 21 000 + 10 × 12 = 21 120, which applies.
    let mut chain = Chain::default();
    let code = Bytecode::new()
        .op(CALLVALUE)
        .push(0)
        .op(MSTORE)
        .op(CALLDATASIZE)
        .push(32)
        .op(MSTORE)
        .push(1)
        .op(CALLDATALOAD)
        .push(64)
        .op(MSTORE)
        .ret(0, 96);
    chain.deploy(TARGET, code.into_vec());
    let r = run_tx(&chain, tx::call(0, 0, TARGET, vec![1, 2, 3], U256::from(5u8), 100_000));
    let mut loaded = [0u8; 32];
    loaded[..2].copy_from_slice(&[2, 3]);
    assert_eq!(r.output, [word(5u64), word(3u64), loaded.to_vec()].concat());
    assert_eq!(r.gas_used, 21_120);
    assert_eq!(r.state.accounts[&TARGET].balance, U256::from(5u8));
}

#[test]
fn calldataload_past_the_end_reads_zeros() {
    // PUSH32 (3) CALLDATALOAD (3) + ret_top, with no calldata and with an offset beyond 64 bits.
    let r = exec(Bytecode::new().push(U256::MAX).op(CALLDATALOAD).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 6 + 13);
}

#[test]
fn blockhash_covers_only_the_last_256_blocks() {
    // At block 300: 299 and 44 (300 - 256) are visible, 43, 300 itself and 2^256 - 1 are zero.
    // Each query: push (3; PUSH0 2 for the first offset) + 20 + MSTORE 6 → 31 + 4 × 32, RETURN (5).
    let mut chain = Chain::default();
    chain.block.number = 300;
    for n in [43u64, 44, 299] {
        chain.state.block_hashes.insert(n, keccak256(&n.to_be_bytes()));
    }
    let mut code = Bytecode::new();
    for (i, n) in
        [U256::from(299u16), U256::from(44u8), U256::from(43u8), U256::from(300u16), U256::MAX].iter().enumerate()
    {
        code = code.push(*n).op(BLOCKHASH).push(32 * i as u64).op(MSTORE);
    }
    let r = exec_on(&mut chain, code.ret(0, 160).into_vec(), vec![], 100_000);
    let hash = |n: u64| keccak256(&n.to_be_bytes()).0.to_vec();
    assert_eq!(r.output, [hash(299), hash(44), vec![0; 96]].concat());
    assert_eq!(r.gas_used, TX + 31 + 4 * 32 + 5);
}

#[test]
fn codesize_and_selfbalance() {
    // CODESIZE (2) + ret_top: this program is 7 bytes. SELFBALANCE is 5.
    let r = exec(Bytecode::new().op(CODESIZE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(7u64));
    assert_eq!(r.gas_used, TX + 2 + 13);
    let mut chain = Chain::default();
    chain.fund(TARGET, U256::from(77u8));
    let r = exec_on(&mut chain, Bytecode::new().op(SELFBALANCE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(77u64));
    assert_eq!(r.gas_used, TX + 5 + 13);
}

#[test]
fn extcodehash_of_empty_plain_and_contract_accounts() {
    // Absent account → 0; funded EOA (key 1) → keccak256(""); contract → keccak256(code).
    // Each: PUSH20 (3) EXTCODEHASH (2600 cold) push offset MSTORE; RETURN(0, 96).
    let contract = Address::from_low_u64(0xC0C0);
    let mut chain = Chain::default();
    chain.deploy(contract, vec![STOP, STOP]);
    let mut code = Bytecode::new();
    for (i, a) in [Address::from_low_u64(0xDEAD), address_of(1), contract].into_iter().enumerate() {
        code = code.push(a).op(EXTCODEHASH).push(32 * i as u64).op(MSTORE);
    }
    let r = exec_on(&mut chain, code.ret(0, 96).into_vec(), vec![], 100_000);
    assert_eq!(r.output, [vec![0; 32], KECCAK_EMPTY.0.to_vec(), keccak256(&[STOP, STOP]).0.to_vec()].concat());
    assert_eq!(r.gas_used, TX + 3 * (3 + 2_600 + 6) + 2 + 3 + 3 + 5);
}
