//! The EVM's `EeFrame`: starts the interpreter, writes call outcomes back into the suspended frame, and turns
//! a constructor's result into deployable code (EIP-3541 prefix rule, EIP-170 size limit, deposit gas).

use alloc::vec::Vec;
use primitives::U256;
use system_api::{Gas, Resources, SystemError, SystemInterface};

use ee_api::{CallOutcome, EeFrame, ExecutionRequest, ExitStatus, FrameExit, FrameKind, HaltReason};

use crate::gas;
use crate::inspector::Inspector;
use crate::interpreter::{Interpreter, Pending, Status};

/// A running EVM frame with its inspector.
pub struct EvmFrame<R, I> {
    /// The machine state.
    pub interpreter: Interpreter<R>,
    /// The inspector observing it.
    pub inspector: I,
}

impl<R: Resources, I: Inspector<R>> EvmFrame<R, I> {
    fn apply_outcome(&mut self, outcome: CallOutcome<R>) {
        let it = &mut self.interpreter;
        let success = outcome.status.is_success();
        it.resources.reclaim(outcome.resources, success);
        match core::mem::replace(&mut it.pending, Pending::None) {
            Pending::Call { offset, len } => {
                let n = len.min(outcome.output.len());
                it.memory.slice_mut(offset, n).copy_from_slice(&outcome.output[..n]);
                it.return_data = outcome.output;
                it.stack.push(U256::from(success as u8));
            }
            Pending::Create => {
                let address = outcome.deployed_at.filter(|_| success);
                it.return_data = if outcome.status == ExitStatus::Revert { outcome.output } else { Vec::new() };
                it.stack.push(address.map_or(U256::ZERO, |a| a.to_word()));
            }
            Pending::None => {}
        }
        it.status = Status::Running;
    }

    fn exit(&mut self, status: ExitStatus) -> FrameExit<R> {
        let it = &mut self.interpreter;
        let mut status = status;
        if status == ExitStatus::Success && it.ctx.kind == FrameKind::Deploy {
            let (code_len, first) = (it.output.len(), it.output.first().copied());
            if first == Some(0xef) {
                it.halt(HaltReason::InvalidDeployedCode);
                status = ExitStatus::Halt(HaltReason::InvalidDeployedCode);
            } else if !it.charge(gas::CODE_DEPOSIT * code_len as u64) {
                status = ExitStatus::Halt(HaltReason::OutOfResources);
            } else if code_len > gas::MAX_CODE_SIZE {
                it.halt(HaltReason::InvalidDeployedCode);
                status = ExitStatus::Halt(HaltReason::InvalidDeployedCode);
            }
        }
        let resources = core::mem::replace(&mut it.resources, R::with_gas(Gas::ZERO));
        FrameExit { status, output: core::mem::take(&mut it.output), resources }
    }
}

impl<Sys: SystemInterface, I: Inspector<Sys::Resources>> EeFrame<Sys> for EvmFrame<Sys::Resources, I> {
    fn resume(
        &mut self,
        sys: &mut Sys,
        outcome: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
        if let Some(outcome) = outcome {
            self.apply_outcome(outcome);
        }
        self.interpreter.run(sys, &mut self.inspector);
        if let Some(error) = self.interpreter.fatal.take() {
            return Err(error);
        }
        match self.interpreter.status {
            Status::Suspended => {
                self.interpreter.request.take().ok_or(SystemError::Internal("suspended EVM frame without a request"))
            }
            Status::Exit(status) => Ok(ExecutionRequest::Exit(self.exit(status))),
            Status::Running => Err(SystemError::Internal("EVM interpreter stopped while running")),
        }
    }
}
