//! The x86 forward instance, monomorphized: run a block over an in-memory pre-state and get the receipts,
//! the block's state diff and the post-state.

use alloc::vec::Vec;
use system_api::BlockContext;
use system_impl::{ForwardOracle, ForwardSystem, InMemoryState, StateDiff, System};

use ee_api::EeSet;

use crate::{BlockError, BlockOutput, Bootloader, DefaultBootloader, EthereumPrecompiles};

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

/// Runs `transactions` (EIP-2718 bytes) as a block on `pre_state` with the default bootloader.
pub fn run_forward(block: BlockContext, pre_state: InMemoryState, transactions: Vec<Vec<u8>>) -> Result<ForwardRun, BlockError> {
    let oracle = ForwardOracle::new(block, transactions, pre_state);
    let mut sys: ForwardSystem =
        System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let output = DefaultBootloader::run_block(&mut sys)?;
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
