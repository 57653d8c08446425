//! The ExecutionEnvironment trait: how a virtual machine plugs into zkos.
//!
//! An EE runs one *frame* (a call or a deployment of code it owns) until the frame needs something it cannot
//! do alone: another call, a deployment, or its own end. It then returns an [`ExecutionRequest`] to the
//! bootloader, which owns the call stack: it snapshots state, finds the callee's EE from the account's
//! [`EeType`], runs the callee, and later resumes the caller with a [`CallOutcome`]. No EE ever recurses into
//! another on the host stack, which keeps the RISC-V native stack bounded and lets calls cross EEs.
//!
//! The set of EEs a bootloader knows is one tuple type, e.g. `(EvmEe, WasmEe)`; see [`EeSet`]. Writing an
//! EE is walked through in `docs/custom-ee.md` (worked example: `examples/custom-ee/`).
//!
//! # Example
//!
//! An EE whose every frame returns the 32-byte word 42, found through an [`EeSet`] by its type id and driven
//! by hand the way the bootloader drives frames (over a `System` with an empty in-memory pre-state):
//!
//! ```
//! use zkos_ee_api::{CallOutcome, CallScheme, EeFrame, EeSet, ExecutionEnvironment, ExecutionRequest, ExitStatus,
//!     FrameExit, FrameInput, FrameKind};
//! use primitives::{Address, U256};
//! use system_api::{EeType, Gas, Resources, SystemError, SystemInterface};
//! use system_impl::{ForwardOracle, ForwardSystem, InMemoryState, System};
//!
//! struct AnswerEe;
//! struct AnswerFrame<R>(R);
//!
//! impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for AnswerEe {
//!     const EE_TYPE: EeType = EeType(9);
//!     const NAME: &'static str = "answer";
//!     fn start_frame(_: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
//!         Ok(Box::new(AnswerFrame(input.resources)))
//!     }
//! }
//!
//! impl<Sys: SystemInterface> EeFrame<Sys> for AnswerFrame<Sys::Resources> {
//!     fn resume(
//!         &mut self,
//!         _: &mut Sys,
//!         _: Option<CallOutcome<Sys::Resources>>,
//!     ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
//!         if self.0.charge_gas(Gas::new(3)).is_err() {
//!             let reason = zkos_ee_api::HaltReason::OutOfResources;
//!             return Ok(ExecutionRequest::Exit(FrameExit::halt(reason, &mut self.0)));
//!         }
//!         let word = U256::from(42u8).to_be_bytes::<32>().to_vec();
//!         Ok(ExecutionRequest::Exit(FrameExit::success(word, &mut self.0)))
//!     }
//! }
//!
//! type Ees = (AnswerEe,);
//! assert!(<Ees as EeSet<ForwardSystem>>::contains(EeType(9)));
//! assert!(!<Ees as EeSet<ForwardSystem>>::contains(EeType(1)));
//!
//! let mut sys: ForwardSystem = System::new(ForwardOracle::new(Default::default(), vec![], InMemoryState::new()))?;
//! let input = FrameInput {
//!     kind: FrameKind::Call(CallScheme::Call),
//!     caller: Address::from_low_u64(1),
//!     address: Address::from_low_u64(2),
//!     code_address: Address::from_low_u64(2),
//!     value: U256::ZERO,
//!     input: vec![],
//!     code: vec![0xff].into(),
//!     resources: Resources::with_gas(Gas::new(100)),
//!     is_static: false,
//!     depth: 0,
//! };
//! // No EE of the set has type 1: the bootloader would halt such a call as malformed code.
//! assert!(Ees::start_frame(EeType(1), &mut sys, input.clone()).is_none());
//! let mut frame = Ees::start_frame(EeType(9), &mut sys, input).expect("type 9 is in the set")?;
//! let ExecutionRequest::Exit(exit) = frame.resume(&mut sys, None)? else { panic!("expected an exit") };
//! assert_eq!(exit.status, ExitStatus::Success);
//! assert_eq!(exit.output[31], 42);
//! assert_eq!(exit.resources.gas_left(), Gas::new(97));
//! # Ok::<(), SystemError>(())
//! ```
//!
//! Two EEs of one set may not share a type id; the build fails with a message naming both and the id
//! (``EE set: `answer` and `again` both declare EE_TYPE 9 …``):
//!
//! ```compile_fail
//! # use zkos_ee_api::{EeFrame, EeSet, ExecutionEnvironment, FrameInput};
//! # use system_api::{EeType, SystemError, SystemInterface};
//! # use system_impl::{ForwardOracle, ForwardSystem, InMemoryState, System};
//! # macro_rules! ee { ($name:ident, $label:literal) => {
//! # struct $name;
//! # impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for $name {
//! #     const EE_TYPE: EeType = EeType(9);
//! #     const NAME: &'static str = $label;
//! #     fn start_frame(_: &mut Sys, _: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
//! #         Err(SystemError::Internal("unused"))
//! #     }
//! # }
//! # } }
//! ee!(Answer, "answer");
//! ee!(Again, "again");
//! # let oracle = ForwardOracle::new(Default::default(), vec![], InMemoryState::new());
//! # let mut sys: ForwardSystem = System::new(oracle).unwrap();
//! # let input = zkos_ee_api::FrameInput {
//! #     kind: zkos_ee_api::FrameKind::Deploy, caller: Default::default(), address: Default::default(),
//! #     code_address: Default::default(), value: Default::default(), input: vec![], code: Default::default(),
//! #     resources: system_api::Resources::with_gas(system_api::Gas::ZERO), is_static: false, depth: 0,
//! # };
//! let _ = <(Answer, Again) as EeSet<ForwardSystem>>::start_frame(EeType(9), &mut sys, input);
//! ```
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
