//! Code analysis: the JUMPDEST bitmap over code padded with zeros, so PUSH immediates at the end of the code
//! read zeros and the interpreter runs off the end into STOP without bounds checks of its own.

use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;

use primitives::U256;

use crate::opcodes::{JUMPDEST, PUSH1, PUSH32};

/// Padded code plus its valid jump destinations.
#[derive(Debug)]
pub struct AnalyzedCode {
    /// The code followed by 33 zero bytes (shared with the interpreters running it).
    pub padded: Rc<[u8]>,
    /// Length of the real code.
    pub len: usize,
    jumpdests: Vec<u64>,
}

impl AnalyzedCode {
    /// Analyzes `code`.
    pub fn new(code: &[u8]) -> Self {
        let mut padded = Vec::with_capacity(code.len() + 33);
        padded.extend_from_slice(code);
        padded.resize(code.len() + 33, 0);
        let mut jumpdests = vec![0u64; code.len().div_ceil(64)];
        let mut pc = 0;
        while pc < code.len() {
            let op = code[pc];
            if op == JUMPDEST {
                jumpdests[pc / 64] |= 1 << (pc % 64);
            } else if (PUSH1..=PUSH32).contains(&op) {
                pc += (op - PUSH1 + 1) as usize;
            }
            pc += 1;
        }
        AnalyzedCode { padded: padded.into(), len: code.len(), jumpdests }
    }

    /// Whether `pc` is a JUMPDEST outside PUSH data.
    #[inline]
    pub fn is_jumpdest(&self, pc: usize) -> bool {
        pc < self.len && self.jumpdests[pc / 64] & (1 << (pc % 64)) != 0
    }

    /// Where a JUMP or JUMPI to `target` lands, or `None` when `target` is no valid JUMPDEST.
    #[inline(always)]
    pub fn jump_destination(&self, target: &U256) -> Option<usize> {
        let dest = primitives::u256_to_usize_saturating(target);
        self.is_jumpdest(dest).then_some(dest)
    }

    /// The original code.
    pub fn code(&self) -> &[u8] {
        &self.padded[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_data_is_not_a_jumpdest() {
        // PUSH1 0x5b JUMPDEST
        let code = AnalyzedCode::new(&[0x60, 0x5b, 0x5b]);
        assert!(!code.is_jumpdest(1));
        assert!(code.is_jumpdest(2));
        assert!(!code.is_jumpdest(3));
        assert_eq!(code.padded.len(), 36);
    }
}
