//! The ERC-20 state test of `shared/evmbench/erc20/` (`erc20_benchtoken`, data index 0) rebuilt by hand:
//! BenchToken's runtime code at `0x…0e20e2` with `balanceOf[sender] = totalSupply = 10^30` preset, a sender
//! with 1000 ether, base fee 10 and a legacy transaction at gas price 10 calling `transfer(0xbeef, 1000)`.
//! It must use exactly 51,173 gas (the fixture's post-state balance says so) and leave the balances right.
//!
//! The runtime code is read from the shared folder at run time; without it the test prints SKIP and passes.

use ee_api::ExitStatus;
use primitives::{keccak256, Address, Fork, B256, U256};
use test_utils::Chain;
use transactions::{Transaction, TxType};

const RUNTIME_HEX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/evmbench/erc20/BenchToken.runtime.hex");
/// The state test's sender key (the usual Ethereum-tests key of `0xa94f…0b`).
const SECRET_KEY: &str = "45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
const TOKEN: Address = Address::from_low_u64(0x0e20e2);
const RECIPIENT: Address = Address::from_low_u64(0xbeef);
/// The gas the fixture's post-state implies: (0x3635c9adc5dea00000 − 0x3635c9adc5de98310e) / 10.
const EXPECTED_GAS: u64 = 51_173;

fn hex_address(s: &str) -> Address {
    Address::from_hex(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn hex_u256(s: &str) -> U256 {
    U256::from_str_radix(s, 16).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// `balanceOf[owner]`'s slot: `keccak(pad32(owner) ++ pad32(0))`.
fn balance_slot(owner: Address) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(&owner.0);
    keccak256(&preimage).to_word()
}

fn secret() -> [u8; 32] {
    let bytes = primitives::decode_hex(SECRET_KEY).unwrap_or_default();
    bytes.try_into().unwrap_or_else(|_| panic!("bad key"))
}

fn transfer_calldata(to: Address, amount: U256) -> Vec<u8> {
    let mut data = vec![0xa9, 0x05, 0x9c, 0xbb];
    data.extend_from_slice(&to.to_word().to_be_bytes::<32>());
    data.extend_from_slice(&amount.to_be_bytes::<32>());
    data
}

/// Runs the state test's transaction under `fork` (legacy; `chain_id` `None` = pre-EIP-155 like the fixture).
fn run_transfer(runtime: &[u8], fork: Fork, chain_id: Option<u64>) {
    let sender = transactions::signing::address_from_secret_key(&secret()).unwrap_or_default();
    assert_eq!(sender, hex_address("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"));
    let supply = U256::from(10u64).pow(U256::from(30u8));
    let thousand_ether = U256::from(10u64).pow(U256::from(21u8));
    let coinbase = hex_address("0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba");

    // The fixture's env and pre-state, exactly.
    let mut chain = Chain::new(fork);
    chain.state = Default::default();
    chain.block.coinbase = coinbase;
    chain.block.gas_limit = 100_000_000;
    chain.block.number = 1;
    chain.block.timestamp = 1_000;
    chain.block.prev_randao = B256::from_word(&U256::from(1u8));
    chain.block.base_fee = U256::from(10u8);
    chain.fund(sender, thousand_ether);
    chain.deploy(TOKEN, runtime.to_vec());
    chain.store(TOKEN, balance_slot(sender), supply);
    chain.store(TOKEN, U256::from(2u8), supply);
    chain.fund(coinbase, U256::ZERO);
    for address in [TOKEN, coinbase] {
        if let Some(account) = chain.state.accounts.get_mut(&address) {
            account.nonce = 1;
        }
    }

    let tx = Transaction {
        tx_type: TxType::Legacy,
        chain_id,
        nonce: 0,
        gas_limit: 16_000_000,
        gas_price: 10,
        max_priority_fee_per_gas: 10,
        to: Some(TOKEN),
        value: U256::ZERO,
        data: transfer_calldata(RECIPIENT, U256::from(1_000u32)),
        ..Transaction::default()
    };
    let raw = transactions::signing::sign_transaction(&tx, &secret()).unwrap_or_default();
    let run = chain.run(vec![raw]);
    let out = &run.output;
    assert!(out.rejected.is_empty(), "{fork}: {:?}", out.rejected);
    assert_eq!(out.receipts.len(), 1);
    let receipt = &out.receipts[0];
    assert_eq!(receipt.status, ExitStatus::Success, "{fork}");
    assert_eq!(receipt.gas_used, EXPECTED_GAS, "{fork} chain id {chain_id:?}");
    assert_eq!(out.gas_used, EXPECTED_GAS);
    let mut returned_true = [0u8; 32];
    returned_true[31] = 1;
    assert_eq!(receipt.output, returned_true.to_vec());
    assert_eq!(receipt.logs.len(), 1);
    assert_eq!(receipt.logs[0].address, TOKEN);
    assert_eq!(receipt.logs[0].topics[1], B256::from_word(&sender.to_word()));
    assert_eq!(receipt.logs[0].topics[2], B256::from_word(&RECIPIENT.to_word()));

    let post = &run.post_state.accounts;
    let token = &post[&TOKEN];
    assert_eq!(token.storage.get(&balance_slot(sender)).copied(), Some(supply - U256::from(1_000u32)));
    assert_eq!(token.storage.get(&balance_slot(RECIPIENT)).copied(), Some(U256::from(1_000u32)));
    assert_eq!(token.storage.get(&U256::from(2u8)).copied(), Some(supply));
    assert_eq!(token.storage.len(), 3);
    assert_eq!(token.code, runtime);
    let sender_account = &post[&sender];
    assert_eq!(sender_account.nonce, 1);
    assert_eq!(sender_account.balance, thousand_ether - U256::from(EXPECTED_GAS * 10));
    // The fixture's expected balance, verbatim.
    assert_eq!(sender_account.balance, hex_u256("3635c9adc5de98310e"));
    // Gas price = base fee: the coinbase earns nothing.
    assert_eq!(post[&coinbase].balance, U256::ZERO);
    assert!(!post.contains_key(&RECIPIENT), "0xbeef only gets a token balance, not an account");
    assert_eq!(post.len(), 3);
}

fn runtime_or_skip() -> Option<Vec<u8>> {
    match std::fs::read_to_string(RUNTIME_HEX) {
        Ok(text) => Some(primitives::decode_hex(text.trim()).unwrap_or_else(|e| panic!("{RUNTIME_HEX}: {e}"))),
        Err(e) => {
            eprintln!("SKIP erc20_gas: BenchToken runtime not available at {RUNTIME_HEX} ({e}); needs ../shared/");
            None
        }
    }
}

#[test]
fn erc20_transfer_uses_51173_gas_prague() {
    let Some(runtime) = runtime_or_skip() else { return };
    run_transfer(&runtime, Fork::Prague, None);
    run_transfer(&runtime, Fork::Prague, Some(1));
}

#[test]
fn erc20_transfer_uses_51173_gas_cancun() {
    let Some(runtime) = runtime_or_skip() else { return };
    run_transfer(&runtime, Fork::Cancun, None);
}
