//! Instruction semantics against the RISC-V unprivileged spec (RV32I + M).

mod common;
use common::*;
use zkos_simulator::{Machine, DEFAULT_MAX_CYCLES};

/// Machine computing `a0 = op(a1, a2)` with both operands from the tape.
fn binop_machine(op: fn(u32, u32, u32) -> u32) -> Machine {
    let mut asm = Asm::new();
    asm.read(A1).read(A2).op(op(A0, A1, A2)).halt();
    asm.machine()
}

fn check(name: &str, op: fn(u32, u32, u32) -> u32, cases: &[(u32, u32, u32)]) {
    let mut m = binop_machine(op);
    for &(a, b, want) in cases {
        let got = m.run(&[a, b], DEFAULT_MAX_CYCLES).unwrap().output[0];
        assert_eq!(
            got, want,
            "{name}({a:#x}, {b:#x}) = {got:#x}, want {want:#x}"
        );
    }
}

const MIN: u32 = 0x8000_0000;
const M1: u32 = u32::MAX; // -1

#[test]
fn add_sub_logic() {
    check(
        "add",
        add,
        &[(1, 2, 3), (M1, 1, 0), (MIN, MIN, 0), (0x7fff_ffff, 1, MIN)],
    );
    check("sub", sub, &[(3, 2, 1), (0, 1, M1), (MIN, 1, 0x7fff_ffff)]);
    check("xor", xor, &[(0xf0f0, 0xff00, 0x0ff0)]);
    check("or", or, &[(0xf0f0, 0xff00, 0xfff0)]);
    check("and", and, &[(0xf0f0, 0xff00, 0xf000)]);
    check(
        "slt",
        slt,
        &[(M1, 0, 1), (0, M1, 0), (MIN, 0x7fff_ffff, 1), (5, 5, 0)],
    );
    check(
        "sltu",
        sltu,
        &[(M1, 0, 0), (0, M1, 1), (4, 5, 1), (5, 5, 0)],
    );
}

#[test]
fn register_shifts_use_low_five_bits() {
    check(
        "sll",
        sll,
        &[(1, 31, MIN), (1, 32, 1), (3, 33, 6), (M1, 4, 0xffff_fff0)],
    );
    check(
        "srl",
        srl,
        &[(MIN, 31, 1), (MIN, 32, MIN), (M1, 4, 0x0fff_ffff)],
    );
    check(
        "sra",
        sra,
        &[
            (MIN, 31, M1),
            (MIN, 32, MIN),
            (0x7000_0000, 4, 0x0700_0000),
            (M1, 1, M1),
        ],
    );
}

#[test]
fn multiplication() {
    check(
        "mul",
        mul,
        &[
            (3, 4, 12),
            (M1, M1, 1),
            (MIN, 2, 0),
            (0x1234_5678, 0x9abc_def0, 0x242d_2080),
        ],
    );
    check(
        "mulh",
        mulh,
        &[
            (M1, M1, 0),
            (MIN, MIN, 0x4000_0000),
            (MIN, 1, M1),
            (2, 3, 0),
            (M1, 1, M1),
        ],
    );
    // signed × unsigned: -1 × (2^32 - 1) = -(2^32 - 1): high word -1.
    check(
        "mulhsu",
        mulhsu,
        &[
            (M1, M1, M1),
            (MIN, M1, 0x8000_0000),
            (1, M1, 0),
            (2, MIN, 1),
        ],
    );
    check(
        "mulhu",
        mulhu,
        &[(M1, M1, 0xffff_fffe), (MIN, 2, 1), (3, 4, 0)],
    );
}

#[test]
fn division_corner_cases() {
    // Division by zero: quotient all ones, remainder = dividend.
    check(
        "div",
        div,
        &[
            (7, 0, M1),
            (MIN, 0, M1),
            (7, 2, 3),
            ((-7i32) as u32, 2, (-3i32) as u32),
        ],
    );
    check("divu", divu, &[(7, 0, M1), (M1, 2, 0x7fff_ffff), (7, 2, 3)]);
    check(
        "rem",
        rem,
        &[
            (7, 0, 7),
            ((-7i32) as u32, 0, (-7i32) as u32),
            ((-7i32) as u32, 2, M1),
            (7, (-2i32) as u32, 1),
        ],
    );
    check("remu", remu, &[(7, 0, 7), (M1, 10, 5)]);
    // Signed overflow: -2^31 / -1 = -2^31, remainder 0.
    check("div overflow", div, &[(MIN, M1, MIN)]);
    check("rem overflow", rem, &[(MIN, M1, 0)]);
}

#[test]
fn immediates() {
    let out = output_of(
        &[
            addi(A0, ZERO, -1),
            slti(A1, A0, 0),
            sltiu(A2, ZERO, -1), // 0 < 0xffffffff unsigned
            xori(A3, A0, 0x0f0),
            ori(A4, ZERO, -2048),
            andi(A5, A0, 0x7ff),
            addi(A6, A0, 2),
            sltiu(A7, A0, -1), // 0xffffffff < 0xffffffff: no
            halt(),
        ],
        &[],
    );
    assert_eq!(out, [M1, 1, 1, !0x0f0, 0xffff_f800, 0x7ff, 1, 0]);
}

#[test]
fn immediate_shifts() {
    let mut asm = Asm::new();
    asm.li(T0, 0x8000_00f0)
        .op(slli(A0, T0, 4))
        .op(srli(A1, T0, 4))
        .op(srai(A2, T0, 4))
        .op(slli(A3, T0, 0))
        .op(srai(A4, T0, 31))
        .op(srli(A5, T0, 31))
        .halt();
    let out = asm.run(&[]).unwrap().output;
    assert_eq!(
        &out[..6],
        &[0x0000_0f00, 0x0800_000f, 0xf800_000f, 0x8000_00f0, M1, 1]
    );
}

#[test]
fn lui_auipc_and_x0() {
    let out = output_of(
        &[
            lui(A0, 0xfffff),    // pc 0
            auipc(A1, 1),        // pc 4 -> 0x1004
            auipc(A2, 0),        // pc 8 -> 8
            addi(ZERO, ZERO, 5), // writes to x0 are dropped
            add(A3, ZERO, ZERO),
            lui(ZERO, 0x12345),
            addi(A4, ZERO, 0),
            halt(),
        ],
        &[],
    );
    assert_eq!(&out[..5], &[0xffff_f000, 0x1004, 8, 0, 0]);
}

#[test]
fn branches_taken_and_not_taken() {
    // For each branch: a0 counts taken branches over a fixed pair of operands.
    type Br = fn(u32, u32, i32) -> u32;
    let cases: &[(&str, Br, u32, u32, bool)] = &[
        ("beq", beq, 5, 5, true),
        ("beq", beq, 5, 6, false),
        ("bne", bne, 5, 6, true),
        ("bne", bne, 5, 5, false),
        ("blt", blt, M1, 0, true),
        ("blt", blt, 0, M1, false),
        ("blt", blt, 3, 3, false),
        ("bge", bge, 0, M1, true),
        ("bge", bge, 3, 3, true),
        ("bge", bge, M1, 0, false),
        ("bltu", bltu, 0, M1, true),
        ("bltu", bltu, M1, 0, false),
        ("bgeu", bgeu, M1, 0, true),
        ("bgeu", bgeu, 3, 3, true),
        ("bgeu", bgeu, 0, M1, false),
    ];
    for &(name, br, x, y, taken) in cases {
        // read a1, a2; branch +8 over "a0 = 1"; a0 = 2 at target... so a0 = 1 iff not taken.
        let mut asm = Asm::new();
        asm.read(A1)
            .read(A2)
            .op(br(A1, A2, 12))
            .op(addi(A0, ZERO, 1))
            .halt()
            .op(addi(A0, ZERO, 2))
            .halt();
        let out = asm.run(&[x, y]).unwrap().output[0];
        assert_eq!(out == 2, taken, "{name}({x:#x}, {y:#x})");
    }
}

#[test]
fn backward_branch_loop() {
    // a0 = sum 1..=10 with a backward bne.
    let out = output_of(
        &[
            addi(T0, ZERO, 10),
            addi(A0, ZERO, 0),
            add(A0, A0, T0), // loop:
            addi(T0, T0, -1),
            bne(T0, ZERO, -8),
            halt(),
        ],
        &[],
    );
    assert_eq!(out[0], 55);
}

#[test]
fn jal_and_jalr_link_and_jump() {
    let out = output_of(
        &[
            jal(RA, 12),        // 0: call f at 12, ra = 4
            addi(A1, A0, 100),  // 4: a1 = a0 + 100
            jal(ZERO, 16),      // 8: -> 24
            addi(A0, ZERO, 7),  // 12: f: a0 = 7
            addi(A2, RA, 0),    // 16: a2 = ra
            jalr(ZERO, RA, 0),  // 20: ret
            addi(T0, ZERO, 41), // 24
            jalr(A3, T0, -9),   // 28: target (41 - 9) & !1 = 32, a3 = 32
            addi(A4, ZERO, 1),  // 32
            halt(),             // 36
        ],
        &[],
    );
    assert_eq!(&out[..5], &[7, 107, 4, 32, 1]);
}

#[test]
fn jalr_with_rd_equal_rs1_uses_old_value() {
    let out = output_of(&[addi(A0, ZERO, 12), jalr(A0, A0, 0), halt(), halt()], &[]);
    assert_eq!(out[0], 8);
}
