//! The zkos WebAssembly host interface for Rust contracts (no_std, no allocator).
//!
//! A contract is a `cdylib` exporting `call` (run on every call) and optionally `deploy` (the constructor,
//! run once with the constructor input as calldata). Words are 32 bytes big-endian, addresses 20 bytes.
#![no_std]

/// A 32-byte word.
pub type Word = [u8; 32];
/// A 20-byte address.
pub type Address = [u8; 20];

/// The raw imports of module `zkos`.
pub mod sys {
    #[link(wasm_import_module = "zkos")]
    extern "C" {
        pub fn calldata_size() -> u32;
        pub fn calldata_copy(dest: *mut u8, offset: u32, len: u32);
        #[link_name = "return"]
        pub fn return_(ptr: *const u8, len: u32) -> !;
        pub fn revert(ptr: *const u8, len: u32) -> !;
        pub fn storage_read(key: *const u8, value_out: *mut u8);
        pub fn storage_write(key: *const u8, value: *const u8);
        pub fn transient_read(key: *const u8, value_out: *mut u8);
        pub fn transient_write(key: *const u8, value: *const u8);
        pub fn emit_event(topics: *const u8, topic_count: u32, data: *const u8, data_len: u32);
        pub fn caller(out: *mut u8);
        pub fn value(out: *mut u8);
        pub fn self_address(out: *mut u8);
        pub fn block_number() -> u64;
        pub fn block_timestamp() -> u64;
        pub fn call(address: *const u8, value: *const u8, input: *const u8, input_len: u32, gas: u64) -> u32;
        pub fn returndata_size() -> u32;
        pub fn returndata_copy(dest: *mut u8, offset: u32, len: u32);
        pub fn gas_left() -> u64;
    }
}

/// Halts with `unreachable` on a panic (the frame halts and its effects are undone).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Calldata length.
pub fn calldata_size() -> usize {
    unsafe { sys::calldata_size() as usize }
}

/// Copies calldata from `offset` into `buf` (zero past the end).
pub fn calldata(offset: usize, buf: &mut [u8]) {
    unsafe { sys::calldata_copy(buf.as_mut_ptr(), offset as u32, buf.len() as u32) }
}

/// Ends the call successfully with `data` as output.
pub fn ret(data: &[u8]) -> ! {
    unsafe { sys::return_(data.as_ptr(), data.len() as u32) }
}

/// Ends the call with a revert and `data` as output.
pub fn revert(data: &[u8]) -> ! {
    unsafe { sys::revert(data.as_ptr(), data.len() as u32) }
}

/// Reads a storage slot.
pub fn sload(key: &Word) -> Word {
    let mut out = [0u8; 32];
    unsafe { sys::storage_read(key.as_ptr(), out.as_mut_ptr()) };
    out
}

/// Writes a storage slot.
pub fn sstore(key: &Word, value: &Word) {
    unsafe { sys::storage_write(key.as_ptr(), value.as_ptr()) }
}

/// Reads a transient storage slot.
pub fn tload(key: &Word) -> Word {
    let mut out = [0u8; 32];
    unsafe { sys::transient_read(key.as_ptr(), out.as_mut_ptr()) };
    out
}

/// Writes a transient storage slot.
pub fn tstore(key: &Word, value: &Word) {
    unsafe { sys::transient_write(key.as_ptr(), value.as_ptr()) }
}

/// Emits an event with up to four topics.
pub fn emit(topics: &[Word], data: &[u8]) {
    unsafe { sys::emit_event(topics.as_ptr() as *const u8, topics.len() as u32, data.as_ptr(), data.len() as u32) }
}

/// `msg.sender`.
pub fn caller() -> Address {
    let mut out = [0u8; 20];
    unsafe { sys::caller(out.as_mut_ptr()) };
    out
}

/// This contract's address.
pub fn self_address() -> Address {
    let mut out = [0u8; 20];
    unsafe { sys::self_address(out.as_mut_ptr()) };
    out
}

/// `msg.value`.
pub fn value() -> Word {
    let mut out = [0u8; 32];
    unsafe { sys::value(out.as_mut_ptr()) };
    out
}

/// The block number.
pub fn block_number() -> u64 {
    unsafe { sys::block_number() }
}

/// The block timestamp.
pub fn block_timestamp() -> u64 {
    unsafe { sys::block_timestamp() }
}

/// Gas left.
pub fn gas_left() -> u64 {
    unsafe { sys::gas_left() }
}

/// How a call ended.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CallStatus {
    /// The callee succeeded.
    Success,
    /// The callee reverted.
    Revert,
    /// The callee halted (or the call could not start).
    Failure,
}

/// Calls `address` with `value` and `input`, forwarding `gas` (0: all that may be forwarded).
pub fn call(address: &Address, value: &Word, input: &[u8], gas: u64) -> CallStatus {
    match unsafe { sys::call(address.as_ptr(), value.as_ptr(), input.as_ptr(), input.len() as u32, gas) } {
        0 => CallStatus::Success,
        1 => CallStatus::Revert,
        _ => CallStatus::Failure,
    }
}

/// Length of the last call's output.
pub fn returndata_size() -> usize {
    unsafe { sys::returndata_size() as usize }
}

/// Copies the last call's output from `offset` into `buf`.
pub fn returndata(offset: usize, buf: &mut [u8]) {
    unsafe { sys::returndata_copy(buf.as_mut_ptr(), offset as u32, buf.len() as u32) }
}

/// A word holding `v` (big-endian, right-aligned).
pub fn word_u128(v: u128) -> Word {
    let mut out = [0u8; 32];
    out[16..].copy_from_slice(&v.to_be_bytes());
    out
}

/// The value of a word, or `None` when it exceeds `u128`.
pub fn word_to_u128(w: &Word) -> Option<u128> {
    if w[..16].iter().any(|b| *b != 0) {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&w[16..]);
    Some(u128::from_be_bytes(bytes))
}

/// An address as a word (left-padded with zeros).
pub fn address_word(a: &Address) -> Word {
    let mut out = [0u8; 32];
    out[12..].copy_from_slice(a);
    out
}
