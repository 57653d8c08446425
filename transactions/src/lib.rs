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
//!
//! # Example
//!
//! Sign an EIP-1559 transaction with a known key (the secret key 1, a public test key: never use it for
//! anything real), decode the bytes and recover the sender (`signing` needs the feature of that name):
//!
//! ```
//! use zkos_transactions::{decode_transaction, encode_transaction, intrinsic_gas, recover_sender, signing};
//! use zkos_transactions::{Transaction, TxType};
//! use primitives::{Address, Fork, U256};
//!
//! let mut secret_key = [0u8; 32];
//! secret_key[31] = 1;
//! let me = signing::address_from_secret_key(&secret_key).unwrap();
//! assert_eq!(me, Address::from_hex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf").unwrap());
//!
//! let unsigned = Transaction {
//!     tx_type: TxType::Eip1559,
//!     chain_id: Some(1),
//!     nonce: 0,
//!     gas_limit: 30_000,
//!     gas_price: 2_000_000_000, // max fee per gas
//!     max_priority_fee_per_gas: 1_000_000_000,
//!     to: Some(Address::from_low_u64(0xbeef)),
//!     value: U256::from(1_000u64),
//!     data: vec![0x00, 0x01],
//!     ..Transaction::default()
//! };
//! let raw = signing::sign_transaction(&unsigned, &secret_key).unwrap();
//! assert_eq!(raw[0], 0x02); // EIP-2718 type byte
//!
//! let tx = decode_transaction(&raw).unwrap();
//! assert_eq!((tx.nonce, tx.value, tx.data.clone()), (0, U256::from(1_000u64), vec![0x00, 0x01]));
//! assert_eq!(recover_sender(&tx), Ok(me));
//! assert_eq!(encode_transaction(&tx), raw); // re-encodes byte for byte
//!
//! // 21,000 + 4 per zero byte + 16 per non-zero byte; the EIP-7623 floor (Prague) is 21,000 + 10 per token.
//! let gas = intrinsic_gas(&tx, Fork::Prague);
//! assert_eq!((gas.initial, gas.floor), (21_020, 21_050));
//!
//! // Another value under the same signature: the signing hash changes, so the signature recovers someone else.
//! let mut forged = tx.clone();
//! forged.value = U256::from(1_000_000u64);
//! zkos_transactions::seal(&mut forged);
//! assert_ne!(recover_sender(&forged).ok(), Some(me));
//! ```
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
