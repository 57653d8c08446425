//! Transaction formats zkos accepts: EIP-2718 envelopes over strict RLP, sender recovery and intrinsic gas.
//!
//! - [`decode_transaction`] turns EIP-2718 bytes (legacy, EIP-2930, EIP-1559, EIP-4844, EIP-7702 and the zkos
//!   L1 priority type `0x7f`) into a flat [`Transaction`], computing its hash and signing hash;
//!   [`encode_transaction`] re-encodes it byte for byte. The wire formats are in [`envelope`].
//! - [`recover_sender`] and [`recover_authority`] recover signers (secp256k1, EIP-2 low `s`).
//! - [`intrinsic_gas`] computes the up-front gas and the EIP-7623 floor.
//! - With the `signing` feature, [`signing`] signs transactions and authorizations (RFC 6979) for tests and
//!   block generators.
//!
//! The crate is `no_std` + `alloc` and runs inside the prover (`riscv32im-unknown-none-elf`). Every input is
//! untrusted: decoding and recovery return typed errors ([`DecodeError`], [`SignatureError`]) and never panic.
#![no_std]

extern crate alloc;

pub mod envelope;
mod error;
mod fields;
pub mod intrinsic;
pub mod rlp;
pub mod signature;
#[cfg(feature = "signing")]
pub mod signing;
mod tx;

pub use envelope::{
    compute_signing_hash, decode_transaction, decode_transaction_unhashed, encode_transaction, seal, signing_payload,
};
pub use error::{DecodeError, SignatureError};
pub use fields::authorization_signing_hash;
pub use intrinsic::{intrinsic_gas, IntrinsicGas};
pub use rlp::RlpError;
pub use signature::{recover_authority, recover_authority_advised, recover_sender, recover_sender_advised, recover_signer};
/// The advice a recovery can take (re-exported for the bootloader's oracle adapter).
pub use secp256k1::advice::{Advice, Compute, Record};
pub use tx::{AccessListItem, Authorization, L1PriorityFields, Signature, Transaction, TxType};
