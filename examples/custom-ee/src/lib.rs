//! TinyEe: a deliberately tiny execution environment, the worked example of `docs/custom-ee.md`.
//!
//! A stack machine over 256-bit words, EE type 4. Code is a byte string of opcodes:
//!
//! | byte | name | effect | gas |
//! |---|---|---|---|
//! | `0x00` | STOP | end successfully with no output | 0 |
//! | `0x01 b0..b7` | PUSH | push the 8-byte big-endian immediate | 1 |
//! | `0x02` | ADD | pop a, b; push a + b (wrapping) | 1 |
//! | `0x03` | SSTORE | pop key, value; store | 5000 |
//! | `0x04` | SLOAD | pop key; push the stored value | 100 |
//! | `0x05` | RETURN | pop a; end successfully with a as a 32-byte word | 1 |
//! | `0x06` | CALL | pop address, value; call it (empty input, 63/64 of the gas); push 1 on success, 0 otherwise | 100 |
//! | `0x07` | CALLDATA | pop i; push calldata word i (zero-padded) | 1 |
//!
//! Anything else, a stack underflow, running out of gas, SSTORE or a CALL with value in a static frame
//! halt the frame. Deployment: init data
//! `0xEF 0x54 ‖ code` installs `code` (no constructor). A CALL suspends the frame with an
//! `ExecutionRequest::Call`; the bootloader runs the callee in its own EE and resumes us with the outcome.
#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::vec::Vec;

use ee_api::{
    CallOutcome, CallRequest, EeFrame, ExecutionEnvironment, ExecutionRequest, ExitStatus, FrameExit, FrameInput,
    FrameKind, HaltReason,
};
use primitives::{Address, U256};
use system_api::{Bytecode, EeType, Gas, Resources, SystemError, SystemInterface};

/// TinyEe's type id.
pub const TINY_EE_TYPE: EeType = EeType(4);
/// Init data starting with this deploys TinyEe code.
pub const TINY_PREFIX: [u8; 2] = [0xef, 0x54];

/// The EE. Register it by adding it to a bootloader's EE tuple: `Bootloader<(EvmEe, TinyEe)>`.
pub struct TinyEe;

impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for TinyEe {
    const EE_TYPE: EeType = TINY_EE_TYPE;
    const NAME: &'static str = "tiny";

    fn claims_init_code(init_code: &[u8]) -> bool {
        init_code.starts_with(&TINY_PREFIX)
    }

    fn start_frame(_sys: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
        Ok(Box::new(TinyFrame {
            deploy: input.kind == FrameKind::Deploy,
            address: input.address,
            input: input.input,
            code: input.code,
            is_static: input.is_static,
            depth: input.depth,
            resources: input.resources,
            pc: 0,
            stack: Vec::new(),
        }))
    }
}

/// A running TinyEe frame: everything needed to resume after a call lives here.
pub struct TinyFrame<R> {
    deploy: bool,
    address: Address,
    input: Vec<u8>,
    code: Bytecode,
    is_static: bool,
    depth: usize,
    resources: R,
    pc: usize,
    stack: Vec<U256>,
}

/// How the interpreter loop stops.
enum Stop<R> {
    Exit(ExitStatus, Vec<u8>),
    Call(CallRequest<R>),
}

impl<R: Resources> TinyFrame<R> {
    /// Pops a word (the loop checked the stack depth first).
    fn pop(&mut self) -> U256 {
        self.stack.pop().unwrap_or_default()
    }

    /// Ends the frame with all its resources (a halt consumes the gas left first).
    fn exit(&mut self, status: ExitStatus, output: Vec<u8>) -> ExecutionRequest<R> {
        ExecutionRequest::Exit(FrameExit::new(status, output, &mut self.resources))
    }

    fn run<Sys: SystemInterface<Resources = R>>(&mut self, sys: &mut Sys) -> Result<Stop<R>, SystemError> {
        let halt = |reason| Ok(Stop::Exit(ExitStatus::Halt(reason), Vec::new()));
        loop {
            let Some(&op) = self.code.get(self.pc) else { return Ok(Stop::Exit(ExitStatus::Success, Vec::new())) };
            self.pc += 1;
            let (gas, pops) = match op {
                0x00 => (0, 0),
                0x01 => (1, 0),
                0x02 => (1, 2),
                0x03 => (5000, 2),
                0x04 => (100, 1),
                0x06 => (100, 2),
                0x07 => (1, 1),
                0x05 => (1, 1),
                _ => return halt(HaltReason::InvalidInstruction),
            };
            if self.resources.charge_gas(Gas::new(gas)).is_err() {
                return halt(HaltReason::OutOfResources);
            }
            if self.stack.len() < pops {
                return halt(HaltReason::StackUnderflow);
            }
            match op {
                0x00 => return Ok(Stop::Exit(ExitStatus::Success, Vec::new())),
                0x01 => {
                    let Some(imm) = self.code.get(self.pc..self.pc + 8) else { return halt(HaltReason::OutOfBounds) };
                    let v = U256::from_be_slice(imm);
                    self.pc += 8;
                    self.stack.push(v);
                }
                0x02 => {
                    let (a, b) = (self.pop(), self.pop());
                    self.stack.push(a.wrapping_add(b));
                }
                0x03 => {
                    let (key, value) = (self.pop(), self.pop());
                    if self.is_static {
                        return halt(HaltReason::StateChangeInStaticContext);
                    }
                    sys.sstore(&self.address, &key, &value)?;
                }
                0x04 => {
                    let key = self.pop();
                    let value = sys.sload(&self.address, &key)?.value;
                    self.stack.push(value);
                }
                0x05 => return Ok(Stop::Exit(ExitStatus::Success, self.pop().to_be_bytes::<32>().to_vec())),
                0x06 => {
                    let (to, value) = (Address::from_word(&self.pop()), self.pop());
                    // The bootloader moves value even in a static context: refusing it is the EE's job.
                    if self.is_static && !value.is_zero() {
                        return halt(HaltReason::StateChangeInStaticContext);
                    }
                    // The bootloader does not limit depth either: past 1,024 frames a CALL fails (pushes 0).
                    if self.depth >= 1024 {
                        self.stack.push(U256::ZERO);
                        continue;
                    }
                    sys.access_account(&to)?;
                    let gas = self.resources.gas_left().all_but_one_64th();
                    let call = CallRequest::call(self.address, to, value, Vec::new(), self.resources.take(gas));
                    return Ok(Stop::Call(CallRequest { is_static: self.is_static, ..call }));
                }
                _ => {
                    let i = usize::try_from(self.pop()).unwrap_or(usize::MAX);
                    let mut word = [0u8; 32];
                    for (j, b) in word.iter_mut().enumerate() {
                        *b = i.checked_mul(32).and_then(|k| self.input.get(k + j)).copied().unwrap_or(0);
                    }
                    self.stack.push(U256::from_be_bytes(word));
                }
            }
        }
    }
}

impl<Sys: SystemInterface> EeFrame<Sys> for TinyFrame<Sys::Resources> {
    fn resume(
        &mut self,
        sys: &mut Sys,
        outcome: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
        if let Some(outcome) = outcome {
            let success = outcome.status.is_success();
            self.resources.reclaim(outcome.resources, success);
            self.stack.push(U256::from(u8::from(success)));
        } else if self.deploy {
            // A constructor installs the code after the prefix as it is.
            let code = self.code.get(TINY_PREFIX.len()..).unwrap_or_default().to_vec();
            return Ok(self.exit(ExitStatus::Success, code));
        }
        match self.run(sys)? {
            Stop::Exit(status, output) => Ok(self.exit(status, output)),
            Stop::Call(request) => Ok(ExecutionRequest::Call(request)),
        }
    }
}
