//! The Blake2s round delegation, CSR `0x7C7`: one Blake2s round per call.
//!
//! Layout and semantics follow Airbender's `risc_v_simulator` delegation
//! `blake2_round_function_with_extended_control` and `common_constants::blake2s_with_control`
//! (matter-labs/zksync-airbender), in the ABI generation where the round mask and the control
//! bits come in two registers:
//!
//! | register | meaning |
//! |---|---|
//! | `x10` | pointer to the 24-word state, 128-byte aligned, in RAM, read and written: words `0..8` are `h` (the chaining value), words `8..24` the 16-word working vector `v` |
//! | `x11` | pointer to the 16-word message block, in RAM, read only. We require 64-byte alignment (newer Airbender releases do; the older simulator needed only 4) and no overlap with the state |
//! | `x12` | round mask: exactly one bit `1 << r`, `r` in `0..10`, selecting the message permutation `SIGMA[r]` |
//! | `x13` | control bits: bit 0 = last round, bit 1 = input is the right node, bit 2 = compression mode |
//!
//! **Normal mode** (bit 2 clear) hashes one block in ten calls, `r = 0..10`. Before the first call
//! the guest sets `h` (to [`CONFIGURED_IV`] for a fresh unkeyed 32-byte hash) and writes
//! `v[12] = IV[4] ^ t` (t = bytes hashed so far, this block included; 32-bit, so inputs are
//! below 4 GiB) and `v[14] = IV[6] ^ f` (`f = 0xFFFF_FFFF` for the final block, else 0), i.e.
//! state words 20 and 22. The call with `r = 0` fills `v[0..8] = h`, `v[8..12] = IV[0..4]`,
//! `v[13] = IV[5]`, `v[15] = IV[7]`; every call then applies one round `G` with `SIGMA[r]` to `v`
//! and the message; the call with the last-round bit set finalises `h[i] ^= v[i] ^ v[i + 8]`.
//!
//! **Compression mode** (bit 2 set; Merkle node hashing) hashes the 64-byte message `h ‖ m[0..8]`
//! (or `m[0..8] ‖ h` when bit 1 is set) as a single, final, unkeyed block: the `r = 0` call sets
//! `v` to `CONFIGURED_IV ‖ IV` with `v[12] ^= 64`, `v[14] ^= 0xFFFF_FFFF`, and the last round writes
//! `h = CONFIGURED_IV ^ v[0..8] ^ v[8..16]`.
//!
//! Each call is one delegation call for cycle accounting, so a full compression costs ten.
//!
//! Newer Airbender releases changed this ABI: the control bits and the round bitmask moved into
//! `x12` (bits 16..19 and 19..), and ten (or seven, "reduced rounds") consecutive `csrrw`
//! instructions are executed as one unit. Our design brief, and that generation's
//! `blake2s_csr_trigger_delegation(state, input, round_mask, control_mask)` in Airbender's
//! `common_constants`, use the two-register form above; each `csrrw` still costs one raw cycle
//! and one delegation call in both.

use crate::DelegationError;

/// Number of 32-bit words the state pointer (`x10`) covers.
pub const STATE_WORDS: usize = 24;
/// Number of 32-bit words the input pointer (`x11`) covers.
pub const INPUT_WORDS: usize = 16;
/// Required alignment of the state pointer, in bytes.
pub const STATE_ALIGN: u32 = 128;
/// Required alignment of the input pointer, in bytes.
pub const INPUT_ALIGN: u32 = 64;
/// Number of rounds of a full Blake2s compression.
pub const ROUNDS: usize = 10;

/// Control bit: this call is the last round, finalise `h`.
pub const CONTROL_LAST_ROUND: u32 = 1 << 0;
/// Control bit (compression mode), Airbender's "input is right node": the node in the state
/// (`h`) is the right one, so the hashed block is `m[0..8] ‖ h` instead of `h ‖ m[0..8]`.
pub const CONTROL_INPUT_IS_RIGHT_NODE: u32 = 1 << 1;
/// Control bit: compression (two-to-one node hashing) mode.
pub const CONTROL_COMPRESSION_MODE: u32 = 1 << 2;

/// The Blake2s initialisation vector.
pub const IV: [u32; 8] = [
    0x6A09_E667,
    0xBB67_AE85,
    0x3C6E_F372,
    0xA54F_F53A,
    0x510E_527F,
    0x9B05_688C,
    0x1F83_D9AB,
    0x5BE0_CD19,
];

/// The initial `h` of an unkeyed Blake2s with 32-byte output: `IV[0] ^ 0x0101_0020`.
pub const CONFIGURED_IV: [u32; 8] = {
    let mut iv = IV;
    iv[0] ^= 0x0101_0000 ^ 32;
    iv
};

/// The message word permutations of the ten rounds.
pub const SIGMA: [[u8; 16]; 10] = [
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

#[inline(always)]
fn g(v: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize, x: u32, y: u32) {
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
    v[d] = (v[d] ^ v[a]).rotate_right(16);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(12);
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
    v[d] = (v[d] ^ v[a]).rotate_right(8);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(7);
}

/// One Blake2s round: the column then the diagonal `G` steps with message permutation `s`.
fn round(v: &mut [u32; 16], m: &[u32; 16], s: &[u8; 16]) {
    let w = |i: usize| m[s[i] as usize];
    g(v, 0, 4, 8, 12, w(0), w(1));
    g(v, 1, 5, 9, 13, w(2), w(3));
    g(v, 2, 6, 10, 14, w(4), w(5));
    g(v, 3, 7, 11, 15, w(6), w(7));
    g(v, 0, 5, 10, 15, w(8), w(9));
    g(v, 1, 6, 11, 12, w(10), w(11));
    g(v, 2, 7, 8, 13, w(12), w(13));
    g(v, 3, 4, 9, 14, w(14), w(15));
}

/// Executes one delegation call on the 24-word `state` (`x10`) with the 16-word `input` (`x11`),
/// the round mask (`x12`) and the control bits (`x13`), exactly as the circuit would.
pub fn blake2s_round(
    state: &mut [u32; STATE_WORDS],
    input: &[u32; INPUT_WORDS],
    round_mask: u32,
    control: u32,
) -> Result<(), DelegationError> {
    if !round_mask.is_power_of_two() || round_mask >= 1 << ROUNDS {
        return Err(DelegationError::InvalidRoundMask(round_mask));
    }
    if control >= 1 << 3 {
        return Err(DelegationError::InvalidControl(control));
    }
    let r = round_mask.trailing_zeros() as usize;
    let last = control & CONTROL_LAST_ROUND != 0;
    let compression = control & CONTROL_COMPRESSION_MODE != 0;
    let right = control & CONTROL_INPUT_IS_RIGHT_NODE != 0;

    let mut h = [0u32; 8];
    h.copy_from_slice(&state[..8]);
    let mut v = [0u32; 16];
    v.copy_from_slice(&state[8..]);

    if compression {
        if r == 0 {
            v[..8].copy_from_slice(&CONFIGURED_IV);
            v[8..].copy_from_slice(&IV);
            v[12] ^= 64;
            v[14] ^= 0xFFFF_FFFF;
        }
        let mut block = [0u32; 16];
        let (first, second) = if right {
            (&input[..8], &h[..])
        } else {
            (&h[..], &input[..8])
        };
        block[..8].copy_from_slice(first);
        block[8..].copy_from_slice(second);
        round(&mut v, &block, &SIGMA[r]);
    } else {
        if r == 0 {
            v[..8].copy_from_slice(&h);
            v[8..12].copy_from_slice(&IV[..4]);
            v[13] = IV[5];
            v[15] = IV[7];
        }
        round(&mut v, input, &SIGMA[r]);
    }

    if last {
        if compression {
            h = CONFIGURED_IV;
        }
        for i in 0..8 {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }
    state[..8].copy_from_slice(&h);
    state[8..].copy_from_slice(&v);
    Ok(())
}

/// A full normal-mode compression through ten [`blake2s_round`] calls, the way a guest drives the
/// delegation: `h` is the chaining value, `t` the byte count hashed so far including this block,
/// `last` marks the final block. Host-side reference for the calling protocol.
pub fn blake2s_compress(h: &mut [u32; 8], block: &[u32; 16], t: u32, last: bool) {
    let mut state = [0u32; STATE_WORDS];
    state[..8].copy_from_slice(h);
    state[8 + 12] = IV[4] ^ t;
    state[8 + 14] = IV[6] ^ if last { 0xFFFF_FFFF } else { 0 };
    for r in 0..ROUNDS {
        let control = if r == ROUNDS - 1 {
            CONTROL_LAST_ROUND
        } else {
            0
        };
        // Cannot fail: the mask is a single bit below 1 << 10 and the control bits are valid.
        let _ = blake2s_round(&mut state, block, 1 << r, control);
    }
    h.copy_from_slice(&state[..8]);
}

/// Blake2s-256 of `data` (unkeyed) through [`blake2s_compress`]; the digest's bytes are `h` in
/// little-endian order. Host-side reference used by tests.
pub fn blake2s_256(data: &[u8]) -> [u8; 32] {
    let mut h = CONFIGURED_IV;
    let blocks = data.len().div_ceil(64).max(1);
    for i in 0..blocks {
        let chunk = &data[(i * 64).min(data.len())..((i + 1) * 64).min(data.len())];
        let mut bytes = [0u8; 64];
        bytes[..chunk.len()].copy_from_slice(chunk);
        let mut block = [0u32; 16];
        for (w, b) in block.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        let t = (i * 64 + chunk.len()) as u32;
        blake2s_compress(&mut h, &block, t, i + 1 == blocks);
    }
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&w.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn known_vectors() {
        assert_eq!(
            hex(&blake2s_256(b"abc")),
            "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"
        );
        assert_eq!(
            hex(&blake2s_256(b"")),
            "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9"
        );
    }

    #[test]
    fn compression_mode_matches_hash_of_concatenation() {
        let left: [u32; 8] = core::array::from_fn(|i| 0x0101_0101 * i as u32);
        let right: [u32; 8] = core::array::from_fn(|i| 0xdead_0000 + i as u32);
        let mut bytes = Vec::new();
        for w in left.iter().chain(right.iter()) {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        let expected = blake2s_256(&bytes);
        for is_right in [false, true] {
            let mut state = [0u32; STATE_WORDS];
            let mut input = [0u32; INPUT_WORDS];
            let base = CONTROL_COMPRESSION_MODE
                | if is_right {
                    CONTROL_INPUT_IS_RIGHT_NODE
                } else {
                    0
                };
            // With the flag set, the state holds the right node and the input the left one.
            if is_right {
                state[..8].copy_from_slice(&right);
                input[..8].copy_from_slice(&left);
            } else {
                state[..8].copy_from_slice(&left);
                input[..8].copy_from_slice(&right);
            }
            for r in 0..ROUNDS {
                let control = base
                    | if r == ROUNDS - 1 {
                        CONTROL_LAST_ROUND
                    } else {
                        0
                    };
                blake2s_round(&mut state, &input, 1 << r, control).unwrap();
            }
            let mut got = [0u8; 32];
            for (o, w) in got.chunks_exact_mut(4).zip(&state[..8]) {
                o.copy_from_slice(&w.to_le_bytes());
            }
            assert_eq!(got, expected, "is_right = {is_right}");
        }
    }

    #[test]
    fn rejects_bad_masks() {
        let mut s = [0u32; STATE_WORDS];
        let i = [0u32; INPUT_WORDS];
        assert_eq!(
            blake2s_round(&mut s, &i, 0, 0),
            Err(DelegationError::InvalidRoundMask(0))
        );
        assert_eq!(
            blake2s_round(&mut s, &i, 3, 0),
            Err(DelegationError::InvalidRoundMask(3))
        );
        assert_eq!(
            blake2s_round(&mut s, &i, 1 << 10, 0),
            Err(DelegationError::InvalidRoundMask(1 << 10))
        );
        assert_eq!(
            blake2s_round(&mut s, &i, 1, 8),
            Err(DelegationError::InvalidControl(8))
        );
    }
}
