//! Proving mode, run natively over the recorded tape: it must reproduce forward mode's public input, and
//! every forged answer on the tape must make it fail rather than produce another output.

mod common;

use common::witnessed;
use system_impl::StdAllocator;
use zkos_bootloader::proving::{prove_block, Segment, SliceTape};

#[test]
fn proving_reproduces_forward_public_input() {
    let w = witnessed();
    assert_eq!(w.run.output.receipts.len(), 3);
    assert!(w.run.output.receipts.iter().all(|r| r.success()));
    let proven = prove_block::<_, StdAllocator>(SliceTape::new(&w.tape)).expect("proving run");
    assert_eq!(proven.pre, w.pre);
    assert_eq!(proven.post, w.post);
    assert_eq!(proven.public_input, w.public_input);
    assert_ne!(w.pre.root, w.post.root);
    // New leaves: slot 0 of the contract and the transfer's fresh recipient.
    assert_eq!(w.post.next_free, w.pre.next_free + 2);
}

#[test]
fn every_single_word_forgery_fails_or_is_bound_by_the_public_input() {
    let w = witnessed();
    // Answers of signature-recovery advice are checked where they are used and recomputed when wrong, so a
    // forged one changes nothing at all (tests/recovery_advice.rs); their tags are checked like any other.
    let advice_answer = |i: usize| {
        w.segments.iter().any(|(kind, start, len)| *kind == Segment::Advice && i > *start && i < start + len)
    };
    // Flip one bit in words spread over the whole tape; none may yield the same public input unnoticed.
    let step = (w.tape.len() / 400).max(1);
    let mut rejected = 0;
    let mut bound = 0;
    let mut ignored = 0;
    for i in (0..w.tape.len()).step_by(step) {
        let mut forged = w.tape.clone();
        forged[i] ^= 1 << (i % 32);
        match prove_block::<_, StdAllocator>(SliceTape::new(&forged)) {
            Ok(proven) if advice_answer(i) => {
                assert_eq!(proven.public_input, w.public_input, "forged advice at word {i} changed the result");
                ignored += 1;
            }
            Err(_) => rejected += 1,
            Ok(proven) => {
                // Only inputs the public input commits to (pre-state root, block context, transactions,
                // block hashes) may change the run, and then the public input differs.
                assert_ne!(proven.public_input, w.public_input, "forgery at word {i} went unnoticed");
                bound += 1;
            }
        }
    }
    eprintln!(
        "forgeries: {rejected} rejected by verification, {bound} changed the public input, \
         {ignored} in advice answers recomputed"
    );
    assert!(rejected > 0);
}

#[test]
fn truncated_tape_fails() {
    let w = witnessed();
    for cut in [1, w.tape.len() / 2, w.tape.len() - 1] {
        assert!(prove_block::<_, StdAllocator>(SliceTape::new(&w.tape[..cut])).is_err());
    }
}
