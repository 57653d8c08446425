//! Control flow and frame ends: STOP, JUMP, JUMPI, PC, GAS, JUMPDEST, RETURN, REVERT, INVALID.

use primitives::U256;
use system_api::SystemInterface;

use ee_api::{ExitStatus, HaltReason};

use super::{pop, Interp};
use crate::interpreter::Status;

/// STOP
pub fn stop<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.status = Status::Exit(ExitStatus::Success);
}

#[inline]
fn jump_to<R: system_api::Resources>(it: &mut crate::interpreter::Interpreter<R>, target: &U256) {
    match it.code.jump_destination(target) {
        Some(dest) => it.pc = dest,
        None => it.halt(HaltReason::InvalidJump),
    }
}

/// JUMP
pub fn jump<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; target);
    jump_to(it, &target);
}

/// JUMPI
pub fn jumpi<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    pop!(it; target, condition);
    if !condition.is_zero() {
        jump_to(it, &target);
    }
}

/// PC
pub fn pc<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let pc = it.pc - 1;
    it.stack.push(U256::from(pc));
}

/// GAS
pub fn gas<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let left = it.gas_left();
    it.stack.push(U256::from(left));
}

/// JUMPDEST
pub fn jumpdest<Sys: SystemInterface>(_: &mut Interp<Sys>, _: &mut Sys) {}

fn finish<R: system_api::Resources>(it: &mut crate::interpreter::Interpreter<R>, status: ExitStatus) {
    pop!(it; offset, len);
    let Some((offset, len)) = it.memory_range(&offset, &len) else { return };
    it.output = it.memory.slice(offset, len).to_vec();
    it.status = Status::Exit(status);
}

/// RETURN
pub fn ret<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    finish(it, ExitStatus::Success);
}

/// REVERT
pub fn revert<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    finish(it, ExitStatus::Revert);
}

/// INVALID and every unassigned byte.
pub fn invalid<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    it.halt(HaltReason::InvalidInstruction);
}
