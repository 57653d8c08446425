//! The forward oracle: answers every query from a [`PreState`] (in memory now, a database later) plus the
//! block's context and transactions, which the sequencer supplies.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;
use primitives::{Address, B256, U256};
use system_api::{AccountRecord, BlockContext, Bytecode, Oracle, OracleError};

/// Read access to a pre-state. Implemented by [`super::InMemoryState`]; a database would implement it too.
pub trait PreState {
    /// An account, `None` if absent.
    fn account(&self, address: &Address) -> Option<AccountRecord>;
    /// A slot (zero if absent).
    fn storage(&self, address: &Address, key: &U256) -> U256;
    /// Code by keccak hash.
    fn code(&self, code_hash: &B256) -> Option<Bytecode>;
    /// A recent block's hash, zero if unknown.
    fn block_hash(&self, number: u64) -> B256;
}

/// The oracle of forward mode: trusted, answered from a pre-state.
pub struct ForwardOracle<S: PreState> {
    block: BlockContext,
    transactions: VecDeque<Vec<u8>>,
    state: S,
    senders: BTreeMap<B256, Address>,
}

impl<S: PreState> ForwardOracle<S> {
    /// An oracle for one block over `state`.
    pub fn new(block: BlockContext, transactions: Vec<Vec<u8>>, state: S) -> Self {
        ForwardOracle { block, transactions: transactions.into(), state, senders: BTreeMap::new() }
    }

    /// Supplies senders recovered ahead of execution, keyed by transaction hash.
    pub fn with_senders(mut self, senders: impl IntoIterator<Item = (B256, Address)>) -> Self {
        self.senders.extend(senders);
        self
    }

    /// The pre-state.
    pub fn state(&self) -> &S {
        &self.state
    }

    /// Gives the pre-state back (to apply the block's diff to it).
    pub fn into_state(self) -> S {
        self.state
    }
}

impl<S: PreState> Oracle for ForwardOracle<S> {
    fn block_context(&mut self) -> Result<BlockContext, OracleError> {
        Ok(self.block.clone())
    }

    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError> {
        Ok(self.transactions.pop_front())
    }

    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError> {
        Ok(self.state.account(address))
    }

    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError> {
        Ok(self.state.storage(address, key))
    }

    fn code(&mut self, code_hash: &B256) -> Result<Bytecode, OracleError> {
        self.state.code(code_hash).ok_or(OracleError::Missing("code preimage"))
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError> {
        Ok(self.state.block_hash(number))
    }

    fn sender_hint(&mut self, tx_hash: &B256) -> Option<Address> {
        self.senders.get(tx_hash).copied()
    }
}
