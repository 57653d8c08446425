//! The machine: its state, the execution loop, the CSRs and the delegations' memory plumbing.

use crate::decode::{decode, Instr, Op, SINK};
use crate::delegation::{blake2s, u256};
use crate::observe::{jump_kind, NoObserver, Observer};
use crate::{
    Access, DelegationError, SimError, TrapCause, BLAKE2S_CYCLE_WEIGHT, CSR_BLAKE2S, CSR_CYCLE,
    CSR_MARKER, CSR_NON_DETERMINISM, CSR_U256, MEMORY_SIZE, ROM_SIZE, U256_CYCLE_WEIGHT,
};

const MEMORY_WORDS: usize = (MEMORY_SIZE / 4) as usize;

/// Cycle counters of a run (or of a phase, see [`CycleCounts::since`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CycleCounts {
    /// Executed instructions (cycle markers excluded).
    pub raw: u64,
    /// Blake2s delegation calls (one round each).
    pub blake2s: u64,
    /// U256 delegation calls.
    pub bigint: u64,
}

impl CycleCounts {
    /// `raw + 16 × blake2s + 4 × bigint`, the zksync-os "effective cycles".
    pub fn effective(&self) -> u64 {
        self.raw + BLAKE2S_CYCLE_WEIGHT * self.blake2s + U256_CYCLE_WEIGHT * self.bigint
    }

    /// The counts accumulated between `earlier` and `self` (saturating at zero).
    pub fn since(&self, earlier: &CycleCounts) -> CycleCounts {
        CycleCounts {
            raw: self.raw.saturating_sub(earlier.raw),
            blake2s: self.blake2s.saturating_sub(earlier.blake2s),
            bigint: self.bigint.saturating_sub(earlier.bigint),
        }
    }
}

/// A cycle-marker event: `csrrw x0, 0x7FF, rs` executed when the counters stood at these values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The value of `rs` (0 for `x0`, Airbender's anonymous marker).
    pub value: u32,
    /// Raw cycles executed before the marker.
    pub raw_cycle: u64,
    /// Blake2s delegation calls before the marker.
    pub blake2s: u64,
    /// U256 delegation calls before the marker.
    pub bigint: u64,
}

impl Marker {
    /// The counters at the marker, for phase differences with [`CycleCounts::since`].
    pub fn counts(&self) -> CycleCounts {
        CycleCounts {
            raw: self.raw_cycle,
            blake2s: self.blake2s,
            bigint: self.bigint,
        }
    }
}

/// What a successful run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// `x10..=x17` when the program stopped.
    pub output: [u32; 8],
    /// Cycle counters of the whole run.
    pub cycles: CycleCounts,
    /// Cycle markers in execution order.
    pub markers: Vec<Marker>,
    /// Words the program sent to the host (`csrrw x0, 0x7C0, rs`), in order.
    pub host_writes: Vec<u32>,
    /// Number of tape words the program read.
    pub tape_words_read: usize,
    /// Address of the self-jump that ended the run.
    pub final_pc: u32,
    /// Counters at the moment each watched tape word (see [`Machine::watch_tape`]) was read, in order.
    /// Phases measured this way need no markers in the program, so the measured binary is the provable one.
    pub tape_marks: Vec<CycleCounts>,
}

/// Mutable machine state, split from the decoded code so the loop can borrow both.
struct State {
    /// `x0..x31`, then slot 32 that absorbs writes to `x0` (see `decode::SINK`), then padding so
    /// that any 6-bit index is in bounds.
    regs: [u32; 64],
    /// The whole address space as little-endian words; allocated zeroed, so the OS commits pages
    /// only when touched.
    mem: Vec<u32>,
    pc: u32,
    counts: CycleCounts,
    markers: Vec<Marker>,
    host_writes: Vec<u32>,
    tape_pos: usize,
    /// Sorted tape positions to take counter snapshots at, and the snapshots taken.
    watch: Vec<usize>,
    tape_marks: Vec<CycleCounts>,
}

/// An RV32IM machine loaded with one image, reusable for many runs.
pub struct Machine {
    image: Vec<u32>,
    code: Vec<Instr>,
    state: State,
    /// Memory has been written since the image was loaded.
    dirty: bool,
}

impl Machine {
    /// Builds a machine with `image` (a flat binary, loaded at address 0, entry at 0) in ROM.
    /// The image is padded with zero bytes to a whole number of words.
    pub fn new(image: &[u8]) -> Result<Machine, SimError> {
        if image.len() > ROM_SIZE as usize {
            return Err(SimError::ImageTooLarge { len: image.len() });
        }
        let words: Vec<u32> = image
            .chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                u32::from_le_bytes(b)
            })
            .collect();
        let code = words.iter().map(|&w| decode(w)).collect();
        let mut machine = Machine {
            image: words,
            code,
            state: State {
                regs: [0; 64],
                mem: Vec::new(),
                pc: 0,
                counts: CycleCounts::default(),
                markers: Vec::new(),
                host_writes: Vec::new(),
                tape_pos: 0,
                watch: Vec::new(),
                tape_marks: Vec::new(),
            },
            dirty: true,
        };
        machine.reset();
        Ok(machine)
    }

    /// Restores the initial state: pc 0, registers 0, RAM zeroed, counters cleared.
    fn reset(&mut self) {
        let st = &mut self.state;
        if self.dirty {
            drop(core::mem::take(&mut st.mem));
            st.mem = vec![0u32; MEMORY_WORDS];
            st.mem[..self.image.len()].copy_from_slice(&self.image);
            self.dirty = false;
        }
        st.regs = [0; 64];
        st.pc = 0;
        st.counts = CycleCounts::default();
        st.markers.clear();
        st.host_writes.clear();
        st.tape_pos = 0;
        st.tape_marks.clear();
    }

    /// Takes a counter snapshot whenever one of `positions` (tape word indexes) is read in later runs.
    pub fn watch_tape(&mut self, mut positions: Vec<usize>) {
        positions.sort_unstable();
        positions.dedup();
        self.state.watch = positions;
    }

    /// Runs the program from its initial state with the non-determinism `tape`, for at most
    /// `max_cycles` raw cycles. Every run starts afresh (RAM zeroed, registers cleared).
    ///
    /// After a failed run the accessors ([`Machine::pc`], [`Machine::registers`],
    /// [`Machine::cycles`], [`Machine::markers`], …) show the state at the failure.
    pub fn run(&mut self, tape: &[u32], max_cycles: u64) -> Result<RunResult, SimError> {
        self.run_observed(tape, max_cycles, &mut NoObserver)
    }

    /// [`Machine::run`] with `observer` told of every jump and watched tape read (see [`crate::observe`]).
    pub fn run_observed<O: Observer>(&mut self, tape: &[u32], max_cycles: u64, observer: &mut O) -> Result<RunResult, SimError> {
        self.reset();
        self.dirty = true;
        self.execute(tape, max_cycles, observer)?;
        let st = &self.state;
        let mut output = [0u32; 8];
        output.copy_from_slice(&st.regs[10..18]);
        Ok(RunResult {
            output,
            cycles: st.counts,
            markers: st.markers.clone(),
            host_writes: st.host_writes.clone(),
            tape_words_read: st.tape_pos,
            final_pc: st.pc,
            tape_marks: st.tape_marks.clone(),
        })
    }

    /// The pc: where the last run stopped (the self-jump, or the failing instruction).
    pub fn pc(&self) -> u32 {
        self.state.pc
    }

    /// Registers `x0..=x31`.
    pub fn registers(&self) -> [u32; 32] {
        let mut r = [0u32; 32];
        r.copy_from_slice(&self.state.regs[..32]);
        r
    }

    /// Cycle counters of the last run so far.
    pub fn cycles(&self) -> CycleCounts {
        self.state.counts
    }

    /// Cycle markers recorded by the last run.
    pub fn markers(&self) -> &[Marker] {
        &self.state.markers
    }

    /// Words the last run sent to the host.
    pub fn host_writes(&self) -> &[u32] {
        &self.state.host_writes
    }

    /// Tape words the last run read.
    pub fn tape_words_read(&self) -> usize {
        self.state.tape_pos
    }

    /// The memory word at `addr` (which must be 4-byte aligned and below 1 GiB).
    pub fn read_word(&self, addr: u32) -> Option<u32> {
        if addr & 3 != 0 {
            return None;
        }
        self.state.mem.get((addr >> 2) as usize).copied()
    }

    /// The execution loop. On return `state.pc` is the stopping (or failing) instruction.
    fn execute<O: Observer>(&mut self, tape: &[u32], max_cycles: u64, observer: &mut O) -> Result<(), SimError> {
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

impl State {
    /// `csrrw rd, csr, rs1`; `raw` already counts this instruction.
    #[inline(never)]
    fn csrrw(&mut self, pc: u32, ins: Instr, tape: &[u32], raw: &mut u64) -> Result<(), SimError> {
        let (rd, rs1, csr) = (ins.rd, ins.rs1, ins.imm);
        let plain = |ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(SimError::Trap {
                    pc,
                    cause: TrapCause::InvalidCsrOperands { csr, rd, rs1 },
                })
            }
        };
        let delegation = |error: DelegationError| SimError::Delegation { pc, csr, error };
        match csr {
            CSR_NON_DETERMINISM => {
                let out = self.regs[rs1 as usize];
                if rd != 0 {
                    let word = *tape.get(self.tape_pos).ok_or(SimError::TapeExhausted {
                        pc,
                        len: tape.len(),
                    })?;
                    if self.watch.get(self.tape_marks.len()) == Some(&self.tape_pos) {
                        let mut at = self.counts;
                        at.raw = *raw;
                        self.tape_marks.push(at);
                    }
                    self.tape_pos += 1;
                    self.regs[rd as usize] = word;
                }
                if rs1 != 0 {
                    self.host_writes.push(out);
                }
            }
            CSR_BLAKE2S => {
                plain(rd == 0 && rs1 == 0)?;
                self.blake2s().map_err(delegation)?;
                self.counts.blake2s += 1;
            }
            CSR_U256 => {
                plain(rd == 0 && rs1 == 0)?;
                self.u256().map_err(delegation)?;
                self.counts.bigint += 1;
            }
            CSR_MARKER => {
                plain(rd == 0)?;
                *raw -= 1;
                self.markers.push(Marker {
                    value: self.regs[rs1 as usize],
                    raw_cycle: *raw,
                    blake2s: self.counts.blake2s,
                    bigint: self.counts.bigint,
                });
            }
            CSR_CYCLE => return Err(SimError::ErrorExit { pc }),
            _ => {
                return Err(SimError::Trap {
                    pc,
                    cause: TrapCause::UnsupportedCsr { csr },
                })
            }
        }
        Ok(())
    }

    /// Validates a delegation pointer and returns its word index.
    fn pointer(&self, reg: u8, align: u32, words: usize) -> Result<usize, DelegationError> {
        let value = self.regs[reg as usize];
        if value < ROM_SIZE {
            return Err(DelegationError::PointerInRom { reg, value });
        }
        if !value.is_multiple_of(align) {
            return Err(DelegationError::MisalignedPointer { reg, value, align });
        }
        if value as u64 + 4 * words as u64 > MEMORY_SIZE as u64 {
            return Err(DelegationError::PointerOutOfMemory { reg, value });
        }
        Ok((value >> 2) as usize)
    }

    fn blake2s(&mut self) -> Result<(), DelegationError> {
        use blake2s::{INPUT_ALIGN, INPUT_WORDS, STATE_ALIGN, STATE_WORDS};
        let s = self.pointer(10, STATE_ALIGN, STATE_WORDS)?;
        let i = self.pointer(11, INPUT_ALIGN, INPUT_WORDS)?;
        if s < i + INPUT_WORDS && i < s + STATE_WORDS {
            return Err(DelegationError::OverlappingPointers {
                x10: self.regs[10],
                x11: self.regs[11],
            });
        }
        let mut state = [0u32; STATE_WORDS];
        state.copy_from_slice(&self.mem[s..s + STATE_WORDS]);
        let mut input = [0u32; INPUT_WORDS];
        input.copy_from_slice(&self.mem[i..i + INPUT_WORDS]);
        blake2s::blake2s_round(&mut state, &input, self.regs[12], self.regs[13])?;
        self.mem[s..s + STATE_WORDS].copy_from_slice(&state);
        Ok(())
    }

    fn u256(&mut self) -> Result<(), DelegationError> {
        use u256::{ALIGN, WORDS};
        let a = self.pointer(10, ALIGN, WORDS)?;
        let b = self.pointer(11, ALIGN, WORDS)?;
        if a == b {
            return Err(DelegationError::OverlappingPointers {
                x10: self.regs[10],
                x11: self.regs[11],
            });
        }
        let mut x = [0u32; WORDS];
        x.copy_from_slice(&self.mem[a..a + WORDS]);
        let mut y = [0u32; WORDS];
        y.copy_from_slice(&self.mem[b..b + WORDS]);
        let flag = u256::u256_op(&mut x, &y, self.regs[12])?;
        self.mem[a..a + WORDS].copy_from_slice(&x);
        self.regs[12] = flag as u32;
        Ok(())
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
