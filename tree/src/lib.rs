//! The zkos state commitment: a binary Merkle tree of depth 64 hashed with Blake2s, filled left to right.
//!
//! Each leaf is `(key, value, next_index)`; leaves form a linked list sorted by key between two sentinels
//! (key `0x00…00` at index 0 and `0xff…ff` at index 1), so absence is provable: the neighbour whose `next`
//! skips over a key proves the key is not there. The commitment is `(root, next_free_index)`.
//!
//! - [`FullTree`]: the whole tree, kept by forward mode; it answers reads with proofs and applies a block.
//!   [`FullTree::from_leaves`] rebuilds one from its leaves (a store's tree, or a prefix of it: the tree as it
//!   was before later insertions).
//! - [`SparseTree`]: a forward tree storing only its own leaves' paths, whose pre-state a [`Layout`] places:
//!   densely like [`FullTree`], or scattered among `2^B` occupied leaves it does not know, so that proofs
//!   cost what a real chain's state costs. Forward mode uses either through [`StateTree`].
//! - [`PartialTree`]: what proving mode builds from verified proofs; it applies the same block and
//!   recomputes the root without ever seeing the whole tree.
//! - [`keys`]: how state maps to tree keys and values.
//!
//! # Example
//!
//! Two trees given the same writes in the same order commit alike; the order places the leaves, so it is
//! part of the commitment. A [`PartialTree`] that knows only the commitment checks reads against it.
//!
//! ```
//! use zkos_tree::{keys, FullTree, PartialTree, ReadProof};
//! use primitives::{Address, B256, U256};
//!
//! let contract = Address::from_low_u64(0xc0de);
//! let (k1, k2) = (keys::storage_key(&contract, &U256::from(1u8)), keys::storage_key(&contract, &U256::from(2u8)));
//! let (v1, v2) = (B256([0x11; 32]), B256([0x22; 32]));
//!
//! let mut a = FullTree::new();
//! a.set(k1, v1);
//! a.set(k2, v2);
//! let mut b = FullTree::new();
//! b.set(k1, v1);
//! b.set(k2, v2);
//! let commitment = a.commitment();
//! assert_eq!(commitment, b.commitment());
//! assert_eq!(commitment.next_free, 4); // two sentinels, then the two leaves
//!
//! let mut swapped = FullTree::new();
//! swapped.set(k2, v2);
//! swapped.set(k1, v1);
//! assert_eq!(swapped.get(&k1), Some(v1));
//! assert_ne!(swapped.commitment().root, commitment.root);
//!
//! // Changing a value changes the root; setting it back restores it.
//! b.set(k2, B256([0x33; 32]));
//! assert_ne!(b.commitment(), commitment);
//! b.set(k2, v2);
//! assert_eq!(b.commitment(), commitment);
//!
//! // Proving mode: reads verified against the commitment alone, presence and absence alike.
//! let mut partial = PartialTree::new(commitment);
//! assert_eq!(partial.read(&k1, &a.read_proof(&k1)), Ok(Some(v1)));
//! let k3 = keys::storage_key(&contract, &U256::from(3u8));
//! let absent = a.read_proof(&k3);
//! assert!(matches!(absent, ReadProof::Absent { .. }));
//! assert_eq!(partial.read(&k3, &absent), Ok(None));
//! assert!(partial.read(&k2, &a.read_proof(&k1)).is_err()); // a proof of another key is refused
//! ```
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
pub use full::{FullTree, LeavesError};
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
