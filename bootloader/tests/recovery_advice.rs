//! Signature-recovery advice on the witness tape (`Segment::Advice`): the forward run records an answer
//! for each of the three exponentiations of every sender recovery, proving mode uses them once they check
//! out, and a prover that lies in them or withholds them changes nothing (the value is computed instead).
//! Only a malformed tape (a bad tag) is rejected.

mod common;

use common::witnessed;
use system_impl::StdAllocator;
use zkos_bootloader::proving::{prove_block, Segment, SliceTape, WitnessedRun};

fn advice(w: &WitnessedRun) -> Vec<(usize, usize)> {
    w.segments.iter().filter(|(k, _, _)| *k == Segment::Advice).map(|(_, s, n)| (*s, *n)).collect()
}

fn public_input(tape: &[u32]) -> Option<[u32; 8]> {
    prove_block::<_, StdAllocator>(SliceTape::new(tape)).ok().map(|p| p.public_input)
}

#[test]
fn every_signed_transaction_carries_three_answers() {
    let w = witnessed();
    let answers = advice(&w);
    // Three signed transactions: a square root, r⁻¹ and Z⁻¹ each, every one present (tag 1 and 8 words).
    assert_eq!(answers.len(), 9);
    for (start, len) in &answers {
        assert_eq!((w.tape[*start], *len), (1, 9));
    }
    assert_eq!(public_input(&w.tape), Some(w.public_input));
}

#[test]
fn lying_or_withholding_advice_changes_nothing() {
    let w = witnessed();
    for (start, _) in advice(&w) {
        for word in [1, 4, 8] {
            let mut forged = w.tape.clone();
            forged[start + word] ^= 0x8000_0001;
            assert_eq!(public_input(&forged), Some(w.public_input), "answer at {start} forged in word {word}");
        }
        // Withheld: tag 0 and no answer words.
        let mut withheld = w.tape.clone();
        withheld[start] = 0;
        withheld.drain(start + 1..start + 9);
        assert_eq!(public_input(&withheld), Some(w.public_input), "answer at {start} withheld");
    }
}

#[test]
fn a_malformed_advice_tag_is_rejected() {
    let w = witnessed();
    let (start, _) = advice(&w)[0];
    let mut forged = w.tape.clone();
    forged[start] = 2;
    assert_eq!(public_input(&forged), None);
}
