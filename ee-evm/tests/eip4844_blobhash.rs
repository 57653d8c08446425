//! EIP-4844 from the EVM's side: BLOBHASH (3 gas) returns the transaction's versioned hash at an index, or
//! zero past the end (any index size); every frame of the transaction sees the same list; non-blob
//! transactions have none. Blob transactions pay 131 072 blob gas per blob at the blob base fee on top
//! of regular gas, and are rejected with a bad version byte, too many blobs, or a blob fee cap below the
//! blob base fee.
//!
//! Transaction gas = 21 000 + the listed instructions (blob gas is separate).

use ee_api::ExitStatus;
use primitives::{Address, Fork, B256, U256};
use test_utils::bytecode::{run_tx, word};
use test_utils::harness::TARGET;
use test_utils::{address_of, exec, tx, Bytecode, Chain, Executed};
use transactions::{Transaction, TxType};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const GAS_PER_BLOB: u64 = 131_072;

/// A version-0x01 hash ending in `n`.
fn versioned(n: u8) -> B256 {
    let mut h = [n; 32];
    h[0] = 0x01;
    B256(h)
}

fn blob_tx(hashes: Vec<B256>, blob_fee_cap: u128) -> Transaction {
    let mut unsigned = tx::template(0, Some(TARGET), vec![], U256::ZERO, 100_000);
    unsigned.tx_type = TxType::Eip4844;
    unsigned.blob_versioned_hashes = hashes;
    unsigned.max_fee_per_blob_gas = blob_fee_cap;
    unsigned
}

fn run_blob(chain: &mut Chain, code: Bytecode, hashes: Vec<B256>) -> Executed {
    chain.deploy(TARGET, code.into_vec());
    run_tx(chain, tx::signed(0, blob_tx(hashes, 1)))
}

fn two_blobs(code: Bytecode) -> Executed {
    run_blob(&mut Chain::default(), code, vec![versioned(0xaa), versioned(0xbb)])
}

#[test]
fn blobhash_returns_the_hashes_in_order() {
    // BLOBHASH(0) at 0: PUSH0 (2) BLOBHASH (3) PUSH0 MSTORE (2 + 3 + 3); BLOBHASH(1) at 32:
    // PUSH1 (3) + 3 + PUSH1 32 MSTORE (3 + 3 + 3); RETURN(0, 64) (5).
    let code =
        Bytecode::new().push(0).op(BLOBHASH).push(0).op(MSTORE).push(1).op(BLOBHASH).push(32).op(MSTORE).ret(0, 64);
    let r = two_blobs(code);
    assert_eq!(r.output, [versioned(0xaa).0, versioned(0xbb).0].concat());
    assert_eq!(r.gas_used, TX + 13 + 15 + 5);
}

#[test]
fn index_past_the_end_is_zero() {
    let r = two_blobs(Bytecode::new().push(2).op(BLOBHASH).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 3 + 3 + 13);
    let huge = two_blobs(Bytecode::new().push(U256::MAX).op(BLOBHASH).ret_top());
    assert_eq!(huge.output, word(0u64));
    assert_eq!(huge.gas_used, TX + 3 + 3 + 13);
    let high_bits = two_blobs(Bytecode::new().push(U256::from(1u8) << 64).op(BLOBHASH).ret_top());
    assert_eq!(high_bits.output, word(0u64));
}

#[test]
fn non_blob_transactions_have_no_hashes() {
    let r = exec(Bytecode::new().push(0).op(BLOBHASH).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 2 + 3 + 13);
}

#[test]
fn nested_frames_see_the_same_hashes() {
    // B returns BLOBHASH(1) (PUSH1 1: 3, BLOBHASH 3, ret_top 13 = 19). TARGET: CALL(50 000, B, 0, 0, 0, 0, 32)
    // (17 + memory 3 + cold 2600), RETURN(0, 32) (5).
    let b = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(b, Bytecode::new().push(1).op(BLOBHASH).ret_top().into_vec());
    let r = run_blob(
        &mut chain,
        Bytecode::new().call(50_000, b, 0, 0, 0, 0, 32).ret(0, 32),
        vec![versioned(1), versioned(2)],
    );
    assert_eq!(r.output, versioned(2).0.to_vec());
    assert_eq!(r.gas_used, TX + 17 + 3 + 2_600 + 19 + 5);
}

#[test]
fn sender_pays_blob_gas_at_the_blob_base_fee() {
    // Base fee 10 × gas used, plus 2 × 131 072 blob gas × blob base fee 1; no tip.
    let r = two_blobs(Bytecode::new());
    assert_eq!(r.gas_used, TX);
    let spent = U256::from(10 * TX + 2 * GAS_PER_BLOB);
    assert_eq!(r.state.accounts[&address_of(0)].balance, U256::from(10u64).pow(U256::from(21u8)) - spent);
}

fn rejected(fork: Fork, unsigned: Transaction) -> bool {
    let mut chain = Chain::new(fork);
    chain.deploy(TARGET, vec![]);
    let run = chain.run(vec![tx::signed(0, unsigned)]);
    assert_eq!(run.output.receipts.len() + run.output.rejected.len(), 1);
    !run.output.rejected.is_empty()
}

#[test]
fn blob_count_limit_depends_on_the_fork() {
    let blobs = |n: u8| blob_tx((0..n).map(versioned).collect(), 1);
    assert!(!rejected(Fork::Cancun, blobs(6)));
    assert!(rejected(Fork::Cancun, blobs(7)));
    assert!(!rejected(Fork::Prague, blobs(9)));
    assert!(rejected(Fork::Prague, blobs(10)));
    assert!(rejected(Fork::Prague, blobs(0)));
}

#[test]
fn hashes_must_carry_version_0x01() {
    let mut bad = versioned(3);
    bad.0[0] = 0x02;
    assert!(rejected(Fork::Prague, blob_tx(vec![versioned(1), bad], 1)));
}

#[test]
fn blob_fee_cap_must_cover_the_blob_base_fee() {
    let mut chain = Chain::default();
    chain.block.blob_base_fee = U256::from(2u8);
    chain.deploy(TARGET, vec![]);
    let low = chain.run(vec![tx::signed(0, blob_tx(vec![versioned(1)], 1))]);
    assert_eq!(low.output.rejected.len(), 1);
    let ok = chain.run(vec![tx::signed(0, blob_tx(vec![versioned(1)], 2))]);
    assert_eq!(ok.output.receipts[0].status, ExitStatus::Success);
    assert_eq!(ok.output.receipts[0].blob_gas_used, GAS_PER_BLOB);
}
