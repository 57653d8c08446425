//! [`Chain`]: an open store (one redb file, `chain.redb`, in the chain's directory) and the read side of
//! the chain API: the head, headers, accounts, receipts, rejections and a block's transactions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use primitives::{Address, B256, U256};
use redb::{Database, ReadableDatabase, ReadableTable, ReadTransaction, WriteTransaction};
use system_api::AccountRecord;

use crate::codec::{decode_bytes_list, decode_receipts, decode_rejections, StoredReceipt, StoredRejection};
use crate::error::{ChainError, Result};
use crate::header::{BlockHeader, HEADER_LEN};
use crate::source::StateSource;
use crate::tables::*;
use crate::view::{CodeCache, StoreView};

/// The database file inside a chain directory.
pub const DB_FILE: &str = "chain.redb";

/// How the store is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// redb's page cache in bytes.
    pub cache_bytes: usize,
    /// redb's quick repair: every commit also saves the allocator state (a little slower), so reopening
    /// after a crash needs no walk over the whole file. On by default: a chain's file is large.
    pub quick_repair: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { cache_bytes: 1 << 30, quick_repair: true }
    }
}

/// The head as `zkos chain status` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// Head block number.
    pub number: u64,
    /// Head block hash.
    pub hash: B256,
    /// State root after the head.
    pub state_root: B256,
    /// The tree's next free leaf index after the head.
    pub next_free_index: u64,
}

/// An account as the head's state holds it, with the slots asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountState {
    /// The address.
    pub address: Address,
    /// The record, `None` if the account does not exist.
    pub record: Option<AccountRecord>,
    /// The code's length in bytes.
    pub code_len: usize,
    /// The slots asked for with their values (zero if unset).
    pub storage: Vec<(U256, U256)>,
}

/// An open chain store. Not `Send`: it shares analysed code (`Rc`) with the blocks it runs.
pub struct Chain {
    pub(crate) db: Database,
    pub(crate) path: PathBuf,
    pub(crate) codes: CodeCache,
    pub(crate) options: StoreOptions,
}

impl Chain {
    /// Opens the chain in `dir` (which `init` made).
    pub fn open(dir: &Path) -> Result<Chain> {
        Self::open_with(dir, StoreOptions::default())
    }

    /// [`Self::open`] with options.
    pub fn open_with(dir: &Path, options: StoreOptions) -> Result<Chain> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            return Err(ChainError::NotInitialized(dir.to_path_buf()));
        }
        let db = Database::builder().set_cache_size(options.cache_bytes).open(&path)?;
        let chain = Chain { db, path: dir.to_path_buf(), codes: Rc::new(RefCell::new(HashMap::new())), options };
        if chain.head_number()?.is_none() {
            return Err(ChainError::NotInitialized(dir.to_path_buf()));
        }
        Ok(chain)
    }

    /// Creates or reopens the store in `dir` for `init`: refuses one that already holds a chain.
    pub(crate) fn create(dir: &Path, options: StoreOptions) -> Result<Chain> {
        std::fs::create_dir_all(dir)?;
        let db = Database::builder().set_cache_size(options.cache_bytes).create(dir.join(DB_FILE))?;
        let chain = Chain { db, path: dir.to_path_buf(), codes: Rc::new(RefCell::new(HashMap::new())), options };
        if chain.head_number()?.is_some() {
            return Err(ChainError::AlreadyInitialized(dir.to_path_buf()));
        }
        Ok(chain)
    }

    /// The chain's directory.
    pub fn dir(&self) -> &Path {
        &self.path
    }

    /// A write transaction with the store's durability settings (fsynced on commit).
    pub(crate) fn begin_write(&self) -> Result<WriteTransaction> {
        let mut txn = self.db.begin_write()?;
        txn.set_quick_repair(self.options.quick_repair);
        Ok(txn)
    }

    /// A read transaction (a snapshot of the last commit).
    pub(crate) fn begin_read(&self) -> Result<ReadTransaction> {
        Ok(self.db.begin_read()?)
    }

    /// The head's number, `None` for a store without a chain (a fresh file, or an `init` that never
    /// committed).
    fn head_number(&self) -> Result<Option<u64>> {
        let txn = self.begin_read()?;
        let meta = match txn.open_table(META) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        Ok(meta.get(HEAD)?.map(|v| v.value()))
    }

    /// The head block's header.
    pub fn head(&self) -> Result<BlockHeader> {
        let txn = self.begin_read()?;
        head_in(&txn)
    }

    /// The header of block `number`, `None` if the chain has no such block.
    pub fn header(&self, number: u64) -> Result<Option<BlockHeader>> {
        header_in(&self.begin_read()?, number)
    }

    /// `{number, hash, stateRoot, nextFreeIndex}` of the head.
    pub fn status(&self) -> Result<Status> {
        let head = self.head()?;
        Ok(Status { number: head.number, hash: head.hash(), state_root: head.state_root, next_free_index: head.next_free })
    }

    /// The head state as a [`StateSource`] (what the next block reads).
    pub fn view(&self) -> Result<StoreView> {
        StoreView::new(&self.begin_read()?, self.codes.clone())
    }

    /// An account of the head state and the values of `slots`.
    pub fn account(&self, address: &Address, slots: &[U256]) -> Result<AccountState> {
        let view = self.view()?;
        let record = view.account(address)?;
        let code_len = match &record {
            Some(r) if r.code_hash != primitives::KECCAK_EMPTY => view.code(&r.code_hash)?.map(|c| c.bytes().len()).unwrap_or(0),
            _ => 0,
        };
        let storage = slots.iter().map(|s| Ok((*s, view.storage(address, s)?))).collect::<Result<Vec<_>>>()?;
        Ok(AccountState { address: *address, record, code_len, storage })
    }

    /// The receipts of block `number` (`None` if there is no such block).
    pub fn receipts(&self, number: u64) -> Result<Option<Vec<StoredReceipt>>> {
        let txn = self.begin_read()?;
        let table = txn.open_table(RECEIPTS)?;
        table.get(number)?.map(|v| decode_receipts(v.value())).transpose()
    }

    /// The transactions block `number` rejected, with reasons.
    pub fn rejected(&self, number: u64) -> Result<Option<Vec<StoredRejection>>> {
        let txn = self.begin_read()?;
        let table = txn.open_table(REJECTED)?;
        table.get(number)?.map(|v| decode_rejections(v.value())).transpose()
    }

    /// The transactions given to block `number` (included and rejected), as given.
    pub fn block_transactions(&self, number: u64) -> Result<Option<Vec<Vec<u8>>>> {
        let txn = self.begin_read()?;
        let table = txn.open_table(BLOCK_TXS)?;
        table.get(number)?.map(|v| decode_bytes_list(v.value())).transpose()
    }

    /// Bytes the database file takes on disk.
    pub fn file_size(&self) -> Result<u64> {
        Ok(std::fs::metadata(self.path.join(DB_FILE))?.len())
    }
}

/// The head header as of `txn`.
pub(crate) fn head_in(txn: &ReadTransaction) -> Result<BlockHeader> {
    let meta = txn.open_table(META)?;
    let number = meta.get(HEAD)?.map(|v| v.value()).ok_or_else(|| ChainError::corrupt("no head in meta"))?;
    header_in(txn, number)?.ok_or_else(|| ChainError::corrupt(format!("head {number} has no header")))
}

/// Header `number` as of `txn`, its stored hash checked against the recomputed one.
pub(crate) fn header_in(txn: &ReadTransaction, number: u64) -> Result<Option<BlockHeader>> {
    let table = txn.open_table(HEADERS)?;
    let Some(value) = table.get(number)? else { return Ok(None) };
    let bytes = value.value();
    if bytes.len() != HEADER_LEN + 32 {
        return Err(ChainError::corrupt(format!("header {number}: {} bytes", bytes.len())));
    }
    let header = crate::header::decode(&bytes[..HEADER_LEN])?;
    if header.number != number || header.hash().0[..] != bytes[HEADER_LEN..] {
        return Err(ChainError::corrupt(format!("header {number}: number or hash does not match its fields")));
    }
    Ok(Some(header))
}

/// The head's number as a write transaction sees it.
pub(crate) fn head_of_write(txn: &WriteTransaction) -> Result<u64> {
    let meta = txn.open_table(META)?;
    let number = meta.get(HEAD)?.map(|v| v.value());
    number.ok_or_else(|| ChainError::corrupt("no head in meta"))
}
