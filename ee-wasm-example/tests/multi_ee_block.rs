//! `examples/blocks/multi-ee.json` through the default bootloader: exact receipts and post-state.

use ee_api::ExitStatus;
use primitives::{Address, U256};
use zkos_ee_wasm_example::WASM_EE_TYPE;

#[test]
fn multi_ee_block_runs_exactly() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/blocks/multi-ee.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = fixtures::parse_block_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let run = bootloader::run_forward(file.block, file.state, file.transactions).unwrap_or_else(|e| panic!("{e}"));
    let r = &run.output.receipts;
    assert!(run.output.rejected.is_empty());
    let summary: Vec<(ExitStatus, u64, usize)> = r.iter().map(|r| (r.status, r.gas_used, r.logs.len())).collect();
    let ok = ExitStatus::Success;
    assert_eq!(
        summary,
        vec![
            (ok, 582_841, 0),
            (ok, 436_201, 0),
            (ok, 816_016, 1),
            (ok, 32_916, 1),
            // EVM -> WASM -> EVM -> WASM counter: the counter's event and one per forwarder.
            (ok, 137_770, 4),
            // The same chain ending in a revert: 3 forwarders' slot writes are now 1 -> 2 (2,900 each, not
            // 20,000), which is why it costs less than the same test on fresh forwarders.
            (ExitStatus::Revert, 86_357, 0),
            (ok, 86_363, 2),
            (ok, 65_867, 1),
            (ok, 57_679, 1),
            (ok, 66_693, 2),
        ]
    );
    assert_eq!(r[5].output, b"counter: fail".to_vec());
    assert_eq!(r[7].output, b"hello evm".to_vec());
    assert_eq!(run.output.gas_used, 2_368_703);

    let (counter, forwarder, token) =
        (r[0].contract_address.unwrap(), r[1].contract_address.unwrap(), r[2].contract_address.unwrap());
    let state = &run.post_state.accounts;
    for a in [counter, forwarder, token] {
        assert_eq!(state[&a].ee_type, WASM_EE_TYPE);
    }
    let slot = |a: Address, k: U256| state[&a].storage.get(&k).copied().unwrap_or_default();
    let (fwd1, fwd2, echo) = (Address::from_low_u64(0xe1), Address::from_low_u64(0xe2), Address::from_low_u64(0xec));
    let key1 = r[0].sender;
    assert_eq!(slot(counter, U256::ZERO), U256::from(18u8), "5 + 3 + 10; the reverted +1s are undone");
    // Forward counts: tx 4 counts once at each level, tx 5 nowhere, tx 6 at the two outer levels, tx 7 once
    // (WASM fwd), tx 9 once (EVM fwd 1).
    assert_eq!(
        (slot(fwd1, U256::ZERO), slot(forwarder, U256::ZERO), slot(fwd2, U256::ZERO)),
        (U256::from(3u8), U256::from(3u8), U256::from(1u8))
    );
    assert_eq!(state[&counter].balance, U256::from(7u8));
    assert_eq!(state[&forwarder].balance, U256::from(7u8), "tx 6's value stayed with the WASM forwarder");
    assert_eq!(state[&echo].balance, U256::from(1_000u16));
    assert_eq!(slot(echo, forwarder.to_word()), U256::from(1_000u16));
    let token_balance = |a: Address| slot(token, a.to_word());
    let key_1 = Address::from_hex("0x2b5ad5c4795c026514f8317c7a215e218dccd6cf").unwrap();
    assert_eq!(
        (token_balance(key1), token_balance(fwd1), token_balance(key_1)),
        (U256::from(900u16), U256::from(60u8), U256::from(40u8))
    );
}
