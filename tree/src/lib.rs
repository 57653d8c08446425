//! The zkos state commitment: a binary Merkle tree of depth 64 hashed with Blake2s, filled left to right.
//!
//! Each leaf is `(key, value, next_index)`; leaves form a linked list sorted by key between two sentinels
//! (key `0x00…00` at index 0 and `0xff…ff` at index 1), so absence is provable: the neighbour whose `next`
//! skips over a key proves the key is not there. The commitment is `(root, next_free_index)`.
//!
//! - [`FullTree`]: the whole tree, kept by forward mode; it answers reads with proofs and applies a block.
//! - [`SparseTree`]: a forward tree storing only its own leaves' paths, whose pre-state a [`Layout`] places:
//!   densely like [`FullTree`], or scattered among `2^B` occupied leaves it does not know, so that proofs
//!   cost what a real chain's state costs. Forward mode uses either through [`StateTree`].
//! - [`PartialTree`]: what proving mode builds from verified proofs; it applies the same block and
//!   recomputes the root without ever seeing the whole tree.
//! - [`keys`]: how state maps to tree keys and values.
#![no_std]

extern crate alloc;

pub mod blake2s;
#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
mod delegation;
mod forward;
mod full;
pub mod keys;
mod layout;
mod nodes;
mod partial;
mod proof;
mod sparse;

pub use forward::StateTree;
pub use full::FullTree;
pub use layout::{Layout, LayoutError, DEFAULT_LOG2_FILLED};
pub use sparse::SparseTree;
pub use partial::{PartialTree, TreeError};
pub use proof::{LeafProof, ReadProof, Revealed};

use primitives::B256;

/// Depth of the tree: leaf indexes are `u64`.
pub const DEPTH: usize = 64;

/// One leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Leaf {
    /// Tree key (a Blake2s hash of what it stands for).
    pub key: B256,
    /// Value.
    pub value: B256,
    /// Index of the leaf with the next larger key.
    pub next: u64,
}

impl Leaf {
    /// `blake2s(key ‖ value ‖ next as u64 little-endian)`.
    pub fn hash(&self) -> B256 {
        let mut buf = [0u8; 72];
        buf[..32].copy_from_slice(&self.key.0);
        buf[32..64].copy_from_slice(&self.value.0);
        buf[64..].copy_from_slice(&self.next.to_le_bytes());
        B256(blake2s::blake2s(&buf))
    }
}

/// `blake2s(left ‖ right)`: one compression.
pub fn node_hash(left: &B256, right: &B256) -> B256 {
    B256(blake2s::blake2s_pair(&left.0, &right.0))
}

/// Hashes of empty subtrees: `[0]` is an unused leaf (all-zero leaf), `[d]` a subtree of height `d`.
pub fn empty_hashes() -> [B256; DEPTH + 1] {
    let mut out = [B256::ZERO; DEPTH + 1];
    out[0] = Leaf::default().hash();
    for d in 1..=DEPTH {
        out[d] = node_hash(&out[d - 1], &out[d - 1]);
    }
    out
}

/// The state commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Commitment {
    /// Root hash.
    pub root: B256,
    /// First unused leaf index.
    pub next_free: u64,
}

/// The two sentinel leaves every tree starts with.
pub fn sentinels() -> [Leaf; 2] {
    [Leaf { key: B256::ZERO, value: B256::ZERO, next: 1 }, Leaf { key: B256([0xff; 32]), value: B256::ZERO, next: 0 }]
}
