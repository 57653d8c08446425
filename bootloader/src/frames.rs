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

use crate::observe::{BlockObserver, FrameEnd, FrameStart, FrameStartKind};
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
/// caller then discards the block. `observer` sees every frame start and end.
pub fn execute<Sys, Ees, P>(
    sys: &mut Sys,
    request: ExecutionRequest<Sys::Resources>,
    depth: usize,
    observer: &mut impl BlockObserver<Sys>,
) -> Result<CallOutcome<Sys::Resources>, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
{
    let mut stack: Vec<ActiveFrame<Sys>> = Vec::new();
    let mut next = request;
    // The code a constructor just installed, shown to the observer as the frame's output.
    let mut deployed: Option<system_api::Bytecode> = None;
    loop {
        let frame_depth = depth + stack.len();
        announce(sys, observer, &next, frame_depth);
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
                let (outcome, code) = finish(sys, active, exit)?;
                deployed = code;
                outcome
            }
        };
        // The frame just ended sat at the depth of the stack's top now (or of the request, for one that
        // never became a frame).
        let ended_depth = depth + stack.len();
        let gas_left = outcome.resources.gas_left().get();
        let output = deployed.as_deref().unwrap_or(&outcome.output);
        let end = FrameEnd { depth: ended_depth, status: outcome.status, output, gas_left };
        observer.frame_ended(sys, &end);
        deployed = None;
        if stack.is_empty() {
            return Ok(outcome);
        }
        next = resume_top(sys, &mut stack, Some(outcome))?;
    }
}

/// Tells `observer` of a new frame before it starts (exits are not frames).
fn announce<Sys: SystemInterface>(
    sys: &Sys,
    observer: &mut impl BlockObserver<Sys>,
    request: &ExecutionRequest<Sys::Resources>,
    depth: usize,
) {
    let start = match request {
        ExecutionRequest::Call(call) => FrameStart {
            depth,
            kind: FrameStartKind::Call(call.scheme),
            from: call.caller,
            to: call.target,
            code_address: call.code_address,
            value: call.value,
            input: &call.input,
            gas: call.resources.gas_left().get(),
        },
        ExecutionRequest::Deploy(deploy) => FrameStart {
            depth,
            kind: if deploy.salt.is_some() { FrameStartKind::Create2 } else { FrameStartKind::Create },
            from: deploy.deployer,
            to: deploy.address,
            code_address: deploy.address,
            value: deploy.value,
            input: &deploy.init_code,
            gas: deploy.resources.gas_left().get(),
        },
        ExecutionRequest::Exit(_) => return,
    };
    observer.frame_started(sys, &start);
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

/// Ends a frame: keeps or rolls back its changes, installs a constructor's code (also returned, shared,
/// for observers).
fn finish<Sys: SystemInterface>(
    sys: &mut Sys,
    active: ActiveFrame<Sys>,
    exit: FrameExit<Sys::Resources>,
) -> Result<(CallOutcome<Sys::Resources>, Option<system_api::Bytecode>), SystemError> {
    if !exit.status.is_success() {
        sys.rollback(active.checkpoint);
        let outcome = CallOutcome { status: exit.status, output: exit.output, resources: exit.resources, deployed_at: None };
        return Ok((outcome, None));
    }
    match active.deploys {
        Some((address, ee_type)) => {
            let mut installed = None;
            if !exit.output.is_empty() {
                let code = system_api::Bytecode::from(exit.output);
                sys.set_code(&address, code.clone(), ee_type)?;
                installed = Some(code);
            }
            let outcome = CallOutcome {
                status: ExitStatus::Success,
                output: Vec::new(),
                resources: exit.resources,
                deployed_at: Some(address),
            };
            Ok((outcome, installed))
        }
        None => {
            let outcome =
                CallOutcome { status: ExitStatus::Success, output: exit.output, resources: exit.resources, deployed_at: None };
            Ok((outcome, None))
        }
    }
}
