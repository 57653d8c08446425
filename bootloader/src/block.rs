//! The block runner: pulls transactions from the oracle one by one and processes each; rejected ones are
//! recorded and skipped, a fatal error stops the block with a typed reason.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use system_api::{BootloaderIo, SystemError};

use ee_api::EeSet;

use crate::ethereum::{fees, process_transaction};
use crate::precompiles::{EthereumPrecompiles, PrecompileSet};
use crate::receipt::{Bloom, Receipt, Rejected};

/// Everything a block produced.
#[derive(Clone, Debug, Default)]
pub struct BlockOutput {
    /// One receipt per included transaction.
    pub receipts: Vec<Receipt>,
    /// Transactions left out, with reasons.
    pub rejected: Vec<Rejected>,
    /// Gas used by the block.
    pub gas_used: u64,
    /// Blob gas used by the block.
    pub blob_gas_used: u64,
}

impl BlockOutput {
    /// Bloom of every log of the block. Computed on demand: the proof does not commit to blooms (it hashes
    /// the logs themselves), so proving mode never pays their keccaks.
    pub fn logs_bloom(&self) -> Bloom {
        let mut bloom = Bloom::default();
        for receipt in &self.receipts {
            bloom.merge(&receipt.bloom());
        }
        bloom
    }
}

/// The block could not be processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockError {
    /// A fatal System error (oracle failure, broken invariant) while processing transaction `tx_index`.
    Fatal {
        /// Index of the transaction being processed.
        tx_index: usize,
        /// The error.
        error: SystemError,
    },
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fatal { tx_index, error } => write!(f, "block failed at transaction {tx_index}: {error}"),
        }
    }
}

/// A bootloader built with the EE set `Ees` and the precompile set `P`.
pub struct Bootloader<Ees, P = EthereumPrecompiles>(PhantomData<(Ees, P)>);

impl<Ees, P: PrecompileSet> Bootloader<Ees, P> {
    /// Runs every transaction the System's oracle supplies.
    pub fn run_block<Sys>(sys: &mut Sys) -> Result<BlockOutput, BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
    {
        let block = sys.block().clone();
        let (_, max_blobs, _) = fees::blob_schedule(block.fork);
        let max_blob_gas = max_blobs * fees::GAS_PER_BLOB;
        let mut output = BlockOutput::default();
        let mut index = 0usize;
        let precompiles = P::addresses(block.fork);
        sys.warm_in_every_transaction(&precompiles);
        loop {
            let fatal = |error| BlockError::Fatal { tx_index: index, error };
            let Some(raw) = sys.next_transaction().map_err(fatal)? else { break };
            let gas_left = block.gas_limit.saturating_sub(output.gas_used);
            let blob_gas_left = max_blob_gas.saturating_sub(output.blob_gas_used);
            match process_transaction::<Sys, Ees, P>(sys, &raw, gas_left, blob_gas_left).map_err(fatal)? {
                Ok(result) => {
                    output.gas_used += result.gas_used;
                    output.blob_gas_used += result.blob_gas_used;
                    output.receipts.push(Receipt {
                        tx_index: index,
                        tx_hash: result.hash,
                        tx_type: result.tx_type,
                        sender: result.sender,
                        status: result.status,
                        gas_used: result.gas_used,
                        cumulative_gas_used: output.gas_used,
                        blob_gas_used: result.blob_gas_used,
                        output: result.output,
                        contract_address: result.contract_address,
                        logs: result.logs,
                    });
                }
                Err(error) => output.rejected.push(Rejected { index, error }),
            }
            index += 1;
        }
        Ok(output)
    }
}
