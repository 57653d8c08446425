//! Arithmetic, comparison and bit instructions: wrap-around, division by zero, two's complement corner
//! cases, the exact-precision ADDMOD/MULMOD, EXP's per-byte gas, SIGNEXTEND, BYTE and the EIP-145 shifts.
//!
//! Each case runs `push(c)? push(b) push(a) OP ret_top` (so `a` is the first operand, on top) and checks
//! the result word and the gas of OP alone: the transaction's gas minus 21 000 intrinsic, the pushes
//! (2 for PUSH0, 3 otherwise) and `ret_top` (13 on fresh memory).

use ee_api::{ExitStatus, HaltReason};
use primitives::U256;
use test_utils::{exec, Bytecode};
use zkos_ee_evm::opcodes::*;

fn push_gas(x: U256) -> u64 {
    if x.is_zero() {
        2
    } else {
        3
    }
}

/// Runs `OP` over `args` (first argument on top); returns the result and the gas OP itself used.
fn run(op: u8, args: &[U256]) -> (U256, u64) {
    let mut code = Bytecode::new();
    for arg in args.iter().rev() {
        code = code.push(*arg);
    }
    let r = exec(code.op(op).ret_top().into_vec(), vec![], 100_000);
    assert_eq!(r.status, ExitStatus::Success, "{}", zkos_ee_evm::opcodes::OP_INFO[op as usize].name);
    let pushes: u64 = args.iter().map(|a| push_gas(*a)).sum();
    (U256::from_be_slice(&r.output), r.gas_used - 21_000 - 13 - pushes)
}

fn u(n: u64) -> U256 {
    U256::from(n)
}

/// Two's complement `-n`.
fn neg(n: u64) -> U256 {
    U256::ZERO.wrapping_sub(u(n))
}

const MAX: U256 = U256::MAX;

fn min_signed() -> U256 {
    U256::from(1u8) << 255
}

#[test]
fn add_sub_mul_wrap_modulo_2_256() {
    assert_eq!(run(ADD, &[MAX, u(2)]), (u(1), 3));
    assert_eq!(run(SUB, &[u(0), u(1)]), (MAX, 3));
    assert_eq!(run(MUL, &[min_signed(), u(2)]), (u(0), 5));
    assert_eq!(run(MUL, &[MAX, MAX]), (u(1), 5));
}

#[test]
fn division_by_zero_gives_zero() {
    assert_eq!(run(DIV, &[u(7), u(0)]), (u(0), 5));
    assert_eq!(run(MOD, &[u(7), u(0)]), (u(0), 5));
    assert_eq!(run(SDIV, &[neg(7), u(0)]), (u(0), 5));
    assert_eq!(run(SMOD, &[neg(7), u(0)]), (u(0), 5));
}

#[test]
fn div_and_mod_agree_on_every_path() {
    // One-limb operands (machine division), power-of-two divisors (a shift or a mask) and the general long
    // division must all give the exact quotient and remainder.
    let p200 = U256::from(1u8) << 200;
    let cases = [
        (u(100), u(7), u(14), u(2)),
        (u(u64::MAX), u(u64::MAX), u(1), u(0)),
        (MAX, p200, (U256::from(1u8) << 56) - u(1), p200 - u(1)),
        (MAX, u(1), MAX, u(0)),
        (MAX, min_signed(), u(1), min_signed() - u(1)),
        (u(7), p200, u(0), u(7)),
        (MAX, u(3), MAX / u(3), u(0)),
        (u(7), MAX, u(0), u(7)),
        (MAX, p200 + u(1), MAX / (p200 + u(1)), MAX % (p200 + u(1))),
    ];
    for (a, b, quotient, remainder) in cases {
        assert_eq!(run(DIV, &[a, b]), (quotient, 5), "{a} / {b}");
        assert_eq!(run(MOD, &[a, b]), (remainder, 5), "{a} % {b}");
    }
    assert_eq!(MAX / u(3), U256::from_be_bytes([0x55; 32]));
}

#[test]
fn sdiv_truncates_toward_zero() {
    assert_eq!(run(SDIV, &[neg(8), u(3)]), (neg(2), 5));
    assert_eq!(run(SDIV, &[u(8), neg(3)]), (neg(2), 5));
    assert_eq!(run(SDIV, &[neg(8), neg(3)]), (u(2), 5));
    assert_eq!(run(DIV, &[neg(8), u(3)]).0, neg(8) / u(3));
}

#[test]
fn sdiv_of_min_by_minus_one_overflows_to_min() {
    assert_eq!(run(SDIV, &[min_signed(), neg(1)]), (min_signed(), 5));
}

#[test]
fn smod_result_takes_the_dividend_sign() {
    assert_eq!(run(SMOD, &[neg(8), u(3)]), (neg(2), 5));
    assert_eq!(run(SMOD, &[u(8), neg(3)]), (u(2), 5));
    assert_eq!(run(SMOD, &[min_signed(), neg(1)]), (u(0), 5));
    // Unsigned MOD sees -8 as 2^256 - 8 ≡ 2 (mod 3).
    assert_eq!(run(MOD, &[neg(8), u(3)]), (u(2), 5));
}

#[test]
fn addmod_and_mulmod_use_full_precision() {
    // (2^256 - 1 + 2) mod 3 = (2^256 + 1) mod 3 = 2; a wrapping sum would give 1.
    assert_eq!(run(ADDMOD, &[MAX, u(2), u(3)]), (u(2), 8));
    // (2^256 - 1)^2 mod 12 = 9; a wrapping product would give 1.
    assert_eq!(run(MULMOD, &[MAX, MAX, u(12)]), (u(9), 8));
    // A zero modulus gives zero.
    assert_eq!(run(ADDMOD, &[u(5), u(6), u(0)]), (u(0), 8));
    assert_eq!(run(MULMOD, &[u(5), u(6), u(0)]), (u(0), 8));
}

#[test]
fn exp_costs_fifty_per_exponent_byte() {
    // 10 static + 50 × byte length of the exponent.
    assert_eq!(run(EXP, &[u(2), u(0)]), (u(1), 10));
    assert_eq!(run(EXP, &[u(0), u(0)]), (u(1), 10));
    assert_eq!(run(EXP, &[u(2), u(255)]), (min_signed(), 60));
    assert_eq!(run(EXP, &[u(2), u(256)]), (u(0), 110));
    assert_eq!(run(EXP, &[neg(1), MAX]), (MAX, 10 + 50 * 32));
    assert_eq!(run(EXP, &[u(3), u(0x1_0000)]).1, 10 + 50 * 3);
}

#[test]
fn signextend_extends_from_the_given_byte() {
    assert_eq!(run(SIGNEXTEND, &[u(0), u(0xff)]), (MAX, 5));
    assert_eq!(run(SIGNEXTEND, &[u(0), u(0x7f)]), (u(0x7f), 5));
    // Byte 1 of 0x80ff is 0x80 (negative): ...ff80ff. Higher bits above byte 1 are replaced.
    assert_eq!(run(SIGNEXTEND, &[u(1), u(0x1_80ff)]).0, neg(0x7f01));
    assert_eq!(run(SIGNEXTEND, &[u(1), u(0xff_7fff)]).0, u(0x7fff));
    // Byte index 31 and beyond leave the value alone.
    assert_eq!(run(SIGNEXTEND, &[u(31), u(0x80)]), (u(0x80), 5));
    assert_eq!(run(SIGNEXTEND, &[MAX, u(0x80)]), (u(0x80), 5));
    assert_eq!(run(SIGNEXTEND, &[u(30), min_signed() >> 8]).0, MAX << 247);
}

#[test]
fn shl_and_shr_drop_bits_and_saturate_at_256() {
    // Operands: shift on top, then the value.
    assert_eq!(run(SHL, &[u(1), u(1)]), (u(2), 3));
    assert_eq!(run(SHL, &[u(255), u(1)]), (min_signed(), 3));
    assert_eq!(run(SHL, &[u(256), u(1)]), (u(0), 3));
    assert_eq!(run(SHL, &[u(1), MAX]), (MAX - u(1), 3));
    assert_eq!(run(SHR, &[u(255), min_signed()]), (u(1), 3));
    assert_eq!(run(SHR, &[u(256), MAX]), (u(0), 3));
    assert_eq!(run(SHR, &[MAX, MAX]), (u(0), 3));
}

#[test]
fn sar_fills_with_the_sign_bit() {
    assert_eq!(run(SAR, &[u(1), min_signed()]), (MAX << 254, 3));
    assert_eq!(run(SAR, &[u(255), min_signed()]), (MAX, 3));
    assert_eq!(run(SAR, &[u(256), neg(1)]), (MAX, 3));
    assert_eq!(run(SAR, &[MAX, neg(1)]), (MAX, 3));
    assert_eq!(run(SAR, &[u(4), neg(16)]), (neg(1), 3));
    assert_eq!(run(SAR, &[u(4), neg(17)]), (neg(2), 3));
    assert_eq!(run(SAR, &[u(256), u(0x7fff)]), (u(0), 3));
    assert_eq!(run(SAR, &[u(1), u(6)]), (u(3), 3));
}

#[test]
fn byte_indexes_from_the_most_significant_end() {
    let x = U256::from_be_bytes(core::array::from_fn::<u8, 32, _>(|i| i as u8 + 1));
    assert_eq!(run(BYTE, &[u(0), x]), (u(1), 3));
    assert_eq!(run(BYTE, &[u(31), x]), (u(32), 3));
    assert_eq!(run(BYTE, &[u(32), x]), (u(0), 3));
    assert_eq!(run(BYTE, &[MAX, x]), (u(0), 3));
}

#[test]
fn signed_and_unsigned_comparisons_differ_on_negative_numbers() {
    assert_eq!(run(SLT, &[neg(1), u(1)]), (u(1), 3));
    assert_eq!(run(LT, &[neg(1), u(1)]), (u(0), 3));
    assert_eq!(run(SGT, &[neg(1), u(1)]), (u(0), 3));
    assert_eq!(run(GT, &[neg(1), u(1)]), (u(1), 3));
    assert_eq!(run(SLT, &[min_signed(), MAX >> 1]), (u(1), 3));
    assert_eq!(run(SGT, &[neg(1), neg(2)]), (u(1), 3));
    assert_eq!(run(ISZERO, &[u(0)]), (u(1), 3));
    assert_eq!(run(NOT, &[u(0)]), (MAX, 3));
    assert_eq!(run(XOR, &[MAX, u(0xf0)]), (!u(0xf0), 3));
}

#[test]
fn arithmetic_with_missing_operand_underflows() {
    let r = exec(Bytecode::new().push(1).op(ADD).into_vec(), vec![], 50_000);
    assert_eq!(r.status, ExitStatus::Halt(HaltReason::StackUnderflow));
    assert_eq!(r.gas_used, 50_000);
}

#[test]
fn exp_out_of_gas_on_its_dynamic_part() {
    // PUSH32 exponent (3) PUSH1 2 (3) EXP (10 + 1600): a limit one short of that halts.
    let code = Bytecode::new().push(MAX).push(2).op(EXP).into_vec();
    let short = exec(code.clone(), vec![], 21_000 + 3 + 3 + 1_609);
    assert_eq!(short.status, ExitStatus::Halt(HaltReason::OutOfResources));
    let exact = exec(code, vec![], 21_000 + 3 + 3 + 1_610);
    assert_eq!(exact.status, ExitStatus::Success);
    assert_eq!(exact.gas_used, 21_000 + 1_616);
}
