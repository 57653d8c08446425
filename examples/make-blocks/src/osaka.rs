//! `osaka.json`: Osaka-only execution. A probe contract at `0x…05a1` hands its calldata to P256VERIFY
//! (EIP-7951, 0x100) and stores the verdict word (slot 0), CLZ of it (EIP-7939, slot 2: 255 for a valid
//! signature, 256 for none), the return data size (slot 1) and CLZ of the calldata size (slot 3: 248 for
//! 160 bytes). Key 0 sends it a valid secp256r1 signature (an EEST vector), then the same one with a bit of
//! the hash flipped.

use primitives::{decode_hex, Address, U256};
use serde_json::Value;

use crate::{account, alloc, block, eip1559, signed, GWEI};

/// The probe's address.
pub fn probe() -> Address {
    Address::from_low_u64(0x05a1)
}

/// CALLDATACOPY; STATICCALL(gas, 0x100, 0, size, 0x200, 32); verdict → slot 0, CLZ(verdict) → slot 2,
/// RETURNDATASIZE → slot 1, CLZ(CALLDATASIZE) → slot 3.
pub const PROBE_CODE: &[u8] = &[
    0x36, 0x5f, 0x5f, 0x37, // CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY
    0x60, 0x20, 0x61, 0x02, 0x00, 0x36, 0x5f, 0x61, 0x01, 0x00, 0x5a, 0xfa, // STATICCALL(GAS, 0x100, …)
    0x50, // POP
    0x61, 0x02, 0x00, 0x51, // PUSH2 0x200 MLOAD
    0x80, 0x5f, 0x55, // DUP1 PUSH0 SSTORE
    0x1e, 0x60, 0x02, 0x55, // CLZ PUSH1 2 SSTORE
    0x3d, 0x60, 0x01, 0x55, // RETURNDATASIZE PUSH1 1 SSTORE
    0x36, 0x1e, 0x60, 0x03, 0x55, // CALLDATASIZE CLZ PUSH1 3 SSTORE
    0x00, // STOP
];

/// A valid P256VERIFY input of the EEST Osaka fixtures (`test_valid`, mainnet-style vector).
pub const VALID_INPUT: &str = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9434287fa699ff2be2a4475ccd9c063d1a22a424b6ab357d9bb0b31f7a71307b9be6af716032d408183c53f6f76945363144555fad2a5ff7854159166e52fc1d0da3c553a4215893e6d95d5818df2519e13233a1e0e56e0ea7b4817a92a6973f9d8c8877a49383e20c3fdc21d4e8e280ef1feeb72c333036770369a4387168d33";

/// The block.
pub fn osaka() -> Value {
    let valid = decode_hex(VALID_INPUT).unwrap_or_default();
    let mut forged = valid.clone();
    forged[0] ^= 1;
    let txs = vec![
        signed(0, &eip1559(0, Some(probe()), U256::ZERO, valid, 200_000, 2 * GWEI, GWEI)),
        signed(0, &eip1559(1, Some(probe()), U256::ZERO, forged, 200_000, 2 * GWEI, GWEI)),
    ];
    block(
        "Osaka: a probe contract calls P256VERIFY (0x100) with a valid secp256r1 signature, then with its hash \
         altered, storing the verdict, CLZ of it and of the calldata size, and the return data size",
        alloc(&[0], &[(probe(), account(U256::ZERO, 1, PROBE_CODE))]),
        txs,
    )
}
