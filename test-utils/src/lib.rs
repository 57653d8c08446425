//! Test support shared by zkos crates.
//!
//! - [`keys`]: deterministic secret keys and their addresses.
//! - [`tx`]: signed transactions in a line (`call`, `create`, `transfer`).
//! - [`harness`]: a block context and pre-state builder, and `exec` that runs bytecode through the real
//!   bootloader and reports exact gas, status, output, logs and post-state.

pub mod bytecode;
pub mod harness;
pub mod keys;
pub mod tx;

pub use bytecode::Bytecode;
pub use harness::{exec, Chain, Executed};
pub use keys::{address_of, secret_key};
