//! The host interface: the functions a contract imports from module `zkos`.
//!
//! Every pointer is an `i32` offset into the contract's linear memory; words (storage keys and values,
//! `msg.value`, topics) are 32 bytes big-endian, addresses 20 bytes. A pointer range outside memory halts
//! the frame (`HaltReason::OutOfBounds`). See `docs/execution-environments.md` for the full table with gas
//! costs.

use crate::module::{FuncType, ValType};

/// The import module name.
pub const MODULE: &str = "zkos";

/// A host function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostFn {
    /// `calldata_size() -> i32`
    CalldataSize,
    /// `calldata_copy(dest: i32, offset: i32, len: i32)`: bytes past the end read as zero.
    CalldataCopy,
    /// `return(ptr: i32, len: i32)`: ends the frame successfully with that output.
    Return,
    /// `revert(ptr: i32, len: i32)`: ends the frame with a revert and that output.
    Revert,
    /// `storage_read(key_ptr: i32, value_out_ptr: i32)`
    StorageRead,
    /// `storage_write(key_ptr: i32, value_ptr: i32)`
    StorageWrite,
    /// `transient_read(key_ptr: i32, value_out_ptr: i32)`
    TransientRead,
    /// `transient_write(key_ptr: i32, value_ptr: i32)`
    TransientWrite,
    /// `emit_event(topics_ptr: i32, topic_count: i32, data_ptr: i32, data_len: i32)`: 0 to 4 topics.
    EmitEvent,
    /// `caller(out_ptr: i32)`: 20 bytes.
    Caller,
    /// `value(out_ptr: i32)`: 32 bytes.
    Value,
    /// `self_address(out_ptr: i32)`: 20 bytes.
    SelfAddress,
    /// `block_number() -> i64`
    BlockNumber,
    /// `block_timestamp() -> i64`
    BlockTimestamp,
    /// `call(address_ptr: i32, value_ptr: i32, input_ptr: i32, input_len: i32, gas: i64) -> i32`: status 0
    /// success, 1 revert, 2 failure (halt, depth limit); `gas` 0 forwards all that may be forwarded.
    Call,
    /// `returndata_size() -> i32`: output of the last call.
    ReturndataSize,
    /// `returndata_copy(dest: i32, offset: i32, len: i32)`: halts when reading past the end.
    ReturndataCopy,
    /// `gas_left() -> i64`
    GasLeft,
}

use ValType::{I32, I64};

/// Name, function, parameters, results.
pub const HOST_FUNCTIONS: &[(&str, HostFn, &[ValType], &[ValType])] = &[
    ("calldata_size", HostFn::CalldataSize, &[], &[I32]),
    ("calldata_copy", HostFn::CalldataCopy, &[I32, I32, I32], &[]),
    ("return", HostFn::Return, &[I32, I32], &[]),
    ("revert", HostFn::Revert, &[I32, I32], &[]),
    ("storage_read", HostFn::StorageRead, &[I32, I32], &[]),
    ("storage_write", HostFn::StorageWrite, &[I32, I32], &[]),
    ("transient_read", HostFn::TransientRead, &[I32, I32], &[]),
    ("transient_write", HostFn::TransientWrite, &[I32, I32], &[]),
    ("emit_event", HostFn::EmitEvent, &[I32, I32, I32, I32], &[]),
    ("caller", HostFn::Caller, &[I32], &[]),
    ("value", HostFn::Value, &[I32], &[]),
    ("self_address", HostFn::SelfAddress, &[I32], &[]),
    ("block_number", HostFn::BlockNumber, &[], &[I64]),
    ("block_timestamp", HostFn::BlockTimestamp, &[], &[I64]),
    ("call", HostFn::Call, &[I32, I32, I32, I32, I64], &[I32]),
    ("returndata_size", HostFn::ReturndataSize, &[], &[I32]),
    ("returndata_copy", HostFn::ReturndataCopy, &[I32, I32, I32], &[]),
    ("gas_left", HostFn::GasLeft, &[], &[I64]),
];

/// The host function called `name`.
pub fn lookup(name: &str) -> Option<HostFn> {
    HOST_FUNCTIONS.iter().find(|(n, ..)| *n == name).map(|(_, f, ..)| *f)
}

impl HostFn {
    /// Whether `ty` is this function's signature.
    pub fn signature_matches(self, ty: &FuncType) -> bool {
        HOST_FUNCTIONS
            .iter()
            .find(|(_, f, ..)| *f == self)
            .is_some_and(|(_, _, params, results)| ty.params == *params && ty.results == *results)
    }
}
