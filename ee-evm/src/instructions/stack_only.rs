//! The one list of stack-only opcodes: those whose body reads and writes the operand stack and nothing else
//! (no memory, no gas beyond the static part, no pc, no System). Both the instruction table and the hot loop
//! are generated from it, so an opcode moves between the fast path and the table in one place.

/// Invokes `$then!` with two bracketed lists: `OPCODE => body,` for every stack-only opcode (each body a
/// `fn(&mut StackView)`), then `PUSHn => n,` for PUSH1–PUSH32, which read their immediate from the code
/// (PUSH0 has none and is stack-only). Paths are absolute because the lists expand in other modules.
macro_rules! with_stack_only_ops {
    ($then:ident) => {
        $then! {
            [
                ADD => $crate::instructions::arithmetic::add,
                MUL => $crate::instructions::arithmetic::mul,
                SUB => $crate::instructions::arithmetic::sub,
                DIV => $crate::instructions::arithmetic::div,
                SDIV => $crate::instructions::arithmetic::sdiv,
                MOD => $crate::instructions::arithmetic::rem,
                SMOD => $crate::instructions::arithmetic::smod,
                ADDMOD => $crate::instructions::arithmetic::addmod,
                MULMOD => $crate::instructions::arithmetic::mulmod,
                SIGNEXTEND => $crate::instructions::arithmetic::signextend,
                LT => $crate::instructions::bitwise::lt,
                GT => $crate::instructions::bitwise::gt,
                SLT => $crate::instructions::bitwise::slt,
                SGT => $crate::instructions::bitwise::sgt,
                EQ => $crate::instructions::bitwise::eq,
                ISZERO => $crate::instructions::bitwise::iszero,
                AND => $crate::instructions::bitwise::and,
                OR => $crate::instructions::bitwise::or,
                XOR => $crate::instructions::bitwise::xor,
                NOT => $crate::instructions::bitwise::not,
                BYTE => $crate::instructions::bitwise::byte,
                SHL => $crate::instructions::bitwise::shl,
                SHR => $crate::instructions::bitwise::shr,
                SAR => $crate::instructions::bitwise::sar,
                POP => $crate::instructions::stack_ops::pop,
                PUSH0 => $crate::instructions::stack_ops::push0,
                DUP1 => $crate::instructions::stack_ops::dup::<1>,
                DUP2 => $crate::instructions::stack_ops::dup::<2>,
                DUP3 => $crate::instructions::stack_ops::dup::<3>,
                DUP4 => $crate::instructions::stack_ops::dup::<4>,
                DUP5 => $crate::instructions::stack_ops::dup::<5>,
                DUP6 => $crate::instructions::stack_ops::dup::<6>,
                DUP7 => $crate::instructions::stack_ops::dup::<7>,
                DUP8 => $crate::instructions::stack_ops::dup::<8>,
                DUP9 => $crate::instructions::stack_ops::dup::<9>,
                DUP10 => $crate::instructions::stack_ops::dup::<10>,
                DUP11 => $crate::instructions::stack_ops::dup::<11>,
                DUP12 => $crate::instructions::stack_ops::dup::<12>,
                DUP13 => $crate::instructions::stack_ops::dup::<13>,
                DUP14 => $crate::instructions::stack_ops::dup::<14>,
                DUP15 => $crate::instructions::stack_ops::dup::<15>,
                DUP16 => $crate::instructions::stack_ops::dup::<16>,
                SWAP1 => $crate::instructions::stack_ops::swap::<1>,
                SWAP2 => $crate::instructions::stack_ops::swap::<2>,
                SWAP3 => $crate::instructions::stack_ops::swap::<3>,
                SWAP4 => $crate::instructions::stack_ops::swap::<4>,
                SWAP5 => $crate::instructions::stack_ops::swap::<5>,
                SWAP6 => $crate::instructions::stack_ops::swap::<6>,
                SWAP7 => $crate::instructions::stack_ops::swap::<7>,
                SWAP8 => $crate::instructions::stack_ops::swap::<8>,
                SWAP9 => $crate::instructions::stack_ops::swap::<9>,
                SWAP10 => $crate::instructions::stack_ops::swap::<10>,
                SWAP11 => $crate::instructions::stack_ops::swap::<11>,
                SWAP12 => $crate::instructions::stack_ops::swap::<12>,
                SWAP13 => $crate::instructions::stack_ops::swap::<13>,
                SWAP14 => $crate::instructions::stack_ops::swap::<14>,
                SWAP15 => $crate::instructions::stack_ops::swap::<15>,
                SWAP16 => $crate::instructions::stack_ops::swap::<16>,
            ]
            [
                PUSH1 => 1, PUSH2 => 2, PUSH3 => 3, PUSH4 => 4, PUSH5 => 5, PUSH6 => 6, PUSH7 => 7, PUSH8 => 8,
                PUSH9 => 9, PUSH10 => 10, PUSH11 => 11, PUSH12 => 12, PUSH13 => 13, PUSH14 => 14, PUSH15 => 15,
                PUSH16 => 16, PUSH17 => 17, PUSH18 => 18, PUSH19 => 19, PUSH20 => 20, PUSH21 => 21, PUSH22 => 22,
                PUSH23 => 23, PUSH24 => 24, PUSH25 => 25, PUSH26 => 26, PUSH27 => 27, PUSH28 => 28, PUSH29 => 29,
                PUSH30 => 30, PUSH31 => 31, PUSH32 => 32,
            ]
        }
    };
}
pub(crate) use with_stack_only_ops;
