//! The frame stack: the bootloader, not the EEs, owns nested execution.
//!
//! A request (call or deployment) opens a checkpoint, moves value, and either finishes at once (a precompile,
//! an account without code) or starts a frame in the EE the code's account names. Frames run until they
//! return a new request (pushed on top) or exit (popped; their checkpoint kept or rolled back, their outcome
//! handed to the frame below). The loop is iterative, so host stack use is constant whatever the call depth.

use alloc::boxed::Box;
use alloc::vec::Vec;
use primitives::Address;
use system_api::{BootloaderIo, Checkpoint, EeType, Resources, SystemError, SystemInterface};

use ee_api::{
    CallOutcome, CallRequest, DeployRequest, EeFrame, EeSet, ExecutionRequest, ExitStatus, FrameExit, FrameInput,
    FrameKind, HaltReason,
};

use crate::precompiles::PrecompileSet;

/// A frame on the stack with what the bootloader must do when it ends.
struct ActiveFrame<Sys: SystemInterface> {
    frame: Box<dyn EeFrame<Sys>>,
    checkpoint: Checkpoint,
    /// For constructors: where to install the code and which EE owns it.
    deploys: Option<(Address, EeType)>,
}

/// Either a frame to run or an outcome already known.
enum Started<Sys: SystemInterface> {
    Frame(ActiveFrame<Sys>),
    Done(CallOutcome<Sys::Resources>),
}

fn done<R>(status: ExitStatus, resources: R) -> CallOutcome<R> {
    CallOutcome { status, output: Vec::new(), resources, deployed_at: None }
}

/// Runs `request` and every frame it leads to; returns the outermost outcome.
///
/// `depth` is the depth of the request itself (0 for a transaction). Fatal errors abort the whole tree; the
/// caller then discards the block.
pub fn execute<Sys, Ees, P>(
    sys: &mut Sys,
    request: ExecutionRequest<Sys::Resources>,
    depth: usize,
) -> Result<CallOutcome<Sys::Resources>, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
{
    let mut stack: Vec<ActiveFrame<Sys>> = Vec::new();
    let mut next = request;
    loop {
        let frame_depth = depth + stack.len();
        let outcome = match next {
            ExecutionRequest::Call(call) => match start_call::<Sys, Ees, P>(sys, call, frame_depth)? {
                Started::Frame(active) => {
                    stack.push(active);
                    next = resume_top(sys, &mut stack, None)?;
                    continue;
                }
                Started::Done(outcome) => outcome,
            },
            ExecutionRequest::Deploy(deploy) => match start_deploy::<Sys, Ees>(sys, deploy, frame_depth)? {
                Started::Frame(active) => {
                    stack.push(active);
                    next = resume_top(sys, &mut stack, None)?;
                    continue;
                }
                Started::Done(outcome) => outcome,
            },
            ExecutionRequest::Exit(exit) => {
                let active = stack.pop().ok_or(SystemError::Internal("frame exit with an empty stack"))?;
                finish(sys, active, exit)?
            }
        };
        if stack.is_empty() {
            return Ok(outcome);
        }
        next = resume_top(sys, &mut stack, Some(outcome))?;
    }
}

fn resume_top<Sys: SystemInterface>(
    sys: &mut Sys,
    stack: &mut [ActiveFrame<Sys>],
    outcome: Option<CallOutcome<Sys::Resources>>,
) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
    match stack.last_mut() {
        Some(top) => top.frame.resume(sys, outcome),
        None => Err(SystemError::Internal("resume with an empty stack")),
    }
}

fn start_call<Sys, Ees, P>(sys: &mut Sys, call: CallRequest<Sys::Resources>, depth: usize) -> Result<Started<Sys>, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
{
    let checkpoint = sys.checkpoint();
    if call.transfers_value {
        if let Err(_e) = sys.transfer(&call.caller, &call.target, &call.value)? {
            sys.rollback(checkpoint);
            return Ok(Started::Done(done(ExitStatus::Revert, call.resources)));
        }
    }
    let fork = sys.block().fork;
    if call.precompiles_enabled && P::is_precompile(&call.code_address, fork) {
        let mut resources = call.resources;
        // With an advising oracle (proving mode and its witness run), `ecrecover` takes checked advice.
        let result = if sys.gives_advice() {
            crate::advice::with_oracle_advice(sys, |advice| {
                P::run(&call.code_address, &call.input, &mut resources, fork, advice)
            })?
        } else {
            P::run(&call.code_address, &call.input, &mut resources, fork, &mut transactions::Compute)
        };
        return Ok(Started::Done(match result {
            Ok(output) => CallOutcome { status: ExitStatus::Success, output, resources, deployed_at: None },
            Err(reason) => {
                sys.rollback(checkpoint);
                resources.consume_all_gas();
                done(ExitStatus::Halt(reason), resources)
            }
        }));
    }
    let code = sys.code(&call.code_address)?;
    if code.is_empty() {
        return Ok(Started::Done(done(ExitStatus::Success, call.resources)));
    }
    let ee_type = sys.account(&call.code_address)?.ee_type;
    let input = FrameInput {
        kind: FrameKind::Call(call.scheme),
        caller: call.caller,
        address: call.target,
        code_address: call.code_address,
        value: call.value,
        input: call.input,
        code,
        resources: call.resources,
        is_static: call.is_static,
        depth,
    };
    start_frame::<Sys, Ees>(sys, ee_type, input, checkpoint, None)
}

fn start_deploy<Sys, Ees>(sys: &mut Sys, deploy: DeployRequest<Sys::Resources>, depth: usize) -> Result<Started<Sys>, SystemError>
where
    Sys: SystemInterface,
    Ees: EeSet<Sys>,
{
    let checkpoint = sys.checkpoint();
    sys.create_account(&deploy.address, 1)?;
    if let Err(_e) = sys.transfer(&deploy.deployer, &deploy.address, &deploy.value)? {
        sys.rollback(checkpoint);
        return Ok(Started::Done(done(ExitStatus::Revert, deploy.resources)));
    }
    let input = FrameInput {
        kind: FrameKind::Deploy,
        caller: deploy.deployer,
        address: deploy.address,
        code_address: deploy.address,
        value: deploy.value,
        input: Vec::new(),
        code: deploy.init_code.into(),
        resources: deploy.resources,
        is_static: false,
        depth,
    };
    start_frame::<Sys, Ees>(sys, deploy.ee_type, input, checkpoint, Some((deploy.address, deploy.ee_type)))
}

fn start_frame<Sys, Ees>(
    sys: &mut Sys,
    ee_type: EeType,
    input: FrameInput<Sys::Resources>,
    checkpoint: Checkpoint,
    deploys: Option<(Address, EeType)>,
) -> Result<Started<Sys>, SystemError>
where
    Sys: SystemInterface,
    Ees: EeSet<Sys>,
{
    let mut resources = input.resources.clone();
    match Ees::start_frame(ee_type, sys, input) {
        Some(frame) => Ok(Started::Frame(ActiveFrame { frame: frame?, checkpoint, deploys })),
        None => {
            // Code of an EE this bootloader was not built with: the call fails like malformed code.
            sys.rollback(checkpoint);
            resources.consume_all_gas();
            Ok(Started::Done(done(ExitStatus::Halt(HaltReason::MalformedCode), resources)))
        }
    }
}

fn finish<Sys: SystemInterface>(
    sys: &mut Sys,
    active: ActiveFrame<Sys>,
    exit: FrameExit<Sys::Resources>,
) -> Result<CallOutcome<Sys::Resources>, SystemError> {
    if !exit.status.is_success() {
        sys.rollback(active.checkpoint);
        return Ok(CallOutcome { status: exit.status, output: exit.output, resources: exit.resources, deployed_at: None });
    }
    match active.deploys {
        Some((address, ee_type)) => {
            if !exit.output.is_empty() {
                sys.set_code(&address, exit.output.into(), ee_type)?;
            }
            Ok(CallOutcome {
                status: ExitStatus::Success,
                output: Vec::new(),
                resources: exit.resources,
                deployed_at: Some(address),
            })
        }
        None => Ok(CallOutcome { status: ExitStatus::Success, output: exit.output, resources: exit.resources, deployed_at: None }),
    }
}
