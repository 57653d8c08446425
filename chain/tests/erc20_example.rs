//! `init` + `apply` of `examples/blocks/erc20.json` against `zkos run`: the file's alloc as the genesis
//! (block 0, one second earlier), its transactions as block 1, must end at the state root `zkos run` reports
//! for the file (`run_with_witness`, which the CLI prints as `stateCommitment.root`). Also: blocks that
//! cannot follow the head are refused with a typed error and leave the store as it was; `init` refuses a
//! store that holds a chain.

use std::path::PathBuf;

use bootloader::proving::run_with_witness;
use fixtures::{parse_block_file, BlockFile};
use zkos_chain::{init, Chain, ChainError};

fn example() -> BlockFile {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/blocks/erc20.json");
    let text = std::fs::read_to_string(path).expect("erc20.json");
    parse_block_file(&text).expect("parse erc20.json")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zkos-chain-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The genesis that makes block 1 of the chain the block `zkos run` runs: the same alloc and env, number
/// 0, a timestamp before the block's, no transactions.
fn genesis_of(file: &BlockFile) -> BlockFile {
    let mut genesis = file.clone();
    genesis.block.number = 0;
    genesis.block.timestamp = file.block.timestamp - 1;
    genesis.transactions.clear();
    genesis
}

#[test]
fn chain_of_erc20_json_agrees_with_zkos_run() {
    let file = example();
    let expected = run_with_witness(file.block.clone(), file.state.clone(), file.transactions.clone()).expect("zkos run");
    let dir = temp_dir("erc20");
    let mut chain = init(&dir, &genesis_of(&file)).expect("init");
    let genesis = chain.status().expect("status");
    assert_eq!((genesis.state_root, genesis.next_free_index), (expected.pre.root, expected.pre.next_free), "genesis = zkos run's pre-state");
    assert_eq!(genesis.number, 0);

    let applied = chain.apply(&file).expect("apply block 1");
    assert_eq!(applied.header.number, 1);
    assert_eq!(applied.header.parent_hash, genesis.hash, "parent hash filled from the head");
    let status = chain.status().expect("status");
    assert_eq!(status.state_root, expected.post.root, "state root = zkos run's stateCommitment.root");
    assert_eq!(status.next_free_index, expected.post.next_free);

    // Receipts as zkos run reports them.
    let receipts = chain.receipts(1).expect("read").expect("block 1 receipts");
    assert_eq!(receipts.len(), expected.run.output.receipts.len());
    for (stored, run) in receipts.iter().zip(&expected.run.output.receipts) {
        assert_eq!((stored.tx_hash, stored.gas_used, stored.logs.len()), (run.tx_hash, run.gas_used, run.logs.len()));
        assert_eq!(stored.status == 0, run.success());
    }
    // The account states zkos run's post-state holds.
    for (address, account) in &expected.run.post_state.accounts {
        let slots: Vec<_> = account.storage.keys().copied().collect();
        let stored = chain.account(address, &slots).expect("account");
        let record = stored.record.expect("account exists");
        assert_eq!((record.nonce, record.balance, stored.code_len), (account.nonce, account.balance, account.code.len()));
        for (slot, value) in &stored.storage {
            assert_eq!(account.storage.get(slot), Some(value));
        }
    }
    chain.check(true).expect("consistent");

    // Reopened, the chain is where it was.
    drop(chain);
    let chain = Chain::open(&dir).expect("reopen");
    assert_eq!(chain.status().expect("status"), status);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refused_blocks_leave_the_store_unchanged() {
    let file = example();
    let dir = temp_dir("refused");
    let mut chain = init(&dir, &genesis_of(&file)).expect("init");
    let before = chain.status().expect("status");
    let size = chain.file_size().expect("size");

    let mut wrong_number = file.clone();
    wrong_number.block.number = 2;
    let err = chain.apply(&wrong_number).expect_err("number 2 after 0");
    assert!(matches!(err, ChainError::WrongNumber { expected: 1, got: 2 }), "{err}");
    assert!(err.is_rejection());

    let mut stale = file.clone();
    stale.block.timestamp = file.block.timestamp - 1;
    let err = chain.apply(&stale).expect_err("same timestamp as the head");
    assert!(matches!(err, ChainError::TimestampNotIncreasing { .. }), "{err}");

    let mut other_chain = file.clone();
    other_chain.block.chain_id = 5;
    assert!(matches!(chain.apply(&other_chain), Err(ChainError::ChainIdMismatch { expected: 1, got: 5 })));

    assert_eq!(chain.status().expect("status"), before);
    assert_eq!(chain.file_size().expect("size"), size, "nothing written");
    chain.check(true).expect("consistent");

    // The genesis file has transactions: refused; a second init on this store: refused.
    assert!(matches!(init(&temp_dir("with-txs"), &file), Err(ChainError::InvalidGenesis(_))));
    drop(chain);
    assert!(matches!(init(&dir, &genesis_of(&file)), Err(ChainError::AlreadyInitialized(_))));
    assert!(matches!(Chain::open(&temp_dir("absent")), Err(ChainError::NotInitialized(_))));
    let _ = std::fs::remove_dir_all(&dir);
}
