//! EVM memory: a byte array that grows in 32-byte words, with the quadratic expansion cost.
//!
//! The logical size (what MSIZE reports and gas is charged for) grows a word at a time in typical code;
//! the zero-filled buffer behind it grows by doubling, so most expansions only move the logical end.

use alloc::vec::Vec;
use primitives::U256;

/// Ends beyond this are treated as unpayable: their expansion cost alone (over 2^45 gas) exceeds any gas
/// limit. Kept below 2^32 so that offsets and lengths fit a `usize` on the 32-bit prover too.
pub const MAX_MEMORY: u64 = u32::MAX as u64;

/// Linear memory of a frame.
#[derive(Debug, Default)]
pub struct Memory {
    /// Zero beyond `len`: bytes are only ever written below the logical size.
    data: Vec<u8>,
    /// Logical size, a multiple of 32, at most `data.len()`.
    len: usize,
}

/// The smallest buffer allocated once memory is touched.
const MIN_BUFFER: usize = 1024;

/// Gas for `words` words of memory: 3 per word plus words²/512.
#[inline]
pub const fn memory_cost(words: u64) -> u64 {
    3 * words + words * words / 512
}

impl Memory {
    /// Size in bytes (always a multiple of 32).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// The bytes below the logical size.
    #[inline(always)]
    fn live(&self) -> &[u8] {
        self.data.get(..self.len).unwrap_or(&[])
    }

    /// The bytes below the logical size, mutable.
    #[inline(always)]
    fn live_mut(&mut self) -> &mut [u8] {
        let len = self.len;
        self.data.get_mut(..len).unwrap_or(&mut [])
    }

    /// True when no memory was touched.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The gas needed to make `[offset, offset + len)` addressable, or `None` when it is unpayable.
    /// A zero-length range never expands.
    #[inline]
    pub fn expansion_cost(&self, offset: usize, len: usize) -> Option<u64> {
        if len == 0 {
            return Some(0);
        }
        let end = (offset as u64).checked_add(len as u64)?;
        if end > MAX_MEMORY {
            return None;
        }
        let current = self.len as u64;
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
        if end > self.len {
            let new_len = end.div_ceil(32) * 32;
            if new_len > self.data.len() {
                let buffer = new_len.max(self.data.len().saturating_mul(2)).max(MIN_BUFFER);
                self.data.resize(buffer, 0);
            }
            self.len = new_len;
        }
    }

    /// Bytes `[offset, offset + len)`; the range must be resized first.
    #[inline]
    pub fn slice(&self, offset: usize, len: usize) -> &[u8] {
        if len == 0 {
            return &[];
        }
        self.live().get(offset..offset.saturating_add(len)).unwrap_or(&[])
    }

    /// Mutable bytes `[offset, offset + len)`; the range must be resized first.
    #[inline]
    pub fn slice_mut(&mut self, offset: usize, len: usize) -> &mut [u8] {
        if len == 0 {
            return &mut [];
        }
        self.live_mut().get_mut(offset..offset.saturating_add(len)).unwrap_or(&mut [])
    }

    /// Reads a big-endian word at `offset` (resized first).
    #[inline]
    pub fn load_word(&self, offset: usize) -> U256 {
        match self.live().get(offset..offset.wrapping_add(32)).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            Some(bytes) => U256::from_be_bytes(bytes),
            None => U256::ZERO,
        }
    }

    /// Writes a big-endian word at `offset` (resized first).
    #[inline]
    pub fn store_word(&mut self, offset: usize, value: &U256) {
        if let Some(dst) = self.live_mut().get_mut(offset..offset.wrapping_add(32)) {
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
        if len > 0 && src + len <= self.len && dst + len <= self.len {
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

    #[test]
    fn logical_size_grows_by_words_over_a_larger_zeroed_buffer() {
        let mut m = Memory::default();
        m.resize_for(0, 32);
        m.store_word(0, &U256::from(7u8));
        assert_eq!((m.len(), m.load_word(0)), (32, U256::from(7u8)));
        // Beyond the logical size nothing is readable, though the buffer is larger.
        assert_eq!(m.slice(32, 32), &[] as &[u8]);
        assert_eq!(m.load_word(32), U256::ZERO);
        m.resize_for(40, 1);
        assert_eq!(m.len(), 64);
        assert_eq!(m.load_word(32), U256::ZERO);
        m.resize_for(5000, 10);
        assert_eq!(m.len(), 5024);
        assert_eq!(m.expansion_cost(0, 5024), Some(0));
        assert_eq!(m.slice(5000, 24), &[0u8; 24][..]);
    }
}
