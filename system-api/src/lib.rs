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
