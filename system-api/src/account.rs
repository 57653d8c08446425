//! Account properties: nonce, balance, code, code hash and the execution environment that runs the code.

use crate::SystemError;
use core::fmt;
use primitives::{Address, B256, U256};

pub use crate::code::Bytecode;

/// The execution environment an account's code belongs to, stored with the account.
///
/// `EeType::NONE` marks an account without code (an externally owned account). Type ids are assigned by the
/// EE crates themselves (each declares its `EE_TYPE`); the bootloader maps them to EEs through its EE set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EeType(pub u8);

impl EeType {
    /// No code: plain value-holding account.
    pub const NONE: EeType = EeType(0);
}

impl fmt::Display for EeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ee#{}", self.0)
    }
}

/// A snapshot of an account's properties (copied out so no borrow of the state cache escapes).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AccountView {
    /// Transaction/creation counter.
    pub nonce: u64,
    /// Balance in wei.
    pub balance: U256,
    /// keccak-256 of the code (the "observable" hash, as EXTCODEHASH returns it).
    pub code_hash: B256,
    /// Length of the code in bytes.
    pub code_len: usize,
    /// Which EE runs the code.
    pub ee_type: EeType,
    /// False when the account is absent from the state (never created or deleted).
    pub exists: bool,
}

impl AccountView {
    /// EIP-161 emptiness: no nonce, no balance, no code.
    pub fn is_empty(&self) -> bool {
        self.nonce == 0 && self.balance.is_zero() && self.code_len == 0
    }
}

/// A value transfer could not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferError {
    /// The payer's balance is below the value.
    InsufficientBalance,
    /// The payee's balance would exceed 2^256 - 1.
    BalanceOverflow,
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InsufficientBalance => f.write_str("insufficient balance"),
            Self::BalanceOverflow => f.write_str("balance overflow"),
        }
    }
}

/// What a self-destruct did (EIP-6780 rules are applied by the system).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelfDestructOutcome {
    /// The account had already self-destructed in this transaction.
    pub previously_destroyed: bool,
    /// The account was created in this transaction, so it is deleted at its end.
    pub will_be_deleted: bool,
}

/// Reading and changing accounts. Every change is journaled and undone by [`crate::FrameIo::rollback`].
pub trait AccountIo {
    /// Marks the account warm for this transaction (EIP-2929) and says whether it was cold before.
    fn access_account(&mut self, address: &Address) -> Result<bool, SystemError>;
    /// The account's properties (does not change warmth).
    fn account(&mut self, address: &Address) -> Result<AccountView, SystemError>;
    /// The account's code (empty for accounts without code).
    fn code(&mut self, address: &Address) -> Result<Bytecode, SystemError>;
    /// Sets the nonce.
    fn set_nonce(&mut self, address: &Address, nonce: u64) -> Result<(), SystemError>;
    /// Moves `value` from one account to another; touches both (EIP-161).
    fn transfer(&mut self, from: &Address, to: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError>;
    /// Adds to a balance (minting); touches the account.
    fn add_balance(&mut self, address: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError>;
    /// Removes from a balance (burning or fee purchase).
    fn sub_balance(&mut self, address: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError>;
    /// Marks an account touched without changing it (EIP-161 bookkeeping for zero-value calls).
    fn touch(&mut self, address: &Address) -> Result<(), SystemError>;
    /// Starts a new contract at `address`: marks it created in this transaction, sets the nonce to
    /// `initial_nonce` and clears any storage the fixture left at a code-less address.
    fn create_account(&mut self, address: &Address, initial_nonce: u64) -> Result<(), SystemError>;
    /// Installs code (with its EE) at an account.
    fn set_code(&mut self, address: &Address, code: Bytecode, ee_type: EeType) -> Result<(), SystemError>;
    /// Moves the whole balance to `beneficiary` and applies EIP-6780.
    fn self_destruct(&mut self, address: &Address, beneficiary: &Address) -> Result<SelfDestructOutcome, SystemError>;
}
