//! The whole tree, as forward mode keeps it: leaves in index order, a key index, and cached levels.
//!
//! Levels are updated incrementally: only the paths above leaves changed since the last commitment are
//! re-hashed. Leaves are appended at consecutive indexes, so the occupied part of each level is a dense
//! prefix and a block's writes cost about two node hashes each plus one per level above the prefix,
//! rather than a rebuild of the whole state.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use primitives::B256;

use crate::nodes::{path, rehash, Nodes};
use crate::{empty_hashes, node_hash, sentinels, Commitment, Leaf, LeafProof, ReadProof, DEPTH};

/// The complete tree.
#[derive(Clone, Debug)]
pub struct FullTree {
    leaves: Vec<Leaf>,
    by_key: BTreeMap<B256, u64>,
    levels: Levels,
    /// Leaves set since the levels were last brought up to date.
    changed: Vec<u64>,
}

impl Default for FullTree {
    fn default() -> Self {
        Self::new()
    }
}

impl FullTree {
    /// A tree holding only the sentinels.
    pub fn new() -> Self {
        let leaves = sentinels().to_vec();
        let by_key = leaves.iter().enumerate().map(|(i, l)| (l.key, i as u64)).collect();
        let levels = Levels { levels: Vec::new(), empty: empty_hashes() };
        FullTree { leaves, by_key, levels, changed: Vec::new() }
    }

    /// The tree whose leaf `i` holds `leaves[i]`'s key and value, with every `next` link recomputed (the
    /// given `next` fields are ignored).
    ///
    /// In a tree built by [`Self::set`] the list always runs through all keys in increasing order, from
    /// the `0x00…00` sentinel to the `0xff…ff` one (whose `next` is 0), so the links are a function of the
    /// keys. Hence the first `n` leaves of a tree with the values they had when the tree had `n` leaves
    /// give back exactly that earlier tree: the same commitment, proofs and later insertions, since leaves
    /// are only ever appended. Refused: fewer than two leaves, leaves 0 and 1 without the sentinels' keys,
    /// a key held twice.
    pub fn from_leaves(mut leaves: Vec<Leaf>) -> Result<Self, LeavesError> {
        let [low, high] = sentinels();
        if leaves.len() < 2 || leaves[0].key != low.key || leaves[1].key != high.key {
            return Err(LeavesError::MissingSentinels);
        }
        let mut by_key = BTreeMap::new();
        for (i, leaf) in leaves.iter().enumerate() {
            if by_key.insert(leaf.key, i as u64).is_some() {
                return Err(LeavesError::DuplicateKey(i as u64));
            }
        }
        let mut previous: Option<usize> = None;
        for &i in by_key.values() {
            if let Some(p) = previous {
                leaves[p].next = i;
            }
            previous = Some(i as usize);
        }
        // The largest key is the 0xff…ff sentinel: the list ends there.
        leaves[1].next = 0;
        let levels = Levels { levels: Vec::new(), empty: empty_hashes() };
        Ok(FullTree { leaves, by_key, levels, changed: Vec::new() })
    }

    /// The value at `key`, if present.
    pub fn get(&self, key: &B256) -> Option<B256> {
        self.by_key.get(key).map(|&i| self.leaves[i as usize].value)
    }

    /// First unused index.
    pub fn next_free(&self) -> u64 {
        self.leaves.len() as u64
    }

    /// Sets `key` to `value`, inserting a leaf (linked in key order) when the key is new.
    pub fn set(&mut self, key: B256, value: B256) {
        if let Some(&i) = self.by_key.get(&key) {
            self.leaves[i as usize].value = value;
            self.changed.push(i);
            return;
        }
        let index = self.leaves.len() as u64;
        let previous = self.by_key.range(..key).next_back().map(|(_, &i)| i).unwrap_or(0);
        let next = self.leaves[previous as usize].next;
        self.leaves[previous as usize].next = index;
        self.leaves.push(Leaf { key, value, next });
        self.by_key.insert(key, index);
        // The previous leaf's link changed too.
        self.changed.extend([previous, index]);
    }

    /// Brings the levels up to date: everything on first use, then only the changed paths.
    fn rebuild(&mut self) {
        if self.levels.levels.is_empty() {
            self.changed.clear();
            self.levels.levels = self.full_levels();
            return;
        }
        if self.changed.is_empty() {
            return;
        }
        let mut dirty = core::mem::take(&mut self.changed);
        dirty.sort_unstable();
        dirty.dedup();
        let leaves: Vec<(u64, B256)> =
            dirty.iter().filter_map(|&i| self.leaves.get(i as usize).map(|leaf| (i, leaf.hash()))).collect();
        rehash(&mut self.levels, &leaves);
    }

    /// All levels from the leaves up.
    fn full_levels(&self) -> Vec<Vec<B256>> {
        let empty = &self.levels.empty;
        let mut levels = Vec::with_capacity(DEPTH + 1);
        levels.push(self.leaves.iter().map(Leaf::hash).collect::<Vec<_>>());
        for d in 0..DEPTH {
            let below = &levels[d];
            let mut above = Vec::with_capacity(below.len().div_ceil(2));
            for pair in below.chunks(2) {
                let right = pair.get(1).copied().unwrap_or(empty[d]);
                above.push(node_hash(&pair[0], &right));
            }
            levels.push(above);
        }
        levels
    }

    /// The commitment (the root computed from scratch, for tests of the incremental update).
    #[doc(hidden)]
    pub fn commitment_from_scratch(&self) -> Commitment {
        let levels = self.full_levels();
        let root = levels[DEPTH].first().copied().unwrap_or(self.levels.empty[DEPTH]);
        Commitment { root, next_free: self.next_free() }
    }

    /// The commitment.
    pub fn commitment(&mut self) -> Commitment {
        self.rebuild();
        let root = self.levels.node(DEPTH, 0);
        Commitment { root, next_free: self.next_free() }
    }

    /// The leaf at `index` (an unused index gives the empty leaf) with its path.
    pub fn leaf_proof(&mut self, index: u64) -> LeafProof {
        self.rebuild();
        let leaf = self.leaves.get(index as usize).copied().unwrap_or_default();
        LeafProof { index, leaf, siblings: path(&self.levels, index) }
    }

    /// Proof of what is at `key`.
    pub fn read_proof(&mut self, key: &B256) -> ReadProof {
        if let Some(&i) = self.by_key.get(key) {
            return ReadProof::Present(self.leaf_proof(i));
        }
        let previous = self.by_key.range(..*key).next_back().map(|(_, &i)| i).unwrap_or(0);
        let next = self.leaves[previous as usize].next;
        ReadProof::Absent { previous: self.leaf_proof(previous), next: self.leaf_proof(next) }
    }
}

/// Why [`FullTree::from_leaves`] refused its leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeavesError {
    /// Fewer than two leaves, or leaves 0 and 1 do not hold the sentinels' keys (`0x00…00`, `0xff…ff`).
    MissingSentinels,
    /// The leaf at this index holds a key an earlier leaf holds.
    DuplicateKey(u64),
}

impl core::fmt::Display for LeavesError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::MissingSentinels => f.write_str("leaves 0 and 1 are not the sentinels"),
            Self::DuplicateKey(i) => write!(f, "leaf {i} repeats an earlier leaf's key"),
        }
    }
}

/// The dense levels: `levels[d]` holds the hashes of height `d` (0 = leaves) for the occupied prefix (no
/// levels at all before the first commitment or proof); everything beyond a prefix is an empty subtree.
#[derive(Clone, Debug)]
struct Levels {
    levels: Vec<Vec<B256>>,
    empty: [B256; DEPTH + 1],
}

impl Nodes for Levels {
    fn node(&self, height: usize, index: u64) -> B256 {
        let position = usize::try_from(index).ok();
        let stored = self.levels.get(height).zip(position).and_then(|(level, i)| level.get(i));
        stored.copied().unwrap_or(self.empty[height.min(DEPTH)])
    }

    /// Within the occupied prefix, or as its next node: the prefix grows by appends, and changed indexes are
    /// visited in order, so a new node is always the next one.
    fn store(&mut self, height: usize, index: u64, hash: B256) {
        let Some(level) = self.levels.get_mut(height) else { return };
        let index = index as usize;
        if index < level.len() {
            level[index] = hash;
        } else {
            level.push(hash);
        }
    }
}
