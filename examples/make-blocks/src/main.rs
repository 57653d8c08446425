//! `zkos-make-blocks`: writes the example block files of `examples/blocks/`.
//!
//! Every block is built from fixed secret keys and fixed transactions; signatures are deterministic
//! (RFC 6979), so running the generator again gives byte-identical files. The files are committed; run the
//! generator only after changing it:
//!
//! ```text
//! cargo run -p zkos-make-blocks             # rewrites examples/blocks/*.json
//! cargo run -p zkos-make-blocks -- DIR      # writes the files into DIR instead
//! cargo test -p zkos-make-blocks            # checks the committed files are up to date
//! ```
//!
//! Keys: key `i` is the secret key whose 32-byte big-endian value is `i + 1` (the same keys as
//! `zkos-test-utils`). Never use these keys for anything real.

mod eravm;
mod multi_ee;
mod osaka;
mod swap;

use std::path::{Path, PathBuf};

use primitives::{encode_hex, keccak256, Address, U256};
use serde_json::{json, Map, Value};
use transactions::signing::{address_from_secret_key, sign_transaction};
use transactions::{encode_transaction, AccessListItem, L1PriorityFields, Transaction, TxType};

/// BenchToken init code: the constructor `constructor(uint256 supply)` followed by the runtime code.
///
/// Copied verbatim from `shared/evmbench/erc20/BenchToken.init.hex` (Solidity source `BenchToken.sol` in the
/// same folder, `SPDX-License-Identifier: MIT`, "minimal ERC-20 written for this benchmark set"). It is embedded
/// here so that neither this generator nor the committed blocks need the shared folder.
///
/// Storage layout: `balanceOf` mapping at slot 0, `allowance` at slot 1, `totalSupply` at slot 2.
/// `transfer` reverts with `Error("balance")` when the sender's balance is too small.
pub const BENCH_TOKEN_INIT: &str = concat!(
    "6080604052348015600e575f5ffd5b50604051610687380380610687833981016040819052602b916076565b335f81815260",
    "2081815260408083208590556002859055518481527fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4d",
    "f523b3ef910160405180910390a350608c565b5f602082840312156085575f5ffd5b5051919050565b6105ee806100995f39",
    "5ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c80639c12e31d116100585780639c12e31d",
    "146100fa578063a9059cbb1461010d578063d3e6af0714610120578063dd62ed3e14610133575f5ffd5b8063095ea7b31461",
    "008957806318160ddd146100b157806323b872dd146100c857806370a08231146100db575b5f5ffd5b61009c610097366004",
    "6104af565b61015d565b60405190151581526020015b60405180910390f35b6100ba60025481565b60405190815260200161",
    "00a8565b61009c6100d63660046104d7565b6101c9565b6100ba6100e9366004610511565b5f602081905290815260409020",
    "5481565b6100ba610108366004610531565b610273565b61009c61011b3660046104af565b6102bc565b6100ba61012e3660",
    "04610531565b6102d1565b6100ba610141366004610548565b600160209081525f9283526040808420909152908252902054",
    "81565b335f8181526001602090815260408083206001600160a01b038716808552925280832085905551919290917f8c5be1",
    "e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925906101b79086815260200190565b60405180910390",
    "a35060015b92915050565b6001600160a01b0383165f9081526001602090815260408083203384529091528120545f198114",
    "61025d57828110156102355760405162461bcd60e51b8152602060048201526009602482015268616c6c6f77616e636560b8",
    "1b60448201526064015b60405180910390fd5b6001600160a01b0385165f9081526001602090815260408083203384529091",
    "52902083820390555b6102688585856103b2565b506001949350505050565b5f60015b8281116102a6576102963361028f83",
    "6201000061058d565b60016103b2565b61029f816105a0565b9050610277565b5050335f9081526020819052604090205491",
    "9050565b5f6102c83384846103b2565b50600192915050565b5f60015b8281116102a657335f818152600160209081526040",
    "808320825291829020849055905183815282917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3",
    "b925910160405180910390a3335f9081526001602090815260408083209091529020548181101561037b5760405162461bcd",
    "60e51b8152602060048201526009602482015268616c6c6f77616e636560b81b604482015260640161022c565b335f818152",
    "600160209081526040808320909152902083830390556103a19080846103b2565b506103ab816105a0565b90506102d5565b",
    "6001600160a01b0383165f90815260208190526040902054818110156104045760405162461bcd60e51b8152602060048201",
    "52600760248201526662616c616e636560c81b604482015260640161022c565b6001600160a01b038085165f908152602081",
    "9052604080822085850390559185168152908120805484929061043a90849061058d565b92505081905550826001600160a0",
    "1b0316846001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef84604051",
    "61048691815260200190565b60405180910390a350505050565b80356001600160a01b03811681146104aa575f5ffd5b9190",
    "50565b5f5f604083850312156104c0575f5ffd5b6104c983610494565b946020939093013593505050565b5f5f5f60608486",
    "0312156104e9575f5ffd5b6104f284610494565b925061050060208501610494565b92959294505050604091909101359056",
    "5b5f60208284031215610521575f5ffd5b61052a82610494565b9392505050565b5f60208284031215610541575f5ffd5b50",
    "35919050565b5f5f60408385031215610559575f5ffd5b61056283610494565b915061057060208401610494565b90509250",
    "929050565b634e487b7160e01b5f52601160045260245ffd5b808201808211156101c3576101c3610579565b5f6001820161",
    "05b1576105b1610579565b506001019056fea26469706673582212203fc33da57db240c0f407e8a80984a43f5d5838404d8c",
    "ad1bf642ed595695e49464736f6c63430008250033",
);

/// A contract that records deposits: `sstore(caller, callvalue)` then
/// `log1(offset 0, size 32, topic caller)` with the value as data, then `stop`.
///
/// `34 33 55` CALLVALUE CALLER SSTORE · `34 5f 52` CALLVALUE PUSH0 MSTORE ·
/// `33 6020 5f a1` CALLER PUSH1 32 PUSH0 LOG1 · `00` STOP.
pub const RECORDER_CODE: [u8; 12] = [0x34, 0x33, 0x55, 0x34, 0x5f, 0x52, 0x33, 0x60, 0x20, 0x5f, 0xa1, 0x00];

/// 1 gwei.
pub const GWEI: u128 = 1_000_000_000;
/// The base fee of every example block.
pub const BASE_FEE: u128 = GWEI;
/// The block gas limit of every example block.
pub const BLOCK_GAS_LIMIT: u64 = 30_000_000;

/// `n` ether in wei.
pub fn ether(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u8))
}

/// `n` thousandths of an ether in wei.
pub fn milliether(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(15u8))
}

/// The secret key number `index` (the 32-byte big-endian number `index + 1`).
pub fn secret_key(index: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[24..].copy_from_slice(&(index + 1).to_be_bytes());
    key
}

/// The address of key number `index`.
pub fn address_of(index: u64) -> Address {
    match address_from_secret_key(&secret_key(index)) {
        Ok(address) => address,
        Err(e) => panic!("test key {index}: {e}"),
    }
}

/// The coinbase of every example block.
pub fn coinbase() -> Address {
    Address::from_low_u64(0xc0ffee)
}

/// A fresh address that no block funds beforehand.
pub fn fresh() -> Address {
    Address::from_low_u64(0xf00d)
}

/// The second ERC-20 recipient.
pub fn beef() -> Address {
    Address::from_low_u64(0xbeef)
}

/// The deposit recorder of `l1-priority.json`.
pub fn recorder() -> Address {
    Address::from_low_u64(0xc0de1)
}

/// The BenchToken init code with its constructor argument appended.
pub fn bench_token_deploy(supply: U256) -> Vec<u8> {
    let mut code = match primitives::decode_hex(BENCH_TOKEN_INIT) {
        Ok(code) => code,
        Err(e) => panic!("embedded BenchToken init code: {e}"),
    };
    code.extend_from_slice(&supply.to_be_bytes::<32>());
    code
}

/// Calldata of `transfer(address,uint256)`.
pub fn erc20_transfer(to: Address, amount: U256) -> Vec<u8> {
    let mut data = vec![0xa9, 0x05, 0x9c, 0xbb];
    data.extend_from_slice(&to.to_word().to_be_bytes::<32>());
    data.extend_from_slice(&amount.to_be_bytes::<32>());
    data
}

/// Calldata of `balanceOf(address)`.
pub fn erc20_balance_of(owner: Address) -> Vec<u8> {
    let mut data = vec![0x70, 0xa0, 0x82, 0x31];
    data.extend_from_slice(&owner.to_word().to_be_bytes::<32>());
    data
}

/// The storage slot of `balanceOf[owner]`: `keccak(pad32(owner) ++ pad32(0))`.
pub fn balance_slot(owner: Address) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(&owner.0);
    keccak256(&preimage).to_word()
}

/// The address a creation from `deployer` at `nonce` deploys to: `keccak(rlp([deployer, nonce]))[12..]`.
pub fn create_address(deployer: Address, nonce: u64) -> Address {
    // rlp(nonce) for the small nonces used here; rlp(address) is 0x94 || address.
    let nonce_rlp: Vec<u8> = match nonce {
        0 => vec![0x80],
        1..=0x7f => vec![nonce as u8],
        _ => {
            let bytes = nonce.to_be_bytes();
            let skip = bytes.iter().take_while(|b| **b == 0).count();
            let mut out = vec![0x80 + (8 - skip) as u8];
            out.extend_from_slice(&bytes[skip..]);
            out
        }
    };
    let mut list = vec![0xc0 + (21 + nonce_rlp.len()) as u8, 0x94];
    list.extend_from_slice(&deployer.0);
    list.extend_from_slice(&nonce_rlp);
    let hash = keccak256(&list);
    let mut out = [0u8; 20];
    out.copy_from_slice(&hash.0[12..]);
    Address(out)
}

/// Signs `tx` with key `from` and returns its EIP-2718 bytes as `0x` hex.
fn signed(from: u64, tx: &Transaction) -> Value {
    match sign_transaction(tx, &secret_key(from)) {
        Ok(bytes) => Value::String(encode_hex(&bytes)),
        Err(e) => panic!("signing with key {from}: {e}"),
    }
}

/// An EIP-1559 transaction (chain id 1) with the given fees.
fn eip1559(
    nonce: u64,
    to: Option<Address>,
    value: U256,
    data: Vec<u8>,
    gas_limit: u64,
    max_fee: u128,
    tip: u128,
) -> Transaction {
    Transaction {
        tx_type: TxType::Eip1559,
        chain_id: Some(1),
        nonce,
        gas_limit,
        gas_price: max_fee,
        max_priority_fee_per_gas: tip,
        to,
        value,
        data,
        ..Transaction::default()
    }
}

/// The block's `env`.
fn env() -> Value {
    json!({
        "currentCoinbase": coinbase().to_string(),
        "currentNumber": "0x1",
        "currentTimestamp": "0x6553f100",
        "currentGasLimit": format!("{BLOCK_GAS_LIMIT:#x}"),
        "currentBaseFee": format!("{BASE_FEE:#x}"),
        "currentRandom": "0x0000000000000000000000000000000000000000000000000000000000000001",
        "currentExcessBlobGas": "0x0",
        "chainId": "0x1",
        "fork": "Osaka",
    })
}

/// An `alloc` entry.
fn account(balance: U256, nonce: u64, code: &[u8]) -> Value {
    json!({
        "balance": format!("{balance:#x}"),
        "nonce": format!("{nonce:#x}"),
        "code": encode_hex(code),
        "storage": {},
    })
}

/// `alloc` with keys `keys` holding 100 ether each, plus `extra` accounts.
fn alloc(keys: &[u64], extra: &[(Address, Value)]) -> Value {
    let mut map = Map::new();
    for &key in keys {
        map.insert(address_of(key).to_string(), account(ether(100), 0, &[]));
    }
    for (address, value) in extra {
        map.insert(address.to_string(), value.clone());
    }
    Value::Object(map)
}

/// A whole block file.
fn block(description: &str, alloc: Value, txs: Vec<Value>) -> Value {
    json!({ "description": description, "env": env(), "alloc": alloc, "txs": txs })
}

/// `eth-transfers.json`: one transfer of each fee style.
pub fn eth_transfers() -> Value {
    let legacy = Transaction {
        tx_type: TxType::Legacy,
        chain_id: Some(1),
        nonce: 0,
        gas_limit: 21_000,
        gas_price: 2 * GWEI,
        max_priority_fee_per_gas: 2 * GWEI,
        to: Some(address_of(1)),
        value: ether(1),
        ..Transaction::default()
    };
    let access_list = Transaction {
        tx_type: TxType::Eip2930,
        chain_id: Some(1),
        nonce: 0,
        gas_limit: 30_000,
        gas_price: 2 * GWEI,
        max_priority_fee_per_gas: 2 * GWEI,
        to: Some(address_of(2)),
        value: milliether(500),
        access_list: vec![AccessListItem { address: address_of(2), storage_keys: Vec::new() }],
        ..Transaction::default()
    };
    let dynamic = eip1559(0, Some(fresh()), ether(2), Vec::new(), 21_000, 3 * GWEI, GWEI);
    let second = eip1559(1, Some(address_of(2)), milliether(250), Vec::new(), 21_000, 2 * GWEI, 0);
    block(
        "ETH transfers: legacy EIP-155 (key 0 -> key 1), EIP-2930 with an access list (key 1 -> key 2), \
         EIP-1559 to the fresh address 0x...f00d (key 2), EIP-1559 without tip (key 0, nonce 1 -> key 2)",
        alloc(&[0, 1, 2], &[]),
        vec![signed(0, &legacy), signed(1, &access_list), signed(2, &dynamic), signed(0, &second)],
    )
}

/// The token supply of `erc20.json`: one million tokens of 18 decimals.
pub fn erc20_supply() -> U256 {
    ether(1_000_000)
}

/// `erc20.json`: deploy BenchToken, two transfers, a `balanceOf` call.
pub fn erc20() -> Value {
    let token = create_address(address_of(0), 0);
    let txs = vec![
        signed(0, &eip1559(0, None, U256::ZERO, bench_token_deploy(erc20_supply()), 1_000_000, 2 * GWEI, GWEI)),
        signed(
            0,
            &eip1559(1, Some(token), U256::ZERO, erc20_transfer(address_of(1), ether(1_000)), 100_000, 2 * GWEI, GWEI),
        ),
        signed(0, &eip1559(2, Some(token), U256::ZERO, erc20_transfer(beef(), ether(250)), 100_000, 2 * GWEI, GWEI)),
        signed(1, &eip1559(0, Some(token), U256::ZERO, erc20_balance_of(address_of(1)), 100_000, 2 * GWEI, GWEI)),
    ];
    block(
        "ERC-20: key 0 deploys BenchToken (supply 1e24) and transfers 1000 tokens to key 1 and 250 to 0x...beef; \
         key 1 calls balanceOf(key 1)",
        alloc(&[0, 1], &[]),
        txs,
    )
}

/// The token supply of `revert.json`: one thousand tokens of 18 decimals.
pub fn revert_supply() -> U256 {
    ether(1_000)
}

/// `revert.json`: an ERC-20 transfer above the balance reverts; the next transaction succeeds.
pub fn revert() -> Value {
    let token = create_address(address_of(0), 0);
    let txs = vec![
        signed(0, &eip1559(0, None, U256::ZERO, bench_token_deploy(revert_supply()), 1_000_000, 2 * GWEI, GWEI)),
        signed(
            0,
            &eip1559(1, Some(token), U256::ZERO, erc20_transfer(address_of(1), ether(1_001)), 100_000, 2 * GWEI, GWEI),
        ),
        signed(
            0,
            &eip1559(2, Some(token), U256::ZERO, erc20_transfer(address_of(1), ether(10)), 100_000, 2 * GWEI, GWEI),
        ),
    ];
    block(
        "Revert: key 0 deploys BenchToken (supply 1000 tokens), tries to transfer 1001 tokens (reverts with \
         Error(\"balance\"), gas is still charged and the nonce used), then transfers 10 tokens to key 1",
        alloc(&[0, 1], &[]),
        txs,
    )
}

/// `invalid-nonce.json`: a nonce gap and a replay are rejected; the other transactions run.
pub fn invalid_nonce() -> Value {
    let first = signed(0, &eip1559(0, Some(address_of(2)), ether(1), Vec::new(), 21_000, 2 * GWEI, GWEI));
    let txs = vec![
        first.clone(),
        signed(0, &eip1559(2, Some(address_of(2)), ether(1), Vec::new(), 21_000, 2 * GWEI, GWEI)),
        signed(0, &eip1559(1, Some(address_of(2)), ether(2), Vec::new(), 21_000, 2 * GWEI, GWEI)),
        first,
        signed(1, &eip1559(0, Some(address_of(2)), ether(3), Vec::new(), 21_000, 2 * GWEI, GWEI)),
    ];
    block(
        "Invalid nonce: key 0 sends nonce 0, then nonce 2 (rejected: expected 1), then nonce 1, then replays its \
         first transaction (rejected: expected 2); key 1's transaction after them is included",
        alloc(&[0, 1, 2], &[]),
        txs,
    )
}

/// An L1 → L2 priority transaction: `0x7f || rlp([serial_id, from, to, gas_limit, max_fee_per_gas, mint,
/// value, data])`, unsigned.
fn l1_priority(
    serial_id: u64,
    from: Address,
    to: Option<Address>,
    gas_limit: u64,
    mint: U256,
    value: U256,
    data: Vec<u8>,
) -> Value {
    let tx = Transaction {
        tx_type: TxType::L1Priority,
        gas_limit,
        gas_price: BASE_FEE,
        to,
        value,
        data,
        l1: Some(L1PriorityFields { from, mint, serial_id }),
        ..Transaction::default()
    };
    Value::String(encode_hex(&encode_transaction(&tx)))
}

/// `l1-priority.json`: an L1 deposit mints ether to a new address and calls a contract with part of it; the
/// new address then spends on L2.
pub fn l1_priority_block() -> Value {
    let depositor = address_of(5);
    let txs = vec![
        l1_priority(0, depositor, Some(recorder()), 100_000, ether(2), ether(1), Vec::new()),
        // The priority transaction bumped the depositor's nonce to 1.
        signed(5, &eip1559(1, Some(fresh()), milliether(500), Vec::new(), 21_000, 2 * GWEI, GWEI)),
    ];
    block(
        "L1 priority: an unsigned L1->L2 transaction (type 0x7f) from key 5's address (absent from alloc) mints 2 \
         ether and calls the deposit recorder at 0x...c0de1 with 1 ether (slot[caller] = value, one log); key 5 \
         then sends 0.5 ether to 0x...f00d on L2 with nonce 1, paying gas from the minted ether",
        alloc(&[], &[(recorder(), account(U256::ZERO, 1, &RECORDER_CODE))]),
        txs,
    )
}

/// Every example: file name and contents.
pub fn all_blocks() -> Vec<(&'static str, String)> {
    let blocks = [
        ("eth-transfers.json", eth_transfers()),
        ("erc20.json", erc20()),
        ("revert.json", revert()),
        ("invalid-nonce.json", invalid_nonce()),
        ("l1-priority.json", l1_priority_block()),
        ("multi-ee.json", multi_ee::multi_ee()),
        ("eravm.json", eravm::eravm()),
        ("swap.json", swap::swap()),
        ("osaka.json", osaka::osaka()),
    ];
    blocks
        .into_iter()
        .map(|(name, value)| match serde_json::to_string_pretty(&value) {
            Ok(text) => (name, text + "\n"),
            Err(e) => panic!("{name}: {e}"),
        })
        .collect()
}

/// The committed blocks' folder, `examples/blocks/`.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("blocks")
}

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(default_dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("zkos-make-blocks: cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    for (name, text) in all_blocks() {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("zkos-make-blocks: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_blocks_are_up_to_date() {
        for (name, text) in all_blocks() {
            let path = default_dir().join(name);
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(committed == text, "{} is stale: run `cargo run -p zkos-make-blocks`", path.display());
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(all_blocks(), all_blocks());
    }

    #[test]
    fn helpers_match_known_values() {
        // Key 0 (secret 1) is the well-known address of the generator point.
        assert_eq!(address_of(0).to_string(), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
        // The classic CREATE address vectors for sender 0x6ac7…dbf0.
        let sender = Address::from_hex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0").unwrap_or_default();
        assert_eq!(create_address(sender, 0).to_string(), "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d");
        assert_eq!(create_address(sender, 1).to_string(), "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8");
        assert_eq!(create_address(sender, 2).to_string(), "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91");
        assert_eq!(bench_token_deploy(U256::ZERO).len(), 1671 + 32);
        assert_eq!(erc20_transfer(beef(), U256::from(1000u32)).len(), 68);
    }
}
