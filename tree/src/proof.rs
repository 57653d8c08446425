//! Proofs of reads: a leaf with its sibling hashes, or for an absent key the two neighbours around it; and
//! [`Revealed`], which cuts a block's proofs short where they meet a path an earlier proof revealed.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use crate::{Leaf, DEPTH};
use primitives::B256;

/// A leaf at an index with its Merkle path (siblings from the leaf level up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafProof {
    /// Leaf index.
    pub index: u64,
    /// The leaf.
    pub leaf: Leaf,
    /// Sibling hashes, leaf level first: `DEPTH` of them up to the root, or fewer up to a node the verifier
    /// already holds (see [`crate::PartialTree::verify`]).
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

/// The tree positions `(height, index)` a block's proofs have revealed so far, tracked exactly as
/// [`crate::PartialTree::verify`] records them. Forward mode trims each proof it writes with the same set, so
/// both sides agree on where every proof stops without any hashing: a proof stops at the lowest position on
/// its path that is already revealed.
#[derive(Clone, Debug, Default)]
pub struct Revealed(BTreeSet<(u8, u64)>);

impl Revealed {
    /// Cuts `proof` at the lowest revealed position on its path and records the positions it reveals.
    pub fn trim(&mut self, proof: &mut LeafProof) {
        let top = (0..DEPTH).find(|&d| self.0.contains(&(d as u8, proof.index >> d))).unwrap_or(DEPTH);
        proof.siblings.truncate(top);
        for d in 0..proof.siblings.len() {
            let i = proof.index >> d;
            self.0.insert((d as u8, i));
            self.0.insert((d as u8, i ^ 1));
        }
    }

    /// [`Revealed::trim`] for a read proof (an absence proof's lower neighbour first, as it is verified).
    pub fn trim_read(&mut self, proof: &mut ReadProof) {
        match proof {
            ReadProof::Present(p) => self.trim(p),
            ReadProof::Absent { previous, next } => {
                self.trim(previous);
                self.trim(next);
            }
        }
    }
}
