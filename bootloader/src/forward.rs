//! The x86 forward instance, monomorphized: run a block over an in-memory pre-state and get the receipts,
//! the block's state diff and the post-state.

use alloc::vec::Vec;
use system_api::BlockContext;
use system_impl::{ForwardOracle, ForwardSystem, InMemoryState, StateDiff, System};

use ee_api::EeSet;

use crate::{BlockError, BlockOutput, Bootloader, BootloaderOf, ChainSpec, EthereumPrecompiles, Rollup};

/// A forward run's results.
#[derive(Debug)]
pub struct ForwardRun {
    /// Receipts and rejections.
    pub output: BlockOutput,
    /// What changed.
    pub diff: StateDiff,
    /// The state after the block.
    pub post_state: InMemoryState,
}

/// Recovers the senders of `transactions` on up to `threads` threads, before execution (signature recovery
/// dominates forward-mode time and is independent per transaction). Undecodable or unrecoverable
/// transactions are left out: the bootloader rejects them itself.
#[cfg(feature = "std")]
pub fn recover_senders(transactions: &[Vec<u8>], threads: usize) -> Vec<(primitives::B256, primitives::Address)> {
    let recover = |raw: &Vec<u8>| {
        let tx = transactions::decode_transaction(raw).ok()?;
        let sender = transactions::recover_sender(&tx).ok()?;
        Some((tx.hash, sender))
    };
    let threads = threads.max(1).min(transactions.len().max(1));
    if threads == 1 {
        return transactions.iter().filter_map(recover).collect();
    }
    let chunk = transactions.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = transactions
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().filter_map(recover).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Runs `transactions` (EIP-2718 bytes) as a block on `pre_state` with the default bootloader. With `std`,
/// senders are recovered on all cores first.
pub fn run_forward(block: BlockContext, pre_state: InMemoryState, transactions: Vec<Vec<u8>>) -> Result<ForwardRun, BlockError> {
    #[cfg(feature = "std")]
    let threads = {
        // Threads only pay for themselves on larger blocks; the core count is read once per process.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
        if transactions.len() >= 32 { cores } else { 1 }
    };
    #[cfg(not(feature = "std"))]
    let threads = 1;
    run_forward_on_threads(block, pre_state, transactions, threads)
}

/// [`run_forward`] with sender recovery on `threads` threads (with `std`; without it the bootloader
/// recovers each sender as it meets the transaction). `threads = 1` measures one core.
pub fn run_forward_on_threads(
    block: BlockContext,
    pre_state: InMemoryState,
    transactions: Vec<Vec<u8>>,
    threads: usize,
) -> Result<ForwardRun, BlockError> {
    run_chain_forward::<Rollup>(block, pre_state, transactions, threads)
}

/// [`run_forward_on_threads`] for chain `C` (its EEs, precompiles and block rules): for example
/// [`crate::EthereumL1`] to replay an Ethereum block.
pub fn run_chain_forward<C: ChainSpec>(
    block: BlockContext,
    pre_state: InMemoryState,
    transactions: Vec<Vec<u8>>,
    threads: usize,
) -> Result<ForwardRun, BlockError>
where
    C::Ees: EeSet<ForwardSystem>,
{
    run_chain_forward_observed::<C>(block, pre_state, transactions, threads, &mut ())
}

/// [`run_chain_forward`] with an observer of the block's steps (see [`crate::BlockObserver`]).
pub fn run_chain_forward_observed<C: ChainSpec>(
    block: BlockContext,
    pre_state: InMemoryState,
    transactions: Vec<Vec<u8>>,
    threads: usize,
    observer: &mut impl crate::BlockObserver<ForwardSystem>,
) -> Result<ForwardRun, BlockError>
where
    C::Ees: EeSet<ForwardSystem>,
{
    #[cfg(feature = "std")]
    let senders = recover_senders(&transactions, threads);
    #[cfg(not(feature = "std"))]
    let senders = {
        let _ = threads;
        alloc::vec::Vec::new()
    };
    let oracle = ForwardOracle::new(block, transactions, pre_state).with_senders(senders);
    let mut sys: ForwardSystem =
        System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    if observer.records_accesses() {
        sys.record_accesses();
    }
    let output = BootloaderOf::<C>::run_block_observed(&mut sys, observer)?;
    let diff = sys.state_diff();
    let mut post_state = sys.into_oracle().into_state();
    post_state.apply(&diff);
    Ok(ForwardRun { output, diff, post_state })
}

/// [`run_forward`] with the EE set `Ees` instead of the default one (and the Ethereum precompiles): for
/// example `(ee_evm::EvmEe<SomeInspector>,)` to observe the EVM while it runs.
pub fn run_forward_with<Ees: EeSet<ForwardSystem>>(
    block: BlockContext,
    pre_state: InMemoryState,
    transactions: Vec<Vec<u8>>,
) -> Result<ForwardRun, BlockError> {
    let oracle = ForwardOracle::new(block, transactions, pre_state);
    let mut sys: ForwardSystem =
        System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let output = Bootloader::<Ees, EthereumPrecompiles>::run_block(&mut sys)?;
    let diff = sys.state_diff();
    let mut post_state = sys.into_oracle().into_state();
    post_state.apply(&diff);
    Ok(ForwardRun { output, diff, post_state })
}
