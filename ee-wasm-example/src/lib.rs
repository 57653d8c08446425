//! An example WebAssembly execution environment (EE type 2).
//!
//! Contracts are WebAssembly modules that import a small host interface from module `zkos` (see
//! [`host`]) and export `call` (run on every call) and optionally `deploy` (the constructor). They share
//! the state with every other EE: storage, balances and events are the System's, and `zkos.call` reaches
//! a contract of any EE, including the EVM and the precompiles.
//!
//! - **Resumable**: the interpreter ([`machine`]) keeps its value and call stacks in memory, so when a
//!   contract calls another contract the frame returns [`ExecutionRequest::Call`] to the bootloader and is
//!   resumed with the outcome later. No host recursion.
//! - **Metered**: every instruction costs gas (fuel is the frame's gas), as do memory pages, bulk copies,
//!   host calls (EVM-like prices for storage, events and calls), loading a module and deploying one.
//! - **Deterministic and bounded**: integer-only WebAssembly (floating point is rejected at deployment),
//!   memory capped at 16 pages, bounded stacks and tables, no start-up work the caller does not pay for.
//! - **Deployment**: a creation whose init data starts with [`WASM_PREFIX`] (`0xEF 0x57`) is claimed by this
//!   EE through [`ExecutionEnvironment::claims_init_code`]; see [`init_code`] for the layout. The module
//!   bytes become the account's code.
//!
//! Invalid modules (bad encoding, unknown imports, floats, oversize memory) make the frame halt with
//! `HaltReason::Other(reason)`; traps halt with their reason; nothing panics.
//!
//! # Example
//!
//! The example counter module, placed in a pre-state as WebAssembly code and called twice in one block (its
//! constructor, which sets the count to 5, runs only when it is deployed by a creation, so it starts at 0):
//!
//! ```
//! use zkos_ee_wasm_example::examples::{counter_increment, COUNTER_WASM};
//! use zkos_ee_wasm_example::{init_code, WASM_EE_TYPE, WASM_PREFIX};
//! use ee_api::ExitStatus;
//! use primitives::{Address, U256};
//! use test_utils::{tx, Chain};
//!
//! // A creation's init data: 0xEF 0x57, the module's length, the module, the constructor's input.
//! let init = init_code(COUNTER_WASM, &[]);
//! assert_eq!((&init[..2], init.len()), (&WASM_PREFIX[..], 6 + COUNTER_WASM.len()));
//!
//! let counter = Address::from_low_u64(0xc0);
//! let mut chain = Chain::default();
//! chain.deploy_with_ee(counter, COUNTER_WASM.to_vec(), WASM_EE_TYPE);
//! let run = chain.run(vec![
//!     tx::call(0, 0, counter, counter_increment(3), U256::ZERO, 200_000),
//!     tx::call(0, 1, counter, counter_increment(4), U256::ZERO, 200_000),
//!     tx::call(0, 2, counter, vec![0x02], U256::ZERO, 200_000), // read
//! ]);
//! let receipts = &run.output.receipts;
//! assert!(receipts.iter().all(|r| r.status == ExitStatus::Success));
//! assert_eq!(receipts[2].output, U256::from(7u8).to_be_bytes::<32>()); // one 32-byte word
//! assert_eq!(run.post_state.accounts[&counter].storage[&U256::ZERO], U256::from(7u8));
//! let gas: Vec<u64> = receipts.iter().map(|r| r.gas_used).collect();
//! assert_eq!(gas, [50_016, 32_916, 28_116]);
//! ```
#![no_std]

extern crate alloc;

pub mod examples;
pub mod host;
pub mod machine;
pub mod module;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;

use ee_api::{
    CallOutcome, CallRequest, CallScheme, EeFrame, ExecutionEnvironment, ExecutionRequest, ExitStatus, FrameExit,
    FrameInput, FrameKind, HaltReason,
};
use primitives::{Address, Log, B256, U256};
use system_api::{Bytecode, EeType, Gas, Native, Resources, SystemError, SystemInterface};

use host::HostFn;
use machine::{Exit, Machine, Trap};
use module::{Module, MAX_MODULE_SIZE};

/// The EE type id of WebAssembly contracts.
pub const WASM_EE_TYPE: EeType = EeType(2);

/// Init data starting with these bytes deploys a WebAssembly contract: `0xEF` (EIP-3541 forbids it as the
/// first byte of EVM code and, as EVM init code, it halts at once) then `0x57` (`'W'`).
pub const WASM_PREFIX: [u8; 2] = [0xef, 0x57];

/// Gas per module byte to load (decode, validate, compile) a module, charged on every frame.
pub const LOAD_GAS_PER_BYTE: u64 = 1;
/// Gas per module byte stored by a deployment (the EVM's code deposit price).
pub const DEPOSIT_GAS_PER_BYTE: u64 = 200;
/// Gas of a host call (on top of what the call itself costs).
pub const HOST_CALL_GAS: u64 = 5;
/// `storage_read` of a slot first accessed in the transaction (EIP-2929 price).
pub const COLD_SLOAD_GAS: u64 = 2100;
/// `storage_read` of a warm slot; also transient storage accesses.
pub const WARM_ACCESS_GAS: u64 = 100;
/// `storage_write` from zero to non-zero.
pub const SSTORE_SET_GAS: u64 = 20_000;
/// `storage_write` changing a non-zero value.
pub const SSTORE_RESET_GAS: u64 = 2_900;
/// `call`: the callee's account first accessed in the transaction.
pub const COLD_ACCOUNT_GAS: u64 = 2_600;
/// `call` with a non-zero value.
pub const CALL_VALUE_GAS: u64 = 9_000;
/// `emit_event`: base, per topic, per data byte (the EVM's LOG prices).
pub const LOG_GAS: (u64, u64, u64) = (375, 375, 8);
/// Gas per 32-byte word copied between memory and calldata, return data or a callee's input.
pub const COPY_GAS_PER_WORD: u64 = 3;
/// The deepest call stack (the EVM's limit).
pub const CALL_DEPTH_LIMIT: usize = 1024;

/// Builds WebAssembly init data: `0xEF 0x57 ‖ module length (u32 big-endian) ‖ module ‖ constructor input`.
/// The constructor (the optional `deploy` export) reads `constructor input` as its calldata.
pub fn init_code(module: &[u8], constructor_input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(6 + module.len() + constructor_input.len());
    out.extend_from_slice(&WASM_PREFIX);
    out.extend_from_slice(&(module.len() as u32).to_be_bytes());
    out.extend_from_slice(module);
    out.extend_from_slice(constructor_input);
    out
}

/// Splits init data into module and constructor input.
fn split_init_code(code: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = code.strip_prefix(&WASM_PREFIX[..])?;
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let module = rest.get(4..4usize.checked_add(len)?)?;
    Some((module, &rest[4 + len..]))
}

/// The WebAssembly EE.
pub struct WasmEe;

impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for WasmEe {
    const EE_TYPE: EeType = WASM_EE_TYPE;
    const NAME: &'static str = "wasm";

    fn claims_init_code(init_code: &[u8]) -> bool {
        init_code.starts_with(&WASM_PREFIX)
    }

    fn start_frame(_sys: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
        Ok(Box::new(WasmFrame {
            kind: input.kind,
            caller: input.caller,
            address: input.address,
            value: input.value,
            input: input.input,
            code: input.code,
            is_static: input.is_static,
            depth: input.depth,
            resources: input.resources,
            machine: None,
            entry: None,
            module_bytes: Vec::new(),
            return_data: Vec::new(),
        }))
    }
}

/// What a host call asks of the frame.
enum Step<R> {
    Continue,
    Yield(ExecutionRequest<R>),
    Exit(ExitStatus, Vec<u8>),
}

/// A running WebAssembly frame.
pub struct WasmFrame<R> {
    kind: FrameKind,
    caller: Address,
    address: Address,
    value: U256,
    input: Vec<u8>,
    code: Bytecode,
    is_static: bool,
    depth: usize,
    resources: R,
    machine: Option<Machine>,
    /// The function to invoke after the start function returns.
    entry: Option<u32>,
    /// For a deployment: the module to install.
    module_bytes: Vec<u8>,
    return_data: Vec<u8>,
}

fn halt(reason: &'static str) -> ExitStatus {
    ExitStatus::Halt(HaltReason::Other(reason))
}

impl<R: Resources> WasmFrame<R> {
    /// Decodes the module and prepares the first invocation; `Err` is the frame's exit status.
    fn load(&mut self) -> Result<Machine, ExitStatus> {
        let (module_bytes, input) = match self.kind {
            FrameKind::Deploy => match split_init_code(&self.code) {
                Some((module, input)) => (module.to_vec(), input.to_vec()),
                None => return Err(halt("wasm: malformed init code (expected 0xEF57, u32 length, module)")),
            },
            FrameKind::Call(_) => (self.code.to_vec(), core::mem::take(&mut self.input)),
        };
        self.input = input;
        if module_bytes.len() > MAX_MODULE_SIZE {
            return Err(halt("wasm module too large"));
        }
        if self.resources.charge_gas(Gas::new(LOAD_GAS_PER_BYTE * module_bytes.len() as u64)).is_err() {
            return Err(ExitStatus::Halt(HaltReason::OutOfResources));
        }
        let module = Module::decode(&module_bytes).map_err(halt)?;
        let entry_name = if self.kind == FrameKind::Deploy { "deploy" } else { "call" };
        let entry = module.export(entry_name);
        if self.kind != FrameKind::Deploy && entry.is_none() {
            return Err(halt("wasm: the module exports no `call` function"));
        }
        for f in entry.iter().chain(module.start.iter()) {
            if (*f as usize) < module.imports.len() {
                return Err(halt("wasm: entry point is an imported function"));
            }
            let ty = module.func_type(*f);
            if !ty.params.is_empty() || !ty.results.is_empty() {
                return Err(halt("wasm: `call`, `deploy` and start functions take and return nothing"));
            }
        }
        let start = module.start;
        if self.kind == FrameKind::Deploy {
            self.module_bytes = module_bytes;
        }
        let mut machine =
            Machine::instantiate(Rc::new(module), self.resources.gas_left().get()).map_err(trap_status)?;
        let first = match start {
            Some(start) => {
                self.entry = entry;
                Some(start)
            }
            None => entry,
        };
        if let Some(f) = first {
            machine.invoke(f).map_err(trap_status)?;
        }
        Ok(machine)
    }

    /// Charges the fuel the machine used since the last sync.
    fn sync(&mut self, machine: &Machine) {
        let used = self.resources.gas_left().get().saturating_sub(machine.fuel);
        let _ = self.resources.charge_gas(Gas::new(used));
        self.resources.charge_native(Native::new(used));
    }

    fn exit(&mut self, status: ExitStatus, output: Vec<u8>) -> ExecutionRequest<R> {
        let mut status = status;
        let mut output = output;
        if status == ExitStatus::Success && self.kind == FrameKind::Deploy {
            let deposit = DEPOSIT_GAS_PER_BYTE * self.module_bytes.len() as u64;
            if self.resources.charge_gas(Gas::new(deposit)).is_err() {
                status = ExitStatus::Halt(HaltReason::OutOfResources);
            }
            output = core::mem::take(&mut self.module_bytes);
        }
        if matches!(status, ExitStatus::Halt(_)) {
            self.resources.consume_all_gas();
            output = Vec::new();
        }
        let resources = core::mem::replace(&mut self.resources, R::with_gas(Gas::ZERO));
        ExecutionRequest::Exit(FrameExit { status, output, resources })
    }
}

fn trap_status(t: Trap) -> ExitStatus {
    match t {
        Trap::OutOfFuel => ExitStatus::Halt(HaltReason::OutOfResources),
        Trap::StackOverflow => ExitStatus::Halt(HaltReason::StackOverflow),
        t => halt(t.reason()),
    }
}

/// Reads a 32-byte big-endian word from memory.
fn read_word(m: &Machine, ptr: u32) -> Option<U256> {
    m.mem(ptr, 32).map(U256::from_be_slice)
}

fn write_bytes(m: &mut Machine, ptr: u32, bytes: &[u8]) -> Option<()> {
    m.mem_mut(ptr, bytes.len() as u32)?.copy_from_slice(bytes);
    Some(())
}

fn words(len: u32) -> u64 {
    u64::from(len).div_ceil(32)
}

const OOB: Step<()> = Step::Exit(ExitStatus::Halt(HaltReason::OutOfBounds), Vec::new());
const OUT_OF_GAS: Step<()> = Step::Exit(ExitStatus::Halt(HaltReason::OutOfResources), Vec::new());
const STATIC: Step<()> = Step::Exit(ExitStatus::Halt(HaltReason::StateChangeInStaticContext), Vec::new());

/// Converts a resource-free step into a step of `R`.
fn lift<R>(s: Step<()>) -> Step<R> {
    match s {
        Step::Continue => Step::Continue,
        Step::Exit(status, out) => Step::Exit(status, out),
        Step::Yield(_) => Step::Continue,
    }
}

macro_rules! charge {
    ($m:expr, $gas:expr) => {
        if !$m.charge($gas) {
            return Ok(lift(OUT_OF_GAS));
        }
    };
}

macro_rules! some {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(lift(OOB)),
        }
    };
}

impl<R: Resources> WasmFrame<R> {
    /// Runs one host function: pops its arguments, pushes its results.
    fn host<Sys: SystemInterface<Resources = R>>(
        &mut self,
        sys: &mut Sys,
        m: &mut Machine,
        f: HostFn,
    ) -> Result<Step<R>, SystemError> {
        charge!(m, HOST_CALL_GAS);
        match f {
            HostFn::CalldataSize => m.push_i32(self.input.len() as u32),
            HostFn::CalldataCopy | HostFn::ReturndataCopy => {
                let len = m.pop_i32();
                let offset = m.pop_i32() as usize;
                let dest = m.pop_i32();
                charge!(m, COPY_GAS_PER_WORD * words(len));
                let source = if f == HostFn::CalldataCopy { &self.input } else { &self.return_data };
                if f == HostFn::ReturndataCopy && offset.checked_add(len as usize).is_none_or(|e| e > source.len()) {
                    return Ok(lift(OOB));
                }
                let out = some!(m.mem_mut(dest, len));
                for (i, byte) in out.iter_mut().enumerate() {
                    *byte = offset.checked_add(i).and_then(|j| source.get(j)).copied().unwrap_or(0);
                }
            }
            HostFn::Return | HostFn::Revert => {
                let len = m.pop_i32();
                let ptr = m.pop_i32();
                let data = some!(m.mem(ptr, len)).to_vec();
                let status = if f == HostFn::Return { ExitStatus::Success } else { ExitStatus::Revert };
                return Ok(Step::Exit(status, data));
            }
            HostFn::StorageRead | HostFn::TransientRead => {
                let out = m.pop_i32();
                let key_ptr = m.pop_i32();
                let key = some!(read_word(m, key_ptr));
                let value = if f == HostFn::StorageRead {
                    let access = sys.sload(&self.address, &key)?;
                    charge!(m, if access.was_cold { COLD_SLOAD_GAS } else { WARM_ACCESS_GAS });
                    access.value
                } else {
                    charge!(m, WARM_ACCESS_GAS);
                    sys.tload(&self.address, &key)
                };
                some!(write_bytes(m, out, &value.to_be_bytes::<32>()));
            }
            HostFn::StorageWrite | HostFn::TransientWrite => {
                let value_ptr = m.pop_i32();
                let key_ptr = m.pop_i32();
                let value = some!(read_word(m, value_ptr));
                let key = some!(read_word(m, key_ptr));
                if self.is_static {
                    return Ok(lift(STATIC));
                }
                if f == HostFn::StorageWrite {
                    let w = sys.sstore(&self.address, &key, &value)?;
                    let cold = if w.was_cold { COLD_SLOAD_GAS } else { 0 };
                    let write = if w.present == value {
                        WARM_ACCESS_GAS
                    } else if w.present.is_zero() {
                        SSTORE_SET_GAS
                    } else {
                        SSTORE_RESET_GAS
                    };
                    // Charged after the write: running out halts the frame, which undoes it.
                    charge!(m, cold + write);
                } else {
                    charge!(m, WARM_ACCESS_GAS);
                    sys.tstore(&self.address, &key, &value);
                }
            }
            HostFn::EmitEvent => {
                let data_len = m.pop_i32();
                let data_ptr = m.pop_i32();
                let count = m.pop_i32();
                let topics_ptr = m.pop_i32();
                if self.is_static {
                    return Ok(lift(STATIC));
                }
                if count > 4 {
                    return Ok(Step::Exit(halt("wasm: an event has at most 4 topics"), Vec::new()));
                }
                charge!(m, LOG_GAS.0 + LOG_GAS.1 * u64::from(count) + LOG_GAS.2 * u64::from(data_len));
                let topics = some!(m.mem(topics_ptr, 32 * count));
                let topics = topics.chunks(32).map(|t| B256::from_slice(t).unwrap_or_default()).collect();
                let data = some!(m.mem(data_ptr, data_len)).to_vec();
                sys.emit_log(Log { address: self.address, topics, data });
            }
            HostFn::Caller | HostFn::SelfAddress => {
                let out = m.pop_i32();
                let a = if f == HostFn::Caller { self.caller } else { self.address };
                some!(write_bytes(m, out, &a.0));
            }
            HostFn::Value => {
                let out = m.pop_i32();
                some!(write_bytes(m, out, &self.value.to_be_bytes::<32>()));
            }
            HostFn::BlockNumber => m.push_i64(sys.block().number),
            HostFn::BlockTimestamp => m.push_i64(sys.block().timestamp),
            HostFn::GasLeft => m.push_i64(m.fuel),
            HostFn::ReturndataSize => m.push_i32(self.return_data.len() as u32),
            HostFn::Call => {
                let gas = m.pop_i64();
                let input_len = m.pop_i32();
                let input_ptr = m.pop_i32();
                let value_ptr = m.pop_i32();
                let to_ptr = m.pop_i32();
                let value = some!(read_word(m, value_ptr));
                let to = Address::from_slice(some!(m.mem(to_ptr, 20))).unwrap_or_default();
                let input = some!(m.mem(input_ptr, input_len)).to_vec();
                if self.is_static && !value.is_zero() {
                    return Ok(lift(STATIC));
                }
                let cold = sys.access_account(&to)?;
                let mut cost = COPY_GAS_PER_WORD * words(input_len);
                cost += if cold { COLD_ACCOUNT_GAS } else { WARM_ACCESS_GAS };
                if !value.is_zero() {
                    cost += CALL_VALUE_GAS;
                }
                charge!(m, cost);
                self.return_data.clear();
                if self.depth + 1 > CALL_DEPTH_LIMIT {
                    m.push_i32(2);
                    return Ok(Step::Continue);
                }
                self.sync(m);
                let cap = self.resources.gas_left().all_but_one_64th();
                let callee_gas = if gas == 0 { cap } else { Gas::new(gas).min(cap) };
                let resources = self.resources.take(callee_gas);
                m.fuel = self.resources.gas_left().get();
                return Ok(Step::Yield(ExecutionRequest::Call(CallRequest {
                    scheme: CallScheme::Call,
                    caller: self.address,
                    target: to,
                    code_address: to,
                    value,
                    transfers_value: true,
                    input,
                    resources,
                    is_static: self.is_static,
                    precompiles_enabled: true,
                })));
            }
        }
        Ok(Step::Continue)
    }

    fn run<Sys: SystemInterface<Resources = R>>(
        &mut self,
        sys: &mut Sys,
        mut m: Machine,
    ) -> Result<ExecutionRequest<R>, SystemError> {
        loop {
            match m.run() {
                Exit::Done => match self.entry.take() {
                    Some(f) => {
                        if let Err(t) = m.invoke(f) {
                            self.sync(&m);
                            return Ok(self.exit(trap_status(t), Vec::new()));
                        }
                    }
                    None => {
                        self.sync(&m);
                        return Ok(self.exit(ExitStatus::Success, Vec::new()));
                    }
                },
                Exit::Trap(t) => {
                    self.sync(&m);
                    return Ok(self.exit(trap_status(t), Vec::new()));
                }
                Exit::Host(f) => match self.host(sys, &mut m, f)? {
                    Step::Continue => {}
                    Step::Yield(request) => {
                        self.machine = Some(m);
                        return Ok(request);
                    }
                    Step::Exit(status, output) => {
                        self.sync(&m);
                        return Ok(self.exit(status, output));
                    }
                },
            }
        }
    }
}

impl<Sys: SystemInterface> EeFrame<Sys> for WasmFrame<Sys::Resources> {
    fn resume(
        &mut self,
        sys: &mut Sys,
        outcome: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
        let machine = match (self.machine.take(), outcome) {
            (None, None) => match self.load() {
                Ok(machine) => machine,
                Err(status) => return Ok(self.exit(status, Vec::new())),
            },
            (Some(mut machine), Some(outcome)) => {
                let status = match outcome.status {
                    ExitStatus::Success => 0,
                    ExitStatus::Revert => 1,
                    ExitStatus::Halt(_) => 2,
                };
                self.resources.reclaim(outcome.resources, status == 0);
                machine.fuel = self.resources.gas_left().get();
                self.return_data = outcome.output;
                machine.push_i32(status);
                machine
            }
            _ => return Err(SystemError::Internal("wasm frame resumed out of order")),
        };
        self.run(sys, machine)
    }
}

/// Convenience for tests and tools: the 32-byte big-endian encoding of `v`.
pub fn word(v: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[24..].copy_from_slice(&v.to_be_bytes());
    out
}
