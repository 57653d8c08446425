//! [`StoreView`]: the state of one committed block, read from a redb read transaction (a consistent
//! snapshot, whatever commits meanwhile), as a [`StateSource`].
//!
//! Code is handed out as shared [`Bytecode`] from a cache the [`crate::Chain`] keeps across blocks, so an
//! EE's analysis of a contract (the EVM's jump table) is made once per process, not once per block, as the
//! in-memory state does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use primitives::{Address, B256, U256};
use redb::{ReadOnlyTable, ReadTransaction};
use system_api::{AccountRecord, Bytecode};

use crate::error::{ChainError, Result};
use crate::source::StateSource;
use crate::tables::{decode_account, storage_key, ACCOUNTS, ACCOUNT_LEN, BLOCK_HASHES, CODE, STORAGE};

/// Code shared across blocks, keyed by keccak hash.
pub(crate) type CodeCache = Rc<RefCell<HashMap<B256, Bytecode>>>;

/// The state tables of one snapshot.
pub struct StoreView {
    accounts: ReadOnlyTable<&'static [u8; 20], &'static [u8; ACCOUNT_LEN]>,
    storage: ReadOnlyTable<&'static [u8; 52], &'static [u8; 32]>,
    code: ReadOnlyTable<&'static [u8; 32], &'static [u8]>,
    block_hashes: ReadOnlyTable<u64, &'static [u8; 32]>,
    cache: CodeCache,
}

impl StoreView {
    /// The state as of `txn`'s snapshot.
    pub(crate) fn new(txn: &ReadTransaction, cache: CodeCache) -> Result<Self> {
        Ok(StoreView {
            accounts: txn.open_table(ACCOUNTS)?,
            storage: txn.open_table(STORAGE)?,
            code: txn.open_table(CODE)?,
            block_hashes: txn.open_table(BLOCK_HASHES)?,
            cache,
        })
    }

    /// The non-zero slots of `address`, in slot order.
    pub fn slots(&self, address: &Address) -> Result<Vec<(U256, U256)>> {
        let (low, high) = crate::tables::storage_bounds(address);
        let mut out = Vec::new();
        for entry in self.storage.range::<&[u8; 52]>(&low..=&high)? {
            let (key, value) = entry?;
            let (_, slot) = crate::tables::split_storage_key(key.value());
            out.push((slot, U256::from_be_bytes(*value.value())));
        }
        Ok(out)
    }

    /// Every account in address order (for checks and exports; O(accounts)).
    pub fn accounts(&self) -> Result<Vec<(Address, AccountRecord)>> {
        let mut out = Vec::new();
        for entry in self.accounts.range::<&[u8; 20]>(..)? {
            let (key, value) = entry?;
            out.push((Address(*key.value()), decode_account(value.value())));
        }
        Ok(out)
    }
}

impl StateSource for StoreView {
    type Error = ChainError;

    fn account(&self, address: &Address) -> Result<Option<AccountRecord>> {
        Ok(self.accounts.get(&address.0)?.map(|v| decode_account(v.value())))
    }

    fn storage(&self, address: &Address, slot: &U256) -> Result<U256> {
        let value = self.storage.get(&storage_key(address, slot))?;
        Ok(value.map(|v| U256::from_be_bytes(*v.value())).unwrap_or(U256::ZERO))
    }

    fn code(&self, code_hash: &B256) -> Result<Option<Bytecode>> {
        if let Some(code) = self.cache.borrow().get(code_hash) {
            return Ok(Some(code.clone()));
        }
        let Some(bytes) = self.code.get(&code_hash.0)? else { return Ok(None) };
        let code = Bytecode::from(bytes.value());
        self.cache.borrow_mut().insert(*code_hash, code.clone());
        Ok(Some(code))
    }

    fn block_hash(&self, number: u64) -> Result<B256> {
        Ok(self.block_hashes.get(number)?.map(|v| B256(*v.value())).unwrap_or(B256::ZERO))
    }
}
