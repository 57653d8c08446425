//! An EraVM execution environment (EE type 3) for zkos.
//!
//! [`vm`] is an interpreter of EraVM bytecode (64-bit instructions, four per 32-byte word) with the
//! semantics and ergs costs of the reference implementation `zk_evm` 0.153: registers with pointer tags,
//! flags, the u256 stack, heap and aux heap with paid growth, near calls with exception handlers, far calls
//! with fat pointers and the 63/64 rule, storage and transient storage, events. [`opcodes`] holds the
//! opcode-variant table; `tests/table.rs` compares it with the reference entry by entry.
//!
//! As a zkos EE ([`EraVmEe`]): a far call leaves the frame as a resumable `ExecutionRequest::Call`, so the
//! callee may be of any EE; storage, transient storage and near-call rollbacks go through the System.
//! Ergs are gas, one to one. Deployment: init data `0xEF 0x5A ‖ code length (u32 BE) ‖ code ‖ constructor
//! input`; the constructor runs the code with the constructor flag in r2 and the code is installed as is.
//! `event` is allowed in user frames (each emits a log with topics `[key, value]`). `ret.panic` ends the
//! frame with `Halt(Other(ERAVM_PANIC))` but, as in EraVM, hands the unspent ergs back to the caller (other
//! halts consume all gas); state changes are rolled back.
//!
//! System contracts ([`system`]): a far call to SystemContext, L2BaseToken, MsgValueSimulator, EventWriter,
//! L1Messenger, Keccak256, ContractDeployer, NonceHolder, KnownCodesStorage, AccountCodeStorage or
//! ImmutableSimulator is answered natively on the shared state with the real contract's ABI, so
//! zksolc-compiled code gets its environment values, balances, value transfers (a call with
//! `transfers_value` to a callee of any EE), events, deployments with constructors and immutables, nonces
//! and hashes.
//!
//! Not modelled in the EE: kernel-only opcodes (contracts deployed at user addresses never run in kernel
//! mode), decommitment costs of callees, precompile calls, factory dependencies (the ContractDeployer only
//! deploys code already deployed once).
//!
//! # Example
//!
//! Decoding the first instruction of the example vault (`examples/eravm/vault.asm`: `and 1, r2, r4`) and
//! the deployment format:
//!
//! ```
//! use zkos_ee_eravm::opcodes::{mode, Condition, Instruction, Op};
//! use zkos_ee_eravm::{init_code, valid_code, ERAVM_EE_TYPE, ERAVM_PREFIX};
//!
//! let and = Instruction::decode(0x0000_0001_0420_018f);
//! assert_eq!((and.variant.op, and.variant.src0, and.condition), (Op::And, mode::IMM, Condition::Always));
//! assert_eq!((and.imm0, and.src1, and.dst0), (1, 2, 4)); // the immediate 1, r2, into r4
//! assert_eq!(and.variant.op.ergs(), zkos_ee_eravm::opcodes::RICH_ADDRESSING_ERGS); // 6 ergs
//!
//! // Code is whole 32-byte words, an odd number of them; init data is 0xEF 0x5A ‖ u32 length ‖ code ‖ input.
//! let code = [0u8; 32];
//! assert!(valid_code(&code) && !valid_code(&[0u8; 64]));
//! let init = init_code(&code, &[7]);
//! assert_eq!((&init[..2], &init[2..6], init.len()), (&ERAVM_PREFIX[..], &[0, 0, 0, 32][..], 2 + 4 + 32 + 1));
//! assert_eq!(ERAVM_EE_TYPE.0, 3);
//! ```
#![no_std]

extern crate alloc;

pub mod calls;
pub mod opcodes;
pub mod pubdata;
pub mod system;
pub mod vm;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;

use ee_api::{
    CallOutcome, CallRequest, CallScheme, DeployRequest, EeFrame, ExecutionEnvironment, ExecutionRequest, ExitStatus,
    FrameExit, FrameInput, FrameKind, HaltReason,
};
use primitives::{Address, Log, B256, U256};
use system_api::{Checkpoint, EeType, Gas, Resources, SystemError, SystemInterface};

/// A frame resumed or run before its machine was built: a bug of the embedding, reported, not a panic.
const NO_MACHINE: SystemError = SystemError::Internal("EraVM frame has no machine");

use opcodes::{FarCallKind, RetKind};
use vm::{FarCallMode, Host, Stop, Vm};

/// The EE type id of EraVM contracts.
pub const ERAVM_EE_TYPE: EeType = EeType(3);

/// Init data starting with these bytes deploys an EraVM contract (`0x5A` = `'Z'`).
pub const ERAVM_PREFIX: [u8; 2] = [0xef, 0x5a];

/// Builds EraVM init data: `0xEF 0x5A ‖ code length (u32 BE) ‖ code ‖ constructor input`.
pub fn init_code(code: &[u8], constructor_input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(6 + code.len() + constructor_input.len());
    out.extend_from_slice(&ERAVM_PREFIX);
    out.extend_from_slice(&(code.len() as u32).to_be_bytes());
    out.extend_from_slice(code);
    out.extend_from_slice(constructor_input);
    out
}

/// Whether bytes are valid EraVM code: whole 32-byte words, an odd number of them, fewer than 2^16.
pub fn valid_code(code: &[u8]) -> bool {
    code.len().is_multiple_of(32) && (code.len() / 32) % 2 == 1 && code.len() / 32 < (1 << 16)
}

/// The versioned code hash of EraVM code: sha256 of the code with byte 0 = 1 (EraVM), byte 1 = 0 (at rest)
/// and bytes 2–3 = the word count.
pub fn code_hash(code: &[u8]) -> [u8; 32] {
    let mut hash: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(code).into();
    hash[0] = 1;
    hash[1] = 0;
    hash[2..4].copy_from_slice(&((code.len() / 32) as u16).to_be_bytes());
    hash
}

fn code_words(code: &[u8]) -> Rc<[U256]> {
    code.chunks(32).map(U256::from_be_slice).collect::<Vec<_>>().into()
}

/// The halt reason of a frame that ended with `ret.panic` (or an exception). Unlike other halts, it keeps
/// the frame's unspent ergs: EraVM returns them to the caller.
pub const ERAVM_PANIC: &str = "eravm panic";

/// The EraVM EE.
pub struct EraVmEe;

impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for EraVmEe {
    const EE_TYPE: EeType = ERAVM_EE_TYPE;
    const NAME: &'static str = "eravm";

    fn claims_init_code(init_code: &[u8]) -> bool {
        init_code.starts_with(&ERAVM_PREFIX)
    }

    fn start_frame(_sys: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
        let pending = Pending::Call { held: 0 };
        Ok(Box::new(EraVmFrame { input, vm: None, ergs_start: 0, deploy_code: Vec::new(), pending }))
    }
}

/// A running EraVM frame.
pub struct EraVmFrame<R> {
    input: FrameInput<R>,
    vm: Option<Vm>,
    ergs_start: u32,
    deploy_code: Vec<u8>,
    pending: Pending,
}

/// What the frame is waiting for besides the callee's outcome: ergs a system contract kept back from the
/// callee, and for a ContractDeployer deployment the address its success returns and whether that success
/// bumps the deployer's nonce (`create`: a failed deployment reverts the deployer's call, nonce included).
#[derive(Clone, Copy)]
enum Pending {
    Call { held: u32 },
    Deploy { address: Address, held: u32, bumps_nonce: bool },
}

/// The System as the interpreter's [`Host`].
struct SysHost<'a, Sys> {
    sys: &'a mut Sys,
    error: Option<SystemError>,
}

impl<Sys: SystemInterface> Host for SysHost<'_, Sys> {
    fn storage_read(&mut self, address: &Address, key: &U256) -> U256 {
        match self.sys.sload(address, key) {
            Ok(a) => a.value,
            Err(e) => {
                self.error.get_or_insert(e);
                U256::ZERO
            }
        }
    }
    fn storage_write(&mut self, address: &Address, key: &U256, value: &U256) {
        if let Err(e) = self.sys.sstore(address, key, value) {
            self.error.get_or_insert(e);
        }
    }
    fn transient_read(&mut self, address: &Address, key: &U256) -> U256 {
        self.sys.tload(address, key)
    }
    fn transient_write(&mut self, address: &Address, key: &U256, value: &U256) {
        self.sys.tstore(address, key, value)
    }
    fn event(&mut self, address: &Address, key: &U256, value: &U256, _is_first: bool) {
        let topics = alloc::vec![B256(key.to_be_bytes::<32>()), B256(value.to_be_bytes::<32>())];
        self.sys.emit_log(Log { address: *address, topics, data: Vec::new() });
    }
    fn l1_message(&mut self, address: &Address, key: &U256, value: &U256, _is_first: bool) {
        let mut payload = key.to_be_bytes::<32>().to_vec();
        payload.extend_from_slice(&value.to_be_bytes::<32>());
        self.sys.send_l2_to_l1_message(address, payload);
    }
    fn checkpoint(&mut self) -> Checkpoint {
        self.sys.checkpoint()
    }
    fn rollback(&mut self, checkpoint: Checkpoint) {
        self.sys.rollback(checkpoint)
    }
}

fn halt(reason: HaltReason) -> ExitStatus {
    ExitStatus::Halt(reason)
}

impl<R: Resources> EraVmFrame<R> {
    fn exit(&mut self, status: ExitStatus, output: Vec<u8>) -> ExecutionRequest<R> {
        let mut resources = core::mem::replace(&mut self.input.resources, R::with_gas(Gas::new(0)));
        if !matches!(status, ExitStatus::Success | ExitStatus::Revert | ExitStatus::Halt(HaltReason::Other(ERAVM_PANIC))) {
            resources.consume_all_gas();
        }
        ExecutionRequest::Exit(FrameExit { status, output, resources })
    }

    /// Charges the ergs the machine spent since the last sync.
    fn sync_gas(&mut self) {
        if let Some(vm) = &self.vm {
            let pending = vm.pending_far_call_ergs();
            // near calls split the ergs between frames: the machine holds the sum of every live frame's (the
            // formal outer frame's once the root frame returned)
            let held: u64 = vm.frames.live().map(|f| f.ergs as u64).sum();
            let now = (held + pending as u64).min(u32::MAX as u64) as u32;
            let spent = self.ergs_start.saturating_sub(now);
            let _ = self.input.resources.charge_gas(Gas::new(spent as u64));
            self.ergs_start = now;
        }
    }
}

impl<Sys: SystemInterface> EeFrame<Sys> for EraVmFrame<Sys::Resources> {
    fn resume(
        &mut self,
        sys: &mut Sys,
        outcome: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
        let mut host = SysHost { sys, error: None };
        match outcome {
            None => {
                let (code, calldata) = match self.input.kind {
                    FrameKind::Deploy => {
                        let code: &[u8] = &self.input.code;
                        let parsed = code.strip_prefix(&ERAVM_PREFIX[..]).and_then(|rest| {
                            let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
                            Some((rest.get(4..4 + len)?.to_vec(), rest[4 + len..].to_vec()))
                        });
                        match parsed {
                            Some((c, input)) if valid_code(&c) => {
                                self.deploy_code = c.clone();
                                (c, input)
                            }
                            _ => return Ok(self.exit(halt(HaltReason::MalformedCode), Vec::new())),
                        }
                    }
                    FrameKind::Call(_) => {
                        let c = self.input.code.to_vec();
                        if !valid_code(&c) {
                            return Ok(self.exit(halt(HaltReason::MalformedCode), Vec::new()));
                        }
                        (c, core::mem::take(&mut self.input.input))
                    }
                };
                let ergs = self.input.resources.gas_left().get().min(u32::MAX as u64) as u32;
                self.ergs_start = ergs;
                let context = u128::try_from(self.input.value).unwrap_or(u128::MAX);
                let mut vm = Vm::new(
                    &mut host,
                    code_words(&code),
                    self.input.address,
                    self.input.caller,
                    calldata,
                    ergs,
                    self.input.is_static,
                    context,
                    FarCallMode::Yield,
                );
                vm.user_events = true;
                if self.input.kind == FrameKind::Deploy {
                    vm.registers[1] = vm::Value::num(U256::from(1u8));
                }
                self.vm = Some(vm);
            }
            Some(outcome) => {
                let left = outcome.resources.gas_left().get().min(u32::MAX as u64) as u32;
                let kind = match outcome.status {
                    ExitStatus::Success => RetKind::Ok,
                    ExitStatus::Revert => RetKind::Revert,
                    ExitStatus::Halt(_) => RetKind::Panic,
                };
                self.input.resources.reclaim(outcome.resources, outcome.status.is_success());
                let pending = core::mem::replace(&mut self.pending, Pending::Call { held: 0 });
                let (output, held) = match pending {
                    // ContractDeployer returns the new address
                    Pending::Deploy { address, held, bumps_nonce } if kind == RetKind::Ok => {
                        if bumps_nonce {
                            let this = self.input.address;
                            let nonce = host.sys.account(&this)?.nonce;
                            host.sys.set_nonce(&this, nonce.saturating_add(1))?;
                        }
                        (address.to_word().to_be_bytes::<32>().to_vec(), held)
                    }
                    Pending::Deploy { held, .. } | Pending::Call { held } => (outcome.output, held),
                };
                let vm = self.vm.as_mut().ok_or(NO_MACHINE)?;
                vm.finish_far_call(kind, output, left.saturating_add(held)).map_err(SystemError::Internal)?;
                self.ergs_start = self.ergs_start.saturating_add(left).saturating_add(held);
            }
        }
        loop {
            let vm = self.vm.as_mut().ok_or(NO_MACHINE)?;
            let stop = vm.run(&mut host, u64::MAX);
            if let Some(e) = host.error.take() {
                return Err(e);
            }
            self.sync_gas();
            let vm = self.vm.as_mut().ok_or(NO_MACHINE)?;
            if self.input.resources.gas_left().get() < self.ergs_start as u64 {
                return Ok(self.exit(halt(HaltReason::OutOfResources), Vec::new()));
            }
            match stop {
                Stop::FarCall => {
                    let call = vm.take_far_call().ok_or(SystemError::Internal("EraVM stopped for a far call it did not make"))?;
                    let this = vm.frame().this;
                    let current_caller = vm.frame().caller;
                    self.ergs_start = self.ergs_start.saturating_sub(call.ergs);
                    if call.kind == FarCallKind::Normal && system::is_native(&call.address) {
                        let mut extra = [U256::ZERO; 10];
                        for (e, r) in extra.iter_mut().zip(&vm.registers[2..12]) {
                            *e = r.value;
                        }
                        let request = system::Request { call: &call, caller: this, extra };
                        match system::answer(host.sys, &request)? {
                            system::Answer::Pass => {}
                            system::Answer::Done { kind, output, ergs } => {
                                // answered here: the callee spent `ergs` of the ones passed, more is a panic
                                let (kind, output, spent) = if ergs > call.ergs {
                                    (RetKind::Panic, Vec::new(), call.ergs)
                                } else {
                                    (kind, output, ergs)
                                };
                                let _ = self.input.resources.charge_gas(Gas::new(spent as u64));
                                let left = call.ergs - spent;
                                let vm = self.vm.as_mut().ok_or(NO_MACHINE)?;
                                vm.finish_far_call(kind, output, left).map_err(SystemError::Internal)?;
                                self.ergs_start = self.ergs_start.saturating_add(left);
                                continue;
                            }
                            system::Answer::ValueCall { target, value, held } => {
                                self.pending = Pending::Call { held };
                                let resources = self.input.resources.take(Gas::new((call.ergs - held) as u64));
                                return Ok(ExecutionRequest::Call(CallRequest {
                                    scheme: CallScheme::Call,
                                    caller: this,
                                    target,
                                    code_address: target,
                                    value,
                                    transfers_value: true,
                                    input: call.calldata,
                                    resources,
                                    is_static: call.is_static,
                                    precompiles_enabled: true,
                                }));
                            }
                            system::Answer::Deploy { address, init_code, value, held, bumps_nonce } => {
                                self.pending = Pending::Deploy { address, held, bumps_nonce };
                                let resources = self.input.resources.take(Gas::new((call.ergs - held) as u64));
                                return Ok(ExecutionRequest::Deploy(DeployRequest {
                                    deployer: this,
                                    address,
                                    init_code,
                                    ee_type: ERAVM_EE_TYPE,
                                    value,
                                    resources,
                                    salt: None,
                                }));
                            }
                        }
                    }
                    let resources = self.input.resources.take(Gas::new(call.ergs as u64));
                    let (scheme, caller, target) = match call.kind {
                        FarCallKind::Delegate => (CallScheme::DelegateCall, current_caller, this),
                        _ if call.is_static => (CallScheme::StaticCall, this, call.address),
                        _ => (CallScheme::Call, this, call.address),
                    };
                    return Ok(ExecutionRequest::Call(CallRequest {
                        scheme,
                        caller,
                        target,
                        code_address: call.address,
                        value: if call.kind == FarCallKind::Delegate { self.input.value } else { U256::ZERO },
                        transfers_value: false,
                        input: call.calldata,
                        resources,
                        is_static: call.is_static,
                        precompiles_enabled: true,
                    }));
                }
                Stop::Finished(kind) => {
                    let output = vm.fat_pointer_bytes(vm.root_returndata);
                    return Ok(match kind {
                        RetKind::Ok => {
                            let out = if self.input.kind == FrameKind::Deploy {
                                // the code becomes known to the ContractDeployer; returned immutables are kept
                                let code = core::mem::take(&mut self.deploy_code);
                                system::record_deployment(host.sys, &self.input.address, &code, &output)?;
                                code
                            } else {
                                output
                            };
                            self.exit(ExitStatus::Success, out)
                        }
                        RetKind::Revert => self.exit(ExitStatus::Revert, output),
                        // EraVM semantics: `ret.panic` returns the frame's unspent ergs to the caller (exceptions
                        // such as running out of ergs have already zeroed them); state changes are rolled back.
                        RetKind::Panic => self.exit(halt(HaltReason::Other(ERAVM_PANIC)), Vec::new()),
                    });
                }
                Stop::CycleLimit => return Ok(self.exit(halt(HaltReason::OutOfResources), Vec::new())),
            }
        }
    }
}
