//! History: a chain of 50+ sequenced blocks (ETH and BenchToken transfers, new accounts, deleted accounts,
//! whole token balances moved so their slots go to zero, a contract deployed and its slot set, cleared and
//! set again), then for several blocks `A`: `state_before(A)` is the state and the tree an in-memory replay
//! from the genesis has after `A − 1` (every account, every leaf and proof, header `A − 1`'s commitment),
//! and running blocks `A..=head` from it with `block_input` reproduces every header and the head's state.
//! Also: the typed errors, a block whose context the header alone cannot give back, and what it costs.

use std::time::Instant;

use bootloader::proving::commit::{block_writes, effective_writes, outputs_hash, state_tree};
use fixtures::BlockFile;
use primitives::{Address, Fork, B256, U256};
use system_api::Withdrawal;
use system_impl::{InMemoryState, StateAccount};
use tree::FullTree;
use zkos_chain::workload::{self, address_of, balance_slot, context, TOKEN};
use zkos_chain::{context_hash, init, Chain, ChainError, StateSource};

const SENDERS: u64 = 12;
const EMPTY: u64 = 3;
const BLOCK_GAS: u64 = 250_000;

/// Init code storing 42 at slot 0 and deploying `PUSH1 0 CALLDATALOAD PUSH1 0 SSTORE STOP` (a call sets
/// slot 0 to its first calldata word).
const DEPLOY: [u8; 24] = [
    0x60, 0x2a, 0x60, 0x00, 0x55, 0x60, 0x07, 0x60, 0x11, 0x60, 0x00, 0x39, 0x60, 0x07, 0x60, 0x00, 0xf3, // init
    0x60, 0x00, 0x35, 0x60, 0x00, 0x55, 0x00, // runtime
];

fn empty_account(i: u64) -> Address {
    Address::from_low_u64(0xdead_0000 + i)
}

/// Funded senders holding tokens, the token, and empty accounts a zero-value transfer deletes.
fn genesis() -> InMemoryState {
    let mut state = InMemoryState::new();
    let senders: Vec<_> = (0..SENDERS).map(|i| address_of(i).expect("key")).collect();
    for a in &senders {
        state.insert_account(*a, StateAccount { balance: U256::from(10u64).pow(U256::from(18u8)), ..Default::default() });
    }
    for i in 0..EMPTY {
        state.insert_account(empty_account(i), StateAccount::default());
    }
    let token = workload::token_account(senders.iter().map(|a| (*a, U256::from(1_000_000u64)))).expect("token");
    let storage = token.storage.into_iter().collect();
    state.insert_account(TOKEN, StateAccount { code: token.code, ee_type: token.ee_type, storage, ..Default::default() });
    state
}

/// The chain, its genesis state and the deployed contract's address.
struct Built {
    chain: Chain,
    dir: std::path::PathBuf,
    genesis: InMemoryState,
    contract: Address,
}

/// Sequences two phases of transactions (the second needs the contract's address and the senders' token
/// balances after the first).
fn build(name: &str) -> Built {
    let dir = std::env::temp_dir().join(format!("zkos-chain-history-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let state = genesis();
    let file = BlockFile { block: context(Fork::Prague, 0, 1_000), state: state.clone(), transactions: Vec::new() };
    let mut chain = init(&dir, &file).expect("init");
    let mut nonces = vec![0u64; SENDERS as usize];
    let mut next = |s: u64| {
        let n = nonces[s as usize];
        nonces[s as usize] += 1;
        n
    };
    let sender = |i: u64| address_of(i % SENDERS).expect("key");
    let mut txs = Vec::new();
    for round in 0..10u64 {
        for s in 0..SENDERS {
            let fresh = round * SENDERS + s;
            let tx = match (round + s) % 4 {
                0 => workload::eth_transfer(s, next(s), Address::from_low_u64(0x5000 + fresh), U256::from(1_000 + fresh)),
                1 => workload::erc20_transfer(s, next(s), &Address::from_low_u64(0x6000 + fresh), U256::from(1 + fresh)),
                2 => workload::erc20_transfer(s, next(s), &sender(s + 1), U256::from(7u8)),
                _ => workload::eth_transfer(s, next(s), sender(s + 5), U256::from(3u8)),
            };
            txs.push(tx.expect("sign"));
        }
        if round == 2 {
            txs.push(workload::sign(0, next(0), None, U256::ZERO, DEPLOY.to_vec(), 200_000).expect("sign"));
        }
        if round == 3 {
            for i in 0..EMPTY {
                txs.push(workload::eth_transfer(1 + i, next(1 + i), empty_account(i), U256::ZERO).expect("sign"));
            }
        }
    }
    let first = chain.sequence(txs, BLOCK_GAS, 2, |_| {}).expect("phase 1");
    assert_eq!((first.rejected, first.skipped.len()), (0, 0));
    let contract = (1..=chain.head().expect("head").number)
        .flat_map(|n| chain.receipts(n).expect("read").expect("receipts"))
        .find_map(|r| r.contract_address)
        .expect("the contract was deployed");

    // Phase 2: senders 0..4 move their whole token balance away (their slots go to zero), the contract's
    // slot is set, cleared and set again, and the mix goes on.
    let mut txs = Vec::new();
    for s in 0..4 {
        let slot = balance_slot(&sender(s));
        let balance = chain.account(&TOKEN, &[slot]).expect("read").storage[0].1;
        assert!(!balance.is_zero());
        txs.push(workload::erc20_transfer(s, next(s), &Address::from_low_u64(0x7000 + s), balance).expect("sign"));
    }
    for round in 0..12u64 {
        if let Some(value) = [(1, 7u64), (4, 0), (6, 9)].iter().find(|(r, _)| *r == round).map(|(_, v)| *v) {
            let data = U256::from(value).to_be_bytes::<32>().to_vec();
            txs.push(workload::sign(5, next(5), Some(contract), U256::ZERO, data, 60_000).expect("sign"));
        }
        for s in 0..SENDERS {
            let fresh = 1_000 + round * SENDERS + s;
            let tx = if s < 4 || (round + s) % 3 == 0 {
                workload::eth_transfer(s, next(s), Address::from_low_u64(0x5000 + fresh % 150), U256::from(fresh))
            } else {
                workload::erc20_transfer(s, next(s), &Address::from_low_u64(0x6000 + fresh % 90), U256::from(2u8))
            };
            txs.push(tx.expect("sign"));
        }
    }
    let second = chain.sequence(txs, BLOCK_GAS, 2, |_| {}).expect("phase 2");
    assert_eq!((second.rejected, second.skipped.len()), (0, 0));
    let head = chain.head().expect("head").number;
    assert!(head >= 50, "{head} blocks");
    for n in 1..=head {
        assert!(chain.receipts(n).expect("read").expect("receipts").iter().all(|r| r.status == 0), "block {n}: a failed tx");
    }
    Built { chain, dir, genesis: state, contract }
}

/// The state and tree after every block, replayed in memory from the genesis (index = block number).
fn replay(chain: &Chain, genesis: &InMemoryState) -> Vec<(InMemoryState, FullTree)> {
    let mut states = vec![(genesis.clone(), state_tree(genesis))];
    let head = chain.head().expect("head").number;
    for n in 1..=head {
        let header = chain.header(n).expect("read").expect("header");
        let (mut state, mut tree) = states[n as usize - 1].clone();
        let txs = chain.block_transactions(n).expect("read").expect("txs");
        let run = bootloader::run_forward(header.context(), state, txs).expect("block");
        apply_tree(&mut tree, &run.diff);
        state = run.post_state;
        states.push((state, tree));
    }
    states
}

/// A block's tree writes, as `run_with_witness` applies them.
fn apply_tree(tree: &mut FullTree, diff: &system_impl::StateDiff) {
    let writes = effective_writes(block_writes(diff), |k| Ok::<_, ()>(tree.get(k).unwrap_or_default())).expect("writes");
    for (k, v) in writes {
        tree.set(k, v);
    }
}

/// Every account of the head state, read from the store, as an `InMemoryState`'s accounts.
fn stored_accounts(chain: &Chain) -> std::collections::BTreeMap<Address, StateAccount> {
    let view = chain.view().expect("view");
    let accounts = view.accounts().expect("accounts");
    accounts
        .into_iter()
        .map(|(address, record)| {
            let code = view.code(&record.code_hash).expect("read").map(|c| c.bytes().to_vec()).unwrap_or_default();
            let storage = view.slots(&address).expect("slots").into_iter().collect();
            (address, StateAccount { nonce: record.nonce, balance: record.balance, code, ee_type: record.ee_type, storage })
        })
        .collect()
}

#[test]
fn any_past_range_re_executes_exactly() {
    let Built { chain, dir, genesis, contract } = build("ranges");
    let head = chain.head().expect("head");
    let reference = replay(&chain, &genesis);
    // The workload did what it is meant to: deletions, a zero slot, the contract's slot cleared and set.
    let last = &reference[head.number as usize].0;
    assert!((0..EMPTY).all(|i| !last.accounts.contains_key(&empty_account(i))), "empty accounts deleted");
    assert!(!last.accounts[&TOKEN].storage.contains_key(&balance_slot(&address_of(0).expect("key"))));
    assert_eq!(last.accounts[&contract].storage.get(&U256::ZERO), Some(&U256::from(9u8)));
    let cleared = (1..=head.number).find(|&n| {
        reference[n as usize].0.accounts.get(&contract).is_some_and(|c| !c.storage.contains_key(&U256::ZERO))
    });
    let deletion = (1..=head.number).find(|&n| !reference[n as usize].0.accounts.contains_key(&empty_account(0)));
    let deploy = (1..=head.number).find(|&n| reference[n as usize].0.accounts.contains_key(&contract));

    let mut starts = vec![1, head.number / 2, head.number];
    starts.extend([cleared, deletion, deploy].into_iter().map(|n| n.expect("the workload's events happened")));
    for a in starts {
        let started = Instant::now();
        let (mut state, mut tree) = chain.state_before(a).expect("state before");
        let elapsed = started.elapsed();
        let before = chain.header(a - 1).expect("read").expect("header");
        let commitment = tree.commitment();
        assert_eq!((commitment.root, commitment.next_free), (before.state_root, before.next_free), "A = {a}");
        let (ref_state, ref_tree) = &reference[a as usize - 1];
        assert_eq!(state.accounts, ref_state.accounts, "A = {a}: the state after block {}", a - 1);
        let mut ref_tree = ref_tree.clone();
        for i in 0..commitment.next_free + 2 {
            assert_eq!(tree.leaf_proof(i), ref_tree.leaf_proof(i), "A = {a}: leaf {i}");
        }
        let absent = tree::keys::account_key(&Address::from_low_u64(0x0bad));
        assert_eq!(tree.read_proof(&absent), ref_tree.read_proof(&absent));
        for n in a..=head.number {
            let header = chain.header(n).expect("read").expect("header");
            let (block, txs) = chain.block_input(n).expect("block input");
            assert_eq!(context_hash(&block), header.context_hash, "block {n}");
            let run = bootloader::run_forward(block, state, txs).expect("block");
            apply_tree(&mut tree, &run.diff);
            let post = tree.commitment();
            assert_eq!((post.root, post.next_free), (header.state_root, header.next_free), "A = {a}, block {n}");
            assert_eq!((run.output.gas_used, outputs_hash(&run.output)), (header.gas_used, header.outputs_hash), "block {n}");
            state = run.post_state;
            state.block_hashes.insert(n, header.hash());
        }
        assert_eq!(state.accounts, stored_accounts(&chain), "A = {a}: the head state");
        eprintln!("history: state_before({a}) of {} blocks took {:.1} ms", head.number, elapsed.as_secs_f64() * 1e3);
    }

    // What history costs.
    let (mut changeset_bytes, mut txs) = (0usize, 0usize);
    for n in 1..=head.number {
        changeset_bytes += chain.changeset(n).expect("read").expect("changeset").encode().len();
        txs += chain.block_transactions(n).expect("read").expect("txs").len();
    }
    eprintln!(
        "history: {} blocks, {txs} txs, changesets {changeset_bytes} bytes ({:.0} per block, {:.1} per tx)",
        head.number,
        changeset_bytes as f64 / head.number as f64,
        changeset_bytes as f64 / txs as f64
    );
    assert!(chain.changeset(0).expect("read").is_none(), "the genesis has no changeset");
    chain.check(true).expect("consistent");
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batches_from_the_store_reproduce_the_stored_headers() {
    let Built { chain, dir, .. } = build("batch");
    let head = chain.head().expect("head").number;
    for (from, to) in [(1, 4), (head / 2, head / 2 + 3), (head - 2, head)] {
        let (state, tree) = chain.state_before(from).expect("state before");
        let blocks = (from..=to).map(|n| chain.block_input(n).expect("block input")).collect();
        let batch = bootloader::proving::batch::run_chain_batch_with_witness::<bootloader::Rollup>(state, Box::new(tree), blocks, false)
            .expect("batch");
        let stored: Vec<_> = (from..=to).map(|n| chain.header(n).expect("read").expect("header")).collect();
        assert_eq!(batch.headers, stored, "blocks {from}..={to}");
    }
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn blocks_without_a_pre_state_are_typed_errors() {
    let Built { chain, dir, .. } = build("errors");
    let head = chain.head().expect("head").number;
    assert_eq!(chain.history_from().expect("read"), 1);
    let at_genesis = chain.state_before(0);
    assert!(matches!(at_genesis, Err(ChainError::NoHistory { number: 0, first: 1 })), "{:?}", at_genesis.err());
    let past = chain.state_before(head + 1);
    assert!(matches!(past, Err(ChainError::NoSuchBlock { number, head: h }) if number == head + 1 && h == head));
    assert!(matches!(chain.block_input(head + 1), Err(ChainError::NoSuchBlock { .. })));
    assert!(chain.state_before(head + 1).err().is_some_and(|e| e.is_rejection()));
    let (block, txs) = chain.block_input(0).expect("the genesis's input");
    assert_eq!((block.number, txs.len()), (0, 0));
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);

    // A chain of only its genesis has no history yet.
    let dir = std::env::temp_dir().join(format!("zkos-chain-history-genesis-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = BlockFile { block: context(Fork::Prague, 0, 1_000), state: genesis(), transactions: Vec::new() };
    let chain = init(&dir, &file).expect("init");
    assert_eq!(chain.history_from().expect("read"), 1);
    assert!(matches!(chain.state_before(0), Err(ChainError::NoHistory { number: 0, first: 1 })));
    assert!(matches!(chain.state_before(1), Err(ChainError::NoSuchBlock { number: 1, head: 0 })));
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_context_the_header_cannot_hold_is_given_back_exactly() {
    let dir = std::env::temp_dir().join(format!("zkos-chain-history-context-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = BlockFile { block: context(Fork::Prague, 0, 1_000), state: genesis(), transactions: Vec::new() };
    let mut chain = init(&dir, &file).expect("init");
    let mut block = context(Fork::Prague, 1, 1_002);
    block.parent_beacon_block_root = Some(B256([0xbe; 32]));
    block.withdrawals = vec![Withdrawal { index: 4, validator_index: 9, address: Address::from_low_u64(0x77), amount_gwei: 5 }];
    block.blob_base_fee = U256::from(5u8);
    let tx = workload::eth_transfer(0, 0, Address::from_low_u64(0x88), U256::from(1u8)).expect("sign");
    let applied = chain.apply_block(block.clone(), vec![tx.clone()]).expect("apply");
    block.parent_hash = chain.header(0).expect("read").expect("genesis").hash();
    assert_ne!(applied.header.context(), block, "the header alone loses these fields");
    let (stored, txs) = chain.block_input(1).expect("block input");
    assert_eq!((stored, txs), (block.clone(), vec![tx]));
    let (state, _) = chain.state_before(1).expect("state before");
    assert_eq!(state.accounts, genesis().accounts);
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}
