//! The EraVM instruction set: the 11-bit opcode-variant table, conditions, addressing modes and ergs prices.
//!
//! An instruction is 64 bits: bits 0..11 index [`TABLE`] (opcode, sub-variant, addressing modes of src0 and
//! dst0, up to two flags), bits 13..16 the condition, then four 4-bit register indexes (src0, src1, dst0,
//! dst1) and two 16-bit immediates. The table is built the way the reference (`zkevm_opcode_defs`) builds it:
//! every variant of ISA version 0 in opcode order, then the variants new in versions 1 and 2, padded with
//! invalid entries. `tests/table.rs` checks it entry by entry against the reference.

/// Context (environment) opcodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ContextOp {
    This,
    Caller,
    CodeAddress,
    Meta,
    ErgsLeft,
    Sp,
    GetContextU128,
    SetContextU128,
    AuxMutating0,
    IncrementTxNumber,
}

/// Log-family opcodes (storage, events, messages, precompiles, decommit, transient storage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum LogOp {
    StorageRead,
    StorageWrite,
    ToL1Message,
    Event,
    PrecompileCall,
    Decommit,
    TransientRead,
    TransientWrite,
}

/// Far call kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum FarCallKind {
    Normal,
    Delegate,
    Mimic,
}

/// Return kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum RetKind {
    Ok,
    Revert,
    Panic,
}

/// Unaligned memory access opcodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UmaOp {
    HeapRead,
    HeapWrite,
    AuxHeapRead,
    AuxHeapWrite,
    FatPointerRead,
    StaticMemoryRead,
    StaticMemoryWrite,
}

/// An opcode with its sub-variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Op {
    Invalid,
    Nop,
    Add,
    Sub,
    Mul,
    Div,
    Jump,
    Xor,
    And,
    Or,
    Shl,
    Shr,
    Rol,
    Ror,
    PtrAdd,
    PtrSub,
    PtrPack,
    PtrShrink,
    NearCall,
    Context(ContextOp),
    Log(LogOp),
    FarCall(FarCallKind),
    Ret(RetKind),
    Uma(UmaOp),
}

/// Addressing mode of src0 / dst0, numbered like the reference's `ImmMemHandlerFlags` (register-only
/// operands are mode 0).
pub mod mode {
    /// Register.
    pub const REG: u8 = 0;
    /// Stack with push (dst) / pop (src): sp moves.
    pub const STACK_PUSH_POP: u8 = 1;
    /// Stack at sp - (reg + imm).
    pub const STACK_OFFSET: u8 = 2;
    /// Stack at absolute reg + imm.
    pub const STACK_ABSOLUTE: u8 = 3;
    /// The 16-bit immediate (src only).
    pub const IMM: u8 = 4;
    /// A word of the code page (src only).
    pub const CODE: u8 = 5;
}

/// One entry of the variant table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The opcode.
    pub op: Op,
    /// Addressing mode of src0 ([`mode`]).
    pub src0: u8,
    /// Addressing mode of dst0 ([`mode`]).
    pub dst0: u8,
    /// Non-exclusive flags: `.s` (set flags) / swap / `to_label` / static / increment / first, per opcode.
    pub flags: [bool; 2],
}

const INVALID: Variant = Variant { op: Op::Invalid, src0: 0, dst0: 0, flags: [false, false] };

/// Operand kinds of an opcode (what the table enumerates).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Register-only operands: only flags vary.
    RegOnly,
    /// src0 any of 6 modes, dst0 any of 4 (register or stack).
    FullFull,
    /// src0 any of 6 modes, no memory dst.
    FullSrc,
    /// src0 register or immediate.
    RegOrImm,
}

const fn kind(op: Op, version: u8) -> Kind {
    match op {
        Op::Nop
        | Op::Add
        | Op::Sub
        | Op::Mul
        | Op::Div
        | Op::Xor
        | Op::And
        | Op::Or
        | Op::Shl
        | Op::Shr
        | Op::Rol
        | Op::Ror
        | Op::PtrAdd
        | Op::PtrSub
        | Op::PtrPack
        | Op::PtrShrink => Kind::FullFull,
        Op::Jump => Kind::FullSrc,
        Op::Uma(UmaOp::FatPointerRead) => Kind::RegOnly,
        Op::Uma(_) => {
            if version == 0 {
                Kind::RegOnly
            } else {
                Kind::RegOrImm
            }
        }
        _ => Kind::RegOnly,
    }
}

const fn num_flags(op: Op) -> usize {
    match op {
        Op::Add | Op::Mul | Op::Xor | Op::And | Op::Or | Op::Uma(_) | Op::Ret(_) => 1,
        Op::PtrAdd | Op::PtrSub | Op::PtrPack | Op::PtrShrink => 1,
        Op::Sub | Op::Div | Op::Shl | Op::Shr | Op::Rol | Op::Ror | Op::FarCall(_) => 2,
        Op::Log(LogOp::Event) | Op::Log(LogOp::ToL1Message) => 1,
        _ => 0,
    }
}

/// Opcodes in table order (the reference's opcode order, then sub-variant order).
const ALL_OPS: [Op; 57] = [
    Op::Invalid,
    Op::Nop,
    Op::Add,
    Op::Sub,
    Op::Mul,
    Op::Div,
    Op::Jump,
    Op::Xor,
    Op::And,
    Op::Or,
    Op::Shl,
    Op::Shr,
    Op::Rol,
    Op::Ror,
    Op::PtrAdd,
    Op::PtrSub,
    Op::PtrPack,
    Op::PtrShrink,
    Op::NearCall,
    Op::Context(ContextOp::This),
    Op::Context(ContextOp::Caller),
    Op::Context(ContextOp::CodeAddress),
    Op::Context(ContextOp::Meta),
    Op::Context(ContextOp::ErgsLeft),
    Op::Context(ContextOp::Sp),
    Op::Context(ContextOp::GetContextU128),
    Op::Context(ContextOp::SetContextU128),
    Op::Context(ContextOp::AuxMutating0),
    Op::Context(ContextOp::IncrementTxNumber),
    Op::Log(LogOp::StorageRead),
    Op::Log(LogOp::StorageWrite),
    Op::Log(LogOp::ToL1Message),
    Op::Log(LogOp::Event),
    Op::Log(LogOp::PrecompileCall),
    Op::Log(LogOp::Decommit),
    Op::Log(LogOp::TransientRead),
    Op::Log(LogOp::TransientWrite),
    Op::FarCall(FarCallKind::Normal),
    Op::FarCall(FarCallKind::Delegate),
    Op::FarCall(FarCallKind::Mimic),
    Op::Ret(RetKind::Ok),
    Op::Ret(RetKind::Revert),
    Op::Ret(RetKind::Panic),
    Op::Uma(UmaOp::HeapRead),
    Op::Uma(UmaOp::HeapWrite),
    Op::Uma(UmaOp::AuxHeapRead),
    Op::Uma(UmaOp::AuxHeapWrite),
    Op::Uma(UmaOp::FatPointerRead),
    Op::Uma(UmaOp::StaticMemoryRead),
    Op::Uma(UmaOp::StaticMemoryWrite),
    // padding so the array has a fixed length; never enumerated (see `OPS_LEN`)
    Op::Invalid,
    Op::Invalid,
    Op::Invalid,
    Op::Invalid,
    Op::Invalid,
    Op::Invalid,
    Op::Invalid,
];
const OPS_LEN: usize = 50;

const fn available(op: Op, version: u8) -> bool {
    match op {
        Op::Log(LogOp::Decommit)
        | Op::Log(LogOp::TransientRead)
        | Op::Log(LogOp::TransientWrite)
        | Op::Uma(UmaOp::StaticMemoryRead)
        | Op::Uma(UmaOp::StaticMemoryWrite) => version >= 2,
        _ => true,
    }
}

/// Whether the variant (op, src0 mode) exists in `version`.
const fn exists_in(op: Op, src0: u8, version: u8) -> bool {
    if !available(op, version) {
        return false;
    }
    match kind(op, version) {
        Kind::RegOnly => src0 == 0,
        Kind::RegOrImm => src0 == mode::REG || src0 == mode::IMM,
        _ => true,
    }
}

struct Builder {
    table: [Variant; 2048],
    len: usize,
}

const fn push_flags(mut b: Builder, op: Op, src0: u8, dst0: u8, version: u8) -> Builder {
    let n = num_flags(op);
    let combos: usize = 1 << n;
    let mut i = 0;
    while i < combos {
        // the reference enumerates flag 0 as the outer loop
        let flags = match n {
            0 => [false, false],
            1 => [i == 1, false],
            _ => [i >= 2, i % 2 == 1],
        };
        if version == 0 || !exists_in(op, src0, version - 1) {
            b.table[b.len] = Variant { op, src0, dst0, flags };
            b.len += 1;
        }
        i += 1;
    }
    b
}

const fn build() -> [Variant; 2048] {
    let mut b = Builder { table: [INVALID; 2048], len: 0 };
    let mut version = 0u8;
    while version <= 2 {
        let mut i = 0;
        while i < OPS_LEN {
            let op = ALL_OPS[i];
            i += 1;
            if !available(op, version) {
                continue;
            }
            match kind(op, version) {
                Kind::RegOnly => b = push_flags(b, op, 0, 0, version),
                Kind::FullFull => {
                    let mut s = 0u8;
                    while s < 6 {
                        let mut d = 0u8;
                        while d < 4 {
                            b = push_flags(b, op, s, d, version);
                            d += 1;
                        }
                        s += 1;
                    }
                }
                Kind::FullSrc => {
                    let mut s = 0u8;
                    while s < 6 {
                        b = push_flags(b, op, s, 0, version);
                        s += 1;
                    }
                }
                Kind::RegOrImm => {
                    b = push_flags(b, op, mode::REG, 0, version);
                    b = push_flags(b, op, mode::IMM, 0, version);
                }
            }
        }
        version += 1;
    }
    b.table
}

/// The 2,048-entry opcode-variant table (ISA version 2).
pub static TABLE: [Variant; 2048] = build();

// Ergs prices (zkevm_opcode_defs: cycle 4, RAM permutation 1, log demuxer 1, storage sorter 2, ...).
/// Arithmetic, logic, shifts, jumps, pointer ops, nop.
pub const RICH_ADDRESSING_ERGS: u32 = 6;
/// Context opcodes and returns.
pub const AVERAGE_ERGS: u32 = 5;
/// Near call.
pub const NEAR_CALL_ERGS: u32 = 25;
/// Far call (before memory growth and decommitment).
pub const FAR_CALL_ERGS: u32 = 183;
/// Ergs per code word of a fresh decommitment.
pub const DECOMMIT_ERGS_PER_WORD: u32 = 4;

impl Op {
    /// The price charged before the instruction executes.
    pub const fn ergs(self) -> u32 {
        match self {
            Op::Invalid => u32::MAX,
            Op::NearCall => NEAR_CALL_ERGS,
            Op::Context(_) | Op::Ret(_) => AVERAGE_ERGS,
            Op::FarCall(_) => FAR_CALL_ERGS,
            Op::Log(l) => match l {
                LogOp::StorageRead => 2008,
                LogOp::StorageWrite => 5511,
                LogOp::ToL1Message => 109,
                LogOp::Event => 34,
                LogOp::PrecompileCall => 6,
                LogOp::Decommit => 6,
                LogOp::TransientRead => 38,
                LogOp::TransientWrite => 71,
            },
            Op::Uma(u) => match u {
                UmaOp::HeapWrite | UmaOp::AuxHeapWrite | UmaOp::StaticMemoryWrite => 13,
                _ => 7,
            },
            _ => RICH_ADDRESSING_ERGS,
        }
    }

    /// Only in kernel mode (code address below 2^16).
    pub const fn requires_kernel(self) -> bool {
        matches!(
            self,
            Op::Context(ContextOp::SetContextU128)
                | Op::Context(ContextOp::AuxMutating0)
                | Op::Context(ContextOp::IncrementTxNumber)
                | Op::Log(LogOp::Event)
                | Op::Log(LogOp::ToL1Message)
                | Op::Log(LogOp::PrecompileCall)
                | Op::Log(LogOp::Decommit)
                | Op::FarCall(FarCallKind::Mimic)
                | Op::Uma(UmaOp::StaticMemoryRead)
                | Op::Uma(UmaOp::StaticMemoryWrite)
        )
    }

    /// Forbidden in a static context.
    pub const fn forbidden_in_static(self) -> bool {
        matches!(
            self,
            Op::Context(ContextOp::SetContextU128)
                | Op::Context(ContextOp::AuxMutating0)
                | Op::Context(ContextOp::IncrementTxNumber)
                | Op::Log(LogOp::StorageWrite)
                | Op::Log(LogOp::Event)
                | Op::Log(LogOp::ToL1Message)
                | Op::Log(LogOp::TransientWrite)
        )
    }

    /// Whether a pointer-tagged src0 keeps its tag (and fat-pointer metadata) in user mode.
    pub const fn src0_can_be_pointer(self) -> bool {
        matches!(self, Op::PtrAdd | Op::PtrSub | Op::PtrPack | Op::PtrShrink | Op::FarCall(_) | Op::Ret(_) | Op::Uma(_))
    }

    /// Whether operands are swapped (`.s` variants of sub, div, shifts and pointer ops).
    pub const fn swaps(self, flags: [bool; 2]) -> bool {
        match self {
            Op::Sub | Op::Div | Op::Shl | Op::Shr | Op::Rol | Op::Ror => flags[1],
            Op::PtrAdd | Op::PtrSub | Op::PtrPack | Op::PtrShrink => flags[0],
            _ => false,
        }
    }
}

/// Execution conditions (bits 13..16).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Condition {
    Always,
    Gt,
    Lt,
    Eq,
    Ge,
    Le,
    Ne,
    GtOrLt,
}

/// A decoded 64-bit instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Index into [`TABLE`] (for the price).
    pub index: u16,
    /// The table entry.
    pub variant: Variant,
    /// The condition.
    pub condition: Condition,
    /// Register indexes (0 = r0, reads zero, writes are dropped).
    pub src0: u8,
    #[allow(missing_docs)]
    pub src1: u8,
    #[allow(missing_docs)]
    pub dst0: u8,
    #[allow(missing_docs)]
    pub dst1: u8,
    /// Immediates.
    pub imm0: u16,
    #[allow(missing_docs)]
    pub imm1: u16,
}

impl Instruction {
    /// Decodes the raw 64-bit instruction.
    pub fn decode(raw: u64) -> Self {
        let index = (raw & 0x7ff) as u16;
        let condition = match (raw >> 13) & 7 {
            0 => Condition::Always,
            1 => Condition::Gt,
            2 => Condition::Lt,
            3 => Condition::Eq,
            4 => Condition::Ge,
            5 => Condition::Le,
            6 => Condition::Ne,
            _ => Condition::GtOrLt,
        };
        let src = (raw >> 16) as u8;
        let dst = (raw >> 24) as u8;
        Instruction {
            index,
            variant: TABLE[index as usize],
            condition,
            src0: src & 15,
            src1: src >> 4,
            dst0: dst & 15,
            dst1: dst >> 4,
            imm0: (raw >> 32) as u16,
            imm1: (raw >> 48) as u16,
        }
    }

    /// `ret.panic r0`, what an exception turns the instruction into.
    pub const PANIC: Instruction = Instruction {
        index: 0,
        variant: Variant { op: Op::Ret(RetKind::Panic), src0: 0, dst0: 0, flags: [false, false] },
        condition: Condition::Always,
        src0: 0,
        src1: 0,
        dst0: 0,
        dst1: 0,
        imm0: 0,
        imm1: 0,
    };
}
