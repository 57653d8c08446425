//! The hashing precompiles and identity: 0x02 sha256, 0x03 ripemd160 and 0x04 identity (datacopy).
//!
//! All three cost `base + per_word * ceil(len / 32)` gas and cannot fail other than by running out of gas.
//! ripemd160's 20-byte digest is returned left-padded with zeros to a 32-byte word.

use alloc::vec::Vec;

use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

use crate::{charge, linear_cost, PrecompileOutput, PrecompileResult};

/// sha256 base cost.
const SHA256_BASE: u64 = 60;
/// sha256 cost per 32-byte word of input.
const SHA256_PER_WORD: u64 = 12;
/// ripemd160 base cost.
const RIPEMD160_BASE: u64 = 600;
/// ripemd160 cost per 32-byte word of input.
const RIPEMD160_PER_WORD: u64 = 120;
/// identity base cost.
const IDENTITY_BASE: u64 = 15;
/// identity cost per 32-byte word of input.
const IDENTITY_PER_WORD: u64 = 3;

/// 0x02: sha256 of the input.
pub(crate) fn sha256(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = charge(
        linear_cost(input.len(), SHA256_BASE, SHA256_PER_WORD),
        gas_limit,
    )?;
    let digest = Sha256::digest(input);
    Ok(PrecompileOutput::new(gas, digest.to_vec()))
}

/// 0x03: ripemd160 of the input, left-padded to 32 bytes.
pub(crate) fn ripemd160(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = charge(
        linear_cost(input.len(), RIPEMD160_BASE, RIPEMD160_PER_WORD),
        gas_limit,
    )?;
    let digest = Ripemd160::digest(input);
    let mut output = Vec::with_capacity(32);
    output.extend_from_slice(&[0u8; 12]);
    output.extend_from_slice(&digest);
    Ok(PrecompileOutput::new(gas, output))
}

/// 0x04: returns the input unchanged.
pub(crate) fn identity(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = charge(
        linear_cost(input.len(), IDENTITY_BASE, IDENTITY_PER_WORD),
        gas_limit,
    )?;
    Ok(PrecompileOutput::new(gas, input.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrecompileError;
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    #[test]
    fn sha256_vectors() {
        let out = sha256(b"", 60).expect("ok");
        assert_eq!(out.gas_used, 60);
        assert_eq!(
            out.output,
            hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        let out = sha256(b"abc", 1000).expect("ok");
        assert_eq!(out.gas_used, 72);
        assert_eq!(
            out.output,
            hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(sha256(b"abc", 71), Err(PrecompileError::OutOfGas));
    }

    #[test]
    fn ripemd160_vectors() {
        let out = ripemd160(b"", 600).expect("ok");
        assert_eq!(out.gas_used, 600);
        assert_eq!(
            out.output,
            hex("0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31")
        );
        let out = ripemd160(b"abc", 720).expect("ok");
        assert_eq!(out.gas_used, 720);
        assert_eq!(
            out.output,
            hex("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        );
        assert_eq!(ripemd160(b"abc", 719), Err(PrecompileError::OutOfGas));
    }

    #[test]
    fn identity_copies_and_charges_per_word() {
        let data = [7u8; 65];
        let out = identity(&data, 24).expect("ok");
        assert_eq!(out.gas_used, 15 + 3 * 3);
        assert_eq!(out.output, data.to_vec());
        assert_eq!(identity(&data, 23), Err(PrecompileError::OutOfGas));
        assert_eq!(identity(&[], 15).expect("ok").gas_used, 15);
    }
}
