//! The example's two blocks over the HashMap store: exact gas, balances, nonces and the counter's slot
//! after each block (block 2 reads what block 1 wrote back into the store).

use primitives::U256;
use zkos_example_own_store::{address, counter_address, example, run_block, secret_key, COINBASE};

#[test]
fn two_blocks_over_the_users_store() {
    let (mut store, [(block1, txs1), (block2, txs2)]) = example();
    let (alice, bob, counter) = (address(&secret_key(1)), address(&secret_key(2)), counter_address());
    let wei = |n: u64| U256::from(n);
    let ether = wei(10).pow(wei(18));
    let balance = |store: &zkos_example_own_store::Store, a| store.account(&a).map(|a| a.balance).unwrap_or_default();

    let out1 = run_block(&mut store, block1, txs1).unwrap();
    assert!(out1.rejected.is_empty(), "{:?}", out1.rejected);
    let gas1: Vec<u64> = out1.receipts.iter().map(|r| r.gas_used).collect();
    assert_eq!(out1.receipts[0].contract_address, Some(counter));
    assert_eq!(gas1, [GAS_DEPLOY, 21_000]);
    assert_eq!(out1.gas_used, GAS_DEPLOY + 21_000);
    assert_eq!(store.slot(&counter, &U256::ZERO), wei(41));
    assert_eq!(store.account(&counter).map(|a| (a.nonce, a.ee_type.0)), Some((1, 1)));
    // Gas is paid at base fee 7 + tip 1 = 8 wei; the coinbase earns the tip.
    assert_eq!(balance(&store, alice), ether * wei(9) - wei(8 * (GAS_DEPLOY + 21_000)));
    assert_eq!(balance(&store, bob), ether * wei(11));
    assert_eq!(balance(&store, COINBASE), wei(GAS_DEPLOY + 21_000));

    let out2 = run_block(&mut store, block2, txs2).unwrap();
    let gas2: Vec<u64> = out2.receipts.iter().map(|r| r.gas_used).collect();
    assert_eq!(gas2, [GAS_INCREMENT, 21_000]);
    assert_eq!(out2.receipts[0].output, U256::from(42u8).to_be_bytes::<32>().to_vec());
    assert_eq!(store.slot(&counter, &U256::ZERO), wei(42));
    let half = ether / wei(2);
    assert_eq!(balance(&store, alice), ether * wei(9) + half - wei(8 * (GAS_DEPLOY + 21_000)));
    assert_eq!(balance(&store, bob), ether * wei(11) - half - wei(8 * (GAS_INCREMENT + 21_000)));
    assert_eq!(balance(&store, COINBASE), wei(GAS_DEPLOY + GAS_INCREMENT + 2 * 21_000));
    assert_eq!(store.account(&alice).map(|a| a.nonce), Some(2));
    assert_eq!(store.account(&bob).map(|a| a.nonce), Some(2));
}

/// 21,000 + 32,000 (creation) + 448 (28 non-zero bytes of init code at 16) + 2 (its one word, EIP-3860) +
/// the constructor's 22,127 (a fresh cold SSTORE 22,100, CODECOPY 9 with its memory, seven pushes 18) + the
/// deposit of the 14-byte runtime (2,800).
const GAS_DEPLOY: u64 = 21_000 + 32_000 + 448 + 2 + 22_127 + 2_800;
/// 21,000 + a cold SLOAD (2,100) + an SSTORE changing a non-zero slot already warm (2,900) + MSTORE with its
/// memory (6) + eight cheap opcodes (20).
const GAS_INCREMENT: u64 = 21_000 + 2_100 + 2_900 + 6 + 20;
