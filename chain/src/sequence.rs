//! The sequencer loop: pack a stream of signed transactions into blocks up to a gas limit, apply and commit
//! each block, report throughput.
//!
//! A transaction's gas limit counts in full toward its block's (execution may use less, but the
//! bootloader refuses a transaction whose limit exceeds the gas the block has left, so packing by limits
//! never makes it reject one for that). A transaction that cannot be decoded, or whose limit alone exceeds
//! the block gas limit, can never be included: it is skipped with its reason and is in no block. Every
//! other transaction goes into a block; the bootloader may still reject it there (a wrong nonce, too little
//! balance), and that block's rejections record why.

use std::time::{Duration, Instant};

use crate::apply::Applied;
use crate::error::{ChainError, Result};
use crate::store::Chain;

/// A transaction the sequencer left out of every block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its position in the input stream (from 0).
    pub position: u64,
    /// Why.
    pub reason: String,
}

/// Where a sequencing run stands after a block (for a progress line).
#[derive(Debug)]
pub struct Progress<'a> {
    /// The block just committed.
    pub block: &'a Applied,
    /// Blocks committed so far in this run.
    pub blocks: u64,
    /// Transactions included so far.
    pub included: u64,
    /// Time since the run started.
    pub elapsed: Duration,
}

/// What a sequencing run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SequenceReport {
    /// Blocks committed.
    pub blocks: u64,
    /// Transactions included (with a receipt).
    pub included: u64,
    /// Transactions the bootloader rejected inside blocks.
    pub rejected: u64,
    /// Transactions the sequencer skipped (in no block).
    pub skipped: Vec<Skipped>,
    /// Gas used by all blocks.
    pub gas_used: u64,
    /// Wall time of the whole run (decoding, packing, running, committing).
    pub elapsed: Duration,
    /// Of which running blocks.
    pub run_time: Duration,
    /// Of which writing and committing them (fsync included).
    pub commit_time: Duration,
}

impl SequenceReport {
    /// Sustained throughput: included transactions per second of wall time.
    pub fn tx_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { self.included as f64 / secs } else { 0.0 }
    }

    /// Mean commit time per block in milliseconds.
    pub fn commit_ms_per_block(&self) -> f64 {
        if self.blocks == 0 { 0.0 } else { self.commit_time.as_secs_f64() * 1e3 / self.blocks as f64 }
    }
}

impl Chain {
    /// Packs `txs` (EIP-2718 bytes) into blocks of at most `block_gas_limit` gas (by transaction gas
    /// limits), `block_time` seconds apart after the head, every other field of the block context as the
    /// head's; applies and commits each block, calling `progress` after each. An error stops the run with
    /// the store at the last committed block.
    pub fn sequence(
        &mut self,
        txs: impl IntoIterator<Item = Vec<u8>>,
        block_gas_limit: u64,
        block_time: u64,
        mut progress: impl FnMut(&Progress<'_>),
    ) -> Result<SequenceReport> {
        if block_gas_limit == 0 || block_time == 0 {
            return Err(ChainError::Invalid("block gas limit and block time must be positive".into()));
        }
        let started = Instant::now();
        let mut report = SequenceReport::default();
        let mut pending: Vec<Vec<u8>> = Vec::new();
        let mut pending_gas = 0u64;
        for (position, raw) in txs.into_iter().enumerate() {
            let gas_limit = match transactions::decode_transaction_unhashed(&raw) {
                Ok(tx) => tx.gas_limit,
                Err(e) => {
                    report.skipped.push(Skipped { position: position as u64, reason: format!("undecodable: {e}") });
                    continue;
                }
            };
            if gas_limit > block_gas_limit {
                let reason = format!("gas limit {gas_limit} exceeds the block gas limit {block_gas_limit}");
                report.skipped.push(Skipped { position: position as u64, reason });
                continue;
            }
            if pending_gas + gas_limit > block_gas_limit {
                self.seal(std::mem::take(&mut pending), block_gas_limit, block_time, &mut report, started, &mut progress)?;
                pending_gas = 0;
            }
            pending_gas += gas_limit;
            pending.push(raw);
        }
        if !pending.is_empty() {
            self.seal(pending, block_gas_limit, block_time, &mut report, started, &mut progress)?;
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Applies `txs` as the block after the head and adds it to `report`.
    fn seal(
        &mut self,
        txs: Vec<Vec<u8>>,
        block_gas_limit: u64,
        block_time: u64,
        report: &mut SequenceReport,
        started: Instant,
        progress: &mut impl FnMut(&Progress<'_>),
    ) -> Result<()> {
        let head = self.head()?;
        let mut context = head.context();
        context.number = head.number.checked_add(1).ok_or_else(|| ChainError::Invalid("block number overflow".into()))?;
        context.timestamp =
            head.timestamp.checked_add(block_time).ok_or_else(|| ChainError::Invalid("timestamp overflow".into()))?;
        context.gas_limit = block_gas_limit;
        let applied = self.apply_block(context, txs)?;
        report.blocks += 1;
        report.included += applied.output.receipts.len() as u64;
        report.rejected += applied.output.rejected.len() as u64;
        report.gas_used += applied.output.gas_used;
        report.run_time += applied.run_time;
        report.commit_time += applied.commit_time;
        progress(&Progress { block: &applied, blocks: report.blocks, included: report.included, elapsed: started.elapsed() });
        Ok(())
    }
}
