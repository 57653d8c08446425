//! Where a pre-state's leaves sit in a [`crate::SparseTree`], and what stands for the leaves it does not know.
//!
//! [`Layout::Dense`] places them as [`crate::FullTree`] does: at 2, 3, … in insertion order. A
//! [`Layout::Scattered`] tree stands for a real chain's state: `2^log2_filled` leaves are occupied (so
//! `next_free = 2^log2_filled`), but only ours are known. Each of ours sits at a pseudo-random index in
//! `[2, 2^log2_filled)` drawn from the seed and its key, so every read pays a full-size Merkle path. Every
//! subtree inside `[0, 2^log2_filled)` holding none of ours is a *filler*, a pseudo-random hash of the seed
//! and its position standing for the other accounts' leaves; subtrees at or beyond `next_free` are empty, so
//! blocks insert at `next_free, next_free + 1, …` exactly as in a dense tree.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::fmt;

use primitives::B256;

use crate::blake2s::blake2s;

/// The usual size of a scattered pre-state: `2^30` occupied leaves, about a billion, as on a real chain.
pub const DEFAULT_LOG2_FILLED: u8 = 30;

/// Draws that may collide with taken indexes before a key falls back to the next free index after its last
/// draw (so placement always ends; at real sizes a second draw is already rare).
const DRAWS: u32 = 64;

/// How a [`crate::SparseTree`] places its pre-state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// At 2, 3, … in insertion order, `next_free` just after them: exactly the tree [`crate::FullTree`]
    /// builds by inserting the same entries.
    #[default]
    Dense,
    /// Among `2^log2_filled` occupied leaves, ours at pseudo-random indexes, the rest fillers.
    Scattered {
        /// `B`: the tree holds `2^B` leaves before the block (`1 ≤ B ≤ 63`).
        log2_filled: u8,
        /// Picks the indexes and the fillers: the same state and seed always give the same tree.
        seed: u64,
    },
}

impl Layout {
    /// [`Layout::Scattered`] over `2^`[`DEFAULT_LOG2_FILLED`] leaves.
    pub const fn scattered(seed: u64) -> Self {
        Layout::Scattered { log2_filled: DEFAULT_LOG2_FILLED, seed }
    }
}

/// A state a layout cannot hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// `log2_filled` outside `1..=63`.
    BadSize(u8),
    /// More leaves (besides the sentinels) than `[2, 2^log2_filled)` has room for.
    TooManyLeaves {
        /// Leaves to place.
        leaves: u64,
        /// Indexes available.
        capacity: u64,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadSize(b) => write!(f, "a scattered tree holds 2^1 to 2^63 leaves, not 2^{b}"),
            Self::TooManyLeaves { leaves, capacity } => {
                write!(f, "{leaves} leaves do not fit the {capacity} free indexes of the layout")
            }
        }
    }
}

/// The indexes of `keys` (distinct, none a sentinel's, in insertion order) and the pre-state's `next_free`.
pub(crate) fn place(layout: &Layout, keys: &[B256]) -> Result<(Vec<u64>, u64), LayoutError> {
    let count = keys.len() as u64;
    let (log2_filled, seed) = match *layout {
        Layout::Dense => return Ok(((2..2 + count).collect(), 2 + count)),
        Layout::Scattered { log2_filled, seed } => (log2_filled, seed),
    };
    if !(1..=63).contains(&log2_filled) {
        return Err(LayoutError::BadSize(log2_filled));
    }
    let filled = 1u64 << log2_filled;
    if count > filled - 2 {
        return Err(LayoutError::TooManyLeaves { leaves: count, capacity: filled - 2 });
    }
    // Collisions are resolved in key order, so the result depends on the keys, not on how they came.
    let mut sorted: Vec<(B256, usize)> = keys.iter().enumerate().map(|(n, k)| (*k, n)).collect();
    sorted.sort_unstable();
    let mut taken = BTreeSet::new();
    let mut indexes = alloc::vec![0; keys.len()];
    for (key, n) in sorted {
        let index = draw(seed, filled, &key, &taken);
        taken.insert(index);
        if let Some(slot) = indexes.get_mut(n) {
            *slot = index;
        }
    }
    Ok((indexes, filled))
}

/// A free index in `[2, filled)` for `key` (one exists: the caller checked the capacity).
fn draw(seed: u64, filled: u64, key: &B256, taken: &BTreeSet<u64>) -> u64 {
    let mut candidate = 2;
    for attempt in 0..DRAWS {
        candidate = candidate_index(seed, key, attempt) & (filled - 1);
        if candidate >= 2 && !taken.contains(&candidate) {
            return candidate;
        }
    }
    // The next free index after the last draw, wrapping past the end to 2.
    let mut index = candidate.max(2);
    while taken.contains(&index) {
        index = if index + 1 >= filled { 2 } else { index + 1 };
    }
    index
}

/// Draw `attempt` for `key`: the first 8 bytes of `blake2s("zkos/pos" ‖ seed ‖ key ‖ attempt)`.
fn candidate_index(seed: u64, key: &B256, attempt: u32) -> u64 {
    let mut buf = [0u8; 52];
    buf[..8].copy_from_slice(b"zkos/pos");
    buf[8..16].copy_from_slice(&seed.to_le_bytes());
    buf[16..48].copy_from_slice(&key.0);
    buf[48..].copy_from_slice(&attempt.to_le_bytes());
    let digest = blake2s(&buf);
    let mut low = [0u8; 8];
    low.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(low)
}

/// The hash standing for the unknown subtree at `(height, index)`: `blake2s("zkos/fil" ‖ seed ‖ height ‖
/// index)`. Its children are never needed: a filler holds none of the known leaves, so no path runs through it.
pub(crate) fn filler(seed: u64, height: usize, index: u64) -> B256 {
    let mut buf = [0u8; 28];
    buf[..8].copy_from_slice(b"zkos/fil");
    buf[8..16].copy_from_slice(&seed.to_le_bytes());
    buf[16..20].copy_from_slice(&(height as u32).to_le_bytes());
    buf[20..].copy_from_slice(&index.to_le_bytes());
    B256(blake2s(&buf))
}

/// Entries in insertion order of their first appearance, each with its last value (what inserting them one
/// by one with `set` leaves).
pub(crate) fn dedup(entries: impl IntoIterator<Item = (B256, B256)>) -> (Vec<B256>, BTreeMap<B256, B256>) {
    let mut order = Vec::new();
    let mut values = BTreeMap::new();
    for (key, value) in entries {
        if values.insert(key, value).is_none() {
            order.push(key);
        }
    }
    (order, values)
}
