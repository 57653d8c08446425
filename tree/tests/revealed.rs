//! Proofs cut short by `Revealed` (what forward mode writes on the tape) verify exactly like full ones, give
//! the same values and the same new root, cost fewer hashes, and a cut that stops below anything revealed, or
//! a forged sibling under a revealed node, is refused.

use primitives::B256;
use zkos_tree::{blake2s::blake2s, FullTree, PartialTree, ReadProof, Revealed, TreeError, DEPTH};

fn key(n: u8) -> B256 {
    B256(blake2s(&[n]))
}

fn populated() -> FullTree {
    let mut tree = FullTree::new();
    for n in 0..40 {
        tree.set(key(n), B256([n; 32]));
    }
    tree
}

fn siblings(proof: &ReadProof) -> usize {
    match proof {
        ReadProof::Present(p) => p.siblings.len(),
        ReadProof::Absent { previous, next } => previous.siblings.len() + next.siblings.len(),
    }
}

#[test]
fn trimmed_proofs_read_and_apply_like_full_ones() {
    let mut full = populated();
    let before = full.commitment();
    let (mut trimmed, mut untrimmed) = (PartialTree::new(before), PartialTree::new(before));
    let mut revealed = Revealed::default();
    let reads = [key(1), key(7), key(1), key(13), key(100), key(200), key(39)];
    let mut carried = Vec::new();
    for k in &reads {
        let proof = full.read_proof(k);
        let mut cut = proof.clone();
        revealed.trim_read(&mut cut);
        carried.push(siblings(&cut));
        assert_eq!(trimmed.read(k, &cut), untrimmed.read(k, &proof), "same answer");
        assert_eq!(trimmed.read(k, &cut).ok().flatten(), full.get(k));
    }
    // The first read carries the whole path; re-reading key 1 carries nothing; the rest meet revealed paths low.
    assert_eq!(carried[0], DEPTH);
    assert_eq!(carried[2], 0);
    assert!(carried[1..].iter().all(|&n| n < 8), "{carried:?}");

    let mut writes = vec![(key(1), B256([9; 32])), (key(100), B256([1; 32])), (key(200), B256([2; 32]))];
    writes.sort();
    let proofs: Vec<_> = (0..2).map(|n| full.leaf_proof(before.next_free + n)).collect();
    let mut cut_proofs = proofs.clone();
    cut_proofs.iter_mut().for_each(|p| revealed.trim(p));
    assert!(cut_proofs.iter().all(|p| p.siblings.len() < DEPTH));
    let after = trimmed.apply(&writes, &cut_proofs).expect("trimmed insertion proofs");
    assert_eq!(Ok(after), untrimmed.apply(&writes, &proofs));
    for (k, v) in &writes {
        full.set(*k, *v);
    }
    assert_eq!(after, full.commitment());
}

#[test]
fn forged_or_misplaced_cuts_are_refused() {
    let mut full = populated();
    let mut partial = PartialTree::new(full.commitment());
    let mut revealed = Revealed::default();
    let mut first = full.read_proof(&key(3));
    revealed.trim_read(&mut first);
    partial.read(&key(3), &first).expect("honest first read");

    let ReadProof::Present(mut next) = full.read_proof(&key(30)) else { panic!("present") };
    let mut cut = next.clone();
    revealed.trim(&mut cut);
    assert!(!cut.siblings.is_empty() && cut.siblings.len() < DEPTH);
    // One sibling fewer stops below any revealed node.
    let mut short = cut.clone();
    short.siblings.pop();
    assert_eq!(partial.read(&key(30), &ReadProof::Present(short)), Err(TreeError::MalformedProof));
    // A forged sibling under the revealed node.
    let mut forged = cut.clone();
    forged.siblings[0].0[0] ^= 1;
    assert_eq!(partial.read(&key(30), &ReadProof::Present(forged)), Err(TreeError::RootMismatch));
    // A full-length proof still verifies against the root, and the honest cut against the revealed node.
    next.siblings.truncate(DEPTH);
    assert_eq!(partial.read(&key(30), &ReadProof::Present(next)), Ok(full.get(&key(30))));
    assert_eq!(partial.read(&key(30), &ReadProof::Present(cut)), Ok(full.get(&key(30))));
}
