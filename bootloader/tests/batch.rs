//! Batches: ten consecutive blocks recorded as one witness and proven natively in one run must give forward
//! mode's batch public input; a forged transaction changes it, and blocks that do not chain (a wrong parent
//! hash, a skipped number, a state that does not follow) make proving fail.

use primitives::{Address, U256};
use system_api::BlockContext;
use system_impl::{InMemoryState, StdAllocator};
use test_utils::{tx, Chain};
use zkos_bootloader::proving::batch::{prove_chain_batch, run_chain_batch_with_witness, BatchError, ChainBreak, WitnessedBatch};
use zkos_bootloader::proving::commit::state_tree;
use zkos_bootloader::proving::SliceTape;
use zkos_bootloader::Rollup;

type Blocks = Vec<(BlockContext, Vec<Vec<u8>>)>;

/// `n` blocks of two transfers each (keys 0 and 1), twelve seconds apart from block 1.
fn blocks(n: u64) -> (InMemoryState, Blocks) {
    let chain = Chain::new(primitives::Fork::Osaka);
    let mut out = Vec::new();
    for i in 0..n {
        let mut context = chain.block.clone();
        context.number = 1 + i;
        context.timestamp = 1_000 + 12 * i;
        let txs = vec![
            tx::transfer(0, i, Address::from_low_u64(0xbeef), U256::from(1_000 + i)),
            tx::transfer(1, i, Address::from_low_u64(0xf00d + i), U256::from(7u8)),
        ];
        out.push((context, txs));
    }
    (chain.state, out)
}

fn run(state: &InMemoryState, blocks: Blocks, link: bool) -> Result<WitnessedBatch, BatchError> {
    run_chain_batch_with_witness::<Rollup>(state.clone(), Box::new(state_tree(state)), blocks, link)
}

fn prove(tape: &[u32]) -> Result<[u32; 8], BatchError> {
    prove_chain_batch::<Rollup, _, StdAllocator>(SliceTape::new(tape)).map(|(pi, _)| pi)
}

#[test]
fn ten_blocks_prove_as_one_batch() {
    let (state, list) = blocks(10);
    let batch = run(&state, list, true).expect("the batch runs");
    assert_eq!(batch.blocks.len(), 10);
    assert!(batch.blocks.iter().all(|b| b.run.output.receipts.len() == 2 && b.run.output.rejected.is_empty()));
    // Each block starts where the last ended, and names its hash as parent.
    for pair in batch.blocks.windows(2) {
        assert_eq!(pair[0].post, pair[1].pre);
    }
    for (i, pair) in batch.headers.windows(2).enumerate() {
        assert_eq!(pair[1].parent_hash, pair[0].hash(), "block {}", i + 2);
    }
    assert_eq!(prove(&batch.tape), Ok(batch.public_input));
    // A one-block batch is not the same statement as the block alone.
    assert_ne!(batch.public_input, batch.blocks[0].public_input);
}

#[test]
fn a_changed_transaction_changes_the_public_input() {
    let (state, list) = blocks(10);
    let batch = run(&state, list.clone(), true).expect("the batch runs");
    let mut forged = list;
    forged[4].1[1] = tx::transfer(1, 4, Address::from_low_u64(0xf00d + 4), U256::from(8u8));
    let other = run(&state, forged, true).expect("the forged batch runs");
    assert_ne!(other.public_input, batch.public_input);
    // And a tape whose block 5 carries the other transaction proves to the other input or fails.
    let mut spliced = batch.tape[..batch.offsets[4]].to_vec();
    spliced.extend_from_slice(&other.tape[other.offsets[4]..]);
    assert_ne!(prove(&spliced), Ok(batch.public_input));
}

#[test]
fn blocks_that_do_not_chain_fail_to_prove() {
    let (state, list) = blocks(10);
    // Forward mode refuses to record them.
    assert_eq!(run(&state, list.clone(), false).err(), Some(BatchError::Chain(ChainBreak::Parent)));
    let mut skipped = list.clone();
    skipped.remove(3);
    assert_eq!(run(&state, skipped, true).err(), Some(BatchError::Chain(ChainBreak::Number)));
    // A tape made of two separate one-block runs: the second does not name the first as parent, and its
    // pre-state is not the first one's post-state either.
    let first = run(&state, list[..1].to_vec(), true).expect("block 1");
    let second = run(&state, list[1..2].to_vec(), true).expect("block 2 on the genesis state");
    let mut tape = vec![2u32];
    tape.extend_from_slice(&first.tape[1..]);
    tape.extend_from_slice(&second.tape[1..]);
    assert_eq!(prove(&tape), Err(BatchError::Chain(ChainBreak::State)));
    // A chained two-block tape whose second block names another parent (its context's parent-hash words
    // changed: the context sits on the tape, its last ten words are the parent hash, the beacon-root tag
    // and the withdrawal count).
    let two = run(&state, list[..2].to_vec(), true).expect("two blocks");
    let (_, start, len) = two.blocks[1]
        .segments
        .iter()
        .copied()
        .find(|(kind, _, _)| *kind == zkos_bootloader::proving::Segment::BlockContext)
        .expect("a context segment");
    let mut tape = two.tape.clone();
    tape[two.offsets[1] + start + len - 10] ^= 1;
    assert_eq!(prove(&tape), Err(BatchError::Chain(ChainBreak::Parent)));
    // Unchanged, it proves.
    assert_eq!(prove(&two.tape), Ok(two.public_input));
    // Truncated, it fails.
    assert!(prove(&two.tape[..two.tape.len() - 3]).is_err());
    assert!(prove(&[]).is_err());
}
