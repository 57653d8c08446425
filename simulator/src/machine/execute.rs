//! The execution loop: each decoded instruction in turn, with the cycle limit, the observer's jumps, the
//! memory accesses and their faults; CSR accesses go to `csr.rs`. The trap constructors are cold.

use super::{CycleCounts, Machine};
use crate::decode::{Instr, Op, SINK};
use crate::observe::{jump_kind, Observer};
use crate::{Access, SimError, TrapCause, ROM_SIZE};

impl Machine {
    /// The execution loop. On return `state.pc` is the stopping (or failing) instruction.
    pub(super) fn execute<O: Observer>(&mut self, tape: &[u32], max_cycles: u64, observer: &mut O) -> Result<(), SimError> {
        let code: &[Instr] = &self.code;
        let st = &mut self.state;
        let mut pc = st.pc;
        let mut raw = st.counts.raw;
        let outcome = loop {
            if raw >= max_cycles {
                break Err(SimError::CycleLimit {
                    pc,
                    limit: max_cycles,
                });
            }
            // Jump targets are checked for alignment, so `pc` is always a multiple of 4 here.
            let Some(&ins) = code.get((pc >> 2) as usize) else {
                break Err(fetch_error(pc));
            };
            raw += 1;
            let rd = (ins.rd & 63) as usize;
            let rs1 = (ins.rs1 & 63) as usize;
            let rs2 = (ins.rs2 & 63) as usize;
            let imm = ins.imm;
            let regs = &mut st.regs;
            let next = pc.wrapping_add(4);
            match ins.op {
                Op::Lui => regs[rd] = imm,
                Op::Auipc => regs[rd] = pc.wrapping_add(imm),
                Op::Jal => {
                    let target = pc.wrapping_add(imm);
                    if target & 3 != 0 {
                        break Err(misaligned_jump(pc, target));
                    }
                    regs[rd] = next;
                    if target == pc {
                        break Ok(());
                    }
                    let at = CycleCounts { raw, ..st.counts };
                    observer.jump(pc, target, jump_kind(link(ins.rd), None, imm), &at);
                    pc = target;
                    continue;
                }
                Op::Jalr => {
                    let target = regs[rs1].wrapping_add(imm) & !1;
                    if target & 3 != 0 {
                        break Err(misaligned_jump(pc, target));
                    }
                    regs[rd] = next;
                    if target == pc {
                        break Ok(());
                    }
                    let at = CycleCounts { raw, ..st.counts };
                    observer.jump(pc, target, jump_kind(link(ins.rd), Some(ins.rs1), imm), &at);
                    pc = target;
                    continue;
                }
                Op::Beq | Op::Bne | Op::Blt | Op::Bge | Op::Bltu | Op::Bgeu => {
                    let (a, b) = (regs[rs1], regs[rs2]);
                    let taken = match ins.op {
                        Op::Beq => a == b,
                        Op::Bne => a != b,
                        Op::Blt => (a as i32) < (b as i32),
                        Op::Bge => (a as i32) >= (b as i32),
                        Op::Bltu => a < b,
                        _ => a >= b,
                    };
                    if taken {
                        let target = pc.wrapping_add(imm);
                        if target & 3 != 0 {
                            break Err(misaligned_jump(pc, target));
                        }
                        if target == pc {
                            break Ok(());
                        }
                        pc = target;
                        continue;
                    }
                }
                Op::Lw => {
                    let addr = regs[rs1].wrapping_add(imm);
                    if addr & 3 != 0 {
                        break Err(misaligned_load(pc, addr));
                    }
                    match st.mem.get((addr >> 2) as usize) {
                        Some(&w) => regs[rd] = w,
                        None => break Err(access_fault(pc, addr, Access::Load)),
                    }
                }
                Op::Lh | Op::Lhu => {
                    let addr = regs[rs1].wrapping_add(imm);
                    if addr & 1 != 0 {
                        break Err(misaligned_load(pc, addr));
                    }
                    let Some(&w) = st.mem.get((addr >> 2) as usize) else {
                        break Err(access_fault(pc, addr, Access::Load));
                    };
                    let half = (w >> ((addr & 2) * 8)) as u16;
                    regs[rd] = if ins.op == Op::Lh {
                        half as i16 as i32 as u32
                    } else {
                        half as u32
                    };
                }
                Op::Lb | Op::Lbu => {
                    let addr = regs[rs1].wrapping_add(imm);
                    let Some(&w) = st.mem.get((addr >> 2) as usize) else {
                        break Err(access_fault(pc, addr, Access::Load));
                    };
                    let byte = (w >> ((addr & 3) * 8)) as u8;
                    regs[rd] = if ins.op == Op::Lb {
                        byte as i8 as i32 as u32
                    } else {
                        byte as u32
                    };
                }
                Op::Sw => {
                    let addr = regs[rs1].wrapping_add(imm);
                    if addr & 3 != 0 {
                        break Err(misaligned_store(pc, addr));
                    }
                    match st.mem.get_mut((addr >> 2) as usize) {
                        Some(w) if addr >= ROM_SIZE => *w = regs[rs2],
                        _ => break Err(access_fault(pc, addr, Access::Store)),
                    }
                }
                Op::Sh => {
                    let addr = regs[rs1].wrapping_add(imm);
                    if addr & 1 != 0 {
                        break Err(misaligned_store(pc, addr));
                    }
                    match st.mem.get_mut((addr >> 2) as usize) {
                        Some(w) if addr >= ROM_SIZE => {
                            let shift = (addr & 2) * 8;
                            *w = (*w & !(0xffff << shift)) | ((regs[rs2] & 0xffff) << shift);
                        }
                        _ => break Err(access_fault(pc, addr, Access::Store)),
                    }
                }
                Op::Sb => {
                    let addr = regs[rs1].wrapping_add(imm);
                    match st.mem.get_mut((addr >> 2) as usize) {
                        Some(w) if addr >= ROM_SIZE => {
                            let shift = (addr & 3) * 8;
                            *w = (*w & !(0xff << shift)) | ((regs[rs2] & 0xff) << shift);
                        }
                        _ => break Err(access_fault(pc, addr, Access::Store)),
                    }
                }
                Op::Addi => regs[rd] = regs[rs1].wrapping_add(imm),
                Op::Slti => regs[rd] = ((regs[rs1] as i32) < (imm as i32)) as u32,
                Op::Sltiu => regs[rd] = (regs[rs1] < imm) as u32,
                Op::Xori => regs[rd] = regs[rs1] ^ imm,
                Op::Ori => regs[rd] = regs[rs1] | imm,
                Op::Andi => regs[rd] = regs[rs1] & imm,
                Op::Slli => regs[rd] = regs[rs1] << (imm & 31),
                Op::Srli => regs[rd] = regs[rs1] >> (imm & 31),
                Op::Srai => regs[rd] = ((regs[rs1] as i32) >> (imm & 31)) as u32,
                Op::Add => regs[rd] = regs[rs1].wrapping_add(regs[rs2]),
                Op::Sub => regs[rd] = regs[rs1].wrapping_sub(regs[rs2]),
                Op::Sll => regs[rd] = regs[rs1] << (regs[rs2] & 31),
                Op::Slt => regs[rd] = ((regs[rs1] as i32) < (regs[rs2] as i32)) as u32,
                Op::Sltu => regs[rd] = (regs[rs1] < regs[rs2]) as u32,
                Op::Xor => regs[rd] = regs[rs1] ^ regs[rs2],
                Op::Srl => regs[rd] = regs[rs1] >> (regs[rs2] & 31),
                Op::Sra => regs[rd] = ((regs[rs1] as i32) >> (regs[rs2] & 31)) as u32,
                Op::Or => regs[rd] = regs[rs1] | regs[rs2],
                Op::And => regs[rd] = regs[rs1] & regs[rs2],
                Op::Mul => regs[rd] = regs[rs1].wrapping_mul(regs[rs2]),
                Op::Mulh => {
                    let p = regs[rs1] as i32 as i64 * regs[rs2] as i32 as i64;
                    regs[rd] = (p >> 32) as u32;
                }
                Op::Mulhsu => {
                    let p = regs[rs1] as i32 as i64 * regs[rs2] as i64;
                    regs[rd] = (p >> 32) as u32;
                }
                Op::Mulhu => {
                    let p = regs[rs1] as u64 * regs[rs2] as u64;
                    regs[rd] = (p >> 32) as u32;
                }
                Op::Div => {
                    let (a, b) = (regs[rs1] as i32, regs[rs2] as i32);
                    regs[rd] = if b == 0 {
                        u32::MAX
                    } else {
                        a.wrapping_div(b) as u32
                    };
                }
                Op::Divu => {
                    let (a, b) = (regs[rs1], regs[rs2]);
                    regs[rd] = a.checked_div(b).unwrap_or(u32::MAX);
                }
                Op::Rem => {
                    let (a, b) = (regs[rs1] as i32, regs[rs2] as i32);
                    regs[rd] = if b == 0 {
                        a as u32
                    } else {
                        a.wrapping_rem(b) as u32
                    };
                }
                Op::Remu => {
                    let (a, b) = (regs[rs1], regs[rs2]);
                    regs[rd] = if b == 0 { a } else { a % b };
                }
                Op::Csrrw => {
                    let marks = st.tape_marks.len();
                    if let Err(e) = st.csrrw(pc, ins, tape, &mut raw) {
                        break Err(e);
                    }
                    if st.tape_marks.len() != marks {
                        if let Some(at) = st.tape_marks.last() {
                            observer.tape_mark(at);
                        }
                    }
                }
                Op::Illegal => break Err(illegal(pc, imm)),
            }
            pc = next;
        };
        st.pc = pc;
        st.counts.raw = raw;
        outcome
    }
}

/// The architectural link register of a decoded jump (decoding maps `x0` to the sink slot).
fn link(rd: u8) -> u8 {
    if rd == SINK {
        0
    } else {
        rd
    }
}

#[cold]
#[inline(never)]
fn fetch_error(pc: u32) -> SimError {
    if pc < ROM_SIZE {
        // The ROM past the image reads as zero, which is not an instruction.
        SimError::Trap {
            pc,
            cause: TrapCause::IllegalInstruction { word: 0 },
        }
    } else {
        SimError::Fault {
            pc,
            addr: pc,
            access: Access::Fetch,
        }
    }
}

#[cold]
#[inline(never)]
fn misaligned_jump(pc: u32, target: u32) -> SimError {
    SimError::Trap {
        pc,
        cause: TrapCause::InstructionAddressMisaligned { target },
    }
}

#[cold]
#[inline(never)]
fn misaligned_load(pc: u32, addr: u32) -> SimError {
    SimError::Trap {
        pc,
        cause: TrapCause::LoadAddressMisaligned { addr },
    }
}

#[cold]
#[inline(never)]
fn misaligned_store(pc: u32, addr: u32) -> SimError {
    SimError::Trap {
        pc,
        cause: TrapCause::StoreAddressMisaligned { addr },
    }
}

#[cold]
#[inline(never)]
fn access_fault(pc: u32, addr: u32, access: Access) -> SimError {
    SimError::Fault { pc, addr, access }
}

#[cold]
#[inline(never)]
fn illegal(pc: u32, word: u32) -> SimError {
    let cause = match word {
        0x0000_0073 => TrapCause::EnvironmentCall,
        0x0010_0073 => TrapCause::Breakpoint,
        w if w & 0x7f == 0x73 && (w >> 12) & 7 != 0 => {
            TrapCause::UnsupportedCsrInstruction { word }
        }
        _ => TrapCause::IllegalInstruction { word },
    };
    SimError::Trap { pc, cause }
}
