//! 0x100 P256VERIFY (EIP-7951, Osaka): verifies an ECDSA signature over secp256r1 (NIST P-256).
//!
//! Input: exactly 160 bytes, `hash ‖ r ‖ s ‖ qx ‖ qy`. The call always costs 6,900 gas. A valid signature
//! returns the 32-byte word 1; anything else (a wrong length, `r` or `s` outside `1..n`, a coordinate not
//! below `p`, the point at infinity or off the curve, a signature that does not verify) returns empty
//! output and is *not* an error: the call succeeds and the caller sees `RETURNDATASIZE` 0. The curve
//! arithmetic is `zkos-p256` (on the U256 delegation in the prover).

use alloc::vec::Vec;

use crate::{charge, PrecompileOutput, PrecompileResult};

/// The flat price of one verification (EIP-7951).
const GAS: u64 = 6_900;

/// 0x100: `1` as a 32-byte word for a valid signature, empty output otherwise. `advice` may supply `s⁻¹`
/// (checked by one multiplication; the verdict is the same for any advice).
pub(crate) fn p256verify(input: &[u8], gas_limit: u64, advice: &mut impl secp256k1::Advice) -> PrecompileResult {
    let gas = charge(GAS, gas_limit)?;
    let valid = match split(input) {
        Some((hash, r, s, qx, qy)) => zkos_p256::verify_advised(&hash, &r, &s, &qx, &qy, advice),
        None => false,
    };
    if !valid {
        return Ok(PrecompileOutput::new(gas, Vec::new()));
    }
    let mut word = alloc::vec![0u8; 32];
    word[31] = 1;
    Ok(PrecompileOutput::new(gas, word))
}

/// `hash ‖ r ‖ s ‖ qx ‖ qy` of an input of exactly 160 bytes.
fn split(input: &[u8]) -> Option<([u8; 32], [u8; 32], [u8; 32], [u8; 32], [u8; 32])> {
    if input.len() != zkos_p256::INPUT_LEN {
        return None;
    }
    let word = |i: usize| crate::array_at::<32>(input, 32 * i);
    Some((word(0), word(1), word(2), word(3), word(4)))
}
