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
//!
//! Layout: the module's types and the instruction form here; binary decoding of the sections in
//! `decode.rs`; the validator's operand and control stacks in `validate.rs`; the per-instruction
//! validation and emission of a function body in `compile.rs`.

mod compile;
mod decode;
mod validate;

use alloc::string::String;
use alloc::vec::Vec;

use crate::host::HostFn;

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
}
