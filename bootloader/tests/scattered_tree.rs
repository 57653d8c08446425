//! Witnesses recorded over a scattered pre-state (`tree::Layout::Scattered`: our leaves at pseudo-random
//! indexes among `2^B` occupied ones) prove natively exactly like dense ones, give the same receipts and
//! insertions, are deterministic in the seed, and carry the long Merkle paths a real chain's state costs.

use primitives::{Address, U256};
use system_impl::StdAllocator;
use test_utils::{address_of, tx, Chain};
use tree::{Layout, LeafProof, ReadProof, DEPTH};
use zkos_bootloader::BlockOutput;
use zkos_bootloader::proving::{
    prove_block, run_with_witness, run_with_witness_in, Segment, SliceTape, TapeSource, WitnessedRun,
};

const TOKEN: Address = Address::from_low_u64(0x70C3);
const RECIPIENT: Address = Address::from_low_u64(0xBEEF);
/// Token holders besides the sender (each an account and a balance slot): a few hundred leaves, as today.
const HOLDERS: u64 = 150;

/// A token whose `transfer(to = word 0, amount = word 1)` moves `amount` from `balance[caller]` (slot
/// `caller`) to `balance[to]` (slot `to`): the storage reads and writes of an ERC-20 transfer.
fn token_code() -> Vec<u8> {
    vec![
        0x33, 0x54, // SLOAD(CALLER)
        0x60, 0x20, 0x35, 0x90, 0x03, // - CALLDATALOAD(32)
        0x33, 0x55, // SSTORE(CALLER, ·)
        0x5f, 0x35, 0x54, // SLOAD(CALLDATALOAD(0))
        0x60, 0x20, 0x35, 0x01, // + CALLDATALOAD(32)
        0x5f, 0x35, 0x55, // SSTORE(CALLDATALOAD(0), ·)
        0x00,
    ]
}

/// One token transfer to a fresh holder (its balance slot is absent, so the block inserts a leaf).
fn transfer_block() -> (Chain, Vec<Vec<u8>>) {
    let mut chain = Chain::default();
    chain.deploy(TOKEN, token_code());
    chain.store(TOKEN, address_of(0).to_word(), U256::from(1_000_000u32));
    for n in 0..HOLDERS {
        let holder = Address::from_low_u64(0x1_0000 + n);
        chain.fund(holder, U256::from(n + 1));
        chain.store(TOKEN, holder.to_word(), U256::from(n + 7));
    }
    let mut data = RECIPIENT.to_word().to_be_bytes::<32>().to_vec();
    data.extend_from_slice(&U256::from(250u32).to_be_bytes::<32>());
    (chain, vec![tx::call(0, 0, TOKEN, data, U256::ZERO, 100_000)])
}

fn witness(layout: Layout) -> WitnessedRun {
    let (chain, txs) = transfer_block();
    run_with_witness_in(layout, chain.block, chain.state, txs).expect("forward run")
}

/// Proving mode over the tape reproduces forward mode's commitments and public input.
fn assert_proves(w: &WitnessedRun) {
    let proven = prove_block::<_, StdAllocator>(SliceTape::new(&w.tape)).expect("proving run");
    assert_eq!((proven.pre, proven.post), (w.pre, w.post));
    assert_eq!(proven.public_input, w.public_input);
    assert_eq!(outcomes(&proven.output), outcomes(&w.run.output));
}

/// What each receipt says (status, gas, logs; proving mode does not hash transactions).
fn outcomes(output: &BlockOutput) -> Vec<String> {
    output.receipts.iter().map(|r| format!("{} {:?} {} {:?}", r.tx_index, r.status, r.gas_used, r.logs)).collect()
}

/// The leaf proofs on the tape, in order (each absence proof gives two).
fn leaf_proofs(w: &WitnessedRun) -> Vec<(Segment, LeafProof)> {
    let mut out = Vec::new();
    for &(kind, start, len) in &w.segments {
        let mut tape = SliceTape::new(&w.tape[start..start + len]);
        match kind {
            Segment::AccountProof | Segment::StorageProof => match tape.read_read_proof().expect("read proof") {
                ReadProof::Present(p) => out.push((kind, p)),
                ReadProof::Absent { previous, next } => out.extend([(kind, previous), (kind, next)]),
            },
            Segment::InsertionProofs => {
                while let Ok(p) = tape.read_leaf_proof() {
                    out.push((kind, p));
                }
            }
            _ => {}
        }
    }
    out
}

/// Compressions proving mode spends verifying the proofs: two per leaf hash (72 bytes), one per sibling.
fn proof_compressions(proofs: &[(Segment, LeafProof)]) -> usize {
    proofs.iter().map(|(_, p)| 2 + p.siblings.len()).sum()
}

#[test]
fn dense_layout_records_todays_witness() {
    let (chain, txs) = transfer_block();
    let today = run_with_witness(chain.block.clone(), chain.state.clone(), txs.clone()).expect("forward run");
    let dense = witness(Layout::Dense);
    assert_eq!(dense.tape, today.tape);
    assert_eq!(dense.public_input, today.public_input);
    // Sentinels, the token and its sender's slot, keys 0..4, the holders' accounts and slots.
    assert_eq!(dense.pre.next_free, 2 + 2 + 4 + 2 * HOLDERS);
}

#[test]
fn scattered_witnesses_prove_like_dense_ones() {
    let dense = witness(Layout::Dense);
    assert!(dense.run.output.receipts.iter().all(|r| r.success()));
    assert_proves(&dense);
    let inserted = dense.post.next_free - dense.pre.next_free;
    assert_eq!(inserted, 1, "the recipient's balance slot");
    let small = Layout::Scattered { log2_filled: 12, seed: 2 };
    let largest = Layout::Scattered { log2_filled: 63, seed: 3 };
    for layout in [Layout::scattered(1), small, largest] {
        let w = witness(layout);
        assert_proves(&w);
        let Layout::Scattered { log2_filled, .. } = layout else { unreachable!() };
        assert_eq!(w.pre.next_free, 1 << log2_filled);
        assert_eq!(w.post.next_free, w.pre.next_free + inserted, "inserted at next_free as in a dense tree");
        assert_eq!(outcomes(&w.run.output), outcomes(&dense.run.output));
        assert_eq!(w.run.post_state, dense.run.post_state);
        // Same answers in the same order; only the proofs differ.
        let kinds = |w: &WitnessedRun| w.segments.iter().map(|s| s.0).collect::<Vec<_>>();
        assert_eq!(kinds(&w), kinds(&dense));
    }
}

#[test]
fn scattered_witnesses_are_deterministic_in_the_seed() {
    let (a, b, c) = (witness(Layout::scattered(9)), witness(Layout::scattered(9)), witness(Layout::scattered(10)));
    assert_eq!(a.tape, b.tape);
    assert_eq!(a.public_input, b.public_input);
    assert_ne!(a.pre.root, c.pre.root);
    assert_ne!(a.public_input, c.public_input);
    assert_eq!(a.pre.next_free, c.pre.next_free);
}

#[test]
fn scattered_proofs_cost_a_real_chains_paths() {
    let dense = leaf_proofs(&witness(Layout::Dense));
    let scattered = leaf_proofs(&witness(Layout::scattered(1)));
    assert_eq!(dense.len(), scattered.len());
    let siblings = |proofs: &[(Segment, LeafProof)]| proofs.iter().map(|(_, p)| p.siblings.len()).collect::<Vec<_>>();
    let (d, s) = (siblings(&dense), siblings(&scattered));
    eprintln!("leaf proofs: {:?}", dense.iter().map(|(kind, _)| kind).collect::<Vec<_>>());
    eprintln!("siblings per leaf proof, dense:    {d:?} = {}", d.iter().sum::<usize>());
    eprintln!("siblings per leaf proof, B = 30:  {s:?} = {}", s.iter().sum::<usize>());
    eprintln!("proof compressions: dense {}, B = 30 {}", proof_compressions(&dense), proof_compressions(&scattered));
    // The first proof pays the whole path in both layouts.
    assert_eq!((d[0], s[0]), (DEPTH, DEPTH));
    // Dense: ~300 leaves in the first 2^9 indexes, so every later path meets the first one below height 9.
    assert!(d[1..].iter().all(|&n| n <= 9), "{d:?}");
    // B = 30: a proof of a leaf not read before meets the block's earlier paths (k of them, random among
    // 2^30) below height 30 - t with chance at most k / 2^t; with at most 8 earlier paths and t = 7 that is
    // under 7% per proof, so each costs at least 23 siblings plus its leaf's 2 compressions: 25. Proofs of
    // a leaf already read carry nothing in both layouts.
    for (n, (kind, p)) in scattered.iter().enumerate() {
        let again = scattered[..n].iter().any(|(_, q)| q.index == p.index);
        if again {
            assert_eq!((p.siblings.len(), d[n]), (0, 0), "proof {n} re-reads a revealed leaf");
        } else if *kind != Segment::InsertionProofs {
            assert!(2 + p.siblings.len() >= 25, "proof {n} ({kind:?}) costs {} compressions", 2 + p.siblings.len());
        }
    }
    // The insertion at 2^30 lies right of every pre-state leaf: its node at height 30 is the sibling of the
    // filled part's root, which the first proof revealed, and below it 30 empty siblings.
    let (_, insertion) = scattered.last().expect("an insertion proof");
    assert_eq!(insertion.index, 1 << 30);
    assert_eq!(insertion.siblings.len(), 30);
    // So beyond the first path, the same block carries at least 23/9 times the dense siblings (6x here).
    let total = |v: &[usize]| v.iter().sum::<usize>();
    assert!(9 * total(&s[1..]) >= 23 * total(&d[1..]), "{} vs {}", total(&s[1..]), total(&d[1..]));
}
