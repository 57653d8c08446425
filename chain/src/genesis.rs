//! Starting a chain: the genesis block's state written straight into an empty store, in one transaction.
//!
//! The tree is exactly `bootloader::proving::commit::state_tree(alloc)`: its entries in
//! `state_entries` order (accounts by address, each followed by its slots by slot number), so the genesis
//! root, and every root after it, agrees with `zkos run`. [`init`] takes a block file; [`init_accounts`]
//! takes any stream of accounts in address order (the scale generator's million accounts), never holding
//! the state as an `InMemoryState`.

use std::collections::BTreeMap;
use std::path::Path;

use bootloader::proving::commit::record_of;
use fixtures::BlockFile;
use primitives::{keccak256, Address, B256, KECCAK_EMPTY, U256};
use system_api::{AccountRecord, BlockContext, EeType};
use tree::keys::{account_key, storage_key as tree_storage_key};

use crate::bulk::BuiltTree;
use crate::error::{ChainError, Result};
use crate::header::BlockHeader;
use crate::state_tree::TreeTables;
use crate::store::{Chain, StoreOptions};
use crate::tables::*;

/// One account of a genesis state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenesisAccount {
    /// Address.
    pub address: Address,
    /// Nonce.
    pub nonce: u64,
    /// Balance.
    pub balance: U256,
    /// Code (empty for none).
    pub code: Vec<u8>,
    /// EE of the code.
    pub ee_type: EeType,
    /// Slots in increasing slot order; zero values are kept out of the storage table but, like
    /// `state_entries`, still become tree leaves.
    pub storage: Vec<(U256, U256)>,
}

/// The accounts of an in-memory state, in address order.
pub fn accounts_of(state: &system_impl::InMemoryState) -> impl Iterator<Item = GenesisAccount> + '_ {
    state.accounts.iter().map(|(address, a)| GenesisAccount {
        address: *address,
        nonce: a.nonce,
        balance: a.balance,
        code: a.code.clone(),
        ee_type: a.ee_type,
        storage: a.storage.iter().map(|(k, v)| (*k, *v)).collect(),
    })
}

/// Starts a chain in `dir` from a block file: its `env` (number, timestamp, gas limit, base fee, chain id,
/// fork, coinbase, PREVRANDAO, `parentHash`) and `alloc` become block `env.currentNumber` with no
/// transactions; `env.blockHashes` seed the hashes of earlier blocks. Refuses a file with transactions and
/// a store that already holds a chain.
pub fn init(dir: &Path, genesis: &BlockFile) -> Result<Chain> {
    if !genesis.transactions.is_empty() {
        return Err(ChainError::InvalidGenesis(format!(
            "{} transactions in the genesis file: a genesis block has none (apply them as the next block)",
            genesis.transactions.len()
        )));
    }
    init_accounts(dir, &genesis.block, accounts_of(&genesis.state), &genesis.state.block_hashes, StoreOptions::default())
}

/// Starts a chain in `dir` whose genesis block has `context` and the state `accounts` (strictly increasing
/// addresses), with `block_hashes` of earlier blocks. Everything is one write transaction: a crash leaves
/// an empty store, which `init` accepts again.
pub fn init_accounts(
    dir: &Path,
    context: &BlockContext,
    accounts: impl IntoIterator<Item = GenesisAccount>,
    block_hashes: &BTreeMap<u64, B256>,
    options: StoreOptions,
) -> Result<Chain> {
    let chain = Chain::create(dir, options)?;
    if let Some(&past) = block_hashes.keys().find(|&&n| n >= context.number) {
        return Err(ChainError::InvalidGenesis(format!("block hash for block {past}, not before the genesis")));
    }
    let txn = chain.begin_write()?;
    let commitment = {
        let mut accounts_table = txn.open_table(ACCOUNTS)?;
        let mut storage_table = txn.open_table(STORAGE)?;
        let mut code_table = txn.open_table(CODE)?;
        let mut entries: Vec<(B256, B256)> = Vec::new();
        let mut previous: Option<Address> = None;
        for account in accounts {
            if previous.is_some_and(|p| p >= account.address) {
                return Err(ChainError::InvalidGenesis(format!("account {} out of address order", account.address)));
            }
            previous = Some(account.address);
            let keccak = if account.code.is_empty() { KECCAK_EMPTY } else { keccak256(&account.code) };
            let record = AccountRecord { nonce: account.nonce, balance: account.balance, code_hash: keccak, ee_type: account.ee_type };
            accounts_table.insert(&account.address.0, &encode_account(&record))?;
            if !account.code.is_empty() {
                code_table.insert(&keccak.0, account.code.as_slice())?;
            }
            let tree_record = record_of(account.nonce, account.balance, &account.code, keccak, account.ee_type);
            entries.push((account_key(&account.address), tree_record.hash()));
            let mut last_slot: Option<U256> = None;
            for (slot, value) in &account.storage {
                if last_slot.is_some_and(|l| l >= *slot) {
                    return Err(ChainError::InvalidGenesis(format!("{}: slot {slot} out of order", account.address)));
                }
                last_slot = Some(*slot);
                if !value.is_zero() {
                    storage_table.insert(&storage_key(&account.address, slot), &value.to_be_bytes::<32>())?;
                }
                entries.push((tree_storage_key(&account.address, slot), B256::from_word(value)));
            }
        }
        let built = BuiltTree::build(&entries, crate::source::cores());
        drop(entries);
        built.write(&mut TreeTables::open(&txn)?)?;
        built.commitment()
    };
    let outputs = bootloader::proving::commit::outputs_hash(&bootloader::BlockOutput::default());
    let header = BlockHeader::of_block(context, 0, commitment, &[], outputs);
    {
        let mut hashes = txn.open_table(BLOCK_HASHES)?;
        for (number, hash) in block_hashes {
            hashes.insert(*number, &hash.0)?;
        }
    }
    crate::commit::write_header(&txn, &header, &[], &[], &[])?;
    crate::commit::write_context_extras(&txn, context)?;
    // Created empty: the genesis has no changeset (there is no state before it).
    txn.open_table(CHANGESETS)?;
    txn.commit()?;
    Ok(chain)
}
