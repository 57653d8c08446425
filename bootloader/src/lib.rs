//! The bootloader: runs a block on any System instance with a chosen set of execution environments.
//!
//! - [`frames`]: the EE-agnostic frame stack (checkpoints, value moves, precompiles, EE lookup by account).
//! - [`ethereum`]: Ethereum's transaction rules (validation, gas purchase, EIP-7702, refunds, fees).
//! - [`block`]: the block loop, receipts and rejections.
//! - [`chain`]: chain configurations — the block rules around the transactions (the rollup's, Ethereum
//!   L1's) and [`ChainSpec`], one type naming a chain's EEs, precompiles and rules.
//!
//! The EEs a bootloader runs are one tuple type: [`DefaultEes`] is the registration point.
//!
//! # Example
//!
//! A block of one signed transfer, run in forward mode over an in-memory pre-state:
//!
//! ```
//! use zkos_bootloader::run_forward;
//! use ee_api::ExitStatus;
//! use primitives::{Address, Fork, U256};
//! use system_api::BlockContext;
//! use system_impl::{InMemoryState, StateAccount};
//! use transactions::{signing, Transaction, TxType};
//!
//! let mut secret_key = [0u8; 32];
//! secret_key[31] = 1; // a public test key
//! let sender = signing::address_from_secret_key(&secret_key).unwrap();
//! let recipient = Address::from_low_u64(0xbeef);
//! let coinbase = Address::from_low_u64(0xc0ffee);
//! let ether = U256::from(10u64).pow(U256::from(18u8));
//!
//! let mut pre_state = InMemoryState::new();
//! pre_state.insert_account(sender, StateAccount { balance: ether, ..Default::default() });
//! let block = BlockContext {
//!     fork: Fork::Prague,
//!     chain_id: 1,
//!     number: 1,
//!     timestamp: 1_700_000_000,
//!     coinbase,
//!     gas_limit: 30_000_000,
//!     base_fee: U256::from(7u8),
//!     ..Default::default()
//! };
//! let transfer = Transaction {
//!     tx_type: TxType::Eip1559,
//!     chain_id: Some(1),
//!     gas_limit: 21_000,
//!     gas_price: 10, // max fee per gas
//!     max_priority_fee_per_gas: 2,
//!     to: Some(recipient),
//!     value: U256::from(1_000u64),
//!     ..Default::default()
//! };
//! let raw = signing::sign_transaction(&transfer, &secret_key).unwrap();
//!
//! let run = run_forward(block, pre_state, vec![raw])?;
//! let receipt = &run.output.receipts[0];
//! assert_eq!((receipt.status, receipt.gas_used, receipt.sender), (ExitStatus::Success, 21_000, sender));
//! assert_eq!(run.output.gas_used, 21_000);
//! // The sender pays the value and 21,000 gas at base fee + tip = 9 wei; the coinbase earns the tip.
//! let balance = |a: &Address| run.post_state.accounts[a].balance;
//! assert_eq!(balance(&sender), ether - U256::from(1_000u64 + 21_000 * 9));
//! assert_eq!(balance(&recipient), U256::from(1_000u64));
//! assert_eq!(balance(&coinbase), U256::from(21_000u64 * 2));
//! assert_eq!(run.post_state.accounts[&sender].nonce, 1);
//! // The block's diff names the three accounts it changed.
//! assert_eq!(run.diff.accounts.len(), 3);
//! # Ok::<(), zkos_bootloader::BlockError>(())
//! ```
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
