//! Test support shared by zkos crates.
//!
//! - [`keys`]: deterministic secret keys and their addresses.
//! - [`tx`]: signed transactions in a line (`call`, `create`, `transfer`).
//! - [`harness`]: a block context and pre-state builder, and `exec` that runs bytecode through the real
//!   bootloader and reports exact gas, status, output, logs and post-state.
//!
//! # Example
//!
//! ```
//! use zkos_test_utils::{address_of, exec, tx, Bytecode, Chain};
//! use ee_api::ExitStatus;
//! use primitives::U256;
//!
//! // `exec` runs code at `harness::TARGET` in one transaction from key 0 and reports exact gas.
//! let run = exec(Bytecode::new().sstore(0, 42).into_vec(), vec![], 100_000);
//! assert_eq!(run.status, ExitStatus::Success);
//! // 21,000 + PUSH1 (3) + PUSH0 (2) + a cold SSTORE of a fresh slot (22,100).
//! assert_eq!(run.gas_used, 43_105);
//! assert_eq!(run.slot(0), U256::from(42u8));
//!
//! // A chain of its own: key 0 sends 5 wei to key 1 (test keys hold 10^21 wei; gas costs 10 wei).
//! let chain = Chain::default();
//! let block = chain.run(vec![tx::transfer(0, 0, address_of(1), U256::from(5u8))]);
//! assert_eq!(block.output.receipts[0].gas_used, 21_000);
//! let balance = |i| block.post_state.accounts[&address_of(i)].balance;
//! assert_eq!(balance(1), U256::from(10u64).pow(U256::from(21u8)) + U256::from(5u8));
//! assert_eq!(balance(0), U256::from(10u64).pow(U256::from(21u8)) - U256::from(5u64 + 21_000 * 10));
//! ```

pub mod bytecode;
pub mod harness;
pub mod keys;
pub mod tx;

pub use bytecode::Bytecode;
pub use harness::{exec, Chain, Executed};
pub use keys::{address_of, secret_key};
