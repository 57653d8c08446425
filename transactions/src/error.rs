//! Typed errors for transaction decoding and for signature recovery and signing.
//!
//! Every error names what was wrong precisely enough to debug a rejected transaction; none of them carries
//! the input bytes. `Display` is written by hand (no `std`, no derive macros).

use crate::rlp::RlpError;
use crate::tx::TxType;
use core::fmt;

/// Why a byte string is not a valid encoded transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The input is empty.
    Empty,
    /// The first byte is neither a supported EIP-2718 type nor the start of a legacy RLP list.
    UnsupportedType(u8),
    /// The RLP structure of `field` is malformed or non-canonical.
    Rlp {
        /// Which field (or `"envelope"` for the outer list).
        field: &'static str,
        /// The RLP rule that was broken.
        error: RlpError,
    },
    /// An integer field holds a value too large for its type (for example a nonce of 2^64).
    Overflow {
        /// Which field.
        field: &'static str,
    },
    /// A list has the wrong number of elements.
    FieldCount {
        /// Which list (the transaction type, `"access list entry"`, `"authorization"`, ...).
        list: &'static str,
        /// Elements the format requires.
        expected: usize,
        /// Elements found.
        found: usize,
    },
    /// A fixed-size byte field (address or hash) has the wrong length.
    InvalidLength {
        /// Which field.
        field: &'static str,
        /// Required length in bytes.
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// An EIP-4844 or EIP-7702 transaction has no recipient; these types cannot create contracts.
    MissingTo(TxType),
    /// A legacy `v` that is neither 27/28 nor an EIP-155 value (`>= 35`).
    InvalidLegacyV(u64),
}

impl DecodeError {
    /// Wraps an RLP error found while reading `field`, lifting integer overflow to [`DecodeError::Overflow`].
    pub(crate) fn rlp(field: &'static str) -> impl Fn(RlpError) -> DecodeError {
        move |error| match error {
            RlpError::IntegerOverflow => DecodeError::Overflow { field },
            error => DecodeError::Rlp { field, error },
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty transaction bytes"),
            Self::UnsupportedType(byte) => write!(f, "unsupported transaction type 0x{byte:02x}"),
            Self::Rlp { field, error } => write!(f, "invalid RLP in {field}: {error}"),
            Self::Overflow { field } => write!(f, "{field} does not fit its type"),
            Self::FieldCount { list, expected, found } => {
                write!(f, "{list} has {found} fields, expected {expected}")
            }
            Self::InvalidLength { field, expected, found } => {
                write!(f, "{field} is {found} bytes long, expected {expected}")
            }
            Self::MissingTo(tx_type) => write!(f, "{tx_type} transaction cannot create a contract (empty `to`)"),
            Self::InvalidLegacyV(v) => write!(f, "invalid legacy signature v = {v} (expected 27, 28 or >= 35)"),
        }
    }
}

/// Why a sender (or EIP-7702 authority) could not be recovered, or a transaction could not be signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// `v` / y parity is not a valid value for the transaction type.
    InvalidV(u64),
    /// For a legacy EIP-155 signature, `v` does not match the transaction's chain id.
    ChainIdMismatch,
    /// `r` is zero or not below the curve order.
    InvalidR,
    /// `s` is zero or not below the curve order.
    InvalidS,
    /// `s` is above half the curve order (EIP-2 malleability rule).
    HighS,
    /// The signature does not correspond to any public key for this message.
    RecoveryFailed,
    /// An L1 priority transaction without its L1 fields (cannot name a sender).
    MissingL1Fields,
    /// The transaction type is not signed by a key (L1 priority transactions).
    Unsignable(TxType),
    /// The chain id is too large to express as a legacy EIP-155 `v` (`chain_id * 2 + 36` overflows `u64`).
    ChainIdTooLarge(u64),
    /// The secret key is zero or not below the curve order.
    InvalidSecretKey,
    /// The signer failed to produce a signature.
    SigningFailed,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidV(v) => write!(f, "invalid signature v / y parity {v}"),
            Self::ChainIdMismatch => f.write_str("legacy signature v does not match the chain id"),
            Self::InvalidR => f.write_str("signature r is zero or not below the curve order"),
            Self::InvalidS => f.write_str("signature s is zero or not below the curve order"),
            Self::HighS => f.write_str("signature s is above half the curve order (EIP-2)"),
            Self::RecoveryFailed => f.write_str("public key recovery failed"),
            Self::MissingL1Fields => f.write_str("L1 priority transaction without its L1 fields"),
            Self::Unsignable(tx_type) => write!(f, "{tx_type} transactions are not signed"),
            Self::ChainIdTooLarge(chain_id) => {
                write!(f, "chain id {chain_id} too large for a legacy EIP-155 v")
            }
            Self::InvalidSecretKey => f.write_str("secret key is zero or not below the curve order"),
            Self::SigningFailed => f.write_str("signing failed"),
        }
    }
}

impl core::error::Error for DecodeError {}

impl core::error::Error for SignatureError {}

impl core::error::Error for RlpError {}
