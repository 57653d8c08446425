//! 0x05 modexp: arbitrary-precision modular exponentiation, EIP-198 semantics with EIP-2565 pricing, and
//! from Osaka EIP-7883 pricing and EIP-7823 input bounds.
//!
//! Input: `base_len ‖ exp_len ‖ mod_len` (three 32-byte big-endian words, each up to 2²⁵⁶ − 1) followed
//! by `base ‖ exp ‖ mod` of those lengths; everything past the end of the input reads as zero. The
//! output is `base^exp mod mod` as exactly `mod_len` bytes (all zero when the modulus is 0; empty when
//! `mod_len` is 0).
//!
//! Gas, with `words(x) = ceil(x / 8)` and `iterations` from the exponent length and its first 32 bytes:
//! - EIP-2565 (Cancun, Prague): `max(200, words(max(base_len, mod_len))² · max(1, iterations) / 3)`, eight
//!   iterations per exponent byte past the first 32;
//! - EIP-7883 (Osaka): `max(500, complexity · max(1, iterations))` with complexity 16 up to 32-byte operands
//!   and `2 · words²` above, sixteen iterations per exponent byte past the first 32. EIP-7823 makes any
//!   length above 1,024 bytes fail (all gas consumed) before anything is priced.
//!
//! The cost is worked out in saturating 256-bit arithmetic from the header alone, before anything is
//! allocated, so huge length headers simply come out as out-of-gas. The arithmetic uses `num-bigint`
//! (Montgomery multiplication for odd moduli). Only the base and modulus are copied out of the input; a
//! nonzero modulus implies the whole exponent lies inside the input.

use alloc::vec;
use alloc::vec::Vec;

use num_bigint::BigUint;
use primitives::{u256_to_u64, Fork, U256};

use crate::{array_at, PrecompileError, PrecompileOutput, PrecompileResult};

/// Largest base or modulus length ever materialised before Osaka: 16 MiB, which costs at least
/// (2²¹)² / 3 ≈ 1.5·10¹² gas — far beyond any block gas limit.
const MAX_OPERAND_LEN: usize = 16 << 20;
/// EIP-7823: from Osaka each of the three lengths is at most 1,024 bytes.
const OSAKA_MAX_LEN: u64 = 1024;

/// The pricing rules of one fork.
#[derive(Clone, Copy)]
struct Pricing {
    /// Minimum cost.
    min_gas: u64,
    /// Divisor of the complexity × iterations product.
    divisor: u64,
    /// Iterations per exponent byte beyond the first 32.
    iterations_per_byte: u64,
    /// Whether lengths are bounded (EIP-7823) and complexity follows EIP-7883.
    osaka: bool,
}

impl Pricing {
    const fn of(fork: Fork) -> Pricing {
        if fork.is_enabled(Fork::Osaka) {
            Pricing { min_gas: 500, divisor: 1, iterations_per_byte: 16, osaka: true }
        } else {
            Pricing { min_gas: 200, divisor: 3, iterations_per_byte: 8, osaka: false }
        }
    }
}

/// 0x05: computes `base^exp mod mod`.
pub(crate) fn modexp(input: &[u8], gas_limit: u64, fork: Fork) -> PrecompileResult {
    let pricing = Pricing::of(fork);
    let base_len = U256::from_be_bytes(array_at::<32>(input, 0));
    let exp_len = U256::from_be_bytes(array_at::<32>(input, 32));
    let mod_len = U256::from_be_bytes(array_at::<32>(input, 64));
    if pricing.osaka && [base_len, exp_len, mod_len].iter().any(|len| *len > U256::from(OSAKA_MAX_LEN)) {
        return Err(PrecompileError::InvalidInput("modexp operand longer than 1024 bytes (EIP-7823)"));
    }

    let exp_offset = U256::from(96u64).saturating_add(base_len);
    let exp_head = exponent_head(input, exp_offset, exp_len);

    let cost = gas_cost(&pricing, base_len, exp_len, mod_len, exp_head);
    let gas = match u256_to_u64(&cost) {
        Some(cost) if cost <= gas_limit => cost,
        _ => return Err(PrecompileError::OutOfGas),
    };

    if mod_len.is_zero() {
        return Ok(PrecompileOutput::new(gas, Vec::new()));
    }

    // Past the gas check the base and modulus lengths are bounded by what the gas pays for. Lengths above
    // MAX_OPERAND_LEN would need more than 10^12 gas; they are refused rather than allocated, so that an
    // absurd gas limit cannot exhaust memory.
    let (Some(base_len), Some(mod_len)) = (to_usize(base_len), to_usize(mod_len)) else {
        return Err(PrecompileError::OutOfGas);
    };
    if base_len > MAX_OPERAND_LEN || mod_len > MAX_OPERAND_LEN {
        return Err(PrecompileError::OutOfGas);
    }
    // exp_len may be huge only when it is paid for; it is never allocated, only its in-input prefix.
    let exp_start = 96usize.saturating_add(base_len);
    let mod_offset = exp_offset.saturating_add(exp_len);

    let base = BigUint::from_bytes_be(&read_padded(input, 96, base_len));
    let modulus_bytes = match to_usize(mod_offset) {
        Some(offset) => read_padded(input, offset, mod_len),
        None => vec![0u8; mod_len],
    };
    let modulus = BigUint::from_bytes_be(&modulus_bytes);

    let mut output = vec![0u8; mod_len];
    if modulus.bits() == 0 {
        return Ok(PrecompileOutput::new(gas, output));
    }

    // A nonzero modulus has a byte inside the input, and the exponent lies before the modulus: so here the
    // whole exponent is inside the input (the fallback is unreachable but keeps this panic-free).
    let exp =
        match to_usize(exp_len).and_then(|len| input.get(exp_start..exp_start.checked_add(len)?)) {
            Some(exp) => exp,
            None => return Ok(PrecompileOutput::new(gas, output)),
        };
    let result = base.modpow(&BigUint::from_bytes_be(exp), &modulus);

    let bytes = result.to_bytes_be();
    // result < modulus < 256^mod_len, so it always fits; an all-zero result is encoded by to_bytes_be as [0].
    let start = mod_len.saturating_sub(bytes.len());
    output[start..].copy_from_slice(&bytes[bytes.len().saturating_sub(mod_len)..]);
    Ok(PrecompileOutput::new(gas, output))
}

/// `value` as `usize` when it fits.
fn to_usize(value: U256) -> Option<usize> {
    u256_to_u64(&value).and_then(|v| usize::try_from(v).ok())
}

/// `len` bytes of `input` from `offset`, zero-padded past its end.
fn read_padded(input: &[u8], offset: usize, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    if offset < input.len() {
        let n = (input.len() - offset).min(len);
        out[..n].copy_from_slice(&input[offset..offset + n]);
    }
    out
}

/// The first `min(32, exp_len)` bytes of the exponent as a number (zero-padded past the input's end).
fn exponent_head(input: &[u8], exp_offset: U256, exp_len: U256) -> U256 {
    let head_len = if exp_len < U256::from(32u64) {
        exp_len.as_limbs()[0] as usize
    } else {
        32
    };
    let Some(offset) = to_usize(exp_offset) else {
        return U256::ZERO;
    };
    let head = read_padded(input, offset, head_len);
    let mut word = [0u8; 32];
    word[32 - head_len..].copy_from_slice(&head);
    U256::from_be_bytes(word)
}

/// The fork's cost, saturating at `U256::MAX` (which is out of gas for any limit).
fn gas_cost(pricing: &Pricing, base_len: U256, exp_len: U256, mod_len: U256, exp_head: U256) -> U256 {
    let max_len = base_len.max(mod_len);
    let words = max_len.saturating_add(U256::from(7u64)) / U256::from(8u64);
    let complexity = if !pricing.osaka {
        words.saturating_mul(words)
    } else if max_len <= U256::from(32u64) {
        U256::from(16u64)
    } else {
        U256::from(2u64).saturating_mul(words.saturating_mul(words))
    };
    let iterations = iteration_count(pricing, exp_len, exp_head);
    let cost = complexity.saturating_mul(iterations) / U256::from(pricing.divisor);
    cost.max(U256::from(pricing.min_gas))
}

/// Iteration count (at least 1): the exponent's bit length less one, plus a fixed count per byte past 32.
fn iteration_count(pricing: &Pricing, exp_len: U256, exp_head: U256) -> U256 {
    let head_bits = U256::from(exp_head.bit_len().saturating_sub(1) as u64);
    let count = if exp_len <= U256::from(32u64) {
        head_bits
    } else {
        let length_part = (exp_len - U256::from(32u64)).saturating_mul(U256::from(pricing.iterations_per_byte));
        length_part.saturating_add(head_bits)
    };
    count.max(U256::from(1u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    fn word(n: u64) -> [u8; 32] {
        U256::from(n).to_be_bytes()
    }

    fn call(base: &[u8], exp: &[u8], modulus: &[u8]) -> Vec<u8> {
        let mut input = Vec::new();
        input.extend_from_slice(&word(base.len() as u64));
        input.extend_from_slice(&word(exp.len() as u64));
        input.extend_from_slice(&word(modulus.len() as u64));
        input.extend_from_slice(base);
        input.extend_from_slice(exp);
        input.extend_from_slice(modulus);
        input
    }

    #[test]
    fn eip198_fermat_example() {
        // 3^(p-1) mod p = 1 for the secp256k1 field prime (EIP-198 example 1).
        let input = hex("00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000002003fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
        let out = modexp(&input, 100_000, Fork::Prague).expect("ok");
        assert_eq!(out.output, word(1).to_vec());
        // words = 4 → complexity 16; the exponent has 256 bits → 255 iterations: 16 * 255 / 3 = 1360.
        assert_eq!(out.gas_used, 1360);
    }

    #[test]
    fn eip198_empty_base_example() {
        // EIP-198 example 2: an empty base (0) raised to p - 1 modulo p is 0.
        let input = hex("000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000020fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
        let out = modexp(&input, 100_000, Fork::Prague).expect("ok");
        assert_eq!(out.output, word(0).to_vec());
    }

    #[test]
    fn small_values_and_zero_modulus() {
        let out = modexp(&call(&[3], &[5], &[7]), 200, Fork::Prague).expect("ok");
        assert_eq!(out.output, vec![5]); // 243 mod 7
        assert_eq!(out.gas_used, 200);
        let out = modexp(&call(&[3], &[5], &[0, 0]), 200, Fork::Prague).expect("ok");
        assert_eq!(out.output, vec![0, 0]);
        let out = modexp(&call(&[3], &[0], &[1, 0]), 200, Fork::Prague).expect("ok");
        assert_eq!(out.output, vec![0, 1]); // x^0 = 1
        let out = modexp(&call(&[], &[], &[]), 200, Fork::Prague).expect("ok");
        assert!(out.output.is_empty());
        assert_eq!(
            modexp(&call(&[3], &[5], &[7]), 199, Fork::Prague),
            Err(PrecompileError::OutOfGas)
        );
    }

    #[test]
    fn huge_headers() {
        // base_len = mod_len = 0, exp_len = 2^256 - 1: costs the minimum and returns nothing.
        let mut input = Vec::new();
        input.extend_from_slice(&[0u8; 32]);
        input.extend_from_slice(&[0xff; 32]);
        input.extend_from_slice(&[0u8; 32]);
        let out = modexp(&input, 200, Fork::Prague).expect("ok");
        assert_eq!((out.gas_used, out.output.len()), (200, 0));
        // Huge base_len: out of gas whatever the limit.
        let mut input = Vec::new();
        input.extend_from_slice(&[0xff; 32]);
        input.extend_from_slice(&word(1));
        input.extend_from_slice(&word(1));
        assert_eq!(modexp(&input, u64::MAX, Fork::Prague), Err(PrecompileError::OutOfGas));
        // Huge exp_len with a 1-byte modulus: out of gas.
        let mut input = Vec::new();
        input.extend_from_slice(&word(1));
        input.extend_from_slice(&[0x7f; 32]);
        input.extend_from_slice(&word(1));
        assert_eq!(modexp(&input, u64::MAX, Fork::Prague), Err(PrecompileError::OutOfGas));
        // A 4-byte input is a huge base_len (0x9e5faafc << 224): out of gas (EEST invalid-case-1).
        assert_eq!(
            modexp(&[0x9e, 0x5f, 0xaa, 0xfc], 1_000_000, Fork::Prague),
            Err(PrecompileError::OutOfGas)
        );
    }

    #[test]
    fn operands_past_the_input_read_as_zero() {
        // base 2, exp_len 3 with only its first byte present: the modulus is wholly past the input → 0.
        let mut input = Vec::new();
        input.extend_from_slice(&word(1));
        input.extend_from_slice(&word(3));
        input.extend_from_slice(&word(3));
        input.push(2);
        input.push(1);
        let out = modexp(&input, 1_000_000, Fork::Prague).expect("ok");
        assert_eq!(out.output, vec![0, 0, 0]);
        // Truncated modulus: 0x0f42 then a zero byte → modulus 0x0f4200.
        let mut truncated = call(&[2], &[1, 0, 0], &[0x0f, 0x42, 0x43]);
        truncated.pop();
        let out = modexp(&truncated, 1_000_000, Fork::Prague).expect("ok").output;
        let expected =
            BigUint::from(2u32).modpow(&BigUint::from(65536u32), &BigUint::from(0x0f4200u32));
        let mut expected = expected.to_bytes_be();
        while expected.len() < 3 {
            expected.insert(0, 0);
        }
        assert_eq!(out, expected);
    }

    #[test]
    fn gas_follows_eip2565() {
        // exp_len > 32: 8 * (exp_len - 32) + bitlen(head) - 1, with a 64-byte modulus (64 words^2 = 64).
        let mut exp = vec![0u8; 40];
        exp[31] = 0x01; // the head (first 32 bytes) is 1: bit length 1 → +0
        let input = call(&[1; 64], &exp, &[3; 64]);
        let out = modexp(&input, 1_000_000, Fork::Prague).expect("ok");
        assert_eq!(out.gas_used, 64 * 64 / 3);
        // exp_len <= 32 with zero exponent: one iteration, minimum price.
        let out = modexp(&call(&[1; 8], &[0; 32], &[3; 8]), 200, Fork::Prague).expect("ok");
        assert_eq!(out.gas_used, 200);
        assert_eq!(out.output, vec![0, 0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn osaka_prices_follow_eip7883() {
        // The EIP-198 Fermat example: 32-byte operands → complexity 16; 255 iterations: 16 * 255 = 4080.
        let input = hex("00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000002003fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
        let out = modexp(&input, 100_000, Fork::Osaka).expect("ok");
        assert_eq!((out.gas_used, out.output), (4080, word(1).to_vec()));
        // Small operands cost the new minimum, 500, and 499 is out of gas.
        assert_eq!(modexp(&call(&[3], &[5], &[7]), 500, Fork::Osaka).expect("ok").gas_used, 500);
        assert_eq!(modexp(&call(&[3], &[5], &[7]), 499, Fork::Osaka), Err(PrecompileError::OutOfGas));
        // 64-byte operands: 2 * 8^2 = 128 per iteration; a 40-byte exponent with head 1: 16 * 8 = 128
        // iterations → 16,384 (EIP-2565 asked 64 * 64 / 3 = 1,365).
        let mut exp = vec![0u8; 40];
        exp[31] = 0x01;
        assert_eq!(modexp(&call(&[1; 64], &exp, &[3; 64]), 1_000_000, Fork::Osaka).expect("ok").gas_used, 16_384);
        // 33-byte modulus: words = 5 → 2 * 25 = 50 per iteration; exponent 2^8 → 8 iterations → 500 (the floor).
        assert_eq!(modexp(&call(&[1], &[1, 0], &[3; 33]), 1_000_000, Fork::Osaka).expect("ok").gas_used, 500);
        assert_eq!(modexp(&call(&[1], &[1, 0, 0, 0, 0], &[3; 33]), 1_000_000, Fork::Osaka).expect("ok").gas_used, 1600);
    }

    #[test]
    fn osaka_bounds_follow_eip7823() {
        // 1024-byte operands are accepted, 1025 bytes of any one fail whatever the gas.
        let big = vec![0xffu8; 1024];
        assert!(modexp(&call(&big, &[3], &big), u64::MAX, Fork::Osaka).is_ok());
        let too_big = vec![0xffu8; 1025];
        for (b, e, m) in [(&too_big[..], &[3u8][..], &big[..]), (&big, &too_big, &big), (&big, &[3], &too_big)] {
            assert!(matches!(modexp(&call(b, e, m), u64::MAX, Fork::Osaka), Err(PrecompileError::InvalidInput(_))));
        }
        // The bound is on the declared length, even with nothing behind it.
        let mut input = word(0).to_vec();
        input.extend_from_slice(&word(1025));
        input.extend_from_slice(&word(0));
        assert!(matches!(modexp(&input, u64::MAX, Fork::Osaka), Err(PrecompileError::InvalidInput(_))));
        assert!(modexp(&input, u64::MAX, Fork::Prague).is_ok());
    }
}
