//! The interpreter: an explicit value stack and call stack, so execution can stop at any host call and
//! resume later (the frame returns to the bootloader in between). Nothing here recurses on the host stack.
//!
//! Metering: every instruction costs [`GAS_PER_INSTRUCTION`] fuel, memory pages and bulk copies cost extra
//! (see the constants). Fuel is the frame's gas: the frame loads it before running and charges what was
//! used when the machine stops.

use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;

use crate::host::HostFn;
use crate::module::{Branch, Module, Op, PAGE_SIZE};

/// Gas per executed instruction.
pub const GAS_PER_INSTRUCTION: u64 = 1;
/// Gas per local slot initialised by a call.
pub const GAS_PER_LOCAL: u64 = 1;
/// Gas per 64 KiB page of linear memory, initial or grown.
pub const GAS_PER_PAGE: u64 = 2048;
/// Gas per 32-byte word moved or filled by `memory.copy` / `memory.fill`.
pub const GAS_PER_COPY_WORD: u64 = 1;
/// Most values on the value stack (locals included): 64 Ki values, 512 KiB.
pub const MAX_STACK: usize = 64 * 1024;
/// Deepest wasm call stack within one frame.
pub const MAX_CALL_DEPTH: usize = 512;

/// Why execution trapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trap {
    /// Out of fuel (gas).
    OutOfFuel,
    /// `unreachable` executed.
    Unreachable,
    /// A memory access outside linear memory.
    MemoryOutOfBounds,
    /// Integer division or remainder by zero.
    DivisionByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// `call_indirect` through an empty or out-of-range table entry.
    UndefinedElement,
    /// `call_indirect` to a function of another type.
    IndirectCallTypeMismatch,
    /// Value or call stack exhausted.
    StackOverflow,
    /// A data or element segment does not fit at instantiation.
    SegmentOutOfBounds,
}

impl Trap {
    /// A human-readable reason (used as the frame's halt reason).
    pub fn reason(self) -> &'static str {
        match self {
            Trap::OutOfFuel => "wasm: out of gas",
            Trap::Unreachable => "wasm trap: unreachable",
            Trap::MemoryOutOfBounds => "wasm trap: memory access out of bounds",
            Trap::DivisionByZero => "wasm trap: integer division by zero",
            Trap::IntegerOverflow => "wasm trap: integer overflow",
            Trap::UndefinedElement => "wasm trap: undefined table element",
            Trap::IndirectCallTypeMismatch => "wasm trap: indirect call type mismatch",
            Trap::StackOverflow => "wasm trap: stack overflow",
            Trap::SegmentOutOfBounds => "wasm: data or element segment out of bounds",
        }
    }
}

/// Why [`Machine::run`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The invoked function returned.
    Done,
    /// A host function was called: its arguments are on top of the stack; push its results and run again.
    Host(HostFn),
    /// Execution trapped.
    Trap(Trap),
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Index into `module.functions`.
    func: u32,
    pc: u32,
    /// Stack index of local 0.
    base: u32,
    /// Stack index of the first operand (after the locals).
    operands: u32,
}

/// A module instance with its execution state.
pub struct Machine {
    /// The module.
    pub module: Rc<Module>,
    /// Value stack (i32 values are stored zero-extended).
    pub stack: Vec<u64>,
    frames: Vec<Frame>,
    /// Linear memory.
    pub memory: Vec<u8>,
    max_pages: u32,
    globals: Vec<u64>,
    table: Vec<Option<u32>>,
    /// Fuel left.
    pub fuel: u64,
}

macro_rules! trap {
    ($t:expr) => {
        return Exit::Trap($t)
    };
}

impl Machine {
    /// Instantiates `module`: allocates memory (charging [`GAS_PER_PAGE`] per initial page), copies data and
    /// element segments.
    pub fn instantiate(module: Rc<Module>, fuel: u64) -> Result<Machine, Trap> {
        let (pages, max_pages) = module.memory.unwrap_or((0, 0));
        let fuel = fuel.checked_sub(u64::from(pages) * GAS_PER_PAGE).ok_or(Trap::OutOfFuel)?;
        let mut memory = vec![0u8; pages as usize * PAGE_SIZE];
        for (offset, bytes) in &module.data {
            let start = *offset as usize;
            let end = start.checked_add(bytes.len()).filter(|&e| e <= memory.len()).ok_or(Trap::SegmentOutOfBounds)?;
            memory[start..end].copy_from_slice(bytes);
        }
        let mut table = vec![None; module.table.map_or(0, |(min, _)| min as usize)];
        for (offset, funcs) in &module.elements {
            let start = *offset as usize;
            let end = start.checked_add(funcs.len()).filter(|&e| e <= table.len()).ok_or(Trap::SegmentOutOfBounds)?;
            for (slot, f) in table[start..end].iter_mut().zip(funcs) {
                *slot = Some(*f);
            }
        }
        let globals = module.globals.iter().map(|g| g.init).collect();
        Ok(Machine { module, stack: Vec::new(), frames: Vec::new(), memory, max_pages, globals, table, fuel })
    }

    /// Prepares a call of function `index` (which must be defined, not imported) with its arguments already
    /// on the stack. Run it with [`Machine::run`].
    pub fn invoke(&mut self, index: u32) -> Result<(), Trap> {
        self.enter(index)
    }

    fn enter(&mut self, index: u32) -> Result<(), Trap> {
        let module = &self.module;
        let imports = module.imports.len() as u32;
        let func = &module.functions[(index - imports) as usize];
        let params = module.types[func.type_index as usize].params.len();
        if self.frames.len() >= MAX_CALL_DEPTH || self.stack.len() + func.locals as usize > MAX_STACK {
            return Err(Trap::StackOverflow);
        }
        self.fuel = self.fuel.checked_sub(u64::from(func.locals) * GAS_PER_LOCAL).ok_or(Trap::OutOfFuel)?;
        let base = self.stack.len() - params;
        self.stack.resize(self.stack.len() + func.locals as usize, 0);
        let operands = self.stack.len() as u32;
        self.frames.push(Frame { func: index - imports, pc: 0, base: base as u32, operands });
        Ok(())
    }

    /// Calls function `f` (import or defined) from the running code: `Some(exit)` when the machine must stop.
    fn call(&mut self, f: u32) -> Option<Exit> {
        let imports = self.module.imports.len() as u32;
        if f < imports {
            return Some(Exit::Host(self.module.imports[f as usize]));
        }
        match self.enter(f) {
            Ok(()) => None,
            Err(t) => Some(Exit::Trap(t)),
        }
    }

    fn pop(&mut self) -> u64 {
        // Validation guarantees the operands are there.
        self.stack.pop().unwrap_or(0)
    }

    /// Pops an i32 argument.
    pub fn pop_i32(&mut self) -> u32 {
        self.pop() as u32
    }

    /// Pops an i64 argument.
    pub fn pop_i64(&mut self) -> u64 {
        self.pop()
    }

    /// Pushes an i32 result.
    pub fn push_i32(&mut self, v: u32) {
        self.stack.push(u64::from(v));
    }

    /// Pushes an i64 result.
    pub fn push_i64(&mut self, v: u64) {
        self.stack.push(v);
    }

    /// Charges fuel; false (and nothing charged) when there is not enough.
    pub fn charge(&mut self, fuel: u64) -> bool {
        match self.fuel.checked_sub(fuel) {
            Some(left) => {
                self.fuel = left;
                true
            }
            None => false,
        }
    }

    /// Memory `[ptr, ptr + len)`, or `None` when out of bounds.
    pub fn mem(&self, ptr: u32, len: u32) -> Option<&[u8]> {
        let start = ptr as usize;
        self.memory.get(start..start.checked_add(len as usize)?)
    }

    /// Mutable memory `[ptr, ptr + len)`, or `None` when out of bounds.
    pub fn mem_mut(&mut self, ptr: u32, len: u32) -> Option<&mut [u8]> {
        let start = ptr as usize;
        self.memory.get_mut(start..start.checked_add(len as usize)?)
    }

    fn effective(&self, addr: u64, offset: u32, size: usize) -> Option<usize> {
        let ea = (addr as u32 as usize).checked_add(offset as usize)?;
        if ea.checked_add(size)? <= self.memory.len() {
            Some(ea)
        } else {
            None
        }
    }

    fn branch(&mut self, b: Branch, operands: u32) -> u32 {
        let keep = b.keep as usize;
        let to = operands as usize + b.height as usize;
        let from = self.stack.len() - keep;
        if from != to {
            self.stack.copy_within(from.., to);
            self.stack.truncate(to + keep);
        }
        b.target
    }

    /// Runs until the invoked function returns, a host function is called, or a trap.
    pub fn run(&mut self) -> Exit {
        let module = self.module.clone();
        'frames: loop {
            let Some(frame) = self.frames.last().copied() else { return Exit::Done };
            let func = &module.functions[frame.func as usize];
            let code = &func.code;
            let mut pc = frame.pc as usize;
            loop {
                if self.fuel < GAS_PER_INSTRUCTION {
                    self.save_pc(pc);
                    trap!(Trap::OutOfFuel);
                }
                self.fuel -= GAS_PER_INSTRUCTION;
                let op = code[pc];
                pc += 1;
                match op {
                    Op::Unreachable => trap!(Trap::Unreachable),
                    Op::Br(b) => pc = self.branch(b, frame.operands) as usize,
                    Op::BrIf(b) => {
                        if self.pop() as u32 != 0 {
                            pc = self.branch(b, frame.operands) as usize;
                        }
                    }
                    Op::BrIfNot(target) => {
                        if self.pop() as u32 == 0 {
                            pc = target as usize;
                        }
                    }
                    Op::BrTable { start, len } => {
                        let i = (self.pop() as u32).min(len - 1);
                        let b = func.branch_table[(start + i) as usize];
                        pc = self.branch(b, frame.operands) as usize;
                    }
                    Op::Return => {
                        let n = module.types[func.type_index as usize].results.len();
                        let from = self.stack.len() - n;
                        let to = frame.base as usize;
                        self.stack.copy_within(from.., to);
                        self.stack.truncate(to + n);
                        self.frames.pop();
                        continue 'frames;
                    }
                    Op::Call(f) => {
                        self.save_pc(pc);
                        if let Some(exit) = self.call(f) {
                            return exit;
                        }
                        continue 'frames;
                    }
                    Op::CallIndirect(type_index) => {
                        self.save_pc(pc);
                        let i = self.pop() as u32 as usize;
                        let Some(Some(f)) = self.table.get(i).copied() else { trap!(Trap::UndefinedElement) };
                        if module.func_type(f) != &module.types[type_index as usize] {
                            trap!(Trap::IndirectCallTypeMismatch);
                        }
                        if let Some(exit) = self.call(f) {
                            return exit;
                        }
                        continue 'frames;
                    }
                    Op::Drop => {
                        self.pop();
                    }
                    Op::Select => {
                        let c = self.pop() as u32;
                        let b = self.pop();
                        let a = self.pop();
                        self.stack.push(if c != 0 { a } else { b });
                    }
                    Op::LocalGet(i) => {
                        if self.stack.len() >= MAX_STACK {
                            trap!(Trap::StackOverflow);
                        }
                        let v = self.stack[frame.base as usize + i as usize];
                        self.stack.push(v);
                    }
                    Op::LocalSet(i) => {
                        let v = self.pop();
                        self.stack[frame.base as usize + i as usize] = v;
                    }
                    Op::LocalTee(i) => {
                        let v = self.stack.last().copied().unwrap_or(0);
                        self.stack[frame.base as usize + i as usize] = v;
                    }
                    Op::GlobalGet(i) => {
                        if self.stack.len() >= MAX_STACK {
                            trap!(Trap::StackOverflow);
                        }
                        self.stack.push(self.globals[i as usize]);
                    }
                    Op::GlobalSet(i) => {
                        let v = self.pop();
                        self.globals[i as usize] = v;
                    }
                    Op::Load(opcode, offset) => {
                        let size = match opcode {
                            0x29 => 8,
                            0x28 | 0x34 | 0x35 => 4,
                            0x2e | 0x2f | 0x32 | 0x33 => 2,
                            _ => 1,
                        };
                        let addr = self.pop();
                        let Some(ea) = self.effective(addr, offset, size) else { trap!(Trap::MemoryOutOfBounds) };
                        let mut buf = [0u8; 8];
                        buf[..size].copy_from_slice(&self.memory[ea..ea + size]);
                        let raw = u64::from_le_bytes(buf);
                        let v = match opcode {
                            0x28 | 0x29 | 0x2d | 0x2f | 0x31 | 0x33 | 0x35 => raw,
                            0x2c => raw as u8 as i8 as i32 as u32 as u64,
                            0x2e => raw as u16 as i16 as i32 as u32 as u64,
                            0x30 => raw as u8 as i8 as i64 as u64,
                            0x32 => raw as u16 as i16 as i64 as u64,
                            _ => raw as u32 as i32 as i64 as u64, // 0x34
                        };
                        self.stack.push(v);
                    }
                    Op::Store(opcode, offset) => {
                        let size = match opcode {
                            0x37 => 8,
                            0x36 | 0x3e => 4,
                            0x3b | 0x3d => 2,
                            _ => 1,
                        };
                        let v = self.pop();
                        let addr = self.pop();
                        let Some(ea) = self.effective(addr, offset, size) else { trap!(Trap::MemoryOutOfBounds) };
                        self.memory[ea..ea + size].copy_from_slice(&v.to_le_bytes()[..size]);
                    }
                    Op::MemorySize => {
                        if self.stack.len() >= MAX_STACK {
                            trap!(Trap::StackOverflow);
                        }
                        self.stack.push((self.memory.len() / PAGE_SIZE) as u64);
                    }
                    Op::MemoryGrow => {
                        let delta = self.pop() as u32;
                        let old = (self.memory.len() / PAGE_SIZE) as u32;
                        match old.checked_add(delta).filter(|&n| n <= self.max_pages) {
                            Some(new) => {
                                if !self.charge(u64::from(delta) * GAS_PER_PAGE) {
                                    self.save_pc(pc);
                                    trap!(Trap::OutOfFuel);
                                }
                                self.memory.resize(new as usize * PAGE_SIZE, 0);
                                self.stack.push(u64::from(old));
                            }
                            None => self.stack.push(u64::from(u32::MAX)),
                        }
                    }
                    Op::MemoryCopy | Op::MemoryFill => {
                        let n = self.pop() as u32;
                        let src_or_value = self.pop() as u32;
                        let dst = self.pop() as u32;
                        if !self.charge(u64::from(n).div_ceil(32) * GAS_PER_COPY_WORD) {
                            self.save_pc(pc);
                            trap!(Trap::OutOfFuel);
                        }
                        let len = self.memory.len();
                        let fits = |p: u32| (p as usize).checked_add(n as usize).is_some_and(|e| e <= len);
                        if op == Op::MemoryCopy {
                            if !fits(dst) || !fits(src_or_value) {
                                trap!(Trap::MemoryOutOfBounds);
                            }
                            let src = src_or_value as usize;
                            self.memory.copy_within(src..src + n as usize, dst as usize);
                        } else {
                            if !fits(dst) {
                                trap!(Trap::MemoryOutOfBounds);
                            }
                            self.memory[dst as usize..dst as usize + n as usize].fill(src_or_value as u8);
                        }
                    }
                    Op::Const(c) => {
                        if self.stack.len() >= MAX_STACK {
                            trap!(Trap::StackOverflow);
                        }
                        self.stack.push(c);
                    }
                    Op::Num(opcode) => {
                        if let Err(t) = self.numeric(opcode) {
                            trap!(t);
                        }
                    }
                }
            }
        }
    }

    fn save_pc(&mut self, pc: usize) {
        if let Some(top) = self.frames.last_mut() {
            top.pc = pc as u32;
        }
    }

    fn numeric(&mut self, opcode: u8) -> Result<(), Trap> {
        let b32 = |v: bool| v as u64;
        let v: u64 = match opcode {
            0x45 => b32(self.pop() as u32 == 0),
            0x46..=0x4f => {
                let b = self.pop() as u32;
                let a = self.pop() as u32;
                let (sa, sb) = (a as i32, b as i32);
                b32(match opcode {
                    0x46 => a == b,
                    0x47 => a != b,
                    0x48 => sa < sb,
                    0x49 => a < b,
                    0x4a => sa > sb,
                    0x4b => a > b,
                    0x4c => sa <= sb,
                    0x4d => a <= b,
                    0x4e => sa >= sb,
                    _ => a >= b,
                })
            }
            0x50 => b32(self.pop() == 0),
            0x51..=0x5a => {
                let b = self.pop();
                let a = self.pop();
                let (sa, sb) = (a as i64, b as i64);
                b32(match opcode {
                    0x51 => a == b,
                    0x52 => a != b,
                    0x53 => sa < sb,
                    0x54 => a < b,
                    0x55 => sa > sb,
                    0x56 => a > b,
                    0x57 => sa <= sb,
                    0x58 => a <= b,
                    0x59 => sa >= sb,
                    _ => a >= b,
                })
            }
            0x67 => u64::from((self.pop() as u32).leading_zeros()),
            0x68 => u64::from((self.pop() as u32).trailing_zeros()),
            0x69 => u64::from((self.pop() as u32).count_ones()),
            0x6a..=0x78 => {
                let b = self.pop() as u32;
                let a = self.pop() as u32;
                let (sa, sb) = (a as i32, b as i32);
                u64::from(match opcode {
                    0x6a => a.wrapping_add(b),
                    0x6b => a.wrapping_sub(b),
                    0x6c => a.wrapping_mul(b),
                    0x6d => {
                        if b == 0 {
                            return Err(Trap::DivisionByZero);
                        }
                        if sa == i32::MIN && sb == -1 {
                            return Err(Trap::IntegerOverflow);
                        }
                        (sa / sb) as u32
                    }
                    0x6e => a.checked_div(b).ok_or(Trap::DivisionByZero)?,
                    0x6f => {
                        if b == 0 {
                            return Err(Trap::DivisionByZero);
                        }
                        sa.wrapping_rem(sb) as u32
                    }
                    0x70 => a.checked_rem(b).ok_or(Trap::DivisionByZero)?,
                    0x71 => a & b,
                    0x72 => a | b,
                    0x73 => a ^ b,
                    0x74 => a.wrapping_shl(b),
                    0x75 => sa.wrapping_shr(b) as u32,
                    0x76 => a.wrapping_shr(b),
                    0x77 => a.rotate_left(b % 32),
                    _ => a.rotate_right(b % 32),
                })
            }
            0x79 => u64::from(self.pop().leading_zeros()),
            0x7a => u64::from(self.pop().trailing_zeros()),
            0x7b => u64::from(self.pop().count_ones()),
            0x7c..=0x8a => {
                let b = self.pop();
                let a = self.pop();
                let (sa, sb) = (a as i64, b as i64);
                match opcode {
                    0x7c => a.wrapping_add(b),
                    0x7d => a.wrapping_sub(b),
                    0x7e => a.wrapping_mul(b),
                    0x7f => {
                        if b == 0 {
                            return Err(Trap::DivisionByZero);
                        }
                        if sa == i64::MIN && sb == -1 {
                            return Err(Trap::IntegerOverflow);
                        }
                        (sa / sb) as u64
                    }
                    0x80 => a.checked_div(b).ok_or(Trap::DivisionByZero)?,
                    0x81 => {
                        if b == 0 {
                            return Err(Trap::DivisionByZero);
                        }
                        sa.wrapping_rem(sb) as u64
                    }
                    0x82 => a.checked_rem(b).ok_or(Trap::DivisionByZero)?,
                    0x83 => a & b,
                    0x84 => a | b,
                    0x85 => a ^ b,
                    0x86 => a.wrapping_shl(b as u32),
                    0x87 => sa.wrapping_shr(b as u32) as u64,
                    0x88 => a.wrapping_shr(b as u32),
                    0x89 => a.rotate_left((b % 64) as u32),
                    _ => a.rotate_right((b % 64) as u32),
                }
            }
            0xa7 => self.pop() as u32 as u64,
            0xac => self.pop() as u32 as i32 as i64 as u64,
            0xad => self.pop() as u32 as u64,
            0xc0 => self.pop() as u8 as i8 as i32 as u32 as u64,
            0xc1 => self.pop() as u16 as i16 as i32 as u32 as u64,
            0xc2 => self.pop() as u8 as i8 as i64 as u64,
            0xc3 => self.pop() as u16 as i16 as i64 as u64,
            _ => self.pop() as u32 as i32 as i64 as u64, // 0xc4
        };
        self.stack.push(v);
        Ok(())
    }
}
