//! Proofs of reads: a leaf with its 64 sibling hashes, or for an absent key the two neighbours around it.

use alloc::vec::Vec;

use crate::Leaf;
use primitives::B256;

/// A leaf at an index with its Merkle path (siblings from the leaf level up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafProof {
    /// Leaf index.
    pub index: u64,
    /// The leaf.
    pub leaf: Leaf,
    /// `DEPTH` sibling hashes, leaf level first.
    pub siblings: Vec<B256>,
}

/// The answer to "what is at this key?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProof {
    /// The key is in the tree.
    Present(LeafProof),
    /// The key is absent: `previous.key < key < next.key` and `previous.leaf.next == next.index`.
    Absent {
        /// The neighbour below.
        previous: LeafProof,
        /// The neighbour above.
        next: LeafProof,
    },
}
