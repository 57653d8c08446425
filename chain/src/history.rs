//! The chain's history: re-executing any past range of blocks exactly.
//!
//! - [`Chain::block_input`]: a block's context and transactions exactly as it ran them. The header holds
//!   most of the context; the rest (blob base fee, beacon root, withdrawals) is kept per block in
//!   `block_context_extras`, and the result is checked against the header's `context_hash` and
//!   `transactions_hash`, so a batch re-executed from it reproduces the stored header hashes.
//! - [`Chain::state_before`]: the world state and the state tree after block `a − 1`, rebuilt from the head
//!   by undoing the changesets of blocks `head..=a` (see [`crate::unwind`]), checked against header
//!   `a − 1`'s commitment.
//! - [`Chain::changeset`], [`Chain::history_from`]: the stored changesets and where they start.

use redb::{ReadTransaction, TableDefinition};
use system_api::BlockContext;
use system_impl::InMemoryState;
use tree::FullTree;

use crate::changeset::ChangeSet;
use crate::codec::{decode_bytes_list, decode_context_extras};
use crate::error::{ChainError, Result};
use crate::header::{context_hash, transactions_hash};
use crate::store::{head_in, header_in, Chain};
use crate::tables::{BLOCK_TXS, CHANGESETS, CONTEXT_EXTRAS, HISTORY_FROM, META};

impl Chain {
    /// Block `number`'s context (its `parent_hash` the previous block's hash) and its transactions (included
    /// and rejected, as given), exactly as it ran them: what `bootloader::run_forward` needs to run it again.
    ///
    /// [`ChainError::NoSuchBlock`] for a block the chain does not have; [`ChainError::Corrupt`] when the
    /// rebuilt context or transactions do not hash to the header's `context_hash` / `transactions_hash`
    /// (a block written before the context extras were kept, whose context had a beacon root, withdrawals
    /// or a blob base fee not derived from its excess blob gas, cannot be given back exactly).
    pub fn block_input(&self, number: u64) -> Result<(BlockContext, Vec<Vec<u8>>)> {
        let txn = self.begin_read()?;
        let head = head_in(&txn)?;
        let missing = ChainError::NoSuchBlock { number, head: head.number };
        if number > head.number {
            return Err(missing);
        }
        let header = header_in(&txn, number)?.ok_or(missing)?;
        let mut context = header.context();
        if let Some(extras) = get_bytes(&txn, CONTEXT_EXTRAS, number)? {
            decode_context_extras(&extras, &mut context)?;
        }
        if context_hash(&context) != header.context_hash {
            return Err(ChainError::corrupt(format!("block {number}: its context does not hash to the header's")));
        }
        let bytes = get_bytes(&txn, BLOCK_TXS, number)?
            .ok_or_else(|| ChainError::corrupt(format!("block {number} has no stored transactions")))?;
        let transactions = decode_bytes_list(&bytes)?;
        if transactions.len() != header.tx_count as usize || transactions_hash(&transactions) != header.transactions_hash {
            return Err(ChainError::corrupt(format!("block {number}: its stored transactions do not match its header")));
        }
        Ok((context, transactions))
    }

    /// The state after block `a − 1`, as block `a` found it: every account with its code and every
    /// non-zero slot (block hashes: those of blocks `a − 256 .. a`, the ones block `a` may ask BLOCKHASH
    /// for; a caller running later blocks adds each next one), and the state tree exactly as the chain had
    /// it, its commitment equal to header `a − 1`'s `(state_root, next_free)`.
    ///
    /// Built from the head: the head's state read whole into memory, the changesets of blocks
    /// `head, head − 1, …, a` undone, the tree's first `next_free(a − 1)` leaves taken with their values as
    /// of `a − 1` and their links recomputed ([`FullTree::from_leaves`]). Costs memory for the whole state
    /// and tree (see `docs/store.md`) and time `O(state + changes since a)`; all of it from one read
    /// snapshot, so blocks committed meanwhile do not matter.
    ///
    /// [`ChainError::NoSuchBlock`] past the head; [`ChainError::NoHistory`] for the genesis or a block
    /// before [`Self::history_from`]; [`ChainError::Corrupt`] when the store's data do not agree (a
    /// missing changeset, code or leaf, or a rebuilt tree off header `a − 1`'s commitment).
    pub fn state_before(&self, a: u64) -> Result<(InMemoryState, FullTree)> {
        let txn = self.begin_read()?;
        let head = head_in(&txn)?;
        if a > head.number {
            return Err(ChainError::NoSuchBlock { number: a, head: head.number });
        }
        let first = history_from_in(&txn, head.number)?;
        if a < first || a == 0 {
            return Err(ChainError::NoHistory { number: a, first });
        }
        let before = header_in(&txn, a - 1)?.ok_or_else(|| ChainError::corrupt(format!("no header for block {}", a - 1)))?;
        let mut state = crate::unwind::HeadState::load(&txn)?;
        for n in (a..=head.number).rev() {
            let changes = changeset_in(&txn, n)?.ok_or_else(|| ChainError::corrupt(format!("block {n} has no changeset")))?;
            state.undo(&changes);
        }
        let (memory, touched) = state.into_memory(&txn, a)?;
        let mut tree = crate::unwind::tree_before(&txn, before.next_free, &memory, &touched)?;
        let commitment = tree.commitment();
        if (commitment.root, commitment.next_free) != (before.state_root, before.next_free) {
            return Err(ChainError::corrupt(format!(
                "the tree rebuilt for block {} has root {} and {} leaves, its header {} and {}",
                a - 1,
                commitment.root,
                commitment.next_free,
                before.state_root,
                before.next_free
            )));
        }
        Ok((memory, tree))
    }

    /// Block `number`'s changeset (`None` for the genesis, a block before [`Self::history_from`], or one
    /// past the head).
    pub fn changeset(&self, number: u64) -> Result<Option<ChangeSet>> {
        changeset_in(&self.begin_read()?, number)
    }

    /// The first block `a` for which [`Self::state_before`] works (the first block with a changeset; the
    /// head + 1 while the chain has none).
    pub fn history_from(&self) -> Result<u64> {
        let txn = self.begin_read()?;
        let head = head_in(&txn)?;
        history_from_in(&txn, head.number)
    }
}

/// [`Chain::history_from`] as of `txn`, whose head is `head`.
fn history_from_in(txn: &ReadTransaction, head: u64) -> Result<u64> {
    let meta = txn.open_table(META)?;
    let first = meta.get(HISTORY_FROM)?.map(|v| v.value());
    Ok(first.unwrap_or_else(|| head.saturating_add(1)))
}

/// Block `number`'s changeset as of `txn`.
fn changeset_in(txn: &ReadTransaction, number: u64) -> Result<Option<ChangeSet>> {
    get_bytes(txn, CHANGESETS, number)?.map(|bytes| ChangeSet::decode(&bytes)).transpose()
}

/// The value at `number` of a per-block table; a table a store from before it never created is empty.
fn get_bytes(txn: &ReadTransaction, table: TableDefinition<u64, &[u8]>, number: u64) -> Result<Option<Vec<u8>>> {
    let table = match txn.open_table(table) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(table.get(number)?.map(|v| v.value().to_vec()))
}
