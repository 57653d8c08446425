//! Transactions to drive a chain with: deterministic keys, signed ETH transfers, BenchToken (the ERC-20 of
//! the benchmarks) and its transfers, and the transaction file format (`0x` hex, one per line).
//!
//! BenchToken's init code is taken from `examples/blocks/erc20.json` (its first transaction deploys it with
//! the supply appended), built in at compile time, so no fixture directory is needed; its runtime code is
//! what running that init code returns.

use std::io::{BufRead, Write};
use std::sync::OnceLock;

use primitives::{decode_hex, encode_hex, keccak256, Address, Fork, U256};
use system_api::{BlockContext, EeType};
use system_impl::{InMemoryState, StateAccount};
use transactions::{Transaction, TxType};

use crate::error::{ChainError, Result};

/// The example block whose first transaction deploys BenchToken.
const ERC20_EXAMPLE: &str = include_str!("../../examples/blocks/erc20.json");

/// Fee cap of every transaction made here, and the base fee of the chains they run on (no tip: the
/// coinbase earns nothing and stays untouched).
pub const FEE: u128 = 10;
/// Gas limit of an ERC-20 transfer made here.
pub const ERC20_TRANSFER_GAS: u64 = 100_000;
/// Gas limit of an ETH transfer.
pub const ETH_TRANSFER_GAS: u64 = 21_000;
/// BenchToken's `totalSupply` slot.
pub const TOTAL_SUPPLY_SLOT: u64 = 2;
/// Where the workloads place BenchToken.
pub const TOKEN: Address = Address::from_low_u64(0x0e20_e20e);
/// The EVM's EE type.
pub const EVM: EeType = EeType(1);

/// Secret key number `index`: the 32-byte big-endian number `index + 1` (as `zkos-test-utils`).
pub fn secret_key(index: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[24..].copy_from_slice(&(index + 1).to_be_bytes());
    key
}

/// The address of key `index`.
pub fn address_of(index: u64) -> Result<Address> {
    transactions::signing::address_from_secret_key(&secret_key(index)).map_err(|e| ChainError::Invalid(format!("key {index}: {e}")))
}

/// BenchToken's init code (constructor `(uint256 supply)`, without the argument).
pub fn bench_token_init_code() -> Result<Vec<u8>> {
    let file = fixtures::parse_block_file(ERC20_EXAMPLE).map_err(|e| ChainError::Invalid(format!("erc20.json: {e}")))?;
    let deploy = file.transactions.first().ok_or_else(|| ChainError::Invalid("erc20.json has no transactions".into()))?;
    let tx = transactions::decode_transaction(deploy).map_err(|e| ChainError::Invalid(format!("erc20.json deploy: {e}")))?;
    let len = tx.data.len().checked_sub(32).ok_or_else(|| ChainError::Invalid("erc20.json deploy data too short".into()))?;
    Ok(tx.data[..len].to_vec())
}

/// BenchToken's runtime code: what its init code deploys (run once per process on a scratch state).
pub fn bench_token_runtime() -> Result<Vec<u8>> {
    static RUNTIME: OnceLock<std::result::Result<Vec<u8>, String>> = OnceLock::new();
    RUNTIME.get_or_init(|| deploy_runtime().map_err(|e| e.to_string())).clone().map_err(ChainError::Invalid)
}

fn deploy_runtime() -> Result<Vec<u8>> {
    let mut init = bench_token_init_code()?;
    init.extend_from_slice(&U256::ZERO.to_be_bytes::<32>());
    let deployer = address_of(0)?;
    let mut state = InMemoryState::new();
    state.insert_account(deployer, StateAccount { balance: U256::from(10u64).pow(U256::from(20u8)), ..Default::default() });
    let tx = sign(0, 0, None, U256::ZERO, init, 2_000_000)?;
    let run = bootloader::run_forward(context(Fork::Prague, 1, 1), state, vec![tx])?;
    let created = run.output.receipts.first().and_then(|r| r.contract_address);
    let code = created.and_then(|a| run.post_state.accounts.get(&a)).map(|a| a.code.clone());
    code.filter(|c| !c.is_empty()).ok_or_else(|| ChainError::Invalid("BenchToken deployment produced no code".into()))
}

/// A block context for workloads: chain id 1, base fee [`FEE`], gas limit 30M.
pub fn context(fork: Fork, number: u64, timestamp: u64) -> BlockContext {
    BlockContext {
        fork,
        chain_id: 1,
        number,
        timestamp,
        coinbase: Address::from_low_u64(0xc0ffee),
        gas_limit: 30_000_000,
        base_fee: U256::from(FEE),
        blob_base_fee: U256::from(1u8),
        blob_schedule: primitives::BlobSchedule::of(fork),
        ..BlockContext::default()
    }
}

/// BenchToken's `balanceOf` slot of `holder` (the mapping at slot 0).
pub fn balance_slot(holder: &Address) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(&holder.0);
    U256::from_be_bytes(keccak256(&preimage).0)
}

/// `transfer(to, amount)` calldata.
pub fn transfer_calldata(to: &Address, amount: U256) -> Vec<u8> {
    let mut data = keccak256(b"transfer(address,uint256)").0[..4].to_vec();
    data.extend_from_slice(&to.to_word().to_be_bytes::<32>());
    data.extend_from_slice(&amount.to_be_bytes::<32>());
    data
}

/// A signed EIP-1559 transaction (chain id 1, fee cap [`FEE`], no tip) from key `from`.
pub fn sign(from: u64, nonce: u64, to: Option<Address>, value: U256, data: Vec<u8>, gas_limit: u64) -> Result<Vec<u8>> {
    let tx = Transaction {
        tx_type: TxType::Eip1559,
        chain_id: Some(1),
        nonce,
        gas_limit,
        gas_price: FEE,
        max_priority_fee_per_gas: 0,
        to,
        value,
        data,
        ..Transaction::default()
    };
    transactions::signing::sign_transaction(&tx, &secret_key(from)).map_err(|e| ChainError::Invalid(format!("signing with key {from}: {e}")))
}

/// An ETH transfer.
pub fn eth_transfer(from: u64, nonce: u64, to: Address, value: U256) -> Result<Vec<u8>> {
    sign(from, nonce, Some(to), value, Vec::new(), ETH_TRANSFER_GAS)
}

/// A BenchToken transfer of `amount` to `to`.
pub fn erc20_transfer(from: u64, nonce: u64, to: &Address, amount: U256) -> Result<Vec<u8>> {
    sign(from, nonce, Some(TOKEN), U256::ZERO, transfer_calldata(to, amount), ERC20_TRANSFER_GAS)
}

/// BenchToken as a genesis account at [`TOKEN`]: `holders`' balances and the total supply, slots sorted.
pub fn token_account(holders: impl IntoIterator<Item = (Address, U256)>) -> Result<crate::GenesisAccount> {
    let mut supply = U256::ZERO;
    let mut storage: Vec<(U256, U256)> = Vec::new();
    for (holder, balance) in holders {
        supply = supply.checked_add(balance).ok_or_else(|| ChainError::Invalid("token supply overflows".into()))?;
        storage.push((balance_slot(&holder), balance));
    }
    storage.push((U256::from(TOTAL_SUPPLY_SLOT), supply));
    storage.sort_unstable_by_key(|(slot, _)| *slot);
    storage.dedup_by_key(|(slot, _)| *slot);
    Ok(crate::GenesisAccount { address: TOKEN, code: bench_token_runtime()?, ee_type: EVM, storage, ..Default::default() })
}

/// `f(i)` for `i in 0..n` on up to `threads` threads, in order (signing is the slow part of making a
/// workload).
pub fn parallel<T: Send>(n: u64, threads: usize, f: impl Fn(u64) -> Result<T> + Sync) -> Result<Vec<T>> {
    let threads = threads.clamp(1, n.max(1) as usize) as u64;
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || (t * chunk..((t + 1) * chunk).min(n)).map(f).collect::<Result<Vec<T>>>()))
            .collect();
        let mut out = Vec::with_capacity(n as usize);
        for handle in handles {
            out.extend(handle.join().map_err(|_| ChainError::Invalid("a worker thread panicked".into()))??);
        }
        Ok(out)
    })
}

/// Writes transactions as `0x` hex, one per line.
pub fn write_tx_file(path: &std::path::Path, txs: &[Vec<u8>]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for tx in txs {
        writeln!(out, "{}", encode_hex(tx))?;
    }
    out.flush()?;
    Ok(())
}

/// Reads a transaction file: one `0x` hex transaction per line, blank lines and `#` comments skipped. Each
/// item is a transaction or the error of its line (numbered from 1).
pub fn read_tx_lines(reader: impl BufRead) -> impl Iterator<Item = Result<Vec<u8>>> {
    reader.lines().enumerate().filter_map(|(i, line)| {
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(ChainError::Io(e))),
        };
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return None;
        }
        Some(decode_hex(text).map_err(|e| ChainError::Invalid(format!("line {}: {e}", i + 1))))
    })
}

/// A splitmix64 generator: deterministic workloads without a dependency.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n > 0`; slightly biased, which no workload minds).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}
