//! The ExecutionEnvironment trait: how a virtual machine plugs into zkos.
//!
//! An EE runs one *frame* (a call or a deployment of code it owns) until the frame needs something it cannot
//! do alone: another call, a deployment, or its own end. It then returns an [`ExecutionRequest`] to the
//! bootloader, which owns the call stack: it snapshots state, finds the callee's EE from the account's
//! [`EeType`], runs the callee, and later resumes the caller with a [`CallOutcome`]. No EE ever recurses into
//! another on the host stack, which keeps the RISC-V native stack bounded and lets calls cross EEs.
//!
//! The set of EEs a bootloader knows is one tuple type, e.g. `(EvmEe, WasmEe)`; see [`EeSet`].
#![no_std]

extern crate alloc;

mod outcome;
mod registry;
mod request;

pub use outcome::{CallOutcome, ExitStatus, FrameExit, HaltReason};
pub use registry::EeSet;
pub use request::{CallRequest, CallScheme, DeployRequest, ExecutionRequest, FrameInput, FrameKind};
pub use system_api::{EeType, SystemError, SystemInterface};

use alloc::boxed::Box;

/// A running frame of some EE. The bootloader drives it with [`EeFrame::resume`].
///
/// Phases: the first `resume(sys, None)` starts execution; each later call passes the outcome of the
/// request the frame returned last. After the frame returns [`ExecutionRequest::Exit`] it is dropped.
pub trait EeFrame<Sys: SystemInterface> {
    /// Runs until the next request.
    fn resume(
        &mut self,
        sys: &mut Sys,
        outcome: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError>;
}

/// A virtual machine that zkos can run. Implement this (and [`EeFrame`]) in one crate and add the type to
/// the bootloader's EE set: that is the whole integration.
pub trait ExecutionEnvironment<Sys: SystemInterface>: 'static {
    /// The id stored in accounts whose code this EE runs.
    const EE_TYPE: EeType;
    /// Human-readable name for reports and errors.
    const NAME: &'static str;

    /// Whether a top-level contract creation with this init data deploys code of this EE. The bootloader asks
    /// each EE of its set in order and falls back to the EVM when none claims it; see
    /// `docs/execution-environments.md`. The default claims nothing.
    fn claims_init_code(_init_code: &[u8]) -> bool {
        false
    }

    /// Prepares a frame for `input`. Failures of the *code* (malformed bytecode) are not errors here: the
    /// frame should return an `Exit` with a halt on its first resume.
    fn start_frame(sys: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError>;
}
