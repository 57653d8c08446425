//! The EVM operand stack. Depth limits are checked once per instruction from the opcode table, so the
//! accessors here only guard against bugs, never against input.

use alloc::vec::Vec;
use primitives::U256;

/// Maximum stack depth.
pub const STACK_LIMIT: usize = 1024;

/// A stack of 256-bit words, top at the end.
#[derive(Debug)]
pub struct Stack {
    data: Vec<U256>,
}

impl Default for Stack {
    fn default() -> Self {
        Stack { data: Vec::with_capacity(STACK_LIMIT) }
    }
}

impl Stack {
    /// Number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Removes the top item (zero if empty; the dispatcher's depth check makes that unreachable).
    #[inline(always)]
    pub fn pop(&mut self) -> U256 {
        self.data.pop().unwrap_or_default()
    }

    /// Pushes an item (capacity is reserved, and the dispatcher checked the limit).
    #[inline(always)]
    pub fn push(&mut self, value: U256) {
        self.data.push(value);
    }

    /// The top item, mutable.
    #[inline(always)]
    pub fn top(&mut self) -> &mut U256 {
        if self.data.is_empty() {
            self.data.push(U256::ZERO);
        }
        let last = self.data.len() - 1;
        &mut self.data[last]
    }

    /// The item `n` below the top (0 is the top).
    #[inline(always)]
    pub fn peek(&self, n: usize) -> U256 {
        let len = self.data.len();
        if n < len {
            self.data[len - 1 - n]
        } else {
            U256::ZERO
        }
    }

    /// Duplicates the item `n` below the top (DUP1 is `n = 0`).
    #[inline(always)]
    pub fn dup(&mut self, n: usize) {
        let value = self.peek(n);
        self.data.push(value);
    }

    /// Swaps the top with the item `n` below it (SWAP1 is `n = 1`).
    #[inline(always)]
    pub fn swap(&mut self, n: usize) {
        let len = self.data.len();
        if n < len {
            self.data.swap(len - 1, len - 1 - n);
        }
    }

    /// The items, bottom first (for traces).
    pub fn as_slice(&self) -> &[U256] {
        &self.data
    }
}
