//! Running the block: the real bootloader under [`EthereumL1`] (the EVM alone, Ethereum's block rules),
//! over a pre-state that notes every BLOCKHASH the env's `blockHashes` cannot answer.
//!
//! geth's t8n fails such a run with exit code 4 instead of silently answering zero (a test filler that
//! forgot a hash would otherwise pin a wrong post-state). The bootloader's own forward runner reads an
//! `InMemoryState`, which answers zero; this module runs the same bootloader over a [`PreState`] wrapper
//! that records the question, so the bootloader and its forward path stay untouched.

use std::cell::RefCell;
use std::collections::BTreeSet;

use bootloader::forward::recover_senders;
use bootloader::{BootloaderOf, EthereumL1, ForwardRun};
use primitives::{Address, B256, U256};
use system_api::{AccountRecord, BlockContext, Bytecode, MeteredResources};
use system_impl::{ForwardOracle, InMemoryState, PreState, StdAllocator, System};

use super::error::{ErrorKind, T8nError};

/// An [`InMemoryState`] that records block numbers BLOCKHASH asked for and it does not know.
struct HashRecording {
    state: InMemoryState,
    missing: RefCell<BTreeSet<u64>>,
}

impl PreState for HashRecording {
    fn account(&self, address: &Address) -> Option<AccountRecord> {
        self.state.account(address)
    }

    fn storage(&self, address: &Address, key: &U256) -> U256 {
        self.state.storage(address, key)
    }

    fn code(&self, code_hash: &B256) -> Option<Bytecode> {
        self.state.code(code_hash)
    }

    fn block_hash(&self, number: u64) -> B256 {
        match self.state.block_hashes.get(&number) {
            Some(hash) => *hash,
            None => {
                // The EVM only asks for the 256 blocks before the current one: a miss is a gap in the input.
                self.missing.borrow_mut().insert(number);
                B256::ZERO
            }
        }
    }
}

/// Runs `transactions` (EIP-2718 envelopes) as one Ethereum L1 block on `pre_state`.
///
/// Errors: the block failed (a system contract missing or failing, a malformed deposit log: exit 2), or
/// BLOCKHASH asked for a hash the input lacks (exit 4).
pub fn execute(context: BlockContext, pre_state: InMemoryState, transactions: Vec<Vec<u8>>) -> Result<ForwardRun, T8nError> {
    let threads = if transactions.len() >= 32 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { 1 };
    let senders = recover_senders(&transactions, threads);
    let state = HashRecording { state: pre_state, missing: RefCell::new(BTreeSet::new()) };
    let oracle = ForwardOracle::new(context, transactions, state).with_senders(senders);
    let evm = |e: &dyn std::fmt::Display| T8nError::new(ErrorKind::Evm, e.to_string());
    let mut sys: System<_, StdAllocator, MeteredResources> = System::new(oracle).map_err(|e| evm(&e))?;
    let output = BootloaderOf::<EthereumL1>::run_block(&mut sys).map_err(|e| evm(&e))?;
    let diff = sys.state_diff();
    let recording = sys.into_oracle().into_state();
    if let Some(number) = recording.missing.borrow().first() {
        return Err(T8nError::new(
            ErrorKind::MissingBlockhash,
            format!("getHash({number}) invoked, blockhash for that block not provided"),
        ));
    }
    let mut post_state = recording.state;
    post_state.apply(&diff);
    Ok(ForwardRun { output, diff, post_state })
}
