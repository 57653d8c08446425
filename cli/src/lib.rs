//! The zkos command line as a library: block-file parsing, the result document and the commands, so that
//! tests drive exactly what the `zkos` binary runs.

pub mod args;
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
