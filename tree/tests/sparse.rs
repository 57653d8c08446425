//! The sparse forward tree: laid out densely it is exactly the full tree; scattered among `2^B` leaves it is
//! deterministic, places and fills exactly as documented, its proofs verify in the partial tree before and
//! after insertions, and its paths stay long.

use primitives::B256;
use zkos_tree::blake2s::blake2s;
use zkos_tree::{
    empty_hashes, node_hash, sentinels, FullTree, Layout, LayoutError, Leaf, PartialTree, ReadProof, Revealed,
    SparseTree, DEPTH,
};

fn key(n: u32) -> B256 {
    B256(blake2s(&n.to_le_bytes()))
}

fn value(n: u32) -> B256 {
    B256(blake2s(&(n ^ 0xdead_beef).to_le_bytes()))
}

/// Entries as a genesis would give them, with one key repeated and one sentinel key set.
fn entries(n: u32) -> Vec<(B256, B256)> {
    let mut out: Vec<_> = (0..n).map(|i| (key(i), value(i))).collect();
    out.push((key(3), value(1000)));
    out.push((B256([0xff; 32]), value(1001)));
    out
}

fn scattered(log2_filled: u8, seed: u64) -> Layout {
    Layout::Scattered { log2_filled, seed }
}

/// `blake2s("zkos/fil" ‖ seed ‖ height u32 ‖ index u64)`, as documented.
fn filler(seed: u64, height: u32, index: u64) -> B256 {
    let mut buf = b"zkos/fil".to_vec();
    buf.extend_from_slice(&seed.to_le_bytes());
    buf.extend_from_slice(&height.to_le_bytes());
    buf.extend_from_slice(&index.to_le_bytes());
    B256(blake2s(&buf))
}

/// The first draw for `key`: `blake2s("zkos/pos" ‖ seed ‖ key ‖ 0u32)`, low 8 bytes, masked to `B` bits.
fn first_draw(seed: u64, log2_filled: u8, key: &B256) -> u64 {
    let mut buf = b"zkos/pos".to_vec();
    buf.extend_from_slice(&seed.to_le_bytes());
    buf.extend_from_slice(&key.0);
    buf.extend_from_slice(&0u32.to_le_bytes());
    let digest = blake2s(&buf);
    u64::from_le_bytes(digest[..8].try_into().expect("8 bytes")) & ((1 << log2_filled) - 1)
}

/// The root above `node` at `(height, index)` when every other subtree on the way up is empty.
fn lift(mut node: B256, height: usize, mut index: u64) -> B256 {
    for empty in &empty_hashes()[height..DEPTH] {
        node = if index & 1 == 0 { node_hash(&node, empty) } else { node_hash(empty, &node) };
        index >>= 1;
    }
    node
}

#[test]
fn dense_layout_is_the_full_tree() {
    let mut full = FullTree::new();
    for (k, v) in entries(60) {
        full.set(k, v);
    }
    let mut sparse = SparseTree::new(Layout::Dense, entries(60)).expect("dense");
    assert_eq!(sparse.next_free(), 62);
    assert_eq!(sparse.commitment(), full.commitment());
    assert_eq!(sparse.get(&key(3)), Some(value(1000)));
    for k in [key(0), key(3), key(59), key(60), key(500), B256::ZERO, B256([0xff; 32])] {
        assert_eq!(sparse.read_proof(&k), full.read_proof(&k));
    }
    assert_eq!(sparse.leaf_proof(62), full.leaf_proof(62));
    // Batches of updates and inserts, with proofs in between: the same roots all along.
    for batch in 0..12u32 {
        for i in 0..batch * 3 + 1 {
            let (k, v) = (key(40 + batch * 7 + i), value(batch * 100 + i));
            full.set(k, v);
            sparse.set(k, v);
        }
        assert_eq!(sparse.leaf_proof(batch as u64), full.leaf_proof(batch as u64));
        assert_eq!(sparse.commitment(), full.commitment(), "batch {batch}");
        assert_eq!(sparse.commitment(), sparse.commitment_from_scratch(), "batch {batch}");
    }
}

#[test]
fn scattered_trees_are_deterministic_and_seeded() {
    let layout = Layout::scattered(7);
    let mut a = SparseTree::new(layout, entries(200)).expect("fits");
    let mut reversed = entries(200);
    reversed.reverse();
    // Reversed, key 3's first value comes last: give it the same final value.
    reversed.retain(|(k, v)| *k != key(3) || *v == value(1000));
    let mut b = SparseTree::new(layout, reversed).expect("fits");
    let mut c = SparseTree::new(Layout::scattered(8), entries(200)).expect("fits");
    assert_eq!(a.commitment(), b.commitment(), "same state and seed, any order");
    assert_ne!(a.commitment().root, c.commitment().root, "another seed");
    assert_eq!(a.commitment().next_free, 1 << 30);
    assert_eq!(a.commitment(), a.commitment_from_scratch());
    let mut dense = SparseTree::new(Layout::Dense, entries(200)).expect("dense");
    assert_ne!(a.commitment().root, dense.commitment().root);
    // Each leaf sits at its key's first draw (no collisions among 200 keys in 2^30), distinct and in range.
    for i in 0..200 {
        let index = a.index_of(&key(i)).expect("present");
        assert_eq!(index, first_draw(7, 30, &key(i)), "key {i}");
        assert!((2..1 << 30).contains(&index));
        assert_eq!(a.index_of(&key(i)), b.index_of(&key(i)));
    }
    assert_eq!(a.index_of(&B256::ZERO), Some(0));
    assert_eq!(a.get(&B256([0xff; 32])), Some(value(1001)));
}

#[test]
fn scattered_roots_are_the_documented_ones() {
    // 2^1 leaves: only the sentinels, no filler: the empty full tree, byte for byte.
    let mut two = SparseTree::new(scattered(1, 5), []).expect("sentinels only");
    assert_eq!(two.commitment(), FullTree::new().commitment());
    // 2^2 leaves, no state: the sentinels' node and a filler at height 1, index 1.
    let [s0, s1] = sentinels();
    let pair = node_hash(&s0.hash(), &s1.hash());
    let root = lift(node_hash(&pair, &filler(5, 1, 1)), 2, 0);
    let mut four = SparseTree::new(scattered(2, 5), []).expect("sentinels only");
    assert_eq!(four.commitment().root, root);
    assert_eq!(four.next_free(), 4);
    // Three keys among 2^4, against the documented rule evaluated over the whole small tree.
    let keys = [key(1), key(2), key(3)];
    let mut sixteen = SparseTree::new(scattered(4, 5), keys.iter().map(|k| (*k, value(9)))).expect("fits");
    let mut known: Vec<(u64, B256)> = keys.iter().map(|k| (sixteen.index_of(k).expect("placed"), *k)).collect();
    known.sort_by_key(|(_, k)| *k);
    let mut leaves = vec![(0, Leaf { next: known[0].0, ..s0 }), (1, s1)];
    for (n, (index, k)) in known.iter().enumerate() {
        let next = known.get(n + 1).map_or(1, |(i, _)| *i);
        leaves.push((*index, Leaf { key: *k, value: value(9), next }));
    }
    let root = lift(reference(&leaves, 16, 5, 4, 0), 4, 0);
    assert_eq!(sixteen.commitment().root, root, "{known:?}");
}

/// The documented rule, evaluated directly: a subtree holding a known leaf hashes its children; one inside
/// `[0, filled)` without any is a filler; one beyond is empty.
fn reference(leaves: &[(u64, Leaf)], filled: u64, seed: u64, height: u32, index: u64) -> B256 {
    let (start, end) = (index << height, (index + 1) << height);
    if let Some((_, leaf)) = leaves.iter().find(|(i, _)| height == 0 && *i == index) {
        return leaf.hash();
    }
    if leaves.iter().any(|(i, _)| (start..end).contains(i)) {
        let left = reference(leaves, filled, seed, height - 1, 2 * index);
        let right = reference(leaves, filled, seed, height - 1, 2 * index + 1);
        return node_hash(&left, &right);
    }
    if start < filled { filler(seed, height, index) } else { empty_hashes()[height as usize] }
}

#[test]
fn layouts_refuse_what_they_cannot_hold() {
    let four = |n| SparseTree::new(scattered(2, 1), entries(n).into_iter().take(n as usize)).map(|_| ());
    assert_eq!(four(2), Ok(()));
    assert_eq!(four(3), Err(LayoutError::TooManyLeaves { leaves: 3, capacity: 2 }));
    assert_eq!(SparseTree::new(scattered(0, 1), []).map(|_| ()), Err(LayoutError::BadSize(0)));
    assert_eq!(SparseTree::new(scattered(64, 1), []).map(|_| ()), Err(LayoutError::BadSize(64)));
    // Filled to the last index: a permutation of 2..16, whatever the draws collide on.
    let full = SparseTree::new(scattered(4, 3), (0..14).map(|i| (key(i), value(i)))).expect("exactly full");
    let mut indexes: Vec<u64> = (0..14).map(|i| full.index_of(&key(i)).expect("placed")).collect();
    indexes.sort();
    assert_eq!(indexes, (2..16).collect::<Vec<_>>());
}

fn siblings(proof: &ReadProof) -> usize {
    match proof {
        ReadProof::Present(p) => p.siblings.len(),
        ReadProof::Absent { previous, next } => previous.siblings.len() + next.siblings.len(),
    }
}

#[test]
fn scattered_proofs_verify_and_stay_long_through_a_block() {
    let mut tree = SparseTree::new(Layout::scattered(11), entries(300)).expect("fits");
    let before = tree.commitment();
    let mut partial = PartialTree::new(before);
    let mut revealed = Revealed::default();
    let reads: Vec<B256> = [1, 50, 99, 120, 250, 299, 1, 5000, 5001].iter().map(|&i| key(i)).collect();
    let mut carried = Vec::new();
    for k in &reads {
        let mut proof = tree.read_proof(k);
        assert_eq!(siblings(&proof) % DEPTH, 0, "full paths before the cut");
        revealed.trim_read(&mut proof);
        carried.push(siblings(&proof));
        assert_eq!(partial.read(k, &proof), Ok(tree.get(k)), "{k:?}");
    }
    // The first read pays the whole path; a later one pays from its leaf to where it meets the block's
    // earlier paths, which for k earlier random leaves among 2^30 lies below height 30 - t with chance
    // at most k / 2^t: with 8 earlier reads, 20 levels at least (t = 10, under 1% each); re-reading costs nothing.
    eprintln!("siblings carried per read: {carried:?}");
    assert_eq!(carried[0], DEPTH);
    assert_eq!(carried[6], 0);
    assert!(carried.iter().enumerate().all(|(n, &c)| n == 6 || c >= 20), "{carried:?}");
    // Absent keys: two neighbours, both paths long.
    assert!(carried[7] >= 40 && carried[8] >= 20, "{carried:?}");

    // The block's writes: two updates, the two absent keys inserted at 2^30 and 2^30 + 1.
    let mut writes = vec![(key(1), value(7)), (key(120), B256::ZERO), (key(5000), value(8)), (key(5001), value(9))];
    writes.sort();
    let inserts = partial.count_inserts(writes.iter().map(|(k, _)| k));
    assert_eq!(inserts, 2);
    let mut proofs: Vec<_> = (0..inserts).map(|n| tree.leaf_proof(before.next_free + n)).collect();
    proofs.iter_mut().for_each(|p| revealed.trim(p));
    let after = partial.apply(&writes, &proofs).expect("insertion proofs verify");
    for (k, v) in &writes {
        tree.set(*k, *v);
    }
    assert_eq!(after, tree.commitment());
    assert_eq!(after.next_free, (1 << 30) + 2);
    assert_eq!(tree.commitment(), tree.commitment_from_scratch());
    assert_eq!(tree.index_of(&key(5000)).map(|i| i >> 1), Some(1 << 29), "inserted at next_free");

    // The next block reads the inserted leaves against the new root.
    let mut next = PartialTree::new(after);
    for k in [key(5000), key(5001), key(299)] {
        let proof = tree.read_proof(&k);
        assert_eq!(next.read(&k, &proof), Ok(tree.get(&k)));
    }
}
