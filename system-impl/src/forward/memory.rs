//! An in-memory world state: the pre-state of forward runs, state tests and examples, and the place a
//! block's [`StateDiff`] is applied to.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use primitives::{keccak256, Address, B256, KECCAK_EMPTY, U256};
use system_api::{AccountRecord, Bytecode, EeType};

use super::PreState;
use crate::StateDiff;

/// One account of the in-memory state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateAccount {
    /// Nonce.
    pub nonce: u64,
    /// Balance.
    pub balance: U256,
    /// Code.
    pub code: Vec<u8>,
    /// EE of the code (`EeType::NONE` for no code).
    pub ee_type: EeType,
    /// Non-zero slots.
    pub storage: BTreeMap<U256, U256>,
}

/// A whole world state in memory, accounts in address order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InMemoryState {
    /// Accounts.
    pub accounts: BTreeMap<Address, StateAccount>,
    /// Known block hashes by number.
    pub block_hashes: BTreeMap<u64, B256>,
    /// Code by hash, as shared [`Bytecode`] so an EE's analysis of it outlives the block that made it.
    codes: BTreeMap<B256, Bytecode>,
    /// keccak of each account's code with the code length it was computed for, so account reads do not
    /// re-hash code. Kept by `insert_account` and `apply`; a length mismatch (code changed behind their
    /// back through the public map) falls back to hashing.
    code_hashes: BTreeMap<Address, (usize, B256)>,
}

impl InMemoryState {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces an account (zero storage values are dropped).
    pub fn insert_account(&mut self, address: Address, mut account: StateAccount) {
        account.storage.retain(|_, v| !v.is_zero());
        if account.code.is_empty() {
            self.code_hashes.remove(&address);
        } else {
            let hash = keccak256(&account.code);
            self.codes.entry(hash).or_insert_with(|| Bytecode::from(account.code.as_slice()));
            self.code_hashes.insert(address, (account.code.len(), hash));
        }
        self.accounts.insert(address, account);
    }

    /// Applies a block's changes.
    pub fn apply(&mut self, diff: &StateDiff) {
        for (address, change) in &diff.accounts {
            if change.deleted {
                self.accounts.remove(address);
                self.code_hashes.remove(address);
                continue;
            }
            let account = self.accounts.entry(*address).or_default();
            if change.storage_cleared {
                account.storage.clear();
            }
            account.nonce = change.nonce;
            account.balance = change.balance;
            account.ee_type = change.ee_type;
            if account.code.as_slice() != &change.code[..] {
                account.code = change.code.to_vec();
                if !account.code.is_empty() {
                    self.codes.entry(change.code_hash).or_insert_with(|| change.code.clone());
                    self.code_hashes.insert(*address, (account.code.len(), change.code_hash));
                }
            }
            for (key, value) in &change.storage {
                if value.is_zero() {
                    account.storage.remove(key);
                } else {
                    account.storage.insert(*key, *value);
                }
            }
        }
    }
}

impl PreState for InMemoryState {
    fn account(&self, address: &Address) -> Option<AccountRecord> {
        self.accounts.get(address).map(|a| AccountRecord {
            nonce: a.nonce,
            balance: a.balance,
            code_hash: match self.code_hashes.get(address) {
                _ if a.code.is_empty() => KECCAK_EMPTY,
                Some((len, hash)) if *len == a.code.len() => *hash,
                _ => keccak256(&a.code),
            },
            ee_type: a.ee_type,
        })
    }

    fn storage(&self, address: &Address, key: &U256) -> U256 {
        self.accounts.get(address).and_then(|a| a.storage.get(key)).copied().unwrap_or(U256::ZERO)
    }

    fn code(&self, code_hash: &B256) -> Option<Bytecode> {
        self.codes.get(code_hash).cloned()
    }

    fn block_hash(&self, number: u64) -> B256 {
        self.block_hashes.get(&number).copied().unwrap_or(B256::ZERO)
    }
}
