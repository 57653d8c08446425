//! Why a transaction was rejected. A rejected transaction changes nothing and the block goes on.

use core::fmt;
use primitives::U256;
use transactions::{DecodeError, SignatureError, TxType};

/// A transaction that cannot be included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidTransaction {
    /// The bytes are not a valid transaction encoding.
    Decode(DecodeError),
    /// The signature does not recover a sender.
    Signature(SignatureError),
    /// The type is not accepted under the block's fork.
    TypeNotSupported(TxType),
    /// The chain id differs from the block's.
    WrongChainId {
        /// The transaction's chain id.
        got: u64,
        /// The block's chain id.
        expected: u64,
    },
    /// The nonce differs from the sender's.
    NonceMismatch {
        /// The transaction's nonce.
        got: u64,
        /// The sender's nonce.
        expected: u64,
    },
    /// The sender's nonce is at its maximum (EIP-2681).
    NonceOverflow,
    /// The gas limit is below the intrinsic gas (or the EIP-7623 floor).
    IntrinsicGasTooLow {
        /// The transaction's gas limit.
        gas_limit: u64,
        /// What it needs at least.
        required: u64,
    },
    /// The gas limit exceeds what is left of the block's.
    GasLimitExceedsBlock {
        /// The transaction's gas limit.
        gas_limit: u64,
        /// Gas left in the block.
        available: u64,
    },
    /// The gas limit exceeds the fork's cap on one transaction (EIP-7825: 2^24 from Osaka on).
    GasLimitAboveCap {
        /// The transaction's gas limit.
        gas_limit: u64,
        /// The cap.
        cap: u64,
    },
    /// The fee cap is below the base fee.
    FeeCapTooLow {
        /// The fee cap (or gas price).
        max_fee: u128,
        /// The block's base fee.
        base_fee: U256,
    },
    /// The priority fee exceeds the fee cap.
    PriorityFeeAboveFeeCap,
    /// The sender cannot pay for gas and value.
    InsufficientFunds {
        /// What the transaction may cost at most.
        required: U256,
        /// The sender's balance.
        balance: U256,
    },
    /// The sender has code that is not an EIP-7702 delegation (EIP-3607).
    SenderNotEoa,
    /// Initcode longer than 49,152 bytes (EIP-3860).
    InitcodeTooLarge(usize),
    /// A blob transaction without blobs, with too many, or with a bad versioned hash.
    InvalidBlobs(&'static str),
    /// More blobs than one transaction may carry (the block's maximum; 6 from Osaka on, EIP-7594).
    BlobCountExceeded {
        /// Blobs the transaction carries.
        count: u64,
        /// Blobs allowed.
        max: u64,
    },
    /// The blob fee cap is below the blob base fee.
    BlobFeeCapTooLow,
    /// A set-code transaction with an empty authorization list.
    EmptyAuthorizationList,
    /// An L1 priority transaction whose mint would overflow the recipient's balance.
    MintOverflow,
}

impl fmt::Display for InvalidTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "malformed transaction: {e}"),
            Self::Signature(e) => write!(f, "invalid signature: {e}"),
            Self::TypeNotSupported(t) => write!(f, "{t} transactions are not supported in this fork"),
            Self::WrongChainId { got, expected } => write!(f, "chain id {got}, expected {expected}"),
            Self::NonceMismatch { got, expected } => write!(f, "nonce {got}, expected {expected}"),
            Self::NonceOverflow => f.write_str("sender nonce at maximum"),
            Self::IntrinsicGasTooLow { gas_limit, required } => {
                write!(f, "gas limit {gas_limit} below intrinsic gas {required}")
            }
            Self::GasLimitExceedsBlock { gas_limit, available } => {
                write!(f, "gas limit {gas_limit} exceeds the {available} gas left in the block")
            }
            Self::GasLimitAboveCap { gas_limit, cap } => {
                write!(f, "gas limit {gas_limit} above the transaction gas cap {cap} (EIP-7825)")
            }
            Self::FeeCapTooLow { max_fee, base_fee } => write!(f, "fee cap {max_fee} below base fee {base_fee}"),
            Self::PriorityFeeAboveFeeCap => f.write_str("priority fee above fee cap"),
            Self::InsufficientFunds { required, balance } => {
                write!(f, "insufficient funds: need {required}, have {balance}")
            }
            Self::SenderNotEoa => f.write_str("sender has deployed code (EIP-3607)"),
            Self::InitcodeTooLarge(n) => write!(f, "initcode of {n} bytes exceeds 49152"),
            Self::InvalidBlobs(why) => write!(f, "invalid blobs: {why}"),
            Self::BlobCountExceeded { count, max } => write!(f, "{count} blobs, at most {max} per transaction"),
            Self::BlobFeeCapTooLow => f.write_str("blob fee cap below blob base fee"),
            Self::EmptyAuthorizationList => f.write_str("empty authorization list"),
            Self::MintOverflow => f.write_str("minted value overflows the sender's balance"),
        }
    }
}
