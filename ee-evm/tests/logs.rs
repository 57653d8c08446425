//! LOG0–LOG4: 375 + 375 per topic + 8 per data byte + memory expansion. Topics appear in stack order
//! (the first one pushed last), logs keep execution order across frames, and logs of a reverted frame or
//! of a failed transaction are dropped.
//!
//! Transaction gas = 21 000 + the listed instructions.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, B256, U256};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{exec, Bytecode, Chain, Executed};

const TX: u64 = 21_000;

fn topic(n: u64) -> B256 {
    B256::from_word(&U256::from(n))
}

fn run(code: Bytecode) -> Executed {
    exec(code.into_vec(), vec![], 100_000)
}

#[test]
fn log0_charges_eight_per_data_byte() {
    // MSTORE(0, 0xabcd): 3 + 2 + 3 + 3. LOG0(0, 32): PUSH1 32 (3) PUSH0 (2) 375 + 8 × 32.
    let r = run(Bytecode::new().mstore(0, 0xabcd).log::<u8>(0, 32, &[]));
    assert_eq!(r.gas_used, TX + 11 + 5 + 375 + 256);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, TARGET);
    assert!(r.logs[0].topics.is_empty());
    assert_eq!(r.logs[0].data, U256::from(0xabcdu64).to_be_bytes::<32>().to_vec());
}

#[test]
fn each_topic_costs_375() {
    for n in 0..=4u64 {
        let topics: Vec<u64> = (1..=n).collect();
        // n PUSH1 topics (3 each), PUSH0 PUSH0 (4), LOGn: 375 × (n + 1).
        let r = run(Bytecode::new().log(0, 0, &topics));
        assert_eq!(r.gas_used, TX + 3 * n + 4 + 375 * (n + 1), "LOG{n}");
        assert_eq!(r.logs[0].topics, topics.iter().map(|t| topic(*t)).collect::<Vec<_>>());
        assert!(r.logs[0].data.is_empty());
    }
}

#[test]
fn log_data_expands_memory() {
    // LOG0(64, 10): PUSH1 10, PUSH1 64 (6), 375 + 80 + memory for 3 words (9).
    let r = run(Bytecode::new().log::<u8>(64, 10, &[]));
    assert_eq!(r.gas_used, TX + 6 + 375 + 80 + 9);
    assert_eq!(r.logs[0].data, vec![0u8; 10]);
}

#[test]
fn zero_length_log_at_a_huge_offset_is_free() {
    // PUSH0 (2) PUSH32 (3) LOG0 375: no memory.
    let r = run(Bytecode::new().log::<u8>(U256::MAX, 0, &[]));
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.gas_used, TX + 5 + 375);
}

#[test]
fn huge_log_halts() {
    let r = run(Bytecode::new().log::<u8>(0, U256::MAX, &[]));
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::OutOfResources));
    assert!(r.logs.is_empty());
    assert_eq!(r.gas_used, 100_000);
}

#[test]
fn failed_transaction_has_no_logs() {
    // LOG1(0, 0, 1) (3 + 4 + 750), REVERT(0, 0) (4).
    let r = run(Bytecode::new().log(0, 0, &[1]).revert(0, 0));
    assert_eq!(r.status, ExitStatus::Revert);
    assert!(r.logs.is_empty());
    assert_eq!(r.gas_used, TX + 757 + 4);
}

/// TARGET logs topic 1, calls B (which logs topic 2 and ends with `end`), then logs topic 3.
/// TARGET: LOG1 (757) twice; CALL(50 000, B, 0, 0, 0, 0, 0) (16 + cold 2600), POP (2).
/// B: LOG1 (757) + `end`.
fn three_logs(end: Bytecode) -> Executed {
    let b = Address::from_low_u64(0xB0B);
    let mut chain = Chain::default();
    chain.deploy(b, Bytecode::new().log(0, 0, &[2]).append(end).into_vec());
    let code =
        Bytecode::new().log(0, 0, &[1]).call(50_000, b, 0, 0, 0, 0, 0).op(zkos_ee_evm::opcodes::POP).log(0, 0, &[3]);
    exec_on(&mut chain, code.into_vec(), vec![], 100_000)
}

#[test]
fn logs_keep_execution_order_across_frames() {
    let r = three_logs(Bytecode::new());
    let seen: Vec<(u64, B256)> = r.logs.iter().map(|l| (l.address.to_word().to::<u64>(), l.topics[0])).collect();
    assert_eq!(seen, vec![(0xC0DE, topic(1)), (0xB0B, topic(2)), (0xC0DE, topic(3))]);
    assert_eq!(r.gas_used, TX + 757 + 16 + 2_600 + 757 + 2 + 757);
}

#[test]
fn logs_of_a_reverted_frame_are_dropped() {
    // B ends with REVERT(0, 0) (4): its log disappears, the caller's stay.
    let r = three_logs(Bytecode::new().revert(0, 0));
    let topics: Vec<B256> = r.logs.iter().map(|l| l.topics[0]).collect();
    assert_eq!(topics, vec![topic(1), topic(3)]);
    assert_eq!(r.gas_used, TX + 757 + 16 + 2_600 + 761 + 2 + 757);
}
