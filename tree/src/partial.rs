//! The tree as proving mode sees it: only the nodes that verified proofs revealed. Reads are checked against
//! the pre-state root; a block's writes are applied and the new root recomputed from the revealed nodes.

use alloc::collections::{BTreeMap, BTreeSet};
use hashbrown::HashMap;
use alloc::vec::Vec;
use core::fmt;

use primitives::B256;

use crate::{node_hash, Commitment, Leaf, LeafProof, ReadProof, DEPTH};

/// A proof or write the partial tree refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeError {
    /// A path does not hash to the root.
    RootMismatch,
    /// A path of the wrong length.
    MalformedProof,
    /// The proven leaf holds another key.
    WrongKey,
    /// The neighbours of an absence proof do not bracket the key.
    BadAbsenceProof,
    /// A leaf beyond the free index that is not empty.
    NonEmptyFreeLeaf,
    /// A write to a key that no read proved (so its place in the list is unknown).
    UnprovenKey,
    /// A node needed to recompute the root was never revealed.
    MissingNode,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RootMismatch => "Merkle path does not match the state root",
            Self::MalformedProof => "malformed Merkle proof",
            Self::WrongKey => "proof is for another key",
            Self::BadAbsenceProof => "absence proof does not bracket the key",
            Self::NonEmptyFreeLeaf => "leaf beyond the free index is not empty",
            Self::UnprovenKey => "write to a key never proven",
            Self::MissingNode => "a node needed for the new root was never revealed",
        })
    }
}

/// Verified fragments of the tree.
#[derive(Clone, Debug)]
pub struct PartialTree {
    old: Commitment,
    /// Revealed nodes by (height, index). Looked up and inserted, never iterated: a hash map.
    nodes: HashMap<(u8, u64), B256>,
    leaves: HashMap<u64, Leaf>,
    by_key: BTreeMap<B256, u64>,
    absent: BTreeSet<B256>,
}

impl PartialTree {
    /// A partial tree for the pre-state `commitment`.
    pub fn new(commitment: Commitment) -> Self {
        PartialTree {
            old: commitment,
            nodes: HashMap::new(),
            leaves: HashMap::new(),
            by_key: BTreeMap::new(),
            absent: BTreeSet::new(),
        }
    }

    /// Verifies a leaf proof and records what it reveals. The proof's siblings run from the leaf up to a
    /// height `h = siblings.len()`: the path must hash to the root when `h` is the depth, and otherwise to
    /// the node at height `h` that an earlier proof revealed (every revealed node lies on a path already
    /// verified against the root, so it is as good as the root). Forward mode cuts each proof at the lowest
    /// revealed node ([`crate::Revealed`]), so a block pays for each path node once, not once per read.
    pub fn verify(&mut self, proof: &LeafProof) -> Result<(), TreeError> {
        let top = proof.siblings.len();
        if top > DEPTH {
            return Err(TreeError::MalformedProof);
        }
        if proof.index >= self.old.next_free && proof.leaf != Leaf::default() {
            return Err(TreeError::NonEmptyFreeLeaf);
        }
        let expected = if top == DEPTH {
            self.old.root
        } else {
            // A proof that stops below a node nobody revealed proves nothing.
            *self.nodes.get(&(top as u8, proof.index >> top)).ok_or(TreeError::MalformedProof)?
        };
        // Only as long as the proof (a zeroed 65-entry array cost more than the hashing of a short proof).
        let mut path = Vec::with_capacity(top + 1);
        let mut node = proof.leaf.hash();
        let mut i = proof.index;
        for sibling in &proof.siblings {
            let parent = if i & 1 == 0 { node_hash(&node, sibling) } else { node_hash(sibling, &node) };
            path.push(node);
            node = parent;
            i >>= 1;
        }
        if node != expected {
            return Err(TreeError::RootMismatch);
        }
        let mut i = proof.index;
        self.nodes.reserve(2 * top);
        for (d, sibling) in proof.siblings.iter().enumerate() {
            self.nodes.insert((d as u8, i), path[d]);
            self.nodes.insert((d as u8, i ^ 1), *sibling);
            i >>= 1;
        }
        if proof.index < self.old.next_free {
            self.leaves.insert(proof.index, proof.leaf);
            self.by_key.insert(proof.leaf.key, proof.index);
        }
        Ok(())
    }

    /// Verifies a read of `key`; returns its value (`None` when absent).
    pub fn read(&mut self, key: &B256, proof: &ReadProof) -> Result<Option<B256>, TreeError> {
        match proof {
            ReadProof::Present(p) => {
                if p.leaf.key != *key || p.index >= self.old.next_free {
                    return Err(TreeError::WrongKey);
                }
                self.verify(p)?;
                Ok(Some(p.leaf.value))
            }
            ReadProof::Absent { previous, next } => {
                let bracketed = previous.leaf.key < *key
                    && *key < next.leaf.key
                    && previous.leaf.next == next.index
                    && previous.index < self.old.next_free
                    && next.index < self.old.next_free;
                if !bracketed {
                    return Err(TreeError::BadAbsenceProof);
                }
                self.verify(previous)?;
                self.verify(next)?;
                self.absent.insert(*key);
                Ok(None)
            }
        }
    }

    /// The pre-block value of a key a read proved (zero when proven absent).
    pub fn old_value(&self, key: &B256) -> Result<B256, TreeError> {
        if let Some(i) = self.by_key.get(key) {
            return self.leaves.get(i).map(|l| l.value).ok_or(TreeError::UnprovenKey);
        }
        if self.absent.contains(key) {
            return Ok(B256::ZERO);
        }
        Err(TreeError::UnprovenKey)
    }

    /// The pre-state commitment.
    pub fn old_commitment(&self) -> Commitment {
        self.old
    }

    /// How many of `keys` are not yet in the tree (each needs an insertion proof).
    pub fn count_inserts<'a>(&self, keys: impl Iterator<Item = &'a B256>) -> u64 {
        keys.filter(|k| !self.by_key.contains_key(*k)).count() as u64
    }

    /// Applies writes sorted by key; `insert_proofs` are proofs of the empty leaves at
    /// `old.next_free, old.next_free + 1, …` (one per new key). Returns the new commitment. Call it once, after
    /// every read of the block: it updates the leaves but keeps the pre-state nodes.
    pub fn apply(&mut self, writes: &[(B256, B256)], insert_proofs: &[LeafProof]) -> Result<Commitment, TreeError> {
        for (n, proof) in insert_proofs.iter().enumerate() {
            if proof.index != self.old.next_free + n as u64 || proof.leaf != Leaf::default() {
                return Err(TreeError::MalformedProof);
            }
            self.verify(proof)?;
        }
        let mut next_free = self.old.next_free;
        let mut dirty: BTreeSet<u64> = BTreeSet::new();
        let mut inserted = 0usize;
        for (key, value) in writes {
            if let Some(&i) = self.by_key.get(key) {
                if let Some(leaf) = self.leaves.get_mut(&i) {
                    leaf.value = *value;
                    dirty.insert(i);
                }
                continue;
            }
            if inserted >= insert_proofs.len() {
                return Err(TreeError::MalformedProof);
            }
            inserted += 1;
            let previous = self.by_key.range(..*key).next_back().map(|(_, &i)| i).ok_or(TreeError::UnprovenKey)?;
            let prev_leaf = self.leaves.get_mut(&previous).ok_or(TreeError::UnprovenKey)?;
            let index = next_free;
            next_free += 1;
            let leaf = Leaf { key: *key, value: *value, next: prev_leaf.next };
            prev_leaf.next = index;
            self.leaves.insert(index, leaf);
            self.by_key.insert(*key, index);
            dirty.insert(previous);
            dirty.insert(index);
        }
        if inserted != insert_proofs.len() {
            return Err(TreeError::MalformedProof);
        }
        // Re-hash the dirty paths level by level, carrying each level's new nodes (sorted by index) up; the
        // other child of a pair comes from the revealed pre-state nodes. New nodes are not stored: nothing
        // reads them after the root (so `apply` is the block's last step).
        let mut level: Vec<(u64, B256)> = Vec::with_capacity(dirty.len());
        for i in dirty {
            level.push((i, self.leaves.get(&i).ok_or(TreeError::MissingNode)?.hash()));
        }
        for d in 0..DEPTH {
            let mut parents = Vec::with_capacity(level.len());
            let mut k = 0;
            while let Some(&(i, hash)) = level.get(k) {
                let sibling = |j: u64| self.nodes.get(&(d as u8, j)).copied().ok_or(TreeError::MissingNode);
                let parent = if i & 1 == 1 {
                    node_hash(&sibling(i - 1)?, &hash)
                } else if let Some(&(_, right)) = level.get(k + 1).filter(|(j, _)| *j == i + 1) {
                    k += 1;
                    node_hash(&hash, &right)
                } else {
                    node_hash(&hash, &sibling(i + 1)?)
                };
                parents.push((i >> 1, parent));
                k += 1;
            }
            level = parents;
        }
        let root = level.first().map_or(self.old.root, |(_, root)| *root);
        Ok(Commitment { root, next_free })
    }
}
