//! Checking that a store is at one committed block and that its tables agree (what the crash test runs
//! after every kill, and what an operator can run after a crash).
//!
//! The quick check is O(head): the head's header decodes and hashes to its stored hash, nothing exists past
//! the head (changesets included, and the head has one once changesets started), the tree's stored root
//! and size are the header's. The full check is O(state): the root recomputed from the stored leaves
//! alone, the key index and the linked list agree with the leaves, and every account and slot of the state
//! tables is the tree's value for its key, and vice versa.

use primitives::{Address, B256, U256};
use redb::{ReadableTable, ReadableTableMetadata};
use tree::keys::{account_key, storage_key as tree_storage_key};
use tree::{Leaf, DEPTH};

use crate::bulk::BuiltTree;
use crate::codec::{decode_bytes_list, decode_receipts, decode_rejections};
use crate::error::{ChainError, Result};
use crate::header::transactions_hash;
use crate::store::{head_in, header_in, Chain};
use crate::tables::*;

/// What a check saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    /// The head's number.
    pub head: u64,
    /// Accounts in the state (full check only, else 0).
    pub accounts: u64,
    /// Non-zero slots in the state (full check only, else 0).
    pub slots: u64,
    /// Tree leaves (sentinels included).
    pub leaves: u64,
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<()> {
    if ok { Ok(()) } else { Err(ChainError::Corrupt(what())) }
}

impl Chain {
    /// Checks the store (see the module docs); `full` adds the O(state) checks.
    pub fn check(&self, full: bool) -> Result<CheckReport> {
        let txn = self.begin_read()?;
        let head = head_in(&txn)?;
        let n = head.number;
        let meta = txn.open_table(META)?;
        let next_free = meta.get(NEXT_FREE)?.map(|v| v.value());
        ensure(next_free == Some(head.next_free), || format!("meta next free {next_free:?}, head's {}", head.next_free))?;
        for (name, last) in [
            ("headers", txn.open_table(HEADERS)?.last()?.map(|(k, _)| k.value())),
            ("block hashes", txn.open_table(BLOCK_HASHES)?.last()?.map(|(k, _)| k.value())),
            ("transactions", txn.open_table(BLOCK_TXS)?.last()?.map(|(k, _)| k.value())),
            ("receipts", txn.open_table(RECEIPTS)?.last()?.map(|(k, _)| k.value())),
            ("rejections", txn.open_table(REJECTED)?.last()?.map(|(k, _)| k.value())),
        ] {
            ensure(last == Some(n), || format!("last block in {name} is {last:?}, head is {n}"))?;
        }
        // History: nothing past the head, and the head has its changeset once changesets started.
        let changesets = last_block(&txn, CHANGESETS)?;
        let extras = last_block(&txn, CONTEXT_EXTRAS)?;
        ensure(changesets.is_none_or(|l| l <= n) && extras.is_none_or(|l| l <= n), || {
            format!("changesets end at {changesets:?}, context extras at {extras:?}, the head is {n}")
        })?;
        if meta.get(HISTORY_FROM)?.is_some_and(|first| first.value() <= n) {
            ensure(changesets == Some(n), || format!("the head {n} has no changeset (last {changesets:?})"))?;
        }
        let hash = txn.open_table(BLOCK_HASHES)?.get(n)?.map(|v| B256(*v.value()));
        ensure(hash == Some(head.hash()), || format!("block hash of {n} is {hash:?}, header hashes to {}", head.hash()))?;
        if let Some(parent) = n.checked_sub(1).map(|p| header_in(&txn, p)).transpose()?.flatten() {
            ensure(head.parent_hash == parent.hash(), || format!("head's parent hash is not block {}'s hash", n - 1))?;
        }
        let txs = txn.open_table(BLOCK_TXS)?.get(n)?.map(|v| decode_bytes_list(v.value())).transpose()?.unwrap_or_default();
        ensure(txs.len() == head.tx_count as usize && transactions_hash(&txs) == head.transactions_hash, || {
            format!("block {n}'s stored transactions do not match its header")
        })?;
        let receipts = txn.open_table(RECEIPTS)?.get(n)?.map(|v| decode_receipts(v.value())).transpose()?.unwrap_or_default();
        let rejected = txn.open_table(REJECTED)?.get(n)?.map(|v| decode_rejections(v.value())).transpose()?.unwrap_or_default();
        ensure(receipts.len() + rejected.len() == txs.len(), || format!("block {n}: receipts and rejections miscount"))?;
        let gas: u64 = receipts.last().map(|r| r.cumulative_gas_used).unwrap_or(0);
        ensure(gas == head.gas_used, || format!("block {n}: receipts' gas {gas}, header's {}", head.gas_used))?;

        let leaves_table = txn.open_table(LEAVES)?;
        let leaves = leaves_table.len()?;
        ensure(leaves == head.next_free, || format!("{leaves} tree leaves, head says {}", head.next_free))?;
        let index = txn.open_table(LEAF_INDEX)?;
        ensure(index.len()? == leaves, || format!("{} indexed keys for {leaves} leaves", index.len().unwrap_or(0)))?;
        let root = txn.open_table(NODES)?.get(&node_key(DEPTH, 0))?.map(|v| B256(*v.value()));
        ensure(root == Some(head.state_root), || format!("stored tree root {root:?}, head's state root {}", head.state_root))?;
        let mut report = CheckReport { head: n, accounts: 0, slots: 0, leaves };
        if !full {
            return Ok(report);
        }

        let mut all: Vec<Leaf> = Vec::with_capacity(leaves as usize);
        for (i, entry) in leaves_table.range(0..)?.enumerate() {
            let (k, v) = entry?;
            ensure(k.value() == i as u64, || format!("tree leaf {i} missing"))?;
            all.push(decode_leaf(v.value()));
        }
        let recomputed = BuiltTree::from_leaves(all.clone(), crate::source::cores()).commitment();
        ensure(recomputed.root == head.state_root, || format!("root from the leaves {}, header's {}", recomputed.root, head.state_root))?;
        // The list from sentinel 0 visits every leaf once, in increasing key order, ending at sentinel 1.
        let (mut at, mut seen, mut last_key) = (0u64, 0u64, None::<B256>);
        loop {
            let leaf = all.get(at as usize).ok_or_else(|| ChainError::corrupt(format!("tree link to {at}")))?;
            ensure(last_key.is_none_or(|k| k < leaf.key), || format!("tree list out of key order at {at}"))?;
            let indexed = index.get(&leaf.key.0)?.map(|v| v.value());
            ensure(indexed == Some(at), || format!("key index of leaf {at} says {indexed:?}"))?;
            last_key = Some(leaf.key);
            seen += 1;
            if at == 1 {
                break;
            }
            ensure(seen < leaves, || "tree list loops".to_string())?;
            at = leaf.next;
        }
        ensure(seen == leaves, || format!("tree list visits {seen} of {leaves} leaves"))?;

        let value_at = |key: &B256| -> Result<B256> {
            match index.get(&key.0)?.map(|v| v.value()) {
                Some(i) => Ok(all.get(i as usize).map(|l| l.value).unwrap_or_default()),
                None => Ok(B256::ZERO),
            }
        };
        let code = txn.open_table(CODE)?;
        for entry in txn.open_table(ACCOUNTS)?.range::<&[u8; 20]>(..)? {
            let (k, v) = entry?;
            let address = Address(*k.value());
            let record = decode_account(v.value());
            let bytes = if record.code_hash == primitives::KECCAK_EMPTY {
                Vec::new()
            } else {
                code.get(&record.code_hash.0)?.map(|c| c.value().to_vec()).ok_or_else(|| {
                    ChainError::corrupt(format!("{address}: code {} missing", record.code_hash))
                })?
            };
            let expected =
                bootloader::proving::commit::record_of(record.nonce, record.balance, &bytes, record.code_hash, record.ee_type).hash();
            ensure(value_at(&account_key(&address))? == expected, || format!("{address}: tree value is not its record's hash"))?;
            report.accounts += 1;
        }
        for entry in txn.open_table(STORAGE)?.range::<&[u8; 52]>(..)? {
            let (k, v) = entry?;
            let (address, slot) = split_storage_key(k.value());
            let value = U256::from_be_bytes(*v.value());
            ensure(!value.is_zero(), || format!("{address} slot {slot}: zero value stored"))?;
            ensure(value_at(&tree_storage_key(&address, &slot))? == B256::from_word(&value), || {
                format!("{address} slot {slot}: tree value differs")
            })?;
            report.slots += 1;
        }
        // Every non-zero leaf besides the sentinels is one of the rows just checked.
        let live = all.iter().skip(2).filter(|l| l.value != B256::ZERO).count() as u64;
        ensure(live == report.accounts + report.slots, || {
            format!("{live} non-zero tree leaves for {} accounts and {} slots", report.accounts, report.slots)
        })?;
        Ok(report)
    }
}

/// The last block number of a per-block table (`None` when empty, or never created by an older store).
fn last_block(txn: &redb::ReadTransaction, table: redb::TableDefinition<u64, &[u8]>) -> Result<Option<u64>> {
    match txn.open_table(table) {
        Ok(t) => Ok(t.last()?.map(|(k, _)| k.value())),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
