//! EIP-7951 (Osaka): P256VERIFY at 0x100 verifies a secp256r1 signature for a flat 6,900 gas. Input is
//! exactly `hash ‖ r ‖ s ‖ qx ‖ qy` (160 bytes); a valid signature returns the word 1, anything else
//! (a wrong length, `r` or `s` outside `1..n`, a coordinate not below `p`, the point at infinity or off the
//! curve, a signature that does not verify) returns empty output, and the call still succeeds. Less than
//! 6,900 gas fails the call. Before Osaka 0x100 is an ordinary (cold, empty) account.
//!
//! A probe contract copies its calldata to memory, reads GAS, STATICCALLs 0x100 with the input and a
//! 32-byte output buffer at 0, reads GAS again, and returns `(output word, success, gas difference,
//! RETURNDATASIZE)`. The difference is the price plus the probe's own 116 (or 117 with a fixed gas
//! argument): PUSH1 32, PUSH0, CALLDATASIZE, PUSH0, PUSH2 0x100, GAS or PUSH2, the warm call (100), GAS.

use ee_api::ExitStatus;
use primitives::{decode_hex, Fork, U256};
use test_utils::harness::exec_on;
use test_utils::{Bytecode, Chain};
use zkos_ee_evm::opcodes::*;

/// A valid mainnet-style vector of the EEST Osaka fixtures (`test_valid`, `test_eip_mainnet`).
const VALID: &str = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9434287fa699ff2be2a4475ccd9c063d1a22a424b6ab357d9bb0b31f7a71307b9be6af716032d408183c53f6f76945363144555fad2a5ff7854159166e52fc1d0da3c553a4215893e6d95d5818df2519e13233a1e0e56e0ea7b4817a92a6973f9d8c8877a49383e20c3fdc21d4e8e280ef1feeb72c333036770369a4387168d33";
/// P-256's group order `n` and field prime `p`.
const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

struct Probe {
    output: U256,
    success: bool,
    delta: u64,
    returned: u64,
}

fn probe_code(gas: Option<u16>) -> Vec<u8> {
    let gas = match gas {
        Some(g) => Bytecode::new().push(U256::from(g)),
        None => Bytecode::new().op(GAS),
    };
    Bytecode::new()
        .ops(&[CALLDATASIZE, PUSH0, PUSH0, CALLDATACOPY, GAS])
        .push(32)
        .ops(&[PUSH0, CALLDATASIZE, PUSH0])
        .push(0x100)
        .append(gas)
        .ops(&[STATICCALL, GAS, SWAP1])
        .push(0x20)
        .op(MSTORE)
        .ops(&[SWAP1, SUB])
        .push(0x40)
        .op(MSTORE)
        .op(RETURNDATASIZE)
        .push(0x60)
        .op(MSTORE)
        .ret(0, 128)
        .into_vec()
}

fn call(fork: Fork, input: &[u8], gas: Option<u16>) -> Probe {
    let r = exec_on(&mut Chain::new(fork), probe_code(gas), input.to_vec(), 1_000_000);
    assert_eq!(r.status, ExitStatus::Success);
    let word = |i: usize| U256::from_be_slice(&r.output[32 * i..32 * i + 32]);
    Probe { output: word(0), success: word(1) == U256::from(1u8), delta: word(2).to(), returned: word(3).to() }
}

fn valid() -> Vec<u8> {
    decode_hex(VALID).unwrap()
}

/// `valid()` with 32-byte field `index` (0 hash, 1 r, 2 s, 3 qx, 4 qy) replaced.
fn with_field(index: usize, value: U256) -> Vec<u8> {
    let mut input = valid();
    input[32 * index..32 * index + 32].copy_from_slice(&value.to_be_bytes::<32>());
    input
}

fn word(hex: &str) -> U256 {
    U256::from_str_radix(hex, 16).unwrap()
}

#[test]
fn a_valid_signature_returns_one_for_6900_gas() {
    let p = call(Fork::Osaka, &valid(), None);
    assert!(p.success);
    assert_eq!((p.returned, p.output), (32, U256::from(1u8)));
    assert_eq!(p.delta, 116 + 6_900);
}

#[test]
fn a_wrong_signature_returns_nothing_and_costs_the_same() {
    let mut input = valid();
    input[0] ^= 1;
    let p = call(Fork::Osaka, &input, None);
    assert!(p.success);
    assert_eq!((p.returned, p.delta), (0, 116 + 6_900));
}

#[test]
fn r_and_s_must_lie_in_1_to_n() {
    for (field, value) in [(1, U256::ZERO), (1, word(N)), (1, U256::MAX), (2, U256::ZERO), (2, word(N)), (2, word(N) + U256::from(1u8))] {
        let p = call(Fork::Osaka, &with_field(field, value), None);
        assert!(p.success, "field {field} = {value:#x}");
        assert_eq!((p.returned, p.delta), (0, 116 + 6_900), "field {field} = {value:#x}");
    }
}

#[test]
fn invalid_public_keys_return_nothing() {
    let mut cases = vec![with_field(3, word(P)), with_field(4, word(P)), with_field(3, U256::MAX)];
    // The point at infinity, encoded as (0, 0).
    let mut infinity = valid();
    infinity[96..].fill(0);
    cases.push(infinity);
    // Off the curve: qy + 1.
    let mut input = valid();
    input[159] ^= 1;
    cases.push(input);
    for input in cases {
        let p = call(Fork::Osaka, &input, None);
        assert!(p.success);
        assert_eq!((p.returned, p.delta), (0, 116 + 6_900));
    }
}

#[test]
fn only_160_byte_inputs_are_verified() {
    let long = [valid(), vec![0]].concat();
    let short = valid()[..159].to_vec();
    for input in [long, short] {
        let p = call(Fork::Osaka, &input, None);
        assert!(p.success);
        assert_eq!((p.returned, p.delta), (0, 116 + 6_900), "{} bytes", input.len());
    }
}

#[test]
fn less_than_6900_gas_fails_the_call() {
    let p = call(Fork::Osaka, &valid(), Some(6_899));
    assert!(!p.success);
    assert_eq!((p.returned, p.delta), (0, 117 + 6_899));
    let p = call(Fork::Osaka, &valid(), Some(6_900));
    assert!(p.success);
    assert_eq!((p.returned, p.output, p.delta), (32, U256::from(1u8), 117 + 6_900));
}

#[test]
fn before_osaka_0x100_is_a_cold_empty_account() {
    // A cold account costs 2,600 instead of the warm 100, and nothing runs.
    let p = call(Fork::Prague, &valid(), None);
    assert!(p.success);
    assert_eq!((p.returned, p.delta), (0, 116 - 100 + 2_600));
}
