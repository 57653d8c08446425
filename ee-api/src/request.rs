//! What frames ask the bootloader for, and what the bootloader gives a new frame.

use alloc::vec::Vec;
use primitives::{Address, U256};
use system_api::{Bytecode, EeType};

use crate::FrameExit;

/// How a call relates the callee's context to the caller's (the EVM's four call kinds; other EEs map onto
/// `Call` and `StaticCall`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallScheme {
    /// Ordinary call: new context, value moves.
    Call,
    /// Callee code runs in the caller's context with a value transfer to self (legacy EVM).
    CallCode,
    /// Callee code runs in the caller's context, caller and value inherited.
    DelegateCall,
    /// Ordinary call that may not change state.
    StaticCall,
}

/// A request to run code at another account.
#[derive(Clone, Debug)]
pub struct CallRequest<R> {
    /// How the contexts relate.
    pub scheme: CallScheme,
    /// The callee's `msg.sender`.
    pub caller: Address,
    /// The account whose context (storage, balance, address) the callee runs in.
    pub target: Address,
    /// The account whose code runs (differs from `target` for delegate calls, callcode and EIP-7702).
    pub code_address: Address,
    /// Value the callee sees as `msg.value`.
    pub value: U256,
    /// Whether `value` moves from `caller` to `target` (false for delegate calls).
    pub transfers_value: bool,
    /// Input bytes.
    pub input: Vec<u8>,
    /// Resources moved to the callee (the caller EE has already applied its own rules, e.g. EIP-150).
    pub resources: R,
    /// Whether the callee may change state.
    pub is_static: bool,
    /// False when `code_address` was reached through an EIP-7702 delegation: a precompile there then runs
    /// as an account without code.
    pub precompiles_enabled: bool,
}

impl<R> CallRequest<R> {
    /// A plain call (the EVM's `CALL`): `caller` calls `target`'s own code with `value` (moved from `caller`
    /// to `target` before the callee starts), may change state, and reaches a precompile when `target` is
    /// one. `resources` is what the callee gets: apply your EE's own rules first (for example
    /// `resources.take(gas_left.all_but_one_64th())`). Set `is_static` afterwards if your frame is itself
    /// static and a callee of a static frame must stay static.
    ///
    /// ```
    /// # use zkos_ee_api::{CallRequest, CallScheme};
    /// # use primitives::{Address, U256};
    /// # use system_api::{Gas, MeteredResources, Resources};
    /// let (me, token) = (Address::from_low_u64(1), Address::from_low_u64(2));
    /// let gas = MeteredResources::with_gas(Gas::new(9_000));
    /// let request = CallRequest::call(me, token, U256::from(5u8), vec![0xaa], gas);
    /// assert_eq!((request.scheme, request.code_address, request.transfers_value), (CallScheme::Call, token, true));
    /// assert!(!request.is_static && request.precompiles_enabled);
    /// ```
    pub fn call(caller: Address, target: Address, value: U256, input: Vec<u8>, resources: R) -> Self {
        CallRequest {
            scheme: CallScheme::Call,
            caller,
            target,
            code_address: target,
            value,
            transfers_value: true,
            input,
            resources,
            is_static: false,
            precompiles_enabled: true,
        }
    }

    /// A static call (the EVM's `STATICCALL`): like [`Self::call`] with no value, and the callee (with
    /// everything it calls) may not change state.
    pub fn static_call(caller: Address, target: Address, input: Vec<u8>, resources: R) -> Self {
        CallRequest {
            scheme: CallScheme::StaticCall,
            is_static: true,
            ..Self::call(caller, target, U256::ZERO, input, resources)
        }
    }
}

/// A request to create a contract at an address the requesting EE derived.
#[derive(Clone, Debug)]
pub struct DeployRequest<R> {
    /// The creating account.
    pub deployer: Address,
    /// The new contract's address (derived by the requesting EE: CREATE/CREATE2 rules for the EVM).
    pub address: Address,
    /// Constructor code; its frame's successful output is the code to install.
    pub init_code: Vec<u8>,
    /// Which EE runs `init_code` and owns the deployed code.
    pub ee_type: EeType,
    /// Endowment moved from `deployer` to the new account.
    pub value: U256,
    /// Resources moved to the constructor frame.
    pub resources: R,
    /// The salt of a salted creation (the EVM's CREATE2); `None` for a nonce-derived address (CREATE, a
    /// creating transaction). Only observers (tracers) read it: the address is already derived.
    pub salt: Option<primitives::B256>,
}

impl<R> DeployRequest<R> {
    /// A deployment of `init_code` as code of `ee_type` at `address`, with `value` moved from `deployer` to
    /// the new account and no salt (set [`Self::salt`] for a salted creation, so tracers report CREATE2).
    ///
    /// The bootloader sets the new account's nonce to 1 and runs `init_code` in `ee_type`'s EE; it does not
    /// derive or check the address, bump `deployer`'s nonce or look for a collision: the requesting EE does
    /// those first, as the EVM's CREATE does.
    pub fn new(
        deployer: Address,
        address: Address,
        init_code: Vec<u8>,
        ee_type: EeType,
        value: U256,
        resources: R,
    ) -> Self {
        DeployRequest { deployer, address, init_code, ee_type, value, resources, salt: None }
    }
}

/// What a frame returns to the bootloader.
#[derive(Clone, Debug)]
pub enum ExecutionRequest<R> {
    /// Run a call and resume me with its outcome.
    Call(CallRequest<R>),
    /// Run a deployment and resume me with its outcome.
    Deploy(DeployRequest<R>),
    /// I am finished.
    Exit(FrameExit<R>),
}

/// Whether a frame is a call or a constructor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// A call with the given scheme.
    Call(CallScheme),
    /// A constructor: a successful exit's output is the code to deploy.
    Deploy,
}

/// Everything a new frame starts from.
#[derive(Clone, Debug)]
pub struct FrameInput<R> {
    /// Call or constructor.
    pub kind: FrameKind,
    /// `msg.sender`.
    pub caller: Address,
    /// The account whose context the frame runs in.
    pub address: Address,
    /// The account whose code runs.
    pub code_address: Address,
    /// `msg.value`.
    pub value: U256,
    /// Calldata (empty for constructors, whose input is `code`).
    pub input: Vec<u8>,
    /// The code to run.
    pub code: Bytecode,
    /// Resources the frame may spend.
    pub resources: R,
    /// Whether state changes are forbidden.
    pub is_static: bool,
    /// Call depth: 0 for the transaction's own frame.
    pub depth: usize,
}
