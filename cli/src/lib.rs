//! The zkos command line as a library: block-file parsing, the result document and the commands, so that
//! tests drive exactly what the `zkos` binary runs.
//!
//! # Example
//!
//! What `zkos run examples/blocks/eth-transfers.json` does, as a call: the receipts, the result document
//! (`--out`) and the lines it prints.
//!
//! ```
//! use std::path::Path;
//! use zkos_cli::run::run_block_file;
//!
//! let block = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blocks/eth-transfers.json");
//! let (run, json, text) = run_block_file(&block, None).unwrap();
//! let gas: Vec<u64> = run.output.receipts.iter().map(|r| r.gas_used).collect();
//! assert_eq!(gas, [21_000, 23_400, 21_000, 21_000]);
//! assert_eq!(json["gasUsed"], "0x15180"); // 86,400
//! assert!(json["stateCommitment"]["root"].is_string() && json["alloc"].is_object());
//! assert!(text.contains("block: 4 included, 0 rejected, 86400 gas used"), "{text}");
//!
//! // A bad file is an input error (exit code 2) naming the file.
//! let err = run_block_file(Path::new("no/such/block.json"), None).unwrap_err();
//! assert_eq!(err.exit_code(), 2);
//! ```

pub mod args;
pub mod chain;
pub mod chain_prove;
pub mod commands;
pub mod elf;
pub mod phases;
pub mod profile;
pub mod progress;
pub mod replay;
pub mod report;
pub mod run;
pub mod simulate;
pub mod statetest;
pub mod t8n;
pub mod tracing;

pub use fixtures::{parse_block_file, BlockFile, InputError};
