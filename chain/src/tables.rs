//! The store's tables and the byte layouts of their keys and values.
//!
//! Keys are fixed-width big-endian byte strings (or `u64`), so redb's order is the numeric order: an
//! account's slots are one contiguous range, a level of the tree is one contiguous range of node keys, and
//! bulk inserts in that order append to the B-tree instead of splitting it at random.

use primitives::{Address, B256, KECCAK_EMPTY, U256};
use redb::TableDefinition;
use system_api::{AccountRecord, EeType};
use tree::Leaf;

/// Scalars of the chain: [`HEAD`] (the head's number), [`NEXT_FREE`] (the tree's next free leaf index),
/// [`FORMAT`] (the layout version), [`HISTORY_FROM`] (the first block with a changeset).
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// `address (20)` → [`encode_account`]: nonce, balance, keccak code hash, EE type.
pub const ACCOUNTS: TableDefinition<&[u8; 20], &[u8; ACCOUNT_LEN]> = TableDefinition::new("accounts");
/// `address (20) ‖ slot (32, BE)` → value (32, BE); a zero value is never stored.
pub const STORAGE: TableDefinition<&[u8; 52], &[u8; 32]> = TableDefinition::new("storage");
/// keccak-256 of the code → code bytes (content-addressed, never deleted).
pub const CODE: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("code");
/// Block number → the encoded [`crate::BlockHeader`] followed by its hash.
pub const HEADERS: TableDefinition<u64, &[u8]> = TableDefinition::new("headers");
/// Block number → block hash (what BLOCKHASH answers).
pub const BLOCK_HASHES: TableDefinition<u64, &[u8; 32]> = TableDefinition::new("block_hashes");
/// Block number → the block's transactions as given (see [`crate::codec`]).
pub const BLOCK_TXS: TableDefinition<u64, &[u8]> = TableDefinition::new("block_transactions");
/// Block number → the block's receipts (see [`crate::codec`]).
pub const RECEIPTS: TableDefinition<u64, &[u8]> = TableDefinition::new("receipts");
/// Block number → the block's rejected transactions with reasons (see [`crate::codec`]).
pub const REJECTED: TableDefinition<u64, &[u8]> = TableDefinition::new("rejected");
/// Tree leaf index → `key (32) ‖ value (32) ‖ next (8, BE)`.
pub const LEAVES: TableDefinition<u64, &[u8; 72]> = TableDefinition::new("tree_leaves");
/// Tree key → its leaf index.
pub const LEAF_INDEX: TableDefinition<&[u8; 32], u64> = TableDefinition::new("tree_key_index");
/// `height (1) ‖ index (8, BE)` → node hash, for heights 3..=64 inside the occupied prefix of each level
/// (lower nodes are recomputed from their leaves).
pub const NODES: TableDefinition<&[u8; 9], &[u8; 32]> = TableDefinition::new("tree_nodes");

/// Block number → the block's reverse changeset: what its state changes overwrote (see
/// [`crate::changeset`]); from [`HISTORY_FROM`] on.
pub const CHANGESETS: TableDefinition<u64, &[u8]> = TableDefinition::new("changesets");
/// Block number → the parts of the block's context its header does not hold (blob base fee, beacon root,
/// withdrawals; see [`crate::codec::encode_context_extras`]).
pub const CONTEXT_EXTRAS: TableDefinition<u64, &[u8]> = TableDefinition::new("block_context_extras");

/// [`META`] key of the head block's number.
pub const HEAD: &str = "head";
/// [`META`] key of the tree's next free leaf index.
pub const NEXT_FREE: &str = "next_free";
/// [`META`] key of the layout version.
pub const FORMAT: &str = "format";
/// [`META`] key of the first block with a changeset (absent until a block after the genesis is written;
/// a store from before changesets has its first one at the first block this version wrote).
pub const HISTORY_FROM: &str = "history_from";
/// The layout version this crate writes: 2 adds [`CHANGESETS`], [`CONTEXT_EXTRAS`] and [`HISTORY_FROM`]
/// to version 1, which it still reads.
pub const FORMAT_VERSION: u64 = 2;

/// Length of an [`ACCOUNTS`] value.
pub const ACCOUNT_LEN: usize = 73;

/// `nonce (8, BE) ‖ balance (32, BE) ‖ keccak code hash (32) ‖ ee type (1)`.
pub fn encode_account(record: &AccountRecord) -> [u8; ACCOUNT_LEN] {
    let mut out = [0u8; ACCOUNT_LEN];
    out[..8].copy_from_slice(&record.nonce.to_be_bytes());
    out[8..40].copy_from_slice(&record.balance.to_be_bytes::<32>());
    out[40..72].copy_from_slice(&record.code_hash.0);
    out[72] = record.ee_type.0;
    out
}

/// Inverse of [`encode_account`].
pub fn decode_account(bytes: &[u8; ACCOUNT_LEN]) -> AccountRecord {
    let mut nonce = [0u8; 8];
    nonce.copy_from_slice(&bytes[..8]);
    let mut balance = [0u8; 32];
    balance.copy_from_slice(&bytes[8..40]);
    let mut hash = [0u8; 32];
    hash.copy_from_slice(&bytes[40..72]);
    AccountRecord {
        nonce: u64::from_be_bytes(nonce),
        balance: U256::from_be_bytes(balance),
        code_hash: B256(hash),
        ee_type: EeType(bytes[72]),
    }
}

/// The record a store keeps for an account: an account without code has the empty code's hash whatever
/// a diff carried, exactly as [`system_impl::InMemoryState`] answers.
pub fn normalized(record: AccountRecord, code_is_empty: bool) -> AccountRecord {
    if code_is_empty {
        AccountRecord { code_hash: KECCAK_EMPTY, ..record }
    } else {
        record
    }
}

/// [`STORAGE`] key of a slot.
pub fn storage_key(address: &Address, slot: &U256) -> [u8; 52] {
    let mut out = [0u8; 52];
    out[..20].copy_from_slice(&address.0);
    out[20..].copy_from_slice(&slot.to_be_bytes::<32>());
    out
}

/// The first and last [`STORAGE`] keys of an address (its slots are the range between them).
pub fn storage_bounds(address: &Address) -> ([u8; 52], [u8; 52]) {
    let mut low = [0u8; 52];
    low[..20].copy_from_slice(&address.0);
    let mut high = [0xffu8; 52];
    high[..20].copy_from_slice(&address.0);
    (low, high)
}

/// Splits a [`STORAGE`] key back into address and slot.
pub fn split_storage_key(key: &[u8; 52]) -> (Address, U256) {
    let mut address = [0u8; 20];
    address.copy_from_slice(&key[..20]);
    let mut slot = [0u8; 32];
    slot.copy_from_slice(&key[20..]);
    (Address(address), U256::from_be_bytes(slot))
}

/// `key ‖ value ‖ next (BE)`.
pub fn encode_leaf(leaf: &Leaf) -> [u8; 72] {
    let mut out = [0u8; 72];
    out[..32].copy_from_slice(&leaf.key.0);
    out[32..64].copy_from_slice(&leaf.value.0);
    out[64..].copy_from_slice(&leaf.next.to_be_bytes());
    out
}

/// Inverse of [`encode_leaf`].
pub fn decode_leaf(bytes: &[u8; 72]) -> Leaf {
    let mut key = [0u8; 32];
    key.copy_from_slice(&bytes[..32]);
    let mut value = [0u8; 32];
    value.copy_from_slice(&bytes[32..64]);
    let mut next = [0u8; 8];
    next.copy_from_slice(&bytes[64..]);
    Leaf { key: B256(key), value: B256(value), next: u64::from_be_bytes(next) }
}

/// [`NODES`] key of the node at `(height, index)`.
pub fn node_key(height: usize, index: u64) -> [u8; 9] {
    let mut out = [0u8; 9];
    out[0] = height as u8;
    out[1..].copy_from_slice(&index.to_be_bytes());
    out
}
