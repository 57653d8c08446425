//! Batches: one witness and one proof for a run of consecutive blocks of a rollup chain.
//!
//! The tape is the block count `k`, then each block's tape as for a single block (its pre-state
//! commitment, context, answers, insertion proofs). Proving mode proves each block in turn and checks that
//! the chain holds together: each block's pre-state is the previous block's post-state, its number is one
//! more, its timestamp later, and its `parent_hash` the previous block's header hash
//! ([`crate::chain::header::BlockHeader`], computed here from what was proven). The batch's public input
//! is `blake2s("zkos-batch-1" ‖ pre-state of the first ‖ post-state of the last ‖ the first block's parent
//! hash ‖ the last block's hash ‖ fold of every block's (public input, header hash))`, so a verifier
//! chains batches by the hashes at either end. Forward mode computes the same with the same
//! [`BatchFold`].

use alloc::boxed::Box;
use alloc::vec::Vec;

use ee_api::EeSet;
use primitives::B256;
use system_api::{BlockContext, MeteredResources, OracleError, SystemAllocator};
use system_impl::{InMemoryState, System};
use tree::{Commitment, StateTree};

use super::commit::hash_words;
use super::tape::{TapeSource, TapeWriter};
use super::verify::TapeOracle;
use super::{prove_chain_block, witness_block, ProvingError, RecordingOracle, RecordingSystem, WitnessedRun};
use crate::chain::header::{transactions_hash, BlockHeader};
use crate::proving::commit::outputs_hash;
use crate::{BlockError, ChainSpec};

/// Why the blocks of a batch do not form a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// A block's pre-state is not the previous block's post-state.
    State,
    /// A block's number does not follow the previous one's.
    Number,
    /// A block's timestamp is not after the previous one's.
    Timestamp,
    /// A block's parent hash is not the previous block's hash.
    Parent,
    /// A batch of no blocks.
    Empty,
}

/// One block of a batch as the fold sees it.
#[derive(Clone, Copy, Debug)]
struct Link {
    number: u64,
    timestamp: u64,
    hash: B256,
    post: Commitment,
}

/// The running check and fold of a batch, the same in forward and proving mode.
#[derive(Clone, Debug, Default)]
pub struct BatchFold {
    first: Option<(Commitment, B256)>,
    last: Option<Link>,
    fold: B256,
    blocks: u32,
}

impl BatchFold {
    /// Adds the next block (its context, commitments, public input and header parts); fails when it does not
    /// follow the previous block.
    pub fn push(
        &mut self,
        context: &BlockContext,
        pre: Commitment,
        post: Commitment,
        public_input: &[u32; 8],
        header: &BlockHeader,
    ) -> Result<(), ChainBreak> {
        if let Some(last) = self.last {
            if pre != last.post {
                return Err(ChainBreak::State);
            }
            if Some(context.number) != last.number.checked_add(1) {
                return Err(ChainBreak::Number);
            }
            if context.timestamp <= last.timestamp {
                return Err(ChainBreak::Timestamp);
            }
            if context.parent_hash != last.hash {
                return Err(ChainBreak::Parent);
            }
        } else {
            self.first = Some((pre, context.parent_hash));
        }
        let hash = header.hash();
        let mut t = TapeWriter::default();
        t.b256(&self.fold);
        for word in public_input {
            t.word(*word);
        }
        t.b256(&hash);
        self.fold = hash_words(&t.words);
        self.last = Some(Link { number: context.number, timestamp: context.timestamp, hash, post });
        self.blocks += 1;
        Ok(())
    }

    /// The batch's public input.
    pub fn public_input(&self) -> Result<[u32; 8], ChainBreak> {
        let (Some((pre, parent)), Some(last)) = (self.first, self.last) else { return Err(ChainBreak::Empty) };
        let mut t = TapeWriter::default();
        t.bytes(b"zkos-batch-1");
        t.b256(&pre.root);
        t.u64(pre.next_free);
        t.b256(&last.post.root);
        t.u64(last.post.next_free);
        t.b256(&parent);
        t.b256(&last.hash);
        t.word(self.blocks);
        t.b256(&self.fold);
        let digest = hash_words(&t.words);
        let mut out = [0u32; 8];
        for (i, chunk) in digest.0.chunks(4).enumerate() {
            out[i] = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Ok(out)
    }
}

/// A batch run forward with its witness.
pub struct WitnessedBatch {
    /// Each block's forward run and witness (its `tape` is that block's part of the batch tape).
    pub blocks: Vec<WitnessedRun>,
    /// Each block's header.
    pub headers: Vec<BlockHeader>,
    /// The whole tape: the block count, then each block's tape.
    pub tape: Vec<u32>,
    /// Where each block's tape starts in [`Self::tape`].
    pub offsets: Vec<usize>,
    /// The batch's public input.
    pub public_input: [u32; 8],
}

/// Runs `blocks` (contexts and transactions) one after the other on `state` with `tree` (the state tree as
/// the chain holds it before the first block), recording one witness for the batch. With `link`, every
/// block after the first gets the previous block's header hash as its parent hash (building a chain); without
/// it the contexts must carry them already (re-executing a stored chain).
pub fn run_chain_batch_with_witness<C: ChainSpec>(
    mut state: InMemoryState,
    mut tree: Box<dyn StateTree + Send>,
    blocks: Vec<(BlockContext, Vec<Vec<u8>>)>,
    link: bool,
) -> Result<WitnessedBatch, BatchError>
where
    C::Ees: EeSet<RecordingSystem>,
{
    let mut fold = BatchFold::default();
    let mut tape = alloc::vec![blocks.len() as u32];
    let (mut runs, mut headers, mut offsets): (Vec<WitnessedRun>, Vec<BlockHeader>, Vec<usize>) =
        (Vec::new(), Vec::new(), Vec::new());
    for (mut context, transactions) in blocks {
        if let (true, Some(previous)) = (link, headers.last()) {
            context.parent_hash = previous.hash();
        }
        let header_txs = transactions_hash(&transactions);
        let tx_count = transactions.len() as u32;
        let oracle = RecordingOracle::with_tree(context.clone(), transactions, state, tree);
        let (run, next_tree) = witness_block::<C>(oracle).map_err(BatchError::Block)?;
        let header = BlockHeader::from_parts(
            &context,
            run.run.output.gas_used,
            run.post,
            tx_count,
            header_txs,
            outputs_hash(&run.run.output),
        );
        fold.push(&context, run.pre, run.post, &run.public_input, &header).map_err(BatchError::Chain)?;
        offsets.push(tape.len());
        tape.extend_from_slice(&run.tape);
        state = run.run.post_state.clone();
        tree = next_tree;
        headers.push(header);
        runs.push(run);
    }
    let public_input = fold.public_input().map_err(BatchError::Chain)?;
    Ok(WitnessedBatch { blocks: runs, headers, tape, offsets, public_input })
}

/// A batch that could not be run or proven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchError {
    /// A block failed.
    Block(BlockError),
    /// The blocks do not form a chain.
    Chain(ChainBreak),
    /// Proving failed (oracle or block).
    Proving(ProvingError),
}

impl core::fmt::Display for BatchError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Block(e) => write!(f, "{e}"),
            Self::Chain(b) => write!(f, "the blocks do not form a chain: {b:?}"),
            Self::Proving(e) => write!(f, "{e}"),
        }
    }
}

/// Proves a batch: every block of the tape in turn, checking that they form a chain; returns the batch's
/// public input and each block's header.
pub fn prove_chain_batch<C, T, A>(mut tape: T) -> Result<([u32; 8], Vec<BlockHeader>), BatchError>
where
    C: ChainSpec,
    T: TapeSource,
    A: SystemAllocator,
    for<'a> C::Ees: EeSet<System<TapeOracle<&'a mut T>, A, MeteredResources>>,
{
    let count = tape
        .read_word()
        .map_err(|_| BatchError::Proving(ProvingError::Oracle(OracleError::Missing("batch block count"))))?;
    let mut fold = BatchFold::default();
    let mut headers = Vec::new();
    for _ in 0..count {
        let proven = prove_chain_block::<C, &mut T, A>(&mut tape).map_err(BatchError::Proving)?;
        let (txs_hash, tx_count) = proven.transactions;
        let header =
            BlockHeader::from_parts(&proven.context, proven.output.gas_used, proven.post, tx_count, txs_hash, proven.outputs);
        fold.push(&proven.context, proven.pre, proven.post, &proven.public_input, &header).map_err(BatchError::Chain)?;
        headers.push(header);
    }
    Ok((fold.public_input().map_err(BatchError::Chain)?, headers))
}
