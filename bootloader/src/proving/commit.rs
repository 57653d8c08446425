//! What the block commits to: the tree entries a state maps to, the writes a block makes, and the public
//! input `blake2s(pre ‖ post ‖ block context ‖ inputs ‖ outputs)` that forward and proving mode both compute.

use alloc::boxed::Box;
use alloc::vec::Vec;
use primitives::{B256, KECCAK_EMPTY};
use system_api::{BlockContext, EeType};
use system_impl::{InMemoryState, StateAccount, StateDiff};
use tree::blake2s::blake2s;
use tree::keys::{account_key, storage_key, AccountRecord};
use tree::{Commitment, FullTree, Layout, LayoutError, SparseTree, StateTree};

use super::tape::TapeWriter;
use crate::BlockOutput;

/// The record of an account with `code`.
pub fn record_of(nonce: u64, balance: primitives::U256, code: &[u8], keccak: B256, ee_type: EeType) -> AccountRecord {
    AccountRecord {
        ee_type: ee_type.0,
        nonce,
        balance,
        code_len: code.len() as u32,
        keccak_code_hash: if code.is_empty() { KECCAK_EMPTY } else { keccak },
        blake_code_hash: if code.is_empty() { B256::ZERO } else { B256(blake2s(code)) },
    }
}

/// The record of an in-memory account.
pub fn state_record(account: &StateAccount) -> AccountRecord {
    let keccak = if account.code.is_empty() { KECCAK_EMPTY } else { primitives::keccak256(&account.code) };
    record_of(account.nonce, account.balance, &account.code, keccak, account.ee_type)
}

/// The tree entries `(key, value)` of a whole state in a fixed order: accounts by address, each followed
/// by its slots by slot number. Inserting them in this order always gives the same leaf indexes.
pub fn state_entries(state: &InMemoryState) -> Vec<(B256, B256)> {
    let mut entries = Vec::new();
    for (address, account) in &state.accounts {
        entries.push((account_key(address), state_record(account).hash()));
        for (slot, value) in &account.storage {
            entries.push((storage_key(address, slot), B256::from_word(value)));
        }
    }
    entries
}

/// The tree of a whole state, its leaves at 2, 3, … in [`state_entries`] order, so the same genesis always
/// gives the same leaf indexes.
pub fn state_tree(state: &InMemoryState) -> FullTree {
    let mut tree = FullTree::new();
    for (key, value) in state_entries(state) {
        tree.set(key, value);
    }
    tree
}

/// The tree of a whole state placed by `layout`: [`Layout::Dense`] is [`state_tree`]; a scattered layout puts
/// the state's leaves at pseudo-random indexes among `2^B` occupied ones ([`SparseTree`]), so every proof
/// costs what it would in a real chain's state.
pub fn state_tree_in(state: &InMemoryState, layout: Layout) -> Result<Box<dyn StateTree + Send>, LayoutError> {
    Ok(match layout {
        Layout::Dense => Box::new(state_tree(state)),
        Layout::Scattered { .. } => Box::new(SparseTree::new(layout, state_entries(state))?),
    })
}

/// The tree writes of a block, sorted by key, before removing no-op writes.
pub fn block_writes(diff: &StateDiff) -> Vec<(B256, B256)> {
    let mut writes = Vec::new();
    for (address, account) in &diff.accounts {
        let value = if account.deleted {
            B256::ZERO
        } else {
            record_of(account.nonce, account.balance, &account.code, account.code_hash, account.ee_type).hash()
        };
        writes.push((account_key(address), value));
        for (slot, v) in &account.storage {
            writes.push((storage_key(address, slot), B256::from_word(v)));
        }
    }
    writes.sort();
    writes
}

/// Keeps only the writes that change something (`old` gives a key's pre-block value, zero when absent).
pub fn effective_writes<E>(
    writes: Vec<(B256, B256)>,
    mut old: impl FnMut(&B256) -> Result<B256, E>,
) -> Result<Vec<(B256, B256)>, E> {
    let mut out = Vec::with_capacity(writes.len());
    for (key, value) in writes {
        if old(&key)? != value {
            out.push((key, value));
        }
    }
    Ok(out)
}

/// Encodes a block context for the tape (and for its hash).
pub fn encode_block_context(tape: &mut TapeWriter, block: &BlockContext) {
    tape.word(block.fork.id());
    tape.u64(block.chain_id);
    tape.u64(block.number);
    tape.u64(block.timestamp);
    tape.address(&block.coinbase);
    tape.u64(block.gas_limit);
    tape.u256(&block.base_fee);
    tape.b256(&block.prev_randao);
    tape.u64(block.excess_blob_gas);
    tape.u256(&block.blob_base_fee);
    tape.u64(block.blob_schedule.target);
    tape.u64(block.blob_schedule.max);
    tape.u64(block.blob_schedule.base_fee_update_fraction);
    tape.b256(&block.parent_hash);
    match &block.parent_beacon_block_root {
        Some(root) => {
            tape.word(1);
            tape.b256(root);
        }
        None => tape.word(0),
    }
    tape.word(block.withdrawals.len() as u32);
    for w in &block.withdrawals {
        tape.u64(w.index);
        tape.u64(w.validator_index);
        tape.address(&w.address);
        tape.u64(w.amount_gwei);
    }
}

/// Blake2s over words (little-endian bytes).
pub fn hash_words(words: &[u32]) -> B256 {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    B256(blake2s(&bytes))
}

/// A running hash: `acc = blake2s(acc ‖ blake2s(item))`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accumulator(pub B256);

impl Accumulator {
    /// Folds in one item.
    pub fn absorb(&mut self, item: &[u8]) {
        let mut buf = [0u8; 64];
        buf[..32].copy_from_slice(&self.0 .0);
        buf[32..].copy_from_slice(&blake2s(item));
        self.0 = B256(blake2s(&buf));
    }
}

/// The outputs hash: every receipt (index, status, gas, logs) and every rejected index.
pub fn outputs_hash(output: &BlockOutput) -> B256 {
    let mut acc = Accumulator::default();
    for r in &output.receipts {
        let mut t = TapeWriter::default();
        t.u64(r.tx_index as u64);
        t.word(match r.status {
            ee_api::ExitStatus::Success => 0,
            ee_api::ExitStatus::Revert => 1,
            ee_api::ExitStatus::Halt(_) => 2,
        });
        t.u64(r.gas_used);
        for log in &r.logs {
            t.address(&log.address);
            t.word(log.topics.len() as u32);
            for topic in &log.topics {
                t.b256(topic);
            }
            t.bytes(&log.data);
        }
        acc.absorb(&words_to_bytes(&t.words));
    }
    for r in &output.rejected {
        let mut t = TapeWriter::default();
        t.u64(r.index as u64);
        t.word(u32::MAX);
        acc.absorb(&words_to_bytes(&t.words));
    }
    acc.0
}

fn words_to_bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// The block's public input as eight words (what the RISC-V program leaves in x10–x17).
pub fn public_input(pre: &Commitment, post: &Commitment, block_hash: &B256, inputs: &B256, outputs: &B256) -> [u32; 8] {
    let mut t = TapeWriter::default();
    t.b256(&pre.root);
    t.u64(pre.next_free);
    t.b256(&post.root);
    t.u64(post.next_free);
    t.b256(block_hash);
    t.b256(inputs);
    t.b256(outputs);
    let digest = hash_words(&t.words);
    let mut out = [0u32; 8];
    for (i, chunk) in digest.0.chunks(4).enumerate() {
        out[i] = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    out
}
