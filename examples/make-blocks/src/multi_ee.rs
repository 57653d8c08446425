//! `multi-ee.json`: WebAssembly and EVM contracts calling each other (see `docs/execution-environments.md`).
//!
//! Key 0 deploys three WebAssembly contracts with `0xEF57` creations (the counter, the forwarder and the
//! token from `ee-wasm-example/contracts/`); two EVM forwarders and an EVM echo contract are in the
//! pre-state. Then EOA → WASM, EVM → WASM → EVM → WASM nested four deep with value, the same chain with a
//! revert crossing every boundary, a WASM caller surviving a reverting EVM callee, WASM → EVM with value, and
//! an EVM contract moving WASM tokens through the ERC-20 ABI.

use ee_wasm_example::examples::{
    counter_increment, forward, COUNTER_WASM, EVM_ECHO, EVM_FORWARDER, FORWARDER_WASM, TOKEN_WASM,
};
use ee_wasm_example::{init_code, word};
use primitives::{Address, U256};
use serde_json::Value;

use super::{account, address_of, alloc, block, create_address, eip1559, erc20_transfer, signed, GWEI};

/// The outer EVM forwarder.
pub fn evm_forwarder() -> Address {
    Address::from_low_u64(0xe1)
}

/// The inner EVM forwarder.
pub fn evm_forwarder_2() -> Address {
    Address::from_low_u64(0xe2)
}

/// The EVM echo contract.
pub fn evm_echo() -> Address {
    Address::from_low_u64(0xec)
}

/// The block.
pub fn multi_ee() -> Value {
    let deployer = address_of(0);
    let (counter, forwarder, token) =
        (create_address(deployer, 0), create_address(deployer, 1), create_address(deployer, 2));
    let nested = |counter_call: &[u8], mode: u8| {
        forward(0, forwarder, &forward(mode, evm_forwarder_2(), &forward(0, counter, counter_call)))
    };
    let tx = |nonce: u64, to: Option<Address>, value: U256, data: Vec<u8>, gas: u64| {
        signed(0, &eip1559(nonce, to, value, data, gas, 2 * GWEI, GWEI))
    };
    let txs = vec![
        tx(0, None, U256::ZERO, init_code(COUNTER_WASM, &word(5)), 1_000_000),
        tx(1, None, U256::ZERO, init_code(FORWARDER_WASM, &[]), 1_000_000),
        tx(2, None, U256::ZERO, init_code(TOKEN_WASM, &word(1_000)), 1_000_000),
        tx(3, Some(counter), U256::ZERO, counter_increment(3), 100_000),
        tx(4, Some(evm_forwarder()), U256::from(7u8), nested(&counter_increment(10), 0), 300_000),
        tx(5, Some(evm_forwarder()), U256::from(7u8), nested(&[0x03], 0), 300_000),
        tx(6, Some(evm_forwarder()), U256::from(7u8), nested(&[0x03], 1), 300_000),
        tx(7, Some(forwarder), U256::from(1_000u16), forward(0, evm_echo(), b"hello evm"), 200_000),
        tx(8, Some(token), U256::ZERO, erc20_transfer(evm_forwarder(), U256::from(100u8)), 100_000),
        tx(
            9,
            Some(evm_forwarder()),
            U256::ZERO,
            forward(0, token, &erc20_transfer(address_of(1), U256::from(40u8))),
            200_000,
        ),
    ];
    let evm = |code: &[u8]| account(U256::ZERO, 1, code);
    block(
        "Multi-EE: key 0 deploys the WASM counter (count 5), forwarder and token (supply 1000) with 0xEF57 \
         creations; increments the counter by 3; calls EVM fwd 0x..e1 -> WASM fwd -> EVM fwd 0x..e2 -> WASM \
         counter (+10) with 7 wei; the same chain ending in a counter revert (reverted, every level undone); the \
         same with the WASM forwarder in mode 1 swallowing the revert; WASM fwd -> EVM echo 0x..ec with 1000 \
         wei; a token transfer of 100 to EVM fwd 0x..e1, which then transfers 40 to key 1 through the ERC-20 ABI",
        alloc(
            &[0, 1],
            &[
                (evm_forwarder(), evm(&EVM_FORWARDER)),
                (evm_forwarder_2(), evm(&EVM_FORWARDER)),
                (evm_echo(), evm(&EVM_ECHO)),
            ],
        ),
        txs,
    )
}
