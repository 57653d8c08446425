//! EIP-3860: init code is limited to 49 152 bytes (2 × MAX_CODE_SIZE) and costs 2 gas per 32-byte word,
//! both for CREATE/CREATE2 (exceeding the limit is an exceptional halt) and for creation transactions
//! (charged as intrinsic gas; oversize transactions are invalid). Under Prague the EIP-7623 floor
//! (10 per calldata token) can exceed the intrinsic cost of a long init code.
//!
//! The init code here is zeros (a lone STOP that deploys nothing), read straight from fresh memory.
//! 49 152 bytes are 1536 words: memory 3 × 1536 + 1536² / 512 = 9216. Transaction gas = 21 000 + listed.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Fork, U256};
use test_utils::bytecode::{memory_cost, run_tx, word};
use test_utils::harness::TARGET;
use test_utils::{exec, tx, Bytecode, Chain};

const TX: u64 = 21_000;
const MAX_INITCODE: u64 = 49_152;

#[test]
fn create_accepts_the_maximum_init_code() {
    // PUSH2 len, PUSH0, PUSH0 (7); CREATE 32 000 + 2 × 1536 + memory 9216; ret_top (10).
    let r = exec(Bytecode::new().create(0, 0, MAX_INITCODE).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.output, zkos_ee_evm::create_address(&TARGET, 0).to_word().to_be_bytes::<32>().to_vec());
    assert_eq!(memory_cost(1_536), 9_216);
    assert_eq!(r.gas_used, TX + 7 + 32_000 + 3_072 + 9_216 + 10);
}

#[test]
fn create_with_one_byte_more_halts() {
    let r = exec(Bytecode::new().create(0, 0, MAX_INITCODE + 1).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(r.gas_used, 100_000);
}

#[test]
fn create2_accepts_the_maximum_init_code() {
    // PUSH0 salt + 7 (9); CREATE2 32 000 + (2 + 6) × 1536 + memory 9216; ret_top (10).
    let r = exec(Bytecode::new().create2(0, 0, MAX_INITCODE, 0).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 9 + 32_000 + 12_288 + 9_216 + 10);
}

#[test]
fn create2_with_one_byte_more_halts() {
    let r = exec(Bytecode::new().create2(0, 0, MAX_INITCODE + 1, 0).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert_eq!(r.gas_used, 100_000);
}

#[test]
fn oversize_length_is_rejected_even_when_huge() {
    // A length beyond 64 bits halts the same way (before any memory is considered).
    let r = exec(Bytecode::new().create(0, 0, U256::MAX).into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
}

#[test]
fn partial_words_round_up() {
    // 33 bytes = 2 words: 32 000 + 4 + memory 6; PUSH1 33, PUSH0, PUSH0 (7); ret_top (10).
    let r = exec(Bytecode::new().create(0, 0, 33).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.gas_used, TX + 7 + 32_004 + 6 + 10);
    // 32 bytes = 1 word.
    let r = exec(Bytecode::new().create(0, 0, 32).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.gas_used, TX + 7 + 32_002 + 3 + 10);
    assert_ne!(r.output, word(0u64));
}

#[test]
fn creation_transaction_charges_init_code_words() {
    // 64 zero bytes: 21 000 + 32 000 + 4 × 64 + 2 × 2 (the floor, 21 000 + 640, is lower).
    let r = run_tx(&Chain::default(), tx::create(0, 0, vec![0; 64], U256::ZERO, 100_000));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 32_000 + 256 + 4);
}

#[test]
fn maximum_creation_transaction_is_priced_by_the_calldata_floor() {
    // Intrinsic: 21 000 + 32 000 + 4 × 49 152 + 2 × 1536 = 252 680; floor 21 000 + 10 × 49 152 = 512 520.
    let r = run_tx(&Chain::default(), tx::create(0, 0, vec![0; MAX_INITCODE as usize], U256::ZERO, 600_000));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, 512_520);
}

#[test]
fn oversize_creation_transaction_is_invalid() {
    let chain = Chain::default();
    let run = chain.run(vec![tx::create(0, 0, vec![0; MAX_INITCODE as usize + 1], U256::ZERO, 1_000_000)]);
    assert!(run.output.receipts.is_empty());
    assert_eq!(run.output.rejected.len(), 1);
}

#[test]
fn maximum_creation_transaction_under_cancun_pays_only_the_intrinsic() {
    // No EIP-7623 floor before Prague: 21 000 + 32 000 + 4 × 49 152 + 2 × 1536.
    let r = run_tx(&Chain::new(Fork::Cancun), tx::create(0, 0, vec![0; MAX_INITCODE as usize], U256::ZERO, 600_000));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 32_000 + 196_608 + 3_072);
}

#[test]
fn create2_hashing_rounds_up_too() {
    // 33 bytes = 2 words: 32 000 + (2 + 6) × 2 + memory 6; PUSH0 salt, PUSH1 33, PUSH0, PUSH0 (9); ret_top (10).
    let r = exec(Bytecode::new().create2(0, 0, 33, 0).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.gas_used, TX + 9 + 32_016 + 6 + 10);
}
