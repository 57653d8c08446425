//! The Blake2s state tree (`tree::FullTree`'s exact shape) kept in the store and updated in place.
//!
//! Three tables hold it: leaves by index, leaf index by key, and the internal node hashes of heights
//! [`STORED_FROM`]..=64 by `(height, index)` for every node whose subtree holds a leaf (the occupied prefix
//! of each level); a node past that prefix is an empty subtree and is not stored. The lowest levels are not
//! stored at all: a node of height 1 or 2 is recomputed from its 2 or 4 leaves, which sit on one page of
//! the leaf table. Those levels are three quarters of all nodes, and in a copy-on-write B-tree every node
//! written at a random position costs a page of its own, so not storing them saves more disk writes than
//! the few extra hashes cost.
//!
//! A batch of sets ([`TreeUpdate::set`], in the caller's order, exactly like `FullTree::set`) touches the
//! leaves it changes and, on [`TreeUpdate::finish`], re-hashes only the paths above them: each changed node
//! is hashed once, reading from the store only the siblings the batch did not change. A block of `w` writes
//! therefore costs `O(w × 64)` reads and writes, whatever the size of the state.

use std::collections::BTreeMap;

use primitives::B256;
use redb::{ReadableTable, Table, WriteTransaction};
use tree::{empty_hashes, node_hash, Commitment, Leaf, DEPTH};

use crate::error::{ChainError, Result};
use crate::tables::{decode_leaf, encode_leaf, node_key, LEAF_INDEX, LEAVES, NODES};

/// The tree's tables, opened in one write transaction.
pub(crate) struct TreeTables<'t> {
    pub(crate) leaves: Table<'t, u64, &'static [u8; 72]>,
    pub(crate) index: Table<'t, &'static [u8; 32], u64>,
    pub(crate) nodes: Table<'t, &'static [u8; 9], &'static [u8; 32]>,
}

impl<'t> TreeTables<'t> {
    /// Opens (creating when new) the tree tables of `txn`.
    pub(crate) fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(TreeTables { leaves: txn.open_table(LEAVES)?, index: txn.open_table(LEAF_INDEX)?, nodes: txn.open_table(NODES)? })
    }
}

/// The lowest stored height: nodes below it are recomputed from the leaves.
pub(crate) const STORED_FROM: usize = 3;

/// Number of nodes of height `height` whose subtree holds one of the first `next_free` leaves.
pub(crate) fn occupied(height: usize, next_free: u64) -> u64 {
    let width = 1u128 << height.min(DEPTH);
    ((next_free as u128).div_ceil(width)) as u64
}

/// One batch of sets on the stored tree (a block's writes, or a test's sequence).
pub struct TreeUpdate<'a, 't> {
    tables: &'a mut TreeTables<'t>,
    /// Next free index when the batch started: the stored levels cover exactly the prefix below it.
    stored_next_free: u64,
    next_free: u64,
    /// Leaves set in this batch, written back on [`Self::finish`].
    changed: BTreeMap<u64, Leaf>,
    empty: [B256; DEPTH + 1],
}

impl<'a, 't> TreeUpdate<'a, 't> {
    /// A batch on a tree whose next free index is `next_free`.
    pub(crate) fn new(tables: &'a mut TreeTables<'t>, next_free: u64) -> Self {
        TreeUpdate { tables, stored_next_free: next_free, next_free, changed: BTreeMap::new(), empty: empty_hashes() }
    }

    /// First unused leaf index (counting this batch's insertions).
    pub fn next_free(&self) -> u64 {
        self.next_free
    }

    /// The leaf at `index`: this batch's version, else the stored one; an index past the tree is the empty
    /// leaf.
    fn leaf(&self, index: u64) -> Result<Leaf> {
        if let Some(leaf) = self.changed.get(&index) {
            return Ok(*leaf);
        }
        if index >= self.next_free {
            return Ok(Leaf::default());
        }
        match self.tables.leaves.get(index)? {
            Some(bytes) => Ok(decode_leaf(bytes.value())),
            None => Err(ChainError::corrupt(format!("tree leaf {index} missing below next free {}", self.next_free))),
        }
    }

    /// The leaf index of `key`, if the tree holds it.
    fn index_of(&self, key: &B256) -> Result<Option<u64>> {
        Ok(self.tables.index.get(&key.0)?.map(|g| g.value()))
    }

    /// The value at `key`, if present.
    pub fn get(&self, key: &B256) -> Result<Option<B256>> {
        match self.index_of(key)? {
            Some(index) => Ok(Some(self.leaf(index)?.value)),
            None => Ok(None),
        }
    }

    /// Sets `key` to `value`; a new key becomes the leaf at the next free index, linked after the largest
    /// smaller key (the sentinel `0x00…00` is always there, so one exists).
    pub fn set(&mut self, key: B256, value: B256) -> Result<()> {
        if let Some(index) = self.index_of(&key)? {
            let mut leaf = self.leaf(index)?;
            leaf.value = value;
            self.changed.insert(index, leaf);
            return Ok(());
        }
        let previous = {
            let mut below = self.tables.index.range::<&[u8; 32]>(..&key.0)?;
            match below.next_back() {
                Some(entry) => entry?.1.value(),
                None => return Err(ChainError::corrupt("tree: no key below a new key (sentinel 0 missing)")),
            }
        };
        let index = self.next_free;
        let mut before = self.leaf(previous)?;
        let next = before.next;
        before.next = index;
        self.changed.insert(previous, before);
        self.changed.insert(index, Leaf { key, value, next });
        // Visible to the next insertion's neighbour search in this same transaction.
        self.tables.index.insert(&key.0, index)?;
        self.next_free += 1;
        Ok(())
    }

    /// The hash at `(height, index)` outside this batch's changes: a leaf's hash, a stored node, or an empty
    /// subtree past the occupied prefix.
    fn node(&self, height: usize, index: u64) -> Result<B256> {
        if height < STORED_FROM {
            return self.node_from_leaves(height, index);
        }
        if let Some(hash) = self.tables.nodes.get(&node_key(height, index))? {
            return Ok(B256(*hash.value()));
        }
        if index < occupied(height, self.stored_next_free) {
            return Err(ChainError::corrupt(format!("tree node ({height}, {index}) missing")));
        }
        // Past the prefix before this batch and not changed by it: no leaf below.
        Ok(self.empty[height])
    }

    /// The hash at `(height, index)` computed from the leaves below it (for the unstored low levels).
    fn node_from_leaves(&self, height: usize, index: u64) -> Result<B256> {
        let first = index << height;
        if first >= self.next_free {
            return Ok(self.empty[height]);
        }
        let mut hashes = Vec::with_capacity(1 << height);
        for i in first..first + (1u64 << height) {
            hashes.push(if i < self.next_free { self.leaf(i)?.hash() } else { self.empty[0] });
        }
        while hashes.len() > 1 {
            hashes = hashes.chunks(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
        }
        Ok(hashes.first().copied().unwrap_or(self.empty[height]))
    }

    /// Writes the changed leaves, re-hashes every path above them (each node once) and stores the new
    /// nodes; returns the new commitment.
    pub fn finish(mut self) -> Result<Commitment> {
        // The changed leaves go to the table first, so a sibling read at height 0 sees this batch's version.
        let changed = std::mem::take(&mut self.changed);
        for (index, leaf) in &changed {
            self.tables.leaves.insert(*index, &encode_leaf(leaf))?;
        }
        let mut level: Vec<(u64, B256)> = changed.iter().map(|(i, leaf)| (*i, leaf.hash())).collect();
        if level.is_empty() {
            let root = self.node(DEPTH, 0)?;
            return Ok(Commitment { root, next_free: self.next_free });
        }
        for height in 0..DEPTH {
            let mut above = Vec::with_capacity(level.len().div_ceil(2));
            let mut k = 0;
            while k < level.len() {
                let (index, hash) = level[k];
                let (left, right) = if index & 1 == 0 {
                    match level.get(k + 1) {
                        // Both children changed: the sibling is already in hand.
                        Some(&(sibling, sibling_hash)) if sibling == index + 1 => {
                            k += 1;
                            (hash, sibling_hash)
                        }
                        _ => (hash, self.node(height, index + 1)?),
                    }
                } else {
                    (self.node(height, index - 1)?, hash)
                };
                above.push((index >> 1, node_hash(&left, &right)));
                k += 1;
            }
            if height + 1 >= STORED_FROM {
                for (index, hash) in &above {
                    self.tables.nodes.insert(&node_key(height + 1, *index), &hash.0)?;
                }
            }
            level = above;
        }
        let root = level.first().map(|(_, h)| *h).unwrap_or(self.empty[DEPTH]);
        Ok(Commitment { root, next_free: self.next_free })
    }
}
