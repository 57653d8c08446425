//! The chain's typed errors: what was wrong with the input (a block that cannot follow the head, a genesis
//! that cannot start a chain), what the block itself failed on, and what the store failed on.
//!
//! Every fallible path returns a [`ChainError`]; nothing panics on bad input or a broken store. A caller
//! (the CLI) tells input errors, which leave the store unchanged, from store failures with
//! [`ChainError::is_rejection`].

use std::fmt;
use std::path::PathBuf;

use bootloader::BlockError;

/// Why a chain operation failed.
#[derive(Debug)]
pub enum ChainError {
    /// `init` on a store that already holds a chain.
    AlreadyInitialized(PathBuf),
    /// An operation that needs a chain on a store that has none (no `init` yet).
    NotInitialized(PathBuf),
    /// The genesis cannot start a chain (transactions in it, accounts out of order, …).
    InvalidGenesis(String),
    /// The block's number is not the head's plus one.
    WrongNumber {
        /// The number the next block must have.
        expected: u64,
        /// The number it has.
        got: u64,
    },
    /// The block's timestamp is not after the head's.
    TimestampNotIncreasing {
        /// The head's timestamp.
        head: u64,
        /// The block's.
        got: u64,
    },
    /// The block names another chain id than the chain's.
    ChainIdMismatch {
        /// The chain's id.
        expected: u64,
        /// The block's.
        got: u64,
    },
    /// The block's fork is older than the head's.
    ForkGoesBack {
        /// The head's fork.
        head: &'static str,
        /// The block's.
        got: &'static str,
    },
    /// A parameter is out of range (a zero block gas limit, a timestamp past `u64`).
    Invalid(String),
    /// A read of a block the chain does not have (past the head, or before the genesis).
    NoSuchBlock {
        /// The block asked for.
        number: u64,
        /// The chain's head.
        head: u64,
    },
    /// The state before this block cannot be rebuilt: it is the genesis (there is no state before it), or
    /// it is older than the first changeset the store keeps.
    NoHistory {
        /// The block asked for.
        number: u64,
        /// The first block whose pre-state the store can rebuild (the head + 1 when there is none).
        first: u64,
    },
    /// The block failed as a whole (a fatal System error, a broken block rule).
    Block(BlockError),
    /// The store could not answer a read the block made (the message says which).
    StateRead(String),
    /// The head moved while the block ran (another writer committed in between).
    HeadMoved,
    /// Reading or writing the database failed.
    Store(String),
    /// The store's contents contradict each other (found while reading them back).
    Corrupt(String),
    /// A file or directory operation failed.
    Io(std::io::Error),
}

impl ChainError {
    /// True when the input was refused and the store left as it was (the CLI exits 2; a read of a block
    /// the chain does not have, or whose pre-state it cannot rebuild, is refused input too); false for
    /// failures of the store itself.
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            Self::AlreadyInitialized(_)
                | Self::NotInitialized(_)
                | Self::InvalidGenesis(_)
                | Self::WrongNumber { .. }
                | Self::TimestampNotIncreasing { .. }
                | Self::ChainIdMismatch { .. }
                | Self::ForkGoesBack { .. }
                | Self::Invalid(_)
                | Self::NoSuchBlock { .. }
                | Self::NoHistory { .. }
                | Self::Block(_)
        )
    }

    /// A corrupt-store error with a message.
    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        Self::Corrupt(what.into())
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AlreadyInitialized(p) => write!(f, "{}: the store already holds a chain", p.display()),
            Self::NotInitialized(p) => write!(f, "{}: no chain in this store (run init first)", p.display()),
            Self::InvalidGenesis(m) => write!(f, "invalid genesis: {m}"),
            Self::WrongNumber { expected, got } => write!(f, "block number {got}, expected {expected} (head + 1)"),
            Self::TimestampNotIncreasing { head, got } => {
                write!(f, "block timestamp {got} is not after the head's {head}")
            }
            Self::ChainIdMismatch { expected, got } => write!(f, "block chain id {got}, the chain's is {expected}"),
            Self::ForkGoesBack { head, got } => write!(f, "block fork {got} is older than the head's {head}"),
            Self::Invalid(m) => f.write_str(m),
            Self::NoSuchBlock { number, head } => write!(f, "no block {number} in this chain (head {head})"),
            Self::NoHistory { number, first } => {
                write!(f, "the state before block {number} cannot be rebuilt (history starts at block {first})")
            }
            Self::Block(e) => write!(f, "{e}"),
            Self::StateRead(m) => write!(f, "state read failed: {m}"),
            Self::HeadMoved => f.write_str("the head moved while the block ran"),
            Self::Store(m) => write!(f, "store: {m}"),
            Self::Corrupt(m) => write!(f, "store inconsistent: {m}"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ChainError {}

impl From<BlockError> for ChainError {
    fn from(e: BlockError) -> Self {
        Self::Block(e)
    }
}

impl From<std::io::Error> for ChainError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

/// redb's error types all become [`ChainError::Store`] with their message: the caller cannot act on the
/// distinction, and the message names the cause.
macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for ChainError {
            fn from(e: $t) -> Self {
                Self::Store(e.to_string())
            }
        }
    )*};
}

from_redb!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

/// The crate's result type.
pub type Result<T, E = ChainError> = std::result::Result<T, E>;
