//! The EraVM interpreter: registers, flags, the call stack of near and far frames, memory pages, and one
//! `cycle` per instruction with the reference's (zk_evm 0.153) semantics and ergs costs.
//!
//! The machine can run far calls itself ([`FarCallMode::Internal`]: the callee's code is found through the
//! AccountCodeStorage slot and [`Host::decommit`], as in zk_evm; used by the tests) or hand them out
//! ([`FarCallMode::Yield`]: `run` returns [`Stop::FarCall`] and the zkos EE turns it into a resumable
//! `ExecutionRequest::Call`).
//!
//! Layout: the state types and constants (values, flags, frames) in `frame.rs`; the embedder interface
//! ([`Host`], [`Stop`], `run`) in `host.rs`; pages, fat pointers, the stack and heap opcodes in `memory.rs`;
//! decoding, operand resolution and the opcode dispatch in `dispatch.rs`; `context.*` and `log.*` in
//! `context.rs`; far calls and returns in [`crate::calls`].

mod context;
mod dispatch;
mod frame;
mod host;
mod memory;

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::vec::Vec;

use primitives::{Address, U256};

use crate::opcodes::RetKind;

pub(crate) use dispatch::Exec;
pub(crate) use frame::address_low;
pub use frame::{
    is_kernel, CallStack, Flags, Frame, Value, ACCOUNT_CODE_STORAGE, BOOTLOADER_BASE_PAGE, BOOTLOADER_CALLDATA_PAGE,
    MAX_OFFSET_TO_DEREF, MAX_STACK_DEPTH, MSG_VALUE_SIMULATOR, MSG_VALUE_SIMULATOR_ADDITIVE_COST,
    NEW_EVM_FRAME_MEMORY_STIPEND, NEW_FRAME_MEMORY_STIPEND, NEW_KERNEL_FRAME_MEMORY_STIPEND, STARTING_BASE_PAGE,
    STATIC_MEMORY_PAGE,
};
pub use host::{FarCall, FarCallMode, Host, Stop};
pub use memory::{FatPointer, Page};

/// The machine.
pub struct Vm {
    /// r1..r15 (r0 is always zero).
    pub registers: [Value; 15],
    /// Flags.
    pub flags: Flags,
    /// The call stack; `frames[0]` is the formal outer frame, so execution has ended when only it is left.
    pub frames: CallStack,
    /// Heap, aux heap, calldata and returndata pages.
    pub pages: BTreeMap<u32, Page>,
    /// Stack pages (tagged words).
    pub stacks: BTreeMap<u32, Vec<Value>>,
    /// The context register that the next far call passes.
    pub context_u128: u128,
    /// Next base page.
    pub page_counter: u32,
    /// A shorthand panic is due next cycle.
    pub pending_exception: bool,
    /// Cycles run.
    pub cycles: u64,
    /// Transaction number (kernel `IncrementTxNumber`).
    pub tx_number: u16,
    /// How far calls are served.
    pub far_call_mode: FarCallMode,
    /// Whether `event` is allowed outside kernel mode. zk_evm reserves it to the kernel (user code emits
    /// events through the EventWriter system contract); zkos has no system contracts, so the EE allows it.
    pub user_events: bool,
    /// Code already decommitted (fresh decommitments cost ergs), with the page it was decommitted into
    /// (a later `log.decommit` of the same code points at that page, as zk_evm's decommitter does).
    pub decommitted: BTreeMap<[u8; 28], u32>,
    /// Code hash given to non-kernel addresses without code (the default account).
    pub default_aa_code_hash: [u8; 32],
    /// Code hash of the EVM emulator (blob-hash contracts).
    pub evm_emulator_code_hash: [u8; 32],
    /// How the root frame ended.
    pub last_ret: Option<RetKind>,
    /// The root frame's return data pointer.
    pub root_returndata: FatPointer,
    /// Pubdata spent by all live frames (zk_evm's pubdata revert counter; [`crate::pubdata`]).
    pub pubdata_revert_counter: i32,
    pub(crate) dst1_written: bool,
    pub(crate) pending_far_call: Option<FarCall>,
    /// The frame exit that handed out the far call: exception handler and new base page.
    pub(crate) pending_far_call_info: Option<(u16, u32)>,
}

/// Code words as bytes (a decommitted page's contents).
pub(crate) fn code_bytes(code: &[U256]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(code.len() * 32);
    for w in code {
        bytes.extend_from_slice(&w.to_be_bytes::<32>());
    }
    bytes
}

pub(crate) fn addr_to_u256(a: &Address) -> U256 {
    a.to_word()
}

pub(crate) fn u256_to_address(v: &U256) -> Address {
    Address::from_word(v)
}

fn low_u16(v: &U256) -> u16 {
    v.as_limbs()[0] as u16
}

pub(crate) fn low_u32(v: &U256) -> u32 {
    v.as_limbs()[0] as u32
}

fn shl(v: U256, s: usize) -> U256 {
    if s >= 256 {
        U256::ZERO
    } else {
        v << s
    }
}

fn shr(v: U256, s: usize) -> U256 {
    if s >= 256 {
        U256::ZERO
    } else {
        v >> s
    }
}

fn erase_pointer_metadata(v: &mut U256) {
    let mut l = *v.as_limbs();
    l[0] &= 0x0000_0000_ffff_ffff;
    l[1] &= 0xffff_ffff_0000_0000;
    *v = U256::from_limbs(l);
}

impl Vm {
    /// A machine whose root frame runs `code` at `this` (kernel if below 2^16) with `ergs`, called by
    /// `caller` with `calldata` (put on the root calldata page, r1 points at it). `r2` is the call flags word.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        host: &mut dyn Host,
        code: Rc<[U256]>,
        this: Address,
        caller: Address,
        calldata: Vec<u8>,
        ergs: u32,
        is_static: bool,
        context_u128: u128,
        far_call_mode: FarCallMode,
    ) -> Self {
        let checkpoint = host.checkpoint();
        let formal = Frame {
            this: Address::ZERO,
            caller: Address::ZERO,
            code_address: Address::ZERO,
            base_page: 0,
            code: Rc::from(Vec::new()),
            sp: 0,
            pc: 0,
            exception_handler: 0,
            ergs: 0,
            is_static: false,
            is_local: false,
            context_u128: 0,
            heap_bound: 0,
            aux_heap_bound: 0,
            stipend: 0,
            checkpoint,
            pubdata_spent: 0,
        };
        let bound = if is_kernel(&this) { u32::MAX } else { NEW_FRAME_MEMORY_STIPEND };
        let root = Frame {
            this,
            caller,
            code_address: this,
            base_page: BOOTLOADER_BASE_PAGE,
            code,
            sp: 0,
            pc: 0,
            exception_handler: u16::MAX,
            ergs,
            is_static,
            is_local: false,
            context_u128,
            heap_bound: bound,
            aux_heap_bound: bound,
            stipend: 0,
            checkpoint,
            pubdata_spent: 0,
        };
        let mut pages = BTreeMap::new();
        let len = calldata.len() as u32;
        pages.insert(BOOTLOADER_CALLDATA_PAGE, Page::from_bytes(calldata));
        let mut registers = [Value::default(); 15];
        registers[0] = Value {
            value: FatPointer { offset: 0, page: BOOTLOADER_CALLDATA_PAGE, start: 0, length: len }.to_u256(),
            is_pointer: true,
        };
        let zero_word_hash = {
            let mut h = [0u8; 32];
            h[0] = 1;
            h[3] = 1;
            let digest = <sha2::Sha256 as sha2::Digest>::digest([0u8; 32]);
            h[4..].copy_from_slice(&digest[4..]);
            h
        };
        Vm {
            registers,
            flags: Flags::default(),
            frames: CallStack::new(formal, root),
            pages,
            stacks: BTreeMap::new(),
            context_u128: 0,
            page_counter: STARTING_BASE_PAGE,
            pending_exception: false,
            cycles: 0,
            tx_number: 0,
            far_call_mode,
            decommitted: BTreeMap::new(),
            user_events: false,
            default_aa_code_hash: zero_word_hash,
            evm_emulator_code_hash: zero_word_hash,
            last_ret: None,
            root_returndata: FatPointer::default(),
            pubdata_revert_counter: 0,
            dst1_written: false,
            pending_far_call: None,
            pending_far_call_info: None,
        }
    }

    /// The current frame.
    pub fn frame(&self) -> &Frame {
        self.frames.top()
    }

    pub(crate) fn frame_mut(&mut self) -> &mut Frame {
        self.frames.top_mut()
    }

    /// Whether the root frame has returned.
    pub fn has_ended(&self) -> bool {
        self.frames.len() <= 1
    }

    fn reg(&self, idx: u8) -> Value {
        if idx == 0 {
            Value::default()
        } else {
            self.registers[idx as usize - 1]
        }
    }

    fn set_reg(&mut self, idx: u8, v: Value) {
        if idx != 0 {
            self.registers[idx as usize - 1] = v;
        }
    }
}
