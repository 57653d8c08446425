//! The delegation (precompile) circuits as pure functions over the words they read and write.
//!
//! The machine checks the pointer registers and moves the words in and out of memory; these
//! functions hold the arithmetic, so a host (forward mode, tests) can reproduce a guest's
//! delegation results bit for bit without running the machine.

pub mod blake2s;
pub mod u256;
