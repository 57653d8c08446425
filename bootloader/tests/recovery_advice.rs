//! Signature-recovery advice on the witness tape (`Segment::Advice`): the forward run records an answer
//! for each of the three exponentiations of every sender and EIP-7702 authority recovery, proving mode uses them once they check
//! out, and a prover that lies in them or withholds them changes nothing (the value is computed instead).
//! Only a malformed tape (a bad tag) is rejected.

mod common;

use common::witnessed;
use primitives::{Address, U256};
use system_impl::StdAllocator;
use test_utils::{secret_key, tx, Chain};
use transactions::signing::sign_authorization;
use transactions::TxType;
use zkos_bootloader::proving::{prove_block, run_with_witness, Segment, SliceTape, WitnessedRun};

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

#[test]
fn eip7702_authorities_take_advice_too() {
    let mut chain = Chain::default();
    let delegate = Address::from_low_u64(0xDE1E);
    chain.deploy(delegate, vec![0x30, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3]); // ADDRESS, return it
    let authorizations = (1..3u64)
        .map(|key| sign_authorization(U256::from(1u8), delegate, 0, &secret_key(key)).expect("signs"))
        .collect();
    let mut unsigned = tx::template(0, Some(delegate), vec![], U256::ZERO, 200_000);
    unsigned.tx_type = TxType::Eip7702;
    unsigned.authorization_list = authorizations;
    let w = run_with_witness(chain.block.clone(), chain.state.clone(), vec![tx::signed(0, unsigned)]).expect("forward run");
    assert!(w.run.output.receipts[0].success());
    for key in 1..3u64 {
        let code = w.run.post_state.accounts.get(&test_utils::address_of(key)).map(|a| a.code.clone()).unwrap_or_default();
        assert_eq!(code, [&[0xef, 0x01, 0x00][..], &delegate.0[..]].concat(), "authority {key} delegated");
    }
    // The sender and the two authorities: three answers each.
    let answers = advice(&w);
    assert_eq!(answers.len(), 9);
    assert_eq!(public_input(&w.tape), Some(w.public_input));
    let (start, _) = answers[4];
    let mut forged = w.tape.clone();
    forged[start + 3] ^= 1;
    assert_eq!(public_input(&forged), Some(w.public_input));
}

#[test]
fn ecrecover_takes_advice_too() {
    let mut chain = Chain::default();
    // Copy the calldata to memory, STATICCALL ecrecover (0x01) on it, return the 32-byte result.
    let code = vec![
        0x36, 0x5f, 0x5f, 0x37, 0x60, 0x20, 0x5f, 0x60, 0x80, 0x5f, 0x60, 0x01, 0x5a, 0xfa, 0x50, 0x60, 0x20, 0x5f, 0xf3,
    ];
    let caller = Address::from_low_u64(0xECEC);
    chain.deploy(caller, code);
    let hash = primitives::B256([7u8; 32]);
    let (parity, r, s) = transactions::signing::sign_hash(&hash, &secret_key(5)).expect("signs");
    let mut input = hash.0.to_vec();
    input.extend_from_slice(&U256::from(27 + parity as u64).to_be_bytes::<32>());
    input.extend_from_slice(&r.to_be_bytes::<32>());
    input.extend_from_slice(&s.to_be_bytes::<32>());
    let w = run_with_witness(chain.block.clone(), chain.state.clone(), vec![tx::call(0, 0, caller, input, U256::ZERO, 100_000)])
        .expect("forward run");
    let receipt = &w.run.output.receipts[0];
    assert_eq!(receipt.output, test_utils::address_of(5).to_word().to_be_bytes::<32>().to_vec());
    // The sender and the precompile: three answers each.
    let answers = advice(&w);
    assert_eq!(answers.len(), 6);
    assert_eq!(public_input(&w.tape), Some(w.public_input));
    let (start, _) = answers[5];
    let mut forged = w.tape.clone();
    forged[start + 8] ^= 1 << 31;
    assert_eq!(public_input(&forged), Some(w.public_input));
}
