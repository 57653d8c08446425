//! The native system contracts (`zkos_ee_eravm::system`) answered for EraVM code in real blocks: every
//! SystemContext getter, L2BaseToken balances, Keccak256, ImmutableSimulator with a constructor's immutables,
//! ContractDeployer `create` / `create2` of known code with the constructor run and the nonce bumped,
//! NonceHolder, AccountCodeStorage, KnownCodesStorage, EventWriter, L1Messenger and the MsgValueSimulator,
//! with the reverts the real contracts give to calls they refuse. Exact outputs, statuses, gas and state;
//! every block also runs in proving mode (natively, over its witness) with the same public input.
//!
//! The caller is `tests/asm/probe.asm`: its constructor returns its input (the immutables array), and each
//! call far-calls, as a system call, the address in calldata word 1 with r3–r5 = words 2–4 and the rest as
//! calldata, and returns (or reverts with) the callee's output. `tests/asm/counter.asm` is the code the
//! deployer deploys.

use bootloader::forward::run_forward_with;
use bootloader::proving::{prove_block, run_with_witness, SliceTape};
use bootloader::ForwardRun;
use ee_api::ExitStatus;
use primitives::{keccak256, Address, B256, U256};
use system_api::SystemAllocator;
use test_utils::{address_of, tx, Chain};
use zkos_ee_eravm::{code_hash, init_code, EraVmEe, ERAVM_EE_TYPE};

type Ees = (ee_evm::EvmEe, ee_wasm_example::WasmEe, EraVmEe);

const GAS: u64 = 1_000_000;

fn assemble(file: &str) -> Vec<u8> {
    let path = format!("{}/tests/asm/{file}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut asm = zkevm_assembly::Assembly::try_from(src).expect("parses");
    asm.compile_to_bytecode().expect("assembles").concat()
}

fn w(v: impl Into<U256>) -> [u8; 32] {
    v.into().to_be_bytes::<32>()
}

fn a(address: Address) -> U256 {
    address.to_word()
}

fn sys(id: u64) -> Address {
    Address::from_low_u64(id)
}

/// Probe calldata: far call `target` with r3–r5 and `payload`.
fn probe(target: Address, regs: [U256; 3], payload: &[u8]) -> Vec<u8> {
    let mut d = vec![0u8; 32];
    d.extend_from_slice(&w(a(target)));
    for r in regs {
        d.extend_from_slice(&w(r));
    }
    d.extend_from_slice(payload);
    d
}

/// An ABI call: 4-byte selector of `signature` and argument words.
fn abi(signature: &str, args: &[U256]) -> Vec<u8> {
    let mut d = keccak256(signature.as_bytes()).0[..4].to_vec();
    for arg in args {
        d.extend_from_slice(&w(*arg));
    }
    d
}

/// ABI `(bytes32 salt, bytes32 hash, bytes input)`.
fn create_call(signature: &str, salt: U256, hash: U256, input: &[u8]) -> Vec<u8> {
    let mut d = abi(signature, &[salt, hash, U256::from(96u8), U256::from(input.len())]);
    d.extend_from_slice(input);
    d.resize(4 + 32 * 4 + input.len().div_ceil(32) * 32, 0);
    d
}

fn no_regs() -> [U256; 3] {
    [U256::ZERO; 3]
}

struct Block {
    run: ForwardRun,
    probe: Address,
    counter_code: Vec<u8>,
}

/// Key 0 deploys the counter (nonce 0) and the probe (nonce 1, immutables 0 -> 0xabc, 1 -> 0xdef), then calls
/// the probe from nonce 2 on: (calldata, value).
fn transactions(calls: &[(Vec<u8>, u64)]) -> Vec<Vec<u8>> {
    let counter_code = assemble("counter.asm");
    let probe_code = assemble("probe.asm");
    let probe = ee_evm::create_address(&address_of(0), 1);
    let mut immutables = Vec::new();
    for word in [32u32, 2, 0, 0xabc, 1, 0xdef] {
        immutables.extend_from_slice(&w(U256::from(word)));
    }
    let mut txs = vec![
        tx::create(0, 0, init_code(&counter_code, &w(U256::from(5u8))), U256::ZERO, GAS),
        tx::create(0, 1, init_code(&probe_code, &immutables), U256::ZERO, GAS),
    ];
    for (i, (data, value)) in calls.iter().enumerate() {
        txs.push(tx::call(0, 2 + i as u64, probe, data.clone(), U256::from(*value), GAS));
    }
    txs
}

/// The allocator proving mode is generic over (the native run needs no accounting).
struct TestAllocator;

impl SystemAllocator for TestAllocator {
    const NAME: &'static str = "test";
    fn allocated_bytes() -> Option<usize> {
        None
    }
}

/// Runs the block forward, then in proving mode over the recorded witness (natively): the system accounts'
/// slots must be proven like any other, and both modes must agree on the public input.
fn run(calls: &[(Vec<u8>, u64)]) -> Block {
    let chain = Chain::default();
    let txs = transactions(calls);
    let run = run_forward_with::<Ees>(chain.block.clone(), chain.state.clone(), txs.clone()).expect("block");
    let witnessed = run_with_witness(chain.block.clone(), chain.state.clone(), txs).expect("witnessed run");
    let summary = |r: &ForwardRun| r.output.receipts.iter().map(|x| (x.status, x.gas_used)).collect::<Vec<_>>();
    assert_eq!(summary(&witnessed.run), summary(&run), "the default EE set is this one");
    let proven = prove_block::<_, TestAllocator>(SliceTape::new(&witnessed.tape)).expect("proving mode");
    assert_eq!(proven.public_input, witnessed.public_input);
    assert!(run.output.rejected.is_empty(), "{:?}", run.output.rejected);
    assert_eq!(run.output.receipts[0].status, ExitStatus::Success);
    assert_eq!(run.output.receipts[1].status, ExitStatus::Success);
    Block { run, probe: ee_evm::create_address(&address_of(0), 1), counter_code: assemble("counter.asm") }
}

impl Block {
    fn outcome(&self, i: usize) -> (ExitStatus, Vec<u8>) {
        let r = &self.run.output.receipts[i + 2];
        (r.status, r.output.clone())
    }
    fn gas(&self) -> Vec<u64> {
        self.run.output.receipts[2..].iter().map(|r| r.gas_used).collect()
    }
}

fn ok(v: impl Into<U256>) -> (ExitStatus, Vec<u8>) {
    (ExitStatus::Success, w(v.into()).to_vec())
}

fn refused() -> (ExitStatus, Vec<u8>) {
    (ExitStatus::Revert, Vec::new())
}

#[test]
fn environment_balances_and_hashing() {
    let context = sys(0x800b);
    let getter = |s: &str| probe(context, no_regs(), &abi(s, &[]));
    let b = run(&[
        (getter("chainId()"), 0),
        (getter("getBlockNumber()"), 0),
        (getter("getBlockTimestamp()"), 0),
        (getter("origin()"), 0),
        (getter("gasPrice()"), 0),
        (getter("coinbase()"), 0),
        (getter("baseFee()"), 0),
        (getter("blockGasLimit()"), 0),
        (getter("getBlockNumberAndTimestamp()"), 0),
        (probe(context, no_regs(), &[0xde, 0xad, 0xbe, 0xef]), 0),
        (probe(sys(0x800a), no_regs(), &abi("balanceOf(uint256)", &[a(address_of(1))])), 0),
        (probe(sys(0x800a), no_regs(), &abi("transferFromTo(address,address,uint256)", &[])), 0),
        (probe(sys(0x8010), no_regs(), b"hello zkos"), 0),
    ]);
    let block = &Chain::default().block;
    assert_eq!(b.outcome(0), ok(U256::from(block.chain_id)));
    assert_eq!(b.outcome(1), ok(U256::from(block.number)));
    assert_eq!(b.outcome(2), ok(U256::from(block.timestamp)));
    assert_eq!(b.outcome(3), ok(a(address_of(0))), "tx.origin");
    assert_eq!(b.outcome(4), ok(U256::from(tx::FEE)), "the effective gas price");
    assert_eq!(b.outcome(5), ok(a(block.coinbase)));
    assert_eq!(b.outcome(6), ok(block.base_fee));
    assert_eq!(b.outcome(7), ok(U256::from(block.gas_limit)));
    let mut both = w(U256::from(block.number)).to_vec();
    both.extend_from_slice(&w(U256::from(block.timestamp)));
    assert_eq!(b.outcome(8), (ExitStatus::Success, both));
    assert_eq!(b.outcome(9), refused(), "an unknown selector");
    assert_eq!(b.outcome(10), ok(U256::from(10u64).pow(U256::from(21u8))), "key 1's balance");
    assert_eq!(b.outcome(11), refused(), "transfers are for system callers");
    assert_eq!(b.outcome(12), ok(keccak256(b"hello zkos").to_word()));
    // 21,000 + calldata + the probe's instructions + the native answer (base 100; balanceOf + 100; keccak
    // + 30 + 6 per word); a refusal costs the base too
    let getter = 22_820;
    assert_eq!(b.gas(), [vec![getter; 10], vec![23_740, getter, 23_060]].concat());
}

#[test]
fn deployment_immutables_and_nonces() {
    let counter = ee_evm::create_address(&address_of(0), 0);
    let probe_address = ee_evm::create_address(&address_of(0), 1);
    let counter_code = assemble("counter.asm");
    let hash = U256::from_be_bytes(code_hash(&counter_code));
    let unknown = hash ^ U256::from(1u8);
    let deployer = sys(0x8006);
    let created = {
        let mut preimage = keccak256(b"zksyncCreate").0.to_vec();
        preimage.extend_from_slice(&w(a(probe_address)));
        preimage.extend_from_slice(&w(U256::from(1u8)));
        Address::from_word(&keccak256(&preimage).to_word())
    };
    let salt = U256::from(0x77u8);
    let input = w(U256::from(3u8));
    let created2 = {
        let mut preimage = keccak256(b"zksyncCreate2").0.to_vec();
        preimage.extend_from_slice(&w(a(probe_address)));
        preimage.extend_from_slice(&w(salt));
        preimage.extend_from_slice(&w(hash));
        preimage.extend_from_slice(&keccak256(&input).0);
        Address::from_word(&keccak256(&preimage).to_word())
    };
    let immutable = |i: u8| abi("getImmutable(address,uint256)", &[a(probe_address), U256::from(i)]);
    let b = run(&[
        (probe(sys(0x8005), no_regs(), &immutable(1)), 0),
        (probe(sys(0x8005), no_regs(), &immutable(7)), 0),
        (probe(sys(0x8004), no_regs(), &abi("getMarker(bytes32)", &[hash])), 0),
        (probe(sys(0x8004), no_regs(), &abi("getMarker(bytes32)", &[unknown])), 0),
        (
            probe(
                deployer,
                no_regs(),
                &create_call("create(bytes32,bytes32,bytes)", U256::ZERO, hash, &w(U256::from(9u8))),
            ),
            0,
        ),
        (probe(sys(0x8003), no_regs(), &abi("getDeploymentNonce(address)", &[a(probe_address)])), 0),
        (probe(deployer, no_regs(), &create_call("create2(bytes32,bytes32,bytes)", salt, hash, &input)), 0),
        (probe(deployer, no_regs(), &create_call("create2(bytes32,bytes32,bytes)", salt, hash, &input)), 0),
        (probe(deployer, no_regs(), &create_call("create(bytes32,bytes32,bytes)", U256::ZERO, unknown, &[])), 0),
        (probe(sys(0x8002), no_regs(), &abi("getRawCodeHash(address)", &[a(created)])), 0),
        (probe(sys(0x8002), no_regs(), &abi("getCodeSize(uint256)", &[a(created)])), 0),
        (probe(sys(0x8002), no_regs(), &abi("getCodeHash(uint256)", &[a(sys(0xe1e1))])), 0),
    ]);
    assert_eq!(b.outcome(0), ok(U256::from(0xdefu16)), "the probe's constructor returned 1 -> 0xdef");
    assert_eq!(b.outcome(1), ok(U256::ZERO));
    assert_eq!(b.outcome(2), ok(U256::from(1u8)), "the counter's 0xEF5A deployment made its code known");
    assert_eq!(b.outcome(3), ok(U256::ZERO));
    assert_eq!(b.outcome(4), ok(a(created)), "create: Era's address from the probe's nonce 1");
    assert_eq!(b.outcome(5), ok(U256::from(2u8)), "create bumped the nonce");
    assert_eq!(b.outcome(6), ok(a(created2)), "create2: Era's salted address");
    assert_eq!(b.outcome(7).0, ExitStatus::Revert, "the same create2 again collides");
    assert_eq!(b.outcome(8), refused(), "unknown code");
    assert_eq!(b.outcome(9), ok(hash), "the versioned hash of the deployed counter");
    assert_eq!(b.outcome(10), ok(U256::from(b.counter_code.len())));
    assert_eq!(b.outcome(11), ok(U256::ZERO), "no account, no hash");
    // the constructors ran with their inputs: slot 0 = 9 and 3; the code is the counter's
    let state = &b.run.post_state.accounts;
    for (address, value) in [(created, 9u8), (created2, 3), (counter, 5)] {
        let account = &state[&address];
        assert_eq!((account.ee_type, account.nonce, &account.code), (ERAVM_EE_TYPE, 1, &b.counter_code));
        assert_eq!(account.storage.get(&U256::ZERO), Some(&U256::from(value)));
    }
    assert_eq!(state[&b.probe].nonce, 2);
    // a deployment costs its constructor's run on top of the call (the code is not charged again)
    assert_eq!(
        b.gas(),
        vec![24_090, 24_090, 24_040, 24_040, 28_623, 23_740, 28_635, 25_440, 25_030, 23_740, 23_740, 23_200]
    );
}

#[test]
fn events_messages_and_value() {
    let probe_address = ee_evm::create_address(&address_of(0), 1);
    let (t1, t2) = (U256::from(0x1111u16), U256::from(0x2222u16));
    let value = |amount: u64, to: Address| [U256::from(amount), a(to), U256::ZERO];
    let mut message = abi("sendToL1(bytes)", &[U256::from(32u8), U256::from(3u8)]);
    message.extend_from_slice(b"msg");
    message.resize(4 + 96, 0);
    let b = run(&[
        (probe(sys(0x800d), [U256::from(2u8), t1, t2], b"event data"), 0),
        (probe(sys(0x800d), [U256::from(5u8), t1, t2], b"five topics"), 0),
        (probe(sys(0x8008), no_regs(), &message), 0),
        // 1000 wei come in with the call; the simulator sends 400 of them on to key 2
        (probe(sys(0x8009), value(400, address_of(2)), &[]), 1_000),
        (probe(sys(0x8009), value(1_000_000, address_of(2)), &[]), 0),
        (probe(sys(0x8009), value(1, sys(0x8009)), &[]), 0),
    ]);
    let r = &b.run.output.receipts[2];
    assert_eq!(r.status, ExitStatus::Success);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, probe_address, "the event is the caller's");
    assert_eq!(r.logs[0].topics, vec![B256::from_word(&t1), B256::from_word(&t2)]);
    assert_eq!(r.logs[0].data, b"event data".to_vec());
    assert_eq!(b.outcome(1), refused(), "more than four topics");
    assert_eq!(b.outcome(2), ok(keccak256(b"msg").to_word()), "sendToL1 returns the message hash");
    assert_eq!(b.outcome(3), (ExitStatus::Success, Vec::new()));
    assert_eq!(b.outcome(4), refused(), "more than the probe holds");
    assert_eq!(b.outcome(5), refused(), "the simulator may not call itself");
    let state = &b.run.post_state.accounts;
    assert_eq!(state[&probe_address].balance, U256::from(600u16));
    assert_eq!(state[&address_of(2)].balance, U256::from(10u64).pow(U256::from(21u8)) + U256::from(400u16));
    // the event: base 100 + 375 + 2 × 375 + 8 × 10 bytes; the value call: the stipend comes back
    assert_eq!(b.gas(), vec![23_507, 23_250, 23_930, 23_290, 23_320, 22_750]);
}
