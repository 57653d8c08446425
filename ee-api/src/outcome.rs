//! How frames end and what a caller learns about a finished callee.

use alloc::vec::Vec;
use core::fmt;
use primitives::Address;
use system_api::Resources;

/// Why a frame stopped exceptionally. The bootloader undoes the frame's effects; consuming its gas is the
/// EE's part (see [`FrameExit::halt`]): the bootloader hands the caller whatever resources the exit carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaltReason {
    /// Ran out of gas/ergs.
    OutOfResources,
    /// An instruction the EE does not define.
    InvalidInstruction,
    /// Stack underflow.
    StackUnderflow,
    /// Stack overflow.
    StackOverflow,
    /// A jump to a non-jump destination.
    InvalidJump,
    /// A state change attempted in a static context.
    StateChangeInStaticContext,
    /// Memory or return-data access out of range.
    OutOfBounds,
    /// Deployed code is too large or starts with a reserved byte.
    InvalidDeployedCode,
    /// The deployment address already has code or a nonce.
    CreateCollision,
    /// The code could not be loaded by its EE (malformed module, bad header).
    MalformedCode,
    /// Call depth limit.
    CallDepthExceeded,
    /// A precompile rejected its input.
    PrecompileFailure,
    /// Any other EE-specific reason, as a fixed text.
    Other(&'static str),
    /// An EE-specific reason as a number the EE defines (a trap number, an error code), for reasons that
    /// carry data a `&'static str` cannot. `HaltReason` stays `Copy` (so does [`ExitStatus`], which
    /// receipts and observers copy freely), hence no owned text.
    Custom(u32),
}

impl fmt::Display for HaltReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfResources => f.write_str("out of gas"),
            Self::InvalidInstruction => f.write_str("invalid instruction"),
            Self::StackUnderflow => f.write_str("stack underflow"),
            Self::StackOverflow => f.write_str("stack overflow"),
            Self::InvalidJump => f.write_str("invalid jump destination"),
            Self::StateChangeInStaticContext => f.write_str("state change in static context"),
            Self::OutOfBounds => f.write_str("access out of bounds"),
            Self::InvalidDeployedCode => f.write_str("invalid deployed code"),
            Self::CreateCollision => f.write_str("create collision"),
            Self::MalformedCode => f.write_str("malformed code"),
            Self::CallDepthExceeded => f.write_str("call depth exceeded"),
            Self::PrecompileFailure => f.write_str("precompile failure"),
            Self::Other(why) => f.write_str(why),
            Self::Custom(code) => write!(f, "halt code {code}"),
        }
    }
}

/// How a frame ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Normal end; effects kept.
    Success,
    /// Explicit revert; effects undone, unspent resources returned.
    Revert,
    /// Exceptional halt; effects undone, resources consumed.
    Halt(HaltReason),
}

impl ExitStatus {
    /// True for [`ExitStatus::Success`].
    pub fn is_success(&self) -> bool {
        matches!(self, ExitStatus::Success)
    }
}

/// A frame's end as the frame reports it.
#[derive(Clone, Debug)]
pub struct FrameExit<R> {
    /// How it ended.
    pub status: ExitStatus,
    /// Return (or revert) data; for a successful constructor, the code to deploy.
    pub output: Vec<u8>,
    /// Resources left, handed to the caller as they are (an EE zeroes gas on a halt itself; the helpers
    /// [`FrameExit::halt`] and [`FrameExit::new`] do).
    pub resources: R,
}

impl<R: Resources> FrameExit<R> {
    /// A successful exit with `output`, taking all of `resources` (see [`Resources::take_all`]).
    pub fn success(output: Vec<u8>, resources: &mut R) -> Self {
        FrameExit { status: ExitStatus::Success, output, resources: resources.take_all() }
    }

    /// A revert with `output`, taking all of `resources`: the caller gets the unspent gas back.
    pub fn revert(output: Vec<u8>, resources: &mut R) -> Self {
        FrameExit { status: ExitStatus::Revert, output, resources: resources.take_all() }
    }

    /// A halt: consumes all gas left in `resources` (the convention every shipped EE follows; the
    /// bootloader does not enforce it) and takes them, with no output.
    pub fn halt(reason: HaltReason, resources: &mut R) -> Self {
        resources.consume_all_gas();
        FrameExit { status: ExitStatus::Halt(reason), output: Vec::new(), resources: resources.take_all() }
    }

    /// An exit of any `status`: [`Self::success`], [`Self::revert`] or [`Self::halt`] (whose `output` is
    /// dropped).
    pub fn new(status: ExitStatus, output: Vec<u8>, resources: &mut R) -> Self {
        match status {
            ExitStatus::Success => Self::success(output, resources),
            ExitStatus::Revert => Self::revert(output, resources),
            ExitStatus::Halt(reason) => Self::halt(reason, resources),
        }
    }
}

/// A finished callee as its caller sees it.
#[derive(Clone, Debug)]
pub struct CallOutcome<R> {
    /// How the callee ended.
    pub status: ExitStatus,
    /// Return or revert data (empty for a successful deployment).
    pub output: Vec<u8>,
    /// Resources the callee did not spend (refunds included only on success).
    pub resources: R,
    /// For a successful deployment, the new contract's address.
    pub deployed_at: Option<Address>,
}
