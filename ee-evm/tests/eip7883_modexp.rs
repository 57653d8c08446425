//! EIP-7883 and EIP-7823 (Osaka): MODEXP (0x05) costs at least 500 gas, `16` per iteration for operands up to
//! 32 bytes and `2 · words²` above (no division by 3), sixteen iterations per exponent byte past the first
//! 32; any declared length above 1,024 bytes fails the call (all its gas consumed). Prague keeps EIP-2565.
//!
//! The price is measured from inside the EVM: a probe contract copies its calldata to memory, reads GAS,
//! STATICCALLs 0x05 with everything, reads GAS again and returns `(success, gas difference)`. The
//! difference is the price plus 115: PUSH0 ×3, CALLDATASIZE, GAS (2 each), PUSH1 (3), the warm call (100)
//! and the second GAS (2).

use ee_api::ExitStatus;
use primitives::{Address, Fork, U256};
use test_utils::bytecode::{run_tx, word};
use test_utils::harness::exec_on;
use test_utils::{tx, Bytecode, Chain};
use zkos_ee_evm::opcodes::*;

const MODEXP: Address = Address::from_low_u64(5);

/// `base_len ‖ exp_len ‖ mod_len ‖ base ‖ exp ‖ mod`.
fn input(base: &[u8], exp: &[u8], modulus: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for len in [base.len(), exp.len(), modulus.len()] {
        out.extend_from_slice(&word(len as u64));
    }
    [out, base.to_vec(), exp.to_vec(), modulus.to_vec()].concat()
}

/// Price of the call overhead between the two GAS readings of [`probe`].
const OVERHEAD: u64 = 115;

/// The probe contract described in the module docs.
fn probe() -> Vec<u8> {
    Bytecode::new()
        .ops(&[CALLDATASIZE, PUSH0, PUSH0, CALLDATACOPY, GAS])
        .ops(&[PUSH0, PUSH0, CALLDATASIZE, PUSH0])
        .push(5)
        .ops(&[GAS, STATICCALL, GAS])
        .ops(&[SWAP1, PUSH0, MSTORE, SWAP1, SUB])
        .push(32)
        .op(MSTORE)
        .ret(0, 64)
        .into_vec()
}

/// Calls MODEXP with `data` through the probe under `fork`: whether it succeeded, and its price.
fn price(fork: Fork, data: Vec<u8>) -> (bool, u64) {
    let r = exec_on(&mut Chain::new(fork), probe(), data, 1_000_000);
    assert_eq!(r.status, ExitStatus::Success);
    let success = U256::from_be_slice(&r.output[..32]) == U256::from(1u8);
    let delta = U256::from_be_slice(&r.output[32..64]).to::<u64>();
    (success, delta - OVERHEAD)
}

/// A transaction straight to 0x05.
fn call(fork: Fork, data: Vec<u8>, gas_limit: u64) -> (ExitStatus, u64, Vec<u8>) {
    let r = run_tx(&Chain::new(fork), tx::call(0, 0, MODEXP, data, U256::ZERO, gas_limit));
    (r.status, r.gas_used, r.output)
}

/// EIP-198's first example: 3^(p−1) mod p = 1 for secp256k1's p, 32-byte operands and a 256-bit exponent.
fn fermat() -> Vec<u8> {
    let mut p = [0xffu8; 32];
    p[27..].copy_from_slice(&[0xfe, 0xff, 0xff, 0xfc, 0x2f]);
    let mut p_minus_1 = p;
    p_minus_1[31] = 0x2e;
    input(&[3], &p_minus_1, &p)
}

#[test]
fn fermat_example_costs_4080_under_osaka_and_1360_under_prague() {
    // Complexity 16 (≤ 32 bytes) × 255 iterations = 4080; EIP-2565: 4² × 255 / 3 = 1360.
    assert_eq!(price(Fork::Osaka, fermat()), (true, 4_080));
    assert_eq!(price(Fork::Prague, fermat()), (true, 1_360));
    let (status, _, output) = call(Fork::Osaka, fermat(), 100_000);
    assert_eq!((status, output), (ExitStatus::Success, word(1u64)));
}

#[test]
fn large_operands_cost_two_words_squared_per_iteration() {
    // 64-byte base and modulus: 2 · 8² = 128; a 40-byte exponent whose first 32 bytes are 1: 16 · 8 = 128
    // iterations → 16,384. Prague: 8² · (8 · 8) / 3 = 1,365.
    let mut exp = vec![0u8; 40];
    exp[31] = 1;
    let data = input(&[7; 64], &exp, &[0x35; 64]);
    assert_eq!(price(Fork::Osaka, data.clone()), (true, 16_384));
    assert_eq!(price(Fork::Prague, data), (true, 1_365));
    // 33-byte operands already count words: 2 · 5² = 50 × 32 iterations (exponent 2^32) = 1600.
    assert_eq!(price(Fork::Osaka, input(&[1], &[1, 0, 0, 0, 0], &[3; 33])), (true, 1_600));
}

#[test]
fn the_minimum_is_500_under_osaka_and_200_under_prague() {
    // Exponent 0x0100: 8 iterations × 16 = 128, raised to the minimum.
    let data = input(&[0xff; 32], &[1, 0], &[0xff; 32]);
    assert_eq!(price(Fork::Osaka, data.clone()), (true, 500));
    assert_eq!(price(Fork::Prague, data), (true, 200));
    // Empty operands cost the minimum too.
    assert_eq!(price(Fork::Osaka, input(&[], &[], &[])), (true, 500));
}

#[test]
fn lengths_above_1024_bytes_fail_under_osaka_only() {
    let ok = input(&[2; 1024], &[3], &[0x55; 1024]);
    let (status, _, output) = call(Fork::Osaka, ok, 1_000_000);
    assert_eq!((status, output.len()), (ExitStatus::Success, 1024));
    for data in [input(&[2; 1025], &[3], &[5]), input(&[2], &[3; 1025], &[5]), input(&[2], &[3], &[5; 1025])] {
        let (status, gas, output) = call(Fork::Osaka, data.clone(), 1_000_000);
        assert!(!status.is_success());
        assert_eq!((gas, output), (1_000_000, Vec::new()));
        assert!(!price(Fork::Osaka, data.clone()).0);
        let (status, _, _) = call(Fork::Prague, data.clone(), 1_000_000);
        assert_eq!(status, ExitStatus::Success);
        assert!(price(Fork::Prague, data).0);
    }
}
