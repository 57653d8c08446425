//! EraVM contracts in real blocks through the bootloader with EVM + WASM + EraVM: deployment by the `0xEF5A`
//! init data, calls from an EOA, EVM → EraVM and EraVM → EVM calls (a far call leaves the interpreter as an
//! `ExecutionRequest::Call`), reverts and panics crossing the boundary, exact receipts and post-state.
//!
//! The contract is `tests/asm/counter.asm`, assembled by `zkevm-assembly`: command byte calldata[0] —
//! 0 increments slot 0, emits event (77, slot0) and returns slot0; 1 adds 100 then reverts with the value;
//! 2 increments, far-calls the address in calldata[32..64] with calldata[64..] and returns (or reverts with)
//! its output; 3 writes then panics. The constructor stores its input word in slot 0.
//!
//! Also: the example vault's committed bytecode (`examples/eravm/vault.hex`) is its assembly.

mod common;

use bootloader::forward::run_forward_with;
use bootloader::{ForwardRun, Receipt};
use ee_api::{ExitStatus, HaltReason};
use primitives::{Address, U256};
use test_utils::{address_of, tx, Chain};
use zkos_ee_eravm::{init_code, EraVmEe, ERAVM_EE_TYPE, ERAVM_PANIC};
use ee_wasm_example::examples::{forward, EVM_ECHO, EVM_FORWARDER};
use ee_wasm_example::word;

type Ees = (ee_evm::EvmEe, ee_wasm_example::WasmEe, EraVmEe);

const GAS: u64 = 1_000_000;
const EVM_FWD: Address = Address::from_low_u64(0xE1);
const ECHO: Address = Address::from_low_u64(0xEC);

fn counter_code() -> Vec<u8> {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/asm/counter.asm")).unwrap();
    common::assemble(&src).unwrap().concat()
}

struct World {
    chain: Chain,
    counter: Address,
    code: Vec<u8>,
}

fn world() -> World {
    let mut chain = Chain::default();
    chain.deploy(EVM_FWD, EVM_FORWARDER.to_vec());
    chain.deploy(ECHO, EVM_ECHO.to_vec());
    World { chain, counter: ee_evm::create_address(&address_of(0), 0), code: counter_code() }
}

impl World {
    /// Deploys the counter (key 0, nonce 0, initial value 5) then runs `txs` (key 0's nonces continue at 1).
    fn run(&self, txs: Vec<Vec<u8>>) -> ForwardRun {
        let mut all = vec![tx::create(0, 0, init_code(&self.code, &word(5)), U256::ZERO, GAS)];
        all.extend(txs);
        let run = run_forward_with::<Ees>(self.chain.block.clone(), self.chain.state.clone(), all).expect("block");
        assert!(run.output.rejected.is_empty(), "rejected: {:?}", run.output.rejected);
        assert_eq!(run.output.receipts[0].status, ExitStatus::Success, "deployment");
        run
    }
}

fn receipt(run: &ForwardRun, i: usize) -> &Receipt {
    &run.output.receipts[i]
}

fn slot(run: &ForwardRun, a: Address, key: U256) -> U256 {
    run.post_state.accounts.get(&a).and_then(|acc| acc.storage.get(&key)).copied().unwrap_or_default()
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

/// Calldata for command 2: far call `target` with `payload`.
fn via(target: Address, payload: &[u8]) -> Vec<u8> {
    let mut d = vec![0u8; 32];
    d[0] = 2;
    d.extend_from_slice(&target.to_word().to_be_bytes::<32>());
    d.extend_from_slice(payload);
    d
}

fn cmd(c: u8) -> Vec<u8> {
    let mut d = vec![0u8; 32];
    d[0] = c;
    d
}

fn summary(run: &ForwardRun) -> Vec<(ExitStatus, u64)> {
    run.output.receipts.iter().map(|r| (r.status, r.gas_used)).collect()
}

#[test]
fn deploys_eravm_code() {
    let w = world();
    let run = w.run(vec![]);
    assert_eq!(summary(&run), vec![(ExitStatus::Success, 63_807)]);
    let account = &run.post_state.accounts[&w.counter];
    assert_eq!(account.ee_type, ERAVM_EE_TYPE);
    assert_eq!(account.code, w.code, "the code itself is installed");
    assert_eq!(account.nonce, 1);
    assert_eq!(receipt(&run, 0).contract_address, Some(w.counter));
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(5), "the constructor ran");
}

#[test]
fn eoa_calls_eravm_counter() {
    let w = world();
    let run = w.run(vec![
        tx::call(0, 1, w.counter, cmd(0), U256::ZERO, GAS),
        tx::call(0, 2, w.counter, cmd(1), U256::ZERO, GAS),
        tx::call(0, 3, w.counter, cmd(3), U256::ZERO, GAS),
        tx::call(0, 4, w.counter, Vec::new(), U256::ZERO, GAS),
    ]);
    let panicked = ExitStatus::Halt(HaltReason::Other(ERAVM_PANIC));
    assert_eq!(
        summary(&run)[1..],
        [(ExitStatus::Success, 28_790), (ExitStatus::Revert, 28_738), (panicked, 26_723), (ExitStatus::Success, 28_662)]
    );
    let (inc, fail, panic, inc2) = (receipt(&run, 1), receipt(&run, 2), receipt(&run, 3), receipt(&run, 4));
    assert_eq!((inc.status, inc.output.clone()), (ExitStatus::Success, word(6).to_vec()));
    assert_eq!(inc.logs.len(), 1);
    assert_eq!(inc.logs[0].address, w.counter);
    assert_eq!(inc.logs[0].topics.iter().map(|t| t.0).collect::<Vec<_>>(), vec![word(77), word(6)]);
    assert!(inc.logs[0].data.is_empty());
    assert_eq!((fail.status, fail.output.clone()), (ExitStatus::Revert, word(106).to_vec()));
    assert!(fail.logs.is_empty());
    assert_eq!(panic.status, ExitStatus::Halt(HaltReason::Other(ERAVM_PANIC)));
    assert_eq!(panic.output, Vec::<u8>::new(), "a panic returns the unspent ergs (26,723 used of 1M) and no data");
    assert_eq!((inc2.status, inc2.output.clone()), (ExitStatus::Success, word(7).to_vec()), "empty calldata increments");
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(7), "the revert and the panic are undone");
}

#[test]
fn evm_and_eravm_call_each_other() {
    let w = world();
    let payload = b"hello from eravm".to_vec();
    let run = w.run(vec![
        // EVM → EraVM: the forwarder calls the counter's increment
        tx::call(0, 1, EVM_FWD, forward(0, w.counter, &cmd(0)), U256::ZERO, GAS),
        // EraVM → EVM: the counter calls the echo contract, which returns its calldata
        tx::call(0, 2, w.counter, via(ECHO, &payload), U256::ZERO, GAS),
        // EVM → EraVM revert: propagated by the forwarder
        tx::call(0, 3, EVM_FWD, forward(0, w.counter, &cmd(1)), U256::ZERO, GAS),
        // EraVM → EVM → EraVM revert: the inner revert crosses two boundaries, the counter's own write is undone
        tx::call(0, 4, w.counter, via(EVM_FWD, &forward(0, w.counter, &cmd(1))), U256::ZERO, GAS),
        // EVM → EraVM panic: the forwarder reverts with empty data, unspent ergs come back
        tx::call(0, 5, EVM_FWD, forward(0, w.counter, &cmd(3)), U256::ZERO, GAS),
    ]);
    assert_eq!(
        summary(&run)[1..],
        [
            (ExitStatus::Success, 54_664),
            (ExitStatus::Success, 31_582),
            (ExitStatus::Revert, 37_511),
            (ExitStatus::Revert, 43_114),
            // the panic inside returned its unspent ergs: far less than the 1M limit
            (ExitStatus::Revert, 35_493),
        ]
    );
    let r = receipt(&run, 1);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, word(6).to_vec()));
    assert_eq!(r.logs.len(), 2, "the counter's event and the forwarder's");
    assert_eq!(r.logs[0].address, w.counter);
    assert_eq!(r.logs[1].address, EVM_FWD);
    let r = receipt(&run, 2);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Success, payload.clone()));
    let r = receipt(&run, 3);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Revert, word(107).to_vec()));
    // the outer counter had already made slot0 8 when the inner frame added 100
    let r = receipt(&run, 4);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Revert, word(108).to_vec()));
    assert!(r.logs.is_empty());
    let r = receipt(&run, 5);
    assert_eq!((r.status, r.output.clone()), (ExitStatus::Revert, Vec::new()));
    // post-state: two increments (tx 1 and 2); everything in the failing transactions is undone
    assert_eq!(slot(&run, w.counter, U256::ZERO), u(7));
    assert_eq!(slot(&run, EVM_FWD, U256::ZERO), u(1), "only the successful forward is counted");
}

/// `examples/eravm/vault.hex` (embedded by the example-block generator, which has no assembler) is what
/// `zkevm-assembly` makes of `examples/eravm/vault.asm`.
#[test]
fn example_vault_bytecode_is_its_assembly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/eravm");
    let src = std::fs::read_to_string(format!("{dir}/vault.asm")).unwrap();
    let hex = std::fs::read_to_string(format!("{dir}/vault.hex")).unwrap();
    let code = common::assemble(&src).unwrap().concat();
    assert_eq!(primitives::encode_hex(&code), hex.trim(), "rerun the assembler and commit vault.hex");
}
