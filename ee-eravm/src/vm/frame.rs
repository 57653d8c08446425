//! The machine's state types: tagged register values, the flags, call-stack frames, and the page numbers,
//! memory stipends and system addresses the frames are built with.

use alloc::rc::Rc;
use alloc::vec::Vec;

use primitives::{Address, U256};
use system_api::Checkpoint;

/// A register or stack value: a u256 with a pointer tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Value {
    /// The 256 bits.
    pub value: U256,
    /// Whether it is a fat pointer.
    pub is_pointer: bool,
}

impl Value {
    /// An untagged value.
    pub const fn num(value: U256) -> Self {
        Value { value, is_pointer: false }
    }
}

/// The three flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// Overflow or less-than.
    pub lt_of: bool,
    /// Equal (result zero).
    pub eq: bool,
    /// Greater-than.
    pub gt: bool,
}

/// The first page numbers, as in zk_evm.
pub const BOOTLOADER_BASE_PAGE: u32 = 8;
/// Calldata page of the root frame.
pub const BOOTLOADER_CALLDATA_PAGE: u32 = 7;
/// First base page handed out to far calls.
pub const STARTING_BASE_PAGE: u32 = 2048;
/// Static memory page (kernel only).
pub const STATIC_MEMORY_PAGE: u32 = 1;
/// Memory a new user frame gets for free.
pub const NEW_FRAME_MEMORY_STIPEND: u32 = 1 << 12;
/// The heap stipend of a frame whose stored code hash is an EVM blob hash (version byte 2).
pub const NEW_EVM_FRAME_MEMORY_STIPEND: u32 = 56 << 10;
/// Memory a new kernel frame gets for free.
pub const NEW_KERNEL_FRAME_MEMORY_STIPEND: u32 = 1 << 21;
/// Largest offset a heap access may start at.
pub const MAX_OFFSET_TO_DEREF: u32 = ((1u64 << 32) - 33) as u32;
/// Deepest call stack.
pub const MAX_STACK_DEPTH: usize = (u32::MAX / 20 + 80) as usize;
/// AccountCodeStorage system contract (code hashes by address).
pub const ACCOUNT_CODE_STORAGE: u16 = 0x8002;
/// MsgValueSimulator (gets extra ergs on system calls).
pub const MSG_VALUE_SIMULATOR: u16 = 0x8009;
/// Extra ergs the caller pays to the MsgValueSimulator on a system call.
pub const MSG_VALUE_SIMULATOR_ADDITIVE_COST: u32 = 14500 + 4 * 100_000 / 32;

/// One frame of the call stack (near frames copy their far frame's context).
#[derive(Clone, Debug)]
pub struct Frame {
    /// Context address (storage, `this`).
    pub this: Address,
    /// `msg.sender`.
    pub caller: Address,
    /// Whose code runs.
    pub code_address: Address,
    /// Base of the frame's pages: code base+0, stack +1, heap +2, aux heap +3.
    pub base_page: u32,
    /// The code (32-byte words).
    pub code: Rc<[U256]>,
    /// Stack pointer.
    pub sp: u16,
    /// Program counter (instruction index).
    pub pc: u16,
    /// Where a revert or panic of this frame continues in the parent.
    pub exception_handler: u16,
    /// Ergs left.
    pub ergs: u32,
    /// Static context.
    pub is_static: bool,
    /// Near-call frame.
    pub is_local: bool,
    /// The value passed in the context register (msg.value in the system ABI).
    pub context_u128: u128,
    /// Heap bytes paid for.
    pub heap_bound: u32,
    /// Aux heap bytes paid for.
    pub aux_heap_bound: u32,
    /// Ergs given by the system on call, taken back on return.
    pub stipend: u32,
    /// State checkpoint at frame start (rolled back on revert/panic).
    pub checkpoint: Checkpoint,
    /// Pubdata this frame and its finished children spent ([`crate::pubdata`]).
    pub pubdata_spent: i32,
}

impl Frame {
    pub(super) fn is_kernel(&self) -> bool {
        is_kernel(&self.this)
    }
}

/// The call stack: never empty, so the current frame is a plain field and no access can fail. Its bottom
/// is the formal outer frame, which is never popped; execution has ended when only it is left.
#[derive(Clone, Debug)]
pub struct CallStack {
    below: Vec<Frame>,
    top: Frame,
}

impl CallStack {
    /// The formal outer frame with the root frame on it.
    pub fn new(formal: Frame, root: Frame) -> Self {
        CallStack { below: alloc::vec![formal], top: root }
    }

    /// The current frame.
    pub fn top(&self) -> &Frame {
        &self.top
    }

    /// The current frame, mutable.
    pub fn top_mut(&mut self) -> &mut Frame {
        &mut self.top
    }

    /// Enters `frame`.
    pub fn push(&mut self, frame: Frame) {
        let caller = core::mem::replace(&mut self.top, frame);
        self.below.push(caller);
    }

    /// Leaves the current frame and returns it; `None` (and nothing changes) when only the formal outer
    /// frame is left.
    pub fn pop(&mut self) -> Option<Frame> {
        let caller = self.below.pop()?;
        Some(core::mem::replace(&mut self.top, caller))
    }

    /// Number of frames, the formal outer one included.
    pub fn len(&self) -> usize {
        self.below.len() + 1
    }

    /// Always false: there is at least the formal outer frame.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The frames holding ergs: all but the formal outer frame, or that frame alone once the root returned.
    pub fn live(&self) -> impl Iterator<Item = &Frame> {
        let skip_formal = usize::from(!self.below.is_empty());
        self.below.iter().chain(core::iter::once(&self.top)).skip(skip_formal)
    }
}

/// Whether an address is in kernel space (below 2^16).
pub fn is_kernel(address: &Address) -> bool {
    address.0[..18].iter().all(|b| *b == 0)
}

pub(crate) fn address_low(address: &Address) -> u16 {
    u16::from_be_bytes([address.0[18], address.0[19]])
}
