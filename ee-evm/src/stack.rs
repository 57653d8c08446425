//! The EVM operand stack.
//!
//! Depth limits are checked once per instruction by the dispatcher, from the opcode table, so the accessors
//! here need no checks of their own. They are still safe: the 1,024 slots are a fixed array and every index
//! is masked into it, so no access can panic or leave the array, and the compiler drops the bounds checks.
//! Should an instruction body ever break the dispatcher's guarantee (a bug, never input), it would read or
//! overwrite the wrong slot, and the depth, wrapped below zero, fails the next instruction's check.
//!
//! The array is 32 KiB, and clearing a fresh one costs about as much as a short call's whole execution, so
//! with `std` (the x86 forward instance) finished frames give their arrays to a per-thread pool and new
//! frames take them back uncleared. Stale words above the depth are never read: reads stay below it.

use alloc::boxed::Box;
use core::alloc::Layout;
use core::mem::ManuallyDrop;
use primitives::U256;

/// Maximum stack depth.
pub const STACK_LIMIT: usize = 1024;

/// Index mask: `STACK_LIMIT` is a power of two.
const MASK: usize = STACK_LIMIT - 1;
const _: () = assert!(STACK_LIMIT.is_power_of_two());

/// A stack of 256-bit words, top at index `len - 1`.
#[derive(Debug)]
pub struct Stack {
    /// Only `Drop` takes it out (to the pool); `ManuallyDrop` lets it do so without a placeholder.
    data: ManuallyDrop<Box<Slots>>,
    len: usize,
}

type Slots = [U256; STACK_LIMIT];

fn new_slots() -> Box<Slots> {
    #[cfg(feature = "std")]
    if let Some(slots) = pool::take() {
        return slots;
    }
    // Zeroed memory straight from the allocator: the array never passes through the (small, on the prover)
    // call stack, and an allocator that hands out fresh zero memory (calloc on new pages, the prover's
    // bump allocator over zero-initialised RAM) need not clear 32 KiB at all.
    let layout = Layout::new::<Slots>();
    // SAFETY: `layout` is `Slots`' (non-zero-sized) layout; the memory is zeroed, and all-zero bytes are a
    // valid `Slots` (1,024 words of value 0); a null pointer is handed to `handle_alloc_error`, so the
    // `Box` owns a live allocation of the right layout, which it frees with the same layout.
    unsafe {
        let ptr = alloc::alloc::alloc_zeroed(layout).cast::<Slots>();
        if ptr.is_null() {
            alloc::alloc::handle_alloc_error(layout);
        }
        Box::from_raw(ptr)
    }
}

impl Default for Stack {
    fn default() -> Self {
        Stack { data: ManuallyDrop::new(new_slots()), len: 0 }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // SAFETY: `data` is taken exactly once, here, and `self` is not used afterwards.
        let slots = unsafe { ManuallyDrop::take(&mut self.data) };
        #[cfg(feature = "std")]
        pool::give(slots);
        #[cfg(not(feature = "std"))]
        drop(slots);
    }
}

/// Spare stack arrays of this thread.
#[cfg(feature = "std")]
mod pool {
    use super::Slots;
    use alloc::boxed::Box;
    use alloc::vec::Vec;
    use core::cell::RefCell;

    /// Enough for the deepest call chains seen in practice; more are simply freed.
    const KEEP: usize = 64;

    std::thread_local! {
        static SPARE: RefCell<Vec<Box<Slots>>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn take() -> Option<Box<Slots>> {
        SPARE.try_with(|spare| spare.borrow_mut().pop()).ok().flatten()
    }

    pub(super) fn give(slots: Box<Slots>) {
        // During thread teardown the pool may be gone: then the array is simply dropped.
        let _ = SPARE.try_with(move |spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < KEEP {
                spare.push(slots);
            }
        });
    }
}

impl Stack {
    /// Number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Sets the depth (the hot loop hands back the depth it kept in a register).
    #[inline(always)]
    pub(crate) fn set_len(&mut self, len: usize) {
        self.len = len;
    }

    /// The stack's operations, on its own depth.
    #[inline(always)]
    pub fn view(&mut self) -> StackView<'_> {
        StackView { slots: &mut self.data, len: &mut self.len }
    }

    /// The stack's operations over a depth kept elsewhere (by the hot loop, in a local variable the compiler
    /// holds in a register instead of in this struct, which every instruction would store and reload).
    #[inline(always)]
    pub(crate) fn view_with<'a>(&'a mut self, len: &'a mut usize) -> StackView<'a> {
        StackView { slots: &mut self.data, len }
    }

    /// Removes the top item.
    #[inline(always)]
    pub fn pop(&mut self) -> U256 {
        self.view().pop()
    }

    /// Pushes an item.
    #[inline(always)]
    pub fn push(&mut self, value: U256) {
        self.view().push(value)
    }

    /// The top item, mutable.
    #[inline(always)]
    pub fn top(&mut self) -> &mut U256 {
        &mut self.data[self.len.wrapping_sub(1) & MASK]
    }

    /// See [`StackView::peek_ref`].
    #[inline(always)]
    pub fn peek_ref(&self, n: usize) -> &U256 {
        &self.data[self.len.wrapping_sub(1 + n) & MASK]
    }

    /// Removes the top `n` items (the instruction read them in place with [`Self::peek_ref`]).
    #[inline(always)]
    pub fn drop_top(&mut self, n: usize) {
        self.len = self.len.wrapping_sub(n);
    }

    /// The item `n` below the top (0 is the top).
    #[inline(always)]
    pub fn peek(&self, n: usize) -> U256 {
        *self.peek_ref(n)
    }

    /// The items, bottom first (for traces).
    pub fn as_slice(&self) -> &[U256] {
        &self.data[..self.len.min(STACK_LIMIT)]
    }
}

/// The stack's slots and its depth, borrowed separately: the operations every stack-only instruction is
/// written against, whether the depth lives in the [`Stack`] or in the hot loop's register.
pub struct StackView<'a> {
    slots: &'a mut Slots,
    len: &'a mut usize,
}

impl StackView<'_> {
    /// Number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        *self.len
    }

    /// True when empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        *self.len == 0
    }

    /// Removes the top item.
    #[inline(always)]
    pub fn pop(&mut self) -> U256 {
        *self.len = self.len.wrapping_sub(1);
        self.slots[*self.len & MASK]
    }

    /// Pushes an item.
    #[inline(always)]
    pub fn push(&mut self, value: U256) {
        self.slots[*self.len & MASK] = value;
        *self.len = self.len.wrapping_add(1);
    }

    /// The top item, mutable.
    #[inline(always)]
    pub fn top(&mut self) -> &mut U256 {
        &mut self.slots[self.len.wrapping_sub(1) & MASK]
    }

    /// The item `n` below the top, by reference: reading a few limbs through it loads just those limbs.
    /// (Copying a word out with `peek` and taking its address makes the compiler move it in 16-byte halves,
    /// which cannot be forwarded from the 8-byte stores an arithmetic result was written with, and stalls.)
    #[inline(always)]
    pub fn peek_ref(&self, n: usize) -> &U256 {
        &self.slots[self.len.wrapping_sub(1 + n) & MASK]
    }

    /// The item `n` below the top (0 is the top).
    #[inline(always)]
    pub fn peek(&self, n: usize) -> U256 {
        *self.peek_ref(n)
    }

    /// Removes the top `n` items (the instruction read them in place with [`Self::peek_ref`]).
    #[inline(always)]
    pub fn drop_top(&mut self, n: usize) {
        *self.len = self.len.wrapping_sub(n);
    }

    /// Duplicates the item `n` below the top (DUP1 is `n = 0`).
    #[inline(always)]
    pub fn dup(&mut self, n: usize) {
        let value = *self.peek_ref(n);
        self.push(value);
    }

    /// Swaps the top with the item `n` below it (SWAP1 is `n = 1`).
    #[inline(always)]
    pub fn swap(&mut self, n: usize) {
        let top = self.len.wrapping_sub(1) & MASK;
        let other = self.len.wrapping_sub(1 + n) & MASK;
        // Both words through registers (`<[T]>::swap` went through a spill slot on the native stack).
        let (a, b) = (self.slots[top], self.slots[other]);
        self.slots[top] = b;
        self.slots[other] = a;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_pop_dup_swap() {
        let mut s = Stack::default();
        for i in 1..=3u8 {
            s.push(U256::from(i));
        }
        s.view().dup(2); // copies 1
        assert_eq!(s.as_slice(), &[U256::from(1u8), U256::from(2u8), U256::from(3u8), U256::from(1u8)]);
        s.view().swap(3);
        assert_eq!(s.peek(0), U256::from(1u8));
        assert_eq!(s.peek(3), U256::from(1u8));
        *s.top() = U256::from(9u8);
        assert_eq!(s.pop(), U256::from(9u8));
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn a_full_stack_holds_every_item() {
        let mut s = Stack::default();
        for i in 0..STACK_LIMIT {
            s.push(U256::from(i));
        }
        assert_eq!(s.len(), STACK_LIMIT);
        assert_eq!(s.peek(STACK_LIMIT - 1), U256::ZERO);
        assert_eq!(s.pop(), U256::from(STACK_LIMIT - 1));
    }
}
