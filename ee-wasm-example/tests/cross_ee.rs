//! WebAssembly contracts in real blocks through the default bootloader (EVM + WASM): deployment by the
//! `0xEF57` selector, calls from EOAs, EVM → WASM and WASM → EVM calls nested several levels deep with value,
//! return data, events, reverts crossing EE boundaries and exact gas.

use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, U256};
use system_api::EeType;
use test_utils::{address_of, tx, Chain};
use zkos_ee_wasm_example::examples::*;
use zkos_ee_wasm_example::{init_code, word, WASM_EE_TYPE};

use bootloader::{ForwardRun, Receipt};

const GAS: u64 = 2_000_000;
const EVM_FWD: Address = Address::from_low_u64(0xE1);
const EVM_FWD2: Address = Address::from_low_u64(0xE2);
const ECHO: Address = Address::from_low_u64(0xEC);

fn create_address(sender: Address, nonce: u64) -> Address {
    ee_evm::create_address(&sender, nonce)
}

/// Key 0 deploys the counter (nonce 0), the forwarder (1) and the token (2); the EVM forwarders and the echo
/// contract are in the pre-state.
struct World {
    chain: Chain,
    counter: Address,
    forwarder: Address,
    token: Address,
    deploys: Vec<Vec<u8>>,
}

fn world() -> World {
    let mut chain = Chain::default();
    chain.deploy(EVM_FWD, EVM_FORWARDER.to_vec());
    chain.deploy(EVM_FWD2, EVM_FORWARDER.to_vec());
    chain.deploy(ECHO, EVM_ECHO.to_vec());
    let deployer = address_of(0);
    let deploys = vec![
        tx::create(0, 0, init_code(COUNTER_WASM, &word(5)), U256::ZERO, GAS),
        tx::create(0, 1, init_code(FORWARDER_WASM, &[]), U256::ZERO, GAS),
        tx::create(0, 2, init_code(TOKEN_WASM, &word(1_000)), U256::ZERO, GAS),
    ];
    World {
        chain,
        counter: create_address(deployer, 0),
        forwarder: create_address(deployer, 1),
        token: create_address(deployer, 2),
        deploys,
    }
}

impl World {
    /// Runs the deployments then `txs` (key 0's nonces continue at 3).
    fn run(&self, txs: Vec<Vec<u8>>) -> ForwardRun {
        let mut all = self.deploys.clone();
        all.extend(txs);
        let run = self.chain.run(all);
        assert!(run.output.rejected.is_empty(), "rejected: {:?}", run.output.rejected);
        for r in &run.output.receipts[..3] {
            assert_eq!(r.status, ExitStatus::Success, "deployment {}", r.tx_index);
        }
        run
    }
}

fn receipt(run: &ForwardRun, i: usize) -> &Receipt {
    &run.output.receipts[i]
}

fn slot(run: &ForwardRun, a: Address, key: U256) -> U256 {
    run.post_state.accounts.get(&a).and_then(|acc| acc.storage.get(&key)).copied().unwrap_or_default()
}

fn balance(run: &ForwardRun, a: Address) -> U256 {
    run.post_state.accounts.get(&a).map(|acc| acc.balance).unwrap_or_default()
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn topic_text(name: &str) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[32 - name.len()..].copy_from_slice(name.as_bytes());
    w
}

#[test]
fn deployments_install_wasm_code() {
    let w = world();
    let run = w.run(vec![]);
    let gas: Vec<u64> = run.output.receipts.iter().map(|r| r.gas_used).collect();
    assert_eq!(gas, vec![582_841, 436_201, 816_016]);
    for (address, module) in [(w.counter, COUNTER_WASM), (w.forwarder, FORWARDER_WASM), (w.token, TOKEN_WASM)] {
        let account = &run.post_state.accounts[&address];
        assert_eq!(account.ee_type, WASM_EE_TYPE);
        assert_eq!(account.code, module, "the module itself is the code");
        assert_eq!(account.nonce, 1);
    }
    assert_eq!(receipt(&run, 0).contract_address, Some(w.counter));
    // Constructors ran: the counter starts at 5, the deployer holds the whole supply (with a Transfer event).
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(5));
    assert_eq!(slot(&run, w.token, address_of(0).to_word()), u(1_000));
    assert_eq!(receipt(&run, 2).logs.len(), 1);
}

#[test]
fn eoa_calls_wasm_counter() {
    let w = world();
    let run = w.run(vec![
        tx::call(0, 3, w.counter, counter_increment(3), U256::ZERO, GAS),
        tx::call(0, 4, w.counter, vec![0x02], U256::ZERO, GAS),
        tx::call(0, 5, w.counter, vec![0x03], U256::ZERO, GAS),
    ]);
    let (inc, get, fail) = (receipt(&run, 3), receipt(&run, 4), receipt(&run, 5));
    assert_eq!((inc.status, inc.output.clone()), (ExitStatus::Success, word(8).to_vec()));
    assert_eq!(inc.logs.len(), 1);
    assert_eq!(inc.logs[0].address, w.counter);
    assert_eq!(inc.logs[0].topics[0].0, topic_text("Incremented"));
    assert_eq!(inc.logs[0].data, word(8).to_vec());
    assert_eq!((get.status, get.output.clone()), (ExitStatus::Success, word(8).to_vec()));
    assert_eq!((fail.status, fail.output.clone()), (ExitStatus::Revert, b"counter: fail".to_vec()));
    assert!(fail.logs.is_empty());
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(8), "the reverted increment is undone");
    assert_eq!((inc.gas_used, get.gas_used, fail.gas_used), (32_916, 28_116, 32_805));
}

#[test]
fn wasm_token_transfers_and_reverts() {
    let w = world();
    let transfer = |to: Address, amount: u64| {
        let mut data = vec![0xa9, 0x05, 0x9c, 0xbb];
        data.extend_from_slice(&to.to_word().to_be_bytes::<32>());
        data.extend_from_slice(&word(amount));
        data
    };
    let run = w.run(vec![
        tx::call(0, 3, w.token, transfer(address_of(1), 300), U256::ZERO, GAS),
        tx::call(1, 0, w.token, transfer(address_of(2), 301), U256::ZERO, GAS),
        // An EVM contract holds tokens: key 1 sends 100 to the EVM forwarder, which passes 40 on to key 2.
        tx::call(1, 1, w.token, transfer(EVM_FWD, 100), U256::ZERO, GAS),
        tx::call(0, 4, EVM_FWD, forward(0, w.token, &transfer(address_of(2), 40)), U256::ZERO, GAS),
    ]);
    let statuses: Vec<ExitStatus> = run.output.receipts[3..].iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![ExitStatus::Success, ExitStatus::Revert, ExitStatus::Success, ExitStatus::Success]);
    assert_eq!(receipt(&run, 4).output, b"balance".to_vec());
    let bal = |a: Address| slot(&run, w.token, a.to_word());
    assert_eq!(
        (bal(address_of(0)), bal(address_of(1)), bal(address_of(2)), bal(EVM_FWD)),
        (u(700), u(200), u(40), u(60))
    );
    // The token's Transfer event from the EVM forwarder, then the forwarder's own LOG1.
    let logs = &receipt(&run, 6).logs;
    assert_eq!(logs.len(), 2);
    assert_eq!((logs[0].address, logs[0].topics[1].to_word()), (w.token, EVM_FWD.to_word()));
    assert_eq!((logs[1].address, logs[1].topics[0].to_word()), (EVM_FWD, u(0xe7)));
    let gas: Vec<u64> = run.output.receipts[3..].iter().map(|r| r.gas_used).collect();
    assert_eq!(gas, vec![57_919, 30_125, 57_679, 83_781]);
}

#[test]
fn wasm_calls_evm_with_value() {
    let w = world();
    let value = u(1_000_000);
    let run = w.run(vec![tx::call(0, 3, w.forwarder, forward(0, ECHO, b"hello evm"), value, GAS)]);
    let r = receipt(&run, 3);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, b"hello evm".to_vec()));
    // The value went through the WASM forwarder to the EVM contract, which recorded it under its caller.
    assert_eq!(balance(&run, ECHO), value);
    assert_eq!(balance(&run, w.forwarder), U256::ZERO);
    assert_eq!(slot(&run, ECHO, w.forwarder.to_word()), value);
    assert_eq!(slot(&run, w.forwarder, U256::ZERO), u(1));
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].topics[0].0, topic_text("Forwarded"));
    assert_eq!(r.logs[0].topics[1].to_word(), ECHO.to_word());
    assert_eq!(r.logs[0].data, vec![0]);
    assert_eq!(r.gas_used, 82_967);
}

/// EOA → EVM forwarder → WASM forwarder → EVM forwarder → WASM counter, with 7 wei moving down the chain.
fn nested(w: &World, counter_call: &[u8], mode: u8) -> Vec<u8> {
    let inner = forward(0, w.counter, counter_call);
    let middle = forward(mode, EVM_FWD2, &inner);
    forward(0, w.forwarder, &middle)
}

#[test]
fn nested_four_levels_across_ees() {
    let w = world();
    let run = w.run(vec![tx::call(0, 3, EVM_FWD, nested(&w, &counter_increment(10), 0), u(7), GAS)]);
    let r = receipt(&run, 3);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, word(15).to_vec()));
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(15));
    assert_eq!(balance(&run, w.counter), u(7), "the value reached the innermost WASM contract");
    for fwd in [EVM_FWD, w.forwarder, EVM_FWD2] {
        assert_eq!(balance(&run, fwd), U256::ZERO);
        assert_eq!(slot(&run, fwd, U256::ZERO), u(1), "each forwarder counted one forward");
    }
    // Events in execution order: the counter's, then each forwarder's on the way out.
    let emitters: Vec<Address> = r.logs.iter().map(|l| l.address).collect();
    assert_eq!(emitters, vec![w.counter, EVM_FWD2, w.forwarder, EVM_FWD]);
    assert_eq!(r.gas_used, 137_770);
}

#[test]
fn revert_crosses_ee_boundaries() {
    let w = world();
    let run = w.run(vec![tx::call(0, 3, EVM_FWD, nested(&w, &[0x03], 0), u(7), GAS)]);
    let r = receipt(&run, 3);
    // The WASM counter reverts; the EVM, WASM and EVM forwarders above it each propagate the revert data.
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Revert, b"counter: fail".to_vec()));
    assert!(r.logs.is_empty());
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(5));
    for fwd in [EVM_FWD, w.forwarder, EVM_FWD2] {
        assert_eq!(slot(&run, fwd, U256::ZERO), U256::ZERO);
    }
    assert_eq!(balance(&run, w.counter), U256::ZERO, "the value moved back");
    assert_eq!(r.gas_used, 137_657);
}

#[test]
fn wasm_caller_survives_a_reverting_evm_callee() {
    let w = world();
    // Mode 1: the WASM forwarder keeps going when the EVM forwarder below it reverts.
    let run = w.run(vec![tx::call(0, 3, EVM_FWD, nested(&w, &[0x03], 1), u(7), GAS)]);
    let r = receipt(&run, 3);
    let mut expected = vec![1u8];
    expected.extend_from_slice(b"counter: fail");
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, expected));
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(5), "the counter's increment was undone");
    assert_eq!(slot(&run, EVM_FWD2, U256::ZERO), U256::ZERO, "so was the inner EVM forwarder's count");
    assert_eq!(slot(&run, w.forwarder, U256::ZERO), u(1));
    assert_eq!(slot(&run, EVM_FWD, U256::ZERO), u(1));
    // The 7 wei stayed with the WASM forwarder, whose call failed.
    assert_eq!(balance(&run, w.forwarder), u(7));
    let emitters: Vec<Address> = r.logs.iter().map(|l| l.address).collect();
    assert_eq!(emitters, vec![w.forwarder, EVM_FWD]);
    assert_eq!(r.logs[0].data, vec![1], "Forwarded with status revert");
    assert_eq!(r.gas_used, 137_663);
}

#[test]
fn account_types() {
    let w = world();
    let run = w.run(vec![]);
    assert_eq!(run.post_state.accounts[&EVM_FWD].ee_type, EeType(1));
    assert_eq!(run.post_state.accounts[&w.counter].ee_type, EeType(2));
}

/// A module from `(section id, contents)` pairs.
fn wasm(sections: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (id, body) in sections {
        out.push(*id);
        out.push(body.len() as u8);
        out.extend_from_slice(body);
    }
    out
}

/// One function of type `() -> ()` with `body` (locals and instructions), exported as `call`, and `extra`
/// sections inserted in order.
fn one_function(body: &[u8], extra: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut sections = vec![(1, vec![1, 0x60, 0, 0]), (3, vec![1, 0])];
    sections.extend(extra.iter().filter(|(id, _)| *id < 7).cloned());
    sections.push((7, vec![1, 4, b'c', b'a', b'l', b'l', 0, 0]));
    sections.extend(extra.iter().filter(|(id, _)| *id == 8).cloned());
    let mut code = vec![1, body.len() as u8];
    code.extend_from_slice(body);
    sections.push((10, code));
    wasm(&sections)
}

const LOOP_FOREVER: &[u8] = &[0, 0x03, 0x40, 0x0c, 0, 0x0b, 0x0b];

#[test]
fn out_of_gas_in_a_wasm_callee_is_contained() {
    let w = world();
    let looping = create_address(address_of(0), 3);
    let run = w.run(vec![
        tx::create(0, 3, init_code(&one_function(LOOP_FOREVER, &[]), &[]), U256::ZERO, GAS),
        tx::call(0, 4, w.forwarder, forward(1, looping, &[]), U256::ZERO, 1_000_000),
        tx::call(0, 5, looping, vec![], U256::ZERO, 100_000),
    ]);
    assert_eq!(receipt(&run, 3).status, ExitStatus::Success);
    let r = receipt(&run, 4);
    // The callee burnt the 63/64 it was given; the forwarder finished with the rest.
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, vec![2]));
    assert_eq!(slot(&run, w.forwarder, U256::ZERO), u(1));
    assert!(r.gas_used > 980_000 && r.gas_used < 1_000_000, "{}", r.gas_used);
    let direct = receipt(&run, 5);
    assert_eq!((direct.status, direct.gas_used), (ExitStatus::Halt(HaltReason::OutOfResources), 100_000));
}

#[test]
fn bad_modules_are_rejected_with_a_reason() {
    let w = world();
    let unknown_import =
        wasm(&[(1, vec![1, 0x60, 0, 0]), (2, vec![1, 3, b'e', b'n', b'v', 3, b'f', b'o', b'o', 0, 0])]);
    let wrong_signature = wasm(&[
        (1, vec![1, 0x60, 0, 0]),
        (2, vec![1, 4, b'z', b'k', b'o', b's', 6, b'c', b'a', b'l', b'l', b'e', b'r', 0, 0]),
    ]);
    let float = one_function(&[0, 0x43, 0, 0, 0, 0, 0x1a, 0x0b], &[]);
    let trapping_start = one_function(&[0, 0x00, 0x0b], &[(8, vec![0])]);
    let memory_bomb = one_function(&[0, 0x0b], &[(5, vec![1, 0, 0xe8, 0x07])]);
    let recursion = one_function(&[0, 0x10, 0, 0x0b], &[]);
    let no_call_export = wasm(&[(1, vec![1, 0x60, 0, 0]), (3, vec![1, 0]), (10, vec![1, 2, 0, 0x0b])]);
    let cases: Vec<(Vec<u8>, HaltReason)> = vec![
        (vec![0xef, 0x57, 0, 0, 0, 4, 1, 2, 3, 4], HaltReason::Other("not a wasm module (bad magic)")),
        (vec![0xef, 0x57, 0, 0], HaltReason::Other("wasm: malformed init code (expected 0xEF57, u32 length, module)")),
        (
            init_code(&unknown_import, &[]),
            HaltReason::Other("import from an unknown module (only \"zkos\" is provided)"),
        ),
        (init_code(&wrong_signature, &[]), HaltReason::Other("zkos host function imported with a wrong signature")),
        (init_code(&float, &[]), HaltReason::Other("floating-point instructions are not supported")),
        (init_code(&trapping_start, &[]), HaltReason::Other("wasm trap: unreachable")),
        (init_code(&memory_bomb, &[]), HaltReason::Other("initial memory above the 16-page cap")),
    ];
    let mut txs: Vec<Vec<u8>> = cases
        .iter()
        .enumerate()
        .map(|(i, (code, _))| tx::create(0, 3 + i as u64, code.clone(), U256::ZERO, 200_000))
        .collect();
    // Deployable but failing when called: unbounded recursion, and a module without `call`.
    let n = 3 + cases.len() as u64;
    let (recursive, no_call) = (create_address(address_of(0), n), create_address(address_of(0), n + 1));
    txs.push(tx::create(0, n, init_code(&recursion, &[]), U256::ZERO, 200_000));
    txs.push(tx::create(0, n + 1, init_code(&no_call_export, &[]), U256::ZERO, 200_000));
    txs.push(tx::call(0, n + 2, recursive, vec![], U256::ZERO, 200_000));
    txs.push(tx::call(0, n + 3, no_call, vec![], U256::ZERO, 200_000));
    let run = w.run(txs);
    for (i, (_, reason)) in cases.iter().enumerate() {
        let r = receipt(&run, 3 + i);
        assert_eq!(r.status, ExitStatus::Halt(*reason), "case {i}");
        assert_eq!(r.gas_used, 200_000, "a halt consumes all gas (case {i})");
        assert_eq!(r.contract_address, None);
    }
    let n = n as usize;
    assert_eq!((receipt(&run, n).status, receipt(&run, n + 1).status), (ExitStatus::Success, ExitStatus::Success));
    assert_eq!(receipt(&run, n + 2).status, ExitStatus::Halt(HaltReason::StackOverflow));
    assert_eq!(
        receipt(&run, n + 3).status,
        ExitStatus::Halt(HaltReason::Other("wasm: the module exports no `call` function"))
    );
}
