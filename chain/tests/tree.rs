//! The stored tree against `tree::FullTree`: the same sets in the same order give the same commitment
//! after every batch (random keys, updates of old keys, new keys between old ones, repeated keys in one
//! batch, empty batches), and a genesis written in bulk has exactly `state_tree(alloc)`'s root.

use std::collections::BTreeMap;

use bootloader::proving::commit::state_tree;
use primitives::{Address, B256, U256};
use system_impl::{InMemoryState, StateAccount};
use tree::FullTree;
use zkos_chain::workload::{context, Rng, EVM};
use zkos_chain::{init_accounts, Chain, StoreOptions};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zkos-chain-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn random_b256(rng: &mut Rng) -> B256 {
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    B256(out)
}

fn empty_chain(name: &str) -> (Chain, std::path::PathBuf) {
    let dir = temp_dir(name);
    let genesis = context(primitives::Fork::Prague, 0, 1);
    let chain = init_accounts(&dir, &genesis, Vec::new(), &BTreeMap::new(), StoreOptions::default()).expect("init");
    (chain, dir)
}

#[test]
fn random_sequences_match_full_tree() {
    for seed in 0..6u64 {
        let (mut chain, dir) = empty_chain(&format!("tree-{seed}"));
        let mut full = FullTree::new();
        let mut rng = Rng(seed * 7919 + 1);
        let mut keys: Vec<B256> = Vec::new();
        for batch in 0..40 {
            let size = match rng.below(5) {
                0 => 0,
                1 => 1,
                2 => rng.below(8) as usize,
                _ => rng.below(120) as usize,
            };
            let mut sets = Vec::with_capacity(size);
            for _ in 0..size {
                let key = match rng.below(4) {
                    // An existing key again (an update, possibly twice in this batch).
                    0 | 1 if !keys.is_empty() => keys[rng.below(keys.len() as u64) as usize],
                    // A key right next to an existing one (neighbour search at its edge).
                    2 if !keys.is_empty() => {
                        let mut k = keys[rng.below(keys.len() as u64) as usize];
                        k.0[31] ^= 1;
                        k
                    }
                    _ => random_b256(&mut rng),
                };
                let value = if rng.below(6) == 0 { B256::ZERO } else { random_b256(&mut rng) };
                keys.push(key);
                sets.push((key, value));
            }
            for (k, v) in &sets {
                full.set(*k, *v);
            }
            let stored = chain.tree_sets(&sets).expect("tree sets");
            assert_eq!(stored, full.commitment(), "seed {seed} batch {batch} ({size} sets)");
        }
        assert_eq!(full.commitment(), full.commitment_from_scratch());
        drop(chain);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A state with accounts with and without code and storage, in random address order.
fn random_state(rng: &mut Rng, accounts: usize) -> InMemoryState {
    let mut state = InMemoryState::new();
    for i in 0..accounts {
        let mut address = [0u8; 20];
        address[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
        let mut account =
            StateAccount { nonce: rng.below(5), balance: U256::from(rng.next_u64()), ..Default::default() };
        if i % 3 == 0 {
            account.code = vec![0x60, (i % 256) as u8, 0x60, 0x00, 0x55, 0x00];
            account.ee_type = EVM;
        }
        for _ in 0..rng.below(6) {
            account.storage.insert(U256::from(rng.below(1000)), U256::from(rng.next_u64() | 1));
        }
        state.insert_account(Address(address), account);
    }
    state
}

#[test]
fn bulk_genesis_equals_state_tree() {
    let mut rng = Rng(42);
    for (n, accounts) in [0usize, 1, 5, 300].into_iter().enumerate() {
        let state = random_state(&mut rng, accounts);
        let dir = temp_dir(&format!("bulk-{n}"));
        let genesis = context(primitives::Fork::Prague, 0, 1);
        let chain = init_accounts(&dir, &genesis, zkos_chain::accounts_of(&state), &BTreeMap::new(), StoreOptions::default())
            .expect("init");
        let status = chain.status().expect("status");
        let expected = state_tree(&state).commitment();
        assert_eq!((status.state_root, status.next_free_index), (expected.root, expected.next_free), "{accounts} accounts");
        let report = chain.check(true).expect("full check");
        assert_eq!(report.accounts, accounts as u64);
        drop(chain);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn genesis_refuses_unsorted_accounts_and_leaves_no_chain() {
    let dir = temp_dir("unsorted");
    let genesis = context(primitives::Fork::Prague, 0, 1);
    let a = zkos_chain::GenesisAccount { address: Address::from_low_u64(2), ..Default::default() };
    let b = zkos_chain::GenesisAccount { address: Address::from_low_u64(1), ..Default::default() };
    let err = init_accounts(&dir, &genesis, vec![a.clone(), b.clone()], &BTreeMap::new(), StoreOptions::default());
    assert!(matches!(err, Err(zkos_chain::ChainError::InvalidGenesis(_))), "{:?}", err.err());
    assert!(matches!(Chain::open(&dir), Err(zkos_chain::ChainError::NotInitialized(_))));
    // The failed init committed nothing: a correct one goes through on the same directory.
    init_accounts(&dir, &genesis, vec![b, a], &BTreeMap::new(), StoreOptions::default()).expect("init after a refused one");
    let _ = std::fs::remove_dir_all(&dir);
}
