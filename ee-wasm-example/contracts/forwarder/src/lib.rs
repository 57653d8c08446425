//! A forwarder: calls a contract of any EE (EVM, WASM, a precompile) with the value it received.
//!
//! Calldata: `mode (1 byte) ‖ target (20 bytes) ‖ payload`. It counts forwards in storage slot 0 (before the
//! call), calls `target` with `msg.value` and `payload`, and emits `Forwarded` (topics `FORWARD_TOPIC` and the
//! target; data: the status byte 0 success, 1 revert, 2 failure). Mode 0 propagates a failed call as a revert
//! carrying the callee's output and returns the callee's output otherwise; mode 1 always returns
//! `status ‖ output`.
#![no_std]

use zkos_wasm_sdk::*;

/// Topic of the `Forwarded` event: the ASCII bytes "Forwarded", right-aligned.
pub const FORWARD_TOPIC: Word = {
    let mut w = [0u8; 32];
    let name = b"Forwarded";
    let mut i = 0;
    while i < name.len() {
        w[32 - name.len() + i] = name[i];
        i += 1;
    }
    w
};

const MAX: usize = 1024;

#[no_mangle]
pub extern "C" fn call() {
    let size = calldata_size();
    if size < 21 || size - 21 > MAX {
        revert(b"forwarder: bad calldata");
    }
    let mut head = [0u8; 21];
    calldata(0, &mut head);
    let mut target = [0u8; 20];
    target.copy_from_slice(&head[1..]);
    let mut payload = [0u8; MAX];
    let payload = &mut payload[..size - 21];
    calldata(21, payload);

    let slot = [0u8; 32];
    let count = word_to_u128(&sload(&slot)).unwrap_or(0);
    sstore(&slot, &word_u128(count + 1));

    let status = zkos_wasm_sdk::call(&target, &value(), payload, 0);
    let code = match status {
        CallStatus::Success => 0u8,
        CallStatus::Revert => 1,
        CallStatus::Failure => 2,
    };
    emit(&[FORWARD_TOPIC, address_word(&target)], &[code]);

    let mut out = [0u8; MAX + 1];
    let n = returndata_size().min(MAX);
    returndata(0, &mut out[1..1 + n]);
    out[0] = code;
    if head[0] == 1 {
        ret(&out[..1 + n]);
    }
    if status != CallStatus::Success {
        revert(&out[1..1 + n]);
    }
    ret(&out[1..1 + n]);
}
