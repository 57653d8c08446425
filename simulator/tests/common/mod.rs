//! A tiny RV32IM encoder and program builder for hand-assembled test programs.
#![allow(dead_code, missing_docs)]

use zkos_simulator::{Machine, RunResult, SimError};

pub const ZERO: u32 = 0;
pub const RA: u32 = 1;
pub const SP: u32 = 2;
pub const T0: u32 = 5;
pub const T1: u32 = 6;
pub const T2: u32 = 7;
pub const S0: u32 = 8;
pub const S1: u32 = 9;
pub const A0: u32 = 10;
pub const A1: u32 = 11;
pub const A2: u32 = 12;
pub const A3: u32 = 13;
pub const A4: u32 = 14;
pub const A5: u32 = 15;
pub const A6: u32 = 16;
pub const A7: u32 = 17;
pub const T3: u32 = 28;
pub const T4: u32 = 29;
pub const T5: u32 = 30;
pub const T6: u32 = 31;

/// First RAM address.
pub const RAM: u32 = 2 << 20;

pub fn r(f7: u32, rs2: u32, rs1: u32, f3: u32, rd: u32, op: u32) -> u32 {
    (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op
}
pub fn i(imm: i32, rs1: u32, f3: u32, rd: u32, op: u32) -> u32 {
    assert!(
        (-2048..2048).contains(&imm),
        "I immediate {imm} out of range"
    );
    (((imm as u32) & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op
}
pub fn s(imm: i32, rs2: u32, rs1: u32, f3: u32) -> u32 {
    assert!((-2048..2048).contains(&imm));
    let imm = imm as u32;
    (((imm >> 5) & 0x7f) << 25)
        | (rs2 << 20)
        | (rs1 << 15)
        | (f3 << 12)
        | ((imm & 0x1f) << 7)
        | 0x23
}
pub fn b(imm: i32, rs2: u32, rs1: u32, f3: u32) -> u32 {
    assert!(imm % 2 == 0 && (-4096..4096).contains(&imm));
    let imm = imm as u32;
    (((imm >> 12) & 1) << 31)
        | (((imm >> 5) & 0x3f) << 25)
        | (rs2 << 20)
        | (rs1 << 15)
        | (f3 << 12)
        | (((imm >> 1) & 0xf) << 8)
        | (((imm >> 11) & 1) << 7)
        | 0x63
}
pub fn u(imm20: u32, rd: u32, op: u32) -> u32 {
    ((imm20 & 0xfffff) << 12) | (rd << 7) | op
}
pub fn jal(rd: u32, imm: i32) -> u32 {
    assert!(imm % 2 == 0 && (-(1 << 20)..(1 << 20)).contains(&imm));
    let imm = imm as u32;
    (((imm >> 20) & 1) << 31)
        | (((imm >> 1) & 0x3ff) << 21)
        | (((imm >> 11) & 1) << 20)
        | (((imm >> 12) & 0xff) << 12)
        | (rd << 7)
        | 0x6f
}

pub fn lui(rd: u32, imm20: u32) -> u32 {
    u(imm20, rd, 0x37)
}
pub fn auipc(rd: u32, imm20: u32) -> u32 {
    u(imm20, rd, 0x17)
}
pub fn jalr(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x67)
}
pub fn beq(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 0)
}
pub fn bne(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 1)
}
pub fn blt(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 4)
}
pub fn bge(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 5)
}
pub fn bltu(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 6)
}
pub fn bgeu(rs1: u32, rs2: u32, imm: i32) -> u32 {
    b(imm, rs2, rs1, 7)
}
pub fn lb(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x03)
}
pub fn lh(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 1, rd, 0x03)
}
pub fn lw(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 2, rd, 0x03)
}
pub fn lbu(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 4, rd, 0x03)
}
pub fn lhu(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 5, rd, 0x03)
}
pub fn sb(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 0)
}
pub fn sh(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 1)
}
pub fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 2)
}
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x13)
}
pub fn slti(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 2, rd, 0x13)
}
pub fn sltiu(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 3, rd, 0x13)
}
pub fn xori(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 4, rd, 0x13)
}
pub fn ori(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 6, rd, 0x13)
}
pub fn andi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 7, rd, 0x13)
}
pub fn slli(rd: u32, rs1: u32, sh: u32) -> u32 {
    r(0, sh, rs1, 1, rd, 0x13)
}
pub fn srli(rd: u32, rs1: u32, sh: u32) -> u32 {
    r(0, sh, rs1, 5, rd, 0x13)
}
pub fn srai(rd: u32, rs1: u32, sh: u32) -> u32 {
    r(0x20, sh, rs1, 5, rd, 0x13)
}
macro_rules! rtype {
    ($($name:ident = $f7:expr, $f3:expr;)*) => {$(
        pub fn $name(rd: u32, rs1: u32, rs2: u32) -> u32 { r($f7, rs2, rs1, $f3, rd, 0x33) }
    )*};
}
rtype! {
    add = 0, 0; sub = 0x20, 0; sll = 0, 1; slt = 0, 2; sltu = 0, 3; xor = 0, 4; srl = 0, 5;
    sra = 0x20, 5; or = 0, 6; and = 0, 7;
    mul = 1, 0; mulh = 1, 1; mulhsu = 1, 2; mulhu = 1, 3; div = 1, 4; divu = 1, 5; rem = 1, 6;
    remu = 1, 7;
}
pub fn csrrw(rd: u32, csr: u32, rs1: u32) -> u32 {
    (csr << 20) | (rs1 << 15) | (1 << 12) | (rd << 7) | 0x73
}
/// `j .`: the halting self-jump.
pub fn halt() -> u32 {
    jal(ZERO, 0)
}
pub const ECALL: u32 = 0x0000_0073;
pub const EBREAK: u32 = 0x0010_0073;
pub const FENCE: u32 = 0x0ff0_000f;
/// `unimp` = `csrrw x0, cycle, x0`, the error exit.
pub const UNIMP: u32 = 0xc000_1073;

/// `li rd, value` as `lui` + `addi` (two instructions, always).
pub fn li(rd: u32, value: u32) -> [u32; 2] {
    let lo = ((value << 20) as i32) >> 20;
    let hi = value.wrapping_sub(lo as u32) >> 12;
    [lui(rd, hi), addi(rd, rd, lo)]
}

/// A program under construction.
#[derive(Default, Clone)]
pub struct Asm {
    pub words: Vec<u32>,
}

impl Asm {
    pub fn new() -> Self {
        Self::default()
    }
    /// Byte offset of the next instruction.
    pub fn here(&self) -> i32 {
        4 * self.words.len() as i32
    }
    pub fn op(&mut self, w: u32) -> &mut Self {
        self.words.push(w);
        self
    }
    pub fn ops(&mut self, ws: &[u32]) -> &mut Self {
        self.words.extend_from_slice(ws);
        self
    }
    pub fn li(&mut self, rd: u32, value: u32) -> &mut Self {
        self.ops(&li(rd, value))
    }
    /// Reads one tape word into `rd`.
    pub fn read(&mut self, rd: u32) -> &mut Self {
        self.op(csrrw(rd, 0x7c0, ZERO))
    }
    /// Stores `words` at `addr` (uses t0 and t1).
    pub fn store_words(&mut self, addr: u32, words: &[u32]) -> &mut Self {
        self.li(T0, addr);
        for (k, &w) in words.iter().enumerate() {
            self.li(T1, w).op(sw(T1, T0, 4 * k as i32));
        }
        self
    }
    /// Loads the 8 words at `addr` into x10..=x17 (through t0) and halts.
    pub fn output_words_at(&mut self, addr: u32) -> &mut Self {
        self.li(T0, addr);
        for k in 0..8 {
            self.op(lw(A0 + k, T0, 4 * k as i32));
        }
        self.op(halt())
    }
    pub fn halt(&mut self) -> &mut Self {
        self.op(halt())
    }
    pub fn image(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
    pub fn machine(&self) -> Machine {
        Machine::new(&self.image()).expect("image fits")
    }
    pub fn run(&self, tape: &[u32]) -> Result<RunResult, SimError> {
        self.machine().run(tape, 1_000_000)
    }
}

/// Runs `words` and returns the output registers, panicking on failure.
pub fn output_of(words: &[u32], tape: &[u32]) -> [u32; 8] {
    let mut asm = Asm::new();
    asm.ops(words);
    match asm.run(tape) {
        Ok(r) => r.output,
        Err(e) => panic!("run failed: {e}"),
    }
}
