//! Any state database behind the [`Oracle`]: the [`StateSource`] trait (fallible reads of accounts, slots,
//! code and block hashes), the [`SourceOracle`] that answers the state transition from one, and
//! [`run_block`], which runs a block of the rollup over it.
//!
//! `system_impl::PreState` is the infallible form the in-memory state implements; every `PreState` is a
//! `StateSource` that never fails, so the same runner serves both. A database whose reads can fail
//! implements `StateSource` and its errors surface as [`ChainError::StateRead`] instead of a panic or a
//! silently wrong answer.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::fmt::Display;

use bootloader::{BlockOutput, BootloaderOf, Rollup};
use primitives::{Address, B256, U256};
use system_api::{AccountRecord, BlockContext, Bytecode, MeteredResources, Oracle, OracleError};
use system_impl::{PreState, StateDiff, StdAllocator, System};

use crate::error::{ChainError, Result};

/// Fallible read access to a state (the pre-state of the next block).
pub trait StateSource {
    /// What a failed read reports.
    type Error: Display;
    /// An account, `None` if absent.
    fn account(&self, address: &Address) -> Result<Option<AccountRecord>, Self::Error>;
    /// A storage slot, zero if absent.
    fn storage(&self, address: &Address, slot: &U256) -> Result<U256, Self::Error>;
    /// Code by its keccak-256 hash, `None` if unknown.
    fn code(&self, code_hash: &B256) -> Result<Option<Bytecode>, Self::Error>;
    /// The hash of block `number`, zero if unknown.
    fn block_hash(&self, number: u64) -> Result<B256, Self::Error>;
}

/// Every in-memory pre-state is a source that never fails.
impl<P: PreState> StateSource for P {
    type Error = Infallible;
    fn account(&self, address: &Address) -> Result<Option<AccountRecord>, Infallible> {
        Ok(PreState::account(self, address))
    }
    fn storage(&self, address: &Address, slot: &U256) -> Result<U256, Infallible> {
        Ok(PreState::storage(self, address, slot))
    }
    fn code(&self, code_hash: &B256) -> Result<Option<Bytecode>, Infallible> {
        Ok(PreState::code(self, code_hash))
    }
    fn block_hash(&self, number: u64) -> Result<B256, Infallible> {
        Ok(PreState::block_hash(self, number))
    }
}

/// The forward oracle over a [`StateSource`]: the block's context and transactions from the caller, the
/// state from the source, senders recovered ahead of time as hints.
pub struct SourceOracle<S> {
    block: BlockContext,
    transactions: VecDeque<Vec<u8>>,
    source: S,
    senders: BTreeMap<B256, Address>,
    /// The first failed read, in full: [`OracleError`] only carries a static label.
    failure: Option<String>,
}

impl<S: StateSource> SourceOracle<S> {
    /// An oracle for one block over `source`.
    pub fn new(block: BlockContext, transactions: Vec<Vec<u8>>, source: S) -> Self {
        SourceOracle { block, transactions: transactions.into(), source, senders: BTreeMap::new(), failure: None }
    }

    /// Supplies senders recovered ahead of execution, keyed by transaction hash.
    pub fn with_senders(mut self, senders: impl IntoIterator<Item = (B256, Address)>) -> Self {
        self.senders.extend(senders);
        self
    }

    /// The first read that failed, if any.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// Gives the source back.
    pub fn into_source(self) -> S {
        self.source
    }

    fn fail(&mut self, what: &'static str, error: S::Error) -> OracleError {
        if self.failure.is_none() {
            self.failure = Some(format!("{what}: {error}"));
        }
        OracleError::Missing(what)
    }
}

impl<S: StateSource> Oracle for SourceOracle<S> {
    fn block_context(&mut self) -> Result<BlockContext, OracleError> {
        Ok(self.block.clone())
    }

    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError> {
        Ok(self.transactions.pop_front())
    }

    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError> {
        self.source.account(address).map_err(|e| self.fail("account", e))
    }

    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError> {
        self.source.storage(address, key).map_err(|e| self.fail("storage slot", e))
    }

    fn code(&mut self, code_hash: &B256) -> Result<Bytecode, OracleError> {
        match self.source.code(code_hash) {
            Ok(Some(code)) => Ok(code),
            Ok(None) => Err(OracleError::Missing("code preimage")),
            Err(e) => Err(self.fail("code", e)),
        }
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError> {
        self.source.block_hash(number).map_err(|e| self.fail("block hash", e))
    }

    fn sender_hint(&mut self, tx_hash: &B256) -> Option<Address> {
        self.senders.get(tx_hash).copied()
    }
}

/// The System a chain block runs in: the rollup's bootloader over a [`SourceOracle`].
pub type SourceSystem<S> = System<SourceOracle<S>, StdAllocator, MeteredResources>;

/// What running a block produced (nothing is written anywhere yet).
#[derive(Debug)]
pub struct BlockRun<S> {
    /// Receipts and rejections.
    pub output: BlockOutput,
    /// What changed.
    pub diff: StateDiff,
    /// The source, given back.
    pub source: S,
}

/// Runs `transactions` as a block of the rollup (`bootloader::run_forward`'s rules) over `source`, with
/// senders recovered first on up to `threads` threads. A failed read of the source ends the block with
/// [`ChainError::StateRead`]; a fatal block error with [`ChainError::Block`].
pub fn run_block<S: StateSource>(
    block: BlockContext,
    transactions: Vec<Vec<u8>>,
    source: S,
    threads: usize,
) -> Result<BlockRun<S>> {
    // As run_forward: threads pay for themselves only on larger blocks.
    let threads = if transactions.len() >= 32 { threads.max(1) } else { 1 };
    let senders = bootloader::forward::recover_senders(&transactions, threads);
    let oracle = SourceOracle::new(block, transactions, source).with_senders(senders);
    let mut sys: SourceSystem<S> = System::new(oracle).map_err(|error| bootloader::BlockError::Fatal { tx_index: 0, error })?;
    let result = BootloaderOf::<Rollup>::run_block(&mut sys);
    if let Some(failure) = sys.oracle().failure() {
        return Err(ChainError::StateRead(failure.to_string()));
    }
    let output = result?;
    let diff = sys.state_diff();
    Ok(BlockRun { output, diff, source: sys.into_oracle().into_source() })
}

/// The number of cores, read once per process (sender recovery's threads).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}
