//! EIP-7516: BLOBBASEFEE (2 gas, base tier) pushes the block's blob base fee, derived from the excess blob
//! gas as `fake_exponential(1, excess, fraction)` with the fork's update fraction (Cancun 3 338 477,
//! Prague 5 007 716). It is a block value: the same in every frame, static or not, and it is what blob
//! gas is charged at.
//!
//! Transaction gas = 21 000 + the listed instructions.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, Fork, B256, U256};
use test_utils::bytecode::{run_tx, word};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{address_of, tx, Bytecode, Chain, Executed};
use transactions::TxType;
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;

/// A chain under `fork` whose header says `excess` blob gas and blob base fee `fee` (computed by hand).
fn chain(fork: Fork, excess: u64, fee: u64) -> Chain {
    let mut chain = Chain::new(fork);
    chain.block.excess_blob_gas = excess;
    chain.block.blob_base_fee = U256::from(fee);
    chain
}

fn read_fee(mut chain: Chain) -> Executed {
    exec_on(&mut chain, Bytecode::new().op(BLOBBASEFEE).ret_top().into_vec(), vec![], 100_000)
}

#[test]
fn zero_excess_gives_the_minimum_fee_of_one() {
    // BLOBBASEFEE (2) + ret_top (13).
    let r = read_fee(Chain::default());
    assert_eq!(r.output, word(1u64));
    assert_eq!(r.gas_used, TX + 2 + 13);
}

#[test]
fn fee_follows_the_prague_update_fraction() {
    // e^1 ≈ 2.718 → 2; e^10 ≈ 22 026.47 → 22 026.
    assert_eq!(read_fee(chain(Fork::Prague, 5_007_716, 2)).output, word(2u64));
    assert_eq!(read_fee(chain(Fork::Prague, 50_077_160, 22_026)).output, word(22_026u64));
}

#[test]
fn fee_follows_the_cancun_update_fraction() {
    let r = read_fee(chain(Fork::Cancun, 3_338_477, 2));
    assert_eq!(r.output, word(2u64));
    assert_eq!(r.gas_used, TX + 2 + 13);
}

#[test]
fn every_frame_sees_the_block_value() {
    // B: BLOBBASEFEE ret_top (15). TARGET: STATICCALL(50 000, B, 0, 0, 0, 32) (15 + memory 3 + cold 2600),
    // then compares B's word with its own BLOBBASEFEE and returns the flag.
    let b = Address::from_low_u64(0xB0B);
    let mut chain = chain(Fork::Prague, 5_007_716, 2);
    chain.deploy(b, Bytecode::new().op(BLOBBASEFEE).ret_top().into_vec());
    let code =
        Bytecode::new().staticcall(50_000, b, 0, 0, 0, 32).op(POP).push(0).op(MLOAD).op(BLOBBASEFEE).op(EQ).ret_top();
    let r = exec_on(&mut chain, code.into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(1u64));
    // POP (2), PUSH0 MLOAD (2 + 3), BLOBBASEFEE (2), EQ (3), ret_top on paid memory (10).
    assert_eq!(r.gas_used, TX + 15 + 3 + 2_600 + 15 + 2 + 5 + 2 + 3 + 10);
}

#[test]
fn blob_gas_is_charged_at_the_opcodes_value() {
    // One blob at fee 22 026: the sender pays 10 × gas used + 131 072 × 22 026.
    let mut chain = chain(Fork::Prague, 50_077_160, 22_026);
    chain.deploy(TARGET, Bytecode::new().op(BLOBBASEFEE).ret_top().into_vec());
    let mut unsigned = tx::template(0, Some(TARGET), vec![], U256::ZERO, 100_000);
    unsigned.tx_type = TxType::Eip4844;
    unsigned.blob_versioned_hashes = vec![B256([1; 32])];
    unsigned.max_fee_per_blob_gas = 30_000;
    let r = run_tx(&chain, tx::signed(0, unsigned));
    assert_eq!(r.output, word(22_026u64));
    let paid = U256::from(10 * r.gas_used + 131_072 * 22_026);
    assert_eq!(r.state.accounts[&address_of(0)].balance, U256::from(10u64).pow(U256::from(21u8)) - paid);
}

#[test]
fn fee_is_a_full_word() {
    // A fee above 2^64 is pushed unchanged.
    let mut big = Chain::default();
    big.block.blob_base_fee = U256::from(1u8) << 100;
    let r = read_fee(big);
    assert_eq!(U256::from_be_slice(&r.output), U256::from(1u8) << 100);
}

#[test]
fn blob_base_fee_is_independent_of_the_base_fee() {
    // BASEFEE PUSH0 MSTORE (2 + 2 + 6), BLOBBASEFEE PUSH1 32 MSTORE (2 + 3 + 6), RETURN(0, 64) (5).
    let mut chain = chain(Fork::Prague, 5_007_716, 2);
    let code = Bytecode::new().op(BASEFEE).push(0).op(MSTORE).op(BLOBBASEFEE).push(32).op(MSTORE).ret(0, 64);
    let r = exec_on(&mut chain, code.into_vec(), vec![], 100_000);
    assert_eq!(r.output, [word(10u64), word(2u64)].concat());
    assert_eq!(r.gas_used, TX + 10 + 11 + 5);
}

#[test]
fn blobbasefee_needs_its_two_gas() {
    let code = Bytecode::new().op(BLOBBASEFEE).into_vec();
    let short = exec_on(&mut Chain::default(), code.clone(), vec![], TX + 1);
    assert_eq!(short.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(short.gas_used, TX + 1);
    let exact = exec_on(&mut Chain::default(), code, vec![], TX + 2);
    assert_eq!(exact.status, ExitStatus::Success);
}
