//! The example contracts (built by `contracts/build.sh`, committed under `wasm/`) and the two small EVM
//! contracts the cross-EE tests and `examples/blocks/multi-ee.json` pair them with.

use alloc::vec::Vec;
use primitives::Address;

/// The counter (`contracts/counter`): `0x01 ‖ u64` increments, `0x02` reads, `0x03` increments then reverts.
pub const COUNTER_WASM: &[u8] = include_bytes!("../wasm/counter.wasm");
/// The token (`contracts/token`): ERC-20 `transfer`, `balanceOf`, `totalSupply`; supply minted to the deployer.
pub const TOKEN_WASM: &[u8] = include_bytes!("../wasm/token.wasm");
/// The forwarder (`contracts/forwarder`): `mode ‖ target ‖ payload`, calls a contract of any EE.
pub const FORWARDER_WASM: &[u8] = include_bytes!("../wasm/forwarder.wasm");

/// An EVM forwarder with the WASM forwarder's calldata (`mode ‖ target ‖ payload`, mode ignored: a failed
/// call always reverts with the callee's output). It calls `target` with `CALLVALUE` and all gas, then
/// increments slot 0, emits `LOG1` with topic `0xe7`, and returns or reverts with the callee's output.
///
/// ```text
/// 00 CALLDATASIZE PUSH1 21 SWAP1 SUB            len = size - 21
/// 05 DUP1 PUSH1 21 PUSH0 CALLDATACOPY            mem[0..len] = calldata[21..]
/// 0a PUSH0 PUSH0 DUP3 PUSH0 CALLVALUE            ret 0/0, args 0/len, value
/// 0f PUSH1 1 CALLDATALOAD PUSH1 96 SHR GAS CALL  target = calldata[1..21]
/// 17 PUSH0 SLOAD PUSH1 1 ADD PUSH0 SSTORE        slot0 += 1
/// 1e PUSH1 0xe7 PUSH0 PUSH0 LOG1
/// 23 RETURNDATASIZE PUSH0 PUSH0 RETURNDATACOPY
/// 27 PUSH1 0x2d JUMPI RETURNDATASIZE PUSH0 REVERT
/// 2d JUMPDEST RETURNDATASIZE PUSH0 RETURN
/// ```
pub const EVM_FORWARDER: [u8; 49] = [
    0x36, 0x60, 0x15, 0x90, 0x03, 0x80, 0x60, 0x15, 0x5f, 0x37, 0x5f, 0x5f, 0x82, 0x5f, 0x34, 0x60, 0x01, 0x35, 0x60,
    0x60, 0x1c, 0x5a, 0xf1, 0x5f, 0x54, 0x60, 0x01, 0x01, 0x5f, 0x55, 0x60, 0xe7, 0x5f, 0x5f, 0xa1, 0x3d, 0x5f, 0x5f,
    0x3e, 0x60, 0x2d, 0x57, 0x3d, 0x5f, 0xfd, 0x5b, 0x3d, 0x5f, 0xf3,
];

/// An EVM leaf: stores `msg.value` under `msg.sender` and returns its calldata.
///
/// `CALLVALUE CALLER SSTORE CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY CALLDATASIZE PUSH0 RETURN`
pub const EVM_ECHO: [u8; 10] = [0x34, 0x33, 0x55, 0x36, 0x5f, 0x5f, 0x37, 0x36, 0x5f, 0xf3];

/// Forwarder calldata: `mode ‖ target ‖ payload` (mode 0 propagates failures, 1 returns `status ‖ output`).
pub fn forward(mode: u8, target: Address, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(21 + payload.len());
    out.push(mode);
    out.extend_from_slice(&target.0);
    out.extend_from_slice(payload);
    out
}

/// Counter calldata: increment by `by`.
pub fn counter_increment(by: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(9);
    out.push(0x01);
    out.extend_from_slice(&by.to_be_bytes());
    out
}
