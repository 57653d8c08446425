//! The state cache: accounts and slots loaded from the oracle, with their per-transaction flags.

use hashbrown::hash_map::Entry;
use hashbrown::HashMap;
use primitives::{Address, B256, KECCAK_EMPTY, U256};
use system_api::{AccountView, Bytecode, EeType, Oracle, SystemError};

/// The cached account at `address`, loaded from the oracle on first use: one hash-map probe when cached.
/// A free function over the two fields (not a `System` method) so the caller can keep using the oracle.
pub(crate) fn cached_account<'a, O: Oracle>(
    accounts: &'a mut HashMap<Address, AccountEntry>,
    oracle: &mut O,
    address: &Address,
) -> Result<&'a mut AccountEntry, SystemError> {
    match accounts.entry(*address) {
        Entry::Occupied(cached) => Ok(cached.into_mut()),
        Entry::Vacant(slot) => Ok(slot.insert(AccountEntry::load(oracle, address)?)),
    }
}

/// The cached slot `key` of `account` (at `address`), read from the oracle on first use unless the
/// account's storage is known to be empty.
pub(crate) fn cached_slot<'a, O: Oracle>(
    account: &'a mut AccountEntry,
    oracle: &mut O,
    address: &Address,
    key: &U256,
) -> Result<&'a mut SlotEntry, SystemError> {
    let reads_oracle = account.exists && !account.storage_cleared;
    match account.storage.entry(*key) {
        Entry::Occupied(cached) => Ok(cached.into_mut()),
        Entry::Vacant(slot) => {
            let value = if reads_oracle { oracle.storage(address, key)? } else { U256::ZERO };
            Ok(slot.insert(SlotEntry { block_original: value, tx_original: value, present: value, warm_in: 0 }))
        }
    }
}

/// A storage slot as the cache holds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlotEntry {
    /// Value at the start of the block (to compute the block's diff).
    pub block_original: U256,
    /// Value at the start of the transaction (EIP-2200 "original").
    pub tx_original: U256,
    /// Current value.
    pub present: U256,
    /// The serial of the transaction that last accessed the slot (EIP-2929 warmth without a set lookup:
    /// warm when equal to the System's current serial; 0 is never current).
    pub warm_in: u32,
}

/// An account as the cache holds it.
#[derive(Clone, Debug)]
pub(crate) struct AccountEntry {
    pub nonce: u64,
    pub balance: U256,
    pub code: Bytecode,
    pub code_hash: B256,
    pub ee_type: EeType,
    /// Present in the state (false: never created, or deleted).
    pub exists: bool,
    /// Created in this transaction (EIP-6780).
    pub created_in_tx: bool,
    /// Self-destructed in this transaction.
    pub destroyed: bool,
    /// Touched in this transaction (EIP-161).
    pub touched: bool,
    /// Storage was wiped in this block: slots not in `storage` read as zero instead of from the oracle.
    pub storage_cleared: bool,
    /// Whether anything about the account changed in this block (for the diff).
    pub dirty: bool,
    pub storage: HashMap<U256, SlotEntry>,
}

impl AccountEntry {
    /// Loads an account (and its code) from the oracle.
    pub fn load<O: Oracle>(oracle: &mut O, address: &Address) -> Result<Self, SystemError> {
        let record = oracle.account(address)?;
        let Some(record) = record else {
            return Ok(Self::absent());
        };
        let code: Bytecode = if record.code_hash == KECCAK_EMPTY {
            Bytecode::default()
        } else {
            // The oracle vouches for the preimage: forward mode trusts its store, proving mode re-hashes.
            oracle.code(&record.code_hash)?
        };
        Ok(AccountEntry {
            nonce: record.nonce,
            balance: record.balance,
            code,
            code_hash: record.code_hash,
            ee_type: record.ee_type,
            exists: true,
            ..Self::absent()
        })
    }

    /// An account missing from the state.
    pub fn absent() -> Self {
        AccountEntry {
            nonce: 0,
            balance: U256::ZERO,
            code: Bytecode::default(),
            code_hash: KECCAK_EMPTY,
            ee_type: EeType::NONE,
            exists: false,
            created_in_tx: false,
            destroyed: false,
            touched: false,
            storage_cleared: false,
            dirty: false,
            storage: HashMap::new(),
        }
    }

    /// EIP-161 emptiness.
    pub fn is_empty(&self) -> bool {
        self.nonce == 0 && self.balance.is_zero() && self.code.is_empty()
    }

    /// The public view of the account.
    pub fn view(&self) -> AccountView {
        AccountView {
            nonce: self.nonce,
            balance: self.balance,
            code_hash: self.code_hash,
            code_len: self.code.len(),
            ee_type: self.ee_type,
            exists: self.exists,
        }
    }
}
