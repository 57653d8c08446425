//! Intrinsic gas: what a transaction costs before its first opcode runs, and the EIP-7623 calldata floor.
//!
//! `initial` (charged up front, for both Cancun and Prague):
//! - 21 000 base (`G_transaction`), plus 32 000 for a contract creation (`G_txcreate`);
//! - calldata: 4 per zero byte, 16 per non-zero byte (EIP-2028);
//! - EIP-3860 init code: 2 per 32-byte word of `data` when creating;
//! - EIP-2930 access list: 2 400 per address, 1 900 per storage key;
//! - EIP-7702: 25 000 (`PER_EMPTY_ACCOUNT_COST`) per authorization.
//!
//! `floor` (EIP-7623, Prague only; zero for Cancun): `21 000 + 10 * tokens` with
//! `tokens = zero_bytes + 4 * nonzero_bytes`. A transaction's gas limit must cover `max(initial, floor)`,
//! and the gas it is charged is at least `floor`.
//!
//! L1 priority transactions use the same formula. All arithmetic saturates at `u64::MAX`, which no gas limit
//! can reach, so an absurd transaction is simply rejected for intrinsic gas rather than wrapping.

use crate::tx::Transaction;
use primitives::Fork;

/// Base cost of every transaction.
pub const TX_BASE_COST: u64 = 21_000;
/// Extra cost of a contract-creating transaction.
pub const TX_CREATE_COST: u64 = 32_000;
/// Cost per zero calldata byte.
pub const TX_DATA_ZERO_COST: u64 = 4;
/// Cost per non-zero calldata byte (EIP-2028).
pub const TX_DATA_NONZERO_COST: u64 = 16;
/// Cost per 32-byte word of init code (EIP-3860).
pub const INITCODE_WORD_COST: u64 = 2;
/// Cost per access-list address (EIP-2930).
pub const ACCESS_LIST_ADDRESS_COST: u64 = 2_400;
/// Cost per access-list storage key (EIP-2930).
pub const ACCESS_LIST_STORAGE_KEY_COST: u64 = 1_900;
/// Cost per EIP-7702 authorization (`PER_EMPTY_ACCOUNT_COST`).
pub const PER_EMPTY_ACCOUNT_COST: u64 = 25_000;
/// Gas per calldata token for the EIP-7623 floor.
pub const TOTAL_COST_FLOOR_PER_TOKEN: u64 = 10;
/// Tokens per non-zero calldata byte (EIP-7623); a zero byte is one token.
pub const TOKENS_PER_NONZERO_BYTE: u64 = 4;

/// The two intrinsic gas figures of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct IntrinsicGas {
    /// Gas charged before execution.
    pub initial: u64,
    /// EIP-7623 minimum gas used (zero before Prague).
    pub floor: u64,
}

impl IntrinsicGas {
    /// The gas limit a transaction needs at least: `max(initial, floor)`.
    pub fn minimum_gas_limit(&self) -> u64 {
        self.initial.max(self.floor)
    }
}

/// Counts `(zero_bytes, nonzero_bytes)` of `data`.
fn byte_counts(data: &[u8]) -> (u64, u64) {
    let zeros = data.iter().filter(|&&b| b == 0).count() as u64;
    (zeros, (data.len() as u64).saturating_sub(zeros))
}

/// EIP-7623 calldata tokens: `zero_bytes + 4 * nonzero_bytes`.
pub fn calldata_tokens(data: &[u8]) -> u64 {
    let (zeros, nonzeros) = byte_counts(data);
    zeros.saturating_add(nonzeros.saturating_mul(TOKENS_PER_NONZERO_BYTE))
}

/// Number of 32-byte words needed to hold `len` bytes.
fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}

/// The intrinsic gas of `tx` under `fork` (see the module docs).
pub fn intrinsic_gas(tx: &Transaction, fork: Fork) -> IntrinsicGas {
    let (zeros, nonzeros) = byte_counts(&tx.data);
    let mut initial = TX_BASE_COST;
    initial = initial.saturating_add(zeros.saturating_mul(TX_DATA_ZERO_COST));
    initial = initial.saturating_add(nonzeros.saturating_mul(TX_DATA_NONZERO_COST));
    if tx.is_create() {
        initial = initial.saturating_add(TX_CREATE_COST);
        initial = initial.saturating_add(words(tx.data.len()).saturating_mul(INITCODE_WORD_COST));
    }
    let addresses = tx.access_list.len() as u64;
    let keys = tx.access_list_storage_keys() as u64;
    initial = initial.saturating_add(addresses.saturating_mul(ACCESS_LIST_ADDRESS_COST));
    initial = initial.saturating_add(keys.saturating_mul(ACCESS_LIST_STORAGE_KEY_COST));
    let authorizations = tx.authorization_list.len() as u64;
    initial = initial.saturating_add(authorizations.saturating_mul(PER_EMPTY_ACCOUNT_COST));

    let floor = if fork.is_enabled(Fork::Prague) {
        let tokens = zeros.saturating_add(nonzeros.saturating_mul(TOKENS_PER_NONZERO_BYTE));
        TX_BASE_COST.saturating_add(tokens.saturating_mul(TOTAL_COST_FLOOR_PER_TOKEN))
    } else {
        0
    };
    IntrinsicGas { initial, floor }
}
