//! A forward tree that stores only the nodes on its own leaves' paths, so it can stand for a state of any
//! size ([`Layout::Scattered`]: `2^B` occupied leaves of which it knows only its own) in `O(leaves × DEPTH)`
//! memory and hashing. The hashing is [`FullTree`](crate::FullTree)'s (the shared `nodes` module); only where nodes
//! live differs: one map per height, and an unstored position is a filler or an empty subtree.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use primitives::B256;

use crate::layout::{dedup, filler, place, Layout, LayoutError};
use crate::nodes::{path, rehash, Nodes};
use crate::{empty_hashes, sentinels, Commitment, Leaf, LeafProof, ReadProof, DEPTH};

/// A tree holding a pre-state placed by a [`Layout`], then the leaves blocks insert at `next_free, …`.
#[derive(Clone, Debug)]
pub struct SparseTree {
    /// Our leaves (sentinels, pre-state, inserted) by index.
    leaves: BTreeMap<u64, Leaf>,
    by_key: BTreeMap<B256, u64>,
    nodes: SparseNodes,
    next_free: u64,
    /// Leaves set since the nodes were last brought up to date.
    changed: Vec<u64>,
    layout: Layout,
}

impl SparseTree {
    /// The tree of `entries` (key, value) placed by `layout`; a key given twice keeps its last value, and a
    /// sentinel's key sets the sentinel's value, as inserting them one by one into a
    /// [`FullTree`](crate::FullTree) would. The next free index is `2 + entries` for [`Layout::Dense`] and
    /// `2^log2_filled` for [`Layout::Scattered`].
    pub fn new(layout: Layout, entries: impl IntoIterator<Item = (B256, B256)>) -> Result<Self, LayoutError> {
        let sentinels = sentinels();
        let (mut order, mut values) = dedup(entries);
        order.retain(|key| sentinels.iter().all(|s| s.key != *key));
        let (indexes, filled) = place(&layout, &order)?;
        let mut by_key: BTreeMap<B256, u64> = order.iter().copied().zip(indexes).collect();
        let mut leaves = BTreeMap::new();
        for (i, sentinel) in sentinels.iter().enumerate() {
            let value = values.remove(&sentinel.key).unwrap_or(sentinel.value);
            leaves.insert(i as u64, Leaf { value, ..*sentinel });
            by_key.insert(sentinel.key, i as u64);
        }
        for (key, &index) in &by_key {
            if let Some(&value) = values.get(key) {
                leaves.insert(index, Leaf { key: *key, value, next: 0 });
            }
        }
        // Link the list in key order; the high sentinel keeps `next = 0`.
        let ordered: Vec<u64> = by_key.values().copied().collect();
        for pair in ordered.windows(2) {
            if let Some(leaf) = leaves.get_mut(&pair[0]) {
                leaf.next = pair[1];
            }
        }
        let seed = match layout {
            Layout::Dense => None,
            Layout::Scattered { seed, .. } => Some(seed),
        };
        let levels = alloc::vec![BTreeMap::new(); DEPTH + 1];
        let nodes = SparseNodes { levels, empty: empty_hashes(), filled, seed };
        let changed = leaves.keys().copied().collect();
        Ok(SparseTree { leaves, by_key, nodes, next_free: filled, changed, layout })
    }

    /// The layout the pre-state was placed by.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The value at `key`, if present.
    pub fn get(&self, key: &B256) -> Option<B256> {
        self.by_key.get(key).and_then(|i| self.leaves.get(i)).map(|l| l.value)
    }

    /// The index of the leaf holding `key`, if present.
    pub fn index_of(&self, key: &B256) -> Option<u64> {
        self.by_key.get(key).copied()
    }

    /// First unused index.
    pub fn next_free(&self) -> u64 {
        self.next_free
    }

    /// Sets `key` to `value`, inserting a leaf at the next free index (linked in key order) when it is new.
    pub fn set(&mut self, key: B256, value: B256) {
        if let Some(&i) = self.by_key.get(&key) {
            if let Some(leaf) = self.leaves.get_mut(&i) {
                leaf.value = value;
                self.changed.push(i);
            }
            return;
        }
        let index = self.next_free;
        let previous = self.by_key.range(..key).next_back().map(|(_, &i)| i).unwrap_or(0);
        let Some(prev_leaf) = self.leaves.get_mut(&previous) else { return };
        let next = prev_leaf.next;
        prev_leaf.next = index;
        self.leaves.insert(index, Leaf { key, value, next });
        self.by_key.insert(key, index);
        self.next_free += 1;
        // The previous leaf's link changed too.
        self.changed.extend([previous, index]);
    }

    /// Re-hashes the paths above the leaves changed since the last call.
    fn rebuild(&mut self) {
        if self.changed.is_empty() {
            return;
        }
        let mut dirty = core::mem::take(&mut self.changed);
        dirty.sort_unstable();
        dirty.dedup();
        let leaves: Vec<(u64, B256)> =
            dirty.iter().filter_map(|&i| self.leaves.get(&i).map(|leaf| (i, leaf.hash()))).collect();
        rehash(&mut self.nodes, &leaves);
    }

    /// The commitment (every stored node re-hashed from the leaves, for tests of the incremental update).
    #[doc(hidden)]
    pub fn commitment_from_scratch(&self) -> Commitment {
        let mut nodes = SparseNodes { levels: alloc::vec![BTreeMap::new(); DEPTH + 1], ..self.nodes.clone() };
        let leaves: Vec<(u64, B256)> = self.leaves.iter().map(|(&i, leaf)| (i, leaf.hash())).collect();
        rehash(&mut nodes, &leaves);
        Commitment { root: nodes.node(DEPTH, 0), next_free: self.next_free }
    }

    /// The commitment.
    pub fn commitment(&mut self) -> Commitment {
        self.rebuild();
        Commitment { root: self.nodes.node(DEPTH, 0), next_free: self.next_free }
    }

    /// The leaf at `index` with its path. An unused index gives the empty leaf; so does an index below the
    /// layout's filled part that holds none of our leaves, whose (unknown) leaf that proof does not prove.
    pub fn leaf_proof(&mut self, index: u64) -> LeafProof {
        self.rebuild();
        let leaf = self.leaves.get(&index).copied().unwrap_or_default();
        LeafProof { index, leaf, siblings: path(&self.nodes, index) }
    }

    /// Proof of what is at `key`.
    pub fn read_proof(&mut self, key: &B256) -> ReadProof {
        if let Some(&i) = self.by_key.get(key) {
            return ReadProof::Present(self.leaf_proof(i));
        }
        let previous = self.by_key.range(..*key).next_back().map(|(_, &i)| i).unwrap_or(0);
        let next = self.leaves.get(&previous).map_or(0, |l| l.next);
        ReadProof::Absent { previous: self.leaf_proof(previous), next: self.leaf_proof(next) }
    }
}

/// One map of stored nodes per height; an unstored position inside `[0, filled)` is a filler (it holds
/// none of our leaves, or it would be stored), one at or beyond it an empty subtree.
#[derive(Clone, Debug)]
struct SparseNodes {
    levels: Vec<BTreeMap<u64, B256>>,
    empty: [B256; DEPTH + 1],
    /// The pre-state's next free index.
    filled: u64,
    /// The fillers' seed (`None` for a dense layout, which has no unknown leaves).
    seed: Option<u64>,
}

impl Nodes for SparseNodes {
    fn node(&self, height: usize, index: u64) -> B256 {
        if let Some(hash) = self.levels.get(height).and_then(|level| level.get(&index)) {
            return *hash;
        }
        let first_leaf = u128::from(index) << height.min(DEPTH);
        match self.seed {
            Some(seed) if first_leaf < u128::from(self.filled) => filler(seed, height, index),
            _ => self.empty[height.min(DEPTH)],
        }
    }

    fn store(&mut self, height: usize, index: u64, hash: B256) {
        if let Some(level) = self.levels.get_mut(height) {
            level.insert(index, hash);
        }
    }
}
