//! Decoding of RV32IM instruction words into a compact form executed by the machine loop.

/// The operation of a decoded instruction. Every encoding outside the supported set decodes to
/// [`Op::Illegal`], which traps only if executed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Op {
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    /// `csrrw`; `imm` holds the CSR number and `rd` the architectural destination register.
    Csrrw,
    /// Anything else; `imm` holds the instruction word.
    Illegal,
}

/// Register slot that absorbs writes to `x0`: decoding maps `rd = x0` of every register-writing
/// instruction here, so `x0` itself is never written and reads as zero without a check.
pub(crate) const SINK: u8 = 32;

/// A decoded instruction: 8 bytes, register indices already validated (< 64).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Instr {
    pub(crate) op: Op,
    pub(crate) rd: u8,
    pub(crate) rs1: u8,
    pub(crate) rs2: u8,
    pub(crate) imm: u32,
}

impl Instr {
    const fn illegal(word: u32) -> Self {
        Instr {
            op: Op::Illegal,
            rd: 0,
            rs1: 0,
            rs2: 0,
            imm: word,
        }
    }
}

#[inline]
fn i_imm(w: u32) -> u32 {
    ((w as i32) >> 20) as u32
}

#[inline]
fn s_imm(w: u32) -> u32 {
    ((((w as i32) >> 25) << 5) as u32) | ((w >> 7) & 0x1f)
}

#[inline]
fn b_imm(w: u32) -> u32 {
    ((((w as i32) >> 31) << 12) as u32)
        | (((w >> 7) & 1) << 11)
        | (((w >> 25) & 0x3f) << 5)
        | (((w >> 8) & 0xf) << 1)
}

#[inline]
fn j_imm(w: u32) -> u32 {
    ((((w as i32) >> 31) << 20) as u32)
        | (w & 0x000f_f000)
        | (((w >> 20) & 1) << 11)
        | (((w >> 21) & 0x3ff) << 1)
}

/// Decodes one instruction word.
pub(crate) fn decode(w: u32) -> Instr {
    let opcode = w & 0x7f;
    let rd_arch = ((w >> 7) & 0x1f) as u8;
    let rd = if rd_arch == 0 { SINK } else { rd_arch };
    let funct3 = (w >> 12) & 7;
    let rs1 = ((w >> 15) & 0x1f) as u8;
    let rs2 = ((w >> 20) & 0x1f) as u8;
    let funct7 = w >> 25;
    let mk = |op: Op, imm: u32| Instr {
        op,
        rd,
        rs1,
        rs2,
        imm,
    };
    match opcode {
        0b011_0111 => mk(Op::Lui, w & 0xffff_f000),
        0b001_0111 => mk(Op::Auipc, w & 0xffff_f000),
        0b110_1111 => mk(Op::Jal, j_imm(w)),
        0b110_0111 if funct3 == 0 => mk(Op::Jalr, i_imm(w)),
        0b110_0011 => {
            let op = match funct3 {
                0 => Op::Beq,
                1 => Op::Bne,
                4 => Op::Blt,
                5 => Op::Bge,
                6 => Op::Bltu,
                7 => Op::Bgeu,
                _ => return Instr::illegal(w),
            };
            Instr {
                op,
                rd: SINK,
                rs1,
                rs2,
                imm: b_imm(w),
            }
        }
        0b000_0011 => {
            let op = match funct3 {
                0 => Op::Lb,
                1 => Op::Lh,
                2 => Op::Lw,
                4 => Op::Lbu,
                5 => Op::Lhu,
                _ => return Instr::illegal(w),
            };
            mk(op, i_imm(w))
        }
        0b010_0011 => {
            let op = match funct3 {
                0 => Op::Sb,
                1 => Op::Sh,
                2 => Op::Sw,
                _ => return Instr::illegal(w),
            };
            Instr {
                op,
                rd: SINK,
                rs1,
                rs2,
                imm: s_imm(w),
            }
        }
        0b001_0011 => {
            let imm = i_imm(w);
            let shamt = (w >> 20) & 0x1f;
            let op = match (funct3, funct7) {
                (0, _) => Op::Addi,
                (2, _) => Op::Slti,
                (3, _) => Op::Sltiu,
                (4, _) => Op::Xori,
                (6, _) => Op::Ori,
                (7, _) => Op::Andi,
                (1, 0) => return mk(Op::Slli, shamt),
                (5, 0) => return mk(Op::Srli, shamt),
                (5, 0b010_0000) => return mk(Op::Srai, shamt),
                _ => return Instr::illegal(w),
            };
            mk(op, imm)
        }
        0b011_0011 => {
            let op = match (funct7, funct3) {
                (0, 0) => Op::Add,
                (0b010_0000, 0) => Op::Sub,
                (0, 1) => Op::Sll,
                (0, 2) => Op::Slt,
                (0, 3) => Op::Sltu,
                (0, 4) => Op::Xor,
                (0, 5) => Op::Srl,
                (0b010_0000, 5) => Op::Sra,
                (0, 6) => Op::Or,
                (0, 7) => Op::And,
                (1, 0) => Op::Mul,
                (1, 1) => Op::Mulh,
                (1, 2) => Op::Mulhsu,
                (1, 3) => Op::Mulhu,
                (1, 4) => Op::Div,
                (1, 5) => Op::Divu,
                (1, 6) => Op::Rem,
                (1, 7) => Op::Remu,
                _ => return Instr::illegal(w),
            };
            mk(op, 0)
        }
        0b111_0011 if funct3 == 1 => Instr {
            op: Op::Csrrw,
            rd: rd_arch,
            rs1,
            rs2: 0,
            imm: w >> 20,
        },
        _ => Instr::illegal(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immediates_sign_extend() {
        // addi x1, x0, -1
        assert_eq!(decode(0xfff0_0093).imm, u32::MAX);
        // sw x2, -4(x1)
        let s = decode(0xfe20_ae23);
        assert_eq!((s.op, s.imm, s.rs1, s.rs2), (Op::Sw, (-4i32) as u32, 1, 2));
        // beq x0, x0, -8
        let b = decode(0xfe00_0ce3);
        assert_eq!((b.op, b.imm), (Op::Beq, (-8i32) as u32));
        // jal x0, -2048
        let j = decode(0x801f_f06f);
        assert_eq!((j.op, j.imm, j.rd), (Op::Jal, (-2048i32) as u32, SINK));
    }

    #[test]
    fn rejects_outside_rv32im() {
        assert_eq!(decode(0).op, Op::Illegal);
        assert_eq!(decode(0x0000_0073).op, Op::Illegal); // ecall
        assert_eq!(decode(0x0ff0_000f).op, Op::Illegal); // fence
        assert_eq!(decode(0xc000_2573).op, Op::Illegal); // csrrs a0, cycle, x0
        assert_eq!(decode(0x6020_d093).op, Op::Illegal); // rori (Zbb)
    }
}
