//! Far calls and returns (near returns included): the ABI words, fat pointer checks, memory growth,
//! the 63/64 ergs rule, decommitment costs and register conventions of zk_evm.

use alloc::rc::Rc;
use alloc::vec::Vec;

use primitives::{Address, U256};

use crate::opcodes::{FarCallKind, RetKind, DECOMMIT_ERGS_PER_WORD};
use crate::vm::{
    address_low, addr_to_u256, code_bytes, is_kernel, u256_to_address, Exec, FarCall, FarCallMode, FatPointer, Flags, Frame,
    Host, Page, Value, Vm, ACCOUNT_CODE_STORAGE, MSG_VALUE_SIMULATOR, MSG_VALUE_SIMULATOR_ADDITIVE_COST,
    NEW_EVM_FRAME_MEMORY_STIPEND, NEW_FRAME_MEMORY_STIPEND, NEW_KERNEL_FRAME_MEMORY_STIPEND,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Forwarding {
    Heap,
    FatPointer,
    AuxHeap,
}

fn forwarding(v: &U256) -> Forwarding {
    match (v.as_limbs()[3] >> 32) as u8 {
        1 => Forwarding::FatPointer,
        2 => Forwarding::AuxHeap,
        _ => Forwarding::Heap,
    }
}

/// Checks the pointer operand of a far call, adjusts it to the slice it designates, and pays for heap
/// growth. Returns (pointer, ergs after growth, exception).
fn prepare_pointer(
    frame: &mut Frame,
    src: Value,
    mode: Forwarding,
    mut ptr: FatPointer,
    mut exception: bool,
    mut ergs: u32,
) -> (FatPointer, u32, bool) {
    let fwd = mode == Forwarding::FatPointer;
    if fwd != src.is_pointer {
        exception = true;
    }
    let (invalid, beyond) = pointer_bounds(&ptr, fwd);
    exception |= invalid;
    designate(&mut ptr, mode, frame);
    if exception {
        ptr = FatPointer::default();
    }
    if !fwd {
        let upper = if beyond { u32::MAX } else { ptr.start.wrapping_add(ptr.length) };
        let heap = mode == Forwarding::Heap;
        let bound = if heap { frame.heap_bound } else { frame.aux_heap_bound };
        let cost = upper.saturating_sub(bound);
        if ergs >= cost {
            ergs -= cost;
            if upper > bound {
                if heap {
                    frame.heap_bound = upper;
                } else {
                    frame.aux_heap_bound = upper;
                }
            }
        } else {
            ergs = 0;
            exception = true;
        }
    }
    (ptr, ergs, exception)
}

/// The bounds checks every passed fat pointer must pass (far-call arguments and return data alike): a fresh
/// one has no offset, `start + length` does not overflow, and the offset lies within the length. Returns
/// (invalid, beyond), where `beyond` is the overflow, which makes heap growth cost everything.
fn pointer_bounds(ptr: &FatPointer, forwarded: bool) -> (bool, bool) {
    let beyond = ptr.start.checked_add(ptr.length).is_none();
    let invalid = (!forwarded && ptr.offset != 0) || beyond || ptr.offset > ptr.length;
    (invalid, beyond)
}

/// The slice a passed pointer designates: a forwarded one narrowed to what is left after its offset, a
/// fresh one placed on the frame's heap or aux heap.
fn designate(ptr: &mut FatPointer, mode: Forwarding, frame: &Frame) {
    match mode {
        Forwarding::FatPointer => {
            ptr.start = ptr.start.wrapping_add(ptr.offset);
            ptr.length = ptr.length.wrapping_sub(ptr.offset);
            ptr.offset = 0;
        }
        Forwarding::Heap => ptr.page = frame.base_page + 2,
        Forwarding::AuxHeap => ptr.page = frame.base_page + 3,
    }
}

fn frame_is_kernel(f: &Frame) -> bool {
    is_kernel(&f.this)
}

impl Vm {
    pub(crate) fn far_call(&mut self, host: &mut dyn Host, kind: FarCallKind, ctx: &Exec) {
        self.flags = Flags::default();
        let ins = ctx.ins;
        let is_static_call = ins.variant.flags[0];
        let is_shard_call = ins.variant.flags[1];
        let handler = ins.imm0;
        let abi = ctx.src0.value;
        let called = u256_to_address(&ctx.src1.value);
        let dst_kernel = is_kernel(&called);
        let limbs = *abi.as_limbs();
        let ergs_requested = limbs[3] as u32;
        let extra = ((limbs[3] >> 32) as u32).to_le_bytes();
        let shard_id = extra[1];
        let constructor = extra[2] != 0 && ctx.kernel;
        let system = extra[3] != 0 && dst_kernel;
        let mode = forwarding(&abi);
        let new_base = self.page_counter;
        let mut exception = is_shard_call && shard_id != 0;

        // code lookup (internal mode) — versioned hash checks as zk_evm
        let mut code: Option<(Rc<[U256]>, [u8; 28], u16)> = None;
        let mut evm = false;
        // the stored hash's version byte (before masking to the default account) picks the heap stipend
        let mut stored_version = 0u8;
        if self.far_call_mode == FarCallMode::Internal && !exception {
            let stored = host.storage_read(&Address::from_low_u64(ACCOUNT_CODE_STORAGE as u64), &addr_to_u256(&called));
            let mut hash = stored.to_be_bytes::<32>();
            stored_version = hash[0];
            let version_ok = hash[1] == 0 || hash[1] == 1;
            let at_rest = hash[1] == 0;
            let callable = version_ok && ((!constructor && at_rest) || (constructor && hash[1] == 1));
            let mut use_default = false;
            let mut known = false;
            if hash[0] == 1 && version_ok {
                if callable {
                    known = true;
                } else if !dst_kernel {
                    use_default = true;
                } else {
                    exception = true;
                }
            } else if hash[0] == 2 && version_ok {
                if callable {
                    evm = true;
                    hash = self.evm_emulator_code_hash;
                    known = true;
                } else if !dst_kernel {
                    use_default = true;
                } else {
                    exception = true;
                }
            }
            if stored.is_zero() {
                if !dst_kernel {
                    use_default = true;
                } else {
                    exception = true;
                }
            }
            if use_default {
                hash = self.default_aa_code_hash;
                known = true;
            }
            if !known {
                exception = true;
            }
            if !exception {
                let mut norm = [0u8; 28];
                norm.copy_from_slice(&hash[4..]);
                let words = u16::from_be_bytes([hash[2], hash[3]]);
                match host.decommit(&hash) {
                    Some(c) => code = Some((c, norm, words)),
                    None => exception = true,
                }
            }
        }

        let ptr = FatPointer::from_u256(&abi);
        let ergs = self.frame().ergs;
        let frame = self.frames.top_mut();
        let (ptr, mut remaining, exc) = prepare_pointer(frame, ctx.src0, mode, ptr, exception, ergs);
        exception = exc;

        let mut extra_ergs =
            if system && dst_kernel && address_low(&called) == MSG_VALUE_SIMULATOR { MSG_VALUE_SIMULATOR_ADDITIVE_COST } else { 0 };
        if remaining >= extra_ergs {
            remaining -= extra_ergs;
        } else {
            exception = true;
            extra_ergs = 0;
            remaining = 0;
        }
        if !exception {
            if let Some((words_rc, norm, words)) = &code {
                let fresh = !self.decommitted.contains_key(norm);
                let cost = if fresh { DECOMMIT_ERGS_PER_WORD * *words as u32 } else { 0 };
                if remaining >= cost {
                    remaining -= cost;
                    if fresh {
                        // decommitted into the callee's code page
                        self.decommitted.insert(*norm, new_base);
                        self.pages.insert(new_base, Page::from_bytes(code_bytes(words_rc)));
                    }
                } else {
                    exception = true;
                }
            }
        }
        if exception {
            self.pending_exception = true;
            code = None;
        }

        let max_passable = (remaining / 64) * 63;
        let leftover = remaining - max_passable;
        let (passed, left) = if ergs_requested > max_passable {
            (max_passable, leftover)
        } else {
            (ergs_requested, leftover + (max_passable - ergs_requested))
        };
        let passed = passed.wrapping_add(extra_ergs);
        let caller_frame = self.frame_mut();
        caller_frame.ergs = left;
        caller_frame.pc = ctx.new_pc;
        let new_static = caller_frame.is_static || is_static_call;
        let current_this = caller_frame.this;
        let current_caller = caller_frame.caller;
        let current_context = caller_frame.context_u128;
        self.page_counter += 8;
        let (this, caller) = match kind {
            FarCallKind::Normal => (called, current_this),
            FarCallKind::Delegate => (current_this, current_caller),
            FarCallKind::Mimic => (called, u256_to_address(&self.registers[14].value)),
        };
        let context_u128 = if kind == FarCallKind::Delegate { current_context } else { self.context_u128 };

        if self.far_call_mode == FarCallMode::Yield && !exception {
            // the embedder runs the callee; the heap pages stay the caller's
            let calldata = self.fat_pointer_bytes(ptr);
            self.pending_far_call = Some(FarCall {
                kind,
                address: called,
                calldata,
                ergs: passed,
                is_static: new_static,
                context_u128,
                constructor,
                system,
            });
            self.pending_far_call_info = Some((handler, new_base));
            self.context_u128 = 0;
            return;
        }

        let stipend_mem = if is_kernel(&this) {
            NEW_KERNEL_FRAME_MEMORY_STIPEND
        } else if stored_version == 2 {
            NEW_EVM_FRAME_MEMORY_STIPEND
        } else {
            NEW_FRAME_MEMORY_STIPEND
        };
        let checkpoint = host.checkpoint();
        let code = code.map(|c| c.0).unwrap_or_else(|| Rc::from(Vec::new()));
        self.frames.push(Frame {
            this,
            caller,
            code_address: called,
            base_page: new_base,
            code,
            sp: 0,
            pc: 0,
            exception_handler: handler,
            ergs: passed,
            is_static: if evm { false } else { new_static },
            is_local: false,
            context_u128,
            heap_bound: stipend_mem,
            aux_heap_bound: stipend_mem,
            stipend: 0,
            checkpoint,
            pubdata_spent: 0,
        });
        self.context_u128 = 0;
        self.registers[0] = Value { value: ptr.to_u256(), is_pointer: true };
        let mut r2 = 0u64;
        if constructor {
            r2 |= 1;
        }
        if system {
            r2 |= 2;
        }
        if evm {
            r2 |= (new_static as u64) << 2;
        }
        self.registers[1] = Value::num(U256::from(r2));
        for r in &mut self.registers[2..12] {
            if system {
                r.is_pointer = false;
            } else {
                *r = Value::default();
            }
        }
        for r in &mut self.registers[12..15] {
            *r = Value::default();
        }
    }

    /// Resumes after a far call handed out in [`FarCallMode::Yield`]: `ergs_left` returns to this frame,
    /// `returndata` becomes the page r1 points at, and a revert or panic continues at the handler. Fails,
    /// changing nothing, when no far call is pending.
    pub fn finish_far_call(&mut self, kind: RetKind, returndata: Vec<u8>, ergs_left: u32) -> Result<(), &'static str> {
        let (handler, base) = self.pending_far_call_info.take().ok_or("EraVM resumed with no far call pending")?;
        let page = base + 2;
        let len = returndata.len() as u32;
        self.pages.insert(page, Page::from_bytes(returndata));
        let ptr = if kind == RetKind::Panic {
            FatPointer::default()
        } else {
            FatPointer { offset: 0, page, start: 0, length: len }
        };
        self.flags = Flags::default();
        self.registers = [Value::default(); 15];
        self.registers[0] = Value { value: ptr.to_u256(), is_pointer: true };
        self.context_u128 = 0;
        let f = self.frame_mut();
        f.ergs = f.ergs.wrapping_add(ergs_left);
        if kind != RetKind::Ok {
            f.pc = handler;
        }
        if kind == RetKind::Panic {
            self.flags.lt_of = true;
        }
        Ok(())
    }

    pub(crate) fn ret(&mut self, host: &mut dyn Host, kind: RetKind, ctx: &Exec) {
        self.flags = Flags::default();
        let mut kind = kind;
        let src0 = ctx.src0;
        let to_label = ctx.ins.variant.flags[0];
        let label = ctx.ins.imm0;
        let is_local = self.frame().is_local;
        let mut ergs = self.frame().ergs;
        let mut returndata = FatPointer::default();
        if !is_local {
            let mode = forwarding(&src0.value);
            let ptr = FatPointer::from_u256(&src0.value);
            let fwd = mode == Forwarding::FatPointer;
            let frame = self.frames.top_mut();
            let mut exception = if fwd {
                !src0.is_pointer || (ptr.page < frame.base_page && !frame_is_kernel(frame))
            } else {
                src0.is_pointer
            };
            let (invalid, beyond) = pointer_bounds(&ptr, fwd);
            exception |= invalid;
            if exception {
                kind = RetKind::Panic;
            }
            let mut ptr = if kind == RetKind::Panic { FatPointer::default() } else { ptr };
            if kind != RetKind::Panic {
                designate(&mut ptr, mode, frame);
            }
            if !fwd {
                let upper = if beyond { u32::MAX } else { ptr.start.wrapping_add(ptr.length) };
                let bound = if mode == Forwarding::Heap { frame.heap_bound } else { frame.aux_heap_bound };
                let cost = upper.saturating_sub(bound);
                if ergs >= cost {
                    ergs -= cost;
                } else {
                    ergs = 0;
                    kind = RetKind::Panic;
                    ptr = FatPointer::default();
                }
            }
            returndata = ptr;
        }
        let panicked = kind != RetKind::Ok;
        // The formal outer frame never executes a `ret` (the machine stops when it is all that is left).
        let Some(finished) = self.frames.pop() else { return };
        if panicked {
            host.rollback(finished.checkpoint);
        }
        self.end_frame_pubdata(finished.pubdata_spent, panicked);
        let to_label = to_label && finished.is_local;
        if !finished.is_local {
            self.registers = [Value::default(); 15];
            self.registers[0] = Value { value: returndata.to_u256(), is_pointer: true };
            self.context_u128 = 0;
            ergs = ergs.saturating_sub(finished.stipend);
        }
        let next = self.frame_mut();
        next.ergs = next.ergs.wrapping_add(ergs);
        if to_label {
            next.pc = label;
        } else if panicked {
            next.pc = finished.exception_handler;
        }
        if finished.is_local {
            next.heap_bound = finished.heap_bound;
            next.aux_heap_bound = finished.aux_heap_bound;
        }
        if kind == RetKind::Panic {
            self.flags.lt_of = true;
        }
        if self.frames.len() == 1 {
            self.last_ret = Some(kind);
            self.root_returndata = returndata;
        }
    }
}
