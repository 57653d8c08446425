//! The example blocks of `examples/blocks/` run through `zkos run`'s library entry point, with exact receipts,
//! rejections and post-states; and the `zkos` binary's exit codes for bad input.
//!
//! The blocks are written by `examples/make-blocks` (keys: key `i` is the secret `i + 1`; base fee 1 gwei;
//! coinbase `0x…c0ffee`). Gas figures are cross-checked against the BenchToken state test: a `transfer` to a
//! recipient whose balance slot is zero, from a sender whose slot is non-zero, costs 29,805 gas of execution
//! on top of 21,000 and the calldata (51,173 in the state test, whose calldata costs 368).

use std::path::{Path, PathBuf};
use std::process::Command;

use bootloader::{ForwardRun, InvalidTransaction, Receipt};
use ee_api::ExitStatus;
use primitives::{keccak256, Address, B256, U256};
use serde_json::Value;
use transactions::TxType;
use zkos_cli::run::{run_block_file, RunError};

const GWEI: u64 = 1_000_000_000;
/// The ERC-20 `Transfer(address,address,uint256)` event topic.
const TRANSFER_TOPIC: &str = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
/// Execution gas of a BenchToken `transfer` to a fresh recipient (state test: 51,173 − 21,000 − 368).
const TRANSFER_EXECUTION_GAS: u64 = 29_805;
/// The address key 0 deploys its first contract to (`keccak(rlp([key 0, 0]))`).
const TOKEN: &str = "0xf2e246bb76df876cef8b38ae84130f4f55de395b";

fn block_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("examples").join("blocks").join(name)
}

fn run(name: &str) -> (ForwardRun, Value, String) {
    match run_block_file(&block_path(name), None) {
        Ok(result) => result,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn key(index: u64) -> Address {
    let mut secret = [0u8; 32];
    secret[24..].copy_from_slice(&(index + 1).to_be_bytes());
    transactions::signing::address_from_secret_key(&secret).unwrap_or_default()
}

fn addr(hex: &str) -> Address {
    Address::from_hex(hex).unwrap_or_else(|e| panic!("{hex}: {e}"))
}

fn coinbase() -> Address {
    Address::from_low_u64(0xc0ffee)
}

fn fresh() -> Address {
    Address::from_low_u64(0xf00d)
}

fn ether(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u8))
}

fn milliether(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(15u8))
}

fn gwei(n: u64) -> U256 {
    U256::from(n) * U256::from(GWEI)
}

fn balance(run: &ForwardRun, address: Address) -> U256 {
    run.post_state.accounts.get(&address).map(|a| a.balance).unwrap_or_default()
}

fn nonce(run: &ForwardRun, address: Address) -> u64 {
    run.post_state.accounts.get(&address).map(|a| a.nonce).unwrap_or_default()
}

fn slot(run: &ForwardRun, address: Address, key: U256) -> U256 {
    run.post_state.accounts.get(&address).and_then(|a| a.storage.get(&key)).copied().unwrap_or_default()
}

/// `balanceOf[owner]`'s slot: `keccak(pad32(owner) ++ pad32(0))`.
fn balance_slot(owner: Address) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(&owner.0);
    keccak256(&preimage).to_word()
}

fn topic(address: Address) -> B256 {
    B256::from_word(&address.to_word())
}

fn word(value: U256) -> Vec<u8> {
    value.to_be_bytes::<32>().to_vec()
}

/// Calldata gas of BenchToken `transfer(to, amount)`: 4 per zero byte, 16 per non-zero byte.
fn calldata_gas(data: &[u8]) -> u64 {
    data.iter().map(|&b| if b == 0 { 4 } else { 16 }).sum()
}

fn transfer_calldata(to: Address, amount: U256) -> Vec<u8> {
    let mut data = vec![0xa9, 0x05, 0x9c, 0xbb];
    data.extend(word(to.to_word()));
    data.extend(word(amount));
    data
}

fn gas_list(receipts: &[Receipt]) -> Vec<u64> {
    receipts.iter().map(|r| r.gas_used).collect()
}

fn cumulative(receipts: &[Receipt]) -> Vec<u64> {
    receipts.iter().map(|r| r.cumulative_gas_used).collect()
}

fn indexes(receipts: &[Receipt]) -> Vec<usize> {
    receipts.iter().map(|r| r.tx_index).collect()
}

fn transfer_log_check(receipt: &Receipt, token: Address, from: Address, to: Address, amount: U256) {
    assert_eq!(receipt.logs.len(), 1, "tx {}: one Transfer log", receipt.tx_index);
    let log = &receipt.logs[0];
    assert_eq!(log.address, token);
    assert_eq!(log.topics, vec![B256::from_hex(TRANSFER_TOPIC).unwrap_or_default(), topic(from), topic(to)]);
    assert_eq!(log.data, word(amount));
}

#[test]
fn eth_transfers() {
    let (run, json, summary) = run("eth-transfers.json");
    let out = &run.output;
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(indexes(&out.receipts), vec![0, 1, 2, 3]);
    // 21,000 each; the EIP-2930 one pays 2,400 for its one access-list address.
    assert_eq!(gas_list(&out.receipts), vec![21_000, 23_400, 21_000, 21_000]);
    assert_eq!(cumulative(&out.receipts), vec![21_000, 44_400, 65_400, 86_400]);
    assert_eq!(out.gas_used, 86_400);
    let types: Vec<TxType> = out.receipts.iter().map(|r| r.tx_type).collect();
    assert_eq!(types, vec![TxType::Legacy, TxType::Eip2930, TxType::Eip1559, TxType::Eip1559]);
    let senders: Vec<Address> = out.receipts.iter().map(|r| r.sender).collect();
    assert_eq!(senders, vec![key(0), key(1), key(2), key(0)]);
    for r in &out.receipts {
        assert_eq!(r.status, ExitStatus::Success);
        assert!(r.logs.is_empty() && r.contract_address.is_none() && r.output.is_empty());
    }

    // Prices: legacy and EIP-2930 pay 2 gwei; EIP-1559 pays min(3, 1 + 1) = 2 gwei and min(2, 1 + 0) = 1 gwei.
    assert_eq!(balance(&run, key(0)), ether(100) - ether(1) - milliether(250) - gwei(21_000 * 2) - gwei(21_000));
    assert_eq!(balance(&run, key(1)), ether(100) + ether(1) - milliether(500) - gwei(23_400 * 2));
    assert_eq!(balance(&run, key(2)), ether(100) + milliether(500) - ether(2) + milliether(250) - gwei(21_000 * 2));
    assert_eq!(balance(&run, fresh()), ether(2));
    assert_eq!((nonce(&run, key(0)), nonce(&run, key(1)), nonce(&run, key(2)), nonce(&run, fresh())), (2, 1, 1, 0));
    // The coinbase earns 1 gwei per gas on the first three and nothing on the last.
    assert_eq!(balance(&run, coinbase()), gwei(21_000 + 23_400 + 21_000));
    assert_eq!(run.post_state.accounts.len(), 5);

    assert_eq!(json["gasUsed"], "0x15180");
    assert_eq!(json["receipts"][1]["gasUsed"], "0x5b68");
    assert_eq!(json["receipts"][3]["cumulativeGasUsed"], "0x15180");
    assert_eq!(json["rejected"], Value::Array(Vec::new()));
    assert_eq!(json["alloc"][fresh().to_string()]["balance"], "0x1bc16d674ec80000");
    assert!(summary.contains("block: 4 included, 0 rejected, 86400 gas used\n"), "{summary}");
}

#[test]
fn erc20() {
    let (run, json, summary) = run("erc20.json");
    let out = &run.output;
    let token = addr(TOKEN);
    let supply = ether(1_000_000);
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(indexes(&out.receipts), vec![0, 1, 2, 3]);
    // Deployment: intrinsic 79,744 + constructor 46,562 + 1,518 bytes of runtime code at 200 gas each.
    // Transfers: 21,000 + calldata + 29,805 (same path as the state test); balanceOf: one cold SLOAD.
    let t1 = 21_000 + calldata_gas(&transfer_calldata(key(1), ether(1_000))) + TRANSFER_EXECUTION_GAS;
    let t2 =
        21_000 + calldata_gas(&transfer_calldata(Address::from_low_u64(0xbeef), ether(250))) + TRANSFER_EXECUTION_GAS;
    assert_eq!((t1, t2), (51_449, 51_233));
    assert_eq!(gas_list(&out.receipts), vec![429_906, 51_449, 51_233, 24_018]);
    assert_eq!(out.gas_used, 556_606);
    for r in &out.receipts {
        assert_eq!(r.status, ExitStatus::Success, "tx {}", r.tx_index);
    }
    let created: Vec<Option<Address>> = out.receipts.iter().map(|r| r.contract_address).collect();
    assert_eq!(created, vec![Some(token), None, None, None]);

    transfer_log_check(&out.receipts[0], token, Address::ZERO, key(0), supply);
    transfer_log_check(&out.receipts[1], token, key(0), key(1), ether(1_000));
    transfer_log_check(&out.receipts[2], token, key(0), Address::from_low_u64(0xbeef), ether(250));
    assert!(out.receipts[3].logs.is_empty());
    assert_eq!(out.receipts[1].output, word(U256::from(1u8)), "transfer returns true");
    assert_eq!(out.receipts[3].output, word(ether(1_000)), "balanceOf(key 1)");

    assert_eq!(slot(&run, token, balance_slot(key(0))), supply - ether(1_250));
    assert_eq!(slot(&run, token, balance_slot(key(1))), ether(1_000));
    assert_eq!(slot(&run, token, balance_slot(Address::from_low_u64(0xbeef))), ether(250));
    assert_eq!(slot(&run, token, U256::from(2u8)), supply, "totalSupply");
    let account = &run.post_state.accounts[&token];
    assert_eq!((account.nonce, account.code.len(), account.storage.len()), (1, 1_518, 4));
    // Effective price 2 gwei (fee cap 2, tip 1, base fee 1).
    assert_eq!(balance(&run, key(0)), ether(100) - gwei(2 * (429_906 + 51_449 + 51_233)));
    assert_eq!(balance(&run, key(1)), ether(100) - gwei(2 * 24_018));
    assert_eq!(balance(&run, coinbase()), gwei(556_606));
    assert_eq!((nonce(&run, key(0)), nonce(&run, key(1))), (3, 1));

    assert_eq!(json["receipts"][0]["contractAddress"], TOKEN);
    assert_eq!(json["receipts"][0]["gasUsed"], "0x68f52");
    assert_eq!(json["receipts"][2]["logs"][0]["topics"][0], TRANSFER_TOPIC);
    assert_eq!(
        json["receipts"][2]["logs"][0]["topics"][2],
        "0x000000000000000000000000000000000000000000000000000000000000beef"
    );
    assert_eq!(json["receipts"][3]["logs"], Value::Array(Vec::new()));
    assert!(summary.contains(&format!("tx 0: ok       gas 429906 created {TOKEN}, 1 log(s)\n")), "{summary}");
    assert!(summary.contains("tx 1: ok       gas 51449, 1 log(s)\n"), "{summary}");
    assert!(summary.contains("tx 3: ok       gas 24018\n"), "{summary}");
}

#[test]
fn revert() {
    let (run, json, summary) = run("revert.json");
    let out = &run.output;
    let token = addr(TOKEN);
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(indexes(&out.receipts), vec![0, 1, 2]);
    assert_eq!(gas_list(&out.receipts), vec![429_906, 24_342, 51_437]);
    assert_eq!(cumulative(&out.receipts), vec![429_906, 454_248, 505_685]);
    let statuses: Vec<ExitStatus> = out.receipts.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![ExitStatus::Success, ExitStatus::Revert, ExitStatus::Success]);
    assert_eq!(out.receipts[0].contract_address, Some(token));

    // The revert: no logs, output Error("balance").
    let reverted = &out.receipts[1];
    assert!(reverted.logs.is_empty() && reverted.contract_address.is_none());
    let mut error = vec![0x08, 0xc3, 0x79, 0xa0];
    error.extend(word(U256::from(32u8)));
    error.extend(word(U256::from(7u8)));
    let mut reason = b"balance".to_vec();
    reason.resize(32, 0);
    error.extend(reason);
    assert_eq!(reverted.output, error);

    let t2 = 21_000 + calldata_gas(&transfer_calldata(key(1), ether(10))) + TRANSFER_EXECUTION_GAS;
    assert_eq!(t2, 51_437);
    transfer_log_check(&out.receipts[2], token, key(0), key(1), ether(10));

    assert_eq!(slot(&run, token, balance_slot(key(0))), ether(990));
    assert_eq!(slot(&run, token, balance_slot(key(1))), ether(10));
    assert_eq!(slot(&run, token, U256::from(2u8)), ether(1_000));
    // The reverted transaction still paid for its gas and used its nonce.
    assert_eq!(nonce(&run, key(0)), 3);
    assert_eq!(balance(&run, key(0)), ether(100) - gwei(2 * 505_685));
    assert_eq!(balance(&run, key(1)), ether(100));
    assert_eq!(balance(&run, coinbase()), gwei(505_685));

    assert_eq!(json["receipts"][1]["status"], "0x0");
    assert_eq!(json["receipts"][1]["error"], "reverted");
    assert_eq!(json["receipts"][1]["output"], primitives::encode_hex(&error));
    assert!(summary.contains("tx 1: failed   gas 24342 (reverted)\n"), "{summary}");
}

#[test]
fn invalid_nonce() {
    let (run, json, summary) = run("invalid-nonce.json");
    let out = &run.output;
    assert_eq!(indexes(&out.receipts), vec![0, 2, 4]);
    assert_eq!(gas_list(&out.receipts), vec![21_000; 3]);
    assert_eq!(cumulative(&out.receipts), vec![21_000, 42_000, 63_000]);
    assert!(out.receipts.iter().all(|r| r.status == ExitStatus::Success));
    let rejected: Vec<(usize, InvalidTransaction)> = out.rejected.iter().map(|r| (r.index, r.error.clone())).collect();
    assert_eq!(
        rejected,
        vec![
            (1, InvalidTransaction::NonceMismatch { got: 2, expected: 1 }),
            (3, InvalidTransaction::NonceMismatch { got: 0, expected: 2 }),
        ]
    );
    assert_eq!(json["rejected"][0]["index"], 1);
    assert_eq!(json["rejected"][0]["error"], "nonce 2, expected 1");
    assert_eq!(json["rejected"][1]["index"], 3);
    assert_eq!(json["rejected"][1]["error"], "nonce 0, expected 2");
    assert_eq!(json["receipts"][1]["txIndex"], 2);

    assert_eq!((nonce(&run, key(0)), nonce(&run, key(1)), nonce(&run, key(2))), (2, 1, 0));
    assert_eq!(balance(&run, key(0)), ether(100) - ether(3) - gwei(2 * 42_000));
    assert_eq!(balance(&run, key(1)), ether(100) - ether(3) - gwei(2 * 21_000));
    assert_eq!(balance(&run, key(2)), ether(106));
    assert_eq!(balance(&run, coinbase()), gwei(63_000));
    assert!(summary.contains("tx 1: rejected  nonce 2, expected 1\n"), "{summary}");
    assert!(summary.contains("block: 3 included, 2 rejected, 63000 gas used\n"), "{summary}");
}

#[test]
fn l1_priority() {
    let (run, json, summary) = run("l1-priority.json");
    let out = &run.output;
    let depositor = key(5);
    let recorder = Address::from_low_u64(0xc0de1);
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(indexes(&out.receipts), vec![0, 1]);
    // 21,000 + CALLVALUE/CALLER + cold SSTORE of a new slot (22,100) + MSTORE with expansion + LOG1 (1,006)
    // + pushes = 44,127.
    assert_eq!(gas_list(&out.receipts), vec![44_127, 21_000]);
    assert_eq!(out.gas_used, 65_127);
    let l1 = &out.receipts[0];
    assert_eq!((l1.tx_type, l1.sender, l1.status), (TxType::L1Priority, depositor, ExitStatus::Success));
    assert_eq!(l1.logs.len(), 1);
    assert_eq!(l1.logs[0].address, recorder);
    assert_eq!(l1.logs[0].topics, vec![topic(depositor)]);
    assert_eq!(l1.logs[0].data, word(ether(1)));
    assert_eq!((out.receipts[1].tx_type, out.receipts[1].sender), (TxType::Eip1559, depositor));

    // Minted 2, sent 1 to the recorder (gas free: paid on L1), then 0.5 on L2 at 2 gwei.
    assert_eq!(balance(&run, depositor), ether(2) - ether(1) - milliether(500) - gwei(2 * 21_000));
    assert_eq!(nonce(&run, depositor), 2, "the L1 transaction bumps the nonce too");
    assert_eq!(balance(&run, recorder), ether(1));
    assert_eq!(slot(&run, recorder, depositor.to_word()), ether(1));
    assert_eq!(balance(&run, fresh()), milliether(500));
    // Only the L2 transaction tips the coinbase.
    assert_eq!(balance(&run, coinbase()), gwei(21_000));

    assert_eq!(json["receipts"][0]["gasUsed"], "0xac5f");
    assert_eq!(json["receipts"][0]["logs"][0]["address"], recorder.to_string());
    assert!(summary.contains("tx 0: ok       gas 44127, 1 log(s)\n"), "{summary}");
}

/// `keccak256("Deposit(address,uint256)")`, the vault's event.
const DEPOSIT_TOPIC: &str = "0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c";

/// The EraVM vault (`examples/eravm/vault.asm`) with EVM contracts: value, return data, a revert and events
/// across the EVM ↔ EraVM boundary, the EraVM side going through the native EventWriter and MsgValueSimulator.
#[test]
fn eravm() {
    let (run, json, summary) = run("eravm.json");
    let out = &run.output;
    let vault = addr(TOKEN);
    let (fwd, echo) = (Address::from_low_u64(0xe1), Address::from_low_u64(0xec));
    let deposit_log = |r: &Receipt, i: usize, from: Address, amount: u64| {
        let log = &r.logs[i];
        assert_eq!(log.address, vault, "tx {}", r.tx_index);
        assert_eq!(log.topics, vec![B256::from_hex(DEPOSIT_TOPIC).unwrap_or_default(), topic(from)]);
        assert_eq!(log.data, word(U256::from(amount)));
    };
    let forwarder_log = |r: &Receipt, i: usize| {
        assert_eq!(r.logs[i].address, fwd);
        assert_eq!(r.logs[i].topics, vec![B256::from_word(&U256::from(0xe7u8))]);
    };
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(gas_list(&out.receipts), vec![64_739, 32_333, 64_907, 52_920, 46_044, 37_399, 22_650, 22_430]);
    assert_eq!(out.gas_used, 343_422);
    let statuses: Vec<ExitStatus> = out.receipts.iter().map(|r| r.status).collect();
    let (ok, reverted) = (ExitStatus::Success, ExitStatus::Revert);
    assert_eq!(statuses, vec![ok, ok, ok, ok, ok, reverted, ok, reverted]);
    let logs: Vec<usize> = out.receipts.iter().map(|r| r.logs.len()).collect();
    assert_eq!(logs, vec![0, 1, 2, 1, 2, 0, 0, 0]);
    assert_eq!(out.receipts[0].contract_address, Some(vault), "key 0's first creation, an EraVM contract");

    // EOA -> vault with 1000 wei: the new total, one Deposit event written through the EventWriter.
    let r = &out.receipts[1];
    assert_eq!(r.output, word(U256::from(1_000u16)));
    deposit_log(r, 0, key(0), 1_000);
    // EVM forwarder -> vault with 7 wei: the vault's event (sender: the forwarder), then the forwarder's.
    let r = &out.receipts[2];
    assert_eq!(r.output, word(U256::from(1_007u16)));
    deposit_log(r, 0, fwd, 7);
    forwarder_log(r, 1);
    // EVM forwarder -> vault -> MsgValueSimulator -> EVM echo with 300 wei: the echo's output comes back.
    let r = &out.receipts[3];
    assert_eq!(r.output, b"hello from eravm".to_vec());
    forwarder_log(r, 0);
    // vault -> EVM forwarder (50 wei) -> vault deposit: EraVM -> EVM -> EraVM.
    let r = &out.receipts[4];
    assert_eq!(r.output, word(U256::from(1_057u16)));
    deposit_log(r, 0, fwd, 50);
    forwarder_log(r, 1);
    // EVM forwarder -> vault revert: the would-be total 1057 + 100 reverts through both.
    assert_eq!(out.receipts[5].output, word(U256::from(1_157u16)));
    // The vault pays 500 wei to key 1 (an EOA); then more than it holds: the simulator refuses.
    assert!(out.receipts[6].output.is_empty());
    assert!(out.receipts[7].output.is_empty());

    assert_eq!(slot(&run, vault, U256::ZERO), U256::from(1_057u16), "total deposited");
    assert_eq!(balance(&run, vault), U256::from(1_000 + 7 - 300 - 500), "the 50 wei went out and came back");
    assert_eq!(balance(&run, echo), U256::from(300u16));
    assert_eq!(slot(&run, echo, vault.to_word()), U256::from(300u16), "the echo saw msg.value 300 from the vault");
    assert_eq!(slot(&run, fwd, U256::ZERO), U256::from(3u8), "three successful forwards");
    assert_eq!(balance(&run, fwd), U256::ZERO);
    let account = &run.post_state.accounts[&vault];
    assert_eq!((account.nonce, account.code.len(), account.ee_type.0), (1, 21 * 32, 3));
    // The deployment made the vault's code known to the native ContractDeployer: KnownCodesStorage (0x8004)
    // holds its versioned hash -> 1 << 160 | the vault's address, and the account exists from then on.
    let known = &run.post_state.accounts[&Address::from_low_u64(0x8004)];
    let entries: Vec<U256> = known.storage.values().copied().collect();
    assert_eq!((known.nonce, entries), (1, vec![U256::from(1u8) << 160 | vault.to_word()]));
    let key0_gas: u64 = gas_list(&out.receipts[..6]).iter().sum();
    let key1_gas: u64 = gas_list(&out.receipts[6..]).iter().sum();
    assert_eq!(balance(&run, key(0)), ether(100) - U256::from(1_007u16) - gwei(2 * key0_gas));
    assert_eq!(balance(&run, key(1)), ether(100) + U256::from(500u16) - gwei(2 * key1_gas));
    assert_eq!(balance(&run, coinbase()), gwei(343_422));
    assert_eq!((nonce(&run, key(0)), nonce(&run, key(1))), (6, 2));

    assert_eq!(json["receipts"][1]["logs"][0]["topics"][0], DEPOSIT_TOPIC);
    assert_eq!(json["receipts"][7]["error"], "reverted");
    assert!(summary.contains(&format!("tx 0: ok       gas 64739 created {TOKEN}\n")), "{summary}");
    assert!(summary.contains("block: 8 included, 0 rejected, 343422 gas used\n"), "{summary}");
}

#[test]
fn swap() {
    // examples/swap/Swap.sol: tokens A, B and the pair are key 0's creations 0, 1, 2; the pair packs
    // reserve0 (low 112 bits) and reserve1 into slot 0; amounts out follow Uniswap V2's 0.3% formula.
    let (run, json, summary) = run("swap.json");
    let out = &run.output;
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert!(out.receipts.iter().all(|r| r.status == ExitStatus::Success));
    let gas = [332_868, 332_868, 527_597, 46_407, 46_407, 116_149, 51_493, 46_407, 83_234, 66_048];
    assert_eq!(gas_list(&out.receipts), gas);
    let logs: Vec<usize> = out.receipts.iter().map(|r| r.logs.len()).collect();
    assert_eq!(logs, vec![1, 1, 0, 1, 1, 3, 1, 1, 4, 4], "Transfer/Approval; addLiquidity 2 Transfers + Sync; swap 2 + Sync + Swap");
    let (a, b) = (addr("0xf2e246bb76df876cef8b38ae84130f4f55de395b"), addr("0x2946259e0334f33a064106302415ad3391bed384"));
    let pair = addr("0xde09e74d4888bc4e65f589e8c13bce9f71ddf4c7");
    let quote = |amount: U256, r_in: U256, r_out: U256| {
        let with_fee = amount * U256::from(997u16);
        with_fee * r_out / (r_in * U256::from(1000u16) + with_fee)
    };
    let out1 = quote(ether(100), ether(100_000), ether(200_000));
    assert_eq!(out1, U256::from(199_201_396_207_980_643_298u128));
    let (r0, r1) = (ether(100_100), ether(200_000) - out1);
    let out2 = quote(ether(50), r1, r0);
    assert_eq!(out.receipts[8].output, word(out1));
    assert_eq!(out.receipts[9].output, word(out2));
    assert_eq!(slot(&run, pair, U256::ZERO), (r0 - out2) | ((r1 + ether(50)) << 112));
    assert_eq!(slot(&run, a, balance_slot(key(1))), ether(900));
    assert_eq!(slot(&run, b, balance_slot(key(1))), out1);
    assert_eq!(slot(&run, a, balance_slot(pair)), r0 - out2);
    assert_eq!(slot(&run, b, balance_slot(key(0))), ether(800_000) - ether(50));
    transfer_log_check(&Receipt { logs: out.receipts[8].logs[1..2].to_vec(), ..out.receipts[8].clone() }, b, pair, key(1), out1);
    assert_eq!(json["receipts"][8]["gasUsed"], "0x14522");
    assert!(summary.contains("block: 10 included, 0 rejected, 1649478 gas used\n"), "{summary}");
}

#[test]
fn osaka() {
    let probe = Address::from_low_u64(0x05a1);
    let (run, _, _) = run("osaka.json");
    assert!(run.output.rejected.is_empty());
    // Both calls succeed; the valid signature's run also pays for setting slots 0–3 from zero.
    assert_eq!(gas_list(&run.output.receipts), [119_086, 38_309]);
    assert!(run.output.receipts.iter().all(Receipt::success));
    // After the forged signature: verdict 0 and empty return data (slots cleared), CLZ(0) = 256,
    // CLZ(160) = 248.
    assert_eq!(slot(&run, probe, U256::ZERO), U256::ZERO);
    assert_eq!(slot(&run, probe, U256::from(1u8)), U256::ZERO);
    assert_eq!(slot(&run, probe, U256::from(2u8)), U256::from(256u32));
    assert_eq!(slot(&run, probe, U256::from(3u8)), U256::from(248u32));

    // The same block under Prague: CLZ is an invalid opcode, so both calls halt with all their gas.
    let (prague, _, _) = run_block_file(&block_path("osaka.json"), Some(primitives::Fork::Prague)).expect("runs");
    assert_eq!(gas_list(&prague.output.receipts), [200_000, 200_000]);
    assert!(prague.output.receipts.iter().all(|r| !r.success()));
}

#[test]
fn every_example_runs_and_has_a_readme_entry() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/README.md"))
        .unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(block_path(""))
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    assert_eq!(
        names,
        [
            "eravm.json",
            "erc20.json",
            "eth-transfers.json",
            "invalid-nonce.json",
            "l1-priority.json",
            "multi-ee.json",
            "osaka.json",
            "revert.json",
            "swap.json"
        ]
    );
    for name in &names {
        let (run, _, _) = run(name);
        assert!(!run.output.receipts.is_empty(), "{name}");
        let command = format!("cargo run --release -p zkos-cli -- run examples/blocks/{name}");
        assert!(readme.contains(&command), "examples/README.md lacks `{command}`");
    }
}

fn zkos(args: &[&str]) -> (i32, String, String) {
    let output =
        Command::new(env!("CARGO_BIN_EXE_zkos")).args(args).output().unwrap_or_else(|e| panic!("cannot run zkos: {e}"));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-examples");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir.join(name)
}

#[test]
fn binary_runs_an_example_and_writes_the_result() {
    let out = scratch("erc20-result.json");
    let block = block_path("erc20.json");
    let (code, stdout, stderr) =
        zkos(&["run", block.to_str().unwrap_or_default(), "--out", out.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("tx 0: ok       gas 429906 created {TOKEN}, 1 log(s)")), "{stdout}");
    assert!(stdout.contains("block: 4 included, 0 rejected, 556606 gas used"), "{stdout}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default()).unwrap_or_default();
    assert_eq!(written, run("erc20.json").1, "--out writes the library's result document");
}

#[test]
fn binary_rejects_a_malformed_block_file_naming_the_field() {
    let path = scratch("malformed.json");
    let text = std::fs::read_to_string(block_path("eth-transfers.json"))
        .unwrap_or_default()
        .replace("\"currentGasLimit\": \"0x1c9c380\"", "\"currentGasLimit\": \"thirty million\"");
    assert!(text.contains("thirty million"), "the example's gas limit moved");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, stderr) = zkos(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("env.currentGasLimit"), "{stderr}");
    assert!(stderr.contains("thirty million"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");

    // A transaction that is not hex names its index.
    let path = scratch("bad-tx.json");
    std::fs::write(
        &path,
        r#"{"env": {"currentCoinbase": "0x0000000000000000000000000000000000c0ffee",
        "currentNumber": "0x1", "currentTimestamp": "0x1", "currentGasLimit": "0x1c9c380"},
        "alloc": {}, "txs": ["0x02", "0xzz"]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = zkos(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("txs[1]"), "{stderr}");
    match run_block_file(&path, None) {
        Err(e @ RunError::Input(_)) => assert_eq!(e.exit_code(), 2),
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn binary_reports_a_missing_file() {
    let path = scratch("does-not-exist.json");
    let _ = std::fs::remove_file(&path);
    let (code, stdout, stderr) = zkos(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("does-not-exist.json"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    match run_block_file(&path, None) {
        Err(e @ RunError::Input(_)) => assert_eq!(e.exit_code(), 2),
        other => panic!("expected an input error, got {other:?}"),
    }
}
