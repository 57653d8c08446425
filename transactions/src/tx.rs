//! The decoded transaction: one flat struct for every envelope type, plus its component types.
//!
//! Fields that a given type does not carry hold neutral values (empty lists, zero, `None`), so consumers can
//! read them without matching on the type. See [`crate::envelope`] for the wire formats.

use alloc::vec::Vec;
use core::fmt;
use primitives::{Address, B256, U256};

/// The EIP-2718 transaction type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum TxType {
    /// Untyped RLP list; EIP-155 replay protection optional.
    #[default]
    Legacy = 0,
    /// EIP-2930: chain id and access list.
    Eip2930 = 1,
    /// EIP-1559: priority fee and fee cap.
    Eip1559 = 2,
    /// EIP-4844: blob-carrying transaction (canonical form, without the network wrapper).
    Eip4844 = 3,
    /// EIP-7702: set-code transaction with an authorization list.
    Eip7702 = 4,
    /// zkos L1 → L2 priority transaction: unsigned, value minted, gas paid on L1.
    L1Priority = 0x7f,
}

impl TxType {
    /// The type for an EIP-2718 type byte; `None` when zkos does not accept it.
    pub const fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            0 => Some(Self::Legacy),
            1 => Some(Self::Eip2930),
            2 => Some(Self::Eip1559),
            3 => Some(Self::Eip4844),
            4 => Some(Self::Eip7702),
            0x7f => Some(Self::L1Priority),
            _ => None,
        }
    }

    /// The EIP-2718 type byte (`0` for legacy, which is sent without one).
    pub const fn as_byte(self) -> u8 {
        self as u8
    }

    /// True for types whose fee fields are a fee cap and a priority fee (EIP-1559 style).
    pub const fn has_dynamic_fee(self) -> bool {
        matches!(self, Self::Eip1559 | Self::Eip4844 | Self::Eip7702 | Self::L1Priority)
    }
}

impl fmt::Display for TxType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Legacy => "legacy",
            Self::Eip2930 => "EIP-2930",
            Self::Eip1559 => "EIP-1559",
            Self::Eip4844 => "EIP-4844",
            Self::Eip7702 => "EIP-7702",
            Self::L1Priority => "L1 priority",
        })
    }
}

/// One EIP-2930 access-list entry.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AccessListItem {
    /// The account to pre-warm.
    pub address: Address,
    /// Its storage slots to pre-warm.
    pub storage_keys: Vec<B256>,
}

/// One EIP-7702 authorization tuple.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Authorization {
    /// Chain the authorization is valid on (`0` = any chain).
    pub chain_id: U256,
    /// Code to delegate to.
    pub address: Address,
    /// The authority's nonce the authorization is valid for.
    pub nonce: u64,
    /// Signature y parity (only 0 and 1 recover).
    pub y_parity: u8,
    /// Signature `r`.
    pub r: U256,
    /// Signature `s`.
    pub s: U256,
}

/// An ECDSA signature as carried by a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Signature {
    /// For legacy transactions the raw `v` (27/28, or `chain_id * 2 + 35/36` under EIP-155); for typed
    /// transactions the y parity (0 or 1 when valid). Zero for L1 priority transactions.
    pub v: u64,
    /// Signature `r`.
    pub r: U256,
    /// Signature `s`.
    pub s: U256,
}

impl Signature {
    /// The recovery y parity for a transaction of `tx_type`, or `None` when `v` is not a valid value.
    pub fn y_parity(&self, tx_type: TxType) -> Option<u8> {
        match tx_type {
            TxType::Legacy => match self.v {
                27 | 28 => Some((self.v - 27) as u8),
                v if v >= 35 => Some(((v - 35) % 2) as u8),
                _ => None,
            },
            TxType::L1Priority => None,
            _ => match self.v {
                0 | 1 => Some(self.v as u8),
                _ => None,
            },
        }
    }
}

/// The fields only an L1 priority transaction has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct L1PriorityFields {
    /// The L1 account that requested the transaction; it is the sender on L2.
    pub from: Address,
    /// Amount minted to `from` before execution (covers `value`; gas was paid on L1).
    pub mint: U256,
    /// Position of the request in the L1 priority queue.
    pub serial_id: u64,
}

/// A decoded transaction of any supported type.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Transaction {
    /// Envelope type.
    pub tx_type: TxType,
    /// Chain id; `None` only for pre-EIP-155 legacy transactions and L1 priority transactions.
    pub chain_id: Option<u64>,
    /// Sender nonce (for L1 priority transactions: unused, zero).
    pub nonce: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Legacy/EIP-2930: the gas price. EIP-1559 and later: `max_fee_per_gas`.
    pub gas_price: u128,
    /// Legacy/EIP-2930: equal to `gas_price`. EIP-1559 and later: `max_priority_fee_per_gas`.
    pub max_priority_fee_per_gas: u128,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value transferred.
    pub value: U256,
    /// Calldata or init code.
    pub data: Vec<u8>,
    /// EIP-2930 access list.
    pub access_list: Vec<AccessListItem>,
    /// EIP-4844 blob fee cap (zero for other types).
    pub max_fee_per_blob_gas: u128,
    /// EIP-4844 versioned blob hashes.
    pub blob_versioned_hashes: Vec<B256>,
    /// EIP-7702 authorizations.
    pub authorization_list: Vec<Authorization>,
    /// The sender's signature (all zero for L1 priority transactions).
    pub signature: Signature,
    /// L1 priority fields; `Some` exactly for [`TxType::L1Priority`].
    pub l1: Option<L1PriorityFields>,
    /// keccak-256 of the full EIP-2718 encoding.
    pub hash: B256,
    /// The hash the sender signed; zero for L1 priority transactions, which are not signed.
    pub signing_hash: B256,
}

impl Transaction {
    /// True when the transaction creates a contract.
    pub fn is_create(&self) -> bool {
        self.to.is_none()
    }

    /// `max_fee_per_gas` (the gas price for legacy and EIP-2930 transactions).
    pub fn max_fee_per_gas(&self) -> u128 {
        self.gas_price
    }

    /// The gas price actually paid per unit at `base_fee`: `min(max_fee, base_fee + priority_fee)`.
    /// Saturates rather than overflowing.
    pub fn effective_gas_price(&self, base_fee: u128) -> u128 {
        if self.tx_type.has_dynamic_fee() {
            self.gas_price
                .min(base_fee.saturating_add(self.max_priority_fee_per_gas))
        } else {
            self.gas_price
        }
    }

    /// Number of storage keys over the whole access list.
    pub fn access_list_storage_keys(&self) -> usize {
        self.access_list.iter().map(|item| item.storage_keys.len()).sum()
    }
}
