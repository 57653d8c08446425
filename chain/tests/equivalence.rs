//! A chain built by `sequence` from a generated transaction file (signed ETH and BenchToken transfers from
//! many senders, 100+ blocks) against the same blocks run one at a time with `bootloader::run_forward` on
//! the previous in-memory post-state: the same state root after every block, the same receipts, and the
//! same accounts and slots at the end.

use std::io::BufReader;

use bootloader::proving::commit::{block_writes, effective_writes, state_tree};
use fixtures::BlockFile;
use primitives::{Fork, U256};
use system_impl::{InMemoryState, StateAccount};
use zkos_chain::workload::{self, address_of, context, Rng};
use zkos_chain::{init, StateSource};

const SENDERS: u64 = 48;
const ROUNDS: u64 = 40;
const BLOCK_GAS: u64 = 600_000;

/// Senders 0..SENDERS with ETH and tokens, and the token.
fn genesis_state() -> InMemoryState {
    let mut state = InMemoryState::new();
    let ether = U256::from(10u64).pow(U256::from(18u8));
    let senders: Vec<_> = (0..SENDERS).map(|i| address_of(i).expect("key")).collect();
    for a in &senders {
        state.insert_account(*a, StateAccount { balance: ether, ..Default::default() });
    }
    let token = workload::token_account(senders.iter().map(|a| (*a, U256::from(1_000_000u64)))).expect("token");
    state.insert_account(
        token.address,
        StateAccount { code: token.code, ee_type: token.ee_type, storage: token.storage.into_iter().collect(), ..Default::default() },
    );
    state
}

/// Round-robin transfers; every third an ETH transfer, the rest token transfers, to random recipients
/// (senders and fresh addresses); plus one transaction too big for any block, one undecodable and one with
/// a nonce from the future.
fn transactions() -> Vec<Vec<u8>> {
    let mut rng = Rng(7);
    let mut txs = Vec::new();
    for round in 0..ROUNDS {
        for s in 0..SENDERS {
            let to = if rng.below(2) == 0 {
                address_of(rng.below(SENDERS)).expect("key")
            } else {
                primitives::Address::from_low_u64(0x5000 + rng.below(500))
            };
            let tx = if (s + round) % 3 == 0 {
                workload::eth_transfer(s, round, to, U256::from(1 + rng.below(1000)))
            } else {
                workload::erc20_transfer(s, round, &to, U256::from(1 + rng.below(100)))
            };
            txs.push(tx.expect("sign"));
        }
        if round == 3 {
            txs.push(workload::sign(0, 99, None, U256::ZERO, vec![0; 4], BLOCK_GAS + 1).expect("sign"));
            txs.push(vec![0x02, 0xc0]);
            txs.push(workload::eth_transfer(1, 1_000, address_of(2).expect("key"), U256::from(1u8)).expect("sign"));
        }
    }
    txs
}

#[test]
fn sequenced_chain_equals_in_memory_replay() {
    let dir = std::env::temp_dir().join(format!("zkos-chain-equivalence-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let tx_file = dir.join("txs.hex");
    workload::write_tx_file(&tx_file, &transactions()).expect("write tx file");

    let state = genesis_state();
    let genesis = BlockFile { block: context(Fork::Prague, 0, 1_000), state: state.clone(), transactions: Vec::new() };
    let mut chain = init(&dir.join("store"), &genesis).expect("init");
    let reader = BufReader::new(std::fs::File::open(&tx_file).expect("open tx file"));
    let txs: Vec<Vec<u8>> = workload::read_tx_lines(reader).collect::<Result<_, _>>().expect("read tx file");
    let mut progress_calls = 0u64;
    let report = chain.sequence(txs, BLOCK_GAS, 2, |_| progress_calls += 1).expect("sequence");
    assert!(report.blocks >= 100, "{} blocks", report.blocks);
    assert_eq!(progress_calls, report.blocks);
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(report.skipped[0].reason.contains("exceeds the block gas limit"));
    assert!(report.skipped[1].reason.contains("undecodable"));
    assert_eq!(report.rejected, 1, "the future nonce");
    assert_eq!(report.included, SENDERS * ROUNDS);

    // The reference: each stored block's transactions run in memory on the previous post-state.
    let mut memory = state;
    let mut tree = state_tree(&memory);
    let head = chain.head().expect("head");
    for n in 1..=head.number {
        let header = chain.header(n).expect("read").expect("header");
        let txs = chain.block_transactions(n).expect("read").expect("txs");
        let run = bootloader::run_forward(header.context(), memory, txs).expect("in-memory block");
        let writes = effective_writes(block_writes(&run.diff), |k| Ok::<_, ()>(tree.get(k).unwrap_or_default())).expect("writes");
        for (k, v) in writes {
            tree.set(k, v);
        }
        let commitment = tree.commitment();
        assert_eq!((header.state_root, header.next_free), (commitment.root, commitment.next_free), "block {n}");
        assert_eq!(header.gas_used, run.output.gas_used, "block {n} gas");
        let receipts = chain.receipts(n).expect("read").expect("receipts");
        assert_eq!(receipts.len(), run.output.receipts.len(), "block {n} receipts");
        for (a, b) in receipts.iter().zip(&run.output.receipts) {
            assert_eq!((a.tx_hash, a.gas_used, a.status == 0), (b.tx_hash, b.gas_used, b.success()), "block {n}");
        }
        memory = run.post_state;
    }

    // Every account and slot, both ways.
    let view = chain.view().expect("view");
    let stored = view.accounts().expect("accounts");
    assert_eq!(stored.len(), memory.accounts.len());
    for (address, record) in &stored {
        assert_eq!(Some(record.clone()), system_impl::PreState::account(&memory, address), "{address}");
        let slots: std::collections::BTreeMap<_, _> = view.slots(address).expect("slots").into_iter().collect();
        assert_eq!(&slots, &memory.accounts[address].storage, "{address} storage");
        assert_eq!(view.account(address).expect("read"), system_impl::PreState::account(&memory, address));
    }
    let check = chain.check(true).expect("consistent");
    assert_eq!(check.head, head.number);
    eprintln!(
        "equivalence: {} blocks, {} included, {} rejected, {} skipped, {:.0} tx/s",
        report.blocks,
        report.included,
        report.rejected,
        report.skipped.len(),
        report.tx_per_second()
    );
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}
