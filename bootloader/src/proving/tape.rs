//! The non-determinism tape: the oracle's answers as a stream of u32 words, in the order the state transition
//! asks for them. Forward mode writes it ([`TapeWriter`]); proving mode reads it ([`TapeSource`]) from a slice
//! or, on RISC-V, word by word from CSR 0x7c0. 64-bit values travel low half first; byte strings as a length
//! word followed by the bytes packed little-endian into words.

use alloc::vec::Vec;
use core::fmt;

use primitives::{Address, B256, U256};
use tree::{Leaf, LeafProof, ReadProof, DEPTH};

/// The tape ended early or held something malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeError {
    /// No more words.
    Exhausted,
    /// A field that cannot be what it claims (bad tag, absurd length).
    Malformed(&'static str),
}

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exhausted => f.write_str("tape exhausted"),
            Self::Malformed(what) => write!(f, "malformed tape: {what}"),
        }
    }
}

/// Where proving mode reads words from.
pub trait TapeSource {
    /// The next word.
    fn read_word(&mut self) -> Result<u32, TapeError>;

    /// Reports a phase boundary to the host (a cycle marker on RISC-V); nothing elsewhere.
    fn marker(&mut self, _value: u32) {}

    /// The next 64-bit value (low word first).
    fn read_u64(&mut self) -> Result<u64, TapeError> {
        let low = self.read_word()? as u64;
        let high = self.read_word()? as u64;
        Ok(low | high << 32)
    }

    /// Eight words as 32 bytes.
    fn read_b256(&mut self) -> Result<B256, TapeError> {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(4) {
            chunk.copy_from_slice(&self.read_word()?.to_le_bytes());
        }
        Ok(B256(out))
    }

    /// A 256-bit number (its 32 big-endian bytes as eight words).
    fn read_u256(&mut self) -> Result<U256, TapeError> {
        Ok(self.read_b256()?.to_word())
    }

    /// An address (32 bytes, left-padded with zeros, which are checked so the encoding is not malleable).
    fn read_address(&mut self) -> Result<Address, TapeError> {
        let word = self.read_b256()?;
        if word.0[..12].iter().any(|b| *b != 0) {
            return Err(TapeError::Malformed("address padding"));
        }
        Ok(Address::from_word(&word.to_word()))
    }

    /// A length-prefixed byte string of at most `max` bytes.
    fn read_bytes(&mut self, max: usize) -> Result<Vec<u8>, TapeError> {
        let len = self.read_word()? as usize;
        if len > max {
            return Err(TapeError::Malformed("byte string too long"));
        }
        let mut out = Vec::with_capacity(len);
        for _ in 0..len.div_ceil(4) {
            out.extend_from_slice(&self.read_word()?.to_le_bytes());
        }
        if out[len..].iter().any(|b| *b != 0) {
            return Err(TapeError::Malformed("byte string padding"));
        }
        out.truncate(len);
        Ok(out)
    }

    /// A leaf proof.
    fn read_leaf_proof(&mut self) -> Result<LeafProof, TapeError> {
        let index = self.read_u64()?;
        let leaf = Leaf { key: self.read_b256()?, value: self.read_b256()?, next: self.read_u64()? };
        let count = self.read_word()? as usize;
        if count > DEPTH {
            return Err(TapeError::Malformed("sibling count"));
        }
        let mut siblings = Vec::with_capacity(count);
        for _ in 0..count {
            siblings.push(self.read_b256()?);
        }
        Ok(LeafProof { index, leaf, siblings })
    }

    /// A read proof (tag 0 present, 1 absent).
    fn read_read_proof(&mut self) -> Result<ReadProof, TapeError> {
        match self.read_word()? {
            0 => Ok(ReadProof::Present(self.read_leaf_proof()?)),
            1 => Ok(ReadProof::Absent { previous: self.read_leaf_proof()?, next: self.read_leaf_proof()? }),
            _ => Err(TapeError::Malformed("read proof tag")),
        }
    }
}

/// A tape held in memory.
pub struct SliceTape<'a> {
    words: &'a [u32],
    position: usize,
}

impl<'a> SliceTape<'a> {
    /// Reads `words` from the start.
    pub fn new(words: &'a [u32]) -> Self {
        SliceTape { words, position: 0 }
    }
}

/// A tape lent to one block of a batch: the blocks read it one after the other.
impl<T: TapeSource> TapeSource for &mut T {
    fn read_word(&mut self) -> Result<u32, TapeError> {
        (**self).read_word()
    }
    fn marker(&mut self, value: u32) {
        (**self).marker(value)
    }
}

impl TapeSource for SliceTape<'_> {
    fn read_word(&mut self) -> Result<u32, TapeError> {
        let word = self.words.get(self.position).copied().ok_or(TapeError::Exhausted)?;
        self.position += 1;
        Ok(word)
    }
}

/// Builds a tape.
#[derive(Clone, Debug, Default)]
pub struct TapeWriter {
    /// The words so far.
    pub words: Vec<u32>,
}

impl TapeWriter {
    /// Appends a word.
    pub fn word(&mut self, w: u32) {
        self.words.push(w);
    }

    /// Appends a 64-bit value, low word first.
    pub fn u64(&mut self, v: u64) {
        self.word(v as u32);
        self.word((v >> 32) as u32);
    }

    /// Appends 32 bytes.
    pub fn b256(&mut self, v: &B256) {
        for chunk in v.0.chunks(4) {
            self.word(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
    }

    /// Appends a 256-bit number.
    pub fn u256(&mut self, v: &U256) {
        self.b256(&B256::from_word(v));
    }

    /// Appends an address.
    pub fn address(&mut self, a: &Address) {
        self.u256(&a.to_word());
    }

    /// Appends a length-prefixed byte string.
    pub fn bytes(&mut self, b: &[u8]) {
        self.word(b.len() as u32);
        for chunk in b.chunks(4) {
            let mut w = [0u8; 4];
            w[..chunk.len()].copy_from_slice(chunk);
            self.word(u32::from_le_bytes(w));
        }
    }

    /// Appends a leaf proof.
    pub fn leaf_proof(&mut self, p: &LeafProof) {
        self.u64(p.index);
        self.b256(&p.leaf.key);
        self.b256(&p.leaf.value);
        self.u64(p.leaf.next);
        self.word(p.siblings.len() as u32);
        for s in &p.siblings {
            self.b256(s);
        }
    }

    /// Appends a read proof.
    pub fn read_proof(&mut self, p: &ReadProof) {
        match p {
            ReadProof::Present(leaf) => {
                self.word(0);
                self.leaf_proof(leaf);
            }
            ReadProof::Absent { previous, next } => {
                self.word(1);
                self.leaf_proof(previous);
                self.leaf_proof(next);
            }
        }
    }
}
