//! 0x01 ecrecover: the address that signed a 32-byte hash with a secp256k1 ECDSA signature.
//!
//! Input (zero-padded to 128 bytes): `hash ‖ v ‖ r ‖ s`, each a 32-byte big-endian word. `v` must be 27 or
//! 28 as a whole word, `r` and `s` must lie in `1..n` (high `s` is accepted, unlike transaction
//! signatures). Any invalid signature is a *successful* call with empty output; the cost is always 3000.
//! The output is the signer's address left-padded to 32 bytes.
//!
//! The public key is recovered directly as `Q = r⁻¹·(s·R − z·G)` by `zkos-secp256k1`, where `R` is the curve
//! point with x-coordinate `r` and the parity given by `v` and `z` is the hash reduced modulo `n` (as
//! libsecp256k1 does). No verification step is needed afterwards: `Q` satisfies the signature equation by
//! construction.

use primitives::keccak256;

use crate::{array_at, charge, padded, PrecompileOutput, PrecompileResult};

/// Fixed cost of ecrecover.
const ECRECOVER_GAS: u64 = 3000;

/// 0x01: recovers the signer address, or returns empty output for an invalid signature.
pub(crate) fn ecrecover(input: &[u8], gas_limit: u64, advice: &mut impl secp256k1::Advice) -> PrecompileResult {
    let gas = charge(ECRECOVER_GAS, gas_limit)?;
    let data = padded::<128>(input);
    let output = recover_address(&data, advice)
        .map(|a| a.to_vec())
        .unwrap_or_default();
    Ok(PrecompileOutput::new(gas, output))
}

/// The 32-byte output word (12 zero bytes ‖ address) for a valid signature, `None` otherwise.
fn recover_address(data: &[u8; 128], advice: &mut impl secp256k1::Advice) -> Option<[u8; 32]> {
    let (hash, rest) = data.split_at(32);
    let (v_word, rest) = rest.split_at(32);
    let (r_bytes, s_bytes) = rest.split_at(32);

    // v: a full word equal to 27 or 28.
    if v_word[..31].iter().any(|b| *b != 0) {
        return None;
    }
    let y_is_odd = match v_word[31] {
        27 => false,
        28 => true,
        _ => return None,
    };

    // r and s must be in 1..n (checked by the recovery); any failure is an empty output.
    let key = secp256k1::recover_public_key_advised(
        &array_at::<32>(hash, 0),
        &array_at::<32>(r_bytes, 0),
        &array_at::<32>(s_bytes, 0),
        y_is_odd,
        advice,
    )
    .ok()?;

    // The address is keccak256(x ‖ y)[12..].
    let digest = keccak256(&key);
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(&digest.0[12..]);
    Some(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrecompileError;
    use alloc::vec::Vec;
    use k256::elliptic_curve::PrimeField;
    use k256::{FieldBytes, Scalar};
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    /// go-ethereum's `ecRecover` "ValidKey" vector.
    const VALID: &str = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c000000000000000000000000000000000000000000000000000000000000001c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
    const VALID_OUT: &str = "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b";

    #[test]
    fn recovers_known_address() {
        let out = ecrecover(&hex(VALID), 3000, &mut secp256k1::Compute).expect("ok");
        assert_eq!(out.gas_used, 3000);
        assert_eq!(out.output, hex(VALID_OUT));
        assert_eq!(ecrecover(&hex(VALID), 2999, &mut secp256k1::Compute), Err(PrecompileError::OutOfGas));
    }

    #[test]
    fn invalid_signatures_give_empty_output() {
        let good = hex(VALID);
        // v = 29
        let mut bad = good.clone();
        bad[63] = 29;
        assert!(ecrecover(&bad, 3000, &mut secp256k1::Compute).expect("ok").output.is_empty());
        // v with a high byte set
        let mut bad = good.clone();
        bad[32] = 1;
        assert!(ecrecover(&bad, 3000, &mut secp256k1::Compute).expect("ok").output.is_empty());
        // r = 0
        let mut bad = good.clone();
        bad[64..96].fill(0);
        assert!(ecrecover(&bad, 3000, &mut secp256k1::Compute).expect("ok").output.is_empty());
        // s = n (out of range)
        let mut bad = good.clone();
        bad[96..128].copy_from_slice(&hex(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        ));
        assert!(ecrecover(&bad, 3000, &mut secp256k1::Compute).expect("ok").output.is_empty());
        // empty input: all zero, invalid
        let out = ecrecover(&[], 3000, &mut secp256k1::Compute).expect("ok");
        assert!(out.output.is_empty());
        assert_eq!(out.gas_used, 3000);
    }

    #[test]
    fn high_s_is_accepted() {
        // Flip s to n - s and the parity of v: the same signer must come out.
        let good = hex(VALID);
        let s = Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(array_at::<32>(
            &good, 96,
        ))))
        .expect("s");
        let mut flipped = good.clone();
        flipped[96..128].copy_from_slice(&(-s).to_repr());
        flipped[63] = 27;
        assert_eq!(
            ecrecover(&flipped, 3000, &mut secp256k1::Compute).expect("ok").output,
            hex(VALID_OUT)
        );
    }

    #[test]
    fn trailing_input_is_ignored_and_short_input_padded() {
        let mut long = hex(VALID);
        long.extend_from_slice(&[0xff; 40]);
        assert_eq!(ecrecover(&long, 3000, &mut secp256k1::Compute).expect("ok").output, hex(VALID_OUT));
        // Truncating s's trailing bytes changes the signature but must not panic.
        let short = &hex(VALID)[..100];
        let _ = ecrecover(short, 3000, &mut secp256k1::Compute).expect("ok");
    }
}
