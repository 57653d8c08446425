//! Blake2s-256 (RFC 7693), unkeyed, written for the tree: one compression per 64-byte block, which is also the
//! unit the Airbender delegation proves, so node hashes (two 32-byte children) cost exactly one compression.

const IV: [u32; 8] = [
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
];

#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
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

#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
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

/// The compression function F: mixes one 16-word block into the chaining value `h`.
/// `t` is the byte counter after this block, `last` marks the final block.
#[cfg(not(all(target_arch = "riscv32", feature = "delegation")))]
pub fn compress(h: &mut [u32; 8], block: &Block, t: u64, last: bool) {
    let m = &block.0;
    let mut v = [0u32; 16];
    v[..8].copy_from_slice(h);
    v[8..].copy_from_slice(&IV);
    v[12] ^= t as u32;
    v[13] ^= (t >> 32) as u32;
    if last {
        v[14] = !v[14];
    }
    for s in SIGMA.iter() {
        g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for i in 0..8 {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

#[cfg(all(target_arch = "riscv32", feature = "delegation"))]
pub use crate::delegation::compress;

/// The parameter-block word XORed into `h[0]`: digest length 32, no key, fanout 1, depth 1.
const PARAMS: u32 = 0x0101_0020;

/// A 16-word message block, aligned as the delegation wants its input (so it is handed over in place).
#[repr(C, align(64))]
pub struct Block(pub [u32; 16]);

/// Loads 64 message bytes as 16 little-endian words: whole-word loads when `bytes` is 4-aligned (heap code,
/// most buffers), byte loads otherwise (RV32 traps on misaligned word loads, and the program must not).
#[inline(always)]
fn load(m: &mut [u32; 16], bytes: &[u8]) {
    // SAFETY: any 4 bytes are a valid u32; `align_to` only reinterprets the aligned middle part.
    let (head, words, _) = unsafe { bytes.align_to::<u32>() };
    if head.is_empty() && words.len() >= 16 {
        for (word, w) in m.iter_mut().zip(words) {
            *word = u32::from_le(*w);
        }
        return;
    }
    for (word, b) in m.iter_mut().zip(bytes.chunks_exact(4)) {
        *word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    }
}

/// Loads 32 bytes into 8 words (see [`load`]).
#[inline(always)]
fn load_half(m: &mut [u32], bytes: &[u8; 32]) {
    // SAFETY: as in `load`.
    let (head, words, _) = unsafe { bytes.align_to::<u32>() };
    if head.is_empty() && words.len() == 8 {
        for (word, w) in m.iter_mut().zip(words) {
            *word = u32::from_le(*w);
        }
        return;
    }
    for (word, b) in m.iter_mut().zip(bytes.chunks_exact(4)) {
        *word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    }
}

/// The digest bytes of a final chaining value.
#[inline(always)]
fn digest(h: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// Blake2s-256 of `data`.
pub fn blake2s(data: &[u8]) -> [u8; 32] {
    let mut h = IV;
    h[0] ^= PARAMS;
    let mut t = 0u64;
    let blocks = if data.is_empty() { 1 } else { data.len().div_ceil(64) };
    // One block buffer for the whole message (not zeroed per block: full blocks overwrite every word).
    let mut block = Block([0u32; 16]);
    for i in 0..blocks {
        let chunk = &data[(i * 64).min(data.len())..((i + 1) * 64).min(data.len())];
        if chunk.len() == 64 {
            load(&mut block.0, chunk);
        } else {
            // Only the last, partial block is copied to be zero-padded.
            let mut padded = [0u8; 64];
            padded[..chunk.len()].copy_from_slice(chunk);
            load(&mut block.0, &padded);
        }
        t += chunk.len() as u64;
        compress(&mut h, &block, t, i + 1 == blocks);
    }
    digest(&h)
}

/// Blake2s-256 of `left ‖ right` (64 bytes, one compression): a tree node, hashed without first copying the
/// halves into one buffer. Equal to `blake2s` of the concatenation.
pub fn blake2s_pair(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = IV;
    h[0] ^= PARAMS;
    let mut block = Block([0u32; 16]);
    let (low, high) = block.0.split_at_mut(8);
    load_half(low, left);
    load_half(high, right);
    compress(&mut h, &block, 64, true);
    digest(&h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> alloc::string::String {
        primitives::encode_hex(bytes)
    }

    #[test]
    fn rfc7693_vectors() {
        assert_eq!(hex(&blake2s(b"abc")), "0x508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
        assert_eq!(hex(&blake2s(b"")), "0x69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9");
        // Two blocks exactly.
        let data = [0x61u8; 128];
        assert_eq!(blake2s(&data).len(), 32);
        assert_ne!(blake2s(&data[..64]), blake2s(&data));
    }

    #[test]
    fn pair_equals_the_concatenation() {
        let (left, right) = ([0x5au8; 32], core::array::from_fn::<u8, 32, _>(|i| i as u8));
        let mut both = [0u8; 64];
        both[..32].copy_from_slice(&left);
        both[32..].copy_from_slice(&right);
        assert_eq!(blake2s_pair(&left, &right), blake2s(&both));
        // A partial last block is padded with zeros: 63 bytes and the same 63 plus a zero byte differ only in
        // the length counter.
        let mut zero_end = both;
        zero_end[63] = 0;
        assert_ne!(blake2s(&both[..63]), blake2s(&zero_end));
    }
}
