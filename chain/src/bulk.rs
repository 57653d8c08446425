//! Building a whole tree at once (the genesis): the same leaves, links and root as inserting the entries
//! one by one into `tree::FullTree`, computed level by level in memory and then written to the store in
//! key order.
//!
//! Inserting one by one would cost a neighbour search and a 64-level path per entry; here each leaf is
//! placed once, the linked list comes from one sort by key, and every node is hashed exactly once (the
//! leaf level on all cores), so a state of millions of entries takes seconds.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use primitives::B256;
use tree::{empty_hashes, node_hash, sentinels, Commitment, Leaf, DEPTH};

use crate::error::Result;
use crate::state_tree::{TreeTables, STORED_FROM};
use crate::tables::{encode_leaf, node_key};

/// A tree built in memory: leaves by index and the node hashes of heights 1..=64.
pub(crate) struct BuiltTree {
    leaves: Vec<Leaf>,
    /// `levels[h - 1]` holds height `h`'s occupied prefix.
    levels: Vec<Vec<B256>>,
}

impl BuiltTree {
    /// The tree holding the sentinels and then `entries` set in order (a repeated key keeps its first
    /// index and takes the later value, as `FullTree::set` does).
    pub(crate) fn build(entries: &[(B256, B256)], threads: usize) -> Self {
        let mut leaves: Vec<Leaf> = sentinels().to_vec();
        let mut index: HashMap<B256, u64> = HashMap::with_capacity(entries.len() + 2);
        for (i, leaf) in leaves.iter().enumerate() {
            index.insert(leaf.key, i as u64);
        }
        for (key, value) in entries {
            match index.entry(*key) {
                Entry::Occupied(at) => leaves[*at.get() as usize].value = *value,
                Entry::Vacant(slot) => {
                    slot.insert(leaves.len() as u64);
                    leaves.push(Leaf { key: *key, value: *value, next: 0 });
                }
            }
        }
        drop(index);
        // The list runs through the keys in order; the 0xff…ff sentinel ends it, pointing back to 0.
        let mut order: Vec<(B256, u64)> = leaves.iter().enumerate().map(|(i, l)| (l.key, i as u64)).collect();
        order.sort_unstable();
        for pair in order.windows(2) {
            leaves[pair[0].1 as usize].next = pair[1].1;
        }
        if let Some(&(_, last)) = order.last() {
            leaves[last as usize].next = 0;
        }
        drop(order);
        let levels = hash_levels(&leaves, threads);
        BuiltTree { leaves, levels }
    }

    /// The tree over `leaves` as they are (their links taken as given): to recompute a stored tree's root
    /// from its leaves alone.
    pub(crate) fn from_leaves(leaves: Vec<Leaf>, threads: usize) -> Self {
        let levels = hash_levels(&leaves, threads);
        BuiltTree { leaves, levels }
    }

    /// The commitment.
    pub(crate) fn commitment(&self) -> Commitment {
        let root = self.levels.get(DEPTH - 1).and_then(|l| l.first()).copied().unwrap_or(empty_hashes()[DEPTH]);
        Commitment { root, next_free: self.leaves.len() as u64 }
    }

    /// Writes leaves, the key index (in key order, so redb appends) and every stored node (heights
    /// `STORED_FROM..=64`).
    pub(crate) fn write(&self, tables: &mut TreeTables<'_>) -> Result<()> {
        for (i, leaf) in self.leaves.iter().enumerate() {
            tables.leaves.insert(i as u64, &encode_leaf(leaf))?;
        }
        // Walking the linked list from sentinel 0 visits the keys in increasing order.
        let mut at = 0u64;
        for _ in 0..self.leaves.len() {
            let leaf = &self.leaves[at as usize];
            tables.index.insert(&leaf.key.0, at)?;
            at = leaf.next;
            if at == 0 {
                break;
            }
        }
        for (h, level) in self.levels.iter().enumerate().skip(STORED_FROM - 1) {
            for (i, hash) in level.iter().enumerate() {
                tables.nodes.insert(&node_key(h + 1, i as u64), &hash.0)?;
            }
        }
        Ok(())
    }
}

/// Heights 1..=64 above `leaves`: each node hashed once, a missing right child an empty subtree.
fn hash_levels(leaves: &[Leaf], threads: usize) -> Vec<Vec<B256>> {
    let empty = empty_hashes();
    let leaf_hashes = parallel_map(leaves, threads, Leaf::hash);
    let mut levels: Vec<Vec<B256>> = Vec::with_capacity(DEPTH);
    for height in 0..DEPTH {
        let below: &[B256] = if height == 0 { &leaf_hashes } else { &levels[height - 1] };
        if below.len() <= 1 {
            // Every higher level is the single node over this one and empty siblings.
            let mut node = below.first().copied().unwrap_or(empty[height]);
            for empty_sibling in &empty[height..DEPTH] {
                node = node_hash(&node, empty_sibling);
                levels.push(vec![node]);
            }
            break;
        }
        let pairs: Vec<&[B256]> = below.chunks(2).collect();
        let above = parallel_map(&pairs, threads, |pair| node_hash(&pair[0], pair.get(1).unwrap_or(&empty[height])));
        levels.push(above);
    }
    levels
}

/// `items.map(f)` on up to `threads` threads (worth it for the leaf level of a big state).
fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() < 4096 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())).collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part),
                // A hashing thread cannot fail short of a bug; recompute its part here rather than panic.
                Err(_) => return items.iter().map(f).collect(),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_match_full_tree() {
        for n in [0usize, 1, 2, 3, 7, 64, 1000, 5000] {
            let entries: Vec<(B256, B256)> = (0..n as u64)
                .map(|i| (B256(tree::blake2s::blake2s(&i.to_le_bytes())), B256::from_word(&primitives::U256::from(i + 1))))
                .collect();
            let mut full = tree::FullTree::new();
            for (k, v) in &entries {
                full.set(*k, *v);
            }
            let built = BuiltTree::build(&entries, 2);
            assert_eq!(built.commitment(), full.commitment(), "{n} entries");
        }
    }
}
