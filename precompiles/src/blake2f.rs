//! 0x09 blake2f (EIP-152): the BLAKE2b compression function `F` with a caller-chosen number of rounds.
//!
//! Input is exactly 213 bytes: `rounds` (4 bytes, big-endian) ‖ `h` (8 × u64 little-endian) ‖ `m`
//! (16 × u64 little-endian) ‖ `t` (2 × u64 little-endian) ‖ `f` (1 byte, 0 or 1). The cost is one gas per
//! round; the output is the new state `h` as 64 little-endian bytes. The compression function is written
//! out here following RFC 7693 §3.2, with the round count as a parameter.

use alloc::vec::Vec;

use crate::{array_at, charge, PrecompileError, PrecompileOutput, PrecompileResult};

/// Exact input length.
const INPUT_LEN: usize = 213;

/// BLAKE2b initialisation vector (RFC 7693 §2.6).
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// Message word permutations, one per round modulo 10 (RFC 7693 §2.7).
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// 0x09: runs the BLAKE2b compression function.
pub(crate) fn blake2f(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != INPUT_LEN {
        return Err(PrecompileError::InvalidInput(
            "blake2f input must be 213 bytes",
        ));
    }
    let rounds = u32::from_be_bytes(array_at::<4>(input, 0));
    let gas = charge(u64::from(rounds), gas_limit)?;

    let final_block = match input[212] {
        0 => false,
        1 => true,
        _ => {
            return Err(PrecompileError::InvalidInput(
                "blake2f final flag must be 0 or 1",
            ))
        }
    };
    let mut h = [0u64; 8];
    for (i, word) in h.iter_mut().enumerate() {
        *word = u64::from_le_bytes(array_at::<8>(input, 4 + 8 * i));
    }
    let mut m = [0u64; 16];
    for (i, word) in m.iter_mut().enumerate() {
        *word = u64::from_le_bytes(array_at::<8>(input, 68 + 8 * i));
    }
    let t = [
        u64::from_le_bytes(array_at::<8>(input, 196)),
        u64::from_le_bytes(array_at::<8>(input, 204)),
    ];

    compress(rounds, &mut h, &m, t, final_block);

    let mut output = Vec::with_capacity(64);
    for word in h {
        output.extend_from_slice(&word.to_le_bytes());
    }
    Ok(PrecompileOutput::new(gas, output))
}

/// The mixing function G (RFC 7693 §3.1) on state words `a, b, c, d` with message words `x, y`.
#[inline(always)]
fn mix(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize, x: u64, y: u64) {
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
    v[d] = (v[d] ^ v[a]).rotate_right(32);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(24);
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
    v[d] = (v[d] ^ v[a]).rotate_right(16);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(63);
}

/// The compression function F (RFC 7693 §3.2) with `rounds` rounds, updating `h` in place.
pub(crate) fn compress(
    rounds: u32,
    h: &mut [u64; 8],
    m: &[u64; 16],
    t: [u64; 2],
    final_block: bool,
) {
    let mut v = [0u64; 16];
    v[..8].copy_from_slice(h);
    v[8..].copy_from_slice(&IV);
    v[12] ^= t[0];
    v[13] ^= t[1];
    if final_block {
        v[14] = !v[14];
    }
    for round in 0..rounds as usize {
        let s = &SIGMA[round % 10];
        mix(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        mix(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        mix(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        mix(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        mix(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        mix(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        mix(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        mix(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for i in 0..8 {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use primitives::decode_hex;

    fn hex(s: &str) -> Vec<u8> {
        decode_hex(s).expect("test hex")
    }

    /// EIP-152 test vector 5 with the round count replaced by `rounds_hex` and the final flag by `f`.
    fn vector(rounds_hex: &str, f: &str) -> Vec<u8> {
        hex(&alloc::format!(
            "{rounds_hex}48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b616263000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003000000000000000000000000000000{f}"
        ))
    }

    #[test]
    fn eip152_vectors() {
        // Vector 4: 0 rounds.
        let out = blake2f(&vector("00000000", "01"), 0).expect("ok");
        assert_eq!(out.gas_used, 0);
        assert_eq!(out.output, hex("08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b"));
        // Vector 5: 12 rounds (= BLAKE2b-512 of "abc").
        let out = blake2f(&vector("0000000c", "01"), 12).expect("ok");
        assert_eq!(out.gas_used, 12);
        assert_eq!(out.output, hex("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
        // Vector 6: not final.
        let out = blake2f(&vector("0000000c", "00"), 12).expect("ok");
        assert_eq!(out.output, hex("75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735"));
        // Vector 7: 1 round.
        let out = blake2f(&vector("00000001", "01"), 1).expect("ok");
        assert_eq!(out.output, hex("b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421"));
    }

    #[test]
    fn invalid_inputs() {
        // Vectors 1-3: empty, one byte short, one byte long; then a bad final flag.
        assert!(matches!(
            blake2f(&[], 100),
            Err(PrecompileError::InvalidInput(_))
        ));
        let good = vector("0000000c", "01");
        assert!(matches!(
            blake2f(&good[1..], 100),
            Err(PrecompileError::InvalidInput(_))
        ));
        let mut long = good.clone();
        long.push(0);
        assert!(matches!(
            blake2f(&long, 100),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert!(matches!(
            blake2f(&vector("0000000c", "02"), 100),
            Err(PrecompileError::InvalidInput(_))
        ));
        assert_eq!(blake2f(&good, 11), Err(PrecompileError::OutOfGas));
        assert_eq!(
            blake2f(&vector("ffffffff", "01"), 1_000_000),
            Err(PrecompileError::OutOfGas)
        );
    }
}
