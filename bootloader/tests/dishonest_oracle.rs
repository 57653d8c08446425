//! The dishonest-oracle suite: each forgery of the witness tape must make the proving run fail, or (for
//! inputs the public input commits to) change the public input so the settlement layer rejects it. None may
//! produce forward mode's public input from a lying tape.

mod common;

use common::witnessed;
use system_impl::StdAllocator;
use zkos_bootloader::proving::{prove_block, Segment, SliceTape, WitnessedRun};

#[derive(Debug, PartialEq)]
enum Verdict {
    /// The proving run failed: nothing can be proven.
    Rejected,
    /// The run completed on a committed input that differs, so its public input differs.
    PublicInputChanged,
    /// Either of the above is acceptable (a changed input may also desynchronise the rest of the tape).
    RejectedOrChanged,
}

fn judge(w: &WitnessedRun, forged: &[u32]) -> Verdict {
    match prove_block::<_, StdAllocator>(SliceTape::new(forged)) {
        Err(_) => Verdict::Rejected,
        Ok(p) => {
            assert_ne!(p.public_input, w.public_input, "a forged tape reproduced the honest public input");
            Verdict::PublicInputChanged
        }
    }
}

fn first(w: &WitnessedRun, kind: Segment) -> (usize, usize) {
    w.segments.iter().find(|(k, _, _)| *k == kind).map(|(_, s, n)| (*s, *n)).unwrap_or_else(|| panic!("no {kind:?}"))
}

fn flip(w: &WitnessedRun, word: usize) -> Vec<u32> {
    let mut t = w.tape.clone();
    t[word] ^= 0x0100_0001;
    t
}

/// Offsets inside a present read proof: tag, index (2), key (8), value (8), next (2), sibling count (1),
/// siblings (count × 8; proofs stop where they meet a path an earlier proof revealed).
const VALUE: usize = 1 + 2 + 8;
const COUNT: usize = VALUE + 8 + 2;
const SIBLINGS: usize = COUNT + 1;

#[test]
fn every_forgery_is_caught() {
    let w = witnessed();
    assert_eq!(prove_block::<_, StdAllocator>(SliceTape::new(&w.tape)).unwrap().public_input, w.public_input);
    let (storage, storage_len) = first(&w, Segment::StorageProof);
    let (account, _) = first(&w, Segment::AccountProof);
    let (record, record_len) = first(&w, Segment::AccountRecord);
    let (code, code_len) = first(&w, Segment::Code);
    let (tx, tx_len) = first(&w, Segment::Transaction);
    let (inserts, inserts_len) = first(&w, Segment::InsertionProofs);
    let (block, _) = first(&w, Segment::BlockContext);
    let absent = w
        .segments
        .iter()
        .find(|(k, s, _)| *k == Segment::StorageProof && w.tape[*s] == 1)
        .map(|(_, s, _)| *s)
        .expect("an absent slot read");
    // The last present read proof that carries siblings: later proofs stop where they meet a path an earlier
    // one revealed, so most of them in this small tree carry none.
    let with_siblings = w
        .segments
        .iter()
        .rfind(|(k, s, _)| matches!(k, Segment::StorageProof | Segment::AccountProof) && w.tape[*s] == 0 && w.tape[*s + COUNT] > 0)
        .map(|(_, s, _)| *s)
        .expect("a read proof with siblings");

    let mut cases: Vec<(&str, Vec<u32>, Verdict)> = vec![
        ("forged storage value under an honest proof", flip(&w, storage + VALUE), Verdict::Rejected),
        ("forged Merkle sibling of a read proof", flip(&w, with_siblings + SIBLINGS + 3), Verdict::Rejected),
        ("read proof cut short", {
            let mut t = w.tape.clone();
            t[with_siblings + COUNT] -= 1;
            t
        }, Verdict::Rejected),
        ("forged leaf index of an account proof", flip(&w, account + 1), Verdict::Rejected),
        ("absence proof turned into a presence proof", {
            let mut t = w.tape.clone();
            t[absent] = 0;
            t
        }, Verdict::Rejected),
        ("forged neighbour of an absence proof", flip(&w, absent + 1 + 2), Verdict::Rejected),
        ("wrong account record preimage", flip(&w, record + record_len - 2), Verdict::Rejected),
        ("wrong code preimage", flip(&w, code + code_len - 1), Verdict::Rejected),
        ("forged insertion proof", flip(&w, inserts + inserts_len / 2), Verdict::Rejected),
        ("forged pre-state root", flip(&w, 0), Verdict::Rejected),
        ("wrong transaction bytes (signature)", flip(&w, tx + tx_len - 3), Verdict::RejectedOrChanged),
        ("wrong transaction bytes (calldata)", flip(&w, tx + tx_len - 20), Verdict::RejectedOrChanged),
        ("forged block timestamp", flip(&w, block + 5), Verdict::PublicInputChanged),
    ];
    for cut in [storage + storage_len / 2, record + 1, code + 1, inserts + 3] {
        cases.push(("truncated tape", w.tape[..cut].to_vec(), Verdict::Rejected));
    }
    for (name, forged, expected) in &cases {
        let verdict = judge(&w, forged);
        eprintln!("{name}: {verdict:?}");
        if *expected != Verdict::RejectedOrChanged {
            assert_eq!(&verdict, expected, "{name}");
        }
    }
}
