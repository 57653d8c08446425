//! A rollup chain's block header and its hash, in the no_std core so that the proving program computes
//! the same hash when it checks that each block of a batch follows the previous one.
//!
//! The hash is `blake2s(encoding)` over the fixed big-endian layout of [`BlockHeader::encode`]: the parent
//! hash chains the blocks, the post-state commitment `(state_root, next_free)` commits to the state, and
//! `context_hash` (the same `blake2s` of the block context the proof's public input folds in, which covers
//! PREVRANDAO, the blob schedule, the beacon root and withdrawals too), `transactions_hash` and
//! `outputs_hash` (receipts and rejections, as the public input folds them) commit to what the block was
//! and did. Blake2s because it is the hash the proving program has a delegation for; nothing in the header
//! needs Ethereum's keccak/RLP form.

use alloc::vec::Vec;

use crate::proving::commit::{encode_block_context, hash_words, Accumulator};
use crate::proving::TapeWriter;
use primitives::{Address, BlobSchedule, Fork, B256, U256};
use system_api::BlockContext;
use tree::blake2s::blake2s;


/// Layout version of [`BlockHeader::encode`] (its first byte).
const HEADER_VERSION: u8 = 1;
/// Length of [`BlockHeader::encode`].
pub const HEADER_LEN: usize = 1 + 8 + 32 + 8 + 4 + 8 + 20 + 8 + 8 + 32 + 32 + 8 + 24 + 32 + 32 + 8 + 4 + 32 + 32;

/// A block of the chain as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockHeader {
    /// Block number.
    pub number: u64,
    /// Hash of the previous block (the genesis: the file's `parentHash`, zero by default).
    pub parent_hash: B256,
    /// Unix timestamp in seconds.
    pub timestamp: u64,
    /// Rule set.
    pub fork: Fork,
    /// Chain id.
    pub chain_id: u64,
    /// Fee recipient.
    pub coinbase: Address,
    /// Gas limit.
    pub gas_limit: u64,
    /// Gas used by the block's transactions.
    pub gas_used: u64,
    /// Base fee per gas.
    pub base_fee: U256,
    /// PREVRANDAO.
    pub prev_randao: B256,
    /// EIP-4844 excess blob gas.
    pub excess_blob_gas: u64,
    /// Blob parameters.
    pub blob_schedule: BlobSchedule,
    /// `blake2s` of the encoded block context (as in the public input).
    pub context_hash: B256,
    /// State root after the block.
    pub state_root: B256,
    /// The tree's next free leaf index after the block.
    pub next_free: u64,
    /// Number of transactions given to the block (included and rejected).
    pub tx_count: u32,
    /// Fold of the transactions' bytes: `acc = blake2s(acc ‖ blake2s(tx))` from zero.
    pub transactions_hash: B256,
    /// The public input's outputs hash (receipts and rejected indexes); zero-fold for no transactions.
    pub outputs_hash: B256,
}

impl BlockHeader {
    /// The header encoding the hash is taken over (and the store keeps).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN);
        out.push(HEADER_VERSION);
        out.extend_from_slice(&self.number.to_be_bytes());
        out.extend_from_slice(&self.parent_hash.0);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.fork.id().to_be_bytes());
        out.extend_from_slice(&self.chain_id.to_be_bytes());
        out.extend_from_slice(&self.coinbase.0);
        out.extend_from_slice(&self.gas_limit.to_be_bytes());
        out.extend_from_slice(&self.gas_used.to_be_bytes());
        out.extend_from_slice(&self.base_fee.to_be_bytes::<32>());
        out.extend_from_slice(&self.prev_randao.0);
        out.extend_from_slice(&self.excess_blob_gas.to_be_bytes());
        out.extend_from_slice(&self.blob_schedule.target.to_be_bytes());
        out.extend_from_slice(&self.blob_schedule.max.to_be_bytes());
        out.extend_from_slice(&self.blob_schedule.base_fee_update_fraction.to_be_bytes());
        out.extend_from_slice(&self.context_hash.0);
        out.extend_from_slice(&self.state_root.0);
        out.extend_from_slice(&self.next_free.to_be_bytes());
        out.extend_from_slice(&self.tx_count.to_be_bytes());
        out.extend_from_slice(&self.transactions_hash.0);
        out.extend_from_slice(&self.outputs_hash.0);
        out
    }

    /// `blake2s(self.encode())`.
    pub fn hash(&self) -> B256 {
        B256(blake2s(&self.encode()))
    }

    /// Decodes [`Self::encode`]'s bytes; `None` for another length, version or fork id.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != HEADER_LEN || bytes[0] != HEADER_VERSION {
            return None;
        }
        let mut r = Fields { bytes, at: 1 };
        let number = r.u64();
        let parent_hash = r.b256();
        let timestamp = r.u64();
        let fork_id = r.u32();
        let fork = Fork::from_id(fork_id)?;
        Some(BlockHeader {
            number,
            parent_hash,
            timestamp,
            fork,
            chain_id: r.u64(),
            coinbase: Address(r.take()),
            gas_limit: r.u64(),
            gas_used: r.u64(),
            base_fee: U256::from_be_bytes(r.take::<32>()),
            prev_randao: r.b256(),
            excess_blob_gas: r.u64(),
            blob_schedule: BlobSchedule { target: r.u64(), max: r.u64(), base_fee_update_fraction: r.u64() },
            context_hash: r.b256(),
            state_root: r.b256(),
            next_free: r.u64(),
            tx_count: r.u32(),
            transactions_hash: r.b256(),
            outputs_hash: r.b256(),
        })
    }

    /// The block context to run this block again (beacon root and withdrawals are not kept: the rollup's
    /// rules use neither, though `context_hash` commits to them).
    pub fn context(&self) -> BlockContext {
        BlockContext {
            fork: self.fork,
            chain_id: self.chain_id,
            number: self.number,
            timestamp: self.timestamp,
            coinbase: self.coinbase,
            gas_limit: self.gas_limit,
            base_fee: self.base_fee,
            prev_randao: self.prev_randao,
            excess_blob_gas: self.excess_blob_gas,
            blob_base_fee: crate::ethereum::fees::blob_base_fee(
                self.excess_blob_gas,
                self.blob_schedule.base_fee_update_fraction,
            ),
            blob_schedule: self.blob_schedule,
            parent_hash: self.parent_hash,
            parent_beacon_block_root: None,
            withdrawals: Vec::new(),
        }
    }

    /// The header of a block run in `context`, from its parts: gas used, post-state, the transactions'
    /// count and fold, and the outputs hash (what proving mode knows after proving the block).
    pub fn from_parts(
        context: &BlockContext,
        gas_used: u64,
        post: tree::Commitment,
        tx_count: u32,
        transactions_hash: B256,
        outputs: B256,
    ) -> Self {
        BlockHeader {
            number: context.number,
            parent_hash: context.parent_hash,
            timestamp: context.timestamp,
            fork: context.fork,
            chain_id: context.chain_id,
            coinbase: context.coinbase,
            gas_limit: context.gas_limit,
            gas_used,
            base_fee: context.base_fee,
            prev_randao: context.prev_randao,
            excess_blob_gas: context.excess_blob_gas,
            blob_schedule: context.blob_schedule,
            context_hash: context_hash(context),
            state_root: post.root,
            next_free: post.next_free,
            tx_count,
            transactions_hash,
            outputs_hash: outputs,
        }
    }

    /// The header of a block run in `context` (its `parent_hash` already the head's hash).
    pub fn of_block(context: &BlockContext, gas_used: u64, post: tree::Commitment, txs: &[Vec<u8>], outputs: B256) -> Self {
        BlockHeader {
            number: context.number,
            parent_hash: context.parent_hash,
            timestamp: context.timestamp,
            fork: context.fork,
            chain_id: context.chain_id,
            coinbase: context.coinbase,
            gas_limit: context.gas_limit,
            gas_used,
            base_fee: context.base_fee,
            prev_randao: context.prev_randao,
            excess_blob_gas: context.excess_blob_gas,
            blob_schedule: context.blob_schedule,
            context_hash: context_hash(context),
            state_root: post.root,
            next_free: post.next_free,
            tx_count: txs.len() as u32,
            transactions_hash: transactions_hash(txs),
            outputs_hash: outputs,
        }
    }
}

/// `blake2s` of the block context's tape encoding (the public input's block hash).
pub fn context_hash(context: &BlockContext) -> B256 {
    let mut tape = TapeWriter::default();
    encode_block_context(&mut tape, context);
    hash_words(&tape.words)
}

/// The fold of a block's transaction bytes.
pub fn transactions_hash(txs: &[Vec<u8>]) -> B256 {
    let mut acc = Accumulator::default();
    for tx in txs {
        acc.absorb(tx);
    }
    acc.0
}

/// A cursor over a header's fixed fields (the length was checked up front, so reads cannot run out).
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(src) = self.bytes.get(self.at..self.at + N) {
            out.copy_from_slice(src);
        }
        self.at += N;
        out
    }
    fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }
    fn b256(&mut self) -> B256 {
        B256(self.take())
    }
}
