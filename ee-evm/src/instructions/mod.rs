//! The instruction table, built by a `const fn` and generic over the System, plus the helpers instruction
//! bodies share. One opcode family per file.

pub mod arithmetic;
pub mod bitwise;
pub mod calls;
pub mod control;
pub mod environment;
pub mod host;
pub mod memory_ops;
pub mod stack_ops;
mod stack_only;

pub(crate) use stack_only::with_stack_only_ops;

use core::marker::PhantomData;
use ee_api::HaltReason;
use system_api::{Gas, Resources, SystemInterface};

use crate::interpreter::Interpreter;
use crate::opcodes::*;
use crate::stack::STACK_LIMIT;

/// The interpreter type for a System.
pub type Interp<Sys> = Interpreter<<Sys as SystemInterface>::Resources>;

/// An instruction body.
pub type Instruction<Sys> = fn(&mut Interp<Sys>, &mut Sys);

/// Holder of the per-System tables (Rust has no generic statics; an associated const is promoted instead).
pub struct InstructionTable<Sys>(PhantomData<Sys>);

impl<Sys: SystemInterface> InstructionTable<Sys> {
    /// Opcode byte → body alone (no checks).
    pub const BODIES: [Instruction<Sys>; 256] = build::<Sys>();
    /// Opcode byte → `checked` body: what the dispatch loop calls.
    pub const TABLE: [Instruction<Sys>; 256] = checked_table!(
        0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
        64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
        96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127
        128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159
        160 161 162 163 164 165 166 167 168 169 170 171 172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191
        192 193 194 195 196 197 198 199 200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220 221 222 223
        224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255
    );
}

/// Expands to `[checked::<0, Sys>, checked::<1, Sys>, …]` for the listed opcodes.
macro_rules! checked_table {
    ($($op:literal)*) => { [$(checked::<$op, Sys>),*] };
}
use checked_table;

/// Opcode `OP` with the checks the traits table (`OP_INFO`) asks for before its body: stack depth (inputs
/// present, outputs fit), then static gas, in the Yellow Paper's order. Everything about `OP` is a
/// constant here, so each check is one comparison with an immediate and the body is called directly (and
/// usually inlined): the dispatch loop itself only fetches and jumps, as revm's and evmone's do.
#[inline(always)]
fn checked<const OP: usize, Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    if let Some(fault) = stack_fault::<OP>(it.stack.len()) {
        it.halt(fault);
        return;
    }
    if it.resources.charge_gas(Gas::new(OP_INFO[OP].static_gas as u64)).is_err() {
        it.halt(HaltReason::OutOfResources);
        return;
    }
    let body = const { InstructionTable::<Sys>::BODIES[OP] };
    body(it, sys)
}

/// The stack fault opcode `OP` meets at depth `len`, if any: fewer items than it takes, or more than the
/// limit once it has pushed. With `OP` a constant this is one comparison (the subtraction wraps below zero).
#[inline(always)]
pub(crate) fn stack_fault<const OP: usize>(len: usize) -> Option<HaltReason> {
    let info = const { &OP_INFO[OP] };
    if len.wrapping_sub(info.inputs as usize) > STACK_LIMIT - info.outputs as usize {
        return Some(stack_fault_reason(len, info.inputs));
    }
    None
}

#[cold]
fn stack_fault_reason(len: usize, inputs: u8) -> HaltReason {
    if len < inputs as usize {
        HaltReason::StackUnderflow
    } else {
        HaltReason::StackOverflow
    }
}

/// Pops the named stack items in order (the dispatcher has checked the depth).
macro_rules! pop {
    ($it:expr; $($name:ident),+) => {
        $( let $name = $it.stack.pop(); )+
    };
}

/// Unwraps a System result or ends the block with its error.
macro_rules! sys {
    ($it:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(error) => {
                $it.fail(error);
                return;
            }
        }
    };
}

/// Charges dynamic gas or returns after halting.
macro_rules! charge {
    ($it:expr, $gas:expr) => {
        if !$it.charge($gas) {
            return;
        }
    };
}

/// Halts with `StateChangeInStaticContext` in a static frame.
macro_rules! require_non_static {
    ($it:expr) => {
        if $it.ctx.is_static {
            $it.halt(ee_api::HaltReason::StateChangeInStaticContext);
            return;
        }
    };
}

pub(crate) use {charge, pop, require_non_static, sys};

const fn build<Sys: SystemInterface>() -> [Instruction<Sys>; 256] {
    use arithmetic as a;
    use calls as c;
    use control as k;
    use environment as e;
    use host as h;
    use memory_ops as m;
    use stack_ops as s;

    let mut t: [Instruction<Sys>; 256] = [k::invalid::<Sys>; 256];
    t[STOP as usize] = k::stop::<Sys>;
    macro_rules! stack_only_entries {
        ([$($op:ident => $body:expr,)*] [$($push:ident => $n:literal,)*]) => {
            $( t[$op as usize] = |it: &mut Interp<Sys>, _: &mut Sys| ($body)(&mut it.stack.view()); )*
            $( t[$push as usize] = s::push::<$n, Sys>; )*
        };
    }
    with_stack_only_ops!(stack_only_entries);
    t[EXP as usize] = a::exp::<Sys>;
    t[CLZ as usize] = bitwise::clz::<Sys>;
    t[KECCAK256 as usize] = m::keccak256::<Sys>;
    t[ADDRESS as usize] = e::address::<Sys>;
    t[BALANCE as usize] = h::balance::<Sys>;
    t[ORIGIN as usize] = e::origin::<Sys>;
    t[CALLER as usize] = e::caller::<Sys>;
    t[CALLVALUE as usize] = e::callvalue::<Sys>;
    t[CALLDATALOAD as usize] = e::calldataload::<Sys>;
    t[CALLDATASIZE as usize] = e::calldatasize::<Sys>;
    t[CALLDATACOPY as usize] = e::calldatacopy::<Sys>;
    t[CODESIZE as usize] = e::codesize::<Sys>;
    t[CODECOPY as usize] = e::codecopy::<Sys>;
    t[GASPRICE as usize] = e::gasprice::<Sys>;
    t[EXTCODESIZE as usize] = h::extcodesize::<Sys>;
    t[EXTCODECOPY as usize] = h::extcodecopy::<Sys>;
    t[RETURNDATASIZE as usize] = e::returndatasize::<Sys>;
    t[RETURNDATACOPY as usize] = e::returndatacopy::<Sys>;
    t[EXTCODEHASH as usize] = h::extcodehash::<Sys>;
    t[BLOCKHASH as usize] = e::blockhash::<Sys>;
    t[COINBASE as usize] = e::coinbase::<Sys>;
    t[TIMESTAMP as usize] = e::timestamp::<Sys>;
    t[NUMBER as usize] = e::number::<Sys>;
    t[PREVRANDAO as usize] = e::prevrandao::<Sys>;
    t[GASLIMIT as usize] = e::gaslimit::<Sys>;
    t[CHAINID as usize] = e::chainid::<Sys>;
    t[SELFBALANCE as usize] = h::selfbalance::<Sys>;
    t[BASEFEE as usize] = e::basefee::<Sys>;
    t[BLOBHASH as usize] = e::blobhash::<Sys>;
    t[BLOBBASEFEE as usize] = e::blobbasefee::<Sys>;
    t[MLOAD as usize] = m::mload::<Sys>;
    t[MSTORE as usize] = m::mstore::<Sys>;
    t[MSTORE8 as usize] = m::mstore8::<Sys>;
    t[SLOAD as usize] = h::sload::<Sys>;
    t[SSTORE as usize] = h::sstore::<Sys>;
    t[JUMP as usize] = k::jump::<Sys>;
    t[JUMPI as usize] = k::jumpi::<Sys>;
    t[PC as usize] = k::pc::<Sys>;
    t[MSIZE as usize] = m::msize::<Sys>;
    t[GAS as usize] = k::gas::<Sys>;
    t[JUMPDEST as usize] = k::jumpdest::<Sys>;
    t[TLOAD as usize] = h::tload::<Sys>;
    t[TSTORE as usize] = h::tstore::<Sys>;
    t[MCOPY as usize] = m::mcopy::<Sys>;
    t[LOG0 as usize] = h::log::<0, Sys>;
    t[LOG1 as usize] = h::log::<1, Sys>;
    t[LOG2 as usize] = h::log::<2, Sys>;
    t[LOG3 as usize] = h::log::<3, Sys>;
    t[LOG4 as usize] = h::log::<4, Sys>;
    t[CREATE as usize] = c::create::<false, Sys>;
    t[CALL as usize] = c::call::<Sys>;
    t[CALLCODE as usize] = c::callcode::<Sys>;
    t[RETURN as usize] = k::ret::<Sys>;
    t[DELEGATECALL as usize] = c::delegatecall::<Sys>;
    t[CREATE2 as usize] = c::create::<true, Sys>;
    t[STATICCALL as usize] = c::staticcall::<Sys>;
    t[REVERT as usize] = k::revert::<Sys>;
    t[INVALID as usize] = k::invalid::<Sys>;
    t[SELFDESTRUCT as usize] = h::selfdestruct::<Sys>;
    t
}
