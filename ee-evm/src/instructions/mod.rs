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
    /// Opcode byte → [`checked`] body: what the dispatch loop calls.
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
    let info = const { &OP_INFO[OP] };
    let len = it.stack.len();
    if len.wrapping_sub(info.inputs as usize) > STACK_LIMIT - info.outputs as usize {
        let reason = if len < info.inputs as usize { HaltReason::StackUnderflow } else { HaltReason::StackOverflow };
        it.halt(reason);
        return;
    }
    if it.resources.charge_gas(Gas::new(info.static_gas as u64)).is_err() {
        it.halt(HaltReason::OutOfResources);
        return;
    }
    let body = const { InstructionTable::<Sys>::BODIES[OP] };
    body(it, sys)
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
    use bitwise as b;
    use calls as c;
    use control as k;
    use environment as e;
    use host as h;
    use memory_ops as m;
    use stack_ops as s;

    let mut t: [Instruction<Sys>; 256] = [k::invalid::<Sys>; 256];
    t[STOP as usize] = k::stop::<Sys>;
    t[ADD as usize] = a::add::<Sys>;
    t[MUL as usize] = a::mul::<Sys>;
    t[SUB as usize] = a::sub::<Sys>;
    t[DIV as usize] = a::div::<Sys>;
    t[SDIV as usize] = a::sdiv::<Sys>;
    t[MOD as usize] = a::rem::<Sys>;
    t[SMOD as usize] = a::smod::<Sys>;
    t[ADDMOD as usize] = a::addmod::<Sys>;
    t[MULMOD as usize] = a::mulmod::<Sys>;
    t[EXP as usize] = a::exp::<Sys>;
    t[SIGNEXTEND as usize] = a::signextend::<Sys>;
    t[LT as usize] = b::lt::<Sys>;
    t[GT as usize] = b::gt::<Sys>;
    t[SLT as usize] = b::slt::<Sys>;
    t[SGT as usize] = b::sgt::<Sys>;
    t[EQ as usize] = b::eq::<Sys>;
    t[ISZERO as usize] = b::iszero::<Sys>;
    t[AND as usize] = b::and::<Sys>;
    t[OR as usize] = b::or::<Sys>;
    t[XOR as usize] = b::xor::<Sys>;
    t[NOT as usize] = b::not::<Sys>;
    t[BYTE as usize] = b::byte::<Sys>;
    t[SHL as usize] = b::shl::<Sys>;
    t[SHR as usize] = b::shr::<Sys>;
    t[SAR as usize] = b::sar::<Sys>;
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
    t[POP as usize] = s::pop::<Sys>;
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
    t[PUSH0 as usize] = s::push0::<Sys>;
    t[PUSH1 as usize] = s::push::<1, Sys>;
    t[PUSH2 as usize] = s::push::<2, Sys>;
    t[PUSH3 as usize] = s::push::<3, Sys>;
    t[PUSH4 as usize] = s::push::<4, Sys>;
    t[PUSH5 as usize] = s::push::<5, Sys>;
    t[PUSH6 as usize] = s::push::<6, Sys>;
    t[PUSH7 as usize] = s::push::<7, Sys>;
    t[PUSH8 as usize] = s::push::<8, Sys>;
    t[PUSH9 as usize] = s::push::<9, Sys>;
    t[PUSH10 as usize] = s::push::<10, Sys>;
    t[PUSH11 as usize] = s::push::<11, Sys>;
    t[PUSH12 as usize] = s::push::<12, Sys>;
    t[PUSH13 as usize] = s::push::<13, Sys>;
    t[PUSH14 as usize] = s::push::<14, Sys>;
    t[PUSH15 as usize] = s::push::<15, Sys>;
    t[PUSH16 as usize] = s::push::<16, Sys>;
    t[PUSH17 as usize] = s::push::<17, Sys>;
    t[PUSH18 as usize] = s::push::<18, Sys>;
    t[PUSH19 as usize] = s::push::<19, Sys>;
    t[PUSH20 as usize] = s::push::<20, Sys>;
    t[PUSH21 as usize] = s::push::<21, Sys>;
    t[PUSH22 as usize] = s::push::<22, Sys>;
    t[PUSH23 as usize] = s::push::<23, Sys>;
    t[PUSH24 as usize] = s::push::<24, Sys>;
    t[PUSH25 as usize] = s::push::<25, Sys>;
    t[PUSH26 as usize] = s::push::<26, Sys>;
    t[PUSH27 as usize] = s::push::<27, Sys>;
    t[PUSH28 as usize] = s::push::<28, Sys>;
    t[PUSH29 as usize] = s::push::<29, Sys>;
    t[PUSH30 as usize] = s::push::<30, Sys>;
    t[PUSH31 as usize] = s::push::<31, Sys>;
    t[PUSH32 as usize] = s::push::<32, Sys>;
    macro_rules! dup_swap {
        ($($n:literal),*) => {
            $(
                t[DUP1 as usize + $n - 1] = s::dup::<$n, Sys>;
                t[SWAP1 as usize + $n - 1] = s::swap::<$n, Sys>;
            )*
        };
    }
    dup_swap!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
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
