//! The bootloader: runs a block on any System instance with a chosen set of execution environments.
//!
//! - [`frames`]: the EE-agnostic frame stack (checkpoints, value moves, precompiles, EE lookup by account).
//! - [`ethereum`]: Ethereum's transaction rules (validation, gas purchase, EIP-7702, refunds, fees).
//! - [`block`]: the block loop, receipts and rejections.
//!
//! The EEs a bootloader runs are one tuple type: [`DefaultEes`] is the registration point.
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod advice;
pub mod block;
pub mod ethereum;
pub mod forward;
pub mod frames;
pub mod precompiles;
pub mod proving;
pub mod receipt;

pub use block::{BlockError, BlockOutput, Bootloader};
pub use forward::{run_forward, ForwardRun};
pub use ethereum::{InvalidTransaction, TransactionResult};
pub use precompiles::{EthereumPrecompiles, NoPrecompiles, PrecompileSet};
pub use receipt::{Bloom, Receipt, Rejected};

/// The execution environments zkos ships, in one place. Adding an EE is adding its type here.
pub type DefaultEes = (ee_evm::EvmEe, ee_wasm_example::WasmEe, ee_eravm::EraVmEe);

/// The default bootloader: the shipped EEs and Ethereum's precompiles.
pub type DefaultBootloader = Bootloader<DefaultEes, EthereumPrecompiles>;
