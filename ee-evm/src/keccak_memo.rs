//! A memo of the last few KECCAK256 results on short inputs, per frame.
//!
//! Solidity computes a mapping slot as `keccak256(key ‖ slot)` (64 bytes) at every access, so an ERC-20
//! transfer hashes the same two or three inputs several times. Hashing 64 bytes costs a whole Keccak-f
//! permutation (thousands of instructions, and thousands of cycles on the prover); comparing 64 bytes
//! costs a few. Gas is charged exactly as before: only the work behind a repeated result is saved.

use primitives::B256;

/// Inputs longer than this are never memoized (they are rarely repeated and costly to compare).
pub const MAX_INPUT: usize = 64;
/// Entries kept; the oldest is replaced.
const ENTRIES: usize = 4;

/// One remembered hash.
#[derive(Clone, Copy, Debug)]
struct Entry {
    len: u8,
    input: [u8; MAX_INPUT],
    digest: B256,
}

/// The memo: a tiny ring of recent (input, digest) pairs.
#[derive(Debug, Default)]
pub struct KeccakMemo {
    entries: [Option<Entry>; ENTRIES],
    next: usize,
}

impl KeccakMemo {
    /// keccak-256 of `data`, from the memo when `data` was hashed recently in this frame.
    pub fn hash(&mut self, data: &[u8]) -> B256 {
        if data.len() > MAX_INPUT {
            return primitives::keccak256(data);
        }
        for entry in self.entries.iter().flatten() {
            if entry.len as usize == data.len() && &entry.input[..data.len()] == data {
                return entry.digest;
            }
        }
        let digest = primitives::keccak256(data);
        let mut input = [0u8; MAX_INPUT];
        input[..data.len()].copy_from_slice(data);
        self.entries[self.next] = Some(Entry { len: data.len() as u8, input, digest });
        self.next = (self.next + 1) % ENTRIES;
        digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_recent_inputs_and_hashes_others() {
        let mut memo = KeccakMemo::default();
        let inputs: [&[u8]; 6] = [b"", b"a", &[7u8; 64], &[7u8; 63], &[1u8; 65], b"b"];
        for _ in 0..2 {
            for input in inputs {
                assert_eq!(memo.hash(input), primitives::keccak256(input));
            }
        }
        // Same bytes, different length: different entries.
        assert_ne!(memo.hash(&[0u8; 1]), memo.hash(&[0u8; 2]));
    }
}
