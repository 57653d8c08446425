//! The dispatch loop without an inspector: the program counter, the stack depth and the gas left live in
//! local variables, so the compiler keeps them in registers for as long as the code runs stack-only
//! instructions, PUSHes and jumps (most of what contracts execute). Written through `&mut Interpreter` on
//! every instruction, as the table's entries do, each would be stored and loaded again by the next
//! instruction, a store-to-load round trip on the critical path of every step.
//!
//! MLOAD and MSTORE inside current memory stay in the loop too; when memory must grow they run their full
//! body. Every other opcode goes to its entry in the instruction table: the loop first writes the three back
//! (`save!`), and reads them again afterwards (`load!`). The checks are the table's own: the stack bounds
//! (`stack_fault`) and static gas from the traits table, as constants per opcode.
//!
//! Gas is handed back by charging what was spent since the last hand-over, so any [`Resources`] sees the
//! same total it would have seen one charge at a time.

use alloc::rc::Rc;
use ee_api::HaltReason;
use primitives::U256;
use system_api::{Gas, Resources, SystemInterface};

use crate::instructions::memory_ops::{mload_inside, mstore_inside};
use crate::instructions::stack_ops::immediate;
use crate::instructions::{stack_fault, with_stack_only_ops, InstructionTable, Interp};
use crate::interpreter::Status;
use crate::opcodes::*;

/// Runs `it` until its frame exits or suspends.
#[inline(never)]
pub(crate) fn run<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let table = &InstructionTable::<Sys>::TABLE;
    // A handle of our own: the table's entries need `it` whole while the loop still reads the code.
    let code = Rc::clone(&it.code);
    let padded: &[u8] = &code.padded;
    let mut pc = it.pc;
    let mut len = it.stack.len();
    let mut gas = it.gas_left();
    let mut gas_at_save = gas;

    // Writes the registers back into the interpreter (every `save!` is followed by `load!` or a return).
    macro_rules! save {
        () => {{
            it.pc = pc;
            it.stack.set_len(len);
            // Cannot fail: `gas` only went down from `gas_at_save` by amounts checked against it.
            let _ = it.resources.charge_gas(Gas::new(gas_at_save - gas));
        }};
    }
    // Reads them back after a table entry ran.
    macro_rules! load {
        () => {{
            pc = it.pc;
            len = it.stack.len();
            gas = it.gas_left();
            gas_at_save = gas;
        }};
    }
    // Ends the frame exceptionally.
    macro_rules! halt {
        ($reason:expr) => {{
            save!();
            it.halt($reason);
            return;
        }};
    }
    // The checks before opcode `$op`'s body: stack bounds, then static gas.
    macro_rules! enter {
        ($op:ident) => {{
            if let Some(fault) = stack_fault::<{ $op as usize }>(len) {
                halt!(fault);
            }
            let cost = const { OP_INFO[$op as usize].static_gas as u64 };
            if gas < cost {
                halt!(HaltReason::OutOfResources);
            }
            gas -= cost;
        }};
    }
    // Hands the interpreter to a table function (an entry, or a body whose checks ran here) and takes the
    // registers back, unless the frame exited or suspended.
    macro_rules! hand_over {
        ($function:expr) => {{
            save!();
            ($function)(it, sys);
            if it.status != Status::Running {
                return;
            }
            load!();
        }};
    }
    // Continues at the JUMPDEST `target`, or halts.
    macro_rules! jump {
        ($target:expr) => {
            match code.jump_destination(&$target) {
                Some(dest) => pc = dest,
                None => halt!(HaltReason::InvalidJump),
            }
        };
    }
    // The stack with the loop's depth.
    macro_rules! stack {
        () => {
            it.stack.view_with(&mut len)
        };
    }

    loop {
        // Past the code the padding reads as STOP; past the padding (a jump cannot land there) too.
        let op = padded.get(pc).copied().unwrap_or(STOP);
        pc += 1;
        macro_rules! dispatch {
            ([$($stack_op:ident => $body:expr,)*] [$($push_op:ident => $n:literal,)*]) => {
                match op {
                    $( $stack_op => {
                        enter!($stack_op);
                        ($body)(&mut stack!());
                    } )*
                    $( $push_op => {
                        enter!($push_op);
                        let value = immediate::<$n>(padded, pc);
                        stack!().push(value);
                        pc += $n;
                    } )*
                    JUMP => {
                        enter!(JUMP);
                        let target = stack!().pop();
                        jump!(target);
                    }
                    JUMPI => {
                        enter!(JUMPI);
                        let mut stack = stack!();
                        let target = stack.pop();
                        let taken = !stack.pop().is_zero();
                        if taken {
                            jump!(target);
                        }
                    }
                    JUMPDEST => enter!(JUMPDEST),
                    MLOAD => {
                        enter!(MLOAD);
                        if !mload_inside(&it.memory, &mut stack!()) {
                            hand_over!(InstructionTable::<Sys>::BODIES[MLOAD as usize]);
                        }
                    }
                    MSTORE => {
                        enter!(MSTORE);
                        if !mstore_inside(&mut it.memory, &mut stack!()) {
                            hand_over!(InstructionTable::<Sys>::BODIES[MSTORE as usize]);
                        }
                    }
                    PC => {
                        enter!(PC);
                        stack!().push(U256::from(pc - 1));
                    }
                    GAS => {
                        enter!(GAS);
                        stack!().push(U256::from(gas));
                    }
                    _ => {
                        hand_over!(table[op as usize]);
                    }
                }
            };
        }
        with_stack_only_ops!(dispatch);
    }
}
