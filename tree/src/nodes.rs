//! The hashing both forward trees share: re-hashing the paths above changed leaves, and reading a leaf's
//! Merkle path. Each tree only says where its nodes live ([`Nodes`]): the dense tree in per-level vectors,
//! the sparse one in per-level maps with fillers for the subtrees it does not know.

use alloc::vec::Vec;

use primitives::B256;

use crate::{node_hash, DEPTH};

/// Where a forward tree keeps its node hashes (height 0 = leaf hashes, [`DEPTH`] = the root).
pub(crate) trait Nodes {
    /// The hash at `(height, index)`: a stored node, or what an unstored position stands for (an empty
    /// subtree, or a filler for unknown leaves).
    fn node(&self, height: usize, index: u64) -> B256;

    /// Stores the hash at `(height, index)`. [`rehash`] stores the nodes of one height in increasing index
    /// order, before any node of the height above.
    fn store(&mut self, height: usize, index: u64, hash: B256);
}

/// Stores `leaves` (`(index, leaf hash)`, sorted by index, each index once) and re-hashes every node above
/// them, each once: about one compression per changed node.
pub(crate) fn rehash(nodes: &mut impl Nodes, leaves: &[(u64, B256)]) {
    let mut dirty: Vec<u64> = Vec::with_capacity(leaves.len());
    for &(index, hash) in leaves {
        nodes.store(0, index, hash);
        dirty.push(index);
    }
    for height in 0..DEPTH {
        // Parents of the nodes changed at `height`, in order, each once.
        for i in dirty.iter_mut() {
            *i >>= 1;
        }
        dirty.dedup();
        for &parent in &dirty {
            let hash = node_hash(&nodes.node(height, 2 * parent), &nodes.node(height, 2 * parent + 1));
            nodes.store(height + 1, parent, hash);
        }
    }
}

/// The sibling hashes of the path from leaf `index` to the root, leaf level first ([`DEPTH`] of them).
pub(crate) fn path(nodes: &impl Nodes, index: u64) -> Vec<B256> {
    (0..DEPTH).map(|height| nodes.node(height, (index >> height) ^ 1)).collect()
}
