//! Writing one block into a write transaction: its state diff into the account, storage and code tables
//! (recording what it overwrote as the block's changeset), its tree writes into the stored tree, then the
//! changeset, the context's extras, header, hash, transactions, receipts, rejections and the head pointer.
//! The caller commits the transaction: all of it lands, or none.

use bootloader::proving::commit::{block_writes, effective_writes, outputs_hash};
use bootloader::BlockOutput;
use primitives::U256;
use redb::{ReadableTable, WriteTransaction};
use system_api::{AccountRecord, BlockContext};
use system_impl::StateDiff;

use crate::changeset::{AccountPrior, ChangeSet};
use crate::codec::{encode_bytes_list, encode_context_extras, encode_receipts, encode_rejections, StoredReceipt, StoredRejection};
use crate::error::{ChainError, Result};
use crate::header::BlockHeader;
use crate::state_tree::{TreeTables, TreeUpdate};
use crate::tables::*;

/// Applies `diff` to the state tables, as `InMemoryState::apply` applies it to memory: a deleted account
/// goes with all its storage; cleared storage goes before the diff's slots apply; zero slots are removed.
/// Returns what the writes overwrote (the old values come back from redb's `insert` and `remove`, so
/// recording them costs no extra reads).
pub(crate) fn write_state(txn: &WriteTransaction, diff: &StateDiff) -> Result<ChangeSet> {
    let mut accounts = txn.open_table(ACCOUNTS)?;
    let mut storage = txn.open_table(STORAGE)?;
    let mut code = txn.open_table(CODE)?;
    let mut changes = ChangeSet::default();
    for (address, change) in &diff.accounts {
        let mut prior = AccountPrior::default();
        if change.deleted || change.storage_cleared {
            let (low, high) = storage_bounds(address);
            for entry in storage.extract_from_if::<&[u8; 52], _>(&low..=&high, |_, _| true)? {
                let (key, value) = entry?;
                let (_, slot) = split_storage_key(key.value());
                prior.slots.insert(slot, U256::from_be_bytes(*value.value()));
            }
        }
        if change.deleted {
            prior.record = Some(accounts.remove(&address.0)?.map(|old| decode_account(old.value())));
            changes.accounts.extend(prior.into_change(*address, None, |_| U256::ZERO));
            continue;
        }
        let code_is_empty = change.code.bytes().is_empty();
        let record = normalized(
            AccountRecord { nonce: change.nonce, balance: change.balance, code_hash: change.code_hash, ee_type: change.ee_type },
            code_is_empty,
        );
        prior.record = Some(accounts.insert(&address.0, &encode_account(&record))?.map(|old| decode_account(old.value())));
        if !code_is_empty && code.get(&record.code_hash.0)?.is_none() {
            code.insert(&record.code_hash.0, change.code.bytes())?;
        }
        for (slot, value) in &change.storage {
            let key = storage_key(address, slot);
            let old = if *value == U256::ZERO {
                storage.remove(&key)?.map(|old| U256::from_be_bytes(*old.value()))
            } else {
                storage.insert(&key, &value.to_be_bytes::<32>())?.map(|old| U256::from_be_bytes(*old.value()))
            };
            prior.slots.entry(*slot).or_insert(old.unwrap_or(U256::ZERO));
        }
        let after = |slot: &U256| change.storage.get(slot).copied().unwrap_or(U256::ZERO);
        changes.accounts.extend(prior.into_change(*address, Some(&record), after));
    }
    Ok(changes)
}

/// Applies the block's tree writes (`block_writes`, sorted by key, no-ops dropped: exactly what
/// `zkos run` applies) to the stored tree; returns the post-state commitment.
pub(crate) fn write_tree(txn: &WriteTransaction, diff: &StateDiff, next_free: u64) -> Result<tree::Commitment> {
    let mut tables = TreeTables::open(txn)?;
    let mut update = TreeUpdate::new(&mut tables, next_free);
    let writes = effective_writes(block_writes(diff), |key| Ok::<_, ChainError>(update.get(key)?.unwrap_or_default()))?;
    for (key, value) in writes {
        update.set(key, value)?;
    }
    update.finish()
}

/// Writes the header, its hash, the block's transactions, receipts and rejections, and moves the head (and
/// the tree's next free index) to this block.
pub(crate) fn write_header(
    txn: &WriteTransaction,
    header: &BlockHeader,
    transactions: &[Vec<u8>],
    receipts: &[StoredReceipt],
    rejected: &[StoredRejection],
) -> Result<()> {
    let hash = header.hash();
    let mut encoded = header.encode();
    encoded.extend_from_slice(&hash.0);
    txn.open_table(HEADERS)?.insert(header.number, encoded.as_slice())?;
    txn.open_table(BLOCK_HASHES)?.insert(header.number, &hash.0)?;
    txn.open_table(BLOCK_TXS)?.insert(header.number, encode_bytes_list(transactions).as_slice())?;
    txn.open_table(RECEIPTS)?.insert(header.number, encode_receipts(receipts).as_slice())?;
    txn.open_table(REJECTED)?.insert(header.number, encode_rejections(rejected).as_slice())?;
    let mut meta = txn.open_table(META)?;
    meta.insert(HEAD, header.number)?;
    meta.insert(NEXT_FREE, header.next_free)?;
    meta.insert(FORMAT, FORMAT_VERSION)?;
    Ok(())
}

/// Writes a whole block that ran in `context` on the state whose tree had `next_free` leaves; returns its
/// header.
pub(crate) fn write_block(
    txn: &WriteTransaction,
    context: &BlockContext,
    next_free: u64,
    transactions: &[Vec<u8>],
    output: &BlockOutput,
    diff: &StateDiff,
) -> Result<BlockHeader> {
    let changes = write_state(txn, diff)?;
    let post = write_tree(txn, diff, next_free)?;
    write_history(txn, context, &changes)?;
    let header = BlockHeader::of_block(context, output.gas_used, post, transactions, outputs_hash(output));
    let receipts: Vec<StoredReceipt> = output.receipts.iter().map(StoredReceipt::of).collect();
    let rejected: Vec<StoredRejection> = output.rejected.iter().map(StoredRejection::of).collect();
    write_header(txn, &header, transactions, &receipts, &rejected)?;
    Ok(header)
}

/// Writes the parts of `context` the header does not hold (every block, the genesis too).
pub(crate) fn write_context_extras(txn: &WriteTransaction, context: &BlockContext) -> Result<()> {
    txn.open_table(CONTEXT_EXTRAS)?.insert(context.number, encode_context_extras(context).as_slice())?;
    Ok(())
}

/// Writes block `context.number`'s changeset and context extras; the first block written with a changeset
/// becomes [`HISTORY_FROM`].
fn write_history(txn: &WriteTransaction, context: &BlockContext, changes: &ChangeSet) -> Result<()> {
    txn.open_table(CHANGESETS)?.insert(context.number, changes.encode().as_slice())?;
    write_context_extras(txn, context)?;
    let mut meta = txn.open_table(META)?;
    if meta.get(HISTORY_FROM)?.is_none() {
        meta.insert(HISTORY_FROM, context.number)?;
    }
    Ok(())
}
