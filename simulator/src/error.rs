//! Typed reasons a run fails. Every guest misbehaviour ends here, never in a panic.

use core::fmt;

/// Why an instruction trapped. A trap cannot be proven, so it fails the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrapCause {
    /// An encoding outside RV32IM (including `FENCE` and the all-zero word).
    IllegalInstruction {
        /// The instruction word.
        word: u32,
    },
    /// `ECALL`: there is no environment to call in Airbender's machine.
    EnvironmentCall,
    /// `EBREAK`.
    Breakpoint,
    /// A CSR instruction other than `csrrw` (`csrrs`, `csrrc`, the immediate forms).
    UnsupportedCsrInstruction {
        /// The instruction word.
        word: u32,
    },
    /// `csrrw` on a CSR the machine does not have.
    UnsupportedCsr {
        /// The CSR number.
        csr: u32,
    },
    /// `csrrw` on a delegation or marker CSR with operands other than `x0, CSR, x0`.
    InvalidCsrOperands {
        /// The CSR number.
        csr: u32,
        /// The destination register index.
        rd: u8,
        /// The source register index.
        rs1: u8,
    },
    /// A jump or taken branch to an address that is not a multiple of 4.
    InstructionAddressMisaligned {
        /// The jump target.
        target: u32,
    },
    /// A load whose address is not a multiple of its size.
    LoadAddressMisaligned {
        /// The effective address.
        addr: u32,
    },
    /// A store whose address is not a multiple of its size.
    StoreAddressMisaligned {
        /// The effective address.
        addr: u32,
    },
}

impl fmt::Display for TrapCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TrapCause::IllegalInstruction { word } => write!(f, "illegal instruction {word:#010x}"),
            TrapCause::EnvironmentCall => f.write_str("ecall is not supported"),
            TrapCause::Breakpoint => f.write_str("ebreak is not supported"),
            TrapCause::UnsupportedCsrInstruction { word } => {
                write!(
                    f,
                    "CSR instruction {word:#010x} is not csrrw (the only one supported)"
                )
            }
            TrapCause::UnsupportedCsr { csr } => write!(f, "unsupported CSR {csr:#05x}"),
            TrapCause::InvalidCsrOperands { csr, rd, rs1 } => {
                write!(f, "CSR {csr:#05x} must be used as `csrrw x0, {csr:#05x}, x0`, got rd = x{rd}, rs1 = x{rs1}")
            }
            TrapCause::InstructionAddressMisaligned { target } => {
                write!(f, "jump to misaligned address {target:#010x}")
            }
            TrapCause::LoadAddressMisaligned { addr } => {
                write!(f, "misaligned load at {addr:#010x}")
            }
            TrapCause::StoreAddressMisaligned { addr } => {
                write!(f, "misaligned store at {addr:#010x}")
            }
        }
    }
}

/// The kind of memory access that faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Instruction fetch (the pc is outside the ROM).
    Fetch,
    /// Data load (the address is at or beyond the end of memory).
    Load,
    /// Data store (the address is in the ROM or at or beyond the end of memory).
    Store,
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Access::Fetch => "fetch",
            Access::Load => "load",
            Access::Store => "store",
        })
    }
}

/// A delegation request that Airbender's delegation circuits could not prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelegationError {
    /// A pointer register points into the ROM (delegations only touch RAM).
    PointerInRom {
        /// The register index (10 or 11).
        reg: u8,
        /// Its value.
        value: u32,
    },
    /// A pointer register is not aligned as the delegation requires.
    MisalignedPointer {
        /// The register index.
        reg: u8,
        /// Its value.
        value: u32,
        /// The required alignment in bytes.
        align: u32,
    },
    /// The region a pointer register names runs past the end of memory.
    PointerOutOfMemory {
        /// The register index.
        reg: u8,
        /// Its value.
        value: u32,
    },
    /// The read-write region (`x10`) and the read-only region (`x11`) overlap.
    OverlappingPointers {
        /// Value of `x10`.
        x10: u32,
        /// Value of `x11`.
        x11: u32,
    },
    /// The Blake2s round mask (`x12`) is not a single bit among the ten rounds.
    InvalidRoundMask(u32),
    /// The Blake2s control bits (`x13`) have a bit outside the three defined ones.
    InvalidControl(u32),
    /// The U256 op mask (`x12`) does not select exactly one operation (bit 6, carry, aside).
    InvalidOpMask(u32),
}

impl fmt::Display for DelegationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DelegationError::PointerInRom { reg, value } => {
                write!(f, "x{reg} = {value:#010x} points into ROM")
            }
            DelegationError::MisalignedPointer { reg, value, align } => {
                write!(f, "x{reg} = {value:#010x} is not {align}-byte aligned")
            }
            DelegationError::PointerOutOfMemory { reg, value } => {
                write!(
                    f,
                    "region at x{reg} = {value:#010x} runs past the end of memory"
                )
            }
            DelegationError::OverlappingPointers { x10, x11 } => {
                write!(
                    f,
                    "regions at x10 = {x10:#010x} and x11 = {x11:#010x} overlap"
                )
            }
            DelegationError::InvalidRoundMask(m) => {
                write!(f, "round mask {m:#x} is not a single bit below 1 << 10")
            }
            DelegationError::InvalidControl(c) => write!(f, "control bits {c:#x} exceed 0b111"),
            DelegationError::InvalidOpMask(m) => {
                write!(f, "op mask {m:#010b} must select exactly one operation")
            }
        }
    }
}

impl std::error::Error for DelegationError {}

/// Why a run (or building a machine) failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The image does not fit in the ROM.
    ImageTooLarge {
        /// Image length in bytes.
        len: usize,
    },
    /// An instruction trapped.
    Trap {
        /// Address of the trapping instruction.
        pc: u32,
        /// What went wrong.
        cause: TrapCause,
    },
    /// A memory access outside what the access may touch (fetch outside ROM, store to ROM,
    /// anything at or beyond 1 GiB).
    Fault {
        /// Address of the faulting instruction.
        pc: u32,
        /// The address accessed.
        addr: u32,
        /// The kind of access.
        access: Access,
    },
    /// A delegation call with arguments its circuit cannot prove.
    Delegation {
        /// Address of the `csrrw`.
        pc: u32,
        /// The delegation CSR.
        csr: u32,
        /// What was wrong with the request.
        error: DelegationError,
    },
    /// The program read past the end of the non-determinism tape.
    TapeExhausted {
        /// Address of the reading `csrrw`.
        pc: u32,
        /// Number of words the tape holds (all of them read).
        len: usize,
    },
    /// The raw-cycle limit was reached before the program stopped.
    CycleLimit {
        /// The pc of the next instruction that would have run.
        pc: u32,
        /// The limit.
        limit: u64,
    },
    /// The program took the error exit (wrote the read-only `cycle` CSR).
    ErrorExit {
        /// Address of the exiting instruction.
        pc: u32,
    },
}

impl SimError {
    /// Address of the instruction at which the run stopped, if it started.
    pub fn pc(&self) -> Option<u32> {
        match *self {
            SimError::ImageTooLarge { .. } => None,
            SimError::Trap { pc, .. }
            | SimError::Fault { pc, .. }
            | SimError::Delegation { pc, .. }
            | SimError::TapeExhausted { pc, .. }
            | SimError::CycleLimit { pc, .. }
            | SimError::ErrorExit { pc } => Some(pc),
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SimError::ImageTooLarge { len } => write!(
                f,
                "image of {len} bytes does not fit in the {} byte ROM",
                crate::ROM_SIZE
            ),
            SimError::Trap { pc, cause } => write!(f, "trap at pc {pc:#010x}: {cause}"),
            SimError::Fault { pc, addr, access } => {
                write!(f, "{access} fault at pc {pc:#010x}: address {addr:#010x}")
            }
            SimError::Delegation { pc, csr, error } => {
                write!(f, "delegation {csr:#05x} at pc {pc:#010x}: {error}")
            }
            SimError::TapeExhausted { pc, len } => write!(
                f,
                "non-determinism tape exhausted at pc {pc:#010x} (all {len} words read)"
            ),
            SimError::CycleLimit { pc, limit } => {
                write!(f, "cycle limit {limit} reached at pc {pc:#010x}")
            }
            SimError::ErrorExit { pc } => write!(f, "program took the error exit at pc {pc:#010x}"),
        }
    }
}

impl std::error::Error for SimError {}
