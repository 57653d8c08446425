//! The store's oracle against the in-memory one: for the same contents, `StoreView` answers every query
//! (present and absent accounts, slots, code, block hashes) exactly as `InMemoryState` does; and BLOCKHASH
//! in later blocks returns the hashes the chain stored.

use std::collections::BTreeMap;

use bootloader::proving::commit::{block_writes, effective_writes, state_tree};
use fixtures::BlockFile;
use primitives::{Address, Fork, B256, U256};
use system_impl::{InMemoryState, PreState, StateAccount};
use zkos_chain::workload::{self, address_of, context, EVM};
use zkos_chain::{init, StateSource};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zkos-chain-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn store_view_answers_like_the_in_memory_state() {
    let mut state = InMemoryState::new();
    for i in 0..50u64 {
        let mut account = StateAccount { nonce: i % 4, balance: U256::from(i * 1_000_003), ..Default::default() };
        if i % 5 == 0 {
            account.code = vec![0x60, i as u8, 0x00];
            account.ee_type = EVM;
        }
        for s in 0..(i % 4) {
            account.storage.insert(U256::from(s * 77 + i), U256::from(s + 1));
        }
        state.insert_account(Address::from_low_u64(0x1000 + i * 3), account);
    }
    state.block_hashes = (0..10u64).map(|n| (n, B256([n as u8 + 1; 32]))).collect();
    let mut genesis = BlockFile { block: context(Fork::Prague, 10, 1_000), state: state.clone(), transactions: Vec::new() };
    genesis.state.block_hashes = state.block_hashes.clone();
    let dir = temp_dir("oracle");
    let chain = init(&dir, &genesis).expect("init");
    let view = chain.view().expect("view");
    for i in 0..160u64 {
        // Every third address is an account; the others are absent.
        let address = Address::from_low_u64(0x1000 + i);
        assert_eq!(StateSource::account(&view, &address).expect("read"), PreState::account(&state, &address), "{address}");
        for slot in 0..300u64 {
            let slot = U256::from(slot);
            assert_eq!(view.storage(&address, &slot).expect("read"), PreState::storage(&state, &address, &slot));
        }
        if let Some(record) = PreState::account(&state, &address) {
            let stored = StateSource::code(&view, &record.code_hash).expect("read").map(|c| c.bytes().to_vec());
            let memory = PreState::code(&state, &record.code_hash).map(|c| c.bytes().to_vec());
            assert_eq!(stored, memory, "{address} code");
        }
    }
    assert!(StateSource::code(&view, &B256([7; 32])).expect("read").is_none());
    // Block hashes: the seeded ones, the genesis' own (stored by the chain), unknown ones zero.
    for n in 0..10u64 {
        assert_eq!(StateSource::block_hash(&view, n).expect("read"), PreState::block_hash(&state, n));
    }
    assert_eq!(StateSource::block_hash(&view, 10).expect("read"), chain.head().expect("head").hash());
    assert_eq!(StateSource::block_hash(&view, 11).expect("read"), B256::ZERO);
    drop(view);
    drop(chain);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `slot[NUMBER] = BLOCKHASH(NUMBER - 1); slot[NUMBER + 0x10000] = BLOCKHASH(0)`.
const RECORDER: [u8; 18] = [0x60, 0x01, 0x43, 0x03, 0x40, 0x43, 0x55, 0x60, 0x00, 0x40, 0x43, 0x62, 0x01, 0x00, 0x00, 0x01, 0x55, 0x00];

#[test]
fn blockhash_returns_the_stored_hashes() {
    let recorder = Address::from_low_u64(0xb10c);
    let sender = address_of(0).expect("key");
    let mut state = InMemoryState::new();
    state.insert_account(sender, StateAccount { balance: U256::from(10u64).pow(U256::from(18u8)), ..Default::default() });
    state.insert_account(recorder, StateAccount { code: RECORDER.to_vec(), ee_type: EVM, ..Default::default() });
    let genesis = BlockFile { block: context(Fork::Prague, 0, 1_000), state: state.clone(), transactions: Vec::new() };
    let dir = temp_dir("blockhash");
    let mut chain = init(&dir, &genesis).expect("init");
    let mut memory = state;
    let mut tree = state_tree(&memory);
    let mut hashes = BTreeMap::new();
    hashes.insert(0u64, chain.head().expect("head").hash());
    for n in 1..=8u64 {
        let tx = workload::sign(0, n - 1, Some(recorder), U256::ZERO, Vec::new(), 200_000).expect("sign");
        let applied = chain.apply_block(context(Fork::Prague, n, 1_000 + n), vec![tx.clone()]).expect("apply");
        assert_eq!(applied.output.receipts.len(), 1);
        assert!(applied.output.receipts[0].success());
        // The same block in memory, with the chain's hashes as the in-memory state's.
        memory.block_hashes = hashes.clone();
        let mut block = context(Fork::Prague, n, 1_000 + n);
        block.parent_hash = hashes[&(n - 1)];
        let run = bootloader::run_forward(block, memory, vec![tx]).expect("in memory");
        for (k, v) in effective_writes(block_writes(&run.diff), |k| Ok::<_, ()>(tree.get(k).unwrap_or_default())).expect("w") {
            tree.set(k, v);
        }
        assert_eq!(applied.header.state_root, tree.commitment().root, "block {n}");
        memory = run.post_state;
        hashes.insert(n, applied.hash);
    }
    let slots: Vec<U256> = (1..=8u64).flat_map(|n| [U256::from(n), U256::from(n + 0x10000)]).collect();
    let account = chain.account(&recorder, &slots).expect("account");
    for (slot, value) in account.storage {
        let n: u64 = slot.to::<u64>();
        let expected = if n >= 0x10000 { hashes[&0] } else { hashes[&(n - 1)] };
        assert_eq!(B256::from_word(&value), expected, "slot {slot}");
        assert_ne!(expected, B256::ZERO);
    }
    chain.check(true).expect("consistent");
    let _ = std::fs::remove_dir_all(&dir);
}
