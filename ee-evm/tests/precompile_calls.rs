//! Calling precompiles from EVM code: they are warm from the start (EIP-2929), charge their own gas out of
//! what the call passes (identity 15 + 3/word, SHA-256 60 + 12/word, RIPEMD-160 600 + 120/word,
//! ecrecover 3000), return the rest, and fail — losing all the gas passed — when that is not enough.
//! Value calls and STATICCALL/DELEGATECALL reach them too; addresses of later forks are plain accounts.
//!
//! Call arguments: PUSH0 for zeros (2), PUSH1/PUSH2 for numbers and PUSH20 for the address (3).
//! Transaction gas = 21 000 + the listed instructions.

use ee_api::ExitStatus;
use primitives::{decode_hex, Address, Fork, U256};
use test_utils::bytecode::word;
use test_utils::harness::{exec_on, TARGET};
use test_utils::{exec, Bytecode, Chain, Executed};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const WARM: u64 = 100;

fn precompile(n: u64) -> Address {
    Address::from_low_u64(n)
}

fn run(code: Bytecode) -> Executed {
    exec(code.into_vec(), vec![], 200_000)
}

fn padded(hex: &str) -> Vec<u8> {
    let bytes = decode_hex(hex).unwrap();
    [vec![0u8; 32 - bytes.len()], bytes].concat()
}

#[test]
fn identity_copies_its_input() {
    // MSTORE(0, 0x1234) (11). CALL(100, 0x04, 0, 0, 32, 32, 32): 3 + 3 + 3 + 2 + 2 + 3 + 3 = 19, memory to
    // 64 bytes (3), warm 100, identity 15 + 3. RETURN(32, 32): 6.
    let r = run(Bytecode::new().mstore(0, 0x1234).call(100, precompile(4), 0, 0, 32, 32, 32).op(POP).ret(32, 32));
    assert_eq!(r.output, word(0x1234u64));
    assert_eq!(r.gas_used, TX + 11 + 19 + 3 + WARM + 18 + 2 + 6);
}

#[test]
fn identity_with_too_little_gas_fails_and_keeps_it() {
    // 17 gas for an 18-gas job: the call returns 0 and the 17 are gone. ret_top on paid memory: 10.
    let r = run(Bytecode::new().mstore(0, 0x1234).call(17, precompile(4), 0, 0, 32, 32, 32).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 11 + 19 + 3 + WARM + 17 + 10);
}

#[test]
fn sha256_of_the_empty_string() {
    // CALL(100, 0x02, 0, 0, 0, 0, 32): 17, memory 3, warm 100, 60. RETURN(0, 32): 5.
    let r = run(Bytecode::new().call(100, precompile(2), 0, 0, 0, 0, 32).op(POP).ret(0, 32));
    assert_eq!(r.output, padded("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_eq!(r.gas_used, TX + 17 + 3 + WARM + 60 + 2 + 5);
}

#[test]
fn sha256_charges_per_word() {
    // "abc" (PUSH32 PUSH0 MSTORE: 11), CALL(100, 0x02, 0, 0, 3, 0, 32): 18, warm 100, 60 + 12.
    let r = run(Bytecode::new().mstore_bytes(0, b"abc").call(100, precompile(2), 0, 0, 3, 0, 32).op(POP).ret(0, 32));
    assert_eq!(r.output, padded("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_eq!(r.gas_used, TX + 11 + 18 + WARM + 72 + 2 + 5);
    // 64 zero bytes: 60 + 24, memory for 2 words (6).
    let r = run(Bytecode::new().call(100, precompile(2), 0, 0, 64, 0, 32).op(POP).ret(0, 32));
    assert_eq!(r.output, padded("f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b"));
    assert_eq!(r.gas_used, TX + 18 + 6 + WARM + 84 + 2 + 5);
}

#[test]
fn ripemd160_result_is_left_padded() {
    // CALL(1000, 0x03, 0, 0, 0, 0, 32): 17, memory 3, warm 100, 600.
    let r = run(Bytecode::new().call(1_000, precompile(3), 0, 0, 0, 0, 32).op(POP).ret(0, 32));
    assert_eq!(r.output, padded("9c1185a5c5e9fc54612808977ee8f548b2258d31"));
    assert_eq!(r.gas_used, TX + 17 + 3 + WARM + 600 + 2 + 5);
}

#[test]
fn ecrecover_of_garbage_succeeds_with_no_output() {
    // CALL(5000, 0x01, 0, 0, 128, 0, 32): 18, memory for 4 words (12), warm 100, 3000.
    // RETURNDATASIZE (2) ret_top (10): nothing recovered, nothing returned.
    let r = run(Bytecode::new().call(5_000, precompile(1), 0, 0, 128, 0, 32).op(POP).op(RETURNDATASIZE).ret_top());
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 18 + 12 + WARM + 3_000 + 2 + 2 + 10);
}

#[test]
fn value_call_to_a_precompile_runs_on_the_stipend() {
    // CALL(0, 0x04, 1, 0, 0, 0, 0): 16, warm 100 + 9000; identity (15) runs on the stipend, 2285 come back.
    // Liveness is about state, not precompile status: a precompile account that does not exist (as in
    // this fresh state, unlike mainnet where each holds 1 wei) is dead, so the value adds 25 000.
    let value_call = |prefund: bool| {
        let mut chain = Chain::default();
        chain.fund(TARGET, U256::from(5u8));
        if prefund {
            chain.fund(precompile(4), U256::from(1u8));
        }
        let code = Bytecode::new().call(0, precompile(4), 1, 0, 0, 0, 0).ret_top();
        exec_on(&mut chain, code.into_vec(), vec![], 200_000)
    };
    let alive = value_call(true);
    assert_eq!(alive.output, word(1u64));
    assert_eq!(alive.gas_used, TX + 16 + WARM + 9_000 - 2_300 + 15 + 13);
    assert_eq!(alive.state.accounts[&precompile(4)].balance, U256::from(2u8));
    let dead = value_call(false);
    assert_eq!(dead.gas_used, TX + 16 + WARM + 9_000 + 25_000 - 2_300 + 15 + 13);
    assert_eq!(dead.state.accounts[&precompile(4)].balance, U256::from(1u8));
}

#[test]
fn staticcall_and_delegatecall_reach_precompiles() {
    // STATICCALL/DELEGATECALL(100, 0x04, 0, 32, 32, 32) after MSTORE(0, 7): 6 arguments 3 + 3 + 3 + 2 + 3 + 3.
    for op in [STATICCALL, DELEGATECALL] {
        let call = Bytecode::new().push(32).push(32).push(32).push(0).push(precompile(4)).push(100).op(op);
        let r = run(Bytecode::new().mstore(0, 7).append(call).op(POP).ret(32, 32));
        assert_eq!(r.output, word(7u64));
        assert_eq!(r.gas_used, TX + 11 + 17 + 3 + WARM + 18 + 2 + 6);
    }
}

#[test]
fn precompile_addresses_of_later_forks_are_plain_accounts() {
    // 0x0b (BLS12-381 G1ADD) is cold and codeless under Cancun: CALL(100, 0x0b, 0, 0, 0, 0, 0) costs
    // 16 + 2600 and succeeds with empty output. Under Prague it is warm and rejects empty input.
    let probe = |fork| {
        let mut chain = Chain::new(fork);
        let code = Bytecode::new().call(100, precompile(0x0b), 0, 0, 0, 0, 0).ret_top();
        exec_on(&mut chain, code.into_vec(), vec![], 200_000)
    };
    let cancun = probe(Fork::Cancun);
    assert_eq!(cancun.output, word(1u64));
    assert_eq!(cancun.gas_used, TX + 16 + 2_600 + 13);
    let prague = probe(Fork::Prague);
    assert_eq!(prague.status, ExitStatus::Success);
    assert_eq!(prague.output, word(0u64));
    assert_eq!(prague.gas_used, TX + 16 + WARM + 100 + 13);
}
