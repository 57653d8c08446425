//! A counter. Storage slot 0 holds the count.
//!
//! Calldata: `0x01 ‖ by (u64, 8 bytes big-endian)` increments by `by` (empty calldata increments by 1) and
//! returns the new count as a word, emitting `Incremented` (topic `COUNTER_TOPIC`, data: the new count);
//! `0x02` returns the count; `0x03` increments, then reverts with `"counter: fail"`; `0x04` returns how
//! many increments this transaction made (kept in transient storage). The constructor sets the count to
//! its 32-byte input, if any.
#![no_std]

use zkos_wasm_sdk::*;

/// Topic of the `Incremented` event: the ASCII bytes "Incremented", right-aligned.
pub const COUNTER_TOPIC: Word = {
    let mut w = [0u8; 32];
    let name = b"Incremented";
    let mut i = 0;
    while i < name.len() {
        w[32 - name.len() + i] = name[i];
        i += 1;
    }
    w
};

const SLOT: Word = [0u8; 32];

fn count() -> u128 {
    word_to_u128(&sload(&SLOT)).unwrap_or(0)
}

fn increment(by: u128) -> Word {
    let new = word_to_u128(&sload(&SLOT)).unwrap_or(0).wrapping_add(by);
    let new = word_u128(new);
    sstore(&SLOT, &new);
    let calls = word_to_u128(&tload(&SLOT)).unwrap_or(0) + 1;
    tstore(&SLOT, &word_u128(calls));
    emit(&[COUNTER_TOPIC], &new);
    new
}

#[no_mangle]
pub extern "C" fn deploy() {
    if calldata_size() >= 32 {
        let mut initial = [0u8; 32];
        calldata(0, &mut initial);
        sstore(&SLOT, &initial);
    }
}

#[no_mangle]
pub extern "C" fn call() {
    let mut selector = [0u8; 1];
    calldata(0, &mut selector);
    if calldata_size() == 0 {
        ret(&increment(1));
    }
    match selector[0] {
        0x01 => {
            let mut by = [0u8; 8];
            calldata(1, &mut by);
            ret(&increment(u64::from_be_bytes(by) as u128));
        }
        0x02 => ret(&word_u128(count())),
        0x03 => {
            increment(1);
            revert(b"counter: fail");
        }
        0x04 => ret(&tload(&SLOT)),
        _ => revert(b"counter: unknown selector"),
    }
}
