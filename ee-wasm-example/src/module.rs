//! Decoding, validation and compilation of a WebAssembly module into the interpreter's instruction form.
//!
//! The accepted language is the WebAssembly 1.0 (MVP) integer subset plus what current compilers emit by
//! default: sign-extension operators, `memory.copy`/`memory.fill`, multi-value block types and the
//! long-form `call_indirect` table index. Floating-point types and instructions are rejected on purpose:
//! soft-float on RISC-V and hardware floats on x86 may disagree on NaN bit patterns, and forward and
//! proving runs must agree bit for bit. Every limit below is checked while decoding, so no module, however
//! crafted, makes decoding panic or allocate without bound.
//!
//! Validation follows the algorithm of the specification's appendix (operand stack of known/unknown types,
//! control stack of labels) and, in the same pass, emits [`Op`]s with every branch resolved to an
//! instruction index and a target stack height.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::host::{self, HostFn};

/// Largest accepted module, in bytes.
pub const MAX_MODULE_SIZE: usize = 256 * 1024;
/// Largest linear memory, in 64 KiB pages (1 MiB). Declared maxima above it are clamped to it.
pub const MAX_PAGES: u32 = 16;
/// Largest table, in entries.
pub const MAX_TABLE: u32 = 4096;
/// Most functions (imported and defined).
pub const MAX_FUNCTIONS: usize = 10_000;
/// Most locals of one function (parameters included).
pub const MAX_LOCALS: u32 = 4096;
/// Most globals.
pub const MAX_GLOBALS: usize = 1024;
/// Deepest nesting of blocks in one function.
pub const MAX_BLOCK_DEPTH: usize = 1024;

/// Size of a WebAssembly page.
pub const PAGE_SIZE: usize = 65536;

/// Why a module was rejected.
pub type Reject = &'static str;

/// A value type of the accepted subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
}

/// A function signature.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FuncType {
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

/// A resolved branch: jump to `target`, keep the top `keep` values and put them at operand height `height`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Branch {
    /// Instruction index to continue at.
    pub target: u32,
    /// Operand stack height (relative to the frame's operand base) of the label.
    pub height: u32,
    /// Number of values the label carries.
    pub keep: u32,
}

/// One interpreter instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Trap.
    Unreachable,
    /// Unconditional branch.
    Br(Branch),
    /// Branch when the popped i32 is not zero.
    BrIf(Branch),
    /// Jump to `target` when the popped i32 is zero (the `if` of an if/else); no stack adjustment.
    BrIfNot(u32),
    /// Indexed branch: entries `start..start+len` of the function's branch table, the last is the default.
    BrTable {
        /// First entry.
        start: u32,
        /// Number of entries, default included.
        len: u32,
    },
    /// Return from the function.
    Return,
    /// Call a function by index (imports first).
    Call(u32),
    /// Call through the table with the given expected type index.
    CallIndirect(u32),
    /// Pop a value.
    Drop,
    /// Pop a condition and two values, push one of them.
    Select,
    /// Push a local.
    LocalGet(u32),
    /// Pop into a local.
    LocalSet(u32),
    /// Copy the top into a local.
    LocalTee(u32),
    /// Push a global.
    GlobalGet(u32),
    /// Pop into a global.
    GlobalSet(u32),
    /// Memory load: the wasm opcode (0x28..=0x35) and the static offset.
    Load(u8, u32),
    /// Memory store: the wasm opcode (0x36..=0x3e) and the static offset.
    Store(u8, u32),
    /// Current memory size in pages.
    MemorySize,
    /// Grow memory by the popped number of pages.
    MemoryGrow,
    /// `memory.copy`.
    MemoryCopy,
    /// `memory.fill`.
    MemoryFill,
    /// Push a constant (i32 values zero-extended).
    Const(u64),
    /// A numeric operator, by its wasm opcode (0x45..=0xc4, integer ones only).
    Num(u8),
}

/// A function defined by the module, compiled.
#[derive(Clone, Debug)]
pub struct Function {
    /// Its type index.
    pub type_index: u32,
    /// Locals declared in the body (parameters excluded).
    pub locals: u32,
    /// Instructions; the last one is a `Return`.
    pub code: Vec<Op>,
    /// Targets of `br_table` instructions.
    pub branch_table: Vec<Branch>,
}

/// A global variable's declaration.
#[derive(Clone, Copy, Debug)]
pub struct Global {
    /// Its type.
    pub ty: ValType,
    /// Whether `global.set` may change it.
    pub mutable: bool,
    /// Initial value.
    pub init: u64,
}

/// A decoded, validated and compiled module.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// Type section.
    pub types: Vec<FuncType>,
    /// The host function each imported function resolves to (function indices `0..imports.len()`).
    pub imports: Vec<HostFn>,
    /// Type index of every function, imports first.
    pub func_types: Vec<u32>,
    /// Defined functions (function index `imports.len() + i`).
    pub functions: Vec<Function>,
    /// Table limits `(initial, maximum)` if there is a table.
    pub table: Option<(u32, u32)>,
    /// Active element segments: table offset and function indices.
    pub elements: Vec<(u32, Vec<u32>)>,
    /// Memory limits in pages `(initial, maximum)` if there is a memory; maximum clamped to [`MAX_PAGES`].
    pub memory: Option<(u32, u32)>,
    /// Active data segments: memory offset and bytes.
    pub data: Vec<(u32, Vec<u8>)>,
    /// Globals.
    pub globals: Vec<Global>,
    /// Exported functions by name.
    pub exports: Vec<(String, u32)>,
    /// Start function.
    pub start: Option<u32>,
}

impl Module {
    /// The exported function called `name`.
    pub fn export(&self, name: &str) -> Option<u32> {
        self.exports.iter().find(|(n, _)| n == name).map(|(_, f)| *f)
    }

    /// The type of function `index` (imports first).
    pub fn func_type(&self, index: u32) -> &FuncType {
        &self.types[self.func_types[index as usize] as usize]
    }

    /// Decodes, validates and compiles `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<Module, Reject> {
        if bytes.len() > MAX_MODULE_SIZE {
            return Err("wasm module too large");
        }
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != b"\0asm" {
            return Err("not a wasm module (bad magic)");
        }
        if r.bytes(4)? != [1, 0, 0, 0] {
            return Err("unsupported wasm version");
        }
        let mut m = Module::default();
        let mut defined_types: Vec<u32> = Vec::new();
        let mut last_id = 0u8;
        let mut saw_code = false;
        while !r.at_end() {
            let id = r.byte()?;
            let size = r.u32()? as usize;
            let mut s = Reader::new(r.bytes(size)?);
            if id > 12 {
                return Err("unknown wasm section");
            }
            if id != 0 {
                // Sections appear at most once, in order (data count 12 sits between 9 and 10).
                let rank = |id: u8| if id == 12 { 95 } else { u32::from(id) * 10 };
                if rank(id) <= rank(last_id) {
                    return Err("wasm sections out of order or repeated");
                }
                last_id = id;
            }
            match id {
                0 => continue, // custom section
                1 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        if s.byte()? != 0x60 {
                            return Err("malformed function type");
                        }
                        let params = s.val_types()?;
                        let results = s.val_types()?;
                        m.types.push(FuncType { params, results });
                    }
                }
                2 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let module = s.name()?;
                        let name = s.name()?;
                        match s.byte()? {
                            0x00 => {
                                let ty = s.u32()?;
                                let ty_ref = m.types.get(ty as usize).ok_or("import type index out of range")?;
                                if module != host::MODULE {
                                    return Err("import from an unknown module (only \"zkos\" is provided)");
                                }
                                let f = host::lookup(name).ok_or("import of an unknown zkos host function")?;
                                if !f.signature_matches(ty_ref) {
                                    return Err("zkos host function imported with a wrong signature");
                                }
                                m.imports.push(f);
                                m.func_types.push(ty);
                            }
                            _ => return Err("only function imports are supported"),
                        }
                    }
                }
                3 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let ty = s.u32()?;
                        if ty as usize >= m.types.len() {
                            return Err("function type index out of range");
                        }
                        defined_types.push(ty);
                        m.func_types.push(ty);
                    }
                    if m.func_types.len() > MAX_FUNCTIONS {
                        return Err("too many functions");
                    }
                }
                4 => {
                    if s.count(1)? == 1 {
                        if s.byte()? != 0x70 {
                            return Err("only funcref tables are supported");
                        }
                        let (min, max) = s.limits(MAX_TABLE)?;
                        if min > MAX_TABLE {
                            return Err("table too large");
                        }
                        m.table = Some((min, max));
                    }
                }
                5 => {
                    if s.count(1)? == 1 {
                        let (min, max) = s.limits(MAX_PAGES)?;
                        if min > MAX_PAGES {
                            return Err("initial memory above the 16-page cap");
                        }
                        m.memory = Some((min, max));
                    }
                }
                6 => {
                    for _ in 0..s.count(MAX_GLOBALS)? {
                        let ty = s.val_type()?;
                        let mutable = match s.byte()? {
                            0 => false,
                            1 => true,
                            _ => return Err("malformed global mutability"),
                        };
                        let init = s.const_expr(ty)?;
                        m.globals.push(Global { ty, mutable, init });
                    }
                }
                7 => {
                    let n = s.count(MAX_FUNCTIONS)?;
                    for _ in 0..n {
                        let name = String::from(s.name()?);
                        let kind = s.byte()?;
                        let index = s.u32()?;
                        let in_range = match kind {
                            0 => (index as usize) < m.func_types.len(),
                            1 => m.table.is_some() && index == 0,
                            2 => m.memory.is_some() && index == 0,
                            3 => (index as usize) < m.globals.len(),
                            _ => return Err("malformed export kind"),
                        };
                        if !in_range {
                            return Err("export index out of range");
                        }
                        if m.exports.iter().any(|(n, _)| *n == name) {
                            return Err("duplicate export name");
                        }
                        if kind == 0 {
                            m.exports.push((name, index));
                        }
                    }
                }
                8 => {
                    let f = s.u32()?;
                    if f as usize >= m.func_types.len() {
                        return Err("start function index out of range");
                    }
                    let ty = m.func_type(f);
                    if !ty.params.is_empty() || !ty.results.is_empty() {
                        return Err("start function must take and return nothing");
                    }
                    m.start = Some(f);
                }
                9 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let flags = s.u32()?;
                        match flags {
                            0 => {}
                            2 => {
                                if s.u32()? != 0 {
                                    return Err("element segment for an unknown table");
                                }
                            }
                            _ => return Err("only active function element segments are supported"),
                        }
                        if m.table.is_none() {
                            return Err("element segment without a table");
                        }
                        let offset = s.const_expr(ValType::I32)? as u32;
                        if flags == 2 && s.byte()? != 0x00 {
                            return Err("unsupported element kind");
                        }
                        let n = s.count(MAX_TABLE as usize)?;
                        let mut funcs = Vec::with_capacity(n);
                        for _ in 0..n {
                            let f = s.u32()?;
                            if f as usize >= m.func_types.len() {
                                return Err("element function index out of range");
                            }
                            funcs.push(f);
                        }
                        m.elements.push((offset, funcs));
                    }
                }
                10 => {
                    saw_code = true;
                    let n = s.count(MAX_FUNCTIONS)?;
                    if n != defined_types.len() {
                        return Err("function and code section lengths differ");
                    }
                    for &type_index in &defined_types {
                        let size = s.u32()? as usize;
                        let body = s.bytes(size)?;
                        let f = compile_function(&m, type_index, body)?;
                        m.functions.push(f);
                    }
                }
                11 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        match s.u32()? {
                            0 => {}
                            2 => {
                                if s.u32()? != 0 {
                                    return Err("data segment for an unknown memory");
                                }
                            }
                            _ => return Err("only active data segments are supported"),
                        }
                        if m.memory.is_none() {
                            return Err("data segment without a memory");
                        }
                        let offset = s.const_expr(ValType::I32)? as u32;
                        let len = s.u32()? as usize;
                        m.data.push((offset, s.bytes(len)?.to_vec()));
                    }
                }
                12 => {
                    s.u32()?;
                }
                _ => return Err("unknown wasm section"),
            }
            if !s.at_end() {
                return Err("wasm section size mismatch");
            }
        }
        if !saw_code && !defined_types.is_empty() {
            return Err("function section without a code section");
        }
        Ok(m)
    }
}

/// A cursor over bytes; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, Reject> {
        let b = *self.bytes.get(self.pos).ok_or("unexpected end of wasm")?;
        self.pos += 1;
        Ok(b)
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], Reject> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("unexpected end of wasm")?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// Unsigned LEB128 of at most `bits` bits.
    fn uleb(&mut self, bits: u32) -> Result<u64, Reject> {
        let mut result = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift >= bits || (shift + 7 > bits && (b & 0x7f) >> (bits - shift) != 0) {
                return Err("LEB128 integer too long");
            }
            result |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                return Ok(result);
            }
        }
    }

    /// Signed LEB128 of at most `bits` bits, sign-extended to 64 bits.
    fn sleb(&mut self, bits: u32) -> Result<i64, Reject> {
        let mut result = 0i64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift >= bits {
                return Err("LEB128 integer too long");
            }
            if shift + 7 > bits {
                // The unused bits of the last byte must all equal the sign bit.
                let used = bits - shift;
                let rest = ((b & 0x7f) as i32) >> (used - 1);
                if b & 0x80 != 0 || (rest != 0 && rest != (0x7f >> (used - 1))) {
                    return Err("LEB128 integer too long");
                }
            }
            result |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 {
                    result |= -1i64 << shift;
                }
                return Ok(result);
            }
        }
    }

    fn u32(&mut self) -> Result<u32, Reject> {
        self.uleb(32).map(|v| v as u32)
    }

    /// A vector length, bounded by `max` and by the bytes left (each element takes at least one byte).
    fn count(&mut self, max: usize) -> Result<usize, Reject> {
        let n = self.u32()? as usize;
        if n > max || n > self.bytes.len() - self.pos {
            return Err("wasm vector too long");
        }
        Ok(n)
    }

    fn name(&mut self) -> Result<&'a str, Reject> {
        let n = self.u32()? as usize;
        core::str::from_utf8(self.bytes(n)?).map_err(|_| "wasm name is not UTF-8")
    }

    fn val_type(&mut self) -> Result<ValType, Reject> {
        match self.byte()? {
            0x7f => Ok(ValType::I32),
            0x7e => Ok(ValType::I64),
            0x7d | 0x7c => Err("floating-point types are not supported"),
            _ => Err("unsupported value type"),
        }
    }

    fn val_types(&mut self) -> Result<Vec<ValType>, Reject> {
        let n = self.count(1000)?;
        (0..n).map(|_| self.val_type()).collect()
    }

    fn limits(&mut self, cap: u32) -> Result<(u32, u32), Reject> {
        match self.byte()? {
            0x00 => Ok((self.u32()?, cap)),
            0x01 => {
                let (min, max) = (self.u32()?, self.u32()?);
                if min > max {
                    return Err("limits minimum above maximum");
                }
                Ok((min, max.min(cap)))
            }
            _ => Err("unsupported limits (shared or 64-bit)"),
        }
    }

    /// A constant expression: `i32.const`/`i64.const` then `end`.
    fn const_expr(&mut self, ty: ValType) -> Result<u64, Reject> {
        let value = match (self.byte()?, ty) {
            (0x41, ValType::I32) => self.sleb(32)? as u32 as u64,
            (0x42, ValType::I64) => self.sleb(64)? as u64,
            _ => return Err("unsupported constant expression"),
        };
        if self.byte()? != 0x0b {
            return Err("unsupported constant expression");
        }
        Ok(value)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Block,
    Loop,
    If,
    Else,
    Function,
}

enum Fixup {
    Op(usize),
    Table(usize),
}

struct Ctrl {
    kind: Kind,
    params: Vec<ValType>,
    results: Vec<ValType>,
    height: usize,
    unreachable: bool,
    /// Instruction index of a loop's start.
    start: usize,
    /// Branches to patch with this label's end.
    fixups: Vec<Fixup>,
    /// The `BrIfNot` of an `if`, patched at `else` or `end`.
    if_jump: Option<usize>,
}

impl Ctrl {
    fn label_types(&self) -> &[ValType] {
        if self.kind == Kind::Loop {
            &self.params
        } else {
            &self.results
        }
    }
}

struct Validator<'m> {
    m: &'m Module,
    locals: Vec<ValType>,
    vals: Vec<Option<ValType>>,
    ctrls: Vec<Ctrl>,
    code: Vec<Op>,
    table: Vec<Branch>,
}

impl Validator<'_> {
    fn push(&mut self, t: ValType) {
        self.vals.push(Some(t));
    }

    fn pop(&mut self) -> Result<Option<ValType>, Reject> {
        let ctrl = self.ctrls.last().ok_or("validation: no frame")?;
        if self.vals.len() == ctrl.height {
            if ctrl.unreachable {
                return Ok(None);
            }
            return Err("validation: operand stack underflow");
        }
        self.vals.pop().ok_or("validation: operand stack underflow")
    }

    fn pop_expect(&mut self, t: ValType) -> Result<(), Reject> {
        match self.pop()? {
            None => Ok(()),
            Some(actual) if actual == t => Ok(()),
            Some(_) => Err("validation: type mismatch"),
        }
    }

    fn pop_all(&mut self, ts: &[ValType]) -> Result<(), Reject> {
        for &t in ts.iter().rev() {
            self.pop_expect(t)?;
        }
        Ok(())
    }

    fn push_all(&mut self, ts: &[ValType]) {
        for &t in ts {
            self.push(t);
        }
    }

    fn push_ctrl(&mut self, kind: Kind, params: Vec<ValType>, results: Vec<ValType>) -> Result<(), Reject> {
        if self.ctrls.len() >= MAX_BLOCK_DEPTH {
            return Err("blocks nested too deeply");
        }
        let height = self.vals.len();
        self.push_all(&params);
        let start = self.code.len();
        self.ctrls.push(Ctrl {
            kind,
            params,
            results,
            height,
            unreachable: false,
            start,
            fixups: Vec::new(),
            if_jump: None,
        });
        Ok(())
    }

    fn pop_ctrl(&mut self) -> Result<Ctrl, Reject> {
        let results = self.ctrls.last().ok_or("validation: no frame")?.results.clone();
        self.pop_all(&results)?;
        let ctrl = self.ctrls.pop().ok_or("validation: no frame")?;
        if self.vals.len() != ctrl.height {
            return Err("validation: values left at the end of a block");
        }
        Ok(ctrl)
    }

    fn set_unreachable(&mut self) {
        if let Some(ctrl) = self.ctrls.last_mut() {
            self.vals.truncate(ctrl.height);
            ctrl.unreachable = true;
        }
    }

    /// The branch to relative label `depth`; forward targets are recorded for patching.
    fn branch(&mut self, depth: u32, fixup: impl FnOnce(&Self) -> Fixup) -> Result<Branch, Reject> {
        let n = self.ctrls.len();
        let index = n.checked_sub(1 + depth as usize).ok_or("branch depth out of range")?;
        let ctrl = &self.ctrls[index];
        let branch = Branch { target: 0, height: ctrl.height as u32, keep: ctrl.label_types().len() as u32 };
        if ctrl.kind == Kind::Loop {
            return Ok(Branch { target: ctrl.start as u32, ..branch });
        }
        let f = fixup(self);
        self.ctrls[index].fixups.push(f);
        Ok(branch)
    }

    fn label_types(&self, depth: u32) -> Result<Vec<ValType>, Reject> {
        let n = self.ctrls.len();
        let index = n.checked_sub(1 + depth as usize).ok_or("branch depth out of range")?;
        Ok(self.ctrls[index].label_types().to_vec())
    }

    fn block_type(&self, r: &mut Reader<'_>) -> Result<(Vec<ValType>, Vec<ValType>), Reject> {
        let b = *r.bytes.get(r.pos).ok_or("unexpected end of wasm")?;
        match b {
            0x40 => {
                r.pos += 1;
                Ok((Vec::new(), Vec::new()))
            }
            0x7f | 0x7e | 0x7d | 0x7c | 0x7b | 0x70 | 0x6f => Ok((Vec::new(), vec![r.val_type()?])),
            _ => {
                let index = r.sleb(33)?;
                let ty = usize::try_from(index)
                    .ok()
                    .and_then(|i| self.m.types.get(i))
                    .ok_or("block type index out of range")?;
                Ok((ty.params.clone(), ty.results.clone()))
            }
        }
    }

    fn memory(&self) -> Result<(), Reject> {
        if self.m.memory.is_none() {
            return Err("memory instruction without a memory");
        }
        Ok(())
    }

    fn local(&self, index: u32) -> Result<ValType, Reject> {
        self.locals.get(index as usize).copied().ok_or("local index out of range")
    }
}

/// Validates and compiles one function body.
fn compile_function(m: &Module, type_index: u32, body: &[u8]) -> Result<Function, Reject> {
    use ValType::{I32, I64};
    let ty = &m.types[type_index as usize];
    let mut r = Reader::new(body);
    let mut locals = ty.params.clone();
    let mut declared = 0u32;
    for _ in 0..r.count(MAX_LOCALS as usize)? {
        let n = r.u32()?;
        let t = r.val_type()?;
        declared =
            declared.checked_add(n).filter(|d| d + (ty.params.len() as u32) <= MAX_LOCALS).ok_or("too many locals")?;
        locals.extend(core::iter::repeat_n(t, n as usize));
    }
    let mut v = Validator { m, locals, vals: Vec::new(), ctrls: Vec::new(), code: Vec::new(), table: Vec::new() };
    v.push_ctrl(Kind::Function, Vec::new(), ty.results.clone())?;
    while !v.ctrls.is_empty() {
        let opcode = r.byte()?;
        match opcode {
            0x00 => {
                v.code.push(Op::Unreachable);
                v.set_unreachable();
            }
            0x01 => {}
            0x02 | 0x03 => {
                let (params, results) = v.block_type(&mut r)?;
                v.pop_all(&params)?;
                v.push_ctrl(if opcode == 0x02 { Kind::Block } else { Kind::Loop }, params, results)?;
            }
            0x04 => {
                let (params, results) = v.block_type(&mut r)?;
                v.pop_expect(I32)?;
                v.pop_all(&params)?;
                v.push_ctrl(Kind::If, params, results)?;
                let at = v.code.len();
                v.code.push(Op::BrIfNot(0));
                if let Some(ctrl) = v.ctrls.last_mut() {
                    ctrl.if_jump = Some(at);
                }
            }
            0x05 => {
                if v.ctrls.last().map(|c| c.kind) != Some(Kind::If) {
                    return Err("else without if");
                }
                let mut ctrl = v.pop_ctrl()?;
                // Jump from the end of the then-branch over the else-branch.
                let at = v.code.len();
                v.code.push(Op::Br(Branch { target: 0, height: ctrl.height as u32, keep: ctrl.results.len() as u32 }));
                ctrl.fixups.push(Fixup::Op(at));
                if let Some(jump) = ctrl.if_jump.take() {
                    v.code[jump] = Op::BrIfNot(v.code.len() as u32);
                }
                let params = ctrl.params.clone();
                v.push_all(&params);
                ctrl.kind = Kind::Else;
                ctrl.unreachable = false;
                v.ctrls.push(ctrl);
            }
            0x0b => {
                let ctrl = v.pop_ctrl()?;
                if ctrl.kind == Kind::If && ctrl.params != ctrl.results {
                    return Err("if without else must not change the stack");
                }
                if ctrl.kind == Kind::Function {
                    v.code.push(Op::Return);
                }
                let end = v.code.len() as u32;
                let end = if ctrl.kind == Kind::Function { end - 1 } else { end };
                if let Some(jump) = ctrl.if_jump {
                    v.code[jump] = Op::BrIfNot(end);
                }
                for f in ctrl.fixups {
                    match f {
                        Fixup::Op(at) => {
                            if let Op::Br(b) | Op::BrIf(b) = &mut v.code[at] {
                                b.target = end;
                            }
                        }
                        Fixup::Table(at) => v.table[at].target = end,
                    }
                }
                v.push_all(&ctrl.results);
            }
            0x0c => {
                let depth = r.u32()?;
                let types = v.label_types(depth)?;
                v.pop_all(&types)?;
                let at = v.code.len();
                let b = v.branch(depth, |_| Fixup::Op(at))?;
                v.code.push(Op::Br(b));
                v.set_unreachable();
            }
            0x0d => {
                let depth = r.u32()?;
                v.pop_expect(I32)?;
                let types = v.label_types(depth)?;
                v.pop_all(&types)?;
                v.push_all(&types);
                let at = v.code.len();
                let b = v.branch(depth, |_| Fixup::Op(at))?;
                v.code.push(Op::BrIf(b));
            }
            0x0e => {
                let n = r.count(65536)?;
                let mut depths = Vec::with_capacity(n + 1);
                for _ in 0..=n {
                    depths.push(r.u32()?);
                }
                v.pop_expect(I32)?;
                let default_arity = v.label_types(depths[n])?.len();
                let start = v.table.len() as u32;
                for &depth in &depths {
                    let types = v.label_types(depth)?;
                    if types.len() != default_arity {
                        return Err("br_table targets of different arity");
                    }
                    v.pop_all(&types)?;
                    v.push_all(&types);
                    let at = v.table.len();
                    let b = v.branch(depth, |_| Fixup::Table(at))?;
                    v.table.push(b);
                }
                v.code.push(Op::BrTable { start, len: depths.len() as u32 });
                v.set_unreachable();
            }
            0x0f => {
                v.pop_all(&ty.results)?;
                v.code.push(Op::Return);
                v.set_unreachable();
            }
            0x10 => {
                let f = r.u32()?;
                if f as usize >= m.func_types.len() {
                    return Err("call to an unknown function");
                }
                let callee = m.func_type(f);
                v.pop_all(&callee.params)?;
                v.push_all(&callee.results);
                v.code.push(Op::Call(f));
            }
            0x11 => {
                let type_index = r.u32()?;
                if r.u32()? != 0 || m.table.is_none() {
                    return Err("call_indirect without a table");
                }
                let callee = m.types.get(type_index as usize).ok_or("call_indirect type out of range")?;
                v.pop_expect(I32)?;
                v.pop_all(&callee.params)?;
                v.push_all(&callee.results);
                v.code.push(Op::CallIndirect(type_index));
            }
            0x1a => {
                v.pop()?;
                v.code.push(Op::Drop);
            }
            0x1b | 0x1c => {
                if opcode == 0x1c {
                    let types = r.val_types()?;
                    if types.len() != 1 {
                        return Err("select with more than one type");
                    }
                }
                v.pop_expect(I32)?;
                let a = v.pop()?;
                let b = v.pop()?;
                let t = match (a, b) {
                    (Some(a), Some(b)) if a != b => return Err("validation: select of different types"),
                    (Some(t), _) | (_, Some(t)) => Some(t),
                    _ => None,
                };
                v.vals.push(t);
                v.code.push(Op::Select);
            }
            0x20 => {
                let i = r.u32()?;
                let t = v.local(i)?;
                v.push(t);
                v.code.push(Op::LocalGet(i));
            }
            0x21 | 0x22 => {
                let i = r.u32()?;
                let t = v.local(i)?;
                v.pop_expect(t)?;
                if opcode == 0x22 {
                    v.push(t);
                    v.code.push(Op::LocalTee(i));
                } else {
                    v.code.push(Op::LocalSet(i));
                }
            }
            0x23 | 0x24 => {
                let i = r.u32()?;
                let g = *m.globals.get(i as usize).ok_or("global index out of range")?;
                if opcode == 0x23 {
                    v.push(g.ty);
                    v.code.push(Op::GlobalGet(i));
                } else {
                    if !g.mutable {
                        return Err("global.set of an immutable global");
                    }
                    v.pop_expect(g.ty)?;
                    v.code.push(Op::GlobalSet(i));
                }
            }
            0x28..=0x3e => {
                let (size_log2, ty, is_store) = match opcode {
                    0x28 => (2, I32, false),
                    0x29 => (3, I64, false),
                    0x2c | 0x2d => (0, I32, false),
                    0x2e | 0x2f => (1, I32, false),
                    0x30 | 0x31 => (0, I64, false),
                    0x32 | 0x33 => (1, I64, false),
                    0x34 | 0x35 => (2, I64, false),
                    0x36 => (2, I32, true),
                    0x37 => (3, I64, true),
                    0x3a => (0, I32, true),
                    0x3b => (1, I32, true),
                    0x3c => (0, I64, true),
                    0x3d => (1, I64, true),
                    0x3e => (2, I64, true),
                    _ => return Err("floating-point instructions are not supported"),
                };
                v.memory()?;
                let align = r.u32()?;
                let offset = r.u32()?;
                if align > size_log2 {
                    return Err("alignment larger than natural");
                }
                if is_store {
                    v.pop_expect(ty)?;
                    v.pop_expect(I32)?;
                    v.code.push(Op::Store(opcode, offset));
                } else {
                    v.pop_expect(I32)?;
                    v.push(ty);
                    v.code.push(Op::Load(opcode, offset));
                }
            }
            0x3f | 0x40 => {
                v.memory()?;
                if r.byte()? != 0 {
                    return Err("memory index must be zero");
                }
                if opcode == 0x40 {
                    v.pop_expect(I32)?;
                    v.code.push(Op::MemoryGrow);
                } else {
                    v.code.push(Op::MemorySize);
                }
                v.push(I32);
            }
            0x41 => {
                let c = r.sleb(32)? as u32 as u64;
                v.push(I32);
                v.code.push(Op::Const(c));
            }
            0x42 => {
                let c = r.sleb(64)? as u64;
                v.push(I64);
                v.code.push(Op::Const(c));
            }
            0x45..=0xc4 => {
                let (params, result): (&[ValType], ValType) = match opcode {
                    0x45 => (&[I32], I32),
                    0x46..=0x4f => (&[I32, I32], I32),
                    0x50 => (&[I64], I32),
                    0x51..=0x5a => (&[I64, I64], I32),
                    0x67..=0x69 => (&[I32], I32),
                    0x6a..=0x78 => (&[I32, I32], I32),
                    0x79..=0x7b => (&[I64], I64),
                    0x7c..=0x8a => (&[I64, I64], I64),
                    0xa7 => (&[I64], I32),
                    0xac | 0xad => (&[I32], I64),
                    0xc0 | 0xc1 => (&[I32], I32),
                    0xc2..=0xc4 => (&[I64], I64),
                    _ => return Err("floating-point instructions are not supported"),
                };
                v.pop_all(params)?;
                v.push(result);
                v.code.push(Op::Num(opcode));
            }
            0xfc => match r.u32()? {
                10 => {
                    v.memory()?;
                    if r.byte()? != 0 || r.byte()? != 0 {
                        return Err("memory index must be zero");
                    }
                    v.pop_all(&[I32, I32, I32])?;
                    v.code.push(Op::MemoryCopy);
                }
                11 => {
                    v.memory()?;
                    if r.byte()? != 0 {
                        return Err("memory index must be zero");
                    }
                    v.pop_all(&[I32, I32, I32])?;
                    v.code.push(Op::MemoryFill);
                }
                0..=7 => return Err("floating-point instructions are not supported"),
                _ => return Err("unsupported 0xfc instruction"),
            },
            0x43 | 0x44 => return Err("floating-point instructions are not supported"),
            _ => return Err("unsupported wasm instruction"),
        }
    }
    if !r.at_end() {
        return Err("bytes after the end of a function body");
    }
    Ok(Function { type_index, locals: declared, code: v.code, branch_table: v.table })
}
