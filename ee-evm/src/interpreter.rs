//! One frame's machine state, and the loop an inspector watches: fetch the opcode and call its entry in a
//! `const`-built table, until the frame exits or suspends with a request. Each entry checks the opcode's
//! stack bounds and charges its static gas (from the traits table, as constants) before its body: see
//! `instructions::checked`. Without an inspector, `run` hands over to `hot_loop`, which keeps the hot
//! registers out of this struct.

use alloc::rc::Rc;
use alloc::vec::Vec;
use primitives::{u256_to_u64, Address, U256};
use system_api::{Gas, Resources, SystemError, SystemInterface};

use ee_api::{ExecutionRequest, ExitStatus, FrameKind, HaltReason};

use crate::analysis::AnalyzedCode;
use crate::inspector::Inspector;
use crate::instructions::InstructionTable;
use crate::memory::Memory;
use crate::stack::Stack;

/// Where the interpreter stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Executing instructions.
    Running,
    /// Waiting for the bootloader to run the request in `Interpreter::request`.
    Suspended,
    /// Finished.
    Exit(ExitStatus),
}

/// What the frame is waiting for while suspended, so the outcome can be written back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Nothing.
    None,
    /// A call whose output goes to memory `[offset, offset + len)`.
    Call {
        /// Memory offset of the output area.
        offset: usize,
        /// Length of the output area.
        len: usize,
    },
    /// A deployment.
    Create,
}

/// The frame's fixed context.
#[derive(Clone, Debug)]
pub struct FrameContext {
    /// Call or constructor.
    pub kind: FrameKind,
    /// `msg.sender`.
    pub caller: Address,
    /// The executing account.
    pub address: Address,
    /// `msg.value`.
    pub value: U256,
    /// Calldata.
    pub input: Vec<u8>,
    /// Static context.
    pub is_static: bool,
    /// Call depth.
    pub depth: usize,
}

/// One EVM frame's machine state.
pub struct Interpreter<R> {
    /// The code being run.
    pub code: Rc<AnalyzedCode>,
    /// `code.padded` again, held inline so the dispatch loop reads the code without going through `code`.
    pub padded: Rc<[u8]>,
    /// Program counter.
    pub pc: usize,
    /// Operand stack.
    pub stack: Stack,
    /// Memory.
    pub memory: Memory,
    /// Gas and refunds.
    pub resources: R,
    /// Fixed context.
    pub ctx: FrameContext,
    /// Output of the last call (RETURNDATASIZE/COPY).
    pub return_data: Vec<u8>,
    /// Running, suspended or finished.
    pub status: Status,
    /// The request to hand to the bootloader while suspended.
    pub request: Option<ExecutionRequest<R>>,
    /// What the suspension waits for.
    pub pending: Pending,
    /// Return or revert data.
    pub output: Vec<u8>,
    /// A fatal system error met by an instruction; ends the block.
    pub fatal: Option<SystemError>,
}

impl<R: Resources> Interpreter<R> {
    /// A fresh interpreter at pc 0.
    pub fn new(code: Rc<AnalyzedCode>, ctx: FrameContext, resources: R) -> Self {
        Interpreter {
            padded: code.padded.clone(),
            code,
            pc: 0,
            stack: Stack::default(),
            memory: Memory::default(),
            resources,
            ctx,
            return_data: Vec::new(),
            status: Status::Running,
            request: None,
            pending: Pending::None,
            output: Vec::new(),
            fatal: None,
        }
    }

    /// Runs until the frame exits or suspends. Without an inspector this is the register-held loop of
    /// `hot_loop`; with one, each step goes through the table so the inspector sees the interpreter whole.
    #[inline(never)]
    pub fn run<Sys: SystemInterface<Resources = R>, I: Inspector<R>>(&mut self, sys: &mut Sys, inspector: &mut I) {
        if !I::ENABLED {
            return crate::hot_loop::run(self, sys);
        }
        let table = &InstructionTable::<Sys>::TABLE;
        while self.status == Status::Running {
            let op = self.padded.get(self.pc).copied().unwrap_or(0);
            if I::ENABLED {
                inspector.step(self, op);
            }
            // The table's entries check the stack and charge static gas themselves (`instructions::checked`).
            self.pc += 1;
            table[op as usize](self, sys);
            if I::ENABLED {
                inspector.step_end(self, op);
            }
        }
    }

    /// Ends the frame exceptionally: all gas is consumed.
    #[cold]
    pub fn halt(&mut self, reason: HaltReason) {
        self.resources.consume_all_gas();
        self.output.clear();
        self.status = Status::Exit(ExitStatus::Halt(reason));
    }

    /// Ends the block: the system failed.
    #[cold]
    pub fn fail(&mut self, error: SystemError) {
        self.fatal = Some(error);
        self.status = Status::Exit(ExitStatus::Halt(HaltReason::Other("system error")));
    }

    /// Charges dynamic gas; halts and returns false when it runs out.
    #[inline(always)]
    pub fn charge(&mut self, gas: u64) -> bool {
        if self.resources.charge_gas(Gas::new(gas)).is_err() {
            self.halt(HaltReason::OutOfResources);
            return false;
        }
        true
    }

    /// Gas left.
    #[inline(always)]
    pub fn gas_left(&self) -> u64 {
        self.resources.gas_left().get()
    }

    /// Makes `[offset, offset + len)` addressable, charging expansion. Returns the offset as `usize`, or
    /// `None` after halting. A zero length needs no valid offset.
    ///
    /// Inlined, so the words it reads stay where the caller has them (see `Stack::peek_ref` on why copies
    /// of stack words are costly); growing memory is out of line.
    #[inline(always)]
    pub fn memory_range(&mut self, offset: &U256, len: &U256) -> Option<(usize, usize)> {
        let Some(len) = u256_to_u64(len) else {
            return self.unpayable_memory();
        };
        self.memory_span(u256_to_u64(offset), len)
    }

    /// [`Self::memory_range`] for a fixed-size access (MLOAD, MSTORE, MSTORE8) whose offset the caller has
    /// already narrowed (`None`: it does not fit 64 bits), so the stack word is read in place.
    #[inline(always)]
    pub fn memory_at(&mut self, offset: Option<u64>, len: usize) -> Option<usize> {
        self.memory_span(offset, len as u64).map(|(start, _)| start)
    }

    /// The shared body of the two above: a zero length needs no valid offset; inside current memory nothing
    /// is charged; beyond it, memory grows out of line or the frame halts.
    #[inline(always)]
    fn memory_span(&mut self, offset: Option<u64>, len: u64) -> Option<(usize, usize)> {
        if len == 0 {
            return Some((0, 0));
        }
        let Some(offset) = offset else {
            return self.unpayable_memory();
        };
        let Some(end) = offset.checked_add(len) else {
            return self.unpayable_memory();
        };
        if end <= self.memory.len() as u64 {
            return Some((offset as usize, len as usize));
        }
        // Checked in 64 bits before narrowing: on the 32-bit prover `as usize` would drop high bits.
        if end > crate::memory::MAX_MEMORY {
            return self.unpayable_memory();
        }
        self.expand_memory(offset as usize, len as usize)
    }

    /// A range no gas limit can pay for: halts.
    #[cold]
    #[inline(never)]
    fn unpayable_memory(&mut self) -> Option<(usize, usize)> {
        self.halt(HaltReason::OutOfResources);
        None
    }

    /// Charges for and grows memory to cover `[offset, offset + len)` (`len > 0`), or halts.
    #[inline(never)]
    fn expand_memory(&mut self, offset: usize, len: usize) -> Option<(usize, usize)> {
        match self.memory.expansion_cost(offset, len) {
            Some(0) => Some((offset, len)),
            Some(cost) => {
                if !self.charge(cost) {
                    return None;
                }
                self.memory.resize_for(offset, len);
                Some((offset, len))
            }
            None => {
                self.halt(HaltReason::OutOfResources);
                None
            }
        }
    }

    /// Suspends with a request for the bootloader.
    pub fn suspend(&mut self, request: ExecutionRequest<R>, pending: Pending) {
        self.request = Some(request);
        self.pending = pending;
        self.status = Status::Suspended;
    }
}
