//! zkos-chain: a chain, not a block. A persistent state store (redb) behind the [`system_api::Oracle`], so
//! blocks run one after another on the state the previous one committed, with the Blake2s state tree kept
//! on disk and updated incrementally.
//!
//! - [`init`] / [`init_accounts`]: the genesis block and its state, written in one transaction.
//! - [`Chain::apply`]: the next block from a block file: checked against the head, run over a snapshot of
//!   the head state ([`StoreView`] behind a [`SourceOracle`]), committed atomically with its tree update,
//!   header, receipts and rejections.
//! - [`Chain::sequence`]: a stream of signed transactions packed into blocks by gas limit, each applied.
//! - [`Chain::status`], [`Chain::account`], [`Chain::receipts`], [`Chain::check`]: the read side.
//! - [`Chain::state_before`], [`Chain::block_input`]: history, to re-execute any past range of blocks
//!   exactly (each block also stores its reverse [`changeset`]).
//! - [`StateSource`]: how another database plugs in behind the same oracle ([`guide`] shows an example).
//! - [`workload`]: signed ETH and ERC-20 (BenchToken) transfers for tests and the benchmark; [`scale`]: the
//!   million-account benchmark state.
//!
//! The layout, the block hash, the crash model and the figures are in `docs/store.md`.

mod apply;
mod bulk;
pub mod changeset;
pub mod codec;
mod commit;
#[doc(hidden)]
pub mod drill;
mod error;
mod genesis;
mod header;
mod history;
pub mod scale;
mod sequence;
mod source;
mod state_tree;
mod store;
pub mod tables;
mod unwind;
mod verify;
mod view;
pub mod workload;

pub use apply::{check_follows, Applied};
pub use changeset::{AccountChange, ChangeSet, PriorRecord};
pub use codec::{StoredReceipt, StoredRejection};
pub use error::{ChainError, Result};
pub use genesis::{accounts_of, init, init_accounts, GenesisAccount};
pub use header::{context_hash, transactions_hash, BlockHeader};
pub use sequence::{Progress, SequenceReport, Skipped};
pub use source::{cores, run_block, BlockRun, SourceOracle, SourceSystem, StateSource};
pub use state_tree::TreeUpdate;
pub use store::{AccountState, Chain, Status, StoreOptions, DB_FILE};
pub use verify::CheckReport;
pub use view::StoreView;

/// `docs/store.md`, whose Rust examples run as doctests (the "another database" example among them).
#[doc = include_str!("../../docs/store.md")]
pub mod guide {}

impl Chain {
    /// Applies `sets` to the stored tree in order, in one committed transaction, and returns the new
    /// commitment: `tree::FullTree::set` for each then `commitment()`. For tests of the incremental tree
    /// against `FullTree`; a chain's blocks update the tree through [`Chain::apply`].
    #[doc(hidden)]
    pub fn tree_sets(&mut self, sets: &[(primitives::B256, primitives::B256)]) -> Result<tree::Commitment> {
        let txn = self.begin_write()?;
        let next_free = store_next_free(&txn)?;
        let commitment = {
            let mut tables = state_tree::TreeTables::open(&txn)?;
            let mut update = TreeUpdate::new(&mut tables, next_free);
            for (key, value) in sets {
                update.set(*key, *value)?;
            }
            update.finish()?
        };
        txn.open_table(tables::META)?.insert(tables::NEXT_FREE, commitment.next_free)?;
        txn.commit()?;
        Ok(commitment)
    }
}

fn store_next_free(txn: &redb::WriteTransaction) -> Result<u64> {
    use redb::ReadableTable;
    let meta = txn.open_table(tables::META)?;
    let value = meta.get(tables::NEXT_FREE)?.map(|v| v.value());
    value.ok_or_else(|| ChainError::Corrupt("no next free index in meta".into()))
}
