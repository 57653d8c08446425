//! EVM memory: a byte array that grows in 32-byte words, with the quadratic expansion cost.

use alloc::vec::Vec;
use primitives::U256;

/// Offsets at or above this are treated as unpayable: their expansion cost alone exceeds any gas limit.
const MAX_ADDRESSABLE: u64 = 1 << 32;

/// Linear memory of a frame.
#[derive(Debug, Default)]
pub struct Memory {
    data: Vec<u8>,
}

/// Gas for `words` words of memory: 3 per word plus words²/512.
#[inline]
pub const fn memory_cost(words: u64) -> u64 {
    3 * words + words * words / 512
}

impl Memory {
    /// Size in bytes (always a multiple of 32).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when no memory was touched.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The gas needed to make `[offset, offset + len)` addressable, or `None` when it is unpayable.
    /// A zero-length range never expands.
    #[inline]
    pub fn expansion_cost(&self, offset: usize, len: usize) -> Option<u64> {
        if len == 0 {
            return Some(0);
        }
        let end = (offset as u64).checked_add(len as u64)?;
        if end > MAX_ADDRESSABLE {
            return None;
        }
        let current = self.data.len() as u64;
        if end <= current {
            return Some(0);
        }
        let new_words = end.div_ceil(32);
        Some(memory_cost(new_words) - memory_cost(current / 32))
    }

    /// Grows memory to cover `[offset, offset + len)` (call after charging `expansion_cost`).
    #[inline]
    pub fn resize_for(&mut self, offset: usize, len: usize) {
        if len == 0 {
            return;
        }
        let end = offset.saturating_add(len);
        if end > self.data.len() {
            let new_len = end.div_ceil(32) * 32;
            self.data.resize(new_len, 0);
        }
    }

    /// Bytes `[offset, offset + len)`; the range must be resized first.
    #[inline]
    pub fn slice(&self, offset: usize, len: usize) -> &[u8] {
        if len == 0 {
            return &[];
        }
        self.data.get(offset..offset + len).unwrap_or(&[])
    }

    /// Mutable bytes `[offset, offset + len)`; the range must be resized first.
    #[inline]
    pub fn slice_mut(&mut self, offset: usize, len: usize) -> &mut [u8] {
        if len == 0 {
            return &mut [];
        }
        self.data.get_mut(offset..offset + len).unwrap_or(&mut [])
    }

    /// Reads a big-endian word at `offset` (resized first).
    #[inline]
    pub fn load_word(&self, offset: usize) -> U256 {
        match self.data.get(offset..offset.wrapping_add(32)).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(bytes) => U256::from_be_bytes(bytes),
            None => U256::ZERO,
        }
    }

    /// Writes a big-endian word at `offset` (resized first).
    #[inline]
    pub fn store_word(&mut self, offset: usize, value: &U256) {
        if let Some(dst) = self.data.get_mut(offset..offset.wrapping_add(32)) {
            dst.copy_from_slice(&value.to_be_bytes::<32>());
        }
    }

    /// Copies `src` into memory at `offset`, zero-filling up to `len` (resized first).
    pub fn set_padded(&mut self, offset: usize, len: usize, src: &[u8]) {
        let dst = self.slice_mut(offset, len);
        let n = src.len().min(dst.len());
        dst[..n].copy_from_slice(&src[..n]);
        dst[n..].fill(0);
    }

    /// Copies within memory (MCOPY); both ranges must be resized first.
    pub fn copy_within(&mut self, src: usize, dst: usize, len: usize) {
        if len > 0 && src + len <= self.data.len() && dst + len <= self.data.len() {
            self.data.copy_within(src..src + len, dst);
        }
    }
}

/// `src[offset..offset+len]` zero-padded: the read rule of CALLDATALOAD/CODECOPY and friends.
pub fn padded_slice(src: &[u8], offset: &U256, len: usize, out: &mut [u8]) {
    let start = primitives::u256_to_usize_saturating(offset);
    let avail = src.get(start..).unwrap_or(&[]);
    let n = avail.len().min(len).min(out.len());
    out[..n].copy_from_slice(&avail[..n]);
    out[n..].fill(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_costs() {
        let mut m = Memory::default();
        assert_eq!(m.expansion_cost(0, 32), Some(3));
        assert_eq!(m.expansion_cost(0, 0), Some(0));
        assert_eq!(m.expansion_cost(usize::MAX, 1), None);
        m.resize_for(0, 33);
        assert_eq!(m.len(), 64);
        assert_eq!(m.expansion_cost(0, 64), Some(0));
        // 1024 words: 3072 + 2048
        assert_eq!(memory_cost(1024), 5120);
    }
}
