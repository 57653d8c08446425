//! The bootloader: runs a block on any System instance with a chosen set of execution environments.
//!
//! - [`frames`]: the EE-agnostic frame stack (checkpoints, value moves, precompiles, EE lookup by account).
//! - [`ethereum`]: Ethereum's transaction rules (validation, gas purchase, EIP-7702, refunds, fees).
//! - [`block`]: the block loop, receipts and rejections.
//! - [`chain`]: chain configurations — the block rules around the transactions (the rollup's, Ethereum
//!   L1's) and [`ChainSpec`], one type naming a chain's EEs, precompiles and rules.
//!
//! The EEs a bootloader runs are one tuple type: [`DefaultEes`] is the registration point.
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod advice;
pub mod block;
pub mod chain;
pub mod ethereum;
pub mod forward;
pub mod observe;
pub mod frames;
pub mod precompiles;
pub mod proving;
pub mod receipt;

pub use block::{BlockError, BlockOutput, Bootloader};
pub use observe::{BlockObserver, FrameEnd, FrameStart, FrameStartKind};
pub use chain::{BlockRules, BootloaderOf, ChainSpec, EthereumL1, EthereumRules, Rollup, RollupRules};
pub use forward::{run_forward, ForwardRun};
pub use ethereum::{InvalidTransaction, TransactionResult};
pub use precompiles::{EthereumPrecompiles, NoPrecompiles, PrecompileSet};
pub use receipt::{Bloom, Receipt, Rejected};

/// The execution environments zkos ships, in one place. Adding an EE is adding its type here.
pub type DefaultEes = (ee_evm::EvmEe, ee_wasm_example::WasmEe, ee_eravm::EraVmEe);

/// The default bootloader: the rollup's (the shipped EEs, Ethereum's precompiles, the rollup's block rules).
pub type DefaultBootloader = BootloaderOf<Rollup>;
