//! Undoing blocks: the head's state read into memory, changesets undone newest first, and the state tree
//! cut back to what it was.
//!
//! The state: [`HeadState`] holds every stored record and non-zero slot; undoing a [`ChangeSet`] puts each
//! entry's value from before the block back. Every account and slot it touches is remembered.
//!
//! The tree: leaves are only ever appended (a deleted account or slot writes a zero value, it does not
//! remove its leaf), so the tree after block `a − 1` holds the head's first `next_free(a − 1)` leaves. A
//! leaf whose key no undone block touched has the value it has now; a touched key's value is the one the
//! rebuilt state maps it to (the account record's hash, or the slot's value; zero when absent), and a
//! touched key that holds a value must sit below `next_free(a − 1)`. The links are recomputed over the
//! remaining keys ([`FullTree::from_leaves`]).

use std::collections::{BTreeMap, BTreeSet};

use bootloader::proving::commit::state_record;
use primitives::{keccak256, Address, B256, KECCAK_EMPTY, U256};
use redb::ReadTransaction;
use system_api::AccountRecord;
use system_impl::{InMemoryState, StateAccount};
use tree::keys::{account_key, storage_key as tree_storage_key};
use tree::{FullTree, Leaf};

use crate::changeset::{ChangeSet, PriorRecord};
use crate::error::{ChainError, Result};
use crate::tables::{decode_account, decode_leaf, split_storage_key, ACCOUNTS, BLOCK_HASHES, CODE, LEAF_INDEX, LEAVES, STORAGE};

/// How many earlier blocks BLOCKHASH may ask for.
const BLOCK_HASH_WINDOW: u64 = 256;

/// The accounts and slots the undone blocks touched (their tree values must be recomputed).
#[derive(Default)]
pub(crate) struct Touched {
    accounts: BTreeSet<Address>,
    slots: BTreeSet<(Address, U256)>,
}

/// The state tables in memory, being taken back block by block.
pub(crate) struct HeadState {
    records: BTreeMap<Address, AccountRecord>,
    slots: BTreeMap<Address, BTreeMap<U256, U256>>,
    touched: Touched,
}

impl HeadState {
    /// Every account and slot of `txn`'s snapshot.
    pub(crate) fn load(txn: &ReadTransaction) -> Result<Self> {
        let mut records = BTreeMap::new();
        for entry in txn.open_table(ACCOUNTS)?.range::<&[u8; 20]>(..)? {
            let (key, value) = entry?;
            records.insert(Address(*key.value()), decode_account(value.value()));
        }
        let mut slots: BTreeMap<Address, BTreeMap<U256, U256>> = BTreeMap::new();
        for entry in txn.open_table(STORAGE)?.range::<&[u8; 52]>(..)? {
            let (key, value) = entry?;
            let (address, slot) = split_storage_key(key.value());
            slots.entry(address).or_default().insert(slot, U256::from_be_bytes(*value.value()));
        }
        Ok(HeadState { records, slots, touched: Touched::default() })
    }

    /// Puts back what one block overwrote (blocks are undone newest first).
    pub(crate) fn undo(&mut self, changes: &ChangeSet) {
        for change in &changes.accounts {
            let address = change.address;
            match &change.record {
                PriorRecord::Unchanged => {}
                PriorRecord::Absent => {
                    self.records.remove(&address);
                }
                PriorRecord::Was(record) => {
                    self.records.insert(address, record.clone());
                }
            }
            if change.record != PriorRecord::Unchanged {
                self.touched.accounts.insert(address);
            }
            for (slot, before) in &change.slots {
                let slots = self.slots.entry(address).or_default();
                if before.is_zero() {
                    slots.remove(slot);
                } else {
                    slots.insert(*slot, *before);
                }
                if slots.is_empty() {
                    self.slots.remove(&address);
                }
                self.touched.slots.insert((address, *slot));
            }
        }
    }

    /// The state as an [`InMemoryState`] (code from the `code` table, the block hashes block `a` may ask
    /// for) and what the undone blocks touched.
    pub(crate) fn into_memory(self, txn: &ReadTransaction, a: u64) -> Result<(InMemoryState, Touched)> {
        let HeadState { records, mut slots, touched } = self;
        let code_table = txn.open_table(CODE)?;
        let mut codes: BTreeMap<B256, Vec<u8>> = BTreeMap::new();
        let mut state = InMemoryState::new();
        for (address, record) in records {
            let code = if record.code_hash == KECCAK_EMPTY {
                Vec::new()
            } else if let Some(code) = codes.get(&record.code_hash) {
                code.clone()
            } else {
                let code = code_table.get(&record.code_hash.0)?.map(|c| c.value().to_vec()).ok_or_else(|| {
                    ChainError::corrupt(format!("{address}: code {} missing", record.code_hash))
                })?;
                if keccak256(&code) != record.code_hash {
                    return Err(ChainError::corrupt(format!("code stored under {} has another hash", record.code_hash)));
                }
                codes.insert(record.code_hash, code.clone());
                code
            };
            let storage = slots.remove(&address).unwrap_or_default();
            let account = StateAccount { nonce: record.nonce, balance: record.balance, code, ee_type: record.ee_type, storage };
            state.insert_account(address, account);
        }
        if let Some(address) = slots.keys().next() {
            return Err(ChainError::corrupt(format!("{address} has storage but no account before block {a}")));
        }
        for entry in txn.open_table(BLOCK_HASHES)?.range(a.saturating_sub(BLOCK_HASH_WINDOW)..a)? {
            let (number, hash) = entry?;
            state.block_hashes.insert(number.value(), B256(*hash.value()));
        }
        Ok((state, touched))
    }
}

/// The tree with the head's first `next_free` leaves, the touched keys' values taken from `state` (the
/// state after the block that left `next_free` leaves), the links recomputed.
pub(crate) fn tree_before(txn: &ReadTransaction, next_free: u64, state: &InMemoryState, touched: &Touched) -> Result<FullTree> {
    let mut leaves: Vec<Leaf> = Vec::with_capacity(usize::try_from(next_free).unwrap_or(0));
    for entry in txn.open_table(LEAVES)?.range(0..next_free)? {
        let (index, leaf) = entry?;
        if index.value() != leaves.len() as u64 {
            return Err(ChainError::corrupt(format!("tree leaf {} missing", leaves.len())));
        }
        leaves.push(decode_leaf(leaf.value()));
    }
    if leaves.len() as u64 != next_free {
        return Err(ChainError::corrupt(format!("{} tree leaves stored, {next_free} needed", leaves.len())));
    }
    let index = txn.open_table(LEAF_INDEX)?;
    let mut place = |key: B256, value: B256| -> Result<()> {
        match index.get(&key.0)?.map(|i| i.value()) {
            Some(i) if i < next_free => leaves[i as usize].value = value,
            // Inserted later (or never): absent then, so it must have been zero.
            _ if value == B256::ZERO => {}
            _ => return Err(ChainError::corrupt(format!("tree key {key} has a value but no leaf below {next_free}"))),
        }
        Ok(())
    };
    for address in &touched.accounts {
        let value = state.accounts.get(address).map(|account| state_record(account).hash()).unwrap_or(B256::ZERO);
        place(account_key(address), value)?;
    }
    for (address, slot) in &touched.slots {
        let value = state.accounts.get(address).and_then(|a| a.storage.get(slot)).map(B256::from_word).unwrap_or(B256::ZERO);
        place(tree_storage_key(address, slot), value)?;
    }
    FullTree::from_leaves(leaves).map_err(|e| ChainError::corrupt(format!("tree leaves: {e}")))
}
