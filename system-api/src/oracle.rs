//! The oracle: the source of everything the state transition does not compute itself.
//!
//! In forward mode it answers from memory or a database and is trusted. In proving mode it is the
//! non-determinism tape and is *not* trusted: the proving instance checks each answer (Merkle proofs
//! against the pre-state root, preimages re-hashed) before using it. Hence answers are plain data, and the
//! trait says nothing of verification.

use alloc::vec::Vec;
use core::fmt;
use primitives::{Address, B256, U256};

use crate::{BlockContext, EeType};

/// An account as the pre-state holds it (code comes separately, by hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRecord {
    /// Nonce.
    pub nonce: u64,
    /// Balance.
    pub balance: U256,
    /// keccak-256 of the code.
    pub code_hash: B256,
    /// EE that runs the code.
    pub ee_type: EeType,
}

/// The oracle could not answer, or its answer was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OracleError {
    /// No answer for this query (the backing store lacks it).
    Missing(&'static str),
    /// The answer did not verify (wrong proof, wrong preimage, malformed data).
    Rejected(&'static str),
}

impl fmt::Display for OracleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(what) => write!(f, "no answer for {what}"),
            Self::Rejected(what) => write!(f, "answer rejected: {what}"),
        }
    }
}

/// Queries the state transition makes of the outside world.
pub trait Oracle {
    /// The block's context.
    fn block_context(&mut self) -> Result<BlockContext, OracleError>;
    /// The next transaction's encoded bytes, or `None` at the end of the block.
    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError>;
    /// An account of the pre-state, `None` if absent.
    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError>;
    /// A storage slot of the pre-state (zero if never written).
    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError>;
    /// Code by its keccak hash.
    fn code(&mut self, code_hash: &B256) -> Result<crate::Bytecode, OracleError>;
    /// Hash of block `number` (one of the last 256), zero if unknown.
    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError>;

    /// The sender of the transaction with hash `tx_hash`, if the oracle already recovered it. Only a trusted
    /// oracle may answer (forward mode recovers signatures in parallel before execution); a verifying
    /// oracle answers `None` and the bootloader recovers the sender itself.
    fn sender_hint(&mut self, _tx_hash: &B256) -> Option<Address> {
        None
    }

    /// Whether the run reports transaction hashes (in receipts, and to look up sender hints). A proving
    /// oracle says no: nothing proven reads them, and each costs a keccak over the whole envelope.
    fn wants_transaction_hashes(&self) -> bool {
        true
    }

    /// An answer the caller checks before use (see [`Question`]): in proving mode the prover's, read from
    /// the tape, sparing the program a costly computation. `None`: the caller computes it. A forward oracle
    /// has no reason to answer; one that records the witness answers, so proving mode finds the answers.
    fn advise(&mut self, _question: &Question) -> Result<Option<[u8; 32]>, OracleError> {
        Ok(None)
    }

    /// Whether this oracle answers [`Self::advise`] (proving mode, and the forward run that records its
    /// witness). Both must then take the advised code paths, so that they ask the same questions in the same
    /// order; an oracle that never advises leaves the bootloader free to use faster native code instead.
    fn gives_advice(&self) -> bool {
        false
    }
}

/// A question whose answer is cheap to check but costly to compute (non-determinism). Whatever the oracle
/// answers, the asker checks it and computes the value itself when the check fails, so an answer can only
/// save work, never change a result. The values are canonical big-endian numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// A square root modulo secp256k1's `p` of the value, or of its negation when it has none.
    Secp256k1Sqrt([u8; 32]),
    /// The inverse modulo secp256k1's group order `n`.
    Secp256k1ScalarInverse([u8; 32]),
    /// The inverse modulo secp256k1's `p`.
    Secp256k1FieldInverse([u8; 32]),
    /// The inverse modulo P-256's group order `n` (a P256VERIFY signature's `s`).
    P256ScalarInverse([u8; 32]),
}
