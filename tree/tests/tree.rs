//! The partial tree, fed with the full tree's proofs, must agree with the full tree on every root, and must
//! refuse forged proofs.

use primitives::B256;
use zkos_tree::{blake2s::blake2s, FullTree, PartialTree, ReadProof, TreeError};

fn key(n: u8) -> B256 {
    B256(blake2s(&[n]))
}

fn value(n: u8) -> B256 {
    B256([n; 32])
}

fn populated() -> FullTree {
    let mut tree = FullTree::new();
    for n in 0..20 {
        tree.set(key(n), value(n));
    }
    tree
}

#[test]
fn partial_tree_follows_full_tree() {
    let mut full = populated();
    let before = full.commitment();
    let mut partial = PartialTree::new(before);
    // Read three existing keys and two absent ones, as a block would.
    let read = [key(1), key(7), key(13), key(100), key(200)];
    for k in &read {
        let proof = full.read_proof(k);
        let got = partial.read(k, &proof).unwrap();
        assert_eq!(got, full.get(k));
    }
    // Write: update two, insert two (sorted by key, as blocks apply them).
    let mut writes = vec![(key(1), value(99)), (key(7), B256::ZERO), (key(100), value(100)), (key(200), value(201))];
    writes.sort();
    let inserts = partial.count_inserts(writes.iter().map(|(k, _)| k));
    assert_eq!(inserts, 2);
    let proofs: Vec<_> = (0..inserts).map(|n| full.leaf_proof(before.next_free + n)).collect();
    let after = partial.apply(&writes, &proofs).unwrap();
    for (k, v) in &writes {
        full.set(*k, *v);
    }
    assert_eq!(after, full.commitment());
    assert_eq!(after.next_free, before.next_free + 2);
}

#[test]
fn forged_proofs_are_refused() {
    let mut full = populated();
    let mut partial = PartialTree::new(full.commitment());
    let k = key(3);
    let ReadProof::Present(mut proof) = full.read_proof(&k) else { panic!("present") };
    proof.leaf.value = value(42);
    assert_eq!(partial.read(&k, &ReadProof::Present(proof.clone())), Err(TreeError::RootMismatch));
    proof.siblings.pop();
    assert_eq!(partial.read(&k, &ReadProof::Present(proof)), Err(TreeError::WrongKey).or(Err(TreeError::MalformedProof)));
    // An absence proof for a key that is present.
    let absent = full.read_proof(&key(150));
    assert_eq!(partial.read(&k, &absent), Err(TreeError::BadAbsenceProof));
    // A proof for another key.
    let other = full.read_proof(&key(4));
    assert_eq!(partial.read(&k, &other), Err(TreeError::WrongKey));
}

#[test]
fn incremental_commitments_equal_rebuilt_ones() {
    // Batches of updates and inserts (in random key order) between commitments, including proofs taken in
    // between, must give the root a rebuild from scratch gives.
    let mut tree = FullTree::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for batch in 0..40u64 {
        for _ in 0..(batch % 7) * 5 + 1 {
            let k = (next() % 300) as u8;
            let v = (next() % 250) as u8;
            let mut wide = [0u8; 32];
            wide[..8].copy_from_slice(&next().to_be_bytes());
            wide[31] = k;
            tree.set(if k.is_multiple_of(3) { key(k) } else { B256(wide) }, value(v));
        }
        if batch % 5 == 0 {
            let _ = tree.leaf_proof(0);
        }
        assert_eq!(tree.commitment(), tree.commitment_from_scratch(), "batch {batch}");
    }
    assert!(tree.next_free() > 150);
}
