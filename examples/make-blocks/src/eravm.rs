//! `eravm.json`: EraVM and EVM contracts calling each other, with value, return data, a revert and events
//! (see `docs/execution-environments.md`).
//!
//! The EraVM contract is the vault of `examples/eravm/vault.asm`, embedded as the bytecode that
//! `zkevm-assembly` makes of it (`vault.hex` beside it; `ee-eravm/tests/block.rs` checks the two agree).
//! Command byte `calldata[0]`: 0 deposits `msg.value` (slot 0 += value, a `Deposit(address indexed, uint256)`
//! event through the EventWriter system contract, returns the total); 1 pays `amount` wei to `target` with a
//! payload through the MsgValueSimulator (`1 ‖ target word ‖ amount word ‖ payload`) and returns the callee's
//! output or reverts with it; 2 reverts with the would-be total + 100. The EVM forwarder and echo contracts
//! of `multi-ee.json` are in the pre-state.

use ee_eravm::init_code;
use ee_wasm_example::examples::{forward, EVM_ECHO, EVM_FORWARDER};
use ee_wasm_example::word;
use primitives::{Address, U256};
use serde_json::Value;

use super::multi_ee::{evm_echo, evm_forwarder};
use super::{account, address_of, alloc, block, create_address, eip1559, signed, GWEI};

/// The vault's EraVM bytecode (`examples/eravm/vault.hex`, assembled from `vault.asm`).
pub fn vault_code() -> Vec<u8> {
    match primitives::decode_hex(include_str!("../../eravm/vault.hex").trim()) {
        Ok(code) => code,
        Err(e) => panic!("examples/eravm/vault.hex: {e}"),
    }
}

/// Vault calldata for a deposit.
pub fn deposit() -> Vec<u8> {
    vec![0]
}

/// Vault calldata: pay `amount` wei to `target` with `payload`.
pub fn pay(target: Address, amount: u64, payload: &[u8]) -> Vec<u8> {
    let mut data = vec![0u8; 32];
    data[0] = 1;
    data.extend_from_slice(&target.to_word().to_be_bytes::<32>());
    data.extend_from_slice(&U256::from(amount).to_be_bytes::<32>());
    data.extend_from_slice(payload);
    data
}

/// Vault calldata for the reverting command.
pub fn fail() -> Vec<u8> {
    vec![2]
}

/// The block.
pub fn eravm() -> Value {
    let vault = create_address(address_of(0), 0);
    let tx = |key: u64, nonce: u64, to: Option<Address>, value: u64, data: Vec<u8>, gas: u64| {
        signed(key, &eip1559(nonce, to, U256::from(value), data, gas, 2 * GWEI, GWEI))
    };
    let fwd = Some(evm_forwarder());
    let txs = vec![
        tx(0, 0, None, 0, init_code(&vault_code(), &word(0)), 1_000_000),
        tx(0, 1, Some(vault), 1_000, deposit(), 200_000),
        tx(0, 2, fwd, 7, forward(0, vault, &deposit()), 300_000),
        tx(0, 3, fwd, 0, forward(0, vault, &pay(evm_echo(), 300, b"hello from eravm")), 300_000),
        tx(0, 4, Some(vault), 0, pay(evm_forwarder(), 50, &forward(0, vault, &deposit())), 300_000),
        tx(0, 5, fwd, 0, forward(0, vault, &fail()), 300_000),
        tx(1, 0, Some(vault), 0, pay(address_of(1), 500, &[]), 200_000),
        tx(1, 1, Some(vault), 0, pay(evm_echo(), 1_000_000, b"too much"), 200_000),
    ];
    let evm = |code: &[u8]| account(U256::ZERO, 1, code);
    block(
        "EraVM: key 0 deploys the EraVM vault (examples/eravm/vault.asm) with a 0xEF5A creation; deposits 1000 \
         wei (Deposit event through the EventWriter); EVM fwd 0x..e1 -> vault deposit with 7 wei; EVM fwd -> vault \
         pays 300 wei to the EVM echo 0x..ec through the MsgValueSimulator, the echo's output returns through both; \
         the vault pays 50 wei to EVM fwd -> vault deposit (EraVM -> EVM -> EraVM); EVM fwd -> vault revert \
         (reverted at both levels); key 1 makes the vault pay 500 wei to key 1, then asks for more than the vault \
         holds (the simulator refuses, the vault reverts)",
        alloc(&[0, 1], &[(evm_forwarder(), evm(&EVM_FORWARDER)), (evm_echo(), evm(&EVM_ECHO))]),
        txs,
    )
}
