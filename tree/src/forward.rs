//! [`StateTree`]: what forward mode asks of its tree (reads with proofs, the block's writes, the new
//! commitment), whether a [`FullTree`] or a [`SparseTree`] holds the state.

use primitives::B256;

use crate::{Commitment, FullTree, LeafProof, ReadProof, SparseTree};

/// A forward tree: the whole state (or, for a [`SparseTree`], the part of it forward mode knows).
pub trait StateTree {
    /// The value at `key`, if present.
    fn get(&self, key: &B256) -> Option<B256>;
    /// Sets `key` to `value`, inserting a leaf at the next free index when the key is new.
    fn set(&mut self, key: B256, value: B256);
    /// First unused index.
    fn next_free(&self) -> u64;
    /// The commitment (hashing only the paths changed since the last one).
    fn commitment(&mut self) -> Commitment;
    /// The leaf at `index` with its full path.
    fn leaf_proof(&mut self, index: u64) -> LeafProof;
    /// Proof of what is at `key` (full paths; [`crate::Revealed`] cuts them).
    fn read_proof(&mut self, key: &B256) -> ReadProof;
}

impl StateTree for FullTree {
    fn get(&self, key: &B256) -> Option<B256> {
        FullTree::get(self, key)
    }
    fn set(&mut self, key: B256, value: B256) {
        FullTree::set(self, key, value)
    }
    fn next_free(&self) -> u64 {
        FullTree::next_free(self)
    }
    fn commitment(&mut self) -> Commitment {
        FullTree::commitment(self)
    }
    fn leaf_proof(&mut self, index: u64) -> LeafProof {
        FullTree::leaf_proof(self, index)
    }
    fn read_proof(&mut self, key: &B256) -> ReadProof {
        FullTree::read_proof(self, key)
    }
}

impl StateTree for SparseTree {
    fn get(&self, key: &B256) -> Option<B256> {
        SparseTree::get(self, key)
    }
    fn set(&mut self, key: B256, value: B256) {
        SparseTree::set(self, key, value)
    }
    fn next_free(&self) -> u64 {
        SparseTree::next_free(self)
    }
    fn commitment(&mut self) -> Commitment {
        SparseTree::commitment(self)
    }
    fn leaf_proof(&mut self, index: u64) -> LeafProof {
        SparseTree::leaf_proof(self, index)
    }
    fn read_proof(&mut self, key: &B256) -> ReadProof {
        SparseTree::read_proof(self, key)
    }
}
