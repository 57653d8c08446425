//! The crash drill: a deterministic chain that a child process builds while the crash test kills it
//! (`chain-crash-child`, `chain/tests/crash.rs`).
//!
//! Block `n`'s transactions depend on `n` alone, and its context on the head alone, whether the child
//! applies blocks one by one or sequences them from a stream (the block gas limit is exactly one block's
//! transactions' limits), so after any kill the state root at the store's head can be compared with an
//! in-memory replay of the same blocks.

use std::path::Path;

use fixtures::BlockFile;
use primitives::{Address, Fork, U256};
use system_api::BlockContext;
use system_impl::{InMemoryState, StateAccount};

use crate::error::{ChainError, Result};
use crate::store::Chain;
use crate::workload::{self, address_of};

/// Senders of the drill (test keys `0..SENDERS`).
pub const SENDERS: u64 = 16;
/// Transactions per block: ETH and token transfers alternating.
pub const PER_BLOCK: u64 = 6;
/// The block gas limit: exactly one block's transactions' gas limits.
pub const BLOCK_GAS: u64 = (PER_BLOCK / 2) * (workload::ETH_TRANSFER_GAS + workload::ERC20_TRANSFER_GAS);
/// Seconds between blocks.
pub const BLOCK_TIME: u64 = 1;

/// The drill's genesis: funded senders holding tokens, and the token.
pub fn genesis() -> Result<BlockFile> {
    let mut state = InMemoryState::new();
    let senders = (0..SENDERS).map(address_of).collect::<Result<Vec<_>>>()?;
    for a in &senders {
        state.insert_account(*a, StateAccount { balance: U256::from(10u64).pow(U256::from(20u8)), ..Default::default() });
    }
    let token = workload::token_account(senders.iter().map(|a| (*a, U256::from(1u64 << 40))))?;
    let storage = token.storage.into_iter().collect();
    state.insert_account(token.address, StateAccount { code: token.code, ee_type: token.ee_type, storage, ..Default::default() });
    let mut block = workload::context(Fork::Prague, 0, 1_000);
    block.gas_limit = BLOCK_GAS;
    Ok(BlockFile { block, state, transactions: Vec::new() })
}

/// The context of block `n` (what `sequence` derives from the head, with the drill's constants).
pub fn context(n: u64) -> BlockContext {
    let mut block = workload::context(Fork::Prague, n, 1_000 + n * BLOCK_TIME);
    block.gas_limit = BLOCK_GAS;
    block
}

/// Block `n`'s transactions (`n ≥ 1`): transaction `t` of the chain is sent by key `t mod SENDERS` with
/// nonce `t / SENDERS` to one of 1,000 fresh addresses, so blocks also insert tree leaves.
pub fn block_transactions(n: u64) -> Result<Vec<Vec<u8>>> {
    (0..PER_BLOCK)
        .map(|j| {
            let t = (n - 1) * PER_BLOCK + j;
            let (from, nonce) = (t % SENDERS, t / SENDERS);
            let to = Address::from_low_u64(0x7000 + t % 1_000);
            if j % 2 == 0 {
                workload::eth_transfer(from, nonce, to, U256::from(t + 1))
            } else {
                workload::erc20_transfer(from, nonce, &to, U256::from(t % 5 + 1))
            }
        })
        .collect()
}

/// Opens the drill's chain in `dir`, making it first when the store holds none (also after a kill during
/// `init`, which leaves no chain).
pub fn open_or_init(dir: &Path) -> Result<Chain> {
    match Chain::open(dir) {
        Ok(chain) => Ok(chain),
        Err(ChainError::NotInitialized(_)) => crate::init(dir, &genesis()?),
        Err(e) => Err(e),
    }
}

/// Builds blocks forever (until killed): `sequence` mode streams 20 blocks' transactions at a time into
/// [`Chain::sequence`]; otherwise each block goes through [`Chain::apply_block`].
pub fn run(dir: &Path, sequence: bool) -> Result<()> {
    let mut chain = open_or_init(dir)?;
    loop {
        let next = chain.head()?.number + 1;
        if sequence {
            let mut txs = Vec::new();
            for n in next..next + 20 {
                txs.extend(block_transactions(n)?);
            }
            chain.sequence(txs, BLOCK_GAS, BLOCK_TIME, |_| {})?;
        } else {
            chain.apply_block(context(next), block_transactions(next)?)?;
        }
    }
}
