//! `FullTree::from_leaves`: a tree rebuilt from its leaves, or from a prefix of a later tree's leaves with
//! the values of the time (the `next` links taken from the later tree, so they must be recomputed), is the
//! tree it was: the same commitment, the same proofs of every leaf and key, and the same tree after further
//! sets. Leaves that cannot be a tree are refused.

use primitives::B256;
use zkos_tree::{blake2s::blake2s, FullTree, Leaf, LeavesError};

fn key(n: u32) -> B256 {
    B256(blake2s(&n.to_le_bytes()))
}

fn value(n: u32) -> B256 {
    let mut out = [0u8; 32];
    out[28..].copy_from_slice(&(n + 1).to_be_bytes());
    B256(out)
}

fn leaves_of(tree: &mut FullTree) -> Vec<Leaf> {
    (0..tree.next_free()).map(|i| tree.leaf_proof(i).leaf).collect()
}

/// Batch `b`: new keys and updates (some to zero) of earlier keys, in a fixed pseudo-random mix.
fn batch(b: u32) -> Vec<(B256, B256)> {
    (0..12u32)
        .map(|j| {
            let n = b * 12 + j;
            match n % 4 {
                0 if b > 0 => (key(n / 3), B256::ZERO),
                1 if b > 0 => (key(n / 2), value(n)),
                _ => (key(n), value(n)),
            }
        })
        .collect()
}

#[test]
fn a_prefix_of_later_leaves_is_the_earlier_tree() {
    let mut tree = FullTree::new();
    let mut snapshots = vec![tree.clone()];
    for b in 0..10 {
        for (k, v) in batch(b) {
            tree.set(k, v);
        }
        snapshots.push(tree.clone());
    }
    let last = leaves_of(&mut tree);
    for (b, snapshot) in snapshots.iter_mut().enumerate() {
        let then = leaves_of(snapshot);
        // Keys by index from the last tree (append-only), values from then, links from the last tree.
        let prefix: Vec<Leaf> = last[..then.len()]
            .iter()
            .zip(&then)
            .map(|(later, earlier)| {
                assert_eq!(later.key, earlier.key, "leaf keys never move");
                Leaf { value: earlier.value, ..*later }
            })
            .collect();
        let mut rebuilt = FullTree::from_leaves(prefix).expect("a tree's leaves");
        assert_eq!(rebuilt.commitment(), snapshot.commitment(), "after batch {b}");
        assert_eq!(rebuilt.commitment(), rebuilt.commitment_from_scratch());
        for i in 0..then.len() as u64 + 2 {
            assert_eq!(rebuilt.leaf_proof(i), snapshot.leaf_proof(i), "batch {b} leaf {i}");
        }
        for n in 0..140 {
            assert_eq!(rebuilt.read_proof(&key(n)), snapshot.read_proof(&key(n)), "batch {b} key {n}");
            assert_eq!(rebuilt.get(&key(n)), snapshot.get(&key(n)));
        }
        // Both go on the same way.
        for (k, v) in batch(b as u32 + 20) {
            rebuilt.set(k, v);
            snapshot.set(k, v);
        }
        assert_eq!(rebuilt.commitment(), snapshot.commitment(), "batch {b}, then more sets");
    }
}

#[test]
fn links_are_recomputed_whatever_is_given() {
    let mut tree = FullTree::new();
    for n in 0..50 {
        tree.set(key(n), value(n));
    }
    let scrambled: Vec<Leaf> = leaves_of(&mut tree).into_iter().map(|l| Leaf { next: 7, ..l }).collect();
    let mut rebuilt = FullTree::from_leaves(scrambled).expect("leaves");
    assert_eq!(rebuilt.commitment(), tree.commitment());
    assert_eq!(FullTree::from_leaves(leaves_of(&mut FullTree::new())).expect("sentinels").commitment(), FullTree::new().commitment());
}

#[test]
fn leaves_that_are_no_tree_are_refused() {
    let mut tree = FullTree::new();
    for n in 0..5 {
        tree.set(key(n), value(n));
    }
    let leaves = leaves_of(&mut tree);
    assert_eq!(FullTree::from_leaves(Vec::new()).err(), Some(LeavesError::MissingSentinels));
    assert_eq!(FullTree::from_leaves(leaves[..1].to_vec()).err(), Some(LeavesError::MissingSentinels));
    let mut swapped = leaves.clone();
    swapped.swap(0, 1);
    assert_eq!(FullTree::from_leaves(swapped).err(), Some(LeavesError::MissingSentinels));
    let mut repeated = leaves.clone();
    repeated.push(leaves[3]);
    assert_eq!(FullTree::from_leaves(repeated).err(), Some(LeavesError::DuplicateKey(leaves.len() as u64)));
}
