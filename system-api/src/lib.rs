//! The System abstraction: everything an execution environment (EE) and the bootloader may ask of the world.
//!
//! An EE never sees concrete state, caches or oracles: it sees [`SystemInterface`], which bundles one trait
//! per concern (accounts, storage, events, frames, block context) and names the typed [`Resources`] the EE
//! spends. The concrete instances (x86 forward, RISC-V proving) live in `system-impl`; both satisfy this
//! crate's traits, so bootloader and EE code is written once.
//!
//! Error tiers (design invariant 7): an EE halt or revert is *not* an error here; it is a frame outcome.
//! [`SystemError`] is the third tier only: the block cannot go on (the oracle lied or failed, an internal
//! limit was exceeded).
//!
//! # Example
//!
//! Resources as a frame spends them: charge, pass all but one 64th to a callee, take its leftovers back.
//!
//! ```
//! use zkos_system_api::{BlockContext, Bytecode, EeType, Gas, MeteredResources, Resources};
//! use primitives::{Fork, U256};
//!
//! let mut frame = MeteredResources::with_gas(Gas::new(100_000));
//! frame.charge_gas(Gas::new(2_600)).unwrap();
//! assert!(frame.charge_gas(Gas::new(1_000_000)).is_err()); // a failed charge changes nothing
//! assert_eq!(frame.gas_left(), Gas::new(97_400));
//!
//! // EIP-150: a callee gets at most all but one 64th of what is left.
//! let allowance = frame.gas_left().all_but_one_64th();
//! assert_eq!(allowance, Gas::new(95_879));
//! let mut callee = frame.take(allowance);
//! assert_eq!(frame.gas_left(), Gas::new(1_521));
//!
//! // The callee spends some gas and earns a refund; its caller reclaims the rest (refunds only on success).
//! callee.charge_gas(Gas::new(20_000)).unwrap();
//! callee.record_refund(4_800);
//! frame.reclaim(callee, true);
//! assert_eq!((frame.gas_left(), frame.refund().get()), (Gas::new(77_400), 4_800));
//!
//! // A frame hands everything to its exit and keeps nothing.
//! let exit = frame.take_all();
//! assert_eq!((exit.gas_left(), exit.refund().get(), frame.gas_left()), (Gas::new(77_400), 4_800, Gas::ZERO));
//!
//! // The block context EEs read (NUMBER, BASEFEE, CHAINID...), and code with its EE type.
//! let block = BlockContext { fork: Fork::Prague, chain_id: 1, number: 7, base_fee: U256::from(10u8), ..Default::default() };
//! assert!(block.fork.is_enabled(Fork::Cancun));
//! let code = Bytecode::from(&[0x60, 0x00][..]);
//! assert_eq!((code.len(), EeType(1).to_string(), EeType::NONE), (2, "ee#1".to_string(), EeType(0)));
//! ```
#![no_std]

extern crate alloc;

pub mod account;
pub mod allocator;
pub mod code;
pub mod context;
pub mod error;
pub mod events;
pub mod frames;
pub mod oracle;
pub mod resources;
pub mod storage;

pub use account::{AccountIo, AccountView, EeType, SelfDestructOutcome, TransferError};
pub use code::Bytecode;
pub use allocator::SystemAllocator;
pub use context::{BlockContext, ContextIo, TxContext, Withdrawal};
pub use error::SystemError;
pub use events::EventIo;
pub use frames::{Checkpoint, FrameIo};
pub use oracle::{AccountRecord, Oracle, OracleError, Question};
pub use resources::{Gas, GasRefund, MeteredResources, Native, OutOfResources, Resources};
pub use storage::{SlotAccess, SlotWrite, StorageIo};

/// The whole System as an EE or the bootloader sees it.
///
/// Generic code takes `Sys: SystemInterface`; the concrete type is `system_impl::System<Oracle, Allocator,
/// Resources>`. Every method that can reach the oracle returns `Result<_, SystemError>` because in proving
/// mode any oracle answer may be rejected.
pub trait SystemInterface: AccountIo + StorageIo + EventIo + FrameIo + ContextIo {
    /// The resource type frames spend (gas and a native proving-cost counter).
    type Resources: Resources;

    /// keccak-256 of `data`, for an EE's hashing instruction (the EVM's KECCAK256). A System may remember
    /// results across frames and transactions: short inputs repeat through a block (Solidity hashes
    /// `key ‖ slot` at every mapping access), and on the prover a Keccak-f permutation costs ~16,000
    /// cycles where a lookup costs a few hundred.
    fn keccak256(&mut self, data: &[u8]) -> primitives::B256 {
        primitives::keccak256(data)
    }
}

/// What the bootloader needs beyond the EE-facing interface: the block's transactions and the end of each
/// transaction. EEs never see this trait.
pub trait BootloaderIo: SystemInterface {
    /// The next transaction's bytes from the oracle, `None` at the end of the block.
    fn next_transaction(&mut self) -> Result<Option<alloc::vec::Vec<u8>>, SystemError>;
    /// Ends the current transaction: applies deletions (EIP-6780, EIP-161), resets warmth and transient
    /// storage, and makes current values the next transaction's originals.
    fn finish_transaction(&mut self);
    /// Takes the events emitted since the last call.
    fn take_logs(&mut self) -> alloc::vec::Vec<primitives::Log>;
    /// The events emitted since the last [`Self::take_logs`] and not rolled back (for observers).
    fn pending_logs(&self) -> &[primitives::Log];
    /// A trusted oracle's already-recovered sender of a transaction (see [`Oracle::sender_hint`]).
    fn sender_hint(&mut self, tx_hash: &primitives::B256) -> Option<primitives::Address>;
    /// Makes `addresses` warm in every transaction of the block from now on (the precompiles under
    /// EIP-2929), without warming them anew, and journaling that, at the start of each transaction.
    fn warm_in_every_transaction(&mut self, addresses: &[primitives::Address]);
    /// Whether receipts carry transaction hashes (see [`Oracle::wants_transaction_hashes`]); without them
    /// receipts hold a zero hash and no sender hint is looked up.
    fn wants_transaction_hashes(&self) -> bool;
    /// The oracle's answer to `question`, to be checked before use (see [`Oracle::advise`]).
    fn advise(&mut self, question: &Question) -> Result<Option<[u8; 32]>, SystemError>;
    /// Whether the oracle answers questions (see [`Oracle::gives_advice`]).
    fn gives_advice(&self) -> bool;
}
