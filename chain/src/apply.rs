//! Applying the next block: check it follows the head, run it over a snapshot of the head state, then
//! write everything it did in one write transaction.
//!
//! A block that cannot follow the head (number, timestamp, chain id, fork) or fails as a whole (a fatal
//! block error, a failed state read) returns its error before anything is written, so the store stays at
//! its head. The run reads a redb read transaction; the write transaction re-checks that the head is still
//! the one the block ran on before it commits.

use std::time::{Duration, Instant};

use bootloader::BlockOutput;
use fixtures::BlockFile;
use system_api::BlockContext;

use crate::commit::write_block;
use crate::error::{ChainError, Result};
use crate::header::BlockHeader;
use crate::source::{cores, run_block};
use crate::store::{head_in, Chain};

/// What applying a block did.
#[derive(Debug)]
pub struct Applied {
    /// The new head's header.
    pub header: BlockHeader,
    /// Its hash.
    pub hash: primitives::B256,
    /// Receipts and rejections as the bootloader reported them.
    pub output: BlockOutput,
    /// Time spent running the block (sender recovery and execution).
    pub run_time: Duration,
    /// Time spent writing and committing it (state, tree, header; the fsync included).
    pub commit_time: Duration,
}

impl Chain {
    /// Applies a block file as the next block: its `env` and `txs`; its `alloc` and `env.blockHashes` are
    /// ignored, since the store is the pre-state and answers BLOCKHASH. The env's `parentHash` is replaced
    /// by the head's hash.
    pub fn apply(&mut self, block: &BlockFile) -> Result<Applied> {
        self.apply_block(block.block.clone(), block.transactions.clone())
    }

    /// Applies `transactions` as the next block in `context` (`parent_hash` is filled from the head).
    pub fn apply_block(&mut self, mut context: BlockContext, transactions: Vec<Vec<u8>>) -> Result<Applied> {
        let started = Instant::now();
        let read = self.begin_read()?;
        let head = head_in(&read)?;
        check_follows(&head, &context)?;
        context.parent_hash = head.hash();
        let view = crate::view::StoreView::new(&read, self.codes.clone())?;
        let run = run_block(context.clone(), transactions.clone(), view, cores())?;
        drop(read);
        let run_time = started.elapsed();

        let committing = Instant::now();
        let txn = self.begin_write()?;
        // One writer per store file, but the head is checked again rather than assumed.
        let current = crate::store::head_of_write(&txn)?;
        if current != head.number {
            return Err(ChainError::HeadMoved);
        }
        let header = write_block(&txn, &context, head.next_free, &transactions, &run.output, &run.diff)?;
        txn.commit()?;
        let hash = header.hash();
        Ok(Applied { header, hash, output: run.output, run_time, commit_time: committing.elapsed() })
    }
}

/// Whether a block in `context` may follow `head`.
pub fn check_follows(head: &BlockHeader, context: &BlockContext) -> Result<()> {
    let expected = head.number.checked_add(1).ok_or(ChainError::WrongNumber { expected: u64::MAX, got: context.number })?;
    if context.number != expected {
        return Err(ChainError::WrongNumber { expected, got: context.number });
    }
    if context.timestamp <= head.timestamp {
        return Err(ChainError::TimestampNotIncreasing { head: head.timestamp, got: context.timestamp });
    }
    if context.chain_id != head.chain_id {
        return Err(ChainError::ChainIdMismatch { expected: head.chain_id, got: context.chain_id });
    }
    if context.fork < head.fork {
        return Err(ChainError::ForkGoesBack { head: head.fork.name(), got: context.fork.name() });
    }
    Ok(())
}
