//! The chain's block header and its hash: defined in the no_std core (`bootloader::chain::header`) so the
//! proving program computes the same hash; this module adds the store's error for a corrupt encoding.

pub use bootloader::chain::header::{context_hash, transactions_hash, BlockHeader, HEADER_LEN};

use crate::error::{ChainError, Result};

/// Decodes a stored header, a corrupt one as [`ChainError::Corrupt`].
pub fn decode(bytes: &[u8]) -> Result<BlockHeader> {
    BlockHeader::decode(bytes)
        .ok_or_else(|| ChainError::corrupt(format!("header of {} bytes (version {:?})", bytes.len(), bytes.first())))
}
