//! The EraVM interpreter: registers, flags, the call stack of near and far frames, memory pages, and one
//! `cycle` per instruction with the reference's (zk_evm 0.153) semantics and ergs costs.
//!
//! The machine can run far calls itself ([`FarCallMode::Internal`]: the callee's code is found through the
//! AccountCodeStorage slot and [`Host::decommit`], as in zk_evm; used by the tests) or hand them out
//! ([`FarCallMode::Yield`]: `run` returns [`Stop::FarCall`] and the zkos EE turns it into a resumable
//! `ExecutionRequest::Call`).

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;

use primitives::{Address, U256};
use system_api::Checkpoint;

use crate::pubdata::{precompile_pubdata_cost, MAX_PUBDATA_COST_PER_QUERY};
use crate::opcodes::{mode, Condition, ContextOp, FarCallKind, Instruction, LogOp, Op, RetKind, UmaOp};

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

/// A fat pointer: a slice of a memory page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FatPointer {
    /// Offset within the slice.
    pub offset: u32,
    /// The page.
    pub page: u32,
    /// Absolute start.
    pub start: u32,
    /// Length.
    pub length: u32,
}

impl FatPointer {
    /// Unpacks the low 128 bits.
    pub fn from_u256(v: &U256) -> Self {
        let l = v.as_limbs();
        FatPointer { offset: l[0] as u32, page: (l[0] >> 32) as u32, start: l[1] as u32, length: (l[1] >> 32) as u32 }
    }
    /// Packs into the low 128 bits.
    pub fn to_u256(self) -> U256 {
        U256::from_limbs([
            self.offset as u64 | ((self.page as u64) << 32),
            self.start as u64 | ((self.length as u64) << 32),
            0,
            0,
        ])
    }
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
    fn is_kernel(&self) -> bool {
        is_kernel(&self.this)
    }
}

/// Whether an address is in kernel space (below 2^16).
pub fn is_kernel(address: &Address) -> bool {
    address.0[..18].iter().all(|b| *b == 0)
}

pub(crate) fn address_low(address: &Address) -> u16 {
    u16::from_be_bytes([address.0[18], address.0[19]])
}

/// What the machine needs from the world.
pub trait Host {
    /// Reads a storage slot.
    fn storage_read(&mut self, address: &Address, key: &U256) -> U256;
    /// Writes a storage slot.
    fn storage_write(&mut self, address: &Address, key: &U256, value: &U256);
    /// The pubdata the storage write just made costs (may be negative), 0 by default. A property of the
    /// storage oracle: zk_evm's reference storage charges 65 per write ([`crate::pubdata`]).
    fn storage_write_pubdata(&mut self, _address: &Address, _key: &U256) -> i32 {
        0
    }
    /// Ergs refunded for a storage access (warm slots are cheaper), 0 by default.
    fn storage_refund(&mut self, _address: &Address, _key: &U256, _is_write: bool) -> u32 {
        0
    }
    /// Reads transient storage.
    fn transient_read(&mut self, address: &Address, key: &U256) -> U256;
    /// Writes transient storage.
    fn transient_write(&mut self, address: &Address, key: &U256, value: &U256);
    /// A `log.event` query (kernel only).
    fn event(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool);
    /// A `log.sendl2l1` query (kernel only).
    fn l1_message(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool);
    /// A state checkpoint.
    fn checkpoint(&mut self) -> Checkpoint;
    /// Undo everything since the checkpoint.
    fn rollback(&mut self, checkpoint: Checkpoint);
    /// The code of a versioned hash, for internal far calls and `log.decommit`.
    fn decommit(&mut self, _hash: &[u8; 32]) -> Option<Rc<[U256]>> {
        None
    }
}

/// How far calls are served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FarCallMode {
    /// By the machine itself, with code from the AccountCodeStorage slot and [`Host::decommit`].
    Internal,
    /// By the embedder: `run` stops with [`Stop::FarCall`].
    Yield,
}

/// A far call handed to the embedder.
#[derive(Clone, Debug)]
pub struct FarCall {
    /// Kind.
    pub kind: FarCallKind,
    /// The called address.
    pub address: Address,
    /// Calldata bytes.
    pub calldata: Vec<u8>,
    /// Ergs moved to the callee.
    pub ergs: u32,
    /// Static.
    pub is_static: bool,
    /// The context value (msg.value in the system ABI).
    pub context_u128: u128,
    /// Constructor call flag.
    pub constructor: bool,
    /// System call flag.
    pub system: bool,
}

/// Why `run` stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The root frame returned.
    Finished(RetKind),
    /// A far call for the embedder ([`FarCallMode::Yield`]); take it with [`Vm::take_far_call`].
    FarCall,
    /// The cycle limit was reached.
    CycleLimit,
}

/// Sparse-above-16-MiB byte page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    dense: Vec<u8>,
    sparse: BTreeMap<u64, [u8; 32]>,
}

const DENSE_LIMIT: u64 = 1 << 24;

impl Page {
    fn byte(&self, addr: u64) -> u8 {
        if addr < DENSE_LIMIT {
            self.dense.get(addr as usize).copied().unwrap_or(0)
        } else {
            self.sparse.get(&(addr / 32)).map(|w| w[(addr % 32) as usize]).unwrap_or(0)
        }
    }
    fn set_byte(&mut self, addr: u64, b: u8) {
        if addr < DENSE_LIMIT {
            let a = addr as usize;
            if a >= self.dense.len() {
                if b == 0 {
                    return;
                }
                self.dense.resize(a + 1, 0);
            }
            self.dense[a] = b;
        } else {
            self.sparse.entry(addr / 32).or_insert([0; 32])[(addr % 32) as usize] = b;
        }
    }
    /// Reads 32 bytes at `addr` (big-endian word).
    pub fn read32(&self, addr: u64) -> [u8; 32] {
        let mut out = [0u8; 32];
        if addr + 32 <= self.dense.len() as u64 {
            out.copy_from_slice(&self.dense[addr as usize..addr as usize + 32]);
        } else {
            for (i, o) in out.iter_mut().enumerate() {
                *o = self.byte(addr + i as u64);
            }
        }
        out
    }
    /// Writes 32 bytes at `addr`.
    pub fn write32(&mut self, addr: u64, bytes: &[u8; 32]) {
        if addr + 32 <= DENSE_LIMIT {
            let a = addr as usize;
            if a + 32 > self.dense.len() {
                self.dense.resize(a + 32, 0);
            }
            self.dense[a..a + 32].copy_from_slice(bytes);
        } else {
            for (i, b) in bytes.iter().enumerate() {
                self.set_byte(addr + i as u64, *b);
            }
        }
    }
    /// Copies `len` bytes from `start`.
    pub fn read_range(&self, start: u64, len: u64) -> Vec<u8> {
        (0..len).map(|i| self.byte(start + i)).collect()
    }
    /// A page holding `bytes` from offset 0.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Page { dense: bytes, sparse: BTreeMap::new() }
    }
}

/// The machine.
pub struct Vm {
    /// r1..r15 (r0 is always zero).
    pub registers: [Value; 15],
    /// Flags.
    pub flags: Flags,
    /// The call stack; `frames[0]` is the formal outer frame, so execution has ended when only it is left.
    pub frames: Vec<Frame>,
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

fn instruction_at(code: &[U256], pc: u16) -> u64 {
    let word = code.get((pc >> 2) as usize).copied().unwrap_or(U256::ZERO);
    word.as_limbs()[3 - (pc & 3) as usize]
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
            frames: vec![formal, root],
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
        self.frames.last().expect("frame")
    }

    pub(crate) fn frame_mut(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("frame")
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

    fn stack_read(&self, page: u32, index: u16) -> Value {
        self.stacks.get(&page).and_then(|s| s.get(index as usize)).copied().unwrap_or_default()
    }

    fn stack_write(&mut self, page: u32, index: u16, v: Value) {
        let s = self.stacks.entry(page).or_default();
        if s.len() <= index as usize {
            s.resize(index as usize + 1, Value::default());
        }
        s[index as usize] = v;
    }

    /// Reads a 32-byte word of a page.
    pub fn page_read32(&self, page: u32, addr: u64) -> [u8; 32] {
        self.pages.get(&page).map(|p| p.read32(addr)).unwrap_or([0; 32])
    }

    /// The bytes a fat pointer designates (from start + offset to start + length).
    pub fn fat_pointer_bytes(&self, p: FatPointer) -> Vec<u8> {
        let start = p.start as u64 + p.offset as u64;
        let len = (p.length as u64).saturating_sub(p.offset as u64);
        match self.pages.get(&p.page) {
            Some(page) => page.read_range(start, len),
            None => vec![0; len as usize],
        }
    }

    /// Runs until the root frame returns, a far call is handed out, or `max_cycles` more cycles ran.
    pub fn run(&mut self, host: &mut dyn Host, max_cycles: u64) -> Stop {
        let limit = self.cycles.saturating_add(max_cycles);
        while !self.has_ended() {
            if self.cycles >= limit {
                return Stop::CycleLimit;
            }
            self.cycle(host);
            if self.pending_far_call.is_some() {
                return Stop::FarCall;
            }
        }
        Stop::Finished(self.last_ret.unwrap_or(RetKind::Ok))
    }

    /// Ergs of the far call `run` stopped at (0 if none).
    pub fn pending_far_call_ergs(&self) -> u32 {
        self.pending_far_call.as_ref().map(|c| c.ergs).unwrap_or(0)
    }

    /// Takes the far call `run` stopped at.
    pub fn take_far_call(&mut self) -> Option<FarCall> {
        self.pending_far_call.take()
    }
}

impl Vm {
    fn resolve(&self, c: Condition) -> bool {
        let f = self.flags;
        match c {
            Condition::Always => true,
            Condition::Gt => f.gt,
            Condition::Lt => f.lt_of,
            Condition::Eq => f.eq,
            Condition::Ge => f.gt || f.eq,
            Condition::Le => f.lt_of || f.eq,
            Condition::Ne => !f.eq,
            Condition::GtOrLt => f.gt || f.lt_of,
        }
    }

    /// Executes one instruction.
    pub fn cycle(&mut self, host: &mut dyn Host) {
        let (mut ins, price) = if self.pending_exception {
            self.pending_exception = false;
            (Instruction::PANIC, Op::Ret(RetKind::Panic).ergs())
        } else {
            let frame = self.frame();
            let ins = Instruction::decode(instruction_at(&frame.code, frame.pc));
            (ins, ins.variant.op.ergs())
        };
        let mut error = ins.variant.op == Op::Invalid;
        let frame = self.frame();
        let kernel = frame.is_kernel();
        let is_static = frame.is_static;
        let pc = frame.pc;
        let ergs = frame.ergs;
        let frame_ergs = match ergs.checked_sub(price) {
            Some(e) => e,
            None => {
                error = true;
                0
            }
        };
        if ins.variant.op.requires_kernel() && !kernel && !(self.user_events && ins.variant.op == Op::Log(LogOp::Event)) {
            error = true;
        }
        if ins.variant.op.forbidden_in_static() && is_static {
            error = true;
        }
        if self.frames.len() > MAX_STACK_DEPTH {
            error = true;
        }
        self.frame_mut().ergs = frame_ergs;
        if error {
            let (imm0, imm1) = (ins.imm0, ins.imm1);
            ins = Instruction::PANIC;
            ins.imm0 = imm0;
            ins.imm1 = imm1;
        } else if !self.resolve(ins.condition) {
            ins = Instruction {
                index: 0,
                variant: crate::opcodes::Variant { op: Op::Nop, src0: 0, dst0: 0, flags: [false, false] },
                condition: Condition::Always,
                src0: 0,
                src1: 0,
                dst0: 0,
                dst1: 0,
                imm0: ins.imm0,
                imm1: ins.imm1,
            };
        }

        // operands
        let base = self.frame().base_page;
        let stack_page = base + 1;
        let mut sp = self.frame().sp;
        let src0_reg = self.reg(ins.src0);
        let src_vaddr = low_u16(&src0_reg.value).wrapping_add(ins.imm0);
        let mut src_loc: Option<(bool, u16)> = None; // (is_code, index)
        match ins.variant.src0 {
            mode::STACK_PUSH_POP => {
                sp = sp.wrapping_sub(src_vaddr);
                src_loc = Some((false, sp));
            }
            mode::STACK_OFFSET => src_loc = Some((false, sp.wrapping_sub(src_vaddr))),
            mode::STACK_ABSOLUTE => src_loc = Some((false, src_vaddr)),
            mode::CODE => src_loc = Some((true, src_vaddr)),
            _ => {}
        }
        let dst0_reg = self.reg(ins.dst0);
        let dst_vaddr = low_u16(&dst0_reg.value).wrapping_add(ins.imm1);
        let dst_loc: Option<u16> = match ins.variant.dst0 {
            mode::STACK_PUSH_POP => {
                let old = sp;
                sp = sp.wrapping_add(dst_vaddr);
                Some(old)
            }
            mode::STACK_OFFSET => Some(sp.wrapping_sub(dst_vaddr)),
            mode::STACK_ABSOLUTE => Some(dst_vaddr),
            _ => None,
        };
        self.frame_mut().sp = sp;
        let mut src0 = match ins.variant.src0 {
            mode::IMM => Value::num(U256::from(ins.imm0)),
            mode::REG => src0_reg,
            _ => match src_loc {
                _ if ins.variant.op == Op::Nop => Value::default(),
                Some((true, idx)) => {
                    Value::num(self.frame().code.get(idx as usize).copied().unwrap_or(U256::ZERO))
                }
                Some((false, idx)) => self.stack_read(stack_page, idx),
                None => Value::default(),
            },
        };
        let mut src1 = self.reg(ins.src1);
        if ins.variant.op.swaps(ins.variant.flags) {
            core::mem::swap(&mut src0, &mut src1);
        }
        let new_pc = pc.wrapping_add(1);
        if !ins.variant.op.src0_can_be_pointer() && src0.is_pointer && !kernel {
            erase_pointer_metadata(&mut src0.value);
            src0.is_pointer = false;
        }
        if src1.is_pointer && !kernel {
            erase_pointer_metadata(&mut src1.value);
            src1.is_pointer = false;
        }
        let ctx = Exec { ins, src0, src1, dst_loc, stack_page, new_pc, kernel };
        self.dst1_written = false;
        self.execute(host, &ctx);
        if !self.dst1_written {
            self.set_reg(ins.dst1, Value::default());
        }
        self.cycles += 1;
    }

    fn write_dst0(&mut self, ctx: &Exec, v: Value) {
        match ctx.dst_loc {
            Some(idx) => self.stack_write(ctx.stack_page, idx, v),
            None => self.set_reg(ctx.ins.dst0, v),
        }
    }

    fn write_dst1(&mut self, idx: u8, v: Value) {
        self.dst1_written = true;
        self.set_reg(idx, v);
    }

    fn set_flags(&mut self, lt_of: bool, eq: bool, gt: bool) {
        self.flags = Flags { lt_of, eq, gt };
    }

    fn execute(&mut self, host: &mut dyn Host, ctx: &Exec) {
        let ins = ctx.ins;
        let set = ins.variant.flags[0];
        let a = ctx.src0.value;
        let b = ctx.src1.value;
        match ins.variant.op {
            Op::Invalid | Op::Nop => self.frame_mut().pc = ctx.new_pc,
            Op::Add | Op::Sub => {
                self.frame_mut().pc = ctx.new_pc;
                let (r, of) = if ins.variant.op == Op::Add { a.overflowing_add(b) } else { a.overflowing_sub(b) };
                if set {
                    let eq = r.is_zero();
                    self.set_flags(of, eq, !eq && !of);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::Mul => {
                self.frame_mut().pc = ctx.new_pc;
                let wide: ruint::Uint<512, 8> = a.widening_mul(b);
                let l = wide.as_limbs();
                let low = U256::from_limbs([l[0], l[1], l[2], l[3]]);
                let high = U256::from_limbs([l[4], l[5], l[6], l[7]]);
                if set {
                    let of = !high.is_zero();
                    let eq = low.is_zero();
                    self.set_flags(of, eq, !of && !eq);
                }
                self.write_dst0(ctx, Value::num(low));
                self.write_dst1(ins.dst1, Value::num(high));
            }
            Op::Div => {
                self.frame_mut().pc = ctx.new_pc;
                if b.is_zero() {
                    if set {
                        self.set_flags(true, false, false);
                    }
                    self.write_dst0(ctx, Value::default());
                    self.write_dst1(ins.dst1, Value::default());
                } else {
                    let (q, r) = a.div_rem(b);
                    if set {
                        self.set_flags(false, q.is_zero(), r.is_zero());
                    }
                    self.write_dst0(ctx, Value::num(q));
                    self.write_dst1(ins.dst1, Value::num(r));
                }
            }
            Op::Jump => {
                let dest = low_u16(&a);
                self.frame_mut().pc = dest;
                self.write_dst0(ctx, Value::num(U256::from(ctx.new_pc)));
            }
            Op::Xor | Op::And | Op::Or => {
                self.frame_mut().pc = ctx.new_pc;
                let r = match ins.variant.op {
                    Op::Xor => a ^ b,
                    Op::And => a & b,
                    _ => a | b,
                };
                if set {
                    self.set_flags(false, r.is_zero(), false);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::Shl | Op::Shr | Op::Rol | Op::Ror => {
                self.frame_mut().pc = ctx.new_pc;
                let s = (b.as_limbs()[0] as u8) as usize;
                let r = match ins.variant.op {
                    Op::Shl => shl(a, s),
                    Op::Shr => shr(a, s),
                    Op::Rol => shl(a, s) | shr(a, 256 - s),
                    _ => shr(a, s) | shl(a, 256 - s),
                };
                if set {
                    self.set_flags(false, r.is_zero(), false);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::PtrAdd | Op::PtrSub | Op::PtrPack | Op::PtrShrink => {
                self.frame_mut().pc = ctx.new_pc;
                if !ctx.src0.is_pointer || ctx.src1.is_pointer {
                    self.pending_exception = true;
                    return;
                }
                let sl = *a.as_limbs();
                let result = match ins.variant.op {
                    Op::PtrPack => {
                        let bl = b.as_limbs();
                        if bl[0] != 0 || bl[1] != 0 {
                            self.pending_exception = true;
                            return;
                        }
                        U256::from_limbs([sl[0], sl[1], bl[2], bl[3]])
                    }
                    op => {
                        let mut p = FatPointer::from_u256(&a);
                        let delta = low_u32(&b);
                        let r = match op {
                            Op::PtrAdd | Op::PtrSub => {
                                if b >= U256::from(1u64 << 32) {
                                    self.pending_exception = true;
                                    return;
                                }
                                if op == Op::PtrAdd {
                                    p.offset.checked_add(delta).map(|o| p.offset = o)
                                } else {
                                    p.offset.checked_sub(delta).map(|o| p.offset = o)
                                }
                            }
                            _ => p.length.checked_sub(delta).map(|l| p.length = l),
                        };
                        if r.is_none() {
                            self.pending_exception = true;
                            return;
                        }
                        let pl = *p.to_u256().as_limbs();
                        U256::from_limbs([pl[0], pl[1], sl[2], sl[3]])
                    }
                };
                self.write_dst0(ctx, Value { value: result, is_pointer: true });
            }
            Op::NearCall => {
                self.flags = Flags::default();
                let requested = low_u32(&a);
                let remaining = self.frame().ergs;
                let (passed, left) = if requested == 0 || requested > remaining {
                    (remaining, 0)
                } else {
                    (requested, remaining - requested)
                };
                let cp = host.checkpoint();
                let f = self.frame_mut();
                f.ergs = left;
                f.pc = ctx.new_pc;
                let mut new = f.clone();
                new.pc = ins.imm0;
                new.exception_handler = ins.imm1;
                new.ergs = passed;
                new.is_local = true;
                new.stipend = f.stipend;
                new.checkpoint = cp;
                new.pubdata_spent = 0;
                self.frames.push(new);
            }
            Op::Context(c) => self.context(c, ctx),
            Op::Log(l) => self.log(host, l, ctx),
            Op::FarCall(kind) => self.far_call(host, kind, ctx),
            Op::Ret(kind) => self.ret(host, kind, ctx),
            Op::Uma(u) => self.uma(u, ctx),
        }
    }

    fn context(&mut self, c: ContextOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let f = self.frame();
        let v = match c {
            ContextOp::SetContextU128 => {
                let l = ctx.src0.value.as_limbs();
                self.context_u128 = l[0] as u128 | ((l[1] as u128) << 64);
                return;
            }
            ContextOp::AuxMutating0 => return,
            ContextOp::IncrementTxNumber => {
                self.tx_number = self.tx_number.wrapping_add(1);
                return;
            }
            ContextOp::This => addr_to_u256(&f.this),
            ContextOp::Caller => addr_to_u256(&f.caller),
            ContextOp::CodeAddress => addr_to_u256(&f.code_address),
            ContextOp::Meta => {
                // aux field 0 is the pubdata counter, shown to kernel code only (as zk_evm does)
                let aux0 = if ctx.kernel { self.pubdata_revert_counter as u32 as u64 } else { 0 };
                U256::from_limbs([aux0, f.heap_bound as u64 | ((f.aux_heap_bound as u64) << 32), 0, 0])
            }
            ContextOp::ErgsLeft => U256::from(f.ergs),
            ContextOp::Sp => U256::from(f.sp),
            ContextOp::GetContextU128 => U256::from(f.context_u128),
        };
        self.write_dst0(ctx, Value::num(v));
    }

    fn log(&mut self, host: &mut dyn Host, l: LogOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let is_first = ctx.ins.variant.flags[0];
        let key = ctx.src0.value;
        let value = ctx.src1.value;
        let extra = match l {
            LogOp::PrecompileCall => low_u32(&value),
            LogOp::Decommit => low_u32(&value),
            _ => 0,
        };
        let not_enough = match self.frame().ergs.checked_sub(extra) {
            Some(e) => {
                self.frame_mut().ergs = e;
                false
            }
            None => {
                self.frame_mut().ergs = 0;
                true
            }
        };
        let this = self.frame().this;
        let refund = match l {
            LogOp::StorageRead => {
                let refund = host.storage_refund(&this, &key, false);
                let v = host.storage_read(&this, &key);
                self.write_dst0(ctx, Value::num(v));
                refund
            }
            LogOp::TransientRead => {
                let v = host.transient_read(&this, &key);
                self.write_dst0(ctx, Value::num(v));
                0
            }
            LogOp::StorageWrite => {
                let refund = host.storage_refund(&this, &key, true);
                host.storage_write(&this, &key, &value);
                let cost = host.storage_write_pubdata(&this, &key);
                self.add_pubdata(cost.clamp(-MAX_PUBDATA_COST_PER_QUERY, MAX_PUBDATA_COST_PER_QUERY));
                refund
            }
            LogOp::TransientWrite => {
                host.transient_write(&this, &key, &value);
                0
            }
            LogOp::Event => {
                host.event(&this, &key, &value, is_first);
                0
            }
            LogOp::ToL1Message => {
                if !not_enough {
                    host.l1_message(&this, &key, &value, is_first);
                }
                0
            }
            LogOp::PrecompileCall => {
                // Precompiles are not provided: the call "succeeds" without writing output.
                let v = if not_enough { U256::ZERO } else { U256::from(1u8) };
                self.write_dst0(ctx, Value::num(v));
                if !not_enough {
                    self.add_pubdata(precompile_pubdata_cost(value.as_limbs()[0]));
                }
                0
            }
            LogOp::Decommit => {
                let hash = key.to_be_bytes::<32>();
                let valid = (hash[0] == 1 || hash[0] == 2) && (hash[1] == 0 || hash[1] == 1);
                if !valid || not_enough {
                    self.write_dst0(ctx, Value::default());
                    0
                } else {
                    let mut norm = [0u8; 28];
                    norm.copy_from_slice(&hash[4..]);
                    let (fresh, page) = match self.decommitted.get(&norm) {
                        Some(&page) => (false, page),
                        None => (true, self.frame().base_page + 2),
                    };
                    if fresh {
                        self.decommitted.insert(norm, page);
                        if let Some(code) = host.decommit(&hash) {
                            self.pages.insert(page, Page::from_bytes(code_bytes(&code)));
                        }
                    }
                    let p = FatPointer { offset: 0, page, start: 0, length: NEW_KERNEL_FRAME_MEMORY_STIPEND };
                    self.write_dst0(ctx, Value { value: p.to_u256(), is_pointer: true });
                    if fresh {
                        0
                    } else {
                        extra
                    }
                }
            }
        };
        // zk_evm asserts a storage access refund never exceeds the opcode's price; clamping keeps a host from
        // minting ergs (a decommit's refund is the extra cost it took, so it needs no clamp)
        let refund = if matches!(l, LogOp::StorageRead | LogOp::StorageWrite) { refund.min(Op::Log(l).ergs()) } else { refund };
        self.frame_mut().ergs = self.frame().ergs.saturating_add(refund);
    }

    fn uma(&mut self, u: UmaOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let increment = ctx.ins.variant.flags[0];
        let src0 = ctx.src0;
        let mut p = FatPointer::from_u256(&src0.value);
        let mut panic = false;
        let mut skip = false;
        let is_ptr_read = u == UmaOp::FatPointerRead;
        if is_ptr_read && !src0.is_pointer {
            panic = true;
        }
        let base = self.frame().base_page;
        match u {
            UmaOp::HeapRead | UmaOp::HeapWrite => p.page = base + 2,
            UmaOp::AuxHeapRead | UmaOp::AuxHeapWrite => p.page = base + 3,
            UmaOp::StaticMemoryRead | UmaOp::StaticMemoryWrite => p.page = STATIC_MEMORY_PAGE,
            UmaOp::FatPointerRead => {}
        }
        let mut beyond = false;
        let addr = if is_ptr_read {
            if p.offset >= p.length {
                skip = true;
            }
            p.start.wrapping_add(p.offset)
        } else {
            if src0.value > U256::from(MAX_OFFSET_TO_DEREF) {
                panic = true;
                beyond = true;
                skip = true;
            }
            p.offset
        };
        let (incremented, inc_of) = p.offset.overflowing_add(32);
        if inc_of {
            panic = true;
        }
        if matches!(u, UmaOp::HeapRead | UmaOp::HeapWrite | UmaOp::AuxHeapRead | UmaOp::AuxHeapWrite) {
            let heap = matches!(u, UmaOp::HeapRead | UmaOp::HeapWrite);
            let f = self.frame_mut();
            let bound = if heap { f.heap_bound } else { f.aux_heap_bound };
            let cost = if beyond { u32::MAX } else { incremented.saturating_sub(bound) };
            match f.ergs.checked_sub(cost) {
                Some(e) => {
                    f.ergs = e;
                    if incremented > bound {
                        if heap {
                            f.heap_bound = incremented;
                        } else {
                            f.aux_heap_bound = incremented;
                        }
                    }
                }
                None => {
                    f.ergs = 0;
                    panic = true;
                }
            }
        }
        let skip = skip || panic;
        let read = |vm: &Vm| if skip { [0u8; 32] } else { vm.page_read32(p.page, addr as u64) };
        match u {
            UmaOp::HeapRead | UmaOp::AuxHeapRead | UmaOp::FatPointerRead | UmaOp::StaticMemoryRead => {
                let mut word = U256::from_be_bytes(read(self));
                if is_ptr_read {
                    let beyond_bytes = if skip { 0 } else { incremented.saturating_sub(p.length) % 32 };
                    word = shl(shr(word, beyond_bytes as usize * 8), beyond_bytes as usize * 8);
                }
                if panic {
                    self.pending_exception = true;
                    return;
                }
                self.write_dst0(ctx, Value::num(word));
                if increment {
                    let mut l = *src0.value.as_limbs();
                    l[0] = (l[0] & 0xffff_ffff_0000_0000) + incremented as u64;
                    self.write_dst1(ctx.ins.dst1, Value { value: U256::from_limbs(l), is_pointer: src0.is_pointer });
                }
            }
            _ => {
                if !skip {
                    let bytes = ctx.src1.value.to_be_bytes::<32>();
                    self.pages.entry(p.page).or_default().write32(addr as u64, &bytes);
                }
                if panic {
                    self.pending_exception = true;
                    return;
                }
                if increment {
                    let mut l = *src0.value.as_limbs();
                    l[0] = (l[0] & 0xffff_ffff_0000_0000) + incremented as u64;
                    self.write_dst0(ctx, Value::num(U256::from_limbs(l)));
                }
            }
        }
    }
}

/// Operands of the instruction being executed.
pub(crate) struct Exec {
    pub(crate) ins: Instruction,
    pub(crate) src0: Value,
    pub(crate) src1: Value,
    pub(crate) dst_loc: Option<u16>,
    pub(crate) stack_page: u32,
    pub(crate) new_pc: u16,
    pub(crate) kernel: bool,
}
