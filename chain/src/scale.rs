//! The scale benchmark's state and workload: a million funded accounts that all hold BenchToken, written
//! straight into a store, and signed token transfers between them.
//!
//! The first `senders` accounts are test keys (so transfers can be signed); the rest have addresses
//! derived by hashing their number, which costs nothing (deriving a million addresses from keys would cost
//! a million curve multiplications). Every account holds 1 ETH and 1,000 tokens; the genesis goes in
//! through [`crate::init_accounts`], which builds the tree in one pass.

use std::path::Path;
use std::time::{Duration, Instant};

use primitives::{Address, Fork, U256};
use tree::blake2s::blake2s;

use crate::error::Result;
use crate::genesis::GenesisAccount;
use crate::store::{Chain, StoreOptions};
use crate::workload::{address_of, erc20_transfer, parallel, token_account, Rng, TOKEN};

/// The benchmark's genesis, once written.
pub struct ScaleState {
    /// The open chain.
    pub chain: Chain,
    /// Every funded account, in address order (the token's holders).
    pub accounts: Vec<Address>,
    /// How many of them are test keys `0..senders`.
    pub senders: u64,
    /// Time to derive the addresses and build the account list.
    pub prepare_time: Duration,
    /// Time to write the genesis (tables, tree, commit).
    pub write_time: Duration,
}

/// The address of synthetic account `i` (not a key's).
pub fn synthetic_address(i: u64) -> Address {
    let mut preimage = *b"zkos/bench/account/\0\0\0\0\0\0\0\0";
    preimage[19..].copy_from_slice(&i.to_be_bytes());
    let hash = blake2s(&preimage);
    let mut out = [0u8; 20];
    out.copy_from_slice(&hash[..20]);
    Address(out)
}

/// One ETH: each account's balance.
pub fn eth_balance() -> U256 {
    U256::from(10u64).pow(U256::from(18u8))
}

/// 1,000 tokens (18 decimals): each account's token balance.
pub fn token_balance() -> U256 {
    U256::from(1_000u64) * eth_balance()
}

/// Writes the genesis of `accounts` funded accounts (of which `senders` test keys) into a new store in
/// `dir`.
pub fn build(dir: &Path, accounts: u64, senders: u64, options: StoreOptions) -> Result<ScaleState> {
    let started = Instant::now();
    let senders = senders.min(accounts);
    let threads = crate::source::cores();
    let mut addresses = parallel(senders, threads, address_of)?;
    addresses.extend((senders..accounts).map(synthetic_address));
    addresses.sort_unstable();
    addresses.dedup();
    let token = token_account(addresses.iter().map(|a| (*a, token_balance())))?;
    let prepare_time = started.elapsed();

    let writing = Instant::now();
    // The token's place in address order; every other account is a plain funded one.
    let split = addresses.partition_point(|a| *a < TOKEN);
    let plain = |a: &Address| GenesisAccount { address: *a, balance: eth_balance(), ..Default::default() };
    let stream = addresses[..split]
        .iter()
        .map(plain)
        .chain(std::iter::once(token))
        .chain(addresses[split..].iter().filter(|a| **a != TOKEN).map(plain));
    let context = crate::workload::context(Fork::Prague, 0, 1_700_000_000);
    let chain = crate::genesis::init_accounts(dir, &context, stream, &Default::default(), options)?;
    Ok(ScaleState { chain, accounts: addresses, senders, prepare_time, write_time: writing.elapsed() })
}

/// `rounds × senders` signed token transfers: round `r` has every sender `0..senders` send (nonce `r`) to
/// a random funded account, so each block of up to `senders` transfers has distinct senders.
pub fn transfers(accounts: &[Address], senders: u64, rounds: u64, seed: u64) -> Result<Vec<Vec<u8>>> {
    let n = senders * rounds;
    let recipients: Vec<Address> = {
        let mut rng = Rng(seed);
        (0..n).map(|_| accounts[rng.below(accounts.len() as u64) as usize]).collect()
    };
    parallel(n, crate::source::cores(), |i| {
        let (round, sender) = (i / senders, i % senders);
        erc20_transfer(sender, round, &recipients[i as usize], U256::from(1u64 + i % 7))
    })
}
